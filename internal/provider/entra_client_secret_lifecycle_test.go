package provider_test

import (
	"context"
	"fmt"
	"net/http"
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

// These tests follow a secret through its life: rotation, renewal before
// expiry, Graph's eventual consistency, throttling, a create that fails
// half way, and the logs all of that writes.

// rotatingSecret is a secret rotated by rotate_when_changed, without downtime.
func rotatingSecret(rotation string) string {
	return fmt.Sprintf(`  display_name = "unified.to"
  rotate_when_changed = {
    rotation = %q
  }`, rotation) + secretCreateBeforeDestroy
}

// With create_before_destroy, a change of rotate_when_changed adds the new
// secret, and waits for it to be readable, before it removes the old one:
// there is a valid secret at every moment.
func TestAccEntraClientSecret_rotateWhenChanged(t *testing.T) {
	h := acctest.New(t)
	h.RequireEmulator(t, "the request log")
	name := appName()
	keyChanges := statecheck.CompareValue(compare.ValuesDiffer())
	var oldKey string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: h.Factories(),
		Steps: []resource.TestStep{
			{
				Config:            secretConfig(h, name, rotatingSecret("2026-01")),
				ConfigStateChecks: []statecheck.StateCheck{keyChanges.AddStateValue(secretAddr, tfjsonpath.New("key_id"))},
				Check:             func(s *terraform.State) error { oldKey = secretAttrs(s)["key_id"]; return nil },
			},
			{
				Config: secretConfig(h, name, rotatingSecret("2026-02")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(secretAddr, plancheck.ResourceActionCreateBeforeDestroy),
					plancheck.ExpectUnknownValue(secretAddr, tfjsonpath.New("value")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					keyChanges.AddStateValue(secretAddr, tfjsonpath.New("key_id")),
					statecheck.ExpectKnownValue(secretAddr, tfjsonpath.New("rotate_when_changed"), knownvalue.MapExact(map[string]knownvalue.Check{"rotation": knownvalue.StringExact("2026-02")})),
				},
				Check: resource.ComposeAggregateTestCheckFunc(checkEmulatedSecretIsOnlyOne(h), func(s *terraform.State) error {
					newKey := secretAttrs(s)["key_id"]
					entries := h.Emu.Log.Entries()
					added := secretLogIndex(entries, secretAddRoute, http.StatusOK, newKey)
					removed := secretLogIndex(entries, secretRemoveRoute, http.StatusNoContent, oldKey)
					if added < 0 || removed < 0 {
						return fmt.Errorf("the log lacks the addition of %s (%d) or the removal of %s (%d):\n%s", newKey, added, oldKey, removed, h.Emu.Log.Summary())
					}
					if removed < added {
						return fmt.Errorf("the old secret was removed (entry %d) before the new one was added (entry %d): downtime", removed, added)
					}
					reads := 0
					for _, e := range entries[added:removed] {
						if e.Route == secretAppRoute && e.Method == http.MethodGet && e.Status == http.StatusOK {
							reads++
						}
					}
					if reads < 3 {
						return fmt.Errorf("only %d reads between adding the new secret and removing the old one; the add should wait for 3 agreeing reads", reads)
					}
					return nil
				}),
			},
		},
	})
}

// Expiry is drift: a secret within renew_before of its end date, then one
// past it, is planned for replacement with a warning naming the date. The
// emulator moves the secret's end date, which is what time passing looks
// like to a plan.
func TestAccEntraClientSecret_renewsBeforeExpiry(t *testing.T) {
	h := acctest.New(t)
	h.RequireEmulator(t, "moving a secret's end date")
	readLog := captureTerraformLogs(t)
	name := appName()
	body := `  end_date_relative = "8760h"
  renew_before      = "720h"` + secretCreateBeforeDestroy
	now := time.Now().UTC().Truncate(time.Second)
	dueEnd, pastEnd := now.Add(10*24*time.Hour), now.Add(-time.Hour)
	keyChanges := statecheck.CompareValue(compare.ValuesDiffer())
	replaced := resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
		plancheck.ExpectResourceAction(secretAddr, plancheck.ResourceActionCreateBeforeDestroy),
		plancheck.ExpectUnknownValue(secretAddr, tfjsonpath.New("end_date")),
	}}
	endsInAYear := checkSecretState(func(a map[string]string) error {
		end, err := time.Parse(time.RFC3339, a["end_date"])
		if err != nil || time.Until(end) < 8759*time.Hour {
			return fmt.Errorf("the renewed secret ends %s, not a year from now", a["end_date"])
		}
		return nil
	})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: h.Factories(),
		Steps: []resource.TestStep{
			{
				Config:             secretConfig(h, name, body),
				ConfigStateChecks:  []statecheck.StateCheck{keyChanges.AddStateValue(secretAddr, tfjsonpath.New("key_id"))},
				Check:              func(s *terraform.State) error { return setEmulatedSecretEnd(h, s, dueEnd) },
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks:   replaced,
			},
			{
				Config:            secretConfig(h, name, body),
				ConfigStateChecks: []statecheck.StateCheck{keyChanges.AddStateValue(secretAddr, tfjsonpath.New("key_id"))},
				Check: resource.ComposeTestCheckFunc(checkEmulatedSecretIsOnlyOne(h), endsInAYear,
					func(s *terraform.State) error { return setEmulatedSecretEnd(h, s, pastEnd) }),
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks:   replaced,
			},
			{
				Config:            secretConfig(h, name, body),
				ConfigStateChecks: []statecheck.StateCheck{keyChanges.AddStateValue(secretAddr, tfjsonpath.New("key_id"))},
				Check:             resource.ComposeTestCheckFunc(checkEmulatedSecretIsOnlyOne(h), endsInAYear),
			},
		},
	})
	// Terraform shows warnings but does not hand them to tests; the
	// provider server logs every diagnostic it returns.
	logs := readLog()
	for _, want := range []string{
		"expires soon", "It expires on " + dueEnd.Format(time.RFC3339), "within renew_before (720h), so this plan replaces it",
		"has expired", "It expired on " + pastEnd.Format(time.RFC3339),
	} {
		if !strings.Contains(logs, want) {
			t.Errorf("no warning diagnostic with %q in the logs", want)
		}
	}
}

// The secret's value reaches neither terraform's nor the provider's trace
// logs, nor any diagnostic (the provider server logs those too).
func TestAccEntraClientSecret_secretNeverLogged(t *testing.T) {
	h := acctest.New(t)
	h.RequireEmulator(t, "a lifetime policy that fails a create")
	readLog := captureTerraformLogs(t)
	name := appName()
	var values []string
	capture := func(s *terraform.State) error {
		values = append(values, secretAttrs(s)["value"])
		return nil
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: h.Factories(),
		Steps: []resource.TestStep{
			{Config: secretConfig(h, name, rotatingSecret("1")), Check: capture},
			// A replacement: the new value passes through plan, apply and the old secret's removal.
			{Config: secretConfig(h, name, rotatingSecret("2")), Check: capture},
			// A failing create, with an error diagnostic, while a secret exists.
			{
				PreConfig:   func() { h.Emu.Graph.SetCredentialLifetimePolicy("one hour", time.Hour) },
				Config:      secretConfig(h, name, rotatingSecret("3")),
				ExpectError: secretDiag(`Creating client secret for application`),
			},
		},
	})
	logs := readLog()
	if len(values) != 2 {
		t.Fatalf("captured %d values, want 2", len(values))
	}
	for _, want := range []string{"Terraform version", "Microsoft Graph request", "/addPassword", "Response contains error diagnostic"} {
		if !strings.Contains(logs, want) {
			t.Errorf("the log lacks %q, so it does not hold what the test needs to prove anything (%d bytes)", want, len(logs))
		}
	}
	for i, v := range values {
		if !secretFormat.MatchString(v) {
			t.Fatalf("value %d is not a secret", i)
		}
		if strings.Contains(logs, v) {
			t.Errorf("secret %d (hint %s) is in the trace log", i, v[:3])
		}
	}
}

// A secret added to an application that the directory does not show yet
// (404 right after a create) is retried until replication ends.
func TestAccEntraClientSecret_survivesReplicationLag(t *testing.T) {
	h := acctest.New(t)
	h.RequireEmulator(t, "replication lag injection")
	app, err := h.Graph(t).CreateApplication(context.Background(), entra.ApplicationFields{DisplayName: appName(), SignInAudience: "AzureADMultipleOrgs"})
	if err != nil {
		t.Fatal(err)
	}
	// addPassword is refused twice with 404, as Graph answers while a new
	// application replicates. The application is minutes old (its
	// createdDateTime, read by the plan's check of the id, says so), so
	// the provider takes those 404s for lag and retries (internal/entra/lag.go).
	h.Emu.GraphFaults.OnlyFor(func(r *http.Request) bool {
		return r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/addPassword")
	})
	h.Emu.GraphFaults.FailNext(2, http.StatusNotFound)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: h.Factories(),
		Steps: []resource.TestStep{{
			Config:            h.Config(fmt.Sprintf("resource \"unifiedto_entra_client_secret\" \"test\" {\n  application_object_id = %q\n}\n", app.ObjectID)),
			ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue(secretAddr, tfjsonpath.New("value"), knownvalue.StringRegexp(secretFormat))},
			Check:             checkEmulatedSecretIsOnlyOne(h),
			ConfigPlanChecks:  resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		}},
	})
	if n := h.Emu.Log.Count("graph", http.MethodPost, "(injected 404)"); n < 2 {
		t.Errorf("addPassword was refused %d times, want at least 2: the test proved nothing\n%s", n, h.Emu.Log.Summary())
	}
}

// A new secret shows in reads only after a while, and a removed one keeps
// showing: create and delete wait until reads agree.
func TestAccEntraClientSecret_waitsForSecretPropagation(t *testing.T) {
	h := acctest.New(t)
	h.RequireEmulator(t, "secret lag injection")
	const lag = time.Second
	h.Emu.Graph.SetSecretLag(lag)
	var keyID string
	// readsAround counts the application reads after the log entry at index
	// i: before the change could be seen, and once it could.
	readsAround := func(i int) (early, late int) {
		entries := h.Emu.Log.Entries()
		visible := entries[i].Time.Add(lag)
		for _, e := range entries[i+1:] {
			if e.Route == secretAppRoute && e.Method == http.MethodGet {
				if e.Time.Before(visible) {
					early++
				} else {
					late++
				}
			}
		}
		return early, late
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: h.Factories(),
		Steps: []resource.TestStep{{
			Config: secretConfig(h, appName(), ""),
			// The refresh right after apply would drop a secret it cannot see.
			ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			Check: func(s *terraform.State) error {
				keyID = secretAttrs(s)["key_id"]
				added := secretLogIndex(h.Emu.Log.Entries(), secretAddRoute, http.StatusOK, keyID)
				if early, late := readsAround(added); early == 0 || late < 3 {
					return fmt.Errorf("create read %d times while the secret was invisible and %d times after; want at least 1 and 3", early, late)
				}
				return nil
			},
		}},
		CheckDestroy: func(*terraform.State) error {
			removed := secretLogIndex(h.Emu.Log.Entries(), secretRemoveRoute, http.StatusNoContent, keyID)
			if removed < 0 {
				return fmt.Errorf("secret %s was never removed", keyID)
			}
			if early, late := readsAround(removed); early == 0 || late < 3 {
				return fmt.Errorf("delete read %d times while the secret lingered and %d times after; want at least 1 and 3", early, late)
			}
			return nil
		},
	})
}

// 429 on addPassword is retried after Retry-After, and creates one secret.
func TestAccEntraClientSecret_waitsOutThrottling(t *testing.T) {
	h := acctest.New(t)
	h.RequireEmulator(t, "throttling injection")
	const retryAfter = time.Second
	h.Emu.GraphFaults.OnlyFor(func(r *http.Request) bool {
		return r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/addPassword")
	})
	h.Emu.GraphFaults.Throttle(2, retryAfter)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: h.Factories(),
		Steps:                    []resource.TestStep{{Config: secretConfig(h, appName(), ""), Check: checkEmulatedSecretIsOnlyOne(h)}},
	})
	var throttled, added time.Time
	n := 0
	for _, e := range h.Emu.Log.Entries() {
		switch {
		case e.Status == http.StatusTooManyRequests && strings.HasSuffix(e.Path, "/addPassword"):
			throttled, n = e.Time, n+1
		case e.Route == secretAddRoute && e.Status == http.StatusOK && added.IsZero():
			added = e.Time
		}
	}
	if n != 2 || added.Before(throttled) {
		t.Fatalf("want 2 throttled addPassword requests, then one that succeeds:\n%s", h.Emu.Log.Summary())
	}
	if gap := added.Sub(throttled); gap < retryAfter-50*time.Millisecond {
		t.Errorf("retried %v after a 429 with Retry-After %v", gap, retryAfter)
	}
}

// A secret added whose wait for agreeing reads fails is still recorded,
// tainted, with its value: state tells the truth, and the next apply
// replaces it rather than leaving it orphaned in the directory.
func TestAccEntraClientSecret_partialFailureKeepsTruthfulState(t *testing.T) {
	h := acctest.New(t)
	h.RequireEmulator(t, "secret lag injection")
	// Longer than the create timeout, short enough that a failing test's
	// destroy (which waits for the removal to show) ends soon.
	h.Emu.Graph.SetSecretLag(15 * time.Second)
	name := appName()
	body := `  timeouts {
    create = "2s"
  }`
	var addedKey string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: h.Factories(),
		Steps: []resource.TestStep{
			{Config: secretConfig(h, name, body), ExpectError: secretDiag(`Creating client secret for application.*was added, but reads did not converge.*marked tainted: the next apply replaces it`)},
			{
				PreConfig:    func() { h.Emu.Graph.SetSecretLag(0) },
				RefreshState: true,
				// Terraform plans to replace the tainted secret.
				ExpectNonEmptyPlan: true,
				Check: resource.ComposeAggregateTestCheckFunc(checkEmulatedSecretIsOnlyOne(h), func(s *terraform.State) error {
					rs := s.RootModule().Resources[secretAddr].Primary
					addedKey = rs.Attributes["key_id"]
					if !rs.Tainted || !secretFormat.MatchString(rs.Attributes["value"]) || !guid.MatchString(addedKey) {
						return fmt.Errorf("want a tainted secret with key id and value in state; tainted %v, key %q", rs.Tainted, addedKey)
					}
					return nil
				}),
			},
			{
				Config: secretConfig(h, name, body),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(secretAddr, plancheck.ResourceActionReplace),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(checkEmulatedSecretIsOnlyOne(h), checkSecretState(func(a map[string]string) error {
					if a["key_id"] == addedKey {
						return fmt.Errorf("the tainted secret %s was kept", addedKey)
					}
					return nil
				})),
			},
		},
	})
}
