package unifiedapi

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// For a Microsoft integration the authorize URL is Entra's, with the
// workspace's client id and the region's redirect URI: the pair the app
// registration must match.
func TestAuthorizeURLForMicrosoftIntegration(t *testing.T) {
	h := start(t, Options{Region: "eu"})
	path := "/unified/integration/auth/" + h.srv.WorkspaceID() + "/microsoftdynamicssales?env=Production&state=xyz&scopes=crm_contact_read"

	a := h.call("GET", path, nil, "")
	want(t, a, http.StatusBadRequest) // no client id configured yet
	if !strings.Contains(string(a.body), "client id") {
		t.Errorf("body %s, want it to say the client id is missing", a.body)
	}

	want(t, h.authed("POST", wiList+"?env=Production", dynamicsBody("s")), http.StatusOK)
	a = h.call("GET", path, nil, "")
	want(t, a, http.StatusOK)
	if !strings.HasPrefix(a.header.Get("Content-Type"), "text/plain") {
		t.Errorf("Content-Type = %q, want text/plain", a.header.Get("Content-Type"))
	}
	u, err := url.Parse(string(a.body))
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	if u.Host != "login.microsoftonline.com" || q.Get("client_id") != "11111111-2222-3333-4444-555555555555" ||
		q.Get("redirect_uri") != "https://api-eu.unified.to/oauth/code" || q.Get("response_type") != "code" || q.Get("state") == "" {
		t.Errorf("authorize URL = %s", u)
	}
	scope := q.Get("scope")
	for _, s := range []string{"offline_access", "https://acme.crm.dynamics.com/user_impersonation"} {
		if !strings.Contains(scope, s) {
			t.Errorf("scope %q lacks %s", scope, s)
		}
	}
	if strings.Contains(string(a.body), "s3cr") || strings.Contains(string(a.body), "client_secret") {
		t.Error("authorize URL carries the secret")
	}

	// Scopes repeat the key; a comma-joined list is one unknown scope.
	want(t, h.call("GET", path+"&scopes=crm_deal_read", nil, ""), http.StatusOK)
	want(t, h.call("GET", path+"&scopes=crm_contact_read,crm_deal_read", nil, ""), http.StatusBadRequest)
	// The extra parameters: subdomain fills the tenant's host, lang the
	// page language, region only with prompt_region.
	a = h.call("GET", path+"&subdomain=contoso&lang=de&external_xref=user-7", nil, "")
	want(t, a, http.StatusOK)
	if u, _ := url.Parse(string(a.body)); u.Query().Get("ui_locales") != "de" {
		t.Errorf("lang: %s", a.body)
	}
	want(t, h.call("GET", path+"&region=eu", nil, ""), http.StatusBadRequest)

	a = h.call("GET", path+"&redirect=true", nil, "")
	want(t, a, http.StatusFound)
	if loc := a.header.Get("Location"); !strings.HasPrefix(loc, "https://login.microsoftonline.com/common/oauth2/v2.0/authorize?") {
		t.Errorf("Location = %q", loc)
	}
}

func TestAuthorizeURLCustomDomainAndErrors(t *testing.T) {
	h := start(t, Options{PublicURL: "https://unified.acme.example/"})
	must(t, h.srv.UpdateWorkspaceIntegration("microsoftteams", "", func(wi *WorkspaceIntegration) { wi.Auth.ClientID = "cid" }))
	a := h.call("GET", "/unified/integration/auth/"+h.srv.WorkspaceID()+"/microsoftteams", nil, "")
	want(t, a, http.StatusOK)
	if u, _ := url.Parse(string(a.body)); u.Query().Get("redirect_uri") != "https://unified.acme.example/oauth/code" {
		t.Errorf("redirect_uri of a custom domain = %q", u.Query().Get("redirect_uri"))
	}
	// Integrations that do not need the customer's app use Unified.to's.
	want(t, h.call("GET", "/unified/integration/auth/"+h.srv.WorkspaceID()+"/hubspot", nil, ""), http.StatusOK)

	want(t, h.call("GET", "/unified/integration/auth/000000000000000000000000/hubspot", nil, ""), http.StatusNotFound)
	want(t, h.call("GET", "/unified/integration/auth/"+h.srv.WorkspaceID()+"/nosuch", nil, ""), http.StatusNotFound)
	want(t, h.call("GET", "/unified/integration/auth/"+h.srv.WorkspaceID()+"/hubspot?env=Staging", nil, ""), http.StatusBadRequest)
	must(t, h.srv.UpdateWorkspaceIntegration("microsoftteams", "", func(wi *WorkspaceIntegration) { wi.IsActive = false }))
	want(t, h.call("GET", "/unified/integration/auth/"+h.srv.WorkspaceID()+"/microsoftteams", nil, ""), http.StatusBadRequest)
}
