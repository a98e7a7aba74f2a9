package provider_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/acctest"
)

// Step 2 of a rotation, the wait until Graph's reads agree on the new
// secret, fails: the other steps' failures are in
// workspace_integration_rotation_faults_test.go.

// waitConfig is mintedConfig with the given update timeout, and a delete
// timeout so that a failing test's destroy ends soon.
func waitConfig(h *acctest.Harness, name, rotation, update string) string {
	return strings.Replace(mintedConfig(h, name, rotation), "  entra_client_secret {",
		fmt.Sprintf("  timeouts {\n    update = %q\n    delete = \"8s\"\n  }\n  entra_client_secret {", update), 1)
}

// The new secret stays invisible to Graph's reads (secret lag) for longer
// than the update timeout: the wait never sees agreement, so the apply
// fails naming the wait, and the new secret is never written to Unified.to.
// Unified.to still holds the old secret, Entra still has it (and perhaps
// the unconfirmed new one), and state still records it. With the lag gone,
// the next apply finishes the rotation: one secret in Entra, the one
// Unified.to holds and state records.
func TestAccWorkspaceIntegration_mintedSecretRotationNeverConfirmedByGraphKeepsTheOldOne(t *testing.T) {
	h := acctest.New(t)
	h.RequireEmulator(t, "a secret lag set mid-test")
	const (
		update = 3 * time.Second
		lag    = 5 * time.Second // longer than update: reads cannot agree in time
	)
	name := appName()
	var secrets []string
	var oldKey string
	var oldAddedBy time.Time
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: h.Factories(),
		Steps: []resource.TestStep{
			{
				Config: waitConfig(h, name, "1", "30s"),
				Check: resource.ComposeTestCheckFunc(checkMinted(t, h, &secrets), rememberKey(&oldKey), checkUnifiedHoldsStateSecret(h),
					func(*terraform.State) error { oldAddedBy = time.Now(); return nil }),
			},
			{
				// The lag hides every secret younger than it, so wait until
				// the old one is older: the refresh must still see it, and
				// only the new one stays unseen.
				PreConfig: func() {
					time.Sleep(time.Until(oldAddedBy.Add(lag + 500*time.Millisecond)))
					h.Emu.Graph.SetSecretLag(lag)
				},
				Config:      waitConfig(h, name, "2", update.String()),
				ExpectError: regexp.MustCompile(`(?s)Minting a client secret.*wait\s+for\s+Graph's\s+reads\s+to\s+agree.*not\s+written\s+to\s+Unified\.to.*Unified\.to\s+still\s+holds\s+the\s+previous\s+secret.*reads\s+did\s+not\s+show\s+secret`),
			},
			{
				// Nothing Unified.to or state knows has moved; the plan
				// starts from the old key id and rotates.
				PreConfig: func() {
					h.Emu.Graph.SetSecretLag(0)
					hints := secretsInEntra(t, h)
					if hints[oldKey] == "" || len(hints) > 2 {
						t.Errorf("after the unconfirmed rotation Entra holds %v, want the old secret %s and at most the unconfirmed new one", keys(hints), oldKey)
					}
					if held := unifiedHolds(t, h); held != oldKey {
						t.Errorf("after the unconfirmed rotation Unified.to holds secret %q, want the old one %s", held, oldKey)
					}
				},
				Config:             waitConfig(h, name, "2", "30s"),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPreRefresh:  []plancheck.PlanCheck{priorKeyID(func() string { return oldKey })},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectResourceAction(mintedAddr, plancheck.ResourceActionUpdate)},
				},
			},
			{
				Config: waitConfig(h, name, "2", "30s"),
				Check: resource.ComposeTestCheckFunc(checkMinted(t, h, &secrets), checkUnifiedHoldsStateSecret(h),
					func(s *terraform.State) error {
						if key := strings.ToLower(s.RootModule().Resources[mintedAddr].Primary.Attributes["entra_client_secret.key_id"]); key == oldKey {
							return fmt.Errorf("state still records the old secret %s after the finishing apply", oldKey)
						}
						return nil
					}),
			},
		},
	})
	if len(secrets) != 2 || secrets[0] == secrets[1] {
		t.Fatalf("want the rotation finished by the next apply, got %d secrets", len(secrets))
	}
}
