package unified

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/emulator/unifiedapi"
)

const dynamics = "microsoftdynamicssales"

func dynamicsIntegration(secret string) WorkspaceIntegration {
	return WorkspaceIntegration{
		IntegrationType: dynamics, IsActive: true, ClientID: "11111111-2222-3333-4444-555555555555", ClientSecret: secret,
		Permissions:    []string{"crm_contact_read", "crm_deal_read"},
		ScopeOverrides: map[string]string{"crm_contact_read": "https://acme.crm.dynamics.com/user_impersonation"},
	}
}

// The published lifecycle: create stores the secret (the emulator proves
// it arrived) and answers the object without it; find and read see it;
// update replaces the managed fields, keeps the secret when none is sent
// and keeps the vendor URL overrides set in the dashboard; delete removes
// it, after which read and delete say not found.
func TestWorkspaceIntegrationLifecycle(t *testing.T) {
	e := startEmulator(t, unifiedapi.Options{Region: "eu"})
	c, _ := e.newClient(t, nil)
	ctx := context.Background()

	created, err := c.CreateWorkspaceIntegration(ctx, dynamicsIntegration("lifecycle-secret"))
	if err != nil {
		t.Fatal(err)
	}
	if created.ID == "" || created.Environment != DefaultEnv || created.ClientSecret != "" || created.CreatedAt == "" ||
		!slices.Equal(created.Categories, []string{"crm"}) || created.ClientID != "11111111-2222-3333-4444-555555555555" {
		t.Errorf("Create answered %+v", created)
	}
	if stored, _ := e.srv.WorkspaceIntegration(dynamics, DefaultEnv); stored.Auth.ClientSecret != "lifecycle-secret" {
		t.Fatalf("the emulator holds %q, want the secret sent", stored.Auth.ClientSecret)
	}
	found, err := c.FindWorkspaceIntegrations(ctx, dynamics, "")
	if err != nil || len(found) != 1 || found[0].ID != created.ID || found[0].ScopeOverrides["crm_contact_read"] == "" {
		t.Fatalf("Find = %+v, %v", found, err)
	}
	must(t, e.srv.UpdateWorkspaceIntegration(dynamics, "", func(wi *unifiedapi.WorkspaceIntegration) { wi.TokenURL = "https://login.example/token" }))
	current, err := c.ReadWorkspaceIntegration(ctx, created.ID, dynamics, "")
	if err != nil || current.ID != created.ID {
		t.Fatalf("Read = %+v, %v", current, err)
	}

	yes := true
	update := WorkspaceIntegration{ID: created.ID, IntegrationType: dynamics, IsActive: false, ClientID: "second", AuthType: "oauth2", PromptRegion: &yes}
	updated, err := c.UpdateWorkspaceIntegration(ctx, update, current)
	if err != nil {
		t.Fatal(err)
	}
	stored, _ := e.srv.WorkspaceIntegration(dynamics, "")
	if updated.IsActive || updated.ClientID != "second" || updated.Permissions != nil || updated.AuthType != "oauth2" || !*updated.PromptRegion ||
		stored.Auth.ClientSecret != "lifecycle-secret" || stored.TokenURL != "https://login.example/token" || stored.OverridenScopes != nil {
		t.Errorf("after Update: answer %+v, stored %+v", updated, stored)
	}

	if err := c.DeleteWorkspaceIntegration(ctx, created.ID, dynamics, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ReadWorkspaceIntegration(ctx, created.ID, dynamics, ""); !IsNotFound(err) || IsOperationUnavailable(err) {
		t.Errorf("Read after Delete: %v, want IsNotFound only", err)
	}
	if err := c.DeleteWorkspaceIntegration(ctx, created.ID, dynamics, ""); !IsNotFound(err) {
		t.Errorf("second Delete: %v, want IsNotFound", err)
	}
	if _, err := c.UpdateWorkspaceIntegration(ctx, update, nil); !IsNotFound(err) {
		t.Errorf("Update after Delete: %v, want IsNotFound", err)
	}
}

// Find pages through a workspace with more than one page of objects, sends
// integration_type and env, and keeps only what matches, whatever the
// server's filter did.
func TestFindPagesAndChecksTheFilter(t *testing.T) {
	e := startEmulator(t, unifiedapi.Options{})
	c, _ := e.newClient(t, nil)
	c.pageSize = 2
	ctx := context.Background()
	for range 5 {
		if _, err := c.CreateWorkspaceIntegration(ctx, dynamicsIntegration("s")); err != nil {
			t.Fatal(err)
		}
	}
	e.log.Reset()
	found, err := c.FindWorkspaceIntegrations(ctx, dynamics, "Production")
	if err != nil || len(found) != 5 {
		t.Fatalf("Find = %d objects, %v; want 5", len(found), err)
	}
	if n := e.log.Count("", "GET", "/unified/workspaceintegration"); n != 3 {
		t.Errorf("Find made %d requests, want 3 pages of 2", n)
	}

	// A server that ignores the filter answers everything; Find keeps only
	// the type and environment asked for.
	cl, _ := httptestClient(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("integration_type") != "hubspot" || r.URL.Query().Get("env") != "Sandbox" || r.URL.Query().Get("include_credentials") != "" {
			t.Errorf("query = %s", r.URL.RawQuery)
		}
		_, _ = w.Write([]byte(`[{"id":"1","integration_type":"hubspot","is_active":true,"environment":"Sandbox"},
			{"id":"2","integration_type":"salesforce","is_active":true,"environment":"Sandbox"},
			{"id":"3","integration_type":"hubspot","is_active":true,"environment":"Production"}]`))
	}, nil)
	got, err := cl.FindWorkspaceIntegrations(ctx, "hubspot", "Sandbox")
	if err != nil || len(got) != 1 || got[0].ID != "1" {
		t.Errorf("Find = %+v, %v; want only id 1", got, err)
	}
}

// A service without the [pattern] operations: create is unavailable; read
// falls back to the documented list (so refresh never needs the
// dashboard); read by id alone and delete of a listed object are
// unavailable, never "not found".
func TestPatternOperationsRefused(t *testing.T) {
	for _, status := range []int{http.StatusNotFound, http.StatusMethodNotAllowed} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			e := startEmulator(t, unifiedapi.Options{})
			c, _ := e.newClient(t, nil)
			ctx := context.Background()
			existing, err := c.CreateWorkspaceIntegration(ctx, dynamicsIntegration("s"))
			if err != nil {
				t.Fatal(err)
			}
			e.srv.SetPatternStatus(status)

			_, err = c.CreateWorkspaceIntegration(ctx, dynamicsIntegration("s"))
			if !IsOperationUnavailable(err) || IsNotFound(err) {
				t.Errorf("Create: %v, want IsOperationUnavailable", err)
			}
			got, err := c.ReadWorkspaceIntegration(ctx, existing.ID, dynamics, "")
			if err != nil || got.ID != existing.ID {
				t.Errorf("Read with the list's help = %+v, %v", got, err)
			}
			if _, err := c.ReadWorkspaceIntegration(ctx, "000000000000000000000000", dynamics, ""); !IsNotFound(err) {
				t.Errorf("Read of an unlisted id: %v, want IsNotFound", err)
			}
			if _, err := c.ReadWorkspaceIntegration(ctx, existing.ID, "", ""); !IsOperationUnavailable(err) || IsNotFound(err) {
				t.Errorf("Read by id alone: %v, want IsOperationUnavailable", err)
			}
			err = c.DeleteWorkspaceIntegration(ctx, existing.ID, dynamics, "")
			if !IsOperationUnavailable(err) || IsNotFound(err) {
				t.Errorf("Delete: %v, want IsOperationUnavailable", err)
			}
			// The documented operations never need the fallback.
			if _, err := c.UpdateWorkspaceIntegration(ctx, WorkspaceIntegration{ID: existing.ID, IntegrationType: dynamics, IsActive: true}, nil); err != nil {
				t.Errorf("Update: %v", err)
			}
		})
	}
}

// A create is sent once when the answer is lost to a 5xx: the service may
// have stored it, and a second POST could leave two. A 429 is retried.
func TestCreateIsNeverSentTwiceAfterAServerError(t *testing.T) {
	e := startEmulator(t, unifiedapi.Options{})
	c, _ := e.newClient(t, nil)
	e.faults.OnlyFor(func(r *http.Request) bool { return r.Method == http.MethodPost })
	e.faults.FailNext(1, http.StatusBadGateway)
	if _, err := c.CreateWorkspaceIntegration(context.Background(), dynamicsIntegration("s")); err == nil {
		t.Fatal("want the 502")
	}
	if n := e.log.Count("", "POST", ""); n != 1 {
		t.Errorf("POSTs = %d, want 1", n)
	}
	e.srv.Throttle(2)
	if _, err := c.CreateWorkspaceIntegration(context.Background(), dynamicsIntegration("s")); err != nil {
		t.Fatal(err)
	}
}

// Every request names its environment, and none asks for credentials.
func TestEveryCallSendsEnvAndNeverIncludeCredentials(t *testing.T) {
	e := startEmulator(t, unifiedapi.Options{})
	c, _ := e.newClient(t, nil)
	ctx := context.Background()
	created, err := c.CreateWorkspaceIntegration(ctx, WorkspaceIntegration{IntegrationType: "hubspot", IsActive: true, Environment: "Sandbox"})
	if err != nil {
		t.Fatal(err)
	}
	_, _ = c.FindWorkspaceIntegrations(ctx, "hubspot", "Sandbox")
	_, _ = c.ReadWorkspaceIntegration(ctx, created.ID, "hubspot", "Sandbox")
	_, _ = c.UpdateWorkspaceIntegration(ctx, WorkspaceIntegration{ID: created.ID, IntegrationType: "hubspot", IsActive: true, Environment: "Sandbox"}, nil)
	_ = c.DeleteWorkspaceIntegration(ctx, created.ID, "hubspot", "Sandbox")
	_, _ = c.ListIntegrations(ctx, ListIntegrationsInput{})
	for _, entry := range e.log.Entries() {
		if !strings.HasPrefix(entry.Note, "env=") || entry.Note == "env=(default)" || strings.Contains(entry.Note, "include_credentials") {
			t.Errorf("%s %s: note %q, want an explicit env and no include_credentials", entry.Method, entry.Route, entry.Note)
		}
	}
}

func TestEmptyArgumentsAreRefusedWithoutACall(t *testing.T) {
	e := startEmulator(t, unifiedapi.Options{})
	c, _ := e.newClient(t, nil)
	ctx := context.Background()
	_, err1 := c.FindWorkspaceIntegrations(ctx, "", "")
	_, err2 := c.CreateWorkspaceIntegration(ctx, WorkspaceIntegration{})
	_, err3 := c.UpdateWorkspaceIntegration(ctx, WorkspaceIntegration{IntegrationType: "x"}, nil)
	_, err4 := c.ReadWorkspaceIntegration(ctx, "", "x", "")
	err5 := c.DeleteWorkspaceIntegration(ctx, "", "x", "")
	for i, err := range []error{err1, err2, err3, err4, err5} {
		if err == nil {
			t.Errorf("call %d accepted an empty argument", i+1)
		}
	}
	if n := len(e.log.Entries()); n != 0 {
		t.Errorf("%d requests made, want 0", n)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
