# Terraform 1.8 or later. The Entra redirect URI of a Unified.to region:
output "redirect_uri" {
  value = provider::unifiedto::oauth_redirect_uri("au") # https://api-au.unified.to/oauth/code
}
