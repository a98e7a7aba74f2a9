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
		msg := ManualStep(c.region, ManualStepInput{IntegrationType: dynamics, Env: "Sandbox", ClientID: "11111111-2222-3333-4444-555555555555",
			Permissions: []string{"crm_contact_read", "crm_deal_read"}, ScopeOverrides: map[string]string{"crm_deal_read": "x/y"}})
		mustContain(t, msg, c.dashboard, `"Sandbox"`, "Client ID: 11111111-2222-3333-4444-555555555555", "Client secret:", "not shown",
			"Permissions: crm_contact_read, crm_deal_read", `crm_deal_read = "x/y"`, "terraform import <address> microsoftdynamicssales/Sandbox")
	}
	msg := ManualStep(RegionEU, ManualStepInput{IntegrationType: dynamics})
	mustContain(t, msg, `"Production"`, "Application (client) ID")
	msg = ManualStep(RegionEU, ManualStepInput{IntegrationType: dynamics, Remove: true})
	mustContain(t, msg, "Remove the integration's configuration")
	mustNotContain(t, msg, "Client ID")
}
