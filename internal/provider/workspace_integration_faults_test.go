package provider_test

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/acctest"
	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/emulator/unifiedapi"
)

func TestAccWorkspaceIntegration_badInputFailsAtPlanWithoutWrites(t *testing.T) {
	h := acctest.New(t)
	cases := map[string]struct{ body, want string }{
		"no secret":                {`  client_id = "c"`, `Missing client secret`},
		"two secrets":              {`  client_id = "c"` + "\n" + `  client_secret = "a"` + "\n" + `  client_secret_wo = "b"`, `Two client secrets`},
		"version without wo":       {`  client_id = "c"` + "\n" + `  client_secret = "a"` + "\n" + `  client_secret_wo_version = "1"`, `client_secret_wo_version without`},
		"wo without version":       {`  client_id = "c"` + "\n" + `  client_secret_wo = "b"`, `(?s)client_secret_wo without client_secret_wo_version.*never reach Unified.to`},
		"empty client id":          {`  client_id = ""` + "\n" + `  client_secret = "a"`, `client_id.*length`},
		"empty secret":             {`  client_id = "c"` + "\n" + `  client_secret = ""`, `client_secret.*length`},
		"empty scope overrides":    {`  client_id = "c"` + "\n" + `  client_secret = "a"` + "\n" + `  scope_overrides = {}`, `scope_overrides.*at least 1`},
		"empty permissions":        {`  client_id = "c"` + "\n" + `  client_secret = "a"` + "\n" + `  permissions = []`, `permissions.*at least 1`},
		"unknown permission":       {`  client_id = "c"` + "\n" + `  client_secret = "a"` + "\n" + `  permissions = ["crm_contacts_read"]`, `(?s)Unknown Unified.to permission.*crm_contacts_read.*Did\s+you\s+mean\s+crm_contact_read`},
		"comma-joined permissions": {`  client_id = "c"` + "\n" + `  client_secret = "a"` + "\n" + `  permissions = ["crm_contact_read,crm_deal_read"]`, `(?s)Unknown Unified.to permission.*its own element`},
		"unknown override key":     {`  client_id = "c"` + "\n" + `  client_secret = "a"` + "\n" + `  scope_overrides = { crm_contct_read = "x" }`, `(?s)Unknown Unified.to permission.*scope_overrides.*crm_contct_read.*Did\s+you\s+mean\s+crm_contact_read`},
		"bad auth_type":            {`  client_id = "c"` + "\n" + `  client_secret = "a"` + "\n" + `  auth_type = "oauth1"`, `(?s)auth_type.*oauth2`},
		"unknown environment":      {`  client_id = "c"` + "\n" + `  client_secret = "a"` + "\n" + `  environment = "Sandbx"`, `(?s)Unknown Unified.to environment.*"Sandbx".*Did\s+you\s+mean\s+Sandbox`},
		"unknown integration type": {`  client_id = "c"` + "\n" + `  client_secret = "a"`, `(?s)Unknown Unified.to integration type.*microsoftdynamicssales`},
	}
	var bad []acctest.BadInput
	for name, tc := range cases {
		config := wiConfig(h, tc.body)
		if name == "unknown integration type" {
			config = strings.ReplaceAll(config, "microsoftdynamicssales", "microsoftdynamicsale")
		}
		bad = append(bad, acctest.BadInput{Name: name, Config: config, Want: regexp.MustCompile(tc.want)})
	}
	h.RefuseAtPlan(t, bad...)
}

// A Unified.to without the [pattern] create (404 or 405) fails the apply
// with what to enter in the dashboard; the documented list and update keep
// working, so a configuration made by hand is then imported and managed.
func TestAccWorkspaceIntegration_patternRefusedSaysWhatToDoByHand(t *testing.T) {
	for _, status := range []int{http.StatusNotFound, http.StatusMethodNotAllowed} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			h := acctest.New(t)
			h.RequireEmulator(t, "a Unified.to without the pattern operations")
			h.Emu.Unified["us"].SetPatternStatus(status)
			cfg := wiSecretConfig(h, "client-for-the-dashboard", wiSecret1, `  permissions = ["crm_contact_read"]`)
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: h.Factories(),
				Steps: []resource.TestStep{
					{
						Config: cfg,
						ExpectError: regexp.MustCompile(`(?s)by hand.*https://app\.unified\.to/integrations/microsoftdynamicssales.*` +
							`client-for-the-dashboard.*Permissions: crm_contact_read.*terraform import`),
					},
					{
						// The user follows the message: saves it in the dashboard and imports.
						PreConfig: func() {
							if err := h.Emu.Unified["us"].UpdateWorkspaceIntegration("microsoftdynamicssales", "", func(wi *unifiedapi.WorkspaceIntegration) {
								wi.Auth.ClientID, wi.Auth.ClientSecret, wi.Permissions = "client-for-the-dashboard", wiSecret1, []string{"crm_contact_read"}
							}); err != nil {
								t.Fatal(err)
							}
						},
						Config: cfg, ResourceName: wiAddr, ImportState: true, ImportStateId: "microsoftdynamicssales/Production", ImportStatePersist: true,
					},
					{
						// Refresh reads through the documented list; the plan only adds the secret to state.
						Config: cfg,
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(wiAddr, plancheck.ResourceActionUpdate)},
							PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
						},
					},
					{
						Config:      h.Config(""),
						ExpectError: regexp.MustCompile(`(?s)Removing Unified.to integration.*by hand.*Remove the integration's configuration`),
					},
					{
						// The refused remove left the object in state and in
						// Unified.to; with the operation back, the test's
						// destroy removes it.
						PreConfig: func() { h.Emu.Unified["us"].SetPatternStatus(0) },
						Config:    cfg,
					},
				},
			})
		})
	}
}

// 429s with Unified.to's published text and no Retry-After, then gateway
// 5xx with HTML bodies, then 429s with Retry-After: the apply outlasts
// them all.
func TestAccWorkspaceIntegration_survivesThrottleStormsAndGatewayErrors(t *testing.T) {
	h := acctest.New(t)
	h.RequireEmulator(t, "fault injection")
	srv := h.Emu.Unified["us"]
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: h.Factories(),
		Steps: []resource.TestStep{
			{
				PreConfig: func() { srv.Throttle(6) },
				Config:    wiSecretConfig(h, "client", wiSecret1, ""),
			},
			{
				PreConfig: func() { srv.GatewayErrors(3, http.StatusServiceUnavailable) },
				Config:    wiSecretConfig(h, "client-2", wiSecret1, ""),
			},
			{
				PreConfig: func() { h.Emu.UnifiedFaults.Throttle(2, time.Second) },
				Config:    wiSecretConfig(h, "client-3", wiSecret1, ""),
				Check: func(*terraform.State) error {
					if wi, _ := storedIntegration(t, h, "Production"); wi.Auth.ClientID != "client-3" {
						return fmt.Errorf("Unified.to holds client %q", wi.Auth.ClientID)
					}
					return nil
				},
			},
		},
	})
	throttles, gateway := srv.PendingFaults()
	injected, failures := h.Emu.UnifiedFaults.Pending()
	if throttles+gateway+injected+failures != 0 {
		t.Errorf("not every injected fault was met (%d, %d, %d, %d left)", throttles, gateway, injected, failures)
	}
	if n := h.Emu.Log.Count("", "", "(rate limited)"); n != 6 {
		t.Errorf("published 429s served = %d, want 6", n)
	}
}

// An integration someone configured in the dashboard is not silently taken
// over: create fails, asks for an import, and leaves their secret alone.
func TestAccWorkspaceIntegration_refusesToTakeOverTheDashboards(t *testing.T) {
	h := acctest.New(t)
	h.RequireEmulator(t, "configuring in the emulated dashboard")
	if err := h.Emu.Unified["us"].UpdateWorkspaceIntegration("microsoftdynamicssales", "Production", func(wi *unifiedapi.WorkspaceIntegration) {
		wi.Auth.ClientID, wi.Auth.ClientSecret = "set-by-hand", wiSecret2
	}); err != nil {
		t.Fatal(err)
	}
	existing, _ := storedIntegration(t, h, "Production")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: h.Factories(),
		Steps: []resource.TestStep{{
			Config:      wiSecretConfig(h, "client", wiSecret1, ""),
			ExpectError: regexp.MustCompile(`(?s)already has this integration configured.*"set-by-hand".*terraform import <address> ` + existing.ID),
		}},
	})
	if wi, _ := storedIntegration(t, h, "Production"); wi.Auth.ClientSecret != wiSecret2 || wi.Auth.ClientID != "set-by-hand" {
		t.Errorf("the dashboard's integration was overwritten")
	}
}

// A configuration that already holds this resource's client id can only
// come from an earlier apply of it that was killed after the write: create
// adopts it, updates it, and leaves one.
func TestAccWorkspaceIntegration_adoptsItsOwnConfigurationAfterACrash(t *testing.T) {
	h := acctest.New(t)
	h.RequireEmulator(t, "a configuration left by a killed apply")
	if err := h.Emu.Unified["us"].UpdateWorkspaceIntegration("microsoftdynamicssales", "Production", func(wi *unifiedapi.WorkspaceIntegration) {
		wi.Auth.ClientID, wi.Auth.ClientSecret = "our-client", wiSecret1
	}); err != nil {
		t.Fatal(err)
	}
	left, _ := storedIntegration(t, h, "Production")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: h.Factories(),
		Steps: []resource.TestStep{{
			Config:           wiSecretConfig(h, "our-client", wiSecret2, `  permissions = ["crm_deal_read"]`),
			ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			Check: func(s *terraform.State) error {
				all := h.Emu.Unified["us"].WorkspaceIntegrations("microsoftdynamicssales", "Production")
				if len(all) != 1 || all[0].ID != left.ID || s.RootModule().Resources[wiAddr].Primary.ID != left.ID || all[0].Auth.ClientSecret != wiSecret2 {
					return fmt.Errorf("want the one configuration %s adopted with the new secret, got %d", left.ID, len(all))
				}
				return nil
			},
		}},
	})
}

// The create's answer is lost after Unified.to stored it (a gateway's
// 504): the apply finds what was stored and adopts it, leaving one.
func TestAccWorkspaceIntegration_lostCreateAnswerLeavesOne(t *testing.T) {
	h := acctest.New(t)
	h.RequireEmulator(t, "a lost answer")
	h.Emu.Unified["us"].LoseNextAnswer(http.MethodPost)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: h.Factories(),
		Steps: []resource.TestStep{{
			Config:           wiSecretConfig(h, "client", wiSecret1, ""),
			ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			Check: func(s *terraform.State) error {
				all := h.Emu.Unified["us"].WorkspaceIntegrations("microsoftdynamicssales", "Production")
				if len(all) != 1 || all[0].ID != s.RootModule().Resources[wiAddr].Primary.ID || all[0].Auth.ClientSecret != wiSecret1 {
					return fmt.Errorf("want exactly one configuration, the one in state, holding the secret; got %d", len(all))
				}
				if n := h.Emu.Log.Count("unified-us", http.MethodPost, ""); n != 1 {
					return fmt.Errorf("POSTs = %d, want 1: a create is never sent twice", n)
				}
				return nil
			},
		}},
	})
}

// adversarialSecret has every character that an encoding changes.
const adversarialSecret = `Q~"a\b<c&d>e'/+%=? ü€😀\u0022`

// secretForms is s as an echoing server or a log might print it.
func secretForms(s string) []string {
	forms := []string{s, url.QueryEscape(s), url.PathEscape(s), base64.StdEncoding.EncodeToString([]byte(s)), base64.RawURLEncoding.EncodeToString([]byte(s))}
	cur := s
	for range 4 {
		raw, _ := json.Marshal(cur)
		cur = string(raw)
		forms = append(forms, strings.Trim(cur, `"`))
	}
	return forms
}

// Unified.to refuses the write and echoes the request, secret included,
// raw, JSON-escaped twice, URL-encoded and in base64. The diagnostic says
// the body is withheld, and no form of the secret reaches the error or the
// TF_LOG=trace log.
func TestAccWorkspaceIntegration_echoedSecretNeverReachesDiagnosticsOrLogs(t *testing.T) {
	h := acctest.New(t)
	h.RequireEmulator(t, "an echoing Unified.to")
	readLog := captureTerraformLogs(t)
	srv := h.Emu.Unified["us"]
	srv.SetEchoErrors(true)
	srv.RejectWrites(1)
	var diagnostic string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: h.Factories(),
		// ErrorCheck sees the whole diagnostic (ExpectError would only
		// match it), and passes the step when it is the expected one.
		ErrorCheck: func(err error) error {
			diagnostic = err.Error()
			if regexp.MustCompile(`(?s)400 Bad Request to POST\s+/unified/workspaceintegration.*body is not\s+shown: the request carried the\s+client\s+secret`).MatchString(diagnostic) {
				return nil
			}
			return err
		},
		// Write-only, from an ephemeral variable: a literal would sit in the
		// configuration, which the test harness logs.
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		Steps: []resource.TestStep{{
			Config: h.Config(`
variable "secret" {
  type      = string
  ephemeral = true
}
resource "unifiedto_workspace_integration" "test" {
  integration_type         = "microsoftdynamicssales"
  client_id                = "client"
  client_secret_wo         = var.secret
  client_secret_wo_version = "1"
}
`),
			ConfigVariables: config.Variables{"secret": config.StringVariable(adversarialSecret)},
		}},
	})
	if !strings.Contains(diagnostic, "400 Bad Request") {
		t.Fatalf("the diagnostic was not captured: %q", diagnostic)
	}
	logs := readLog()
	if !strings.Contains(logs, "/unified/workspaceintegration") {
		t.Fatalf("the trace log lacks the requests, so it cannot prove anything (%d bytes)", len(logs))
	}
	for _, form := range secretForms(adversarialSecret) {
		if i := strings.Index(logs, form); i >= 0 {
			start := strings.LastIndex(logs[:i], "\n") + 1
			t.Errorf("the trace log holds the secret as %q, in a line starting %q", form, logs[start:min(start+160, i)])
		}
		if strings.Contains(diagnostic, form) {
			t.Errorf("the diagnostic holds the secret as %q", form)
		}
	}
}
