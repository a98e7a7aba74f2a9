# The URLs of a Unified.to region, computed offline: for app registrations
# managed with another provider, such as azuread.
data "unifiedto_region" "eu" {
  region = "eu"
}

resource "azuread_application_redirect_uris" "unified" {
  application_id = azuread_application.dynamics.id
  type           = "Web"
  redirect_uris  = [data.unifiedto_region.eu.oauth_redirect_uri] # https://api-eu.unified.to/oauth/code
}

output "dashboard" {
  value = data.unifiedto_region.eu.dashboard_url # https://app-eu.unified.to
}
