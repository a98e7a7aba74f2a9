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

# Enter the client id and a client secret in Unified.to. The provider mints
# the secret itself (Graph addPassword) and hands it straight to Unified.to:
# its value is kept in no state, plan, log or output; state keeps its key
# id, hint and dates. A year's lifetime, renewed within 30 days of expiry:
# the new secret is added, written to Unified.to, and only then is the old
# one removed.
resource "unifiedto_workspace_integration" "dynamics" {
  integration_type = var.dynamics_api == "dynamics_crm" ? "microsoftdynamicssales" : "microsoftdynamicscustomerinsightsjourneys"
  client_id        = unifiedto_entra_application.dynamics.client_id

  entra_client_secret {
    application_object_id = unifiedto_entra_application.dynamics.object_id
    end_date_relative     = "8760h"
    renew_before          = "720h"
  }

  # Permissions first, so the integration is usable the moment it is active.
  depends_on = [unifiedto_entra_redirect_uris.dynamics, unifiedto_entra_api_access.graph, unifiedto_entra_api_access.dynamics]
}

# If you need the secret's value elsewhere too, use a separate
# unifiedto_entra_client_secret (its value is then kept, sensitive, in that
# resource's state) and pass it write-only instead of the block:
#   client_secret_wo         = unifiedto_entra_client_secret.dynamics.value
#   client_secret_wo_version = unifiedto_entra_client_secret.dynamics.key_id
