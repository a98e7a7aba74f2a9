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
	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/entra"
)

func TestAccEntraApplication_basic(t *testing.T) {
	h := acctest.New(t)
	name := appName()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: h.Factories(),
		CheckDestroy:             h.CheckApplicationsDestroyed(t),
		Steps: []resource.TestStep{
			{
				Config: appConfig(h, name, `  description = "Dynamics 365 through Unified.to"
  notes       = "owned by platform"
  tags        = ["crm", "unified.to"]`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(appAddr, tfjsonpath.New("id"), knownvalue.StringRegexp(guid)),
					statecheck.ExpectKnownValue(appAddr, tfjsonpath.New("object_id"), knownvalue.StringRegexp(guid)),
					statecheck.ExpectKnownValue(appAddr, tfjsonpath.New("client_id"), knownvalue.StringRegexp(guid)),
					statecheck.CompareValuePairs(appAddr, tfjsonpath.New("id"), appAddr, tfjsonpath.New("object_id"), compare.ValuesSame()),
					statecheck.CompareValuePairs(appAddr, tfjsonpath.New("object_id"), appAddr, tfjsonpath.New("client_id"), compare.ValuesDiffer()),
					statecheck.ExpectKnownValue(appAddr, tfjsonpath.New("display_name"), knownvalue.StringExact(name)),
					statecheck.ExpectKnownValue(appAddr, tfjsonpath.New("sign_in_audience"), knownvalue.StringExact("AzureADMultipleOrgs")),
					statecheck.ExpectKnownValue(appAddr, tfjsonpath.New("description"), knownvalue.StringExact("Dynamics 365 through Unified.to")),
					statecheck.ExpectKnownValue(appAddr, tfjsonpath.New("notes"), knownvalue.StringExact("owned by platform")),
					statecheck.ExpectKnownValue(appAddr, tfjsonpath.New("tags"), knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("crm"), knownvalue.StringExact("unified.to")})),
					statecheck.ExpectKnownValue(appAddr, tfjsonpath.New("publisher_domain"), knownvalue.NotNull()),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check: checkGraphApplication(h, t, func(app *entra.Application) error {
					if app.DisplayName != name || app.SignInAudience != "AzureADMultipleOrgs" {
						return fmt.Errorf("Graph holds %q / %q", app.DisplayName, app.SignInAudience)
					}
					return nil
				}),
			},
			// Import by object id.
			{ResourceName: appAddr, ImportState: true, ImportStateVerify: true, ImportStateVerifyIgnore: []string{"timeouts"}},
			// Import by client id: the portal's "Application (client) ID".
			{
				ResourceName: appAddr, ImportState: true, ImportStateVerify: true, ImportStateVerifyIgnore: []string{"timeouts"},
				ImportStateIdFunc: func(s *terraform.State) (string, error) {
					return s.RootModule().Resources[appAddr].Primary.Attributes["client_id"], nil
				},
			},
		},
	})
}

func TestAccEntraApplication_updateInPlace(t *testing.T) {
	h := acctest.New(t)
	name := appName()
	sameID := statecheck.CompareValue(compare.ValuesSame())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: h.Factories(),
		Steps: []resource.TestStep{
			{
				Config: appConfig(h, name, `  description = "first"
  tags = ["a"]`),
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(appAddr, tfjsonpath.New("id"))},
			},
			{
				Config: appConfig(h, name+"-renamed", `  sign_in_audience = "AzureADMyOrg"
  notes = "added"
  tags = ["b", "c"]`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(appAddr, plancheck.ResourceActionUpdate)}},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(appAddr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(appAddr, tfjsonpath.New("display_name"), knownvalue.StringExact(name+"-renamed")),
					statecheck.ExpectKnownValue(appAddr, tfjsonpath.New("sign_in_audience"), knownvalue.StringExact("AzureADMyOrg")),
					statecheck.ExpectKnownValue(appAddr, tfjsonpath.New("description"), knownvalue.Null()),
					statecheck.ExpectKnownValue(appAddr, tfjsonpath.New("notes"), knownvalue.StringExact("added")),
					statecheck.ExpectKnownValue(appAddr, tfjsonpath.New("tags"), knownvalue.SetSizeExact(2)),
				},
				Check: checkGraphApplication(h, t, func(app *entra.Application) error {
					if app.Description != "" || app.Notes != "added" || len(app.Tags) != 2 {
						return fmt.Errorf("Graph holds description %q, notes %q, tags %v", app.Description, app.Notes, app.Tags)
					}
					return nil
				}),
			},
		},
	})
}

func TestAccEntraApplication_disappears(t *testing.T) {
	h := acctest.New(t)
	name := appName()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: h.Factories(),
		Steps: []resource.TestStep{
			{
				Config: appConfig(h, name, ""),
				Check: func(s *terraform.State) error {
					return h.Graph(t).DeleteApplication(context.Background(), s.RootModule().Resources[appAddr].Primary.ID)
				},
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(appAddr, plancheck.ResourceActionCreate),
				}},
			},
			{Config: appConfig(h, name, ""), ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
		},
	})
}

func TestAccEntraApplication_driftIsRestored(t *testing.T) {
	h := acctest.New(t)
	name := appName()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: h.Factories(),
		Steps: []resource.TestStep{
			{
				Config: appConfig(h, name, ""),
				Check: func(s *terraform.State) error {
					id := s.RootModule().Resources[appAddr].Primary.ID
					return h.Graph(t).UpdateApplication(context.Background(), id, entra.ApplicationFields{
						DisplayName: "renamed in the portal", SignInAudience: "AzureADMultipleOrgs", Tags: []string{"portal"},
					})
				},
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(appAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(appAddr, tfjsonpath.New("display_name"), knownvalue.StringExact(name)),
					plancheck.ExpectKnownValue(appAddr, tfjsonpath.New("tags"), knownvalue.Null()),
				}},
			},
			{
				Config:           appConfig(h, name, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check: checkGraphApplication(h, t, func(app *entra.Application) error {
					if app.DisplayName != name || len(app.Tags) != 0 {
						return fmt.Errorf("apply did not restore the application: %q, tags %v", app.DisplayName, app.Tags)
					}
					return nil
				}),
			},
		},
	})
}

func TestAccEntraApplication_badInputFailsAtPlanWithoutWrites(t *testing.T) {
	h := acctest.New(t)
	cases := map[string]struct{ extra, name, want string }{
		"display name too long": {name: strings.Repeat("x", 121), want: `display_name is 121 characters\s+long; Microsoft Entra ID accepts 1 to\s+120`},
		"empty display name":    {name: "", want: `display_name is 0 characters\s+long`},
		"unknown audience":      {extra: `sign_in_audience = "Everyone"`, want: `sign_in_audience.*value must be one of`},
		"tag with whitespace":   {extra: `tags = ["two words"]`, want: `tags: "two words" contains whitespace`},
		"tag too long":          {extra: `tags = ["` + strings.Repeat("t", 257) + `"]`, want: `tags is 257 characters\s+long`},
		"empty description":     {extra: `description = ""`, want: `description is 0 characters\s+long`},
		"empty tag set":         {extra: `tags = []`, want: `tags.*at least 1`},
	}
	var bad []acctest.BadInput
	for name, tc := range cases {
		bad = append(bad, acctest.BadInput{Name: name, Config: appConfig(h, tc.name, tc.extra), Want: regexp.MustCompile("(?s)" + tc.want)})
	}
	h.RefuseAtPlan(t, bad...)
	// Not even a read: these are refused by the schema, before any lookup.
	if h.Emu != nil {
		if n := h.Emu.Log.Count("graph", "", ""); n != 0 {
			t.Errorf("invalid configurations made %d Graph requests, want 0:\n%s", n, h.Emu.Log.Summary())
		}
	}
}

func TestAccEntraApplication_survivesReplicationLag(t *testing.T) {
	h := acctest.New(t)
	h.RequireEmulator(t, "replication lag injection")
	h.Emu.Graph.SetReplicationLag(1500 * time.Millisecond)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: h.Factories(),
		Steps: []resource.TestStep{{
			Config:           appConfig(h, appName(), `  description = "lagging"`),
			ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		}},
	})
	if n := countStatus(h, "graph", 404); n == 0 {
		t.Errorf("the emulator answered no 404 during the lag, so the test proved nothing:\n%s", h.Emu.Log.Summary())
	}
}

func TestAccEntraApplication_waitsOutThrottling(t *testing.T) {
	h := acctest.New(t)
	h.RequireEmulator(t, "throttling injection")
	const retryAfter = time.Second
	h.Emu.GraphFaults.Throttle(2, retryAfter)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: h.Factories(),
		Steps:                    []resource.TestStep{{Config: appConfig(h, appName(), "")}},
	})
	entries := h.Emu.Log.Entries()
	var throttled, next time.Time
	for _, e := range entries {
		if e.Service != "graph" {
			continue
		}
		if e.Status == 429 {
			throttled = e.Time
		} else if !throttled.IsZero() && next.IsZero() {
			next = e.Time
		}
	}
	if throttled.IsZero() || next.IsZero() {
		t.Fatalf("expected 429s followed by a success:\n%s", h.Emu.Log.Summary())
	}
	// The log records when answers were written: the retry came at least
	// Retry-After after the last 429 (less the retry's own latency, none here).
	if gap := next.Sub(throttled); gap < retryAfter-50*time.Millisecond {
		t.Errorf("retried %v after a 429 with Retry-After %v", gap, retryAfter)
	}
}

// The create does not wait until Graph can read the application back, so
// the refresh right after the apply (a new provider process) may get 404s
// for longer than the grace for objects not known to be new. The
// application resource's private state says it is new, and the refresh
// waits the lag out instead of planning to create it again.
func TestAccEntraApplication_refreshRightAfterCreateWaitsOutLongLag(t *testing.T) {
	h := acctest.New(t)
	h.RequireEmulator(t, "replication lag injection")
	h.Emu.Graph.SetReplicationLag(15 * time.Second) // longer than the 10 s grace
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: h.Factories(),
		Steps: []resource.TestStep{{
			Config:           appConfig(h, appName(), ""),
			ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			Check: func(*terraform.State) error {
				if n := len(h.Emu.Graph.Applications()); n != 1 {
					return fmt.Errorf("Graph holds %d applications, want 1", n)
				}
				return nil
			},
		}},
	})
	if n := countStatus(h, "graph", 404); n == 0 {
		t.Errorf("no read met the lag, so the test proved nothing:\n%s", h.Emu.Log.Summary())
	}
}
