# Recommended: the provider mints the client secret on the Entra
# application and hands it straight to Unified.to. Its value is kept in no
# state, plan, log or output; state keeps its key id, hint and dates.
resource "unifiedto_workspace_integration" "dynamics" {
  integration_type = "microsoftdynamicssales"
  client_id        = unifiedto_entra_application.dynamics.client_id

  # Unified.to scopes requested when an authorization URL names none;
  # checked at plan time against Unified.to's published list.
  permissions = ["crm_contact_read", "crm_deal_read"]

  entra_client_secret {
    application_object_id = unifiedto_entra_application.dynamics.object_id
    end_date_relative     = "8760h" # a year
    renew_before          = "720h"  # rotated within 30 days of expiry
  }
}

# Alternatively (not beside the one above: Unified.to keeps one configuration
# per integration and environment), when the value is needed elsewhere too: a separate
# unifiedto_entra_client_secret (its value is kept, sensitive, in that
# resource's state), passed write-only. The secret is write-only (Terraform 1.11+): it goes to
# Unified.to but never into this resource's state or plan. When the Entra
# secret rotates, its key_id changes, and that sends the new secret.
resource "unifiedto_workspace_integration" "from_secret_resource" {
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
