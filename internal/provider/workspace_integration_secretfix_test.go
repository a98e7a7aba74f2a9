package provider_test

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/acctest"
	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/emulator/graphapi"
	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/emulator/unifiedapi"
)

// mintedConfigWithin is mintedConfig with an update timeout, so that
// retries of lost answers end within the test.
func mintedConfigWithin(h *acctest.Harness, name, rotation string) string {
	return strings.Replace(mintedConfig(h, name, rotation), "  entra_client_secret {", "  timeouts {\n    update = \"8s\"\n  }\n  entra_client_secret {", 1)
}

// liveSecrets is what Entra and Unified.to hold now: the application's
// secrets (key id -> hint), and whether Unified.to's secret is one of them.
func liveSecrets(t *testing.T, h *acctest.Harness) (hints map[string]string, unifiedHoldsOne bool) {
	t.Helper()
	apps := h.Emu.Graph.Applications()
	if len(apps) != 1 {
		t.Fatalf("Graph holds %d applications, want 1", len(apps))
	}
	hints = map[string]string{}
	for _, pc := range apps[0].PasswordCredentials {
		hints[strings.ToLower(pc.KeyID)] = pc.Hint
	}
	wi, _ := h.Emu.Unified["us"].WorkspaceIntegration("microsoftdynamicssales", "Production")
	for _, hint := range hints {
		if hint != "" && len(wi.Auth.ClientSecret) >= 20 && strings.HasPrefix(wi.Auth.ClientSecret, hint) {
			unifiedHoldsOne = true
		}
	}
	return hints, unifiedHoldsOne
}

// Unified.to carries out the rotation's PUT but its answers are lost: the
// provider cannot know whether Unified.to holds the new secret, so it keeps
// it in Entra (beside the old one) and fails; the next apply rotates again
// and leaves exactly one secret, the one Unified.to holds.
func TestAccWorkspaceIntegration_mintedSecretLostRotationAnswerKeepsTheNewOne(t *testing.T) {
	h := acctest.New(t)
	h.RequireEmulator(t, "a lost answer")
	name := appName()
	var secrets []string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: h.Factories(),
		Steps: []resource.TestStep{
			{Config: mintedConfigWithin(h, name, "1"), Check: checkMinted(t, h, &secrets)},
			{
				PreConfig:   func() { h.Emu.Unified["us"].LoseAnswers(http.MethodPut, 1000) },
				Config:      mintedConfigWithin(h, name, "2"),
				ExpectError: regexp.MustCompile(`Updating Unified.to integration`),
			},
			{
				PreConfig: func() {
					h.Emu.Unified["us"].LoseAnswers(http.MethodPut, 0)
					hints, held := liveSecrets(t, h)
					if len(hints) != 2 || !held {
						t.Errorf("after the lost answer: Entra holds %d secrets (want the old and the new), Unified.to holds one of them: %v", len(hints), held)
					}
				},
				Config: mintedConfigWithin(h, name, "2"),
				Check:  checkMinted(t, h, &secrets),
			},
		},
	})
}

// The minted secret is deleted by hand in Entra: the next plan shows the
// rotation (Read asks Graph when the block is present), and the apply gives
// Unified.to a secret Entra has.
func TestAccWorkspaceIntegration_mintedSecretDeletedInEntraPlansARotation(t *testing.T) {
	h := acctest.New(t)
	h.RequireEmulator(t, "an out-of-band deletion")
	name := appName()
	var secrets []string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: h.Factories(),
		Steps: []resource.TestStep{
			{Config: mintedConfig(h, name, "1"), Check: checkMinted(t, h, &secrets)},
			{
				PreConfig: func() {
					apps := h.Emu.Graph.Applications()
					if len(apps) != 1 {
						t.Fatalf("Graph holds %d applications, want 1", len(apps))
					}
					if err := h.Emu.Graph.UpdateApplication(apps[0].ID, func(a *graphapi.Application) { a.PasswordCredentials = nil }); err != nil {
						t.Fatal(err)
					}
				},
				Config: mintedConfig(h, name, "1"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(mintedAddr, plancheck.ResourceActionUpdate),
				}},
				Check: checkMinted(t, h, &secrets),
			},
		},
	})
}

// The block is replaced by client_secret: once Unified.to holds the new
// secret, the secrets the block minted are removed from Entra.
func TestAccWorkspaceIntegration_droppingTheMintedSecretBlockRemovesItsSecrets(t *testing.T) {
	h := acctest.New(t)
	h.RequireEmulator(t, "reading what the services stored")
	name := appName()
	var secrets []string
	const literal = "switched-to-a-literal-secret-0123456789"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: h.Factories(),
		Steps: []resource.TestStep{
			{Config: mintedConfig(h, name, "1"), Check: checkMinted(t, h, &secrets)},
			{
				Config: h.Config(fmt.Sprintf(`
resource "unifiedto_entra_application" "app" {
  display_name = %q
}
resource "unifiedto_workspace_integration" "dynamics" {
  integration_type = "microsoftdynamicssales"
  client_id        = unifiedto_entra_application.app.client_id
  client_secret    = %q
}
`, name, literal)),
				Check: func(*terraform.State) error {
					apps := h.Emu.Graph.Applications()
					if len(apps) != 1 {
						return fmt.Errorf("Graph holds %d applications, want 1", len(apps))
					}
					for _, pc := range apps[0].PasswordCredentials {
						if pc.DisplayName != nil && strings.Contains(*pc.DisplayName, "[unifiedto:") {
							return fmt.Errorf("a minted secret remains in Entra: %s", *pc.DisplayName)
						}
					}
					if wi, _ := h.Emu.Unified["us"].WorkspaceIntegration("microsoftdynamicssales", "Production"); wi.Auth.ClientSecret != literal {
						return fmt.Errorf("Unified.to does not hold the configured secret")
					}
					return nil
				},
			},
		},
	})
}

// Adoption is not silent: the apply warns, naming the configuration it
// adopted and what the PUT overwrote.
func TestAccWorkspaceIntegration_adoptionWarnsNamingTheConfiguration(t *testing.T) {
	h := acctest.New(t)
	h.RequireEmulator(t, "a configuration left by a killed apply")
	readLog := captureTerraformLogs(t)
	if err := h.Emu.Unified["us"].UpdateWorkspaceIntegration("microsoftdynamicssales", "Production", func(wi *unifiedapi.WorkspaceIntegration) {
		wi.Auth.ClientID, wi.Auth.ClientSecret = "our-client", wiSecret1
	}); err != nil {
		t.Fatal(err)
	}
	left, _ := storedIntegration(t, h, "Production")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: h.Factories(),
		Steps: []resource.TestStep{{
			Config: wiSecretConfig(h, "our-client", wiSecret2, `  permissions = ["crm_deal_read"]`),
		}},
	})
	logs := readLog()
	// The warning is logged as one line holding its summary and detail.
	for _, line := range strings.Split(logs, "\n") {
		if strings.Contains(line, "Adopted an existing Unified.to configuration") &&
			strings.Contains(line, "Configuration "+left.ID+" of microsoftdynamicssales in Production") {
			return
		}
	}
	t.Fatalf("the apply's log has no adoption warning naming %s (%d bytes of log)", left.ID, len(logs))
}
