package unified

import "testing"

func TestManualStep(t *testing.T) {
	cases := []struct {
		region    Region
		dashboard string
	}{
		{RegionUS, "https://app.unified.to/integrations/microsoftdynamicssales "},
		{RegionEU, "https://app-eu.unified.to/integrations/microsoftdynamicssales "},
		{RegionAU, "https://app-au.unified.to/integrations/microsoftdynamicssales "},
		{"", "https://app.unified.to/integrations/microsoftdynamicssales "},
	}
	for _, c := range cases {
		msg := ManualStep(c.region, dynamics, "Sandbox", "11111111-2222-3333-4444-555555555555")
		mustContain(t, msg, c.dashboard, `"Sandbox"`, "Client ID: 11111111-2222-3333-4444-555555555555", "Client secret:", "not shown")
	}
	msg := ManualStep(RegionEU, dynamics, "", "")
	mustContain(t, msg, `"Production"`, "Application (client) ID")
}
