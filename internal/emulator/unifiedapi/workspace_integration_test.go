package unifiedapi

import (
	"net/http"
	"strings"
	"testing"
)

const wiList = "/unified/workspaceintegration"

func dynamicsBody(secret string) map[string]any {
	auth := map[string]any{"client_id": "11111111-2222-3333-4444-555555555555"}
	if secret != "" {
		auth["client_secret"] = secret
	}
	return map[string]any{"integration_type": "microsoftdynamicssales", "is_active": true, "auth": auth,
		"permissions":      []string{"crm_contact_read", "crm_deal_read"},
		"overriden_scopes": map[string]string{"crm_contact_read": "https://acme.crm.dynamics.com/user_impersonation"}}
}

// create creates the Dynamics object with secret and returns it, masked.
func (h *harness) create(secret, env string) WorkspaceIntegration {
	h.t.Helper()
	a := h.authed("POST", wiList+"?env="+env, dynamicsBody(secret))
	want(h.t, a, http.StatusOK)
	return decodeInto[WorkspaceIntegration](h.t, a)
}

// The published lifecycle over raw HTTP: create (POST) answers the object
// with an id and the credentials masked; list finds it by integration_type
// and env; retrieve reads it; update (PUT, the whole object) replaces it,
// keeping the secret when none is sent; remove answers 200 with an empty
// body, after which retrieve and remove answer 404.
func TestWorkspaceIntegrationLifecycle(t *testing.T) {
	h := start(t, Options{})
	created := h.create("ent~secret-1", "Production")
	if created.ID == "" || created.WorkspaceID != h.srv.WorkspaceID() || created.Environment != "Production" || !created.IsActive ||
		created.Auth.ClientID != "11111111-2222-3333-4444-555555555555" || created.Auth.ClientSecret != mask || created.CreatedAt.IsZero() ||
		strings.Join(created.Categories, ",") != "crm" || created.AuthType != "" {
		t.Fatalf("created = %+v", created)
	}
	item := wiList + "/" + created.ID

	for _, a := range []answer{
		h.authed("GET", wiList+"?integration_type=microsoftdynamicssales&env=Production", nil),
		h.authed("GET", item, nil),
	} {
		want(t, a, http.StatusOK)
		if bytesContain(a.body, "ent~secret-1") {
			t.Fatalf("answer carries the secret: %s", a.body)
		}
	}
	if list := decodeInto[[]WorkspaceIntegration](t, h.authed("GET", wiList+"?integration_type=microsoftdynamicssales&env=Sandbox", nil)); len(list) != 0 {
		t.Errorf("Sandbox list = %+v, want none", list)
	}

	// Update without a secret: the stored one stays; omitted fields clear.
	body := map[string]any{"integration_type": "microsoftdynamicssales", "is_active": false,
		"auth": map[string]string{"client_id": "second"}, "auth_type": "oauth2", "prompt_region": true}
	a := h.authed("PUT", item+"?env=Production", body)
	want(t, a, http.StatusOK)
	s, _ := h.srv.WorkspaceIntegration("microsoftdynamicssales", "")
	if s.Auth.ClientSecret != "ent~secret-1" || s.IsActive || s.Auth.ClientID != "second" || s.OverridenScopes != nil || s.Permissions != nil ||
		s.Categories != nil || s.AuthType != "oauth2" || s.PromptRegion == nil || !*s.PromptRegion {
		t.Errorf("after a PUT without secret: %+v", s)
	}
	want(t, h.authed("PUT", item, dynamicsBody("ent~secret-2")), http.StatusOK)
	if s, _ := h.srv.WorkspaceIntegration("microsoftdynamicssales", ""); s.Auth.ClientSecret != "ent~secret-2" || s.ID != created.ID {
		t.Errorf("after rotating: %+v", s)
	}

	a = h.authed("DELETE", item, nil)
	want(t, a, http.StatusOK)
	if len(a.body) != 0 {
		t.Errorf("remove answered a body: %s", a.body)
	}
	want(t, h.authed("GET", item, nil), http.StatusNotFound)
	want(t, h.authed("DELETE", item, nil), http.StatusNotFound)
	want(t, h.authed("PUT", item, dynamicsBody("")), http.StatusNotFound)
}

// include_credentials is honoured for an admin token only.
func TestIncludeCredentialsNeedsAnAdmin(t *testing.T) {
	h := start(t, Options{Token: "admin-tok", MemberToken: "member-tok"})
	id := h.create("clear-secret", "Production").ID
	for _, path := range []string{wiList + "?include_credentials=true", wiList + "/" + id + "?include_credentials=true"} {
		a := h.call("GET", path, nil, "Bearer admin-tok")
		want(t, a, http.StatusOK)
		if !bytesContain(a.body, "clear-secret") {
			t.Errorf("admin %s: %s, want the secret in clear", path, a.body)
		}
		want(t, h.call("GET", path, nil, "Bearer member-tok"), http.StatusForbidden)
		if a := h.call("GET", strings.TrimSuffix(path, "?include_credentials=true"), nil, "member-tok"); a.status != http.StatusOK || bytesContain(a.body, "clear-secret") {
			t.Errorf("member without include_credentials: %d %s", a.status, a.body)
		}
	}
}

// The list pages with limit/offset, filters by repeated categories and
// updated_gte, and sorts.
func TestWorkspaceIntegrationListPagesFiltersAndSorts(t *testing.T) {
	h := start(t, Options{})
	for range 5 {
		h.create("s", "Production")
	}
	must(t, h.srv.UpdateWorkspaceIntegration("hubspot", "", func(wi *WorkspaceIntegration) { wi.Permissions = []string{"martech_list_read"} }))
	var paged []WorkspaceIntegration
	for offset := 0; ; offset += 2 {
		page := decodeInto[[]WorkspaceIntegration](t, h.authed("GET", wiList+"?limit=2&offset="+itoa(offset), nil))
		paged = append(paged, page...)
		if len(page) < 2 {
			break
		}
	}
	if len(paged) != 6 {
		t.Errorf("paging by 2 gave %d objects, want 6", len(paged))
	}
	count := func(query string) int {
		t.Helper()
		return len(decodeInto[[]WorkspaceIntegration](t, h.authed("GET", wiList+"?"+query, nil)))
	}
	for query, n := range map[string]int{
		"categories=crm": 5, "categories=martech": 1, "categories=crm&categories=martech": 6, "categories=crm,martech": 0,
		"integration_type=hubspot": 1, "updated_gte=2999-01-01T00:00:00Z": 0, "updated_gte=2000-01-01T00:00:00Z": 6,
	} {
		if got := count(query); got != n {
			t.Errorf("%s: %d objects, want %d", query, got, n)
		}
	}
	if got := decodeInto[[]WorkspaceIntegration](t, h.authed("GET", wiList+"?sort=name&order=desc", nil)); got[0].IntegrationType != "microsoftdynamicssales" {
		t.Errorf("sort=name&order=desc starts with %s", got[0].IntegrationType)
	}
	want(t, h.authed("GET", wiList+"?sort=colour", nil), http.StatusBadRequest)
	want(t, h.authed("GET", wiList+"?limit=0", nil), http.StatusBadRequest)
}

func TestWorkspaceIntegrationWritesValidate(t *testing.T) {
	h := start(t, Options{})
	id := h.create("s", "Production").ID
	body := func(edit func(map[string]any)) map[string]any {
		b := dynamicsBody("x")
		edit(b)
		return b
	}
	cases := map[string]struct {
		method, path string
		body         any
		msg          string
	}{
		"unknown type":          {"POST", wiList, body(func(b map[string]any) { b["integration_type"] = "nosuch" }), "Unknown integration_type nosuch"},
		"missing type":          {"POST", wiList, body(func(b map[string]any) { delete(b, "integration_type") }), "integration_type is required"},
		"missing is_active":     {"POST", wiList, body(func(b map[string]any) { delete(b, "is_active") }), "is_active is required"},
		"bad auth_type":         {"POST", wiList, body(func(b map[string]any) { b["auth_type"] = "oauth1" }), "auth_type must be"},
		"bad permission":        {"POST", wiList, body(func(b map[string]any) { b["permissions"] = []string{"crm_contact_read,crm_deal_read"} }), "Unknown permission"},
		"unknown env":           {"POST", wiList + "?env=Staging", dynamicsBody("x"), "Unknown environment Staging"},
		"type change":           {"PUT", wiList + "/" + id, body(func(b map[string]any) { b["integration_type"] = "hubspot" }), "cannot change"},
		"environment change":    {"PUT", wiList + "/" + id, body(func(b map[string]any) { b["environment"] = "Sandbox" }), "cannot change"},
		"not JSON":              {"POST", wiList, []byte("{"), "not a WorkspaceIntegration"},
		"PUT missing is_active": {"PUT", wiList + "/" + id, body(func(b map[string]any) { delete(b, "is_active") }), "is_active is required"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			a := h.authed(c.method, c.path, c.body)
			want(t, a, http.StatusBadRequest)
			if !strings.Contains(string(a.body), c.msg) {
				t.Errorf("body %s, want %q", a.body, c.msg)
			}
		})
	}
	if n := len(h.srv.WorkspaceIntegrations("microsoftdynamicssales", "")); n != 1 {
		t.Errorf("refused writes left %d objects, want 1", n)
	}
}

// No uniqueness rule is published: a second create for the same type and
// environment is accepted, and the list shows both.
func TestSecondCreateForTheSameTypeIsAccepted(t *testing.T) {
	h := start(t, Options{})
	h.create("a", "Production")
	h.create("b", "Production")
	if got := decodeInto[[]WorkspaceIntegration](t, h.authed("GET", wiList+"?integration_type=microsoftdynamicssales", nil)); len(got) != 2 {
		t.Errorf("list = %d objects, want 2", len(got))
	}
}

// With echoing on, a 400 quotes the request, secret included, in several
// encodings: the emulator's stand-in for servers that echo.
func TestEchoErrorsQuoteTheRequest(t *testing.T) {
	h := start(t, Options{})
	h.srv.SetEchoErrors(true)
	a := h.authed("POST", wiList, map[string]any{"integration_type": "nosuch", "is_active": true, "auth": map[string]string{"client_secret": "echo-me"}})
	want(t, a, http.StatusBadRequest)
	for _, form := range []string{"echo-me", `\\\"client_secret\\\"`, "base64: eyJ"} {
		if !bytesContain(a.body, form) {
			t.Errorf("body %s, want the request echoed as %s", a.body, form)
		}
	}
}

// SetPatternStatus takes away create, retrieve and remove; the documented
// list and update keep working; 0 restores them.
func TestSetPatternStatus(t *testing.T) {
	h := start(t, Options{})
	id := h.create("s", "Production").ID
	item := wiList + "/" + id
	for _, status := range []int{http.StatusNotFound, http.StatusMethodNotAllowed} {
		h.srv.SetPatternStatus(status)
		want(t, h.authed("POST", wiList, dynamicsBody("x")), status)
		want(t, h.authed("GET", item, nil), status)
		want(t, h.authed("DELETE", item, nil), status)
		want(t, h.authed("GET", wiList, nil), http.StatusOK)
		want(t, h.authed("PUT", item, dynamicsBody("")), http.StatusOK)
	}
	if a := h.authed("POST", wiList, dynamicsBody("x")); a.header.Get("Allow") != "GET" {
		t.Errorf("405 Allow = %q, want GET", a.header.Get("Allow"))
	}
	if n := len(h.srv.WorkspaceIntegrations("microsoftdynamicssales", "")); n != 1 {
		t.Errorf("refused operations left %d objects, want 1", n)
	}
	h.srv.SetPatternStatus(0)
	want(t, h.authed("DELETE", item, nil), http.StatusOK)
}

// Throttle answers with the published 429: text, no Retry-After.
// GatewayErrors answer an HTML page.
func TestThrottleAndGatewayErrors(t *testing.T) {
	h := start(t, Options{})
	h.srv.Throttle(1)
	a := h.authed("GET", wiList, nil)
	want(t, a, http.StatusTooManyRequests)
	if string(a.body) != RateLimitText || a.header.Get("Retry-After") != "" || !strings.HasPrefix(a.header.Get("Content-Type"), "text/plain") {
		t.Errorf("429 = %q, Retry-After %q, Content-Type %q", a.body, a.header.Get("Retry-After"), a.header.Get("Content-Type"))
	}
	h.srv.GatewayErrors(1, http.StatusBadGateway)
	a = h.authed("GET", wiList, nil)
	want(t, a, http.StatusBadGateway)
	if !strings.HasPrefix(a.header.Get("Content-Type"), "text/html") || !bytesContain(a.body, "<html>") {
		t.Errorf("gateway answer = %q %s", a.header.Get("Content-Type"), a.body)
	}
	want(t, h.authed("GET", wiList, nil), http.StatusOK)
	if th, gw := h.srv.PendingFaults(); th != 0 || gw != 0 {
		t.Errorf("faults left: %d %d", th, gw)
	}
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
		wi.IntegrationType, wi.Environment, wi.ID = "salesforce", "Sandbox", "x" // ignored
		wi.OverridenScopes = map[string]string{"a": "b"}
		wi.Permissions = []string{"crm_deal_read"}
	}))
	got, ok := s.WorkspaceIntegration("hubspot", "Production")
	if !ok || !got.IsActive || got.IntegrationType != "hubspot" || got.Environment != "Production" || got.ID == "x" || got.Categories[0] != "crm" {
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

// RejectWrites refuses the next writes with 400; LoseNextAnswer carries
// out a request and answers 504, as a gateway that timed out after the
// service committed.
func TestRejectWritesAndLoseNextAnswer(t *testing.T) {
	h := start(t, Options{})
	h.srv.RejectWrites(1)
	want(t, h.authed("GET", wiList, nil), http.StatusOK) // reads pass
	want(t, h.authed("POST", wiList, dynamicsBody("s")), http.StatusBadRequest)
	if n := len(h.srv.WorkspaceIntegrations("microsoftdynamicssales", "")); n != 0 {
		t.Fatalf("a rejected write stored %d objects", n)
	}
	h.srv.LoseNextAnswer("POST")
	a := h.authed("POST", wiList, dynamicsBody("s"))
	want(t, a, http.StatusGatewayTimeout)
	if n := len(h.srv.WorkspaceIntegrations("microsoftdynamicssales", "")); n != 1 {
		t.Fatalf("a lost answer's create stored %d objects, want 1", n)
	}
	want(t, h.authed("POST", wiList, dynamicsBody("s")), http.StatusOK)
}
