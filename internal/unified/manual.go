package unified

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
)

// ManualStepInput is what ManualStep tells a user to do by hand.
type ManualStepInput struct {
	// Remove asks for the removal of the configuration instead of its
	// configuration.
	Remove          bool
	IntegrationType string
	Env             string
	ClientID        string
	Permissions     []string
	ScopeOverrides  map[string]string
}

// ManualStep tells a user how to do by hand, in the Unified.to dashboard,
// what the API would not do: configure (or remove) in.IntegrationType in
// environment in.Env. It names the client secret without showing it, so
// that the message is safe in any log or diagnostic. An unknown region
// falls back to the us dashboard, whose login redirects to the workspace's
// own.
func ManualStep(region Region, in ManualStepInput) string {
	dashboard := region.DashboardURL()
	if dashboard == "" {
		dashboard = RegionUS.DashboardURL()
	}
	env := envOrDefault(in.Env)
	var b strings.Builder
	fmt.Fprintf(&b, "Do this step in the Unified.to dashboard instead:\n")
	fmt.Fprintf(&b, "  1. Open %s/integrations/%s with the workspace's environment set to %q.\n", dashboard, url.PathEscape(in.IntegrationType), env)
	if in.Remove {
		b.WriteString("  2. Remove the integration's configuration (its client ID and secret).\n")
		return b.String()
	}
	clientID := in.ClientID
	if clientID == "" {
		clientID = "the Application (client) ID of the Entra app registration"
	}
	fmt.Fprintf(&b, "  2. Client ID: %s\n", clientID)
	b.WriteString("  3. Client secret: the value of the client secret created for that app registration (not shown here; it is sensitive).\n")
	step := 4
	if len(in.Permissions) > 0 {
		fmt.Fprintf(&b, "  %d. Permissions: %s\n", step, strings.Join(in.Permissions, ", "))
		step++
	}
	if len(in.ScopeOverrides) > 0 {
		keys := make([]string, 0, len(in.ScopeOverrides))
		for k := range in.ScopeOverrides {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		fmt.Fprintf(&b, "  %d. Scope overrides:", step)
		for _, k := range keys {
			fmt.Fprintf(&b, " %s = %q;", k, in.ScopeOverrides[k])
		}
		b.WriteString("\n")
		step++
	}
	fmt.Fprintf(&b, "  %d. Save, and make sure the integration is active.\n", step)
	b.WriteString("Then import the saved configuration: terraform import <address> " + in.IntegrationType + "/" + env)
	return b.String()
}
