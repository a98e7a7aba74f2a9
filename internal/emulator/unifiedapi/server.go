// Package unifiedapi emulates the parts of the Unified.to API the provider
// uses, for one workspace in one region, as Unified.to publishes them: the
// integration catalogue, the workspace's activated integrations, the
// authorize URL, environments, and the Workspaceintegration API
// (docs/design/unified-api.md and docs/design/unified-workspace-integration.md).
//
// It follows the published descriptions point by point: array query
// parameters are read as repeated keys (a comma-joined value is one value);
// the catalogue's is_active and active= mean "active in this workspace";
// `support` maps a feature to an object; catalogue dates include date-only
// values; every list pages with limit/offset; POST /unified/environment
// takes an array of names; both the documented "Bearer <token>" and the
// SDKs' bare token are accepted; the authorize URL takes external_xref,
// lang, subdomain and region; throttling answers 429 with the published
// text and no Retry-After (Throttle).
//
// Where Unified.to publishes nothing, the emulator chooses, and says so:
//
//   - The credentials travel as auth.client_id / auth.client_secret and
//     overriden_scopes, the names of Unified.to's generated data model.
//   - Create (POST), retrieve (GET …/{id}) and remove (DELETE …/{id}) follow
//     the pattern of the other core objects: 200 with the object, remove 200
//     with an empty body. SetPatternStatus makes them answer 404 or 405.
//   - Credentials are masked as a fixed "********" in every answer, list and
//     retrieve alike, unless include_credentials=true with an admin token
//     (Options.Token; Options.MemberToken is a non-admin one, refused 403).
//     The client id is not masked.
//   - A second object for the same type and environment is accepted: no
//     uniqueness rule is published, so clients must not rely on one.
//   - An update (PUT, the whole object) clears what it omits, except
//     auth.client_secret, which it keeps when absent; the type and
//     environment of an object cannot change (400). Categories are derived
//     from the permissions' prefixes; sent categories are ignored.
//   - Retrieve finds an id in any environment; env is read for the log.
//   - Permissions are checked by shape (crm_contact_read), not against the
//     published list, which is open.
//   - Error bodies are JSON {status, code, message}; with SetEchoErrors a
//     400 quotes the request raw, JSON-escaped, URL-encoded and in base64.
//   - No auth_type is invented on create.
//
// It stores client secrets, so that tests can assert one arrived. Tests
// change its state "in the dashboard" through UpdateWorkspaceIntegration
// and DeleteWorkspaceIntegration.
package unifiedapi

import (
	"crypto/rand"
	"encoding/hex"
	"io"
	"net/http"
	"strings"
	"sync"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/emulator/emuhttp"
)

// Options configure New. The zero value is fine.
type Options struct {
	Region      string // "us" (default), "eu" or "au"
	Token       string // the workspace API token of an admin; default a random one
	MemberToken string // a non-admin workspace API token; default a random one
	WorkspaceID string // default 24 random hex characters
	// PublicURL is the API base URL the real service would be reached at,
	// from which redirect URIs are built; default the region's, e.g.
	// https://api-eu.unified.to. Set it to emulate a custom domain.
	PublicURL string
}

// Server is one emulated Unified.to workspace. It is safe for concurrent use.
type Server struct {
	region, publicURL, token, memberToken, workspaceID string
	catalog                                            []catalogEntry

	mu            sync.Mutex
	envs          []string
	integrations  map[string]*WorkspaceIntegration // by id
	order         []string                         // ids in creation order
	patternStatus int
	echoErrors    bool
	throttleLeft  int
	gatewayLeft   int
	gatewayStatus int
	rejectLeft    int
	loseMethod    string
	loseLeft      int

	mux *http.ServeMux
}

// New returns a server with the seeded catalogue, the Production and
// Sandbox environments, and no workspace integrations.
func New(opts Options) *Server {
	s := &Server{
		region: opts.Region, publicURL: strings.TrimRight(opts.PublicURL, "/"),
		token: opts.Token, memberToken: opts.MemberToken, workspaceID: opts.WorkspaceID,
		catalog:      seedCatalog(),
		envs:         []string{"Production", "Sandbox"},
		integrations: map[string]*WorkspaceIntegration{},
	}
	if s.region == "" {
		s.region = "us"
	}
	if s.publicURL == "" {
		s.publicURL = regionAPIURL(s.region)
	}
	if s.token == "" {
		s.token = randomHex(32)
	}
	if s.memberToken == "" {
		s.memberToken = randomHex(32)
	}
	if s.workspaceID == "" {
		s.workspaceID = randomHex(12)
	}
	s.routes()
	return s
}

// regionAPIURL mirrors Unified.to's host naming; the emulator does not
// import the client package, whose table this duplicates on purpose.
func regionAPIURL(region string) string {
	if region == "us" {
		return "https://api.unified.to"
	}
	return "https://api-" + region + ".unified.to"
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// Token returns the admin's workspace API token.
func (s *Server) Token() string { return s.token }

// MemberToken returns a non-admin workspace API token.
func (s *Server) MemberToken() string { return s.memberToken }

// WorkspaceID returns the workspace's id.
func (s *Server) WorkspaceID() string { return s.workspaceID }

// Region returns the region the server emulates.
func (s *Server) Region() string { return s.region }

// PublicURL returns the API base URL redirect URIs are built from.
func (s *Server) PublicURL() string { return s.publicURL }

// Handler returns the server's HTTP handler.
func (s *Server) Handler() http.Handler { return http.HandlerFunc(s.serve) }

// SetPatternStatus makes the Workspaceintegration operations that follow
// the published pattern (create, retrieve, remove) behave as on a service
// that lacks them: 404 as for a route that does not exist, 405 as for a
// route without that method. The documented list and update keep working.
// 0 restores them.
func (s *Server) SetPatternStatus(status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.patternStatus = status
}

// SetEchoErrors makes 400 answers to writes quote the request body, in
// several encodings, as some services do, so that tests can prove a client
// never shows such an answer.
func (s *Server) SetEchoErrors(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.echoErrors = on
}

// Throttle answers the next n requests as Unified.to's rate limit does: 429
// with the published text and no Retry-After header.
func (s *Server) Throttle(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.throttleLeft = n
}

// GatewayErrors answers the next n requests with status and an HTML page,
// as a load balancer in front of the service does.
func (s *Server) GatewayErrors(n, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.gatewayLeft, s.gatewayStatus = n, status
}

// RejectWrites answers the next n POST and PUT requests with 400, echoing
// their body when SetEchoErrors is on, as a service refusing a write for a
// reason the client could not check beforehand.
func (s *Server) RejectWrites(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rejectLeft = n
}

// LoseNextAnswer makes the next request with method be carried out, and
// its answer replaced by a gateway's 504: the service committed, the
// client does not know.
func (s *Server) LoseNextAnswer(method string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.loseMethod, s.loseLeft = method, 1
}

// LoseAnswers is LoseNextAnswer for the next n requests with method, so
// that a client's retries lose their answers too; n = 0 ends it.
func (s *Server) LoseAnswers(method string, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.loseMethod, s.loseLeft = method, n
	if n <= 0 {
		s.loseMethod = ""
	}
}

// PendingFaults reports how many throttled and gateway answers are left.
func (s *Server) PendingFaults() (throttles, gateway int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.throttleLeft, s.gatewayLeft
}

// serve answers injected faults first, then routes.
func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	throttled, gateway, status := s.throttleLeft > 0, s.throttleLeft == 0 && s.gatewayLeft > 0, s.gatewayStatus
	isWrite := r.Method == http.MethodPost || r.Method == http.MethodPut
	reject := !throttled && !gateway && isWrite && s.rejectLeft > 0
	lose := !throttled && !gateway && !reject && s.loseMethod != "" && r.Method == s.loseMethod
	switch {
	case throttled:
		s.throttleLeft--
	case gateway:
		s.gatewayLeft--
	case reject:
		s.rejectLeft--
	case lose:
		if s.loseLeft--; s.loseLeft <= 0 {
			s.loseMethod = ""
		}
	}
	s.mu.Unlock()
	switch {
	case throttled:
		emuhttp.SetRoute(r, "(rate limited)")
		s.WriteError(w, http.StatusTooManyRequests, "", "")
	case gateway:
		emuhttp.SetRoute(r, "(gateway "+http.StatusText(status)+")")
		writeGatewayPage(w, status)
	case reject:
		emuhttp.SetRoute(r, "(rejected)")
		raw, _ := io.ReadAll(io.LimitReader(r.Body, maxBody))
		s.badRequest(w, raw, "The request was rejected")
	case lose:
		s.mux.ServeHTTP(&discard{header: http.Header{}}, r)
		emuhttp.SetNote(r, "answer lost")
		writeGatewayPage(w, http.StatusGatewayTimeout)
	default:
		s.mux.ServeHTTP(w, r)
	}
}

// writeGatewayPage answers as a load balancer does: an HTML page.
func writeGatewayPage(w http.ResponseWriter, status int) {
	w.Header().Set("Content-Type", "text/html")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, "<html><head><title>"+http.StatusText(status)+"</title></head><body><center><h1>"+
		http.StatusText(status)+"</h1></center><hr><center>nginx</center></body></html>\n")
}

// discard is a ResponseWriter that drops the answer of a request whose
// answer is lost.
type discard struct{ header http.Header }

func (d *discard) Header() http.Header         { return d.header }
func (d *discard) Write(b []byte) (int, error) { return len(b), nil }
func (d *discard) WriteHeader(int)             {}

// routes wires every endpoint. The patterns name no method, so that a
// wrong method gets Unified.to's error shape rather than ServeMux's text.
func (s *Server) routes() {
	s.mux = http.NewServeMux()
	s.handle("/unified/integration", methods{http.MethodGet: s.authed(s.listIntegrations)})
	s.handle("/unified/integration/workspace/{workspace_id}", methods{http.MethodGet: s.listWorkspaceIntegrations})
	s.handle("/unified/integration/auth/{workspace_id}/{integration_type}", methods{http.MethodGet: s.authorizeURL})
	s.handle(wiCollection, methods{
		http.MethodGet:  s.authed(s.listWorkspaceIntegrationObjects),
		http.MethodPost: s.patternGuard(s.authed(s.createWorkspaceIntegrationObject)),
	})
	s.handle(wiItem, methods{
		http.MethodGet:    s.patternGuard(s.authed(s.getWorkspaceIntegrationObject)),
		http.MethodPut:    s.authed(s.updateWorkspaceIntegrationObject),
		http.MethodDelete: s.patternGuard(s.authed(s.deleteWorkspaceIntegrationObject)),
	})
	s.handle("/unified/environment", methods{http.MethodGet: s.authed(s.listEnvironments), http.MethodPost: s.authed(s.createEnvironment)})
	s.handle("/unified/environment/{env}", methods{http.MethodDelete: s.authed(s.deleteEnvironment)})
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.WriteError(w, http.StatusNotFound, "not_found", "Cannot "+r.Method+" "+r.URL.Path)
	})
}
