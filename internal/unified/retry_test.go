package unified

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/emulator/unifiedapi"
)

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	cases := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"3", 3 * time.Second, true},
		{" 0 ", 0, true},
		{"1.5", 1500 * time.Millisecond, true},
		{now.Add(7 * time.Second).Format(http.TimeFormat), 7 * time.Second, true},
		{"Sun, 01 Jun 2025 12:00:07 GMT", 7 * time.Second, true},
		{now.Add(-time.Minute).Format(http.TimeFormat), 0, true}, // past: now
		{"", 0, false},
		{"-1", 0, false},
		{"NaN", 0, false},
		{"soon", 0, false},
	}
	for _, c := range cases {
		got, ok := parseRetryAfter(c.in, now)
		if got != c.want || ok != c.ok {
			t.Errorf("parseRetryAfter(%q) = %v, %v; want %v, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

// The emulator throttles like the real service, with Retry-After in whole
// seconds; the client waits exactly that long and then succeeds.
func TestRetryHonoursRetryAfterSeconds(t *testing.T) {
	e := startEmulator(t, unifiedapi.Options{})
	c, s := e.newClient(t, nil)
	e.faults.Throttle(2, 3*time.Second)
	if _, err := c.ListIntegrations(context.Background(), ListIntegrationsInput{}); err != nil {
		t.Fatal(err)
	}
	for _, w := range s.all() {
		if w < 3*time.Second || w > 3*time.Second+300*time.Millisecond {
			t.Errorf("waits = %v, want 3s each plus at most a tenth of jitter", s.all())
		}
	}
	if len(s.all()) != 2 {
		t.Errorf("waits = %v, want 2", s.all())
	}
	if n := e.log.Count("", "GET", "(throttled)"); n != 2 {
		t.Errorf("throttled requests = %d, want 2", n)
	}
}

func TestRetryHonoursRetryAfterHTTPDate(t *testing.T) {
	now := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	calls := 0
	c, s := httptestClient(t, func(w http.ResponseWriter, r *http.Request) {
		calls++
		if calls == 1 {
			w.Header().Set("Retry-After", now.Add(7*time.Second).Format(http.TimeFormat))
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		_, _ = w.Write([]byte(`["Production"]`))
	}, nil)
	s.clock = now
	if _, err := c.Environments(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := s.all(); len(got) != 1 || got[0] < 7*time.Second || got[0] > 7700*time.Millisecond {
		t.Errorf("waits = %v, want [7s] plus jitter", got)
	}
}

// Without Retry-After (Unified.to's documented 429 has none) the waits
// grow exponentially, with jitter, capped.
func TestRetryBacksOffExponentiallyWithoutRetryAfter(t *testing.T) {
	e := startEmulator(t, unifiedapi.Options{})
	c, s := e.newClient(t, nil)
	e.srv.Throttle(2)
	e.srv.GatewayErrors(2, http.StatusBadGateway) // HTML bodies, after the 429s
	if _, err := c.Environments(context.Background()); err != nil {
		t.Fatal(err)
	}
	waits := s.all()
	if len(waits) != 4 {
		t.Fatalf("waits = %v, want 4", waits)
	}
	for i, w := range waits {
		nominal := backoffBase << i
		if w < nominal/2 || w > nominal {
			t.Errorf("wait %d = %v, want within [%v, %v]", i, w, nominal/2, nominal)
		}
	}
	for i := range 20 {
		if w := backoff(i + 20); w > backoffMax || w < backoffMax/2 {
			t.Fatalf("backoff(%d) = %v, want capped at %v", i+20, w, backoffMax)
		}
	}
}

// A storm of 429s is outlasted, not counted: 40 throttled answers in a
// row still end in success when the deadline allows their waits.
func TestThrottleStormIsBoundedByTimeNotCount(t *testing.T) {
	e := startEmulator(t, unifiedapi.Options{})
	c, s := e.newClient(t, nil)
	e.srv.Throttle(40)
	ctx, cancel := context.WithTimeout(context.Background(), time.Hour)
	defer cancel()
	if _, err := c.Environments(ctx); err != nil {
		t.Fatal(err)
	}
	if n := len(s.all()); n != 40 {
		t.Errorf("waits = %d, want 40", n)
	}

	// The same storm with a short deadline stops at the deadline, naming
	// the last answer's published text.
	e.srv.Throttle(40)
	c2, s2 := e.newClient(t, nil)
	ctx2, cancel2 := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel2()
	_, err := c2.Environments(ctx2)
	if err == nil || s2.total() > 30*time.Second {
		t.Fatalf("err %v after waiting %v, want an error within 30s", err, s2.total())
	}
	mustContain(t, err.Error(), "429", "deadline", "Too many requests to unified.to API")
	// Without a deadline, DefaultMaxElapsed bounds the retries.
	e.srv.Throttle(1000)
	c3, s3 := e.newClient(t, nil)
	if _, err := c3.Environments(context.Background()); err == nil || s3.total() > DefaultMaxElapsed {
		t.Errorf("no deadline: err %v after %v", err, s3.total())
	}
}

func TestNoRetryForAnswersThatWillNotChange(t *testing.T) {
	for _, status := range []int{http.StatusBadRequest, http.StatusUnauthorized, http.StatusNotFound, http.StatusNotImplemented} {
		calls := 0
		c, s := httptestClient(t, func(w http.ResponseWriter, r *http.Request) {
			calls++
			w.WriteHeader(status)
		}, nil)
		if _, err := c.Environments(context.Background()); err == nil || calls != 1 || len(s.all()) != 0 {
			t.Errorf("status %d: err %v after %d calls, want one call and an error", status, err, calls)
		}
	}
}

// A wait that would outlast the caller's deadline is not started: the
// error comes at once, naming the last answer.
func TestRetryStopsAtTheDeadline(t *testing.T) {
	e := startEmulator(t, unifiedapi.Options{})
	c, s := e.newClient(t, nil)
	e.faults.Throttle(1, 30*time.Second)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_, err := c.Environments(ctx)
	if err == nil || len(s.all()) != 0 {
		t.Fatalf("err = %v, waits %v; want an immediate error", err, s.all())
	}
	mustContain(t, err.Error(), "deadline", "429", "Retry-After")
}

// A real wait: cancelling the context while waiting returns at once, with
// both the context's error and the last answer.
func TestRetryWaitEndsWithTheContext(t *testing.T) {
	e := startEmulator(t, unifiedapi.Options{})
	c, _ := e.newClient(t, nil)
	c.sleep = sleepCtx
	e.faults.Throttle(1, 5*time.Second)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	start := time.Now()
	_, err := c.Environments(ctx)
	var apiErr *APIError
	if !errors.Is(err, context.Canceled) || !errors.As(err, &apiErr) || apiErr.Status != http.StatusTooManyRequests {
		t.Fatalf("err = %v, want context.Canceled and the 429", err)
	}
	if time.Since(start) > 3*time.Second {
		t.Errorf("cancelling took %v", time.Since(start))
	}
}

// One real Retry-After wait end to end, to prove the default sleep sleeps.
func TestRetryReallyWaits(t *testing.T) {
	e := startEmulator(t, unifiedapi.Options{})
	c, _ := e.newClient(t, nil)
	c.sleep = sleepCtx
	e.faults.Throttle(1, time.Second)
	start := time.Now()
	if _, err := c.Environments(context.Background()); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d < time.Second {
		t.Errorf("succeeded after %v, before the 1s Retry-After", d)
	}
}

// A retried PUT sends its whole body again: the secret arrives although the
// first two attempts failed.
func TestRetriedRequestsReplayTheirBody(t *testing.T) {
	e := startEmulator(t, unifiedapi.Options{})
	c, _ := e.newClient(t, nil)
	e.faults.OnlyFor(func(r *http.Request) bool { return r.Method == http.MethodPut })
	e.faults.FailNext(2, http.StatusServiceUnavailable)
	created, err := c.CreateWorkspaceIntegration(context.Background(), WorkspaceIntegration{IntegrationType: "microsoftdynamicssales", IsActive: true})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.UpdateWorkspaceIntegration(context.Background(), WorkspaceIntegration{
		ID: created.ID, IntegrationType: "microsoftdynamicssales", IsActive: true, ClientID: "cid", ClientSecret: "replayed-secret",
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if wi, ok := e.srv.WorkspaceIntegration("microsoftdynamicssales", "Production"); !ok || wi.Auth.ClientSecret != "replayed-secret" {
		t.Errorf("stored %+v, want the secret of the third attempt", wi)
	}
	if n := e.log.Count("", "PUT", ""); n != 3 {
		t.Errorf("PUTs = %d, want 3", n)
	}
}
