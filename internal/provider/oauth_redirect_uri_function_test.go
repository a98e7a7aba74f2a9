package provider_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/acctest"
)

func TestAccOAuthRedirectURIFunction(t *testing.T) {
	h := acctest.New(t)
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_8_0)},
		ProtoV6ProviderFactories: h.Factories(),
		Steps: []resource.TestStep{{
			Config: h.Config(`
output "us" { value = provider::unifiedto::oauth_redirect_uri("us") }
output "eu" { value = provider::unifiedto::oauth_redirect_uri("eu") }
output "au" { value = provider::unifiedto::oauth_redirect_uri("au") }
# The same mapping as the data source: one table in the provider.
data "unifiedto_region" "eu" { region = "eu" }
output "same" { value = provider::unifiedto::oauth_redirect_uri("eu") == data.unifiedto_region.eu.oauth_redirect_uri }
`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("us", knownvalue.StringExact(usURI)),
				statecheck.ExpectKnownOutputValue("eu", knownvalue.StringExact(euURI)),
				statecheck.ExpectKnownOutputValue("au", knownvalue.StringExact(auURI)),
				statecheck.ExpectKnownOutputValue("same", knownvalue.Bool(true)),
			},
		}},
	})
}

func TestAccOAuthRedirectURIFunction_unknownRegion(t *testing.T) {
	h := acctest.New(t)
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_8_0)},
		ProtoV6ProviderFactories: h.Factories(),
		Steps: []resource.TestStep{{
			Config:      h.Config(`output "x" { value = provider::unifiedto::oauth_redirect_uri("apac") }`),
			ExpectError: wrapped(`region: "apac" is not a Unified.to region; use one of us, eu, au`),
		}},
	})
	if h.Emu != nil && h.Emu.Log.Writes("") != 0 {
		t.Errorf("the function wrote:\n%s", h.Emu.Log.Summary())
	}
}
