# Entra ID sign-in comes from the same ARM_* environment variables the
# azuread and msgraph providers use (ARM_TENANT_ID, ARM_CLIENT_ID and
# ARM_CLIENT_SECRET, or OIDC in CI, a managed identity, or the Azure CLI).
# The Unified.to API token comes from UNIFIED_API_TOKEN.
provider "unifiedto" {
  unified_region = "eu"
}
