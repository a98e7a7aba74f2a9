# `terraform test` for the end-to-end module, offline: mock_provider answers
# for the provider (Terraform still loads the provider for its schema, but no
# request reaches Microsoft Graph or Unified.to). The assertions check the
# module's own wiring: which of the application's two ids goes where, which
# Unified.to integration the API choice selects, and that a rotated secret
# is minted for the right application. Run with `make tftest`; the guide "Testing your modules"
# explains how to run it on your own modules.

mock_provider "unifiedto" {
  # Fixed ids instead of random strings, so that assertions can tell the
  # object id from the client id.
  mock_resource "unifiedto_entra_application" {
    defaults = {
      object_id = "0b1c2d3e-0000-4000-8000-00000000a001"
      client_id = "c1c2c3c4-0000-4000-8000-00000000c001"
    }
  }
}

run "sales_in_the_eu_region" {
  # The module's defaults: Dynamics 365 Sales, eu.

  assert {
    condition     = unifiedto_workspace_integration.dynamics.integration_type == "microsoftdynamicssales"
    error_message = "dynamics_crm must select Unified.to's microsoftdynamicssales integration."
  }
  assert {
    condition     = unifiedto_workspace_integration.dynamics.client_id == "c1c2c3c4-0000-4000-8000-00000000c001"
    error_message = "Unified.to must receive the application's client id, not its object id."
  }
  assert {
    condition = alltrue([
      unifiedto_entra_redirect_uris.dynamics.application_object_id == "0b1c2d3e-0000-4000-8000-00000000a001",
      unifiedto_entra_api_access.graph.application_object_id == "0b1c2d3e-0000-4000-8000-00000000a001",
      unifiedto_entra_api_access.dynamics.application_object_id == "0b1c2d3e-0000-4000-8000-00000000a001",
      unifiedto_workspace_integration.dynamics.entra_client_secret.application_object_id == "0b1c2d3e-0000-4000-8000-00000000a001",
    ])
    error_message = "Every Entra resource must address the application by its object id."
  }
  assert {
    condition     = unifiedto_entra_redirect_uris.dynamics.unified_regions == toset(["eu"])
    error_message = "The redirect URI must be the workspace region's."
  }
  assert {
    condition     = unifiedto_entra_api_access.dynamics.api == "dynamics_crm" && unifiedto_entra_api_access.dynamics.scopes == toset(["user_impersonation"])
    error_message = "Dynamics 365 Sales needs Dynamics CRM's user_impersonation."
  }
  assert {
    condition     = unifiedto_entra_api_access.graph.scopes == toset(["openid", "email", "offline_access"])
    error_message = "Unified.to's guide asks for Microsoft Graph openid, email and offline_access."
  }
  assert {
    condition     = unifiedto_workspace_integration.dynamics.client_secret == null && unifiedto_workspace_integration.dynamics.entra_client_secret.renew_before == "720h"
    error_message = "The secret must be minted by the provider (no value in any state) and renewed a month before it expires."
  }
  assert {
    condition     = output.client_id == "c1c2c3c4-0000-4000-8000-00000000c001" && output.object_id == "0b1c2d3e-0000-4000-8000-00000000a001"
    error_message = "The outputs client_id and object_id are swapped."
  }
}

run "customer_insights_in_the_au_region" {
  variables {
    dynamics_api   = "customer_insights"
    unified_region = "au"
  }

  assert {
    condition     = unifiedto_workspace_integration.dynamics.integration_type == "microsoftdynamicscustomerinsightsjourneys"
    error_message = "customer_insights must select Unified.to's Customer Insights integration."
  }
  assert {
    condition     = unifiedto_entra_api_access.dynamics.api == "customer_insights"
    error_message = "The Dynamics API permission must follow dynamics_api."
  }
  assert {
    condition     = unifiedto_entra_redirect_uris.dynamics.unified_regions == toset(["au"])
    error_message = "The redirect URI must follow unified_region."
  }
}
