package unifiedapi

import (
	"net/http"
	"strings"
	"testing"
)

const wiPath = "/unified/workspace/integration/microsoftdynamicssales"

func dynamicsBody(secret string) map[string]any {
	auth := map[string]any{"client_id": "11111111-2222-3333-4444-555555555555"}
	if secret != "" {
		auth["client_secret"] = secret
	}
	return map[string]any{"integration_type": "microsoftdynamicssales", "is_active": true, "auth": auth,
		"overriden_scopes": map[string]string{"crm_contact_read": "https://acme.crm.dynamics.com/user_impersonation"}}
}

// The contract of unified-facts.md: GET 404 when none, PUT 200 with the
// stored object, GET 200, DELETE 204 then 404; the secret is stored and
// never returned.
func TestWorkspaceIntegrationContract(t *testing.T) {
	h := start(t, Options{})
	want(t, h.authed("GET", wiPath+"?env=Production", nil), http.StatusNotFound)
	want(t, h.authed("DELETE", wiPath+"?env=Production", nil), http.StatusNotFound)

	put := h.authed("PUT", wiPath+"?env=Production", dynamicsBody("ent~secret-1"))
	want(t, put, http.StatusOK)
	for _, a := range []answer{put, h.authed("GET", wiPath+"?env=Production", nil)} {
		if bytesContain(a.body, "ent~secret-1") || bytesContain(a.body, "client_secret") {
			t.Fatalf("answer carries the secret: %s", a.body)
		}
		got := decodeInto[WorkspaceIntegration](t, a)
		if got.ID == "" || got.WorkspaceID != h.srv.WorkspaceID() || got.Environment != "Production" || !got.IsActive ||
			got.Auth.ClientID != "11111111-2222-3333-4444-555555555555" || got.CreatedAt.IsZero() ||
			got.OverridenScopes["crm_contact_read"] == "" {
			t.Errorf("stored object = %+v", got)
		}
	}
	stored, ok := h.srv.WorkspaceIntegration("microsoftdynamicssales", "Production")
	if !ok || stored.Auth.ClientSecret != "ent~secret-1" {
		t.Fatalf("store = %+v, %v; want the secret kept", stored, ok)
	}

	// A PUT without the secret keeps the stored one; with one, replaces it.
	body := dynamicsBody("")
	body["is_active"] = false
	want(t, h.authed("PUT", wiPath+"?env=Production", body), http.StatusOK)
	if s, _ := h.srv.WorkspaceIntegration("microsoftdynamicssales", ""); s.Auth.ClientSecret != "ent~secret-1" || s.IsActive || s.ID != stored.ID {
		t.Errorf("after a PUT without secret: %+v", s)
	}
	want(t, h.authed("PUT", wiPath+"?env=Production", dynamicsBody("ent~secret-2")), http.StatusOK)
	if s, _ := h.srv.WorkspaceIntegration("microsoftdynamicssales", ""); s.Auth.ClientSecret != "ent~secret-2" {
		t.Errorf("after rotating: secret not replaced")
	}

	want(t, h.authed("DELETE", wiPath+"?env=Production", nil), http.StatusNoContent)
	want(t, h.authed("GET", wiPath+"?env=Production", nil), http.StatusNotFound)
	want(t, h.authed("DELETE", wiPath+"?env=Production", nil), http.StatusNotFound)
}

func TestWorkspaceIntegrationIsScopedByEnvironment(t *testing.T) {
	h := start(t, Options{})
	want(t, h.authed("PUT", wiPath+"?env=Sandbox", dynamicsBody("sandbox-secret")), http.StatusOK)
	want(t, h.authed("GET", wiPath+"?env=Production", nil), http.StatusNotFound)
	want(t, h.authed("GET", wiPath, nil), http.StatusNotFound) // no env means Production
	if got := decodeInto[WorkspaceIntegration](t, h.authed("GET", wiPath+"?env=Sandbox", nil)); got.Environment != "Sandbox" {
		t.Errorf("Sandbox object environment = %q", got.Environment)
	}
	if _, ok := h.srv.WorkspaceIntegration("microsoftdynamicssales", "Production"); ok {
		t.Error("a Sandbox write reached Production")
	}
}

func TestPutWorkspaceIntegrationValidates(t *testing.T) {
	h := start(t, Options{})
	cases := map[string]struct {
		path string
		body any
		msg  string
	}{
		"unknown type":      {"/unified/workspace/integration/nosuch?env=Production", map[string]any{"is_active": true}, "Unknown integration_type nosuch"},
		"missing is_active": {wiPath, map[string]any{"integration_type": "microsoftdynamicssales"}, "is_active is required"},
		"type mismatch":     {wiPath, map[string]any{"integration_type": "hubspot", "is_active": true}, "does not match"},
		"unknown env":       {wiPath + "?env=Staging", dynamicsBody("x"), "Unknown environment Staging"},
		"env mismatch":      {wiPath + "?env=Sandbox", map[string]any{"is_active": true, "environment": "Production"}, "does not match env=Sandbox"},
		"not JSON":          {wiPath, []byte("{"), "not a WorkspaceIntegration"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			a := h.authed("PUT", c.path, c.body)
			want(t, a, http.StatusBadRequest)
			if !strings.Contains(string(a.body), c.msg) {
				t.Errorf("body %s, want %q", a.body, c.msg)
			}
		})
	}
}

// With echoing on, a 400 quotes the request, secret included: the
// emulator's stand-in for servers that echo, against which clients must
// prove they scrub.
func TestEchoErrorsQuoteTheRequest(t *testing.T) {
	h := start(t, Options{})
	h.srv.SetEchoErrors(true)
	a := h.authed("PUT", "/unified/workspace/integration/nosuch", map[string]any{"is_active": true, "auth": map[string]string{"client_secret": "echo-me"}})
	want(t, a, http.StatusBadRequest)
	if !bytesContain(a.body, "echo-me") {
		t.Errorf("body %s, want the echoed request", a.body)
	}
}

// SetWritePathStatus(404) removes the path for every method; 405 keeps GET
// and refuses writes; 0 restores it. The store is untouched throughout.
func TestSetWritePathStatus(t *testing.T) {
	h := start(t, Options{})
	must(t, h.srv.UpdateWorkspaceIntegration("microsoftdynamicssales", "", func(wi *WorkspaceIntegration) { wi.Auth.ClientID = "cid" }))

	h.srv.SetWritePathStatus(http.StatusNotFound)
	for _, m := range []string{"GET", "PUT", "DELETE"} {
		want(t, h.authed(m, wiPath, dynamicsBody("x")), http.StatusNotFound)
	}
	// Even without a token: the path is not there to check one.
	want(t, h.call("GET", wiPath, nil, ""), http.StatusNotFound)

	h.srv.SetWritePathStatus(http.StatusMethodNotAllowed)
	want(t, h.authed("GET", wiPath, nil), http.StatusOK)
	for _, m := range []string{"PUT", "DELETE"} {
		a := h.authed(m, wiPath, dynamicsBody("x"))
		want(t, a, http.StatusMethodNotAllowed)
		if a.header.Get("Allow") != "GET" {
			t.Errorf("%s Allow = %q, want GET", m, a.header.Get("Allow"))
		}
	}
	if s, ok := h.srv.WorkspaceIntegration("microsoftdynamicssales", ""); !ok || s.Auth.ClientSecret != "" {
		t.Errorf("refused writes changed the store: %+v %v", s, ok)
	}

	h.srv.SetWritePathStatus(0)
	want(t, h.authed("DELETE", wiPath, nil), http.StatusNoContent)
}

func TestDashboardAccessors(t *testing.T) {
	s := New(Options{})
	if err := s.UpdateWorkspaceIntegration("nosuch", "", func(*WorkspaceIntegration) {}); err == nil {
		t.Error("UpdateWorkspaceIntegration accepted a type outside the catalogue")
	}
	if err := s.UpdateWorkspaceIntegration("hubspot", "Staging", func(*WorkspaceIntegration) {}); err == nil {
		t.Error("UpdateWorkspaceIntegration accepted an unknown environment")
	}
	must(t, s.UpdateWorkspaceIntegration("hubspot", "", func(wi *WorkspaceIntegration) {
		wi.IntegrationType, wi.Environment = "salesforce", "Sandbox" // ignored: the key is fixed
		wi.OverridenScopes = map[string]string{"a": "b"}
	}))
	got, ok := s.WorkspaceIntegration("hubspot", "Production")
	if !ok || !got.IsActive || got.IntegrationType != "hubspot" || got.Environment != "Production" {
		t.Fatalf("created by the dashboard: %+v %v", got, ok)
	}
	got.OverridenScopes["a"] = "changed" // a copy: the store must not see this
	if again, _ := s.WorkspaceIntegration("hubspot", ""); again.OverridenScopes["a"] != "b" {
		t.Error("WorkspaceIntegration returned the store's own map")
	}
	must(t, s.DeleteWorkspaceIntegration("hubspot", ""))
	if s.DeleteWorkspaceIntegration("hubspot", "") == nil {
		t.Error("deleting twice succeeded")
	}
}
