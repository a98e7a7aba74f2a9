package provider_test

import (
	"context"
	"fmt"
	"regexp"
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

const redirectAddr = "unifiedto_entra_redirect_uris.test"

// The regions' URIs, spelled out here rather than derived, so that the test
// checks the mapping instead of repeating it.
const (
	usURI = "https://api.unified.to/oauth/code"
	euURI = "https://api-eu.unified.to/oauth/code"
	auURI = "https://api-au.unified.to/oauth/code"
)

func redirectConfig(h *acctest.Harness, name, body string) string {
	return appConfig(h, name, "") + fmt.Sprintf(`
resource "unifiedto_entra_redirect_uris" "test" {
  application_object_id = unifiedto_entra_application.test.object_id
%s
}
`, body)
}

func TestAccEntraRedirectURIs_basic(t *testing.T) {
	h := acctest.New(t)
	const custom, local = "https://unified.acme.example/oauth/code", "http://localhost:3000/callback"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: h.Factories(),
		CheckDestroy:             resource.ComposeAggregateTestCheckFunc(h.CheckRedirectURIsDestroyed(t), h.CheckApplicationsDestroyed(t)),
		Steps: []resource.TestStep{
			{
				Config: redirectConfig(h, appName(), `  unified_regions = ["eu", "us"]
  redirect_uris   = ["`+custom+`", "`+local+`"]`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					// Known at plan time, so reviewers see the URIs in the pull request.
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectKnownValue(redirectAddr, tfjsonpath.New("all_redirect_uris"), knownvalue.ListExact(stringsExact(usURI, euURI, local, custom))),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(redirectAddr, tfjsonpath.New("id"), knownvalue.StringRegexp(regexp.MustCompile(`^[0-9a-f-]{36}/web$`))),
					statecheck.CompareValuePairs(redirectAddr, tfjsonpath.New("application_object_id"), appAddr, tfjsonpath.New("object_id"), compare.ValuesSame()),
					statecheck.ExpectKnownValue(redirectAddr, tfjsonpath.New("unified_regions"), knownvalue.SetExact(stringsExact("eu", "us"))),
					statecheck.ExpectKnownValue(redirectAddr, tfjsonpath.New("redirect_uris"), knownvalue.SetExact(stringsExact(custom, local))),
					statecheck.ExpectKnownValue(redirectAddr, tfjsonpath.New("all_redirect_uris"), knownvalue.ListExact(stringsExact(usURI, euURI, local, custom))),
				},
				Check: checkGraphRedirectURIs(h, t, usURI, euURI, local, custom),
			},
			{ResourceName: redirectAddr, ImportState: true, ImportStateVerify: true, ImportStateVerifyIgnore: []string{"timeouts"}},
		},
	})
}

func TestAccEntraRedirectURIs_updateInPlace(t *testing.T) {
	h := acctest.New(t)
	name := appName()
	sameID := statecheck.CompareValue(compare.ValuesSame())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: h.Factories(),
		Steps: []resource.TestStep{
			{
				Config:            redirectConfig(h, name, `  unified_regions = ["us"]`),
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(redirectAddr, tfjsonpath.New("id"))},
				Check:             checkGraphRedirectURIs(h, t, usURI),
			},
			{
				Config: redirectConfig(h, name, `  unified_regions = ["au", "eu"]
  redirect_uris = ["https://unified.acme.example/oauth/code"]`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(redirectAddr, plancheck.ResourceActionUpdate)}},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(redirectAddr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(redirectAddr, tfjsonpath.New("all_redirect_uris"), knownvalue.ListExact(stringsExact(euURI, auURI, "https://unified.acme.example/oauth/code"))),
				},
				Check: checkGraphRedirectURIs(h, t, euURI, auURI, "https://unified.acme.example/oauth/code"),
			},
			{
				// Only other URIs: the regions go, and unified_regions reads back as null.
				Config:           redirectConfig(h, name, `  redirect_uris = ["http://127.0.0.1:8080/cb"]`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(redirectAddr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(redirectAddr, tfjsonpath.New("unified_regions"), knownvalue.Null()),
				},
				Check: checkGraphRedirectURIs(h, t, "http://127.0.0.1:8080/cb"),
			},
		},
	})
}

// TestAccEntraRedirectURIs_ownsOnlyRedirectURIs proves the other Web
// settings survive both writing the list and destroying the resource.
func TestAccEntraRedirectURIs_ownsOnlyRedirectURIs(t *testing.T) {
	h := acctest.New(t)
	// The logout URL: the home page belongs to unifiedto_entra_application.
	h.RequireEmulator(t, "setting the logout URL through the emulator's store")
	name := appName()
	const home = "https://acme.example/"
	homeKept := func(want ...string) resource.TestCheckFunc {
		return resource.ComposeTestCheckFunc(checkGraphRedirectURIs(h, t, want...), checkGraphApplication(h, t, func(app *entra.Application) error {
			if app.Web.LogoutURL != home {
				return fmt.Errorf("logout URL is %q, want %q", app.Web.LogoutURL, home)
			}
			return nil
		}))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: h.Factories(),
		Steps: []resource.TestStep{
			{
				Config: appConfig(h, name, ""),
				Check: func(s *terraform.State) error {
					return h.Emu.Graph.UpdateApplication(s.RootModule().Resources[appAddr].Primary.ID, func(app *graphapi.Application) {
						u := home
						app.Web.LogoutURL = &u
					})
				},
			},
			{Config: redirectConfig(h, name, `  unified_regions = ["eu"]`), Check: homeKept(euURI)},
			// Removing the resource empties the list and nothing else.
			{Config: appConfig(h, name, ""), Check: homeKept()},
		},
	})
}

func TestAccEntraRedirectURIs_disappears(t *testing.T) {
	h := acctest.New(t)
	name := appName()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: h.Factories(),
		Steps: []resource.TestStep{
			{
				Config: redirectConfig(h, name, `  unified_regions = ["us"]`),
				Check: func(s *terraform.State) error {
					return h.Graph(t).DeleteApplication(context.Background(), s.RootModule().Resources[appAddr].Primary.ID)
				},
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(redirectAddr, plancheck.ResourceActionCreate),
				}},
			},
			{
				Config:           redirectConfig(h, name, `  unified_regions = ["us"]`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check:            checkGraphRedirectURIs(h, t, usURI),
			},
		},
	})
}

func TestAccEntraRedirectURIs_driftIsRestored(t *testing.T) {
	h := acctest.New(t)
	name := appName()
	config := redirectConfig(h, name, `  unified_regions = ["eu"]
  redirect_uris = ["https://unified.acme.example/oauth/code"]`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: h.Factories(),
		Steps: []resource.TestStep{
			{
				Config: config,
				// In the portal someone drops the custom domain, adds us, and
				// adds eu's URI with a trailing slash (a near miss that must
				// not hide behind the region's name).
				Check: func(s *terraform.State) error {
					return h.Graph(t).SetRedirectURIs(context.Background(), s.RootModule().Resources[appAddr].Primary.ID, []string{euURI, usURI, euURI + "/"})
				},
				ExpectNonEmptyPlan: true,
			},
			{
				RefreshState:       true,
				ExpectNonEmptyPlan: true,
				Check: resource.ComposeTestCheckFunc(
					resource.TestCheckTypeSetElemAttr(redirectAddr, "unified_regions.*", "us"),
					resource.TestCheckTypeSetElemAttr(redirectAddr, "unified_regions.*", "eu"),
					resource.TestCheckTypeSetElemAttr(redirectAddr, "redirect_uris.*", euURI+"/"),
					resource.TestCheckResourceAttr(redirectAddr, "redirect_uris.#", "1"),
				),
			},
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(redirectAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(redirectAddr, tfjsonpath.New("all_redirect_uris"), knownvalue.ListExact(stringsExact(euURI, "https://unified.acme.example/oauth/code"))),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: checkGraphRedirectURIs(h, t, euURI, "https://unified.acme.example/oauth/code"),
			},
		},
	})
}

func TestAccEntraRedirectURIs_reorderInPortalIsNotDrift(t *testing.T) {
	h := acctest.New(t)
	name := appName()
	config := redirectConfig(h, name, `  unified_regions = ["us", "eu"]`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: h.Factories(),
		Steps: []resource.TestStep{
			{
				Config: config,
				Check: func(s *terraform.State) error {
					return h.Graph(t).SetRedirectURIs(context.Background(), s.RootModule().Resources[appAddr].Primary.ID, []string{euURI, usURI})
				},
			},
			{Config: config, PlanOnly: true},
		},
	})
}

func TestAccEntraRedirectURIs_badInputFailsAtPlanWithoutWrites(t *testing.T) {
	h := acctest.New(t)
	many := make([]string, 257)
	for i := range many {
		many[i] = fmt.Sprintf(`"https://acme.example/cb/%d"`, i)
	}
	cases := map[string]struct{ body, want string }{
		"http elsewhere":       {body: `redirect_uris = ["http://acme.example/cb"]`, want: `redirect_uris: "http://acme.example/cb" uses.*http;.*localhost`},
		"too long":             {body: `redirect_uris = ["https://acme.example/` + strings.Repeat("a", 236) + `"]`, want: `is 257 characters.*at most 256`},
		"forbidden character":  {body: `redirect_uris = ["https://acme.example/cb;x"]`, want: `contains.*';'`},
		"not a URL":            {body: `redirect_uris = ["oauth/code"]`, want: `not an absolute URL`},
		"region URI by hand":   {body: `redirect_uris = ["https://API-EU.unified.to/oauth/code/"]`, want: `region.*"eu".*Put "eu" in.*unified_regions`},
		"duplicates":           {body: `redirect_uris = ["https://Acme.example/cb", "https://acme.example:443/cb/"]`, want: `Duplicate redirect URI.*Keep one`},
		"unknown region":       {body: `unified_regions = ["apac"]`, want: `unified_regions.*value must be one of`},
		"neither input":        {body: ``, want: `At least one of these attributes must be configured`},
		"empty set":            {body: `redirect_uris = []`, want: `redirect_uris set must contain at least 1`},
		"more than 256 in all": {body: `unified_regions = ["us"]` + "\n" + `redirect_uris = [` + strings.Join(many, ",") + `]`, want: `add up to 258.*at most 256`},
	}
	bad := []acctest.BadInput{{Name: "name in place of object id",
		Config: h.Config(`
resource "unifiedto_entra_redirect_uris" "test" {
  application_object_id = "my-app"
  unified_regions       = ["us"]
}`),
		Want: regexp.MustCompile(`(?s)application_object_id.*must be a GUID`)}}
	for name, tc := range cases {
		bad = append(bad, acctest.BadInput{Name: name, Config: redirectConfig(h, appName(), "  "+tc.body), Want: wrapped(tc.want)})
	}
	h.RefuseAtPlan(t, bad...)
}

func TestAccEntraRedirectURIs_survivesReplicationLag(t *testing.T) {
	h := acctest.New(t)
	h.RequireEmulator(t, "replication lag injection")
	h.Emu.Graph.SetReplicationLag(1500 * time.Millisecond)
	injectSliceWriteLag(h)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: h.Factories(),
		Steps: []resource.TestStep{{
			Config:           redirectConfig(h, appName(), `  unified_regions = ["au"]`),
			ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			Check:            checkGraphRedirectURIs(h, t, auURI),
		}},
	})
	checkLagWasServed(t, h)
}

func TestAccEntraRedirectURIs_waitsOutThrottling(t *testing.T) {
	h := acctest.New(t)
	h.RequireEmulator(t, "throttling injection")
	// Throttle only the slice writes (PATCH /applications/{id}), not the
	// application's own create, so the test is about this resource.
	h.Emu.GraphFaults.OnlyFor(isSliceWrite)
	h.Emu.GraphFaults.Throttle(2, time.Second)
	t.Cleanup(func() {
		if t.Failed() {
			for _, e := range h.Emu.Log.Entries() {
				t.Logf("emulator log: %s %s %s %d %s", e.Service, e.Method, e.Path, e.Status, e.Note)
			}
		}
	})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: h.Factories(),
		Steps: []resource.TestStep{{
			Config: redirectConfig(h, appName(), `  unified_regions = ["us"]`),
			Check:  checkGraphRedirectURIs(h, t, usURI),
		}},
	})
	if n := countStatus(h, "graph", 429); n != 2 {
		t.Errorf("want the 2 injected 429s served, got %d:\n%s", n, h.Emu.Log.Summary())
	}
}
