package signin

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// fakeAz puts an `az` on PATH that prints what `az account get-access-token
// -o json` prints, and records its arguments. azidentity runs it through
// /bin/sh, so PATH is all it takes.
func fakeAz(t *testing.T, script string) (argsFile string) {
	t.Helper()
	dir := t.TempDir()
	argsFile = filepath.Join(dir, "args")
	body := fmt.Sprintf("#!/bin/sh\necho \"$@\" >> '%s'\n%s\n", argsFile, script)
	if err := os.WriteFile(filepath.Join(dir, "az"), []byte(body), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
	return argsFile
}

func azPrintsToken(token, tenant string) string {
	exp := time.Now().Add(time.Hour)
	return fmt.Sprintf(`cat <<'JSON'
{"accessToken":"%s","expiresOn":"%s","expires_on":%d,"subscription":"00000000-0000-0000-0000-0000000000aa","tenant":"%s","tokenType":"Bearer"}
JSON`, token, exp.Format("2006-01-02 15:04:05.000000"), exp.Unix(), tenant)
}

func TestNewCredential_azureCLI(t *testing.T) {
	e := startEmulator(t)
	args := fakeAz(t, azPrintsToken(e.srv.IssueAccessToken(graphScope), e.srv.TenantID()))
	cfg := Config{UseCLI: true, TenantID: e.srv.TenantID()}
	e.mustSignIn(t, cfg)
	got, err := os.ReadFile(args)
	if err != nil {
		t.Fatal(err)
	}
	want := "account get-access-token -o json --resource https://graph.microsoft.com --tenant " + e.srv.TenantID()
	if strings.TrimSpace(string(got)) != want {
		t.Errorf("az was run with %q, want %q", got, want)
	}
}

func TestNewCredential_azureCLINotLoggedIn(t *testing.T) {
	fakeAz(t, `echo "ERROR: Please run 'az login' to setup account." >&2; exit 1`)
	msg := signInError(t, Config{UseCLI: true})
	mustContain(t, msg, "1. Azure CLI, enabled by use_cli (ARM_USE_CLI): ERROR: Please run 'az login'", "To fix: install the Azure CLI and run `az login`")
}
