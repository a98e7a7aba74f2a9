package acctest

import (
	"os"
	"testing"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/unified"
)

// Unified returns a Unified.to client for reads made outside Terraform
// (CheckDestroy, drift). Against the emulator it uses the emulator's
// workspace; in live mode the same UNIFIED_* variables the provider reads.
func (h *Harness) Unified(t *testing.T) *unified.Client {
	t.Helper()
	env := map[string]string{}
	for _, k := range []string{"UNIFIED_API_TOKEN", "UNIFIED_WORKSPACE_ID", "UNIFIED_API_URL", "UNIFIED_REGION"} {
		env[k] = os.Getenv(k)
	}
	if h.Emu != nil {
		env = h.Emu.Env("us", "")
	}
	client, err := unified.New(unified.Config{
		Token: env["UNIFIED_API_TOKEN"], WorkspaceID: env["UNIFIED_WORKSPACE_ID"],
		APIURL: env["UNIFIED_API_URL"], Region: unified.Region(env["UNIFIED_REGION"]),
	})
	if err != nil {
		t.Fatalf("making the Unified.to client: %v", err)
	}
	return client
}
