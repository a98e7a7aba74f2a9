package provider_test

import (
	"fmt"
	"regexp"
	"slices"
	"testing"

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

// wiSecretConfig is wiConfig with a client id and client_secret, plus body.
func wiSecretConfig(h *acctest.Harness, clientID, secret, body string) string {
	return wiConfig(h, fmt.Sprintf("  client_id = %q\n  client_secret = %q\n%s", clientID, secret, body))
}

// storedIntegration is what the emulated Unified.to holds, secret included.
func storedIntegration(t *testing.T, h *acctest.Harness, env string) (unifiedapi.WorkspaceIntegration, bool) {
	t.Helper()
	return h.Emu.Unified["us"].WorkspaceIntegration("microsoftdynamicssales", env)
}

// Create, then import by the service's id and by integration_type/environment.
func TestAccWorkspaceIntegration_basicAndImport(t *testing.T) {
	h := acctest.New(t)
	h.RequireEmulator(t, "reading the stored secret back")
	var id string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: h.Factories(),
		CheckDestroy:             h.CheckWorkspaceIntegrationsDestroyed(t),
		Steps: []resource.TestStep{
			{
				Config: wiSecretConfig(h, "11111111-2222-3333-4444-555555555555", wiSecret1, `  permissions = ["crm_contact_read", "crm_deal_read"]
  scope_overrides = { crm_contact_read = "https://acme.crm.dynamics.com/user_impersonation" }`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(wiAddr, tfjsonpath.New("id"), knownvalue.StringRegexp(regexp.MustCompile(`^[0-9a-f]{24}$`))),
					statecheck.ExpectKnownValue(wiAddr, tfjsonpath.New("environment"), knownvalue.StringExact("Production")),
					statecheck.ExpectKnownValue(wiAddr, tfjsonpath.New("client_id"), knownvalue.StringExact("11111111-2222-3333-4444-555555555555")),
					statecheck.ExpectKnownValue(wiAddr, tfjsonpath.New("is_active"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(wiAddr, tfjsonpath.New("categories"), knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("crm")})),
					statecheck.ExpectKnownValue(wiAddr, tfjsonpath.New("auth_type"), knownvalue.Null()),
					statecheck.ExpectKnownValue(wiAddr, tfjsonpath.New("oauth_redirect_uri"), knownvalue.StringRegexp(regexp.MustCompile(`^https://127\.0\.0\.1:\d+/oauth/code$`))),
					statecheck.ExpectKnownValue(wiAddr, tfjsonpath.New("dashboard_url"), knownvalue.StringExact("https://app.unified.to/integrations/microsoftdynamicssales")),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check: func(s *terraform.State) error {
					id = s.RootModule().Resources[wiAddr].Primary.ID
					wi, ok := storedIntegration(t, h, "Production")
					if !ok || wi.ID != id || wi.Auth.ClientSecret != wiSecret1 || wi.Auth.ClientID != "11111111-2222-3333-4444-555555555555" || !wi.IsActive ||
						!slices.Equal(wi.Permissions, []string{"crm_contact_read", "crm_deal_read"}) {
						return fmt.Errorf("Unified.to holds %+v (found %v)", wi.Auth.ClientID, ok)
					}
					return nil
				},
			},
			{
				ResourceName: wiAddr, ImportState: true, ImportStateVerify: true,
				// Unified.to never returns the secret, so an import cannot know it.
				ImportStateVerifyIgnore: []string{"client_secret", "timeouts"},
			},
			{
				ResourceName: wiAddr, ImportState: true, ImportStateVerify: true,
				ImportStateId:           "microsoftdynamicssales/Production",
				ImportStateVerifyIgnore: []string{"client_secret", "timeouts"},
			},
		},
	})
}

// Every managed attribute changes in place, on the same object; a new
// environment replaces it.
func TestAccWorkspaceIntegration_updateEachManagedAttributeInPlace(t *testing.T) {
	h := acctest.New(t)
	h.RequireEmulator(t, "reading the stored object back")
	sameID := statecheck.CompareValue(compare.ValuesSame())
	inPlace := func(body string, check func(unifiedapi.WorkspaceIntegration) bool) resource.TestStep {
		return resource.TestStep{
			Config: wiConfig(h, body),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(wiAddr, plancheck.ResourceActionUpdate)},
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(wiAddr, tfjsonpath.New("id"))},
			Check: func(*terraform.State) error {
				if wi, _ := storedIntegration(t, h, "Production"); !check(wi) {
					return fmt.Errorf("Unified.to holds client %q active=%v permissions=%v auth_type=%q redirect=%v region=%v scopes=%v",
						wi.Auth.ClientID, wi.IsActive, wi.Permissions, wi.AuthType, wi.UseUnifiedRedirect, wi.PromptRegion, wi.OverridenScopes)
				}
				return nil
			},
		}
	}
	const base = "  client_id = \"second-client\"\n  client_secret = \"" + wiSecret2 + "\"\n"
	isTrue := func(b *bool) bool { return b != nil && *b }
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: h.Factories(),
		Steps: []resource.TestStep{
			{
				Config:            wiSecretConfig(h, "first-client", wiSecret1, ""),
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(wiAddr, tfjsonpath.New("id"))},
			},
			inPlace(base, func(wi unifiedapi.WorkspaceIntegration) bool {
				return wi.Auth.ClientID == "second-client" && wi.Auth.ClientSecret == wiSecret2
			}),
			inPlace(base+"  is_active = false\n", func(wi unifiedapi.WorkspaceIntegration) bool { return !wi.IsActive }),
			inPlace(base+"  permissions = [\"crm_contact_read\", \"hris_employee_read\"]\n", func(wi unifiedapi.WorkspaceIntegration) bool {
				return slices.Equal(wi.Categories, []string{"crm", "hris"})
			}),
			inPlace(base+"  auth_type = \"oauth2\"\n", func(wi unifiedapi.WorkspaceIntegration) bool { return wi.AuthType == "oauth2" && wi.Permissions == nil }),
			inPlace(base+"  use_unified_redirect = true\n", func(wi unifiedapi.WorkspaceIntegration) bool {
				return isTrue(wi.UseUnifiedRedirect) && wi.AuthType == ""
			}),
			inPlace(base+"  prompt_region = true\n", func(wi unifiedapi.WorkspaceIntegration) bool {
				return isTrue(wi.PromptRegion) && wi.UseUnifiedRedirect == nil
			}),
			inPlace(base+"  scope_overrides = { crm_contact_read = \"https://example.crm.dynamics.com/user_impersonation\" }\n", func(wi unifiedapi.WorkspaceIntegration) bool {
				return len(wi.OverridenScopes) == 1 && wi.PromptRegion == nil && wi.Auth.ClientSecret == wiSecret2
			}),
			{
				Config:           wiConfig(h, "  environment = \"Sandbox\"\n"+base),
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

// The write-only secret reaches Unified.to and no state or plan; a new
// version sends the rotated one.
func TestAccWorkspaceIntegration_writeOnlySecretRotationReachesUnified(t *testing.T) {
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
	cfg := wiSecretConfig(h, "client", wiSecret1, "")
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

// Every managed attribute changed in the dashboard shows in the plan and
// is restored by apply.
func TestAccWorkspaceIntegration_driftInDashboardIsRestored(t *testing.T) {
	h := acctest.New(t)
	h.RequireEmulator(t, "changes in the emulated dashboard")
	cfg := wiSecretConfig(h, "client", wiSecret1, `  permissions = ["crm_contact_read"]`)
	yes := true
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: h.Factories(),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: func(*terraform.State) error {
					return h.Emu.Unified["us"].UpdateWorkspaceIntegration("microsoftdynamicssales", "Production", func(wi *unifiedapi.WorkspaceIntegration) {
						wi.IsActive, wi.Auth.ClientID, wi.Permissions = false, "changed-by-hand", []string{"crm_deal_read"}
						wi.AuthType, wi.PromptRegion, wi.UseUnifiedRedirect = "token", &yes, &yes
						wi.OverridenScopes = map[string]string{"crm_deal_read": "x"}
					})
				},
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(wiAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(wiAddr, tfjsonpath.New("is_active"), knownvalue.Bool(true)),
					plancheck.ExpectKnownValue(wiAddr, tfjsonpath.New("client_id"), knownvalue.StringExact("client")),
					plancheck.ExpectKnownValue(wiAddr, tfjsonpath.New("auth_type"), knownvalue.Null()),
					plancheck.ExpectKnownValue(wiAddr, tfjsonpath.New("prompt_region"), knownvalue.Null()),
					plancheck.ExpectKnownValue(wiAddr, tfjsonpath.New("use_unified_redirect"), knownvalue.Null()),
					plancheck.ExpectKnownValue(wiAddr, tfjsonpath.New("scope_overrides"), knownvalue.Null()),
					plancheck.ExpectKnownValue(wiAddr, tfjsonpath.New("permissions"), knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("crm_contact_read")})),
				}},
			},
			{
				Config:           cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check: func(*terraform.State) error {
					wi, _ := storedIntegration(t, h, "Production")
					if !wi.IsActive || wi.Auth.ClientID != "client" || wi.AuthType != "" || wi.PromptRegion != nil || !slices.Equal(wi.Permissions, []string{"crm_contact_read"}) {
						return fmt.Errorf("apply did not restore the integration: %+v active=%v", wi.Auth.ClientID, wi.IsActive)
					}
					return nil
				},
			},
		},
	})
}
