package signin

import (
	"path/filepath"
	"strings"
	"testing"
)

// NewCredential talks to nobody: a configuration that never needs Graph
// never signs in.
func TestNewCredential_isLazy(t *testing.T) {
	e := startEmulator(t)
	cfg := e.config()
	cfg.ClientSecret = testSecret
	cfg.UseOIDC = true
	cfg.OIDCRequestURL = e.url + "/_github/idtoken"
	cfg.OIDCRequestToken = "request-token"
	cfg.UseCLI = true
	if _, err := NewCredential(cfg); err != nil {
		t.Fatal(err)
	}
	if n := len(e.log.Entries()); n != 0 {
		t.Errorf("NewCredential made %d requests:\n%s", n, e.log.Summary())
	}
}

// The certificate comes before the secret, as in terraform-provider-azuread.
func TestNewCredential_certificateBeforeSecret(t *testing.T) {
	e := startEmulator(t)
	cert, pemBytes := newRSACertificate(t)
	e.srv.AddClientCertificate(testClientID, cert)
	cfg := e.config()
	cfg.ClientCertificatePath = writeFile(t, "client.pem", pemBytes)
	cfg.ClientSecret = "a-secret-the-emulator-does-not-know"
	e.mustSignIn(t, cfg)
	if entries := e.log.Entries(); len(entries) != 2 || !strings.HasSuffix(entries[1].Note, "via certificate") {
		t.Errorf("want discovery then one certificate sign-in:\n%s", e.log.Summary())
	}
}

// A rejected method stops the chain: falling through to the Azure CLI would
// sign in as somebody else and hide the broken secret.
func TestNewCredential_rejectionStopsTheChain(t *testing.T) {
	e := startEmulator(t)
	e.srv.AddClientSecret(testClientID, testSecret)
	args := fakeAz(t, azPrintsToken(e.srv.IssueAccessToken(graphScope), e.srv.TenantID()))
	cfg := e.config()
	cfg.ClientSecret = "wrong-secret-value"
	cfg.UseCLI = true
	msg := signInError(t, cfg, cfg.ClientSecret)
	mustContain(t, msg, "1. client secret", "AADSTS7000215", "Not tried, because", "Azure CLI (enabled by use_cli (ARM_USE_CLI))")
	if fileExists(args) {
		t.Error("the Azure CLI ran after the secret was rejected")
	}
}

// An unavailable method is skipped: no token file here, so the CLI signs in.
func TestNewCredential_unavailableMethodIsSkipped(t *testing.T) {
	e := startEmulator(t)
	fakeAz(t, azPrintsToken(e.srv.IssueAccessToken(graphScope), e.srv.TenantID()))
	cfg := e.config()
	cfg.UseOIDC = true
	cfg.OIDCTokenFilePath = filepath.Join(t.TempDir(), "missing-token")
	cfg.UseCLI = true
	e.mustSignIn(t, cfg)
}

// When every method is unavailable, each is listed in order with its fix.
func TestNewCredential_allUnavailableListsEveryMethodInOrder(t *testing.T) {
	e := startEmulator(t)
	t.Setenv("PATH", t.TempDir()) // no az
	cfg := e.config()
	cfg.UseOIDC = true
	cfg.OIDCTokenFilePath = filepath.Join(t.TempDir(), "missing-token")
	cfg.UseCLI = true
	msg := signInError(t, cfg)
	first := strings.Index(msg, "1. OIDC token file, enabled by oidc_token_file_path (ARM_OIDC_TOKEN_FILE_PATH): unavailable here")
	second := strings.Index(msg, "2. Azure CLI, enabled by use_cli (ARM_USE_CLI): unavailable here: the `az` executable is not on PATH")
	if first < 0 || second < first {
		t.Errorf("want the token file, then the CLI:\n%s", msg)
	}
	if strings.Count(msg, "To fix:") != 2 || strings.Contains(msg, "Not tried") {
		t.Errorf("want a fix per method and nothing left untried:\n%s", msg)
	}
}
