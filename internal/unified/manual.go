package unified

import (
	"fmt"
	"net/url"
	"strings"
)

// ManualStep tells a user how to do by hand, in the Unified.to dashboard,
// what the API would not do: configure integrationType in environment env
// with the OAuth app clientID. It names the client secret without showing
// it, so that the message is safe in any log or diagnostic. An unknown
// region falls back to the us dashboard, whose login redirects to the
// workspace's own.
func ManualStep(region Region, integrationType, env, clientID string) string {
	dashboard := region.DashboardURL()
	if dashboard == "" {
		dashboard = RegionUS.DashboardURL()
	}
	env = envOrDefault(env)
	if clientID == "" {
		clientID = "the Application (client) ID of the Entra app registration"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Configure the integration in the Unified.to dashboard instead:\n")
	fmt.Fprintf(&b, "  1. Open %s/integrations/%s", dashboard, url.PathEscape(integrationType))
	fmt.Fprintf(&b, " with the workspace's environment set to %q.\n", env)
	fmt.Fprintf(&b, "  2. Client ID: %s\n", clientID)
	fmt.Fprintf(&b, "  3. Client secret: the value of the client secret created for that app registration (not shown here; it is sensitive).\n")
	fmt.Fprintf(&b, "  4. Save, and make sure the integration is active.\n")
	b.WriteString("Once saved, Unified.to's published GET /unified/integration/workspace/{workspace_id} lists the integration as active; that is what this provider checks.")
	return b.String()
}
