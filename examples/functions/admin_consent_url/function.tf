# Terraform 1.8 or later. The link to send a customer's administrator, who
# consents once for their whole tenant when they connect through Unified.to:
output "admin_consent_url" {
  value = provider::unifiedto::admin_consent_url(unifiedto_entra_application.dynamics.client_id, "contoso.onmicrosoft.com")
}

# A customer in another Microsoft cloud (functions do not see the provider's environment):
output "admin_consent_url_usgov" {
  value = provider::unifiedto::admin_consent_url(unifiedto_entra_application.dynamics.client_id, "contoso.onmicrosoft.us", "usgovernment")
}
