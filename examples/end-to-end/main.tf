# Unified.to's guide "How to get your OAuth 2 credentials for Microsoft
# Dynamics 365", as code.

variable "display_name" {
  description = "Name of the app registration, shown on your customers' consent screen."
  type        = string
  default     = "Acme CRM sync (Unified.to)"
}

provider "unifiedto" {}

# Step 1: register a multitenant application.
resource "unifiedto_entra_application" "dynamics" {
  display_name = var.display_name
}

output "client_id" {
  description = "Application (client) ID: what Unified.to needs."
  value       = unifiedto_entra_application.dynamics.client_id
}

output "object_id" {
  description = "Object ID: what Microsoft Graph addresses the app registration by."
  value       = unifiedto_entra_application.dynamics.object_id
}
