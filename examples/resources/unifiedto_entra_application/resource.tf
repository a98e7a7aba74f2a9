# The multitenant app registration Unified.to signs your customers in with.
resource "unifiedto_entra_application" "dynamics" {
  display_name = "Acme CRM sync (Unified.to)"
  description  = "Lets Unified.to reach customers' Microsoft Dynamics 365 for Acme"
  tags         = ["unified.to", "dynamics365"]
}

output "client_id" {
  description = "What Unified.to and the portal call the Application (client) ID."
  value       = unifiedto_entra_application.dynamics.client_id
}
