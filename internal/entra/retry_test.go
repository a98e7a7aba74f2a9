package entra_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/emulator"
	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/entra"
	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/entra/signin"
)

// newClientWith is newClient with a policy of the test's choosing.
func newClientWith(t testing.TB, policy entra.RetryPolicy, progress func(context.Context, string)) (*entra.Client, *emulator.Emulator) {
	t.Helper()
	emu, err := emulator.Start(emulator.Options{CA: ca})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(emu.Close)
	cred, err := signin.NewCredential(signin.Config{TenantID: emu.TenantID(), ClientID: emu.ClientID, ClientSecret: emu.ClientSecret, AuthorityHost: emu.LoginURL})
	if err != nil {
		t.Fatal(err)
	}
	client, err := entra.New(entra.Config{Credential: cred, GraphEndpoint: emu.GraphURL, Scope: emu.GraphURL + "/.default", Policy: policy, Progress: progress})
	if err != nil {
		t.Fatal(err)
	}
	return client, emu
}

func onlyGraphAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/v1.0/") }

// throttledCreate throttles the next n Graph requests with Retry-After
// seconds and times one application create through them.
func throttledCreate(t *testing.T, n int, retryAfter time.Duration) time.Duration {
	// The policy's own backoff is long on purpose: were Retry-After taken
	// as a floor on it, the test would take far longer.
	var logged []string
	client, emu := newClientWith(t, entra.RetryPolicy{InitialDelay: 2 * time.Second, MaxDelay: 15 * time.Second, MaxElapsed: 10 * time.Minute},
		func(_ context.Context, msg string) { logged = append(logged, msg) })
	emu.GraphFaults.OnlyFor(onlyGraphAPI)
	emu.GraphFaults.Throttle(n, retryAfter)
	start := time.Now()
	if _, err := client.CreateApplication(context.Background(), entra.ApplicationFields{DisplayName: "throttled", SignInAudience: "AzureADMultipleOrgs"}); err != nil {
		t.Fatal(err)
	}
	elapsed := time.Since(start)
	if left, _ := emu.GraphFaults.Pending(); left != 0 {
		t.Fatalf("%d throttled answers were never asked for", left)
	}
	if len(logged) < n || !strings.Contains(logged[0], "429") {
		t.Errorf("%d progress messages for %d throttled answers, first %q: want one per wait, naming the 429", len(logged), n, logged)
	}
	return elapsed
}

// Retry-After is honoured as given (plus at most 10% jitter), not as a
// floor on a doubling backoff, and no attempt count cuts it short. Like
// every test here that mostly sleeps, it runs in parallel with the rest.
func TestThrottlingIsWaitedOutAsGraphSays(t *testing.T) {
	t.Parallel()
	const n, after = 6, time.Second
	elapsed := throttledCreate(t, n, after)
	sum := n * after
	if elapsed < sum || elapsed > sum*3/2 {
		t.Fatalf("%d answers of 429 with Retry-After %v took %v, want between %v and %v", n, after, elapsed, sum, sum*3/2)
	}
}

// The figure: 50 throttled answers with Retry-After 3 s must cost
// the 150 s Graph asks for, and at most 1.5 times that (jitter, requests).
// It sleeps for minutes and uses no CPU meanwhile, so it runs in parallel
// with the package's other tests and, in `make test`, with other packages:
// it adds about 150 s to this package and little to the suite.
func TestThrottling50x3s(t *testing.T) {
	t.Parallel()
	const n, after = 50, 3 * time.Second
	elapsed := throttledCreate(t, n, after)
	sum := n * after
	t.Logf("%d x 429 with Retry-After %v: %v (sum of Retry-Afters %v)", n, after, elapsed.Round(time.Second), sum)
	if elapsed < sum || elapsed > sum*3/2 {
		t.Fatalf("took %v, want between %v (the Retry-Afters) and %v (1.5 times them)", elapsed, sum, sum*3/2)
	}
}

// A gateway's 503 with an HTML page (or nothing) is retried like any 5xx,
// and when it never ends the error names the status, not a parse failure.
func TestGatewayAnswersAreRetriedAndNamed(t *testing.T) {
	for _, contentType := range []string{"text/html", ""} {
		client, emu := newClient(t)
		emu.GraphFaults.OnlyFor(onlyGraphAPI)
		emu.GraphFaults.GatewayNext(2, http.StatusServiceUnavailable, contentType)
		if _, err := client.CreateApplication(context.Background(), entra.ApplicationFields{DisplayName: "gateway", SignInAudience: "AzureADMultipleOrgs"}); err != nil {
			t.Fatalf("%q: two gateway answers then success: %v", contentType, err)
		}
		emu.GraphFaults.GatewayNext(1000, http.StatusServiceUnavailable, contentType)
		ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
		_, err := client.GetApplication(ctx, "8d1b8a1c-0000-4000-8000-000000000000")
		cancel()
		if err == nil || !strings.Contains(err.Error(), "503") || strings.Contains(err.Error(), "factory") {
			t.Fatalf("%q: endless gateway answers gave %v, want an error naming 503", contentType, err)
		}
	}
}

// A 404 on an object this process did not just create is the truth within
// NotFoundGrace: a deleted application or a client id passed as an object
// id does not wait out the timeout.
func TestNotFoundOnAnOldOrWrongObjectFailsWithinTheGrace(t *testing.T) {
	client, emu := newClientWith(t, entra.RetryPolicy{InitialDelay: 20 * time.Millisecond, MaxDelay: 200 * time.Millisecond, MaxElapsed: time.Minute, NotFoundGrace: 500 * time.Millisecond}, nil)
	ctx := context.Background()
	app, err := client.CreateApplication(ctx, entra.ApplicationFields{DisplayName: "gone", SignInAudience: "AzureADMultipleOrgs"})
	if err != nil {
		t.Fatal(err)
	}
	// A client id is a GUID too, but no application has it as object id.
	start := time.Now()
	_, err = client.AddPassword(ctx, app.ClientID, entra.PasswordInput{Marker: "m-wrong"})
	if !entra.IsNotFound(err) {
		t.Fatalf("addPassword on a client id: %v, want not found", err)
	}
	if elapsed := time.Since(start); elapsed > 2*time.Second {
		t.Errorf("a client id passed as object id failed after %v, want within the 500 ms grace", elapsed)
	}
	// Deleted by someone else, by an earlier process: a fresh client does
	// not know it as new.
	other, _ := newClientWithEmulator(t, emu)
	if err := client.DeleteApplication(ctx, app.ObjectID); err != nil {
		t.Fatal(err)
	}
	start = time.Now()
	if err := other.SetRedirectURIs(ctx, app.ObjectID, []string{"https://api.unified.to/oauth/code"}); !entra.IsNotFound(err) {
		t.Fatalf("writing to a deleted application: %v, want not found", err)
	}
	if elapsed := time.Since(start); elapsed > 2*time.Second {
		t.Errorf("a deleted application failed after %v, want within the grace", elapsed)
	}
}

// Where lag is possible (this process created the object moments ago) a
// 404 is waited out, even past the grace.
func TestNotFoundOnAnObjectCreatedMomentsAgoIsWaitedOut(t *testing.T) {
	client, emu := newClientWith(t, entra.RetryPolicy{InitialDelay: 20 * time.Millisecond, MaxDelay: 200 * time.Millisecond, MaxElapsed: time.Minute, NotFoundGrace: 100 * time.Millisecond}, nil)
	emu.Graph.SetReplicationLag(time.Second)
	ctx := context.Background()
	app, err := client.CreateApplication(ctx, entra.ApplicationFields{DisplayName: "new", SignInAudience: "AzureADMultipleOrgs"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := client.AddPassword(ctx, app.ObjectID, entra.PasswordInput{Marker: "m-new"}); err != nil {
		t.Fatalf("addPassword during replication lag: %v", err)
	}
}

func newClientWithEmulator(t testing.TB, emu *emulator.Emulator) (*entra.Client, error) {
	t.Helper()
	cred, err := signin.NewCredential(signin.Config{TenantID: emu.TenantID(), ClientID: emu.ClientID, ClientSecret: emu.ClientSecret, AuthorityHost: emu.LoginURL})
	if err != nil {
		t.Fatal(err)
	}
	client, err := entra.New(entra.Config{Credential: cred, GraphEndpoint: emu.GraphURL, Scope: emu.GraphURL + "/.default",
		Policy: entra.RetryPolicy{InitialDelay: 20 * time.Millisecond, MaxDelay: 200 * time.Millisecond, MaxElapsed: time.Minute, NotFoundGrace: 500 * time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	return client, nil
}
