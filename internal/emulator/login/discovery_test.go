package login

import (
	"net/http"
	"testing"
)

// MSAL validates that the issuer is on the authority's scheme and host, port
// included; the emulator learns its port only from the request.
func TestOpenIDConfiguration_issuerIsTheRequestedAuthority(t *testing.T) {
	h := start(t)
	tenant := h.srv.TenantID()
	status, body, _ := h.get(t, "/"+tenant+"/v2.0/.well-known/openid-configuration", nil)
	if status != http.StatusOK {
		t.Fatalf("status = %d: %v", status, body)
	}
	want := map[string]string{
		"issuer":                 h.url + "/" + tenant + "/v2.0",
		"token_endpoint":         h.url + "/" + tenant + "/oauth2/v2.0/token",
		"authorization_endpoint": h.url + "/" + tenant + "/oauth2/v2.0/authorize",
		"jwks_uri":               h.url + "/" + tenant + "/discovery/v2.0/keys",
	}
	for k, v := range want {
		if body[k] != v {
			t.Errorf("%s = %v, want %s", k, body[k], v)
		}
	}
	status, keys, _ := h.get(t, "/"+tenant+"/discovery/v2.0/keys", nil)
	if list, _ := keys["keys"].([]any); status != http.StatusOK || len(list) != 1 {
		t.Errorf("jwks = %d %v, want one key", status, keys)
	}
	if n := h.log.Count("login", "GET", "/{tenant}/v2.0/.well-known/openid-configuration"); n != 1 {
		t.Errorf("log counts %d discovery requests, want 1", n)
	}
}

// Entra ID answers multi-tenant authorities with a {tenantid} issuer template.
func TestOpenIDConfiguration_organizationsHasIssuerTemplate(t *testing.T) {
	h := start(t)
	status, body, _ := h.get(t, "/organizations/v2.0/.well-known/openid-configuration", nil)
	if status != http.StatusOK || body["issuer"] != h.url+"/{tenantid}/v2.0" {
		t.Fatalf("answer = %d issuer %v", status, body["issuer"])
	}
}

func TestOpenIDConfiguration_unknownTenantIs90002(t *testing.T) {
	h := start(t)
	status, body, _ := h.get(t, "/11111111-2222-3333-4444-555555555555/v2.0/.well-known/openid-configuration", nil)
	checkAADError(t, status, body, http.StatusBadRequest, "invalid_tenant", 90002)
}

func TestUnmatchedRouteIsLoggedAndAnswersInAADShape(t *testing.T) {
	h := start(t)
	status, body, _ := h.get(t, "/nothing/here", nil)
	if status != http.StatusNotFound || body["error"] != "invalid_request" {
		t.Fatalf("answer = %d %v", status, body)
	}
	if n := h.log.Count("login", "GET", "(unmatched)"); n != 1 {
		t.Errorf("log counts %d unmatched, want 1", n)
	}
}
