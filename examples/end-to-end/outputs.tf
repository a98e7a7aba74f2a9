output "client_id" {
  description = "Application (client) ID: what Unified.to holds."
  value       = unifiedto_entra_application.dynamics.client_id
}

output "object_id" {
  description = "Object ID: what Microsoft Graph addresses the app registration by."
  value       = unifiedto_entra_application.dynamics.object_id
}

output "redirect_uris" {
  value = unifiedto_entra_redirect_uris.dynamics.all_redirect_uris
}

output "secret_expires" {
  value = unifiedto_workspace_integration.dynamics.entra_client_secret.end_date
}

output "integration_active" {
  value = unifiedto_workspace_integration.dynamics.is_active
}

output "dashboard_url" {
  value = unifiedto_workspace_integration.dynamics.dashboard_url
}
