# Hand the Entra app's credentials to Unified.to's Dynamics 365 Sales
# integration. The secret is write-only (Terraform 1.11+): it goes to
# Unified.to but never into this resource's state or plan. When the Entra
# secret rotates, its key_id changes, and that sends the new secret.
resource "unifiedto_workspace_integration" "dynamics" {
  integration_type         = "microsoftdynamicssales"
  client_id                = unifiedto_entra_application.dynamics.client_id
  client_secret_wo         = unifiedto_entra_client_secret.dynamics.value
  client_secret_wo_version = unifiedto_entra_client_secret.dynamics.key_id

  # Unified.to scopes requested when an authorization URL names none;
  # checked at plan time against Unified.to's published list.
  permissions = ["crm_contact_read", "crm_deal_read"]
}

# On Terraform older than 1.11, use client_secret instead (kept, sensitive,
# in state; a replaced secret changes it and so reaches Unified.to):
#
# resource "unifiedto_workspace_integration" "dynamics" {
#   integration_type = "microsoftdynamicssales"
#   client_id        = unifiedto_entra_application.dynamics.client_id
#   client_secret    = unifiedto_entra_client_secret.dynamics.value
# }
