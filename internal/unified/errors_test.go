package unified

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/emulator/unifiedapi"
)

// The emulator, echoing like some real services, quotes the PUT body (secret
// included) in its 400; the client's error keeps method, path, status and
// body text, without the secret.
func TestErrorsNeverCarryTheSecretTheServerEchoed(t *testing.T) {
	e := startEmulator(t, unifiedapi.Options{})
	e.srv.SetEchoErrors(true)
	c, _ := e.newClient(t, nil)
	const secret = "Xy8Q~echoed.client-secret_value"
	_, err := c.PutWorkspaceIntegration(context.Background(), WorkspaceIntegration{
		IntegrationType: "nosuch", IsActive: true, Auth: Auth{ClientID: "cid", ClientSecret: secret},
	})
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.Status != http.StatusBadRequest {
		t.Fatalf("err = %v, want a 400 *APIError", err)
	}
	mustContain(t, err.Error(), "PUT", "/unified/workspace/integration/nosuch?env=Production", "400", "Unknown integration_type", redacted, "cid")
	mustNotContain(t, err.Error(), secret, e.srv.Token())
}

// A server may echo the token header or the body in any encoding; no form
// of a secret survives.
func TestScrubbingCoversEveryEchoedForm(t *testing.T) {
	const secret = `s3"cr<e>t&/+ %x`
	quoted, _ := json.Marshal(secret)
	c, _ := httptestClient(t, func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		w.WriteHeader(http.StatusUnprocessableEntity)
		fmt.Fprintf(w, "auth=%s raw=%s json=%s url=%s path=%s",
			r.Header.Get("Authorization"), body, quoted, url.QueryEscape(secret), url.PathEscape(secret))
	}, nil)
	_, err := c.PutWorkspaceIntegration(context.Background(), WorkspaceIntegration{IntegrationType: "hubspot", Auth: Auth{ClientSecret: secret}})
	if err == nil {
		t.Fatal("want an error")
	}
	text := err.Error()
	mustNotContain(t, text, secret, testToken, string(quoted[1:len(quoted)-1]), url.QueryEscape(secret), url.PathEscape(secret), `s3\"cr`, "s3%22cr", `s3"cr`, "s3\\u0022cr")
	mustContain(t, text, "auth=Bearer "+redacted, "raw=", "url="+redacted)
}

// A long body is cut after scrubbing, so the cut never leaves the start of
// a secret behind.
func TestTruncationKeepsNoPieceOfASecret(t *testing.T) {
	const secret = "abcdefghij-0123456789"
	c, _ := httptestClient(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadRequest)
		_, _ = io.WriteString(w, strings.Repeat("x", maxErrorBody-5)+secret+strings.Repeat("y", 100))
	}, nil)
	_, err := c.PutWorkspaceIntegration(context.Background(), WorkspaceIntegration{IntegrationType: "hubspot", Auth: Auth{ClientSecret: secret}})
	if err == nil {
		t.Fatal("want an error")
	}
	mustContain(t, err.Error(), "truncated")
	mustNotContain(t, err.Error(), "abcde", "yyy")
}

func TestErrorClassification(t *testing.T) {
	cases := []struct {
		err                          error
		notFound, unauthorized, path bool
	}{
		{&APIError{Status: 404}, true, false, false},
		{fmt.Errorf("wrapped: %w", &APIError{Status: 404}), true, false, false},
		{&APIError{Status: 404, WritePathMissing: true}, false, false, true},
		{&APIError{Status: 405, WritePathMissing: true}, false, false, true},
		{&APIError{Status: 401}, false, true, false},
		{&APIError{Status: 403}, false, true, false},
		{&APIError{Status: 500}, false, false, false},
		{fmt.Errorf("x: %w", ErrNotFound), true, false, false},
		{errors.New("other"), false, false, false},
		{nil, false, false, false},
	}
	for _, c := range cases {
		if IsNotFound(c.err) != c.notFound || IsUnauthorized(c.err) != c.unauthorized || IsWritePathMissing(c.err) != c.path {
			t.Errorf("%v: IsNotFound %v IsUnauthorized %v IsWritePathMissing %v", c.err, IsNotFound(c.err), IsUnauthorized(c.err), IsWritePathMissing(c.err))
		}
	}
}

func TestWrongTokenIsUnauthorized(t *testing.T) {
	e := startEmulator(t, unifiedapi.Options{})
	c, _ := e.newClient(t, func(cfg *Config) { cfg.Token = "not-the-token" })
	_, err := c.ListIntegrations(context.Background(), ListIntegrationsInput{})
	if !IsUnauthorized(err) {
		t.Fatalf("err = %v, want IsUnauthorized", err)
	}
	mustNotContain(t, err.Error(), "not-the-token")
}

// Printing a workspace integration in any way a log line might never
// shows its secret.
func TestPrintingNeverShowsTheSecret(t *testing.T) {
	wi := WorkspaceIntegration{IntegrationType: "hubspot", Auth: Auth{ClientID: "cid", ClientSecret: "printed-secret"}}
	for _, format := range []string{"%v", "%+v", "%#v", "%s"} {
		for _, v := range []any{wi, &wi, wi.Auth} {
			out := fmt.Sprintf(format, v)
			mustNotContain(t, out, "printed-secret")
			mustContain(t, out, "cid")
		}
	}
}

// The Log hook sees method, path, status and time: never a query, header
// or body, so neither the token nor a secret.
func TestLogHookSeesNoSecret(t *testing.T) {
	e := startEmulator(t, unifiedapi.Options{})
	var lines []string
	c, _ := e.newClient(t, func(cfg *Config) {
		cfg.Log = func(_ context.Context, method, path string, status int, elapsed time.Duration) {
			lines = append(lines, fmt.Sprint(method, path, status, elapsed))
		}
	})
	_, err := c.PutWorkspaceIntegration(context.Background(), WorkspaceIntegration{IntegrationType: "hubspot", IsActive: true, Auth: Auth{ClientSecret: "logged-secret"}})
	if err != nil || len(lines) != 1 {
		t.Fatalf("err %v, lines %v", err, lines)
	}
	mustContain(t, lines[0], "PUT/unified/workspace/integration/hubspot200")
	mustNotContain(t, lines[0], "logged-secret", e.srv.Token(), "env=")
}

// Should a server ever return the secret, the client drops it.
func TestAnswersNeverHandBackASecret(t *testing.T) {
	c, _ := httptestClient(t, func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, `{"integration_type":"hubspot","is_active":true,"auth":{"client_id":"cid","client_secret":"leaked"}}`)
	}, nil)
	got, err := c.GetWorkspaceIntegration(context.Background(), "hubspot", "")
	if err != nil || got.Auth.ClientSecret != "" || got.Auth.ClientID != "cid" {
		t.Errorf("Get = %+v, %v; want the client id without the secret", got, err)
	}
	got, err = c.PutWorkspaceIntegration(context.Background(), WorkspaceIntegration{IntegrationType: "hubspot"})
	if err != nil || got.Auth.ClientSecret != "" {
		t.Errorf("Put = %+v, %v; want no secret", got, err)
	}
}
