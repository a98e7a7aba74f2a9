resource "unifiedto_entra_application" "dynamics" {
  display_name = "Acme CRM sync (Unified.to)"
}

# The application's whole list of Web redirect URIs: a URI added in the
# portal shows in the next plan, and apply removes it.
resource "unifiedto_entra_redirect_uris" "dynamics" {
  application_object_id = unifiedto_entra_application.dynamics.object_id

  # https://api-eu.unified.to/oauth/code
  unified_regions = ["eu"]

  # Optional: a custom Unified.to API domain, a local test app.
  redirect_uris = [
    "https://unified.acme.example/oauth/code",
    "http://localhost:3000/oauth/callback",
  ]
}

output "redirect_uris" {
  value = unifiedto_entra_redirect_uris.dynamics.all_redirect_uris
}
