package provider

import (
	"testing"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/unified"
)

// One Entra application serving the same integration in two Unified.to
// regions or workspaces (provider aliases) must give two markers, or each
// integration's rotation removes the other's live secret. An acceptance
// test cannot show this: terraform-plugin-testing serves every alias from
// one in-process provider server, which keeps only the last Configure.
func TestWorkspaceIntegrationSecretMarker_differsPerRegionAndWorkspace(t *testing.T) {
	client := func(url, workspace string) *unified.Client {
		c, err := unified.New(unified.Config{APIURL: url, Token: "t", WorkspaceID: workspace})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	const app = "00000000-0000-0000-0000-000000000001"
	us := secretMarker(client("https://api.unified.to", "ws1"), "microsoftdynamicssales", "Production", app)
	eu := secretMarker(client("https://api-eu.unified.to", "ws1"), "microsoftdynamicssales", "Production", app)
	other := secretMarker(client("https://api.unified.to", "ws2"), "microsoftdynamicssales", "Production", app)
	again := secretMarker(client("https://api.unified.to", "ws1"), "microsoftdynamicssales", "Production", app)
	if us == eu || us == other || eu == other {
		t.Fatalf("markers collide: us %s, eu %s, other workspace %s", us, eu, other)
	}
	if us != again {
		t.Fatalf("the marker is not stable across processes: %s then %s", us, again)
	}
}
