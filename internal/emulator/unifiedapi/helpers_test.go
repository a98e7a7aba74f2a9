package unifiedapi

import (
	"bytes"
	"crypto/tls"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"testing"

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

// harness is one emulated workspace served over TLS, as the provider sees it.
type harness struct {
	t    *testing.T
	srv  *Server
	url  string
	log  *emuhttp.RequestLog
	http *http.Client
}

func start(t *testing.T, opts Options) *harness {
	t.Helper()
	srv := New(opts)
	log := &emuhttp.RequestLog{}
	ln, err := emuhttp.ServeTLS(testCA, "127.0.0.1:0", emuhttp.Logged("unified-"+srv.Region(), log, srv.Handler()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ln.Close() })
	client := &http.Client{
		Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: testCA.Pool()}},
		// Tests look at redirects rather than follow them.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	return &harness{t: t, srv: srv, url: ln.URL, log: log, http: client}
}

// answer is one response, read whole.
type answer struct {
	status int
	header http.Header
	body   []byte
}

// call sends method path with body (JSON-encoded unless []byte or nil) and
// the given Authorization header ("" for none).
func (h *harness) call(method, path string, body any, authorization string) answer {
	h.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case []byte:
		rd = bytes.NewReader(b)
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
	if authorization != "" {
		req.Header.Set("Authorization", authorization)
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

// authed sends with the workspace token in the documented form.
func (h *harness) authed(method, path string, body any) answer {
	h.t.Helper()
	return h.call(method, path, body, "Bearer "+h.srv.Token())
}

// decodeInto decodes a JSON answer or fails the test.
func decodeInto[T any](t *testing.T, a answer) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(a.body, &v); err != nil {
		t.Fatalf("decoding %s: %v", a.body, err)
	}
	return v
}

func want(t *testing.T, a answer, status int) {
	t.Helper()
	if a.status != status {
		t.Fatalf("status = %d, want %d; body %s", a.status, status, a.body)
	}
}
func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func itoa(i int) string { return strconv.Itoa(i) }

func bytesContain(b []byte, s string) bool { return bytes.Contains(b, []byte(s)) }
