package provider_test

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/acctest"
)

// A configuration with only Unified.to resources must work without any
// Entra credentials, and must not sign in.
func TestAccProvider_unifiedOnlyNeedsNoEntraSignIn(t *testing.T) {
	h := acctest.New(t)
	h.RequireEmulator(t, "counting sign-in requests")
	noEntra := func(attrs map[string]string) {
		for _, name := range []string{"tenant_id", "client_id", "client_secret", "authority_host", "graph_endpoint"} {
			delete(attrs, name)
		}
	}
	t.Setenv("ARM_USE_CLI", "false") // the CLI would be the fallback method
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: h.Factories(),
		Steps: []resource.TestStep{{
			Config: h.ConfigWith(noEntra, `
resource "unifiedto_workspace_integration" "test" {
  integration_type = "microsoftdynamicssales"
  client_id        = "client"
  client_secret    = "`+wiSecret1+`"
}`),
		}},
	})
	if n := h.Emu.Log.Count("login", "", "") + h.Emu.Log.Count("graph", "", ""); n != 0 {
		t.Errorf("a Unified.to-only configuration made %d Entra requests", n)
	}
}

// The reverse: an Entra-only configuration needs no Unified.to token, and
// a Unified.to resource without one fails at plan naming the variable.
func TestAccProvider_missingUnifiedTokenNamesTheVariable(t *testing.T) {
	h := acctest.New(t)
	h.RequireEmulator(t, "a provider block without a Unified.to token")
	noToken := func(attrs map[string]string) { delete(attrs, "unified_api_token") }
	t.Setenv("UNIFIED_API_TOKEN", "")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: h.Factories(),
		Steps: []resource.TestStep{
			{Config: h.ConfigWith(noToken, `resource "unifiedto_entra_application" "test" { display_name = "`+appName()+`" }`)},
			{
				Config: h.ConfigWith(noToken, `
resource "unifiedto_entra_application" "test" { display_name = "x" }
resource "unifiedto_workspace_integration" "test" {
  integration_type = "microsoftdynamicssales"
  client_id        = "client"
  client_secret    = "secret"
}`),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Missing Unified.to API token.*UNIFIED_API_TOKEN`),
			},
		},
	})
}

// A wrong client secret gives Entra's own reason (that the secret itself
// never appears in sign-in errors is proven in internal/entra/signin).
func TestAccProvider_wrongClientSecretIsExplained(t *testing.T) {
	h := acctest.New(t)
	h.RequireEmulator(t, "a wrong secret for the emulated tenant")
	const wrong = "Wrong8Q~this-secret-must-not-be-printed-00"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: h.Factories(),
		Steps: []resource.TestStep{{
			Config:      h.ConfigWith(func(a map[string]string) { a["client_secret"] = wrong }, `resource "unifiedto_entra_application" "test" { display_name = "x" }`),
			ExpectError: regexp.MustCompile(`(?s)AADSTS7000215`),
		}},
	})
	if n := h.Emu.Log.Count("graph", "", ""); n != 0 {
		t.Errorf("without a token the provider still made %d Graph requests", n)
	}
}

// Endpoint overrides that would send tokens over plain http fail at plan,
// before any request.
func TestAccProvider_plainHTTPEndpointsFailAtPlan(t *testing.T) {
	h := acctest.New(t)
	h.RequireEmulator(t, "a provider block of the emulator's")
	for attr, value := range map[string]string{
		"authority_host":  "http://login.example.com",
		"graph_endpoint":  "http://graph.example.com",
		"unified_api_url": "http://unified.example.com",
	} {
		t.Run(attr, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: h.Factories(),
				Steps: []resource.TestStep{{
					Config:      h.ConfigWith(func(a map[string]string) { a[attr] = value }, `resource "unifiedto_entra_application" "test" { display_name = "x" }`),
					PlanOnly:    true,
					ExpectError: regexp.MustCompile(`(?s)` + attr + `.*must be an https URL`),
				}},
			})
		})
	}
	if n := len(h.Emu.Log.Entries()); n != 0 {
		t.Errorf("invalid endpoints made %d requests", n)
	}
}
