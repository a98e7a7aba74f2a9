terraform {
  required_version = ">= 1.5"
  required_providers {
    unifiedto = {
      source = "unifiedto-community/unifiedto"
    }
  }
}
