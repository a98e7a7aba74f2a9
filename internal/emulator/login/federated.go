package login

import (
	"crypto/subtle"
	"net/http"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/emulator/emuhttp"
)

// The emulator's own OIDC issuer stands in for GitHub Actions and Azure
// DevOps: one issuer, distinguished by subject, as a federated identity
// credential in Entra ID matches on issuer, subject and audience.
const (
	// FederatedIssuer is the iss of every federated token the emulator issues.
	FederatedIssuer = "https://oidc.login-emulator.invalid"
	// FederatedAudience is the audience Entra ID expects of federated tokens.
	FederatedAudience = "api://AzureADTokenExchange"
	// GitHubSubject is the subject of tokens from the GitHub Actions endpoint,
	// a workflow on the main branch of acme/infra.
	GitHubSubject = "repo:acme/infra:ref:refs/heads/main"

	// GitHubIDTokenPath serves GitHub's ACTIONS_ID_TOKEN_REQUEST_URL.
	GitHubIDTokenPath = "/_github/idtoken"
	// AzureDevOpsOIDCPath serves Azure Pipelines' SYSTEM_OIDCREQUESTURI.
	AzureDevOpsOIDCPath = "/_ado/oidctoken"
)

// federatedLifetime is about what GitHub gives its id tokens.
const federatedLifetime = 10 * time.Minute

// AzureDevOpsSubject is the subject of tokens from the Azure DevOps endpoint
// for a service connection, in Azure DevOps' sc://org/project/connection form.
func AzureDevOpsSubject(serviceConnectionID string) string {
	return "sc://acme/infra/" + serviceConnectionID
}

// IssueFederatedToken returns a JWT of FederatedIssuer for subject and
// FederatedAudience, accepted as client_assertion by clients that trust the
// subject (TrustFederatedSubject).
func (s *Server) IssueFederatedToken(subject string) string {
	return s.signFederated(subject, FederatedAudience)
}

func (s *Server) signFederated(subject, audience string) string {
	now := time.Now()
	tok := jwt.NewWithClaims(jwt.SigningMethodRS256, jwt.RegisteredClaims{
		Issuer:    FederatedIssuer,
		Subject:   subject,
		Audience:  jwt.ClaimStrings{audience},
		IssuedAt:  jwt.NewNumericDate(now),
		NotBefore: jwt.NewNumericDate(now.Add(-time.Minute)),
		ExpiresAt: jwt.NewNumericDate(now.Add(federatedLifetime)),
		ID:        newGUID(),
	})
	tok.Header["kid"] = s.keyID
	signed, err := tok.SignedString(s.signingKey)
	if err != nil {
		panic("login emulator: signing a federated token: " + err.Error())
	}
	return signed
}

// GitHubRequestToken is the job's ACTIONS_ID_TOKEN_REQUEST_TOKEN: the bearer
// token the GitHub id-token endpoint requires.
func (s *Server) GitHubRequestToken() string { return s.githubRequestToken }

// AzureDevOpsAccessToken is the pipeline's SYSTEM_ACCESSTOKEN: the bearer
// token the Azure DevOps OIDC endpoint requires.
func (s *Server) AzureDevOpsAccessToken() string { return s.adoAccessToken }

// githubIDToken answers GET $ACTIONS_ID_TOKEN_REQUEST_URL&audience=… with
// {"value":"<jwt>"}. As on GitHub, a missing audience yields a token for the
// repository owner's URL, which Entra ID then refuses.
func (s *Server) githubIDToken(w http.ResponseWriter, r *http.Request) {
	emuhttp.SetRoute(r, GitHubIDTokenPath)
	if !bearerIs(r, s.githubRequestToken) {
		writeJSON(w, http.StatusUnauthorized, map[string]string{"message": "Bad credentials: the request needs Authorization: Bearer $ACTIONS_ID_TOKEN_REQUEST_TOKEN."})
		return
	}
	audience := r.URL.Query().Get("audience")
	if audience == "" {
		audience = "https://github.com/acme"
	}
	emuhttp.SetNote(r, "audience="+audience)
	writeJSON(w, http.StatusOK, map[string]string{"value": s.signFederated(GitHubSubject, audience)})
}

// azureDevOpsOIDCToken answers azidentity's AzurePipelinesCredential:
// POST $SYSTEM_OIDCREQUESTURI?api-version=7.1&serviceConnectionId=… with
// Authorization: Bearer $SYSTEM_ACCESSTOKEN, and {"oidcToken":"<jwt>"}.
func (s *Server) azureDevOpsOIDCToken(w http.ResponseWriter, r *http.Request) {
	emuhttp.SetRoute(r, AzureDevOpsOIDCPath)
	q := r.URL.Query()
	if !bearerIs(r, s.adoAccessToken) {
		// Without X-TFS-FedAuthRedirect: Suppress, Azure DevOps redirects to a
		// sign-in page instead, which clients cannot use.
		if r.Header.Get("X-TFS-FedAuthRedirect") != "Suppress" {
			http.Redirect(w, r, "/_signin", http.StatusFound)
			return
		}
		writeJSON(w, http.StatusUnauthorized, map[string]string{"message": "TF400813: The user is not authorized to access this resource."})
		return
	}
	id := q.Get("serviceConnectionId")
	if q.Get("api-version") == "" || id == "" {
		writeJSON(w, http.StatusBadRequest, map[string]string{"message": "The request needs the api-version and serviceConnectionId query parameters."})
		return
	}
	emuhttp.SetNote(r, "serviceConnectionId="+id)
	writeJSON(w, http.StatusOK, map[string]string{"oidcToken": s.signFederated(AzureDevOpsSubject(id), FederatedAudience)})
}

func bearerIs(r *http.Request, want string) bool {
	got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	return ok && got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}
