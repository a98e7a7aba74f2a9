package signin

import (
	"testing"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/emulator/login"
)

const workloadSubject = "system:serviceaccount:infra:terraform"

func TestNewCredential_oidcToken(t *testing.T) {
	e := startEmulator(t)
	e.srv.TrustFederatedSubject(testClientID, workloadSubject)
	cfg := e.config()
	cfg.UseOIDC = true
	cfg.OIDCToken = e.srv.IssueFederatedToken(workloadSubject)
	e.mustSignIn(t, cfg)
}

// A file written with `echo` ends in a newline; the token is what precedes it.
func TestNewCredential_oidcTokenFile(t *testing.T) {
	e := startEmulator(t)
	e.srv.TrustFederatedSubject(testClientID, workloadSubject)
	cfg := e.config()
	cfg.UseOIDC = true
	cfg.OIDCTokenFilePath = writeFile(t, "token", []byte(e.srv.IssueFederatedToken(workloadSubject)+"\n"))
	e.mustSignIn(t, cfg)
}

func TestNewCredential_githubActions(t *testing.T) {
	e := startEmulator(t)
	e.srv.TrustFederatedSubject(testClientID, login.GitHubSubject)
	cfg := e.config()
	cfg.UseOIDC = true
	// GitHub's URL already has a query; the audience is added to it.
	cfg.OIDCRequestURL = e.url + login.GitHubIDTokenPath + "?api-version=2.0"
	cfg.OIDCRequestToken = e.srv.GitHubRequestToken()
	e.mustSignIn(t, cfg)
	if n := e.log.Count("login", "GET", login.GitHubIDTokenPath); n != 1 {
		t.Errorf("id token requests = %d, want 1:\n%s", n, e.log.Summary())
	}
}

func TestNewCredential_githubActionsUntrustedSubject(t *testing.T) {
	e := startEmulator(t)
	e.srv.TrustFederatedSubject(testClientID, "repo:acme/infra:environment:production")
	cfg := e.config()
	cfg.UseOIDC = true
	cfg.OIDCRequestURL = e.url + login.GitHubIDTokenPath
	cfg.OIDCRequestToken = e.srv.GitHubRequestToken()
	msg := signInError(t, cfg, cfg.OIDCRequestToken)
	mustContain(t, msg, "GitHub Actions OIDC", "AADSTS700213", login.GitHubSubject, "federated identity credential on application "+testClientID)
}

func TestNewCredential_githubActionsBadRequestToken(t *testing.T) {
	e := startEmulator(t)
	cfg := e.config()
	cfg.UseOIDC = true
	cfg.OIDCRequestURL = e.url + login.GitHubIDTokenPath
	cfg.OIDCRequestToken = "stale-request-token"
	msg := signInError(t, cfg, cfg.OIDCRequestToken)
	mustContain(t, msg, "GitHub Actions' OIDC endpoint answered 401", "id-token: write")
}

// Azure Pipelines: the endpoint and token come from the pipeline's own
// variables unless the oidc_request_* attributes override them.
func TestNewCredential_azureDevOps(t *testing.T) {
	const connection = "f3c0ffee-0000-4000-8000-00000000ad01"
	e := startEmulator(t)
	e.srv.TrustFederatedSubject(testClientID, login.AzureDevOpsSubject(connection))

	t.Run("pipeline variables", func(t *testing.T) {
		t.Setenv("SYSTEM_OIDCREQUESTURI", e.url+login.AzureDevOpsOIDCPath)
		t.Setenv("SYSTEM_ACCESSTOKEN", e.srv.AzureDevOpsAccessToken())
		cfg := e.config()
		cfg.UseOIDC, cfg.ADOServiceConnectionID = true, connection
		e.mustSignIn(t, cfg)
	})
	t.Run("attributes", func(t *testing.T) {
		cfg := e.config()
		cfg.UseOIDC, cfg.ADOServiceConnectionID = true, connection
		cfg.OIDCRequestURL = e.url + login.AzureDevOpsOIDCPath
		cfg.OIDCRequestToken = e.srv.AzureDevOpsAccessToken()
		e.mustSignIn(t, cfg)
	})
	if n := e.log.Count("login", "POST", login.AzureDevOpsOIDCPath); n != 2 {
		t.Errorf("OIDC token requests = %d, want 2:\n%s", n, e.log.Summary())
	}
	t.Run("wrong service connection", func(t *testing.T) {
		cfg := e.config()
		cfg.UseOIDC, cfg.ADOServiceConnectionID = true, "another-connection"
		cfg.OIDCRequestURL = e.url + login.AzureDevOpsOIDCPath
		cfg.OIDCRequestToken = e.srv.AzureDevOpsAccessToken()
		mustContain(t, signInError(t, cfg, cfg.OIDCRequestToken), "Azure DevOps OIDC", "AADSTS700213", "sc://acme/infra/another-connection")
	})
}
