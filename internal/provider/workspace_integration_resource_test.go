package provider_test

import (
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/acctest"
	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/emulator/unifiedapi"
)

const wiAddr = "unifiedto_workspace_integration.test"

// The secrets are shaped like real Entra secrets but are test values.
const (
	wiSecret1 = "Abc8Q~first.secret-value-for-tests_000000"
	wiSecret2 = "Xyz8Q~second.secret-value-for-tests_11111"
)

func wiConfig(h *acctest.Harness, body string) string {
	return h.Config(fmt.Sprintf(`
resource "unifiedto_workspace_integration" "test" {
  integration_type = "microsoftdynamicssales"
%s
}
`, body))
}

// storedIntegration is what the emulated Unified.to holds, secret included.
func storedIntegration(t *testing.T, h *acctest.Harness, env string) (unifiedapi.WorkspaceIntegration, bool) {
	t.Helper()
	return h.Emu.Unified["us"].WorkspaceIntegration("microsoftdynamicssales", env)
}

func TestAccWorkspaceIntegration_basic(t *testing.T) {
	h := acctest.New(t)
	h.RequireEmulator(t, "reading the stored secret back")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: h.Factories(),
		Steps: []resource.TestStep{
			{
				Config: wiConfig(h, `  client_id = "11111111-2222-3333-4444-555555555555"
  client_secret = "`+wiSecret1+`"`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(wiAddr, tfjsonpath.New("id"), knownvalue.StringExact("microsoftdynamicssales/Production")),
					statecheck.ExpectKnownValue(wiAddr, tfjsonpath.New("environment"), knownvalue.StringExact("Production")),
					statecheck.ExpectKnownValue(wiAddr, tfjsonpath.New("client_id"), knownvalue.StringExact("11111111-2222-3333-4444-555555555555")),
					statecheck.ExpectKnownValue(wiAddr, tfjsonpath.New("client_secret"), knownvalue.StringExact(wiSecret1)),
					statecheck.ExpectKnownValue(wiAddr, tfjsonpath.New("is_active"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(wiAddr, tfjsonpath.New("scope_overrides"), knownvalue.Null()),
					statecheck.ExpectKnownValue(wiAddr, tfjsonpath.New("oauth_redirect_uri"), knownvalue.StringRegexp(regexp.MustCompile(`^https://127\.0\.0\.1:\d+/oauth/code$`))),
					statecheck.ExpectKnownValue(wiAddr, tfjsonpath.New("dashboard_url"), knownvalue.StringExact("https://app.unified.to/integrations/microsoftdynamicssales")),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check: func(*terraform.State) error {
					wi, ok := storedIntegration(t, h, "Production")
					if !ok || wi.Auth.ClientSecret != wiSecret1 || wi.Auth.ClientID != "11111111-2222-3333-4444-555555555555" || !wi.IsActive {
						return fmt.Errorf("Unified.to holds %+v (found %v)", wi.Auth, ok)
					}
					return nil
				},
			},
			{
				ResourceName: wiAddr, ImportState: true, ImportStateVerify: true,
				// Unified.to never returns the secret, so an import cannot know it.
				ImportStateVerifyIgnore: []string{"client_secret", "timeouts"},
			},
		},
	})
}

func TestAccWorkspaceIntegration_updateInPlaceAndReplace(t *testing.T) {
	h := acctest.New(t)
	h.RequireEmulator(t, "reading the stored secret back")
	sameID := statecheck.CompareValue(compare.ValuesSame())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: h.Factories(),
		Steps: []resource.TestStep{
			{
				Config:            wiConfig(h, `  client_id = "first-client"`+"\n"+`  client_secret = "`+wiSecret1+`"`),
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(wiAddr, tfjsonpath.New("id"))},
			},
			{
				Config: wiConfig(h, `  client_id = "second-client"
  client_secret = "`+wiSecret2+`"
  is_active = false
  scope_overrides = { crm_contact_read = "https://example.crm.dynamics.com/user_impersonation" }`),
				ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(wiAddr, plancheck.ResourceActionUpdate)}},
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(wiAddr, tfjsonpath.New("id"))},
				Check: func(*terraform.State) error {
					wi, _ := storedIntegration(t, h, "Production")
					if wi.Auth.ClientID != "second-client" || wi.Auth.ClientSecret != wiSecret2 || wi.IsActive || len(wi.OverridenScopes) != 1 {
						return fmt.Errorf("Unified.to holds %+v active=%v scopes=%v", wi.Auth, wi.IsActive, wi.OverridenScopes)
					}
					return nil
				},
			},
			{
				Config: wiConfig(h, `  environment = "Sandbox"
  client_id = "second-client"
  client_secret = "`+wiSecret2+`"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(wiAddr, plancheck.ResourceActionDestroyBeforeCreate)}},
				Check: func(*terraform.State) error {
					if _, ok := storedIntegration(t, h, "Production"); ok {
						return fmt.Errorf("the Production integration survived its replacement")
					}
					if wi, ok := storedIntegration(t, h, "Sandbox"); !ok || wi.Auth.ClientSecret != wiSecret2 {
						return fmt.Errorf("the Sandbox integration is missing or wrong")
					}
					return nil
				},
			},
		},
	})
}

func TestAccWorkspaceIntegration_writeOnlySecretNeverStored(t *testing.T) {
	h := acctest.New(t)
	h.RequireEmulator(t, "reading the stored secret back")
	// The secret comes from an ephemeral variable, as it would come from a
	// vault or another resource: a literal would sit in the configuration
	// section of the plan JSON, which is the user's source, not the
	// resource's doing.
	wiConfigWO := func(version string) string {
		return h.Config(fmt.Sprintf(`
variable "secret" {
  type      = string
  ephemeral = true
}
resource "unifiedto_workspace_integration" "test" {
  integration_type         = "microsoftdynamicssales"
  client_id                = "client"
  client_secret_wo         = var.secret
  client_secret_wo_version = %q
}
`, version))
	}
	secretVar := func(v string) config.Variables { return config.Variables{"secret": config.StringVariable(v)} }
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: h.Factories(),
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		Steps: []resource.TestStep{
			{
				Config:          wiConfigWO("key-1"),
				ConfigVariables: secretVar(wiSecret1),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{acctest.ExpectPlanJSONLacks(wiSecret1)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(wiAddr, tfjsonpath.New("client_secret_wo"), knownvalue.Null()),
					statecheck.ExpectKnownValue(wiAddr, tfjsonpath.New("client_secret"), knownvalue.Null()),
					acctest.ExpectStateJSONLacks(wiSecret1),
				},
				Check: checkStoredSecret(t, h, wiSecret1),
			},
			// Rotation: a new secret reaches Unified.to because its version changed.
			{
				Config:          wiConfigWO("key-2"),
				ConfigVariables: secretVar(wiSecret2),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(wiAddr, plancheck.ResourceActionUpdate),
					acctest.ExpectPlanJSONLacks(wiSecret2),
				}},
				ConfigStateChecks: []statecheck.StateCheck{acctest.ExpectStateJSONLacks(wiSecret2)},
				Check:             checkStoredSecret(t, h, wiSecret2),
			},
		},
	})
}

func checkStoredSecret(t *testing.T, h *acctest.Harness, want string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		wi, ok := storedIntegration(t, h, "Production")
		if !ok || wi.Auth.ClientSecret != want {
			return fmt.Errorf("Unified.to does not hold the expected secret (found integration: %v)", ok)
		}
		return nil
	}
}

func TestAccWorkspaceIntegration_disappears(t *testing.T) {
	h := acctest.New(t)
	h.RequireEmulator(t, "deleting in the emulated dashboard")
	cfg := wiConfig(h, `  client_id = "client"`+"\n"+`  client_secret = "`+wiSecret1+`"`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: h.Factories(),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: func(*terraform.State) error {
					return h.Emu.Unified["us"].DeleteWorkspaceIntegration("microsoftdynamicssales", "Production")
				},
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(wiAddr, plancheck.ResourceActionCreate),
				}},
			},
			{Config: cfg, ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
		},
	})
}

func TestAccWorkspaceIntegration_driftInDashboardIsRestored(t *testing.T) {
	h := acctest.New(t)
	h.RequireEmulator(t, "changes in the emulated dashboard")
	cfg := wiConfig(h, `  client_id = "client"`+"\n"+`  client_secret = "`+wiSecret1+`"`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: h.Factories(),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: func(*terraform.State) error {
					return h.Emu.Unified["us"].UpdateWorkspaceIntegration("microsoftdynamicssales", "Production", func(wi *unifiedapi.WorkspaceIntegration) {
						wi.IsActive = false
						wi.Auth.ClientID = "changed-by-hand"
					})
				},
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(wiAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(wiAddr, tfjsonpath.New("is_active"), knownvalue.Bool(true)),
					plancheck.ExpectKnownValue(wiAddr, tfjsonpath.New("client_id"), knownvalue.StringExact("client")),
				}},
			},
			{
				Config:           cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check: func(*terraform.State) error {
					wi, _ := storedIntegration(t, h, "Production")
					if !wi.IsActive || wi.Auth.ClientID != "client" {
						return fmt.Errorf("apply did not restore the integration: %+v active=%v", wi.Auth, wi.IsActive)
					}
					return nil
				},
			},
		},
	})
}

func TestAccWorkspaceIntegration_badInputFailsAtPlanWithoutWrites(t *testing.T) {
	h := acctest.New(t)
	cases := map[string]struct{ body, want string }{
		"no secret":                {`  client_id = "c"`, `Missing client secret`},
		"two secrets":              {`  client_id = "c"` + "\n" + `  client_secret = "a"` + "\n" + `  client_secret_wo = "b"`, `Two client secrets`},
		"version without wo":       {`  client_id = "c"` + "\n" + `  client_secret = "a"` + "\n" + `  client_secret_wo_version = "1"`, `client_secret_wo_version without`},
		"empty client id":          {`  client_id = ""` + "\n" + `  client_secret = "a"`, `client_id.*length`},
		"empty secret":             {`  client_id = "c"` + "\n" + `  client_secret = ""`, `client_secret.*length`},
		"empty scope overrides":    {`  client_id = "c"` + "\n" + `  client_secret = "a"` + "\n" + `  scope_overrides = {}`, `scope_overrides.*at least 1`},
		"unknown integration type": {`  client_id = "c"` + "\n" + `  client_secret = "a"`, `(?s)Unknown Unified.to integration type.*microsoftdynamicssales`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			config := wiConfig(h, tc.body)
			if name == "unknown integration type" {
				config = regexp.MustCompile(`microsoftdynamicssales`).ReplaceAllString(config, "microsoftdynamicsale")
			}
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: h.Factories(),
				Steps:                    []resource.TestStep{{Config: config, PlanOnly: true, ExpectError: regexp.MustCompile(tc.want)}},
			})
		})
	}
	if h.Emu != nil {
		if n := h.Emu.Log.Writes("unified"); n != 0 {
			t.Errorf("invalid configurations made %d Unified.to writes, want 0:\n%s", n, h.Emu.Log.Summary())
		}
	}
}

func TestAccWorkspaceIntegration_writePathMissingSaysWhatToDoByHand(t *testing.T) {
	h := acctest.New(t)
	h.RequireEmulator(t, "a Unified.to without the write path")
	h.Emu.Unified["us"].SetWritePathStatus(404)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: h.Factories(),
		Steps: []resource.TestStep{{
			Config:      wiConfig(h, `  client_id = "client-for-the-dashboard"`+"\n"+`  client_secret = "`+wiSecret1+`"`),
			ExpectError: regexp.MustCompile(`(?s)by hand.*https://app\.unified\.to/integrations/microsoftdynamicssales.*client-for-the-dashboard`),
		}},
	})
}

func TestAccWorkspaceIntegration_survivesThrottlingAndServerErrors(t *testing.T) {
	h := acctest.New(t)
	h.RequireEmulator(t, "fault injection")
	h.Emu.UnifiedFaults.Throttle(2, time.Second)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: h.Factories(),
		Steps: []resource.TestStep{
			{Config: wiConfig(h, `  client_id = "client"`+"\n"+`  client_secret = "`+wiSecret1+`"`)},
			{
				PreConfig: func() { h.Emu.UnifiedFaults.FailNext(2, 503) },
				Config:    wiConfig(h, `  client_id = "client-2"`+"\n"+`  client_secret = "`+wiSecret1+`"`),
			},
		},
	})
	if throttles, failures := h.Emu.UnifiedFaults.Pending(); throttles != 0 || failures != 0 {
		t.Errorf("not every injected fault was met (429s left %d, 503s left %d)", throttles, failures)
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
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: h.Factories(),
		Steps: []resource.TestStep{{
			Config:      wiConfig(h, `  client_id = "client"`+"\n"+`  client_secret = "`+wiSecret1+`"`),
			ExpectError: regexp.MustCompile(`(?s)already has this integration configured.*"set-by-hand".*terraform import`),
		}},
	})
	if wi, _ := storedIntegration(t, h, "Production"); wi.Auth.ClientSecret != wiSecret2 || wi.Auth.ClientID != "set-by-hand" {
		t.Errorf("the dashboard's integration was overwritten")
	}
}
