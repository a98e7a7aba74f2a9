package provider_test

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/acctest"
)

func permissionsConfig(h *acctest.Harness, api string) string {
	return h.Config(`
data "unifiedto_entra_api_permissions" "test" {
  api = "` + api + `"
}
`)
}

const permsAddr = "data.unifiedto_entra_api_permissions.test"

// TestAccEntraAPIPermissions_wellKnownIsOffline: published ids need no
// sign-in and no Graph call.
func TestAccEntraAPIPermissions_wellKnownIsOffline(t *testing.T) {
	h := acctest.New(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: h.Factories(),
		Steps: []resource.TestStep{
			{
				Config: permissionsConfig(h, "dynamics_crm"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(permsAddr, tfjsonpath.New("api_client_id"), knownvalue.StringExact(dynamicsAPI)),
					statecheck.ExpectKnownValue(permsAddr, tfjsonpath.New("display_name"), knownvalue.StringExact("Dynamics CRM")),
					statecheck.ExpectKnownValue(permsAddr, tfjsonpath.New("scope_ids"), knownvalue.MapExact(map[string]knownvalue.Check{"user_impersonation": knownvalue.StringExact(impersonateID)})),
					statecheck.ExpectKnownValue(permsAddr, tfjsonpath.New("role_ids"), knownvalue.MapSizeExact(0)),
				},
			},
			{
				Config: permissionsConfig(h, "microsoft_graph"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(permsAddr, tfjsonpath.New("display_name"), knownvalue.StringExact("Microsoft Graph")),
					statecheck.ExpectKnownValue(permsAddr, tfjsonpath.New("scope_ids"), knownvalue.MapExact(map[string]knownvalue.Check{
						"openid": knownvalue.StringExact(openidID), "email": knownvalue.StringExact(emailID), "offline_access": knownvalue.StringExact(offlineID),
						"profile": knownvalue.StringExact(profileID), "User.Read": knownvalue.StringExact("e1fe6dd8-ba31-4d61-89e7-88639da4683d"),
					})),
				},
			},
		},
	})
	if h.Emu != nil {
		if n := h.Emu.Log.Count("", "", ""); n != 0 {
			t.Errorf("well-known APIs made %d requests, want none:\n%s", n, h.Emu.Log.Summary())
		}
	}
}

func TestAccEntraAPIPermissions_fromTheTenant(t *testing.T) {
	h := acctest.New(t)
	const powerApps = "475226c6-020e-4fb2-8a90-7a972cbfc1d4"
	var ciScope string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: h.Factories(),
		PreCheck: func() {
			sp, err := h.Graph(t).FindServicePrincipal(context.Background(), ciAPI)
			if err != nil {
				t.Fatal(err)
			}
			ciScope = permissionID(t, sp.Scopes, "user_impersonation")
		},
		Steps: []resource.TestStep{
			{
				Config: permissionsConfig(h, "customer_insights"),
				Check: func(s *terraform.State) error {
					return resource.ComposeTestCheckFunc(
						resource.TestCheckResourceAttr(permsAddr, "api_client_id", ciAPI),
						resource.TestCheckResourceAttr(permsAddr, "scope_ids.user_impersonation", ciScope),
						resource.TestCheckResourceAttrSet(permsAddr, "display_name"),
					)(s)
				},
			},
			{
				// Any API by client id (PowerApps Service, docs/design/graph-service-principals.md).
				Config: permissionsConfig(h, powerApps),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(permsAddr, tfjsonpath.New("api_client_id"), knownvalue.StringExact(powerApps)),
					statecheck.ExpectKnownValue(permsAddr, tfjsonpath.New("scope_ids").AtMapKey("User"), knownvalue.StringExact("0eb56b90-a7b5-43b5-9402-8137a8083e90")),
				},
			},
		},
	})
}

func TestAccEntraAPIPermissions_errors(t *testing.T) {
	h := acctest.New(t)
	h.RequireEmulator(t, "removing a service principal from the tenant")
	h.Emu.Graph.RemoveServicePrincipal(ciAPI)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: h.Factories(),
		Steps: []resource.TestStep{
			{Config: permissionsConfig(h, "Microsoft Graph"), ExpectError: wrapped(`api: "Microsoft Graph" is neither a well-known API`)},
			{Config: permissionsConfig(h, "customer_insights"), ExpectError: wrapped(`has no service principal in the tenant.*az ad sp create --id ` + ciAPI)},
		},
	})
	if n := h.Emu.Log.Writes("graph"); n != 0 {
		t.Errorf("%d Graph writes, want 0", n)
	}
}
