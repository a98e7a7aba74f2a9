package provider_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/acctest"
)

const mintedAddr = "unifiedto_workspace_integration.dynamics"

// mintedConfig is the guide's application with the integration minting
// its own secret; rotation is the rotate_when_changed keeper.
func mintedConfig(h *acctest.Harness, name, rotation string) string {
	return h.Config(fmt.Sprintf(`
resource "unifiedto_entra_application" "app" {
  display_name = %q
}
resource "unifiedto_workspace_integration" "dynamics" {
  integration_type = "microsoftdynamicssales"
  client_id        = unifiedto_entra_application.app.client_id
  entra_client_secret {
    application_object_id = unifiedto_entra_application.app.object_id
    end_date_relative     = "8760h"
    renew_before          = "720h"
    rotate_when_changed   = { rotation = %q }
  }
}
output "secret" {
  value = unifiedto_workspace_integration.dynamics.entra_client_secret
}
`, name, rotation))
}

// mintedFacts reads what Graph and Unified.to hold: the application's
// secrets (key id -> hint) and the secret Unified.to stores.
func mintedFacts(t *testing.T, h *acctest.Harness, s *terraform.State) (hints map[string]string, stored string) {
	t.Helper()
	app, ok := h.Emu.Graph.Application(s.RootModule().Resources["unifiedto_entra_application.app"].Primary.Attributes["object_id"])
	if !ok {
		t.Fatal("the application is not in Graph")
	}
	hints = map[string]string{}
	for _, pc := range app.PasswordCredentials {
		hints[strings.ToLower(pc.KeyID)] = pc.Hint
	}
	wi, _ := h.Emu.Unified["us"].WorkspaceIntegration("microsoftdynamicssales", "Production")
	return hints, wi.Auth.ClientSecret
}

// checkMinted checks that Graph holds exactly the secret state records,
// that Unified.to holds that very secret (its first characters are the
// hint), and remembers the secret so that later checks can look for it.
func checkMinted(t *testing.T, h *acctest.Harness, secrets *[]string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		attrs := s.RootModule().Resources[mintedAddr].Primary.Attributes
		keyID := strings.ToLower(attrs["entra_client_secret.key_id"])
		hints, stored := mintedFacts(t, h, s)
		if len(hints) != 1 || hints[keyID] == "" || !strings.HasPrefix(stored, hints[keyID]) || len(stored) < 20 {
			return fmt.Errorf("Graph holds %d secrets (want exactly %s), and Unified.to's secret does not start with its hint", len(hints), keyID)
		}
		*secrets = append(*secrets, stored)
		return nil
	}
}

// The minted secret reaches Unified.to and nowhere in Terraform: not the
// state, the plan, the outputs or the trace log. A change of
// rotate_when_changed rotates it in order: add the new secret, write it to
// Unified.to, and only then remove the old one.
func TestAccWorkspaceIntegration_mintedSecretRotatesInOrderAndIsKeptNowhere(t *testing.T) {
	h := acctest.New(t)
	h.RequireEmulator(t, "reading what the services stored")
	readLog := captureTerraformLogs(t)
	name := appName()
	var secrets []string
	lacksSecrets := statecheckFunc(func(state string) error {
		for _, s := range secrets {
			if strings.Contains(state, s) {
				return fmt.Errorf("the state holds a minted secret")
			}
		}
		return nil
	})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: h.Factories(),
		Steps: []resource.TestStep{
			{
				Config:            mintedConfig(h, name, "1"),
				Check:             checkMinted(t, h, &secrets),
				ConfigStateChecks: []statecheck.StateCheck{lacksSecrets},
				ConfigPlanChecks:  resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				PreConfig: func() { h.Emu.Log.Reset() },
				Config:    mintedConfig(h, name, "2"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(mintedAddr, plancheck.ResourceActionUpdate),
					plancheckFunc(func(plan string) error { // the plan file, as show -json renders it
						if strings.Contains(plan, secrets[0]) {
							return fmt.Errorf("the plan holds the current minted secret")
						}
						return nil
					}),
				}},
				Check: resource.ComposeTestCheckFunc(checkMinted(t, h, &secrets), func(*terraform.State) error {
					return checkRotationOrder(h)
				}),
				ConfigStateChecks: []statecheck.StateCheck{lacksSecrets},
			},
		},
	})
	if len(secrets) != 2 || secrets[0] == secrets[1] {
		t.Fatalf("want two different minted secrets, got %d", len(secrets))
	}
	logs := readLog()
	if !strings.Contains(logs, "/addPassword") || !strings.Contains(logs, "/unified/workspaceintegration") {
		t.Fatalf("the trace log lacks the requests, so it cannot prove anything (%d bytes)", len(logs))
	}
	for i, s := range secrets {
		for _, form := range secretForms(s) {
			if strings.Contains(logs, form) {
				t.Errorf("secret %d is in the TF_LOG=trace output", i)
			}
		}
	}
}

// checkRotationOrder reads the request log: the new secret is added, then
// written to Unified.to, then the old one removed.
func checkRotationOrder(h *acctest.Harness) error {
	at := map[string]int{}
	for i, e := range h.Emu.Log.Entries() {
		var key string
		switch {
		case e.Service == "graph" && strings.HasSuffix(e.Route, "/addPassword"):
			key = "add"
		case strings.HasPrefix(e.Service, "unified") && e.Method == http.MethodPut:
			key = "unified"
		case e.Service == "graph" && strings.HasSuffix(e.Route, "/removePassword"):
			key = "remove"
		default:
			continue
		}
		if _, seen := at[key]; !seen {
			at[key] = i
		}
	}
	add, okA := at["add"]
	put, okP := at["unified"]
	remove, okR := at["remove"]
	if !okA || !okP || !okR || !(add < put && put < remove) {
		return fmt.Errorf("rotation order = %v, want addPassword < Unified.to PUT < removePassword", at)
	}
	return nil
}

// Unified.to refuses the rotated secret: the apply fails, the old secret
// stays the only one in Entra and the one in Unified.to, and the next
// apply finishes the rotation.
func TestAccWorkspaceIntegration_mintedSecretFailedRotationKeepsTheOldOne(t *testing.T) {
	h := acctest.New(t)
	h.RequireEmulator(t, "fault injection")
	name := appName()
	var secrets []string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: h.Factories(),
		Steps: []resource.TestStep{
			{Config: mintedConfig(h, name, "1"), Check: checkMinted(t, h, &secrets)},
			{
				PreConfig:   func() { h.Emu.Unified["us"].RejectWrites(1) },
				Config:      mintedConfig(h, name, "2"),
				ExpectError: regexp.MustCompile(`400 Bad Request`),
			},
			{
				// Nothing moved: Entra holds only the old secret, Unified.to
				// holds it, and the state still records it.
				PreConfig: func() {
					apps := h.Emu.Graph.Applications()
					wi, _ := h.Emu.Unified["us"].WorkspaceIntegration("microsoftdynamicssales", "Production")
					if len(apps) != 1 || len(apps[0].PasswordCredentials) != 1 || wi.Auth.ClientSecret != secrets[0] {
						t.Errorf("after the failed rotation: %d applications, Unified.to holds the old secret: %v", len(apps), wi.Auth.ClientSecret == secrets[0])
					}
				},
				Config:             mintedConfig(h, name, "1"),
				PlanOnly:           true,
				ExpectNonEmptyPlan: false,
			},
			{
				Config: mintedConfig(h, name, "2"),
				Check:  checkMinted(t, h, &secrets),
			},
		},
	})
	if len(secrets) != 2 || secrets[0] == secrets[1] {
		t.Fatalf("want the rotation finished by the next apply, got %d secrets", len(secrets))
	}
}

// statecheckFunc is a StateCheck over the state as `terraform show -json`
// renders it, outputs included.
type statecheckFunc func(state string) error

func (f statecheckFunc) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	raw, err := json.Marshal(req.State)
	if err == nil && len(raw) < 100 {
		err = fmt.Errorf("the state JSON is suspiciously short (%d bytes)", len(raw))
	}
	if err == nil {
		err = f(string(raw))
	}
	resp.Error = err
}

// plancheckFunc is a PlanCheck over the plan as `terraform show -json`
// renders the saved plan file.
type plancheckFunc func(plan string) error

func (f plancheckFunc) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	raw, err := json.Marshal(req.Plan)
	if err == nil && len(raw) < 100 {
		err = fmt.Errorf("the plan JSON is suspiciously short (%d bytes)", len(raw))
	}
	if err == nil {
		err = f(string(raw))
	}
	resp.Error = err
}
