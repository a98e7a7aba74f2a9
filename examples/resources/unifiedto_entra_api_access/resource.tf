resource "unifiedto_entra_application" "dynamics" {
  display_name = "Acme CRM sync (Unified.to)"
}

# Sign-in and refresh tokens, as Unified.to needs them.
resource "unifiedto_entra_api_access" "graph" {
  application_object_id = unifiedto_entra_application.dynamics.object_id
  api                   = "microsoft_graph"
  scopes                = ["openid", "email", "offline_access"]
}

# Dynamics 365 Sales (Dataverse).
resource "unifiedto_entra_api_access" "dynamics" {
  application_object_id = unifiedto_entra_application.dynamics.object_id
  api                   = "dynamics_crm"
  scopes                = ["user_impersonation"]
}

# Dynamics 365 Customer Insights: its scope id is read from the tenant's
# service principal at plan time (az ad sp create --id 38c77d00-5fcb-4cce-9d93-af4738258e3c
# adds it to a tenant that lacks it).
resource "unifiedto_entra_api_access" "customer_insights" {
  application_object_id = unifiedto_entra_application.dynamics.object_id
  api                   = "customer_insights"
  scopes                = ["user_impersonation"]
}

output "dynamics_scope_ids" {
  value = unifiedto_entra_api_access.dynamics.scope_ids
}
