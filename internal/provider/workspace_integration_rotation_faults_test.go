package provider_test

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/acctest"
)

// faultConfig is mintedConfigWithin with a delete timeout too, so that a
// failing test's destroy under an injected fault ends soon.
func faultConfig(h *acctest.Harness, name, rotation string) string {
	return strings.Replace(mintedConfigWithin(h, name, rotation), "    update = \"8s\"\n", "    update = \"8s\"\n    delete = \"8s\"\n", 1)
}

// A rotation runs: add the new secret, wait for Graph, write it to
// Unified.to, remove the old one. workspace_integration_minted_test.go
// fails the Unified.to write, workspace_integration_secretfix_test.go
// loses its answer; these fail the two Graph steps. Each failed apply must
// leave a secret that works in both services and a state that tells the
// truth, and the next apply must finish the rotation.

// Graph refuses addPassword (a tenant policy caps secret lifetimes below
// the block's year): nothing has moved, the old secret is still the only
// one in Entra and the one Unified.to holds, and once the policy allows it
// the next apply rotates.
func TestAccWorkspaceIntegration_mintedSecretRotationRefusedByGraphKeepsTheOldOne(t *testing.T) {
	h := acctest.New(t)
	h.RequireEmulator(t, "a tenant lifetime policy set mid-test")
	rotationFailsAtAddPassword(t, h,
		func() { h.Emu.Graph.SetCredentialLifetimePolicy("Max 90 days", 90*24*time.Hour) },
		func() { h.Emu.Graph.SetCredentialLifetimePolicy("", 0) },
		regexp.MustCompile(`Credential lifetime exceeds the max value allowed as per assigned policy`))
}

// addPassword fails with 503 until the update timeout ends: the same.
func TestAccWorkspaceIntegration_mintedSecretRotationWithAddPasswordFailingKeepsTheOldOne(t *testing.T) {
	h := acctest.New(t)
	h.RequireEmulator(t, "fault injection")
	rotationFailsAtAddPassword(t, h,
		func() {
			h.Emu.GraphFaults.OnlyFor(func(r *http.Request) bool { return strings.HasSuffix(r.URL.Path, "/addPassword") })
			h.Emu.GraphFaults.FailNext(1<<20, http.StatusServiceUnavailable)
		},
		func() { h.Emu.GraphFaults.FailNext(0, 0) },
		regexp.MustCompile(`503`))
}

// rotationFailsAtAddPassword applies the minted secret, fails the rotation
// at addPassword with inject, checks that the old secret is untouched
// everywhere, then lets the next apply (after undo) finish the rotation.
func rotationFailsAtAddPassword(t *testing.T, h *acctest.Harness, inject, undo func(), wantErr *regexp.Regexp) {
	name := appName()
	var secrets []string
	var oldKey string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: h.Factories(),
		Steps: []resource.TestStep{
			{
				Config: faultConfig(h, name, "1"),
				Check:  resource.ComposeTestCheckFunc(checkMinted(t, h, &secrets), rememberKey(&oldKey), checkUnifiedHoldsStateSecret(h)),
			},
			{
				PreConfig:   inject,
				Config:      faultConfig(h, name, "2"),
				ExpectError: wantErr,
			},
			{
				// Entra holds only the old secret, Unified.to holds it, and
				// state still records it: a plan of the old configuration,
				// refreshed, has nothing to do.
				PreConfig: func() {
					undo()
					hints := secretsInEntra(t, h)
					if len(hints) != 1 || hints[oldKey] == "" {
						t.Errorf("after the failed addPassword Entra holds %v, want only the old secret %s", keys(hints), oldKey)
					}
					if held := unifiedHolds(t, h); held != oldKey {
						t.Errorf("after the failed addPassword Unified.to holds secret %q, want the old one %s", held, oldKey)
					}
				},
				Config:   faultConfig(h, name, "1"),
				PlanOnly: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPreRefresh: []plancheck.PlanCheck{
					priorKeyID(func() string { return oldKey }),
				}},
			},
			{
				Config: faultConfig(h, name, "2"),
				Check:  resource.ComposeTestCheckFunc(checkMinted(t, h, &secrets), checkUnifiedHoldsStateSecret(h)),
			},
		},
	})
	if len(secrets) != 2 || secrets[0] == secrets[1] {
		t.Fatalf("want the rotation finished by the next apply, got %d secrets", len(secrets))
	}
}

// removePassword fails after Unified.to confirmed the new secret: the
// apply fails saying the old secret still works, Unified.to holds the new
// one, Entra holds both, and state records the new one. The next plan
// shows a rotation (Entra holds a secret of this integration that state
// does not record), and its apply leaves one secret, the one Unified.to
// holds.
func TestAccWorkspaceIntegration_mintedSecretRotationWhoseRemovalFailsIsFinishedByTheNextApply(t *testing.T) {
	h := acctest.New(t)
	h.RequireEmulator(t, "fault injection")
	name := appName()
	var secrets []string
	var oldKey string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: h.Factories(),
		Steps: []resource.TestStep{
			{
				Config: faultConfig(h, name, "1"),
				Check:  resource.ComposeTestCheckFunc(checkMinted(t, h, &secrets), rememberKey(&oldKey)),
			},
			{
				PreConfig: func() {
					h.Emu.GraphFaults.OnlyFor(func(r *http.Request) bool { return strings.HasSuffix(r.URL.Path, "/removePassword") })
					h.Emu.GraphFaults.FailNext(1<<20, http.StatusServiceUnavailable)
				},
				Config:      faultConfig(h, name, "2"),
				ExpectError: regexp.MustCompile(`(?s)Removing the previous client secret.*the previous secret still\s+works\s+in\s+Entra`),
			},
			{
				PreConfig: func() {
					h.Emu.GraphFaults.FailNext(0, 0)
					hints := secretsInEntra(t, h)
					held := unifiedHolds(t, h)
					if len(hints) != 2 || hints[oldKey] == "" || held == "" || held == oldKey {
						t.Errorf("after the failed removal Entra holds %v and Unified.to holds %q; want the old %s and the new one, Unified.to the new one", keys(hints), held, oldKey)
					}
				},
				Config:             faultConfig(h, name, "2"),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPreRefresh: []plancheck.PlanCheck{priorKeyID(func() string { return unifiedHolds(t, h) })},
					PostApplyPostRefresh: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(mintedAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectUnknownValue(mintedAddr, tfjsonpath.New("entra_client_secret").AtMapKey("key_id")),
					},
				},
			},
			{
				Config: faultConfig(h, name, "2"),
				Check:  resource.ComposeTestCheckFunc(checkMinted(t, h, &secrets), checkUnifiedHoldsStateSecret(h)),
			},
		},
	})
}

// rememberKey keeps the key id the integration's state records.
func rememberKey(key *string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		*key = strings.ToLower(s.RootModule().Resources[mintedAddr].Primary.Attributes["entra_client_secret.key_id"])
		if *key == "" {
			return fmt.Errorf("the state records no key id")
		}
		return nil
	}
}

// secretsInEntra returns the one application's secrets: key id -> hint.
func secretsInEntra(t *testing.T, h *acctest.Harness) map[string]string {
	t.Helper()
	hints, _ := liveSecrets(t, h)
	return hints
}

// unifiedHolds returns the key id of the Entra secret Unified.to holds, ""
// when it holds none that is live (Graph's emulator verifies the value).
func unifiedHolds(t *testing.T, h *acctest.Harness) string {
	t.Helper()
	apps := h.Emu.Graph.Applications()
	if len(apps) != 1 {
		t.Fatalf("Graph holds %d applications, want 1", len(apps))
	}
	wi, _ := h.Emu.Unified["us"].WorkspaceIntegration("microsoftdynamicssales", "Production")
	keyID, _ := h.Emu.Graph.SecretKeyID(apps[0].ID, wi.Auth.ClientSecret)
	return strings.ToLower(keyID)
}

// checkUnifiedHoldsStateSecret checks that the value Unified.to holds is
// the live Entra secret the integration's state records.
func checkUnifiedHoldsStateSecret(h *acctest.Harness) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		want := strings.ToLower(s.RootModule().Resources[mintedAddr].Primary.Attributes["entra_client_secret.key_id"])
		apps := h.Emu.Graph.Applications()
		if len(apps) != 1 {
			return fmt.Errorf("Graph holds %d applications, want 1", len(apps))
		}
		wi, _ := h.Emu.Unified["us"].WorkspaceIntegration("microsoftdynamicssales", "Production")
		if got, ok := h.Emu.Graph.SecretKeyID(apps[0].ID, wi.Auth.ClientSecret); !ok || !strings.EqualFold(got, want) {
			return fmt.Errorf("Unified.to holds secret %q (live: %v), want the one state records, %s", got, ok, want)
		}
		return nil
	}
}

// priorKeyID checks that the state a plan starts from records the key id
// want returns: what the last apply left in state, failed or not.
func priorKeyID(want func() string) plancheck.PlanCheck { return priorKeyCheck{want} }

type priorKeyCheck struct{ want func() string }

func (c priorKeyCheck) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	want := c.want()
	if req.Plan.PriorState == nil || req.Plan.PriorState.Values == nil {
		resp.Error = fmt.Errorf("the plan has no prior state")
		return
	}
	for _, r := range req.Plan.PriorState.Values.RootModule.Resources {
		if r.Address != mintedAddr {
			continue
		}
		block, _ := r.AttributeValues["entra_client_secret"].(map[string]any)
		got, _ := block["key_id"].(string)
		if want == "" || !strings.EqualFold(got, want) {
			resp.Error = fmt.Errorf("state records key id %q, want %q", got, want)
		}
		return
	}
	resp.Error = fmt.Errorf("the prior state has no %s", mintedAddr)
}

func keys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
