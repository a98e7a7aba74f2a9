package acctest

import (
	"context"
	"testing"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/emulator"
	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/emulator/graphapi"
	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/emulator/login"
)

func TestMain(m *testing.M) { Main(m) }

// A live run in CI signs in with OIDC (GitHub Actions here), not with a
// client secret: the harness's out-of-band Graph client must sign in through
// the provider's mapping of the ARM_* variables, as the provider does. This
// is a live-mode dry run against the emulators: no client secret and no
// Azure CLI are available, so only OIDC can succeed.
func TestGraph_liveModeSignsInWithOIDCFromEnvironment(t *testing.T) {
	if Live() {
		t.Skip("a dry run of live mode against the emulators; nothing to add against real services")
	}
	emu, err := emulator.Start(emulator.Options{CA: sharedCA})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(emu.Close)
	emu.Login.TrustFederatedSubject(emu.ClientID, login.GitHubSubject)

	t.Setenv("UNIFIEDTO_LIVE", "1")
	for name, value := range map[string]string{
		"ARM_TENANT_ID":                  emu.TenantID(),
		"ARM_CLIENT_ID":                  emu.ClientID,
		"ARM_AUTHORITY_HOST":             emu.LoginURL,
		"ARM_GRAPH_ENDPOINT":             emu.GraphURL,
		"ARM_USE_OIDC":                   "true",
		"ARM_USE_CLI":                    "false",
		"ACTIONS_ID_TOKEN_REQUEST_URL":   emu.LoginURL + login.GitHubIDTokenPath + "?api-version=2.0",
		"ACTIONS_ID_TOKEN_REQUEST_TOKEN": emu.Login.GitHubRequestToken(),
		// Cleared, so that nothing but OIDC can sign in.
		"ARM_CLIENT_SECRET": "", "ARM_CLIENT_CERTIFICATE": "", "ARM_CLIENT_CERTIFICATE_PATH": "", "ARM_OIDC_TOKEN": "",
		"ARM_OIDC_TOKEN_FILE_PATH": "", "AZURE_FEDERATED_TOKEN_FILE": "", "ARM_OIDC_REQUEST_URL": "", "ARM_OIDC_REQUEST_TOKEN": "",
		"ARM_ADO_PIPELINE_SERVICE_CONNECTION_ID": "", "ARM_USE_MSI": "", "ARM_ENVIRONMENT": "",
	} {
		t.Setenv(name, value)
	}

	h := New(t)
	if h.Emu != nil {
		t.Fatal("UNIFIEDTO_LIVE=1 must give a live harness")
	}
	sp, err := h.Graph(t).FindServicePrincipal(context.Background(), graphapi.MicrosoftGraphAppID)
	if err != nil {
		t.Fatalf("a Graph call through the live harness: %v", err)
	}
	if sp.ClientID != graphapi.MicrosoftGraphAppID {
		t.Errorf("found service principal %+v", sp)
	}
	if n := emu.Log.Count("login", "GET", login.GitHubIDTokenPath); n != 1 {
		t.Errorf("the GitHub Actions token endpoint was asked %d times, want 1: the harness did not sign in with OIDC", n)
	}
}
