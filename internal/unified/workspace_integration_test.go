package unified

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/emulator/unifiedapi"
)

const dynamics = "microsoftdynamicssales"

func dynamicsIntegration(secret string) WorkspaceIntegration {
	return WorkspaceIntegration{
		IntegrationType: dynamics, IsActive: true,
		Auth:            Auth{ClientID: "11111111-2222-3333-4444-555555555555", ClientSecret: secret},
		OverridenScopes: map[string]string{"crm_contact_read": "https://acme.crm.dynamics.com/user_impersonation"},
	}
}

// Put stores the secret (the emulator proves it arrived), answers without
// it, Get reads it back without it, the published list shows it active,
// and Delete removes it.
func TestWorkspaceIntegrationRoundTrip(t *testing.T) {
	e := startEmulator(t, unifiedapi.Options{Region: "eu"})
	c, _ := e.newClient(t, nil)
	ctx := context.Background()

	put, err := c.PutWorkspaceIntegration(ctx, dynamicsIntegration("round-trip-secret"))
	if err != nil {
		t.Fatal(err)
	}
	if put.ID == "" || put.Environment != DefaultEnv || put.Auth.ClientSecret != "" || put.CreatedAt == nil {
		t.Errorf("Put answered %+v", put)
	}
	if stored, _ := e.srv.WorkspaceIntegration(dynamics, DefaultEnv); stored.Auth.ClientSecret != "round-trip-secret" {
		t.Fatalf("the emulator holds %q, want the secret sent", stored.Auth.ClientSecret)
	}
	got, err := c.GetWorkspaceIntegration(ctx, dynamics, "")
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != put.ID || got.Auth.ClientID != "11111111-2222-3333-4444-555555555555" || !got.IsActive ||
		got.OverridenScopes["crm_contact_read"] != "https://acme.crm.dynamics.com/user_impersonation" {
		t.Errorf("Get = %+v", got)
	}
	listed, err := c.ActivatedIntegration(ctx, dynamics, "")
	if err != nil || !listed.IsActive {
		t.Errorf("ActivatedIntegration = %+v, %v; want it listed and active", listed, err)
	}

	if err := c.DeleteWorkspaceIntegration(ctx, dynamics, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetWorkspaceIntegration(ctx, dynamics, ""); !IsNotFound(err) || IsWritePathMissing(err) {
		t.Errorf("Get after Delete: %v, want IsNotFound only", err)
	}
	if err := c.DeleteWorkspaceIntegration(ctx, dynamics, ""); !IsNotFound(err) {
		t.Errorf("second Delete: %v, want IsNotFound", err)
	}
	if _, err := c.ActivatedIntegration(ctx, dynamics, ""); !IsNotFound(err) {
		t.Errorf("ActivatedIntegration after Delete: %v, want IsNotFound", err)
	}
}

// With the path gone (404 on every method): PUT is "path missing"; GET of
// an integration nobody configured is an honest "not found"; GET and DELETE
// of one configured in the dashboard are "path missing", because the
// published list shows it exists.
func TestWritePathMissingAnswering404(t *testing.T) {
	e := startEmulator(t, unifiedapi.Options{})
	c, _ := e.newClient(t, nil)
	ctx := context.Background()
	e.srv.SetWritePathStatus(http.StatusNotFound)

	_, err := c.PutWorkspaceIntegration(ctx, dynamicsIntegration("never-sent-anywhere"))
	if !IsWritePathMissing(err) || IsNotFound(err) {
		t.Fatalf("Put: %v, want IsWritePathMissing and not IsNotFound", err)
	}
	mustContain(t, err.Error(), "PUT", "404", "not in its published OpenAPI")
	mustNotContain(t, err.Error(), "never-sent-anywhere")

	if _, err := c.GetWorkspaceIntegration(ctx, dynamics, ""); !IsNotFound(err) || IsWritePathMissing(err) {
		t.Errorf("Get of nothing: %v, want IsNotFound", err)
	}

	if err := e.srv.UpdateWorkspaceIntegration(dynamics, "", func(wi *unifiedapi.WorkspaceIntegration) { wi.Auth.ClientID = "cid" }); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetWorkspaceIntegration(ctx, dynamics, ""); !IsWritePathMissing(err) || IsNotFound(err) {
		t.Errorf("Get of a dashboard integration: %v, want IsWritePathMissing", err)
	}
	if err := c.DeleteWorkspaceIntegration(ctx, dynamics, ""); !IsWritePathMissing(err) || IsNotFound(err) {
		t.Errorf("Delete of a dashboard integration: %v, want IsWritePathMissing (it is still there)", err)
	}
}

// A read-only route (405 on writes) is "path missing" for PUT and DELETE,
// while GET keeps working.
func TestWritePathMissingAnswering405(t *testing.T) {
	e := startEmulator(t, unifiedapi.Options{})
	c, _ := e.newClient(t, nil)
	ctx := context.Background()
	if err := e.srv.UpdateWorkspaceIntegration(dynamics, "", func(*unifiedapi.WorkspaceIntegration) {}); err != nil {
		t.Fatal(err)
	}
	e.srv.SetWritePathStatus(http.StatusMethodNotAllowed)
	if _, err := c.PutWorkspaceIntegration(ctx, dynamicsIntegration("s")); !IsWritePathMissing(err) {
		t.Errorf("Put: %v, want IsWritePathMissing", err)
	}
	if err := c.DeleteWorkspaceIntegration(ctx, dynamics, ""); !IsWritePathMissing(err) {
		t.Errorf("Delete: %v, want IsWritePathMissing", err)
	}
	if _, err := c.GetWorkspaceIntegration(ctx, dynamics, ""); err != nil {
		t.Errorf("Get: %v, want it to work", err)
	}
}

// When the published list cannot be read, a 404 stays unconfirmed: neither
// "not found" (which would drop state or call a delete done) nor "path
// missing".
func TestUnconfirmed404IsNeitherNotFoundNorPathMissing(t *testing.T) {
	c, _ := httptestClient(t, func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/unified/integration/workspace/") {
			w.WriteHeader(http.StatusBadGateway)
			return
		}
		w.WriteHeader(http.StatusNotFound)
	}, func(cfg *Config) { cfg.MaxRetries = -1 })
	for name, err := range map[string]error{
		"Get":    func() error { _, err := c.GetWorkspaceIntegration(context.Background(), dynamics, ""); return err }(),
		"Delete": c.DeleteWorkspaceIntegration(context.Background(), dynamics, ""),
	} {
		if err == nil || IsNotFound(err) || IsWritePathMissing(err) {
			t.Errorf("%s: %v, want an unconfirmed 404", name, err)
			continue
		}
		mustContain(t, err.Error(), "404", "could not confirm", "502")
	}
}

// Every request names its environment, including the published-list check
// a 404 triggers; "" becomes Production, sent explicitly.
func TestEveryCallSendsEnv(t *testing.T) {
	e := startEmulator(t, unifiedapi.Options{})
	c, _ := e.newClient(t, nil)
	ctx := context.Background()
	for _, env := range []string{"Sandbox", ""} {
		e.log.Reset()
		wi := dynamicsIntegration("s")
		wi.Environment = env
		_, _ = c.PutWorkspaceIntegration(ctx, wi)
		_, _ = c.GetWorkspaceIntegration(ctx, dynamics, env)
		_, _ = c.ListIntegrations(ctx, ListIntegrationsInput{Env: env})
		_, _ = c.LookupIntegration(ctx, "hubspot", env)
		_, _ = c.WorkspaceIntegrations(ctx, env)
		_, _ = c.AuthorizeURL(ctx, dynamics, env, AuthorizeOptions{})
		_ = c.DeleteWorkspaceIntegration(ctx, dynamics, env)
		_ = c.DeleteWorkspaceIntegration(ctx, dynamics, env) // 404, then the published check
		want := "env=" + envOrDefault(env)
		entries := e.log.Entries()
		if len(entries) != 9 {
			t.Errorf("env %q: %d requests, want 9", env, len(entries))
		}
		for _, en := range entries {
			if !strings.HasPrefix(en.Note, want) {
				t.Errorf("env %q: %s %s noted %q, want %q", env, en.Method, en.Route, en.Note, want)
			}
		}
	}
}

func TestEmptyIntegrationTypeIsRefusedWithoutACall(t *testing.T) {
	c, _ := httptestClient(t, func(w http.ResponseWriter, r *http.Request) { t.Errorf("unexpected %s %s", r.Method, r.URL) }, nil)
	ctx := context.Background()
	if _, err := c.GetWorkspaceIntegration(ctx, "", ""); err == nil {
		t.Error("Get accepted an empty type")
	}
	if _, err := c.PutWorkspaceIntegration(ctx, WorkspaceIntegration{}); err == nil {
		t.Error("Put accepted an empty type")
	}
	if err := c.DeleteWorkspaceIntegration(ctx, "", ""); err == nil {
		t.Error("Delete accepted an empty type")
	}
}
