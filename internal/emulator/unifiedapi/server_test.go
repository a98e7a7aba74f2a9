package unifiedapi

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
)

func TestNewDefaultsAreRandomAndRealistic(t *testing.T) {
	a, b := New(Options{}), New(Options{})
	if a.Region() != "us" || a.PublicURL() != "https://api.unified.to" {
		t.Errorf("defaults = %q %q, want us and https://api.unified.to", a.Region(), a.PublicURL())
	}
	if !regexp.MustCompile(`^[0-9a-f]{24}$`).MatchString(a.WorkspaceID()) {
		t.Errorf("WorkspaceID = %q, want 24 hex characters", a.WorkspaceID())
	}
	if a.Token() == "" || a.Token() == b.Token() || a.WorkspaceID() == b.WorkspaceID() {
		t.Error("default token and workspace id must be random per server")
	}
	if got := New(Options{Region: "au"}).PublicURL(); got != "https://api-au.unified.to" {
		t.Errorf("au PublicURL = %q", got)
	}
}

// The real service accepts the documented "Bearer", the CLI's "bearer" and
// the SDKs' bare token on token endpoints, and needs nothing on the public
// ones.
func TestTokenForms(t *testing.T) {
	h := start(t, Options{Token: "tok-123"})
	for _, auth := range []string{"Bearer tok-123", "bearer tok-123", "tok-123"} {
		want(t, h.call("GET", "/unified/integration?env=Production", nil, auth), http.StatusOK)
	}
	for _, auth := range []string{"", "Bearer wrong", "Basic tok-123", "Bearer "} {
		a := h.call("GET", "/unified/integration", nil, auth)
		want(t, a, http.StatusUnauthorized)
		if !strings.Contains(a.header.Get("Content-Type"), "application/json") {
			t.Errorf("401 Content-Type = %q, want JSON", a.header.Get("Content-Type"))
		}
	}
	for _, path := range []string{"/unified/workspaceintegration", "/unified/workspaceintegration/x", "/unified/environment"} {
		want(t, h.call("GET", path, nil, ""), http.StatusUnauthorized)
	}
	want(t, h.call("GET", "/unified/integration/workspace/"+h.srv.WorkspaceID(), nil, ""), http.StatusOK)
}

func TestUnknownRoutesAndMethodsAnswerInTheServiceShape(t *testing.T) {
	h := start(t, Options{})
	a := h.authed("GET", "/unified/nothing", nil)
	want(t, a, http.StatusNotFound)
	body := decodeInto[map[string]any](t, a)
	if body["message"] == nil || body["status"] != float64(404) {
		t.Errorf("404 body = %s, want JSON with status and message", a.body)
	}
	a = h.authed("PATCH", "/unified/integration", nil)
	want(t, a, http.StatusMethodNotAllowed)
	if a.header.Get("Allow") != "GET" {
		t.Errorf("Allow = %q, want GET", a.header.Get("Allow"))
	}
}

func TestRequestLogNamesRoutesAndEnvironments(t *testing.T) {
	h := start(t, Options{})
	h.authed("GET", "/unified/workspaceintegration?env=Sandbox", nil)
	h.authed("GET", "/unified/integration", nil)
	entries := h.log.Entries()
	if len(entries) != 2 {
		t.Fatalf("log has %d entries, want 2", len(entries))
	}
	if entries[0].Route != wiCollection || entries[0].Note != "env=Sandbox" {
		t.Errorf("entry = %+v, want route %s and note env=Sandbox", entries[0], wiCollection)
	}
	// A call that names no environment is visible as such.
	if entries[1].Note != "env=(default)" {
		t.Errorf("note = %q, want env=(default)", entries[1].Note)
	}
}
