package emulator

import (
	"crypto/tls"
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
