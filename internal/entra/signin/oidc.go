package signin

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
)

// The OIDC sources produce the federated token that a ClientAssertionCredential
// exchanges for an access token. GitHub Actions has no azidentity credential,
// and azidentity's AzurePipelinesCredential reads its endpoint only from
// SYSTEM_OIDCREQUESTURI, which would ignore oidc_request_url; so both
// requests are made here, exactly as GitHub's toolkit and azidentity make them.

// exchangeAudience is the audience Entra ID requires of federated tokens.
const exchangeAudience = "api://AzureADTokenExchange"

// oidcRequestTimeout bounds a token request whose context has no deadline.
const oidcRequestTimeout = 30 * time.Second

type assertionFunc func(context.Context) (string, error)

func staticToken(token string) assertionFunc {
	token = strings.TrimSpace(token)
	return func(context.Context) (string, error) { return token, nil }
}

// tokenFile reads the file on every exchange, because workload identity
// rotates it; MSAL caches the access token, so exchanges are rare. A missing
// file means the method is unavailable here, and sign-in moves on.
func tokenFile(path string) assertionFunc {
	return func(context.Context) (string, error) {
		b, err := os.ReadFile(path)
		if errors.Is(err, fs.ErrNotExist) {
			return "", azidentity.NewCredentialUnavailableError(fmt.Sprintf("%s %q does not exist", attrOIDCFile, path))
		}
		if err != nil {
			return "", fmt.Errorf("reading %s: %w", attrOIDCFile, err)
		}
		// Files written with `echo` end in a newline, which is not part of the JWT.
		token := strings.TrimSpace(string(b))
		if token == "" {
			return "", fmt.Errorf("%s %q is empty", attrOIDCFile, path)
		}
		return token, nil
	}
}

// githubToken asks GitHub Actions for an id token:
// GET $ACTIONS_ID_TOKEN_REQUEST_URL&audience=api://AzureADTokenExchange
// with the request token as bearer, answered by {"value":"<jwt>"}.
func (b *builder) githubToken(requestURL, requestToken string) assertionFunc {
	return func(ctx context.Context) (string, error) {
		u, err := url.Parse(requestURL)
		if err != nil {
			return "", fmt.Errorf("%s is not a URL: %w", attrRequestURL, err)
		}
		q := u.Query()
		q.Set("audience", exchangeAudience)
		u.RawQuery = q.Encode()
		var out struct {
			Value string `json:"value"`
		}
		what := "GitHub Actions' OIDC endpoint"
		if err := b.requestToken(ctx, http.MethodGet, u.String(), requestToken, nil, what, &out); err != nil {
			return "", err
		}
		return nonEmpty(out.Value, what)
	}
}

// adoToken asks Azure Pipelines for an id token as azidentity's
// AzurePipelinesCredential does: POST $SYSTEM_OIDCREQUESTURI?api-version=7.1
// &serviceConnectionId=… with $SYSTEM_ACCESSTOKEN as bearer, answered by
// {"oidcToken":"<jwt>"}.
func (b *builder) adoToken(requestURL, accessToken, connectionID string) assertionFunc {
	return func(ctx context.Context) (string, error) {
		u, err := url.Parse(requestURL)
		if err != nil {
			return "", fmt.Errorf("%s is not a URL: %w", attrRequestURL, err)
		}
		q := u.Query()
		q.Set("api-version", "7.1")
		q.Set("serviceConnectionId", connectionID)
		u.RawQuery = q.Encode()
		// Without it Azure DevOps answers a bad token with a redirect to a sign-in page.
		header := http.Header{"X-TFS-FedAuthRedirect": {"Suppress"}}
		var out struct {
			OIDCToken string `json:"oidcToken"`
		}
		what := "Azure DevOps' OIDC endpoint"
		if err := b.requestToken(ctx, http.MethodPost, u.String(), accessToken, header, what, &out); err != nil {
			return "", err
		}
		return nonEmpty(out.OIDCToken, what)
	}
}

// requestToken makes one bearer-authenticated request and decodes its JSON
// answer into out. Errors describe the endpoint and status, never the
// bearer token; the answer's body is included only when it is an error.
func (b *builder) requestToken(ctx context.Context, method, endpoint, bearer string, header http.Header, what string, out any) error {
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, oidcRequestTimeout)
		defer cancel()
	}
	req, err := http.NewRequestWithContext(ctx, method, endpoint, nil)
	if err != nil {
		return fmt.Errorf("building the request to %s: %w", what, err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	req.Header.Set("Authorization", "Bearer "+bearer)
	req.Header.Set("Accept", "application/json")
	resp, err := b.do(req)
	if err != nil {
		return fmt.Errorf("requesting a token from %s: %w", what, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return fmt.Errorf("reading the answer of %s: %w", what, err)
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s answered %s: %s", what, resp.Status, truncate(strings.TrimSpace(string(body)), 300))
	}
	if err := json.Unmarshal(body, out); err != nil {
		return fmt.Errorf("%s answered with something other than a token (%w)", what, err)
	}
	return nil
}

// do sends req with the configured transport, or Go's default client, which
// honours the proxy variables and the system's certificate roots.
func (b *builder) do(req *http.Request) (*http.Response, error) {
	if b.cfg.Transport != nil {
		return b.cfg.Transport.Do(req)
	}
	return http.DefaultClient.Do(req)
}

func nonEmpty(token, what string) (string, error) {
	if token == "" {
		return "", fmt.Errorf("%s answered without a token", what)
	}
	return token, nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
