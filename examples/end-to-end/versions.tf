terraform {
  # Write-only attributes (client_secret_wo) need Terraform 1.11.
  required_version = ">= 1.11"
  required_providers {
    unifiedto = {
      source = "unifiedto-community/unifiedto"
    }
  }
}
