package graphapi

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"sync"
	"testing"
	"time"

	abstractions "github.com/microsoft/kiota-abstractions-go"
	"github.com/microsoft/kiota-abstractions-go/authentication"
	khttp "github.com/microsoft/kiota-http-go"
	msgraphsdk "github.com/microsoftgraph/msgraph-sdk-go"
	msgraphcore "github.com/microsoftgraph/msgraph-sdk-go-core"
	"github.com/microsoftgraph/msgraph-sdk-go/models/odataerrors"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/emulator/emuhttp"
)

// testCA is shared by the package's tests: making one costs a key pair.
var testCA = func() *emuhttp.CA {
	ca, err := emuhttp.NewCA()
	if err != nil {
		panic(err)
	}
	return ca
}()

const testToken = "test-access-token"

// clock is a settable clock for Options.Now.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// wireRecord is what arrived on the wire for one request with a body.
type wireRecord struct {
	method, path, encoding string
	raw                    []byte // as sent, before the emulator decodes it
}

// harness is one tenant's Graph over TLS, with msgraph-sdk-go pointed at it
// exactly as the provider's client is built, and a plain HTTP client.
type harness struct {
	t     *testing.T
	srv   *Server
	url   string
	clock *clock
	log   *emuhttp.RequestLog
	graph *msgraphsdk.GraphServiceClient
	http  *http.Client

	mu   sync.Mutex
	wire []wireRecord
}

func start(t *testing.T) *harness {
	t.Helper()
	h := &harness{t: t, clock: &clock{t: time.Date(2026, 1, 14, 8, 42, 44, 123456789, time.UTC)}, log: &emuhttp.RequestLog{}}
	h.srv = New(Options{Now: h.clock.Now, Authorize: func(tok string) bool { return tok == testToken }})
	ln, err := emuhttp.ServeTLS(testCA, "127.0.0.1:0", emuhttp.Logged("graph", h.log, h.recordWire(h.srv.Handler())))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ln.Close() })
	h.url = ln.URL
	tlsConfig := &tls.Config{RootCAs: testCA.Pool()}
	h.http = &http.Client{Transport: &http.Transport{TLSClientConfig: tlsConfig}}

	// The provider's pipeline (compression, retry, redirect, telemetry...),
	// on a transport that trusts the emulator's CA.
	options := msgraphsdk.GetDefaultClientOptions()
	middleware := msgraphcore.GetDefaultMiddlewaresWithOptions(&options)
	httpClient := msgraphcore.GetDefaultClient(&options, middleware...)
	httpClient.Transport = khttp.NewCustomTransportWithParentTransport(&http.Transport{TLSClientConfig: tlsConfig, ForceAttemptHTTP2: true}, middleware...)
	auth := authentication.NewBaseBearerTokenAuthenticationProvider(&staticToken{hosts: mustHostsValidator("127.0.0.1")})
	adapter, err := msgraphsdk.NewGraphRequestAdapterWithParseNodeFactoryAndSerializationWriterFactoryAndHttpClient(auth, nil, nil, httpClient)
	if err != nil {
		t.Fatal(err)
	}
	adapter.SetBaseUrl(h.url + "/v1.0")
	h.graph = msgraphsdk.NewGraphServiceClient(adapter)
	return h
}

// recordWire notes how each request body arrived, then passes it on.
func (h *harness) recordWire(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body != nil {
			raw, _ := io.ReadAll(r.Body)
			r.Body = io.NopCloser(bytes.NewReader(raw))
			if len(raw) > 0 {
				h.mu.Lock()
				h.wire = append(h.wire, wireRecord{method: r.Method, path: r.URL.Path, encoding: r.Header.Get("Content-Encoding"), raw: raw})
				h.mu.Unlock()
			}
		}
		next.ServeHTTP(w, r)
	})
}

func (h *harness) wireRecords() []wireRecord {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]wireRecord(nil), h.wire...)
}

// staticToken is a kiota AccessTokenProvider with a fixed token.
type staticToken struct {
	hosts authentication.AllowedHostsValidator
}

func (p *staticToken) GetAuthorizationToken(_ context.Context, u *url.URL, _ map[string]any) (string, error) {
	if !p.hosts.IsUrlHostValid(u) {
		return "", nil
	}
	return testToken, nil
}

func (p *staticToken) GetAllowedHostsValidator() *authentication.AllowedHostsValidator {
	return &p.hosts
}

func ctx() context.Context { return context.Background() }

// answer is one plain-HTTP response, read whole.
type answer struct {
	status int
	header http.Header
	body   []byte
}

// json decodes the body into a generic map.
func (a answer) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(a.body, &m); err != nil {
		t.Fatalf("answer %d is not a JSON object: %v\n%s", a.status, err, a.body)
	}
	return m
}

// errorCode returns error.code and error.message of an error answer.
func (a answer) errorCode(t *testing.T) (string, string) {
	t.Helper()
	e, _ := a.json(t)["error"].(map[string]any)
	code, _ := e["code"].(string)
	msg, _ := e["message"].(string)
	return code, msg
}

// do sends a request with the test token; body is JSON-encoded unless it is
// a string or nil. headers are name, value pairs.
func (h *harness) do(method, path string, body any, headers ...string) answer {
	h.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = bytes.NewReader([]byte(b))
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			h.t.Fatal(err)
		}
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, h.url+path, rd)
	if err != nil {
		h.t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+testToken)
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := h.http.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		h.t.Fatal(err)
	}
	return answer{status: resp.StatusCode, header: resp.Header, body: raw}
}

// must fails the test unless a has status want.
func (a answer) must(t *testing.T, want int) answer {
	t.Helper()
	if a.status != want {
		t.Fatalf("status %d, want %d\n%s", a.status, want, a.body)
	}
	return a
}

// newApp creates an application through plain HTTP and returns its JSON.
func (h *harness) newApp(body map[string]any) map[string]any {
	h.t.Helper()
	if body == nil {
		body = map[string]any{"displayName": "test app"}
	}
	return h.do("POST", "/v1.0/applications", body).must(h.t, http.StatusCreated).json(h.t)
}

// odataError unwraps an SDK error into Graph's error, failing otherwise.
func odataError(t *testing.T, err error) *odataerrors.ODataError {
	t.Helper()
	var oe *odataerrors.ODataError
	if !errors.As(err, &oe) {
		t.Fatalf("error %v (%T) is not an ODataError", err, err)
	}
	return oe
}

// errCode returns the status and error.code of an SDK error.
func errCode(t *testing.T, err error) (int, string) {
	t.Helper()
	oe := odataError(t, err)
	return oe.ResponseStatusCode, *oe.GetErrorEscaped().GetCode()
}

// preferCreate is the request configuration header the provider sets for
// the uniqueName upsert.
func preferCreate() *abstractions.RequestHeaders {
	hdr := abstractions.NewRequestHeaders()
	hdr.Add("Prefer", "create-if-missing")
	return hdr
}

func mustHostsValidator(hosts ...string) authentication.AllowedHostsValidator {
	v, err := authentication.NewAllowedHostsValidatorErrorCheck(hosts)
	if err != nil {
		panic(err)
	}
	return *v
}
