package provider_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/acctest"
)

// guideConfig is every step of Unified.to's Dynamics 365 guide on one
// application, as examples/end-to-end does it.
func guideConfig(h *acctest.Harness, name, rotation string) string {
	return h.Config(fmt.Sprintf(`
resource "unifiedto_entra_application" "app" {
  display_name = %q
}
resource "unifiedto_entra_redirect_uris" "app" {
  application_object_id = unifiedto_entra_application.app.object_id
  unified_regions       = ["eu", "us"]
  redirect_uris         = ["https://unified.acme.example/oauth/code"]
}
resource "unifiedto_entra_api_access" "graph" {
  application_object_id = unifiedto_entra_application.app.object_id
  api                   = "microsoft_graph"
  scopes                = ["openid", "email", "offline_access"]
}
resource "unifiedto_entra_api_access" "dynamics" {
  application_object_id = unifiedto_entra_application.app.object_id
  api                   = "dynamics_crm"
  scopes                = ["user_impersonation"]
}
resource "unifiedto_entra_client_secret" "app" {
  application_object_id = unifiedto_entra_application.app.object_id
  display_name          = "unified.to"
  end_date_relative     = "8760h"
  rotate_when_changed   = { rotation = %q }
  lifecycle {
    create_before_destroy = true
  }
}
resource "unifiedto_workspace_integration" "dynamics" {
  integration_type         = "microsoftdynamicssales"
  client_id                = unifiedto_entra_application.app.client_id
  client_secret_wo         = unifiedto_entra_client_secret.app.value
  client_secret_wo_version = unifiedto_entra_client_secret.app.key_id
}
`, name, rotation))
}

// TestAccGuide_wholeGuideOnOneApplication applies the guide with Terraform's
// default parallelism (10) against services 50 ms away, so the resources
// sharing the application really write it at the same time; then rotates
// the secret and follows it into Unified.to; and proves no secret reached
// the trace log.
func TestAccGuide_wholeGuideOnOneApplication(t *testing.T) {
	h := acctest.New(t)
	h.RequireEmulator(t, "reading what the services stored")
	for _, f := range []interface{ SetLatency(time.Duration) }{h.Emu.LoginFaults, h.Emu.GraphFaults, h.Emu.UnifiedFaults} {
		f.SetLatency(50 * time.Millisecond)
	}
	readLog := captureTerraformLogs(t)
	var secrets []string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: h.Factories(),
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)}, // write-only
		Steps: []resource.TestStep{
			{
				Config:           guideConfig(h, appName(), "1"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check:            checkGuideStored(h, &secrets),
			},
			{
				Config: guideConfig(h, appName(), "2"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("unifiedto_entra_client_secret.app", plancheck.ResourceActionCreateBeforeDestroy),
					plancheck.ExpectResourceAction("unifiedto_workspace_integration.dynamics", plancheck.ResourceActionUpdate),
				}},
				Check: checkGuideStored(h, &secrets),
			},
		},
	})
	if len(secrets) != 2 || secrets[0] == secrets[1] {
		t.Fatalf("expected two different secrets over the rotation, got %d", len(secrets))
	}
	logs := readLog()
	if !strings.Contains(logs, "/unified/workspaceintegration") || !strings.Contains(logs, "/addPassword") {
		t.Fatalf("the trace log lacks the requests, so it cannot prove anything (%d bytes)", len(logs))
	}
	for i, s := range secrets {
		if strings.Contains(logs, s) {
			t.Errorf("secret %d is in the TF_LOG=trace output", i)
		}
	}
}

// checkGuideStored checks Graph's and Unified.to's own records: every
// redirect URI and permission on the one application, and the current
// Entra secret in Unified.to.
func checkGuideStored(h *acctest.Harness, secrets *[]string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		attrs := func(addr string) map[string]string { return s.RootModule().Resources[addr].Primary.Attributes }
		app, ok := h.Emu.Graph.Application(attrs("unifiedto_entra_application.app")["object_id"])
		if !ok {
			return fmt.Errorf("the application is not in Graph")
		}
		wantURIs := []string{"https://api-eu.unified.to/oauth/code", "https://api.unified.to/oauth/code", "https://unified.acme.example/oauth/code"}
		gotURIs := slices.Sorted(slices.Values(app.Web.RedirectURIs))
		slices.Sort(wantURIs)
		if !slices.Equal(gotURIs, wantURIs) {
			return fmt.Errorf("Graph holds redirect URIs %v, want %v", gotURIs, wantURIs)
		}
		scopes := map[string]int{}
		for _, rra := range app.RequiredResourceAccess {
			scopes[rra.ResourceAppID] = len(rra.ResourceAccess)
		}
		if scopes["00000003-0000-0000-c000-000000000000"] != 3 || scopes["00000007-0000-0000-c000-000000000000"] != 1 || len(scopes) != 2 {
			return fmt.Errorf("Graph holds permissions %v, want 3 on Microsoft Graph and 1 on Dynamics CRM", scopes)
		}
		secret := attrs("unifiedto_entra_client_secret.app")
		if len(app.PasswordCredentials) != 1 || !strings.EqualFold(app.PasswordCredentials[0].KeyID, secret["key_id"]) {
			return fmt.Errorf("Graph holds %d secrets, want exactly the current one", len(app.PasswordCredentials))
		}
		wi, ok := h.Emu.Unified["us"].WorkspaceIntegration("microsoftdynamicssales", "Production")
		if !ok || wi.Auth.ClientID != app.AppID || wi.Auth.ClientSecret != secret["value"] || !wi.IsActive {
			return fmt.Errorf("Unified.to does not hold the application's client id and current secret (configured: %v)", ok)
		}
		*secrets = append(*secrets, secret["value"])
		return nil
	}
}
