package provider_test

import (
	"path/filepath"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/acctest"
)

// A plan that needs Microsoft Graph fails on a sign-in setting that is
// wrong, before anything is written, whether the setting is an attribute or
// an environment variable; the message names it as the user wrote it.
func TestAccProvider_badSignInSettingsFailAtPlanWithoutWrites(t *testing.T) {
	h := acctest.New(t)
	h.RequireEmulator(t, "a provider block of the emulator's")
	app := `resource "unifiedto_entra_application" "test" { display_name = "x" }`
	set := func(attr, value string) func(map[string]string) {
		return func(a map[string]string) { a[attr] = value }
	}
	without := func(attrs ...string) func(map[string]string) {
		return func(a map[string]string) {
			for _, name := range attrs {
				delete(a, name)
			}
		}
	}
	missing := filepath.Join(t.TempDir(), "absent.pfx")
	// Each environment variable is unset for the cases that do not set it.
	clean := map[string]string{"ARM_ENVIRONMENT": "", "ARM_GRAPH_ENDPOINT": "", "ARM_CLIENT_CERTIFICATE": "", "ARM_USE_CLI": "", "ARM_USE_OIDC": ""}
	env := func(kv ...string) map[string]string {
		m := map[string]string{}
		for k, v := range clean {
			m[k] = v
		}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}
	took := h.RefuseAtPlan(t,
		acctest.BadInput{Name: "ARM_ENVIRONMENT", Env: env("ARM_ENVIRONMENT", "AzureCloud"), Config: h.Config(app),
			Want: acctest.Diag(`ARM_ENVIRONMENT "AzureCloud" is not a Microsoft cloud this provider knows; use one of public, usgovernment, usgovernmentl5, china`)},
		acctest.BadInput{Name: "environment", Env: env(), Config: h.ConfigWith(set("environment", "AzureCloud"), app),
			Want: acctest.Diag(`environment value must be one of`)},
		acctest.BadInput{Name: "tenant_id", Env: env(), Config: h.ConfigWith(set("tenant_id", "contoso onmicrosoft"), app),
			Want: acctest.Diag(`tenant_id "contoso onmicrosoft" is not a tenant id: use the directory \(tenant\) GUID or a domain`)},
		acctest.BadInput{Name: "missing certificate file", Env: env(), Config: h.ConfigWith(set("client_certificate_path", missing), app),
			Want: acctest.Diag(`client_certificate_path ".*absent.pfx" does not exist: set it to the path of a PEM or PKCS#12 file`)},
		acctest.BadInput{Name: "ARM_CLIENT_CERTIFICATE invalid", Env: env("ARM_CLIENT_CERTIFICATE", "bm90IGEgY2VydGlmaWNhdGU="),
			Config: h.ConfigWith(set("client_certificate_password", "pw-secret-1234"), app),
			Want:   acctest.Diag(`reading the certificate from ARM_CLIENT_CERTIFICATE.*check client_certificate_password`)},
		acctest.BadInput{Name: "use_oidc without a token source", Env: env(), Config: h.ConfigWith(set("use_oidc", "true"), app),
			Want: acctest.Diag(`use_oidc is true but no OIDC token source is set`)},
		acctest.BadInput{Name: "ARM_GRAPH_ENDPOINT with the version", Env: env("ARM_GRAPH_ENDPOINT", h.Emu.GraphURL+"/v1.0"),
			Config: h.ConfigWith(without("graph_endpoint"), app),
			Want:   acctest.Diag(`ARM_GRAPH_ENDPOINT ".*/v1.0" must not include the API version \(the provider adds /v1.0 itself\): use "` + regexp.QuoteMeta(h.Emu.GraphURL) + `"`)},
		acctest.BadInput{Name: "ARM_USE_OIDC not a boolean", Env: env("ARM_USE_OIDC", "yes please"), Config: h.Config(app),
			Want: acctest.Diag(`The environment variable ARM_USE_OIDC is "yes please", which is not a boolean: use true or false`)},
	)
	for name, d := range took {
		t.Logf("%s refused in %s", name, d.Round(1e6))
	}
}

// use_oidc is a boolean attribute, so HCL refuses "yes" there; the same
// mistake in ARM_USE_CLI, with no provider block at all, is reported on its
// own: Terraform's "requires explicit configuration" must not come first,
// which it does whenever Configure fails without a provider block.
func TestAccProvider_nonBooleanUseCLIIsTheOnlyError(t *testing.T) {
	h := acctest.New(t)
	h.RequireEmulator(t, "the emulator's environment")
	envs := h.Emu.Env("us", "")
	envs["ARM_USE_CLI"] = "maybe"
	h.RefuseAtPlan(t, acctest.BadInput{
		Name: "ARM_USE_CLI", Env: envs,
		Config: `resource "unifiedto_entra_application" "test" { display_name = "x" }`,
		// The first error printed is ours: no line before it starts with "Error".
		Want: regexp.MustCompile(`(?s)^Error running[^\n]*\n(?:(?:[^E\n][^\n]*|E[^r\n][^\n]*)?\n)*Error: Invalid ARM_USE_CLI\n.*ARM_USE_CLI\s+is\s+"maybe",\s+which\s+is\s+not\s+a\s+boolean`),
	})
}

// A configuration that writes Unified.to and needs Graph stops at plan when
// Graph's settings are wrong: the Unified.to integration is not written
// first. UNIFIED_REGION and UNIFIED_API_URL given only as variables are
// checked at plan too, and named.
func TestAccProvider_mixedConfigurationStopsBeforeTheFirstWrite(t *testing.T) {
	h := acctest.New(t)
	h.RequireEmulator(t, "a provider block of the emulator's")
	mixed := `
resource "unifiedto_entra_application" "test" { display_name = "x" }
resource "unifiedto_workspace_integration" "test" {
  integration_type = "microsoftdynamicssales"
  client_id        = unifiedto_entra_application.test.client_id
  client_secret    = "` + wiSecret1 + `"
}`
	noURL := func(a map[string]string) { delete(a, "unified_api_url") }
	h.RefuseAtPlan(t,
		acctest.BadInput{Name: "bad tenant with Unified.to", Env: map[string]string{"UNIFIED_REGION": ""},
			Config: h.ConfigWith(func(a map[string]string) { a["tenant_id"] = "not a tenant!" }, mixed),
			Want:   acctest.Diag(`tenant_id "not a tenant!" is not a tenant id`)},
		acctest.BadInput{Name: "UNIFIED_REGION", Env: map[string]string{"UNIFIED_REGION": "apac"}, Config: h.ConfigWith(noURL, mixed),
			Want: acctest.Diag(`UNIFIED_REGION: unknown Unified.to region "apac": allowed values are "us", "eu", "au"`)},
		acctest.BadInput{Name: "UNIFIED_API_URL", Env: map[string]string{"UNIFIED_REGION": "", "UNIFIED_API_URL": "http://unified.example.com"}, Config: h.ConfigWith(noURL, mixed),
			Want: acctest.Diag(`UNIFIED_API_URL: the Unified.to API URL "http://unified.example.com" must use https`)},
	)
}

// The near miss: an Entra setting that is wrong does not stop a
// configuration that never needs Graph.
func TestAccProvider_unifiedOnlyIgnoresWrongEntraSettings(t *testing.T) {
	h := acctest.New(t)
	h.RequireEmulator(t, "a provider block of the emulator's")
	t.Setenv("ARM_ENVIRONMENT", "AzureCloud")
	t.Setenv("ARM_USE_CLI", "maybe")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: h.Factories(),
		Steps: []resource.TestStep{{Config: h.Config(`
resource "unifiedto_workspace_integration" "test" {
  integration_type = "microsoftdynamicssales"
  client_id        = "client"
  client_secret    = "` + wiSecret1 + `"
}`)}},
	})
}
