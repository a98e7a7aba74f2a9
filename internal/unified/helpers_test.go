package unified

import (
	"context"
	"crypto/tls"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/emulator/emuhttp"
	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/emulator/unifiedapi"
)

// testCA signs every emulator of the package's tests.
var testCA = func() *emuhttp.CA {
	ca, err := emuhttp.NewCA()
	if err != nil {
		panic(err)
	}
	return ca
}()

// emu is an emulated Unified.to workspace served over TLS, with the
// request log and fault injection the acceptance tests use.
type emu struct {
	srv    *unifiedapi.Server
	url    string
	log    *emuhttp.RequestLog
	faults *emuhttp.Faults
}

func startEmulator(t *testing.T, opts unifiedapi.Options) *emu {
	t.Helper()
	e := &emu{srv: unifiedapi.New(opts), log: &emuhttp.RequestLog{}, faults: &emuhttp.Faults{}}
	ln, err := emuhttp.ServeTLS(testCA, "127.0.0.1:0",
		emuhttp.Logged("unified", e.log, emuhttp.Faulty(e.faults, e.srv.WriteError, e.srv.Handler())))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ln.Close() })
	e.url = ln.URL
	return e
}

// sleeps records the waits a client asked for instead of waiting, and
// moves the client's clock on by each, so that deadlines still bound them.
type sleeps struct {
	mu    sync.Mutex
	waits []time.Duration
	clock time.Time
}

func (s *sleeps) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.waits = append(s.waits, d)
	s.clock = s.clock.Add(d)
	return ctx.Err()
}

func (s *sleeps) now() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.clock
}

func (s *sleeps) total() time.Duration {
	var sum time.Duration
	for _, w := range s.all() {
		sum += w
	}
	return sum
}

func (s *sleeps) all() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.waits...)
}

// newClient returns a client of e's workspace that records its retry waits
// instead of sleeping; mod adjusts the Config first.
func (e *emu) newClient(t *testing.T, mod func(*Config)) (*Client, *sleeps) {
	t.Helper()
	cfg := Config{
		APIURL: e.url, Region: Region(e.srv.Region()), Token: e.srv.Token(), WorkspaceID: e.srv.WorkspaceID(),
		HTTPClient: &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: testCA.Pool()}}},
	}
	if mod != nil {
		mod(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	s := &sleeps{clock: time.Now()}
	c.sleep, c.now = s.sleep, s.now
	return c, s
}

// httptestClient returns a client of an httptest server running h, for
// answers the emulator does not give.
func httptestClient(t *testing.T, h http.HandlerFunc, mod func(*Config)) (*Client, *sleeps) {
	t.Helper()
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	cfg := Config{APIURL: ts.URL, Token: testToken, WorkspaceID: "0123456789abcdef01234567"}
	if mod != nil {
		mod(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	s := &sleeps{clock: time.Now()}
	c.sleep, c.now = s.sleep, s.now
	return c, s
}

const testToken = "tok_live_5f2a9c0e7d1b"

func mustContain(t *testing.T, text string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(text, p) {
			t.Errorf("%q does not contain %q", text, p)
		}
	}
}

func mustNotContain(t *testing.T, text string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if p != "" && strings.Contains(text, p) {
			t.Errorf("%q contains %q", text, p)
		}
	}
}
