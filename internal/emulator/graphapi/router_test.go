package graphapi

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/emulator/emuhttp"
)

// Without a valid bearer token every path answers 401 with Graph's shape.
func TestAuthentication(t *testing.T) {
	h := start(t)
	for _, tc := range []struct{ authorization, msg string }{
		{"", "Access token is empty."},
		{"Basic dXNlcjpwdw==", "Access token is empty."},
		{"Bearer wrong-token", "Access token validation failure. Invalid audience."},
	} {
		a := h.do("GET", "/v1.0/applications", nil, "Authorization", tc.authorization).must(t, http.StatusUnauthorized)
		if code, msg := a.errorCode(t); code != "InvalidAuthenticationToken" || msg != tc.msg {
			t.Errorf("%q: %s %q", tc.authorization, code, msg)
		}
		if !strings.HasPrefix(a.header.Get("WWW-Authenticate"), "Bearer ") {
			t.Errorf("%q: WWW-Authenticate %q", tc.authorization, a.header.Get("WWW-Authenticate"))
		}
	}
	h.do("GET", "/v1.0/nothing-here", nil, "Authorization", "").must(t, http.StatusUnauthorized)
	// Options.Authorize nil accepts any non-empty token.
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodGet, "/v1.0/applications", nil)
	req.Header.Set("Authorization", "Bearer anything")
	New(Options{}).Handler().ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Errorf("nil Authorize: %d", rec.Code)
	}
}

// The request log names stable route patterns, whichever key addressed
// the object, and notes key ids (never secrets) for password actions.
func TestRoutePatterns(t *testing.T) {
	h := start(t)
	app := h.newApp(nil)
	id, appID := app["id"].(string), app["appId"].(string)
	h.log.Reset()
	calls := []struct{ method, path, route string }{
		{"GET", "/v1.0/applications", "/v1.0/applications"},
		{"GET", "/v1.0/applications/" + id, "/v1.0/applications/{id}"},
		{"GET", "/v1.0/applications(appId='" + appID + "')", "/v1.0/applications(appId='{appId}')"},
		{"GET", "/v1.0/applications(uniqueName='x')", "/v1.0/applications(uniqueName='{name}')"},
		{"POST", "/v1.0/applications/" + id + "/addPassword", "/v1.0/applications/{id}/addPassword"},
		{"POST", "/v1.0/applications(appId='" + appID + "')/microsoft.graph.addPassword", "/v1.0/applications(appId='{appId}')/addPassword"},
		{"POST", "/v1.0/applications/" + id + "/removePassword", "/v1.0/applications/{id}/removePassword"},
		{"GET", "/v1.0/servicePrincipals", "/v1.0/servicePrincipals"},
		{"GET", "/v1.0/servicePrincipals(appId='" + MicrosoftGraphAppID + "')", "/v1.0/servicePrincipals(appId='{appId}')"},
		{"GET", "/v1.0/servicePrincipals/" + graphSPID, "/v1.0/servicePrincipals/{id}"},
	}
	for _, c := range calls {
		var body any
		if strings.HasSuffix(c.route, "removePassword") {
			body = map[string]any{"keyId": "6f6c7d2e-0000-4000-8000-000000000001"}
		}
		h.do(c.method, c.path, body)
	}
	entries := h.log.Entries()
	if len(entries) != len(calls) {
		t.Fatalf("%d entries for %d calls", len(entries), len(calls))
	}
	for i, c := range calls {
		if entries[i].Route != c.route {
			t.Errorf("%s %s logged as %q, want %q", c.method, c.path, entries[i].Route, c.route)
		}
	}
	if note := entries[6].Note; note != "keyId=6f6c7d2e-0000-4000-8000-000000000001" {
		t.Errorf("removePassword note %q", note)
	}
}

// WriteError is Graph's error body, usable by emuhttp.Faulty for 429s.
func TestWriteErrorForInjectedFaults(t *testing.T) {
	now := time.Date(2026, 1, 14, 8, 42, 44, 0, time.UTC)
	srv := New(Options{Now: func() time.Time { return now }})
	var faults emuhttp.Faults
	faults.Throttle(1, 2*time.Second)
	h := emuhttp.Faulty(&faults, srv.WriteError, srv.Handler())
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodGet, "/v1.0/applications", nil)
	req.Header.Set("Authorization", "Bearer x")
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") != "2" {
		t.Fatalf("%d Retry-After %q", rec.Code, rec.Header().Get("Retry-After"))
	}
	var body struct {
		Error struct {
			Code, Message string
			InnerError    map[string]string `json:"innerError"`
		} `json:"error"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Fatal(err)
	}
	e := body.Error
	guid := regexp.MustCompile(`^[0-9a-f-]{36}$`)
	if e.Code != "TooManyRequests" || e.Message == "" || e.InnerError["date"] != "2026-01-14T08:42:44" ||
		!guid.MatchString(e.InnerError["request-id"]) || !guid.MatchString(e.InnerError["client-request-id"]) {
		t.Errorf("body %s", rec.Body)
	}
}

// Knobs and direct access are safe while requests run (go test -race).
func TestConcurrentUse(t *testing.T) {
	h := start(t)
	id := h.newApp(nil)["id"].(string)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range 50 {
			h.srv.SetReplicationLag(time.Duration(i%2) * time.Millisecond)
			h.srv.SetSecretLag(time.Duration(i%3) * time.Second)
			h.srv.SetCredentialLifetimePolicy("p", time.Duration(i%2)*time.Hour*24*365*3)
			_ = h.srv.UpdateApplication(id, func(a *Application) { a.Notes = ptr(strings.Repeat("n", i)) })
			_ = h.srv.Applications()
		}
	}()
	for range 20 {
		h.do("POST", "/v1.0/applications/"+id+"/addPassword", nil)
		h.do("GET", "/v1.0/applications/"+id, nil)
		h.do("PATCH", "/v1.0/applications/"+id, map[string]any{"tags": []string{"x"}})
	}
	<-done
}
