package unifiedapi

import (
	"net/http"
	"slices"
	"testing"
)

func TestEnvironments(t *testing.T) {
	h := start(t, Options{})
	if got := decodeInto[[]string](t, h.authed("GET", "/unified/environment", nil)); !slices.Equal(got, []string{"Production", "Sandbox"}) {
		t.Fatalf("environments = %v, want Production and Sandbox", got)
	}
	// "Create new environments": an array of names.
	if got := decodeInto[[]string](t, h.authed("POST", "/unified/environment", []string{"Staging", "QA"})); !slices.Contains(got, "Staging") || !slices.Contains(got, "QA") {
		t.Fatalf("after POST: %v", got)
	}
	want(t, h.authed("POST", "/unified/workspaceintegration?env=Staging", map[string]any{"integration_type": "hubspot", "is_active": true}), http.StatusOK)

	// Deleting an environment takes its integrations with it.
	if got := decodeInto[[]string](t, h.authed("DELETE", "/unified/environment/Staging", nil)); slices.Contains(got, "Staging") {
		t.Fatalf("after DELETE: %v", got)
	}
	if _, ok := h.srv.WorkspaceIntegration("hubspot", "Staging"); ok {
		t.Error("the deleted environment's integration survived")
	}
	want(t, h.authed("DELETE", "/unified/environment/Staging", nil), http.StatusNotFound)
	want(t, h.authed("DELETE", "/unified/environment/Production", nil), http.StatusBadRequest)
	for _, bad := range []string{`{}`, `"Staging"`, `[]`, `[""]`} {
		want(t, h.authed("POST", "/unified/environment", []byte(bad)), http.StatusBadRequest)
	}
	want(t, h.call("POST", "/unified/environment", "x", ""), http.StatusUnauthorized)
}
