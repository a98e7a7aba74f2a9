package login

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
)

const (
	testClientID = "6b3a1c55-8a0e-4c41-9d6a-2f1e0c4b7a10"
	testSecret   = "s3cr3t~Q8Q~do-not-print-me"
)

func TestClientSecret_azidentitySignsIn(t *testing.T) {
	h := start(t)
	h.srv.AddClientSecret(testClientID, testSecret)
	cred, err := azidentity.NewClientSecretCredential(h.srv.TenantID(), testClientID, testSecret, &azidentity.ClientSecretCredentialOptions{
		ClientOptions:            h.clientOptions(),
		DisableInstanceDiscovery: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	token, err := getToken(t, cred)
	if err != nil {
		t.Fatalf("GetToken: %v", err)
	}
	if scope, ok := h.srv.CheckToken(token); !ok || scope != graphScope {
		t.Errorf("CheckToken = %q, %v; want %q, true", scope, ok, graphScope)
	}
	if n := h.log.Count("login", "POST", "/{tenant}/oauth2/v2.0/token"); n != 1 {
		t.Errorf("log counts %d token requests, want 1:\n%s", n, h.log.Summary())
	}
	for _, e := range h.log.Entries() {
		if strings.Contains(e.Note, testSecret) || strings.Contains(e.Path, testSecret) {
			t.Errorf("request log leaks the secret: %+v", e)
		}
	}
}

func TestClientSecret_wrongSecretIs7000215WithoutTheSecret(t *testing.T) {
	h := start(t)
	h.srv.AddClientSecret(testClientID, testSecret)
	const wrong = "wrong~secret~value"
	status, body, raw := h.postForm(t, "/"+h.srv.TenantID()+"/oauth2/v2.0/token", url.Values{
		"grant_type": {"client_credentials"}, "client_id": {testClientID}, "client_secret": {wrong},
		"scope": {graphScope + " openid offline_access profile"},
	})
	checkAADError(t, status, body, http.StatusUnauthorized, "invalid_client", 7000215)
	if strings.Contains(raw, wrong) || strings.Contains(raw, testSecret) {
		t.Errorf("answer echoes a secret: %s", raw)
	}

	// azidentity surfaces the same code.
	cred, err := azidentity.NewClientSecretCredential(h.srv.TenantID(), testClientID, wrong, &azidentity.ClientSecretCredentialOptions{
		ClientOptions: h.clientOptions(), DisableInstanceDiscovery: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	_, err = getToken(t, cred)
	if err == nil || !strings.Contains(err.Error(), "AADSTS7000215") || strings.Contains(err.Error(), wrong) {
		t.Errorf("GetToken error = %v, want AADSTS7000215 and no secret", err)
	}
}

func TestTokenEndpoint_refusals(t *testing.T) {
	h := start(t)
	h.srv.AddClientSecret(testClientID, testSecret)
	tenantPath := "/" + h.srv.TenantID() + "/oauth2/v2.0/token"
	good := func() url.Values {
		return url.Values{"grant_type": {"client_credentials"}, "client_id": {testClientID}, "client_secret": {testSecret}, "scope": {graphScope}}
	}
	tests := []struct {
		name       string
		path       string
		edit       func(url.Values)
		wantStatus int
		wantError  string
		wantCode   int
	}{
		{"unknown client", tenantPath, func(v url.Values) { v.Set("client_id", "99999999-0000-0000-0000-000000000000") }, 400, "unauthorized_client", 700016},
		{"wrong tenant", "/11111111-2222-3333-4444-555555555555/oauth2/v2.0/token", func(url.Values) {}, 400, "invalid_request", 90002},
		{"scope without /.default", tenantPath, func(v url.Values) { v.Set("scope", "https://graph.microsoft.com/User.Read") }, 400, "invalid_scope", 1002012},
		{"no credential", tenantPath, func(v url.Values) { v.Del("client_secret") }, 401, "invalid_client", 7000216},
		{"other grant", tenantPath, func(v url.Values) { v.Set("grant_type", "password") }, 400, "unsupported_grant_type", 70003},
		{"assertion of the wrong type", tenantPath, func(v url.Values) {
			v.Del("client_secret")
			v.Set("client_assertion", "a.b.c")
			v.Set("client_assertion_type", "urn:other")
		}, 400, "invalid_request", 700023},
		{"malformed assertion", tenantPath, func(v url.Values) {
			v.Del("client_secret")
			v.Set("client_assertion", "not-a-jwt")
			v.Set("client_assertion_type", jwtBearer)
		}, 401, "invalid_client", 50027},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			form := good()
			tt.edit(form)
			status, body, _ := h.postForm(t, tt.path, form)
			checkAADError(t, status, body, tt.wantStatus, tt.wantError, tt.wantCode)
		})
	}
}

func TestClientSecret_rotationAcceptsEitherSecret(t *testing.T) {
	h := start(t)
	h.srv.AddClientSecret(testClientID, "old-secret")
	h.srv.AddClientSecret(testClientID, "new-secret")
	for _, secret := range []string{"old-secret", "new-secret"} {
		status, body, _ := h.postForm(t, "/"+h.srv.TenantID()+"/oauth2/v2.0/token", url.Values{
			"grant_type": {"client_credentials"}, "client_id": {testClientID}, "client_secret": {secret}, "scope": {graphScope},
		})
		if status != http.StatusOK || body["token_type"] != "Bearer" || body["expires_in"] != float64(3599) || body["ext_expires_in"] != float64(3599) {
			t.Errorf("%s: answer = %d %v", secret, status, body)
		}
	}
}
