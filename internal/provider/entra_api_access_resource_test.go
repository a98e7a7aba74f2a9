package provider_test

import (
	"context"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/acctest"
	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/emulator/graphapi"
	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/entra"
)

const (
	graphAccessAddr    = "unifiedto_entra_api_access.graph"
	dynamicsAccessAddr = "unifiedto_entra_api_access.dynamics"
)

// Published ids (docs/design/graph-service-principals.md), spelled out so the tests check the table.
const (
	graphAPI      = "00000003-0000-0000-c000-000000000000"
	dynamicsAPI   = "00000007-0000-0000-c000-000000000000"
	ciAPI         = "38c77d00-5fcb-4cce-9d93-af4738258e3c"
	openidID      = "37f7f235-527c-4136-accd-4a02d197296e"
	emailID       = "64a6cdd6-aab1-4aaf-94b8-3cc8405e90d0"
	offlineID     = "7427e0e9-2fba-42fe-b0c0-848c9e6a8182"
	profileID     = "14dad69e-099b-42c9-810b-d002981feec1"
	impersonateID = "78ce3f0f-a1ce-49c2-8cde-64b5c0896db4"
)

// accessConfig is the application plus one api_access resource per body,
// named by the map key.
func accessConfig(h *acctest.Harness, name string, bodies map[string]string) string {
	cfg := appConfig(h, name, "")
	for _, key := range slices.Sorted(maps.Keys(bodies)) {
		cfg += fmt.Sprintf(`
resource "unifiedto_entra_api_access" %q {
  application_object_id = unifiedto_entra_application.test.object_id
%s
}
`, key, bodies[key])
	}
	return cfg
}

// checkGraphAccess reads requiredResourceAccess from Graph itself: want maps
// each API's client id to its permissions as "id/Type".
func checkGraphAccess(h *acctest.Harness, t *testing.T, want map[string][]string) resource.TestCheckFunc {
	return checkGraphApplication(h, t, func(app *entra.Application) error {
		got := map[string][]string{}
		for _, e := range app.RequiredResourceAccess {
			for _, a := range e.Access {
				got[e.ResourceAppID] = append(got[e.ResourceAppID], a.ID+"/"+a.Type)
			}
			slices.Sort(got[e.ResourceAppID])
		}
		for _, v := range want {
			slices.Sort(v)
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			return fmt.Errorf("Graph holds requiredResourceAccess %v, want %v", got, want)
		}
		return nil
	})
}

func scope(id string) string { return id + "/Scope" }
func role(id string) string  { return id + "/Role" }

func TestAccEntraAPIAccess_basic(t *testing.T) {
	h := acctest.New(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: h.Factories(),
		CheckDestroy:             resource.ComposeAggregateTestCheckFunc(h.CheckAPIAccessDestroyed(t), h.CheckApplicationsDestroyed(t)),
		Steps: []resource.TestStep{
			{
				Config: accessConfig(h, appName(), map[string]string{"graph": `  api = "microsoft_graph"
  scopes = ["openid", "email", "offline_access"]`}),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					// Ids known at plan time: the reviewer sees what is granted.
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectKnownValue(graphAccessAddr, tfjsonpath.New("scope_ids").AtMapKey("offline_access"), knownvalue.StringExact(offlineID)),
						plancheck.ExpectKnownValue(graphAccessAddr, tfjsonpath.New("api_client_id"), knownvalue.StringExact(graphAPI)),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(graphAccessAddr, tfjsonpath.New("id"), knownvalue.StringRegexp(regexp.MustCompile(`^[0-9a-f-]{36}/`+graphAPI+`$`))),
					statecheck.CompareValuePairs(graphAccessAddr, tfjsonpath.New("application_object_id"), appAddr, tfjsonpath.New("object_id"), compare.ValuesSame()),
					statecheck.ExpectKnownValue(graphAccessAddr, tfjsonpath.New("api"), knownvalue.StringExact("microsoft_graph")),
					statecheck.ExpectKnownValue(graphAccessAddr, tfjsonpath.New("api_client_id"), knownvalue.StringExact(graphAPI)),
					statecheck.ExpectKnownValue(graphAccessAddr, tfjsonpath.New("scopes"), knownvalue.SetExact(stringsExact("openid", "email", "offline_access"))),
					statecheck.ExpectKnownValue(graphAccessAddr, tfjsonpath.New("roles"), knownvalue.Null()),
					statecheck.ExpectKnownValue(graphAccessAddr, tfjsonpath.New("scope_ids"), knownvalue.MapExact(map[string]knownvalue.Check{
						"openid": knownvalue.StringExact(openidID), "email": knownvalue.StringExact(emailID), "offline_access": knownvalue.StringExact(offlineID),
					})),
					statecheck.ExpectKnownValue(graphAccessAddr, tfjsonpath.New("role_ids"), knownvalue.MapSizeExact(0)),
				},
				Check: checkGraphAccess(h, t, map[string][]string{graphAPI: {scope(openidID), scope(emailID), scope(offlineID)}}),
			},
			{ResourceName: graphAccessAddr, ImportState: true, ImportStateVerify: true, ImportStateVerifyIgnore: []string{"timeouts"}},
			{
				// The short name works in the import id too.
				ResourceName: graphAccessAddr, ImportState: true, ImportStateVerify: true, ImportStateVerifyIgnore: []string{"timeouts"},
				ImportStateIdFunc: func(s *terraform.State) (string, error) {
					return s.RootModule().Resources[appAddr].Primary.ID + "/microsoft_graph", nil
				},
			},
		},
	})
}

func TestAccEntraAPIAccess_updateInPlace(t *testing.T) {
	h := acctest.New(t)
	name := appName()
	sameID := statecheck.CompareValue(compare.ValuesSame())
	roleID := ""
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: h.Factories(),
		PreCheck: func() {
			sp, err := h.Graph(t).FindServicePrincipal(context.Background(), graphAPI)
			if err != nil {
				t.Fatal(err)
			}
			roleID = permissionID(t, sp.Roles, "User.Read.All")
		},
		Steps: []resource.TestStep{
			{
				Config:            accessConfig(h, name, map[string]string{"graph": `  api = "microsoft_graph"` + "\n" + `  scopes = ["openid"]`}),
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(graphAccessAddr, tfjsonpath.New("id"))},
			},
			{
				// A role only the tenant's service principal knows.
				Config: accessConfig(h, name, map[string]string{"graph": `  api = "microsoft_graph"
  scopes = ["openid", "profile"]
  roles  = ["User.Read.All"]`}),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(graphAccessAddr, plancheck.ResourceActionUpdate)}},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(graphAccessAddr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(graphAccessAddr, tfjsonpath.New("role_ids"), knownvalue.MapSizeExact(1)),
				},
				Check: func(s *terraform.State) error {
					return checkGraphAccess(h, t, map[string][]string{graphAPI: {scope(openidID), scope(profileID), role(roleID)}})(s)
				},
			},
			{
				// The same API by its client id: an update, not a replacement.
				Config: accessConfig(h, name, map[string]string{"graph": `  api = "` + graphAPI + `"
  scopes = ["openid", "profile"]
  roles  = ["User.Read.All"]`}),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(graphAccessAddr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(graphAccessAddr, tfjsonpath.New("id"))},
			},
		},
	})
}

func TestAccEntraAPIAccess_disappears(t *testing.T) {
	h := acctest.New(t)
	name := appName()
	config := accessConfig(h, name, map[string]string{"graph": `  api = "microsoft_graph"` + "\n" + `  scopes = ["openid"]`})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: h.Factories(),
		Steps: []resource.TestStep{
			{
				Config: config,
				Check: func(s *terraform.State) error {
					return h.Graph(t).SetRequiredResourceAccess(context.Background(), s.RootModule().Resources[appAddr].Primary.ID, graphAPI, nil)
				},
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(graphAccessAddr, plancheck.ResourceActionCreate),
				}},
			},
			{
				Config:           config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check:            checkGraphAccess(h, t, map[string][]string{graphAPI: {scope(openidID)}}),
			},
		},
	})
}

func TestAccEntraAPIAccess_driftIsRestored(t *testing.T) {
	h := acctest.New(t)
	// An id no service principal offers: Graph refuses to write one, but an
	// entry stays when the API withdraws a permission later, which only the
	// emulator's store can stage.
	h.RequireEmulator(t, "a permission the API has withdrawn")
	const unknownID = "dddddddd-0000-4000-8000-000000000000"
	config := accessConfig(h, appName(), map[string]string{"graph": `  api = "microsoft_graph"` + "\n" + `  scopes = ["openid", "email"]`})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: h.Factories(),
		Steps: []resource.TestStep{
			{
				Config: config,
				// In the portal: email removed, profile and an unknown id added.
				Check: func(s *terraform.State) error {
					return h.Emu.Graph.UpdateApplication(s.RootModule().Resources[appAddr].Primary.ID, func(a *graphapi.Application) {
						for i, r := range a.RequiredResourceAccess {
							if r.ResourceAppID == graphAPI {
								a.RequiredResourceAccess[i].ResourceAccess = []graphapi.ResourceAccess{{ID: openidID, Type: "Scope"}, {ID: profileID, Type: "Scope"}, {ID: unknownID, Type: "Scope"}}
							}
						}
					})
				},
				ExpectNonEmptyPlan: true,
			},
			{
				RefreshState:       true,
				ExpectNonEmptyPlan: true,
				Check: resource.ComposeTestCheckFunc(
					resource.TestCheckResourceAttr(graphAccessAddr, "scopes.#", "3"),
					resource.TestCheckTypeSetElemAttr(graphAccessAddr, "scopes.*", "profile"),
					resource.TestCheckTypeSetElemAttr(graphAccessAddr, "scopes.*", unknownID), // an id nobody names shows as itself
					resource.TestCheckResourceAttr(graphAccessAddr, "scope_ids.profile", profileID),
				),
			},
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(graphAccessAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(graphAccessAddr, tfjsonpath.New("scope_ids"), knownvalue.MapExact(map[string]knownvalue.Check{
							"openid": knownvalue.StringExact(openidID), "email": knownvalue.StringExact(emailID),
						})),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: checkGraphAccess(h, t, map[string][]string{graphAPI: {scope(openidID), scope(emailID)}}),
			},
		},
	})
}

// TestAccEntraAPIAccess_sharesTheApplication applies two api_access
// resources and the redirect URIs to one application at once (terraform
// runs them in parallel), then changes and removes them one by one: no
// write ever loses another resource's slice.
func TestAccEntraAPIAccess_sharesTheApplication(t *testing.T) {
	h := acctest.New(t)
	name := appName()
	redirect := `
resource "unifiedto_entra_redirect_uris" "test" {
  application_object_id = unifiedto_entra_application.test.object_id
  unified_regions       = %s
}
`
	graph := `  api = "microsoft_graph"` + "\n" + `  scopes = ["openid", "email", "offline_access"]`
	dynamics := `  api = "dynamics_crm"` + "\n" + `  scopes = ["user_impersonation"]`
	all := func(regions, graphBody string, withDynamics bool) string {
		bodies := map[string]string{"graph": graphBody}
		if withDynamics {
			bodies["dynamics"] = dynamics
		}
		return accessConfig(h, name, bodies) + fmt.Sprintf(redirect, regions)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: h.Factories(),
		Steps: []resource.TestStep{
			{
				Config: all(`["eu"]`, graph, true),
				Check: resource.ComposeTestCheckFunc(
					checkGraphAccess(h, t, map[string][]string{
						graphAPI:    {scope(openidID), scope(emailID), scope(offlineID)},
						dynamicsAPI: {scope(impersonateID)},
					}),
					checkGraphRedirectURIs(h, t, euURI),
					resource.TestCheckResourceAttr(dynamicsAccessAddr, "scope_ids.user_impersonation", impersonateID),
				),
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				Config: all(`["eu", "us"]`, `  api = "microsoft_graph"`+"\n"+`  scopes = ["openid", "email", "offline_access", "profile"]`, true),
				Check: resource.ComposeTestCheckFunc(
					checkGraphAccess(h, t, map[string][]string{
						graphAPI:    {scope(openidID), scope(emailID), scope(offlineID), scope(profileID)},
						dynamicsAPI: {scope(impersonateID)},
					}),
					checkGraphRedirectURIs(h, t, usURI, euURI),
				),
			},
			{
				Config: all(`["eu", "us"]`, `  api = "microsoft_graph"`+"\n"+`  scopes = ["openid", "profile"]`, false),
				Check: resource.ComposeTestCheckFunc(
					checkGraphAccess(h, t, map[string][]string{graphAPI: {scope(openidID), scope(profileID)}}),
					checkGraphRedirectURIs(h, t, usURI, euURI),
				),
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
}

// TestAccEntraAPIAccess_secondResourceForOneAPIFails: two resources owning
// the same entry would fight forever; the second one refuses instead.
func TestAccEntraAPIAccess_secondResourceForOneAPIFails(t *testing.T) {
	h := acctest.New(t)
	config := accessConfig(h, appName(), map[string]string{
		"graph":  `  api = "microsoft_graph"` + "\n" + `  scopes = ["openid"]`,
		"graph2": `  api = "` + graphAPI + `"` + "\n" + `  scopes = ["email"]` + "\n" + `  depends_on = [unifiedto_entra_api_access.graph]`,
	})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: h.Factories(),
		Steps:                    []resource.TestStep{{Config: config, ExpectError: regexp.MustCompile(`(?s)already requests other permissions.*terraform import`)}},
	})
}

func TestAccEntraAPIAccess_customerInsightsResolvesFromTheTenant(t *testing.T) {
	h := acctest.New(t)
	var want string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: h.Factories(),
		PreCheck: func() {
			// Microsoft does not publish this id: only the tenant knows it.
			sp, err := h.Graph(t).FindServicePrincipal(context.Background(), ciAPI)
			if err != nil {
				t.Fatal(err)
			}
			want = permissionID(t, sp.Scopes, "user_impersonation")
		},
		Steps: []resource.TestStep{{
			Config: accessConfig(h, appName(), map[string]string{"ci": `  api = "customer_insights"` + "\n" + `  scopes = ["user_impersonation"]`}),
			Check: func(s *terraform.State) error {
				return resource.ComposeTestCheckFunc(
					resource.TestCheckResourceAttr("unifiedto_entra_api_access.ci", "scope_ids.user_impersonation", want),
					resource.TestCheckResourceAttr("unifiedto_entra_api_access.ci", "api_client_id", ciAPI),
					checkGraphAccess(h, t, map[string][]string{ciAPI: {scope(want)}}),
				)(s)
			},
			ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		}},
	})
}

func TestAccEntraAPIAccess_badInputFailsAtPlanWithoutWrites(t *testing.T) {
	h := acctest.New(t)
	h.RequireEmulator(t, "removing a service principal from the tenant")
	h.Emu.Graph.RemoveServicePrincipal(ciAPI)
	cases := map[string]struct{ body, want string }{
		"unknown API":        {body: `api = "graph"` + "\n" + `scopes = ["openid"]`, want: `api: "graph" is neither a well-known API.*microsoft_graph, dynamics_crm, customer_insights`},
		"no permissions":     {body: `api = "microsoft_graph"`, want: `At least one of these attributes must be configured`},
		"empty scopes":       {body: `api = "microsoft_graph"` + "\n" + `scopes = []`, want: `scopes set must contain at least 1`},
		"whitespace in name": {body: `api = "microsoft_graph"` + "\n" + `scopes = ["User Read"]`, want: `must be a permission name without whitespace`},
		"a permission twice": {body: `api = "microsoft_graph"` + "\n" + `scopes = ["openid", "37f7f235-527c-4136-accd-4a02d197296e"]`,
			want: `listed twice.*37f7f235-527c-4136-accd-4a02d197296e and openid are the same permission`},
		// The tenant is asked (a GET), and the error lists what it offers.
		"unknown scope": {body: `api = "microsoft_graph"` + "\n" + `scopes = ["openid", "Mail.Raed", "emial"]`,
			want: `Unknown scope "Mail.Raed" of Microsoft Graph.*it offers:.*User.Read.*offline_access.*openid.*Unknown scope "emial"`},
		"unknown role": {body: `api = "dynamics_crm"` + "\n" + `roles = ["Admin"]`, want: `roles:.*no application permission.*"Admin".*offers none`},
		"missing service principal": {body: `api = "customer_insights"` + "\n" + `scopes = ["user_impersonation"]`,
			want: `no service principal.*az ad sp create --id ` + ciAPI + `.*POST /v1.0/servicePrincipals`},
		"unknown API client id": {body: `api = "99999999-0000-0000-0000-000000000000"` + "\n" + `scopes = ["read"]`, want: `az ad sp create --id 99999999-0000-0000-0000-000000000000`},
	}
	var bad []acctest.BadInput
	for name, tc := range cases {
		bad = append(bad, acctest.BadInput{Name: name, Want: wrapped(tc.want),
			Config: accessConfig(h, appName(), map[string]string{"test": "  " + strings.ReplaceAll(tc.body, "\n", "\n  ")})})
	}
	h.RefuseAtPlan(t, bad...)
}

func TestAccEntraAPIAccess_survivesReplicationLag(t *testing.T) {
	h := acctest.New(t)
	h.RequireEmulator(t, "replication lag injection")
	h.Emu.Graph.SetReplicationLag(1500 * time.Millisecond)
	injectSliceWriteLag(h)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: h.Factories(),
		Steps: []resource.TestStep{{
			Config: accessConfig(h, appName(), map[string]string{
				"graph":    `  api = "microsoft_graph"` + "\n" + `  scopes = ["openid"]`,
				"dynamics": `  api = "dynamics_crm"` + "\n" + `  scopes = ["user_impersonation"]`,
			}),
			Check:            checkGraphAccess(h, t, map[string][]string{graphAPI: {scope(openidID)}, dynamicsAPI: {scope(impersonateID)}}),
			ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		}},
	})
	checkLagWasServed(t, h)
}

func TestAccEntraAPIAccess_waitsOutThrottling(t *testing.T) {
	h := acctest.New(t)
	h.RequireEmulator(t, "throttling injection")
	h.Emu.GraphFaults.OnlyFor(isSliceWrite)
	h.Emu.GraphFaults.Throttle(2, time.Second)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: h.Factories(),
		Steps: []resource.TestStep{{
			Config: accessConfig(h, appName(), map[string]string{"graph": `  api = "microsoft_graph"` + "\n" + `  scopes = ["openid"]`}),
			Check:  checkGraphAccess(h, t, map[string][]string{graphAPI: {scope(openidID)}}),
		}},
	})
	if n := countStatus(h, "graph", 429); n != 2 {
		t.Errorf("want the 2 injected 429s served, got %d:\n%s", n, h.Emu.Log.Summary())
	}
}
