package login

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
	"github.com/golang-jwt/jwt/v5"
)

func assertionCredential(t *testing.T, h *harness, get func(context.Context) (string, error)) *azidentity.ClientAssertionCredential {
	t.Helper()
	cred, err := azidentity.NewClientAssertionCredential(h.srv.TenantID(), testClientID, get,
		&azidentity.ClientAssertionCredentialOptions{ClientOptions: h.clientOptions(), DisableInstanceDiscovery: true})
	if err != nil {
		t.Fatal(err)
	}
	return cred
}

func static(token string) func(context.Context) (string, error) {
	return func(context.Context) (string, error) { return token, nil }
}

func TestFederatedToken_trustedSubjectSignsIn(t *testing.T) {
	h := start(t)
	h.srv.TrustFederatedSubject(testClientID, "system:serviceaccount:infra:terraform")
	token, err := getToken(t, assertionCredential(t, h, static(h.srv.IssueFederatedToken("system:serviceaccount:infra:terraform"))))
	if err != nil {
		t.Fatalf("GetToken: %v", err)
	}
	if scope, ok := h.srv.CheckToken(token); !ok || scope != graphScope {
		t.Errorf("CheckToken = %q, %v", scope, ok)
	}
}

func TestFederatedToken_refusals(t *testing.T) {
	h := start(t)
	h.srv.TrustFederatedSubject(testClientID, GitHubSubject)
	foreignKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	forge := func(iss string) string {
		s, err := jwt.NewWithClaims(jwt.SigningMethodRS256, jwt.RegisteredClaims{
			Issuer: iss, Subject: GitHubSubject, Audience: jwt.ClaimStrings{FederatedAudience},
			ExpiresAt: jwt.NewNumericDate(time.Now().Add(time.Hour)),
		}).SignedString(foreignKey)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	for name, tc := range map[string]struct {
		assertion string
		want      string
	}{
		"untrusted subject":               {h.srv.IssueFederatedToken("repo:acme/infra:pull_request"), "AADSTS700213"},
		"wrong audience":                  {h.srv.signFederated(GitHubSubject, "https://github.com/acme"), "AADSTS700212"},
		"another issuer":                  {forge("https://token.actions.githubusercontent.com"), "AADSTS700211"},
		"our issuer, somebody else's key": {forge(FederatedIssuer), "AADSTS700027"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := getToken(t, assertionCredential(t, h, static(tc.assertion)))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("GetToken error = %v, want %s", err, tc.want)
			}
		})
	}
}

// githubAssertion fetches a token the way GitHub Actions workflows do.
func githubAssertion(h *harness, requestURL, requestToken string) func(context.Context) (string, error) {
	return func(ctx context.Context) (string, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, requestURL+"&audience="+url.QueryEscape(FederatedAudience), nil)
		if err != nil {
			return "", err
		}
		req.Header.Set("Authorization", "Bearer "+requestToken)
		resp, err := h.client.Do(req)
		if err != nil {
			return "", err
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return "", fmt.Errorf("id token request: %s", resp.Status)
		}
		var body struct{ Value string }
		return body.Value, json.NewDecoder(resp.Body).Decode(&body)
	}
}

func TestGitHubIDToken_exchangesForAnAccessToken(t *testing.T) {
	h := start(t)
	h.srv.TrustFederatedSubject(testClientID, GitHubSubject)
	requestURL := h.url + GitHubIDTokenPath + "?api-version=2.0"
	if _, err := getToken(t, assertionCredential(t, h, githubAssertion(h, requestURL, h.srv.GitHubRequestToken()))); err != nil {
		t.Fatalf("GetToken: %v", err)
	}
	if n := h.log.Count("login", "GET", GitHubIDTokenPath); n != 1 {
		t.Errorf("log counts %d id token requests, want 1", n)
	}

	status, _, _ := h.get(t, GitHubIDTokenPath+"?audience=x", http.Header{"Authorization": {"Bearer wrong"}})
	if status != http.StatusUnauthorized {
		t.Errorf("wrong request token: status %d, want 401", status)
	}
}

// AzurePipelinesCredential reads SYSTEM_OIDCREQUESTURI and POSTs to it.
func TestAzureDevOpsOIDC_azidentityPipelinesCredentialSignsIn(t *testing.T) {
	h := start(t)
	const connection = "f3c0ffee-0000-4000-8000-00000000ado1"
	h.srv.TrustFederatedSubject(testClientID, AzureDevOpsSubject(connection))
	t.Setenv("SYSTEM_OIDCREQUESTURI", h.url+AzureDevOpsOIDCPath)
	newCred := func(accessToken string) *azidentity.AzurePipelinesCredential {
		cred, err := azidentity.NewAzurePipelinesCredential(h.srv.TenantID(), testClientID, connection, accessToken,
			&azidentity.AzurePipelinesCredentialOptions{ClientOptions: h.clientOptions(), DisableInstanceDiscovery: true})
		if err != nil {
			t.Fatal(err)
		}
		return cred
	}
	if _, err := getToken(t, newCred(h.srv.AzureDevOpsAccessToken())); err != nil {
		t.Fatalf("GetToken: %v", err)
	}
	if n := h.log.Count("login", "POST", AzureDevOpsOIDCPath); n != 1 {
		t.Errorf("log counts %d OIDC requests, want 1:\n%s", n, h.log.Summary())
	}
	_, err := getToken(t, newCred("wrong-system-token"))
	if err == nil || !strings.Contains(err.Error(), "401") {
		t.Errorf("wrong system access token: error %v, want a 401 from the OIDC endpoint", err)
	}
}

// A federated assertion that no credential matches is answered 400 with
// the OAuth error invalid_client, as Entra ID does, whichever of issuer,
// audience or subject fails to match.
func TestFederatedToken_mismatchIsInvalidClient(t *testing.T) {
	h := start(t)
	h.srv.TrustFederatedSubject(testClientID, GitHubSubject)
	for code, assertion := range map[int]string{
		700212: h.srv.signFederated(GitHubSubject, "https://github.com/acme"),
		700213: h.srv.IssueFederatedToken("repo:acme/infra:pull_request"),
	} {
		status, body, _ := h.postForm(t, "/"+h.srv.TenantID()+"/oauth2/v2.0/token", url.Values{
			"grant_type": {"client_credentials"}, "client_id": {testClientID}, "scope": {graphScope},
			"client_assertion_type": {jwtBearer}, "client_assertion": {assertion},
		})
		checkAADError(t, status, body, http.StatusBadRequest, "invalid_client", code)
	}
	unsigned, err := jwt.NewWithClaims(jwt.SigningMethodNone, jwt.RegisteredClaims{Issuer: "https://token.actions.githubusercontent.com", Subject: GitHubSubject}).
		SignedString(jwt.UnsafeAllowNoneSignatureType)
	if err != nil {
		t.Fatal(err)
	}
	status, body, _ := h.postForm(t, "/"+h.srv.TenantID()+"/oauth2/v2.0/token", url.Values{
		"grant_type": {"client_credentials"}, "client_id": {testClientID}, "scope": {graphScope},
		"client_assertion_type": {jwtBearer}, "client_assertion": {unsigned},
	})
	checkAADError(t, status, body, http.StatusBadRequest, "invalid_client", 700211)
}
