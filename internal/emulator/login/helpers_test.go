package login

import (
	"context"
	"crypto/sha1"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/cloud"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/emulator/emuhttp"
)

const graphScope = "https://graph.microsoft.com/.default"

var (
	caOnce   sync.Once
	sharedCA *emuhttp.CA
)

// testCA is shared by the package's tests: making one is cheap, but one is enough.
func testCA(t *testing.T) *emuhttp.CA {
	t.Helper()
	caOnce.Do(func() {
		var err error
		if sharedCA, err = emuhttp.NewCA(); err != nil {
			panic(err)
		}
	})
	return sharedCA
}

// harness is one running emulator with its request log and a client that
// trusts its certificate.
type harness struct {
	srv    *Server
	url    string // the authority host
	log    *emuhttp.RequestLog
	client *http.Client
}

func start(t *testing.T) *harness {
	t.Helper()
	ca := testCA(t)
	h := &harness{srv: New(Options{}), log: &emuhttp.RequestLog{}}
	ln, err := emuhttp.ServeTLS(ca, "127.0.0.1:0", emuhttp.Logged("login", h.log, h.srv.Handler()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ln.Close() })
	h.url = ln.URL
	h.client = &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{TLSClientConfig: tlsTrusting(ca)}}
	return h
}

// clientOptions point an azidentity credential at the emulator: its host as
// the authority, and a transport that trusts its CA.
func (h *harness) clientOptions() azcore.ClientOptions {
	return azcore.ClientOptions{
		Cloud:     cloud.Configuration{ActiveDirectoryAuthorityHost: h.url},
		Transport: h.client,
	}
}

func getToken(t *testing.T, cred azcore.TokenCredential) (string, error) {
	t.Helper()
	return getTokenFor(t, cred, graphScope)
}

func getTokenFor(t *testing.T, cred azcore.TokenCredential, scope string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	tok, err := cred.GetToken(ctx, policy.TokenRequestOptions{Scopes: []string{scope}})
	return tok.Token, err
}

// freshScope is a scope no earlier test asked for. MSAL Go caches managed
// identity tokens in one process-wide cache, shared by every credential, so
// a repeated scope would be answered from a previous test's emulator.
func freshScope() string { return "https://msi-" + randomString(6) + ".example/.default" }

// postForm posts a token request by hand, for shapes azidentity hides.
func (h *harness) postForm(t *testing.T, path string, form url.Values) (int, map[string]any, string) {
	t.Helper()
	resp, err := h.client.Post(h.url+path, "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	return decode(t, resp)
}

func (h *harness) get(t *testing.T, path string, header http.Header) (int, map[string]any, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, h.url+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := h.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return decode(t, resp)
}

func decode(t *testing.T, resp *http.Response) (int, map[string]any, string) {
	t.Helper()
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	var body map[string]any
	if err := json.Unmarshal(raw, &body); err != nil {
		t.Fatalf("answer %d is not JSON: %v\n%s", resp.StatusCode, err, raw)
	}
	return resp.StatusCode, body, string(raw)
}

// checkAADError asserts Entra ID's error shape: the OAuth code, an
// error_description starting with the AADSTS code, error_codes, and the
// timestamp and ids support asks for.
func checkAADError(t *testing.T, status int, body map[string]any, wantStatus int, wantError string, wantCode int) {
	t.Helper()
	if status != wantStatus || body["error"] != wantError {
		t.Fatalf("answer = %d %v, want %d %s; body %v", status, body["error"], wantStatus, wantError, body)
	}
	desc, _ := body["error_description"].(string)
	if want := "AADSTS" + strconv.Itoa(wantCode) + ":"; !strings.HasPrefix(desc, want) {
		t.Errorf("error_description = %q, want prefix %q", desc, want)
	}
	codes, _ := body["error_codes"].([]any)
	if len(codes) != 1 || codes[0] != float64(wantCode) {
		t.Errorf("error_codes = %v, want [%d]", body["error_codes"], wantCode)
	}
	for _, k := range []string{"timestamp", "trace_id", "correlation_id"} {
		if s, _ := body[k].(string); s == "" {
			t.Errorf("%s missing from %v", k, body)
		}
	}
}

func tlsTrusting(ca *emuhttp.CA) *tls.Config { return &tls.Config{RootCAs: ca.Pool()} }

func thumbprintSHA1(cert *x509.Certificate) string {
	sum := sha1.Sum(cert.Raw)
	return base64.RawURLEncoding.EncodeToString(sum[:])
}
