package unified

import (
	"context"
	"encoding/base64"
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

// adversarialSecret has every character that an encoding changes: quotes,
// backslashes, HTML's <&>, URL-reserved characters, and non-ASCII.
const adversarialSecret = `Q~"a\b<c&d>e'/+%=? ü€😀\u0022`

// everyForm is adversarialSecret as an echoing server might print it.
func everyForm(secret string) []string {
	forms := []string{secret, url.QueryEscape(secret), url.PathEscape(secret),
		base64.StdEncoding.EncodeToString([]byte(secret)), base64.URLEncoding.EncodeToString([]byte(secret)),
		base64.RawStdEncoding.EncodeToString([]byte(secret))}
	cur := secret
	for range 4 {
		raw, _ := json.Marshal(cur)
		cur = string(raw)
		forms = append(forms, cur, strings.Trim(cur, `"`))
	}
	return forms
}

// The emulator, echoing like some real services, quotes the write's body
// (secret included) raw, escaped twice, URL-encoded and in base64. The
// error keeps method, path and status, and says the body is withheld.
func TestErrorsNeverCarryTheSecretTheServerEchoed(t *testing.T) {
	e := startEmulator(t, unifiedapi.Options{})
	e.srv.SetEchoErrors(true)
	c, _ := e.newClient(t, nil)
	for _, write := range []func() error{
		func() error {
			_, err := c.CreateWorkspaceIntegration(context.Background(), WorkspaceIntegration{IntegrationType: "nosuch", IsActive: true, ClientID: "cid", ClientSecret: adversarialSecret})
			return err
		},
		func() error {
			created, err := c.CreateWorkspaceIntegration(context.Background(), WorkspaceIntegration{IntegrationType: "hubspot", IsActive: true, ClientID: "cid"})
			if err != nil {
				return err
			}
			_, err = c.UpdateWorkspaceIntegration(context.Background(), WorkspaceIntegration{ID: created.ID, IntegrationType: "salesforce", IsActive: true, ClientSecret: adversarialSecret}, nil)
			return err
		},
	} {
		err := write()
		var apiErr *APIError
		if !errors.As(err, &apiErr) || apiErr.Status != http.StatusBadRequest || apiErr.Withheld == 0 || apiErr.Body != "" {
			t.Fatalf("err = %#v, want a 400 *APIError with its body withheld", err)
		}
		mustContain(t, err.Error(), "/unified/workspaceintegration", "400", "not shown: the request carried the client secret")
		mustNotContain(t, err.Error(), everyForm(adversarialSecret)...)
		mustNotContain(t, fmt.Sprintf("%v %+v %#v", err, err, apiErr), everyForm(adversarialSecret)...)
	}
}

// Answers to requests without a secret keep their body, scrubbed of the
// API token in every form the client can compute.
func TestTokenIsScrubbedFromEveryEchoedForm(t *testing.T) {
	const token = `tok"<&>\ü/+%`
	c, _ := httptestClient(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusUnprocessableEntity)
		fmt.Fprintf(w, "auth=%s forms=%s", r.Header.Get("Authorization"), strings.Join(everyForm(token), " | "))
	}, func(cfg *Config) { cfg.Token = token })
	_, err := c.Environments(context.Background())
	if err == nil {
		t.Fatal("want an error")
	}
	mustNotContain(t, err.Error(), everyForm(token)...)
	mustContain(t, err.Error(), "auth=Bearer "+redacted, "forms=")
}

// A long body is cut after scrubbing, so the cut never leaves the start of
// the token behind.
func TestTruncationKeepsNoPieceOfTheToken(t *testing.T) {
	c, _ := httptestClient(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadRequest)
		_, _ = io.WriteString(w, strings.Repeat("x", maxErrorBody-5)+testToken+strings.Repeat("y", 100))
	}, nil)
	_, err := c.Environments(context.Background())
	if err == nil {
		t.Fatal("want an error")
	}
	mustContain(t, err.Error(), "truncated")
	mustNotContain(t, err.Error(), testToken[:5], "yyy")
}

// A gateway's HTML page is summarised, not quoted.
func TestHTMLErrorBodiesAreSummarised(t *testing.T) {
	c, _ := httptestClient(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusBadRequest)
		_, _ = io.WriteString(w, "<html><body><h1>Bad Request</h1></body></html>")
	}, nil)
	_, err := c.Environments(context.Background())
	mustContain(t, fmt.Sprint(err), "400", "an HTML page of")
	mustNotContain(t, fmt.Sprint(err), "<h1>")
}

func TestErrorClassification(t *testing.T) {
	cases := []struct {
		err                                 error
		notFound, unauthorized, unavailable bool
	}{
		{&APIError{Status: 404}, true, false, false},
		{fmt.Errorf("wrapped: %w", &APIError{Status: 404}), true, false, false},
		{&APIError{Status: 404, Unavailable: true}, false, false, true},
		{&APIError{Status: 405, Unavailable: true}, false, false, true},
		{&APIError{Status: 401}, false, true, false},
		{&APIError{Status: 403}, false, true, false},
		{&APIError{Status: 500}, false, false, false},
		{fmt.Errorf("x: %w", ErrNotFound), true, false, false},
		{errors.New("other"), false, false, false},
		{nil, false, false, false},
	}
	for _, c := range cases {
		if IsNotFound(c.err) != c.notFound || IsUnauthorized(c.err) != c.unauthorized || IsOperationUnavailable(c.err) != c.unavailable {
			t.Errorf("%v: IsNotFound %v IsUnauthorized %v IsOperationUnavailable %v", c.err, IsNotFound(c.err), IsUnauthorized(c.err), IsOperationUnavailable(c.err))
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
	wi := WorkspaceIntegration{IntegrationType: "hubspot", ClientID: "cid", ClientSecret: adversarialSecret}
	for _, format := range []string{"%v", "%+v", "%#v", "%s"} {
		for _, v := range []any{wi, &wi} {
			out := fmt.Sprintf(format, v)
			mustNotContain(t, out, everyForm(adversarialSecret)...)
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
	_, err := c.CreateWorkspaceIntegration(context.Background(), WorkspaceIntegration{IntegrationType: "hubspot", IsActive: true, ClientSecret: "logged-secret"})
	if err != nil || len(lines) != 1 {
		t.Fatalf("err %v, lines %v", err, lines)
	}
	mustContain(t, lines[0], "POST/unified/workspaceintegration200")
	mustNotContain(t, lines[0], "logged-secret", e.srv.Token(), "env=")
}

// Should a server ever return the secret in clear, the client drops it.
func TestAnswersNeverHandBackASecret(t *testing.T) {
	c, _ := httptestClient(t, func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, `{"id":"x","integration_type":"hubspot","is_active":true,"auth":{"client_id":"cid","client_secret":"leaked"}}`)
	}, nil)
	got, err := c.ReadWorkspaceIntegration(context.Background(), "x", "hubspot", "")
	if err != nil || got.ClientSecret != "" || got.ClientID != "cid" || strings.Contains(fmt.Sprintf("%#v", got), "leaked") {
		t.Errorf("Read = %+v, %v; want the client id without the secret", got, err)
	}
}
