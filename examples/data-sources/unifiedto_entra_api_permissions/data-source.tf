# Permission ids by name. Published ones (dynamics_crm, microsoft_graph's
# openid, email, offline_access, profile, User.Read) need no Graph call;
# customer_insights and any other API are read from the tenant.
data "unifiedto_entra_api_permissions" "customer_insights" {
  api = "customer_insights"
}

# For example, with azuread's app registration:
resource "azuread_application_api_access" "customer_insights" {
  application_id = azuread_application.dynamics.id
  api_client_id  = data.unifiedto_entra_api_permissions.customer_insights.api_client_id
  scope_ids      = [data.unifiedto_entra_api_permissions.customer_insights.scope_ids["user_impersonation"]]
}
