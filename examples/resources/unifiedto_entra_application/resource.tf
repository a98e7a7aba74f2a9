# The multitenant app registration Unified.to signs your customers in with.
resource "unifiedto_entra_application" "dynamics" {
  display_name = "Acme CRM sync (Unified.to)"
  description  = "Lets Unified.to reach customers' Microsoft Dynamics 365 for Acme"
  tags         = ["unified.to", "dynamics365"]

  # What your customers' users and administrators see before they grant access.
  homepage_url          = "https://acme.example"
  privacy_statement_url = "https://acme.example/privacy"
  terms_of_service_url  = "https://acme.example/terms"
  support_url           = "https://acme.example/support"
  logo_image            = filebase64("${path.module}/logo.png") # PNG, JPEG or GIF, at most 100 KB
}

output "client_id" {
  description = "What Unified.to and the portal call the Application (client) ID."
  value       = unifiedto_entra_application.dynamics.client_id
}

output "admin_consent_url" {
  description = "Send this to a customer's administrator to consent once for their whole tenant."
  value       = provider::unifiedto::admin_consent_url(unifiedto_entra_application.dynamics.client_id, "organizations")
}
