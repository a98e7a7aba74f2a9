# Which Microsoft CRM integrations does Unified.to offer?
data "unifiedto_integrations" "crm" {
  categories = ["crm"]
}

output "microsoft_crm_integrations" {
  value = [for t in data.unifiedto_integrations.crm.types : t if startswith(t, "microsoft")]
}
