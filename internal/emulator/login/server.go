package login

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/emulator/emuhttp"
)

// Options configure New. The zero value is fine.
type Options struct {
	// TenantID is the emulated tenant, a GUID; New generates one when empty.
	TenantID string
}

// Server is an emulated Microsoft Entra ID sign-in service for one tenant.
// It is safe for concurrent use.
type Server struct {
	tenantID string

	// signingKey signs the federated tokens of the emulator's own OIDC
	// issuer (the stand-in for GitHub Actions and Azure DevOps).
	signingKey *rsa.PrivateKey
	keyID      string

	githubRequestToken string
	adoAccessToken     string
	identityHeader     string
	miClientID         string

	mu       sync.Mutex
	clients  map[string]*client // by client id, lower case
	tokens   map[string]issued  // by access token
	userMIDs map[string]bool    // user-assigned managed identities, by client id
}

// issued is what the emulator remembers of an access token.
type issued struct {
	scope   string
	expires time.Time
}

// tokenLifetime is what Entra ID grants app-only tokens by default.
const tokenLifetime = 3599 * time.Second

// New makes a server. It generates an RSA key, so it takes a moment.
func New(opts Options) *Server {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(fmt.Sprintf("login emulator: generating its signing key: %v", err))
	}
	s := &Server{
		tenantID:           strings.ToLower(opts.TenantID),
		signingKey:         key,
		keyID:              randomString(12),
		githubRequestToken: randomString(32),
		adoAccessToken:     randomString(32),
		identityHeader:     randomString(24),
		miClientID:         newGUID(),
		clients:            map[string]*client{},
		tokens:             map[string]issued{},
		userMIDs:           map[string]bool{},
	}
	if s.tenantID == "" {
		s.tenantID = newGUID()
	}
	return s
}

// TenantID returns the emulated tenant's id.
func (s *Server) TenantID() string { return s.tenantID }

// Handler serves every route of the emulator. The authority host, and so
// every URL in its answers, is taken from each request's Host, because the
// port is known only after listening.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{tenant}/v2.0/.well-known/openid-configuration", s.openIDConfiguration)
	mux.HandleFunc("GET /{tenant}/discovery/v2.0/keys", s.keys)
	mux.HandleFunc("POST /{tenant}/oauth2/v2.0/token", s.token)
	mux.HandleFunc("GET "+GitHubIDTokenPath, s.githubIDToken)
	mux.HandleFunc("POST "+AzureDevOpsOIDCPath, s.azureDevOpsOIDCToken)
	mux.HandleFunc("GET "+ManagedIdentityPath, s.managedIdentityToken)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		emuhttp.SetRoute(r, "(unmatched)")
		s.WriteError(w, http.StatusNotFound, "invalid_request", "AADSTS900561: The endpoint only accepts the methods and paths of the emulated sign-in service.")
	})
	return mux
}

// IssueAccessToken issues an access token for scope ("https://graph.microsoft.com/.default")
// without any sign-in, as a fake `az` CLI in tests hands out.
func (s *Server) IssueAccessToken(scope string) string {
	token, _ := s.issue(scope)
	return token
}

// CheckToken reports the scope an access token was issued for, and whether
// it is one this emulator issued and has not expired. The Graph and other
// emulators call it to authorize "Authorization: Bearer <token>".
func (s *Server) CheckToken(token string) (scope string, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.tokens[token]
	if !ok || time.Now().After(t.expires) {
		return "", false
	}
	return t.scope, true
}

func (s *Server) issue(scope string) (token string, expires time.Time) {
	token = randomString(48)
	expires = time.Now().Add(tokenLifetime)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tokens[token] = issued{scope: scope, expires: expires}
	return token, expires
}

// knownTenant reports whether a path's tenant segment names this tenant.
func (s *Server) knownTenant(tenant string) bool {
	return strings.EqualFold(tenant, s.tenantID)
}

func tenantNotFound(tenant string) *fail {
	return invalidRequest("AADSTS90002: Tenant '%s' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.", tenant)
}

// randomString returns n random bytes, base64url-encoded.
func randomString(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// newGUID returns a random (version 4) GUID.
func newGUID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}
