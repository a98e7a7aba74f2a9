package provider_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/acctest"
)

func TestAccRegionDataSource_eachRegionOffline(t *testing.T) {
	h := acctest.New(t)
	want := map[string][3]string{
		"us": {"https://api.unified.to", "https://app.unified.to", usURI},
		"eu": {"https://api-eu.unified.to", "https://app-eu.unified.to", euURI},
		"au": {"https://api-au.unified.to", "https://app-au.unified.to", auURI},
	}
	config := ""
	var checks []statecheck.StateCheck
	for region, urls := range want {
		addr := "data.unifiedto_region." + region
		config += `
data "unifiedto_region" "` + region + `" {
  region = "` + region + `"
}
`
		checks = append(checks,
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("region"), knownvalue.StringExact(region)),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("api_url"), knownvalue.StringExact(urls[0])),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("dashboard_url"), knownvalue.StringExact(urls[1])),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("oauth_redirect_uri"), knownvalue.StringExact(urls[2])),
		)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: h.Factories(),
		Steps:                    []resource.TestStep{{Config: h.Config(config), ConfigStateChecks: checks}},
	})
	if h.Emu != nil {
		if n := h.Emu.Log.Count("", "", ""); n != 0 {
			t.Errorf("the region data source made %d requests, want none:\n%s", n, h.Emu.Log.Summary())
		}
	}
}

func TestAccRegionDataSource_unknownRegionFailsAtPlan(t *testing.T) {
	h := acctest.New(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: h.Factories(),
		Steps: []resource.TestStep{{
			Config:      h.Config(`data "unifiedto_region" "x" { region = "EU" }`),
			ExpectError: wrapped(`region value must be one of: \["us" "eu" "au"\]`),
		}},
	})
}
