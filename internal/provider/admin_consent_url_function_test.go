package provider_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/acctest"
)

const consentClientID = "6731de76-14a6-49ae-97bc-6eba6914391e"

func TestAccAdminConsentURLFunction(t *testing.T) {
	h := acctest.New(t)
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_8_0)},
		ProtoV6ProviderFactories: h.Factories(),
		Steps: []resource.TestStep{{
			Config: h.Config(`
output "domain" { value = provider::unifiedto::admin_consent_url("` + consentClientID + `", "contoso.onmicrosoft.com") }
output "guid"   { value = provider::unifiedto::admin_consent_url("` + consentClientID + `", "72f988bf-86f1-41af-91ab-2d7cd011db47") }
output "any"    { value = provider::unifiedto::admin_consent_url("` + consentClientID + `", "organizations") }
output "gov"    { value = provider::unifiedto::admin_consent_url("` + consentClientID + `", "contoso.onmicrosoft.us", "usgovernment") }
output "china"  { value = provider::unifiedto::admin_consent_url("` + consentClientID + `", "contoso.partner.onmschina.cn", "china") }
`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("domain", knownvalue.StringExact("https://login.microsoftonline.com/contoso.onmicrosoft.com/adminconsent?client_id="+consentClientID)),
				statecheck.ExpectKnownOutputValue("guid", knownvalue.StringExact("https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/adminconsent?client_id="+consentClientID)),
				statecheck.ExpectKnownOutputValue("any", knownvalue.StringExact("https://login.microsoftonline.com/organizations/adminconsent?client_id="+consentClientID)),
				statecheck.ExpectKnownOutputValue("gov", knownvalue.StringExact("https://login.microsoftonline.us/contoso.onmicrosoft.us/adminconsent?client_id="+consentClientID)),
				statecheck.ExpectKnownOutputValue("china", knownvalue.StringExact("https://login.chinacloudapi.cn/contoso.partner.onmschina.cn/adminconsent?client_id="+consentClientID)),
			},
		}},
	})
}

func TestAccAdminConsentURLFunction_badArguments(t *testing.T) {
	h := acctest.New(t)
	cases := map[string]struct{ args, want string }{
		"object id instead of client id": {args: `"not-a-guid", "organizations"`, want: `client_id: "not-a-guid" is not a client id`},
		"personal accounts":              {args: `"` + consentClientID + `", "consumers"`, want: `tenant: "consumers" has no administrator`},
		"url as tenant":                  {args: `"` + consentClientID + `", "https://contoso.com"`, want: `tenant: "https://contoso.com" is not a tenant`},
		"unknown cloud":                  {args: `"` + consentClientID + `", "organizations", "germany"`, want: `environment: "germany" is not a Microsoft cloud; use one of public, usgovernment, usgovernmentl5, china`},
		"two clouds":                     {args: `"` + consentClientID + `", "organizations", "public", "china"`, want: `environment: give at most one cloud, not 2`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_8_0)},
				ProtoV6ProviderFactories: h.Factories(),
				Steps: []resource.TestStep{{
					Config:      h.Config(`output "x" { value = provider::unifiedto::admin_consent_url(` + tc.args + `) }`),
					ExpectError: wrapped(tc.want),
				}},
			})
		})
	}
	if h.Emu != nil && h.Emu.Log.Count("", "", "") != 0 {
		t.Errorf("the function made requests:\n%s", h.Emu.Log.Summary())
	}
}
