# Unified.to's guide "How to get your OAuth 2 credentials for Microsoft
# Dynamics 365", every step as code, in one apply.

variable "display_name" {
  description = "Name of the app registration, shown on your customers' consent screen."
  type        = string
  default     = "Acme CRM sync (Unified.to)"
}

variable "unified_region" {
  description = "Region of your Unified.to workspace: us, eu or au."
  type        = string
  default     = "eu"
}

variable "dynamics_api" {
  description = "dynamics_crm for Dynamics 365 Sales, customer_insights for Customer Engagement."
  type        = string
  default     = "dynamics_crm"
}

provider "unifiedto" {
  unified_region = var.unified_region
}

# Register an application: multitenant by default.
resource "unifiedto_entra_application" "dynamics" {
  display_name = var.display_name
}

# Redirect URI: Web platform, the workspace region's /oauth/code.
resource "unifiedto_entra_redirect_uris" "dynamics" {
  application_object_id = unifiedto_entra_application.dynamics.object_id
  unified_regions       = [var.unified_region]
}

# Microsoft Graph delegated permissions, to learn who the user is.
resource "unifiedto_entra_api_access" "graph" {
  application_object_id = unifiedto_entra_application.dynamics.object_id
  api                   = "microsoft_graph"
  scopes                = ["openid", "email", "offline_access"]
}

# The Dynamics API's delegated permission.
resource "unifiedto_entra_api_access" "dynamics" {
  application_object_id = unifiedto_entra_application.dynamics.object_id
  api                   = var.dynamics_api
  scopes                = ["user_impersonation"]
}

# A client secret for a year. create_before_destroy keeps a valid secret at
# every moment of a rotation.
resource "unifiedto_entra_client_secret" "dynamics" {
  application_object_id = unifiedto_entra_application.dynamics.object_id
  display_name          = "unified.to"
  end_date_relative     = "8760h"
  renew_before          = "720h"

  lifecycle {
    create_before_destroy = true
  }
}

# Enter the client id and secret in Unified.to. The secret is write-only:
# it never lands in state; its key id sends a rotated one.
resource "unifiedto_workspace_integration" "dynamics" {
  integration_type         = var.dynamics_api == "dynamics_crm" ? "microsoftdynamicssales" : "microsoftdynamicscustomerinsightsjourneys"
  client_id                = unifiedto_entra_application.dynamics.client_id
  client_secret_wo         = unifiedto_entra_client_secret.dynamics.value
  client_secret_wo_version = unifiedto_entra_client_secret.dynamics.key_id

  # Permissions first, so the integration is usable the moment it is active.
  depends_on = [unifiedto_entra_redirect_uris.dynamics, unifiedto_entra_api_access.graph, unifiedto_entra_api_access.dynamics]
}
