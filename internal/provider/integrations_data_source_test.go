package provider_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/acctest"
	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/emulator/unifiedapi"
)

// Two categories reach Unified.to as repeated keys, so both filter; the
// catalogue's date-only entry (zohocrm) does not fail the listing; active
// means "active in this workspace".
func TestAccIntegrationsDataSource_categoriesAndWorkspaceActive(t *testing.T) {
	h := acctest.New(t)
	h.RequireEmulator(t, "an integration activated in the emulated dashboard")
	if err := h.Emu.Unified["us"].UpdateWorkspaceIntegration("zohocrm", "", func(*unifiedapi.WorkspaceIntegration) {}); err != nil {
		t.Fatal(err)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: h.Factories(),
		Steps: []resource.TestStep{{
			Config: h.Config(`
data "unifiedto_integrations" "hris_and_accounting" {
  categories = ["hris", "accounting"]
}
data "unifiedto_integrations" "crm" {
  categories = ["crm"]
}
data "unifiedto_integrations" "active" {
  active = true
}
`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.unifiedto_integrations.hris_and_accounting", tfjsonpath.New("types"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.StringExact("bamboohr"), knownvalue.StringExact("microsoft_ad"), knownvalue.StringExact("microsoftdynamicsfinanceoperations"),
					knownvalue.StringExact("quickbooks"),
				})),
				statecheck.ExpectKnownValue("data.unifiedto_integrations.crm", tfjsonpath.New("types"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.StringExact("hubspot"), knownvalue.StringExact("microsoftdynamicssales"), knownvalue.StringExact("pipedrive"),
					knownvalue.StringExact("salesforce"), knownvalue.StringExact("zohocrm"),
				})),
				statecheck.ExpectKnownValue("data.unifiedto_integrations.active", tfjsonpath.New("types"), knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("zohocrm")})),
				statecheck.ExpectKnownValue("data.unifiedto_integrations.active", tfjsonpath.New("integrations").AtSliceIndex(0).AtMapKey("is_active"), knownvalue.Bool(true)),
			},
		}},
	})
}
