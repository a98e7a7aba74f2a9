package login

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
)

func managedIdentity(t *testing.T, opts azidentity.ManagedIdentityCredentialOptions) *azidentity.ManagedIdentityCredential {
	t.Helper()
	cred, err := azidentity.NewManagedIdentityCredential(&opts)
	if err != nil {
		t.Fatal(err)
	}
	return cred
}

// IDENTITY_ENDPOINT + IDENTITY_HEADER select MSAL's App Service source, whose
// endpoint may be any URL, https on 127.0.0.1 included.
func TestManagedIdentity_appServiceOverHTTPS(t *testing.T) {
	h := start(t)
	t.Setenv("IDENTITY_ENDPOINT", h.url+ManagedIdentityPath)
	t.Setenv("IDENTITY_HEADER", h.srv.ManagedIdentityHeader())
	want := freshScope()
	token, err := getTokenFor(t, managedIdentity(t, azidentity.ManagedIdentityCredentialOptions{ClientOptions: azcore.ClientOptions{Transport: h.client}}), want)
	if err != nil {
		t.Fatalf("GetToken: %v", err)
	}
	if scope, ok := h.srv.CheckToken(token); !ok || scope != want {
		t.Errorf("CheckToken = %q, %v; want %q", scope, ok, want)
	}
	if n := h.log.Count("login", "GET", ManagedIdentityPath); n != 1 {
		t.Errorf("log counts %d managed identity requests, want 1", n)
	}
}

// Real App Service serves the endpoint over plain http on loopback; nothing
// in azidentity insists on https for it (unlike the authority host).
func TestManagedIdentity_appServiceOverPlainHTTP(t *testing.T) {
	srv := New(Options{})
	plain := httptest.NewServer(srv.Handler())
	defer plain.Close()
	t.Setenv("IDENTITY_ENDPOINT", plain.URL+ManagedIdentityPath)
	t.Setenv("IDENTITY_HEADER", srv.ManagedIdentityHeader())
	if _, err := getTokenFor(t, managedIdentity(t, azidentity.ManagedIdentityCredentialOptions{}), freshScope()); err != nil {
		t.Fatalf("GetToken: %v", err)
	}
}

func TestManagedIdentity_userAssignedAndRefusals(t *testing.T) {
	h := start(t)
	t.Setenv("IDENTITY_ENDPOINT", h.url+ManagedIdentityPath)
	t.Setenv("IDENTITY_HEADER", h.srv.ManagedIdentityHeader())
	const uami = "0aa0aa0a-1111-4222-8333-444444444444"
	opts := azidentity.ManagedIdentityCredentialOptions{ClientOptions: azcore.ClientOptions{Transport: h.client}, ID: azidentity.ClientID(uami)}

	scope := freshScope()
	_, err := getTokenFor(t, managedIdentity(t, opts), scope)
	if err == nil || !strings.Contains(err.Error(), "No User Assigned") {
		t.Errorf("unassigned identity: error %v, want App Service's 'No User Assigned' answer", err)
	}
	h.srv.AddUserAssignedIdentity(uami)
	if _, err := getTokenFor(t, managedIdentity(t, opts), scope); err != nil {
		t.Errorf("assigned identity: %v", err)
	}

	status, _, _ := h.get(t, ManagedIdentityPath+"?api-version=2019-08-01&resource=https://graph.microsoft.com", http.Header{"X-Identity-Header": {"wrong"}})
	if status != http.StatusUnauthorized {
		t.Errorf("wrong X-IDENTITY-HEADER: status %d, want 401", status)
	}
}
