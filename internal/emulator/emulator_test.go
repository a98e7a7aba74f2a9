package emulator

import (
	"crypto/tls"
	"io"
	"net/http"
	"strings"
	"testing"
)

func TestStartServesEveryServiceOverTLSAndLogsThem(t *testing.T) {
	e, err := Start(Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: e.CA.Pool()}}}
	urls := map[string]string{
		"login":      e.LoginURL + "/" + e.TenantID() + "/v2.0/.well-known/openid-configuration",
		"graph":      e.GraphURL + "/v1.0/applications",
		"unified-us": e.UnifiedURLs["us"] + "/unified/integration/workspace/" + e.Env("us", "")["UNIFIED_WORKSPACE_ID"],
		"unified-eu": e.UnifiedURLs["eu"] + "/unified/integration/workspace/" + e.Env("eu", "")["UNIFIED_WORKSPACE_ID"],
		"unified-au": e.UnifiedURLs["au"] + "/unified/integration/workspace/" + e.Env("au", "")["UNIFIED_WORKSPACE_ID"],
	}
	for service, url := range urls {
		resp, err := client.Get(url)
		if err != nil {
			t.Fatalf("%s: %v", service, err)
		}
		resp.Body.Close()
		// Graph without a token must refuse: 401 proves it checks.
		want := http.StatusOK
		if service == "graph" {
			want = http.StatusUnauthorized
		}
		if resp.StatusCode != want {
			t.Errorf("%s answered %d, want %d", service, resp.StatusCode, want)
		}
		if e.Log.Count(service, "GET", "") != 1 {
			t.Errorf("%s: request not logged under its service:\n%s", service, e.Log.Summary())
		}
	}
}

func TestEnvPointsTheProviderAtTheEmulator(t *testing.T) {
	e, err := Start(Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	env := e.Env("eu", "/tmp/ca.pem")
	if env["UNIFIED_API_URL"] != e.UnifiedURLs["eu"] || env["UNIFIED_REGION"] != "eu" || env["ARM_GRAPH_ENDPOINT"] != e.GraphURL ||
		env["ARM_AUTHORITY_HOST"] != e.LoginURL || env["SSL_CERT_FILE"] != "/tmp/ca.pem" || env["ARM_TENANT_ID"] != e.TenantID() {
		t.Fatalf("Env = %v", env)
	}
	exports := ShellExports(env)
	if !strings.Contains(exports, "export ARM_CLIENT_ID='"+e.ClientID+"'\n") {
		t.Errorf("ShellExports:\n%s", exports)
	}
}

// Graph accepts only tokens issued for Graph: a valid token for another
// resource answers 401 InvalidAuthenticationToken "Invalid audience".
func TestGraphRefusesATokenForAnotherResource(t *testing.T) {
	e, err := Start(Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: e.CA.Pool()}}}
	get := func(token string) (int, string) {
		req, _ := http.NewRequest(http.MethodGet, e.GraphURL+"/v1.0/applications", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}
	for _, scope := range []string{e.GraphURL + "/.default", "https://graph.microsoft.com/.default", "00000003-0000-0000-c000-000000000000/.default"} {
		if status, body := get(e.Login.IssueAccessToken(scope)); status != http.StatusOK {
			t.Errorf("token for %s: %d %s", scope, status, body)
		}
	}
	status, body := get(e.Login.IssueAccessToken("https://management.azure.com/.default"))
	if status != http.StatusUnauthorized || !strings.Contains(body, `"code":"InvalidAuthenticationToken"`) ||
		!strings.Contains(body, "Access token validation failure. Invalid audience.") {
		t.Errorf("token for Azure Resource Manager: %d %s", status, body)
	}
	if status, body := get("not-a-token-this-emulator-issued"); status != http.StatusUnauthorized || strings.Contains(body, "Invalid audience") {
		t.Errorf("unknown token: %d %s", status, body)
	}
}
