# Rotate the secret every eleven months. It lives a year, so the old secret
# is still valid while Unified.to switches to the new one.
resource "time_rotating" "unified_secret" {
  rotation_months = 11
}

resource "unifiedto_entra_client_secret" "dynamics" {
  application_object_id = unifiedto_entra_application.dynamics.object_id
  display_name          = "unified.to"
  end_date_relative     = "8760h" # a year from creation
  renew_before          = "720h"  # a safety net: plan a replacement, with a warning, 30 days before expiry

  # Any change to this map replaces the secret.
  rotate_when_changed = {
    rotation = time_rotating.unified_secret.id
  }

  # Add the new secret, and hand it to Unified.to, before removing the old
  # one: there is a valid secret at every moment of a rotation.
  lifecycle {
    create_before_destroy = true
  }
}

# The secret goes to Unified.to write-only; key_id changes with every
# rotation and makes the integration send the new secret.
resource "unifiedto_workspace_integration" "dynamics" {
  integration_type         = "microsoftdynamicssales"
  client_id                = unifiedto_entra_application.dynamics.client_id
  client_secret_wo         = unifiedto_entra_client_secret.dynamics.value
  client_secret_wo_version = unifiedto_entra_client_secret.dynamics.key_id
}
