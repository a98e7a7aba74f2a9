// Package unifiedapi emulates the parts of the Unified.to API the provider
// uses, for one workspace in one region, as written down in
// shared/reference/unified-facts.md: the integration catalogue, the
// workspace's activated integrations, the authorize URL, environments, and
// the workspace integration object on the (unpublished) write path
// /unified/workspace/integration/{integration_type}.
//
// It stores client secrets, so that tests can assert one arrived, but never
// returns one. Tests change its state "in the dashboard" through
// UpdateWorkspaceIntegration and DeleteWorkspaceIntegration, and make the
// write path disappear with SetWritePathStatus.
package unifiedapi

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"strings"
	"sync"
)

// Options configure New. The zero value is fine.
type Options struct {
	Region      string // "us" (default), "eu" or "au"
	Token       string // the workspace API token; default a random one
	WorkspaceID string // default 24 random hex characters
	// PublicURL is the API base URL the real service would be reached at,
	// from which redirect URIs are built; default the region's, e.g.
	// https://api-eu.unified.to. Set it to emulate a custom domain.
	PublicURL string
}

// Server is one emulated Unified.to workspace. It is safe for concurrent use.
type Server struct {
	region, publicURL, token, workspaceID string
	catalog                               []catalogEntry

	mu              sync.Mutex
	envs            []string
	integrations    map[storeKey]*WorkspaceIntegration
	writePathStatus int
	echoErrors      bool

	mux *http.ServeMux
}

// New returns a server with the seeded catalogue, the Production and
// Sandbox environments, and no workspace integrations.
func New(opts Options) *Server {
	s := &Server{
		region: opts.Region, publicURL: strings.TrimRight(opts.PublicURL, "/"),
		token: opts.Token, workspaceID: opts.WorkspaceID,
		catalog:      seedCatalog(),
		envs:         []string{"Production", "Sandbox"},
		integrations: map[storeKey]*WorkspaceIntegration{},
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

// Token returns the workspace API token the server accepts.
func (s *Server) Token() string { return s.token }

// WorkspaceID returns the workspace's id.
func (s *Server) WorkspaceID() string { return s.workspaceID }

// Region returns the region the server emulates.
func (s *Server) Region() string { return s.region }

// PublicURL returns the API base URL redirect URIs are built from.
func (s *Server) PublicURL() string { return s.publicURL }

// Handler returns the server's HTTP handler.
func (s *Server) Handler() http.Handler { return s.mux }

// SetWritePathStatus makes /unified/workspace/integration/… behave as on a
// service that lacks it: 404 answers every method there, as for a path that
// does not exist; 405 answers PUT and DELETE while GET keeps working, as for
// a read-only route. Any other status answers every method with itself.
// 0 restores the normal behaviour.
func (s *Server) SetWritePathStatus(status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.writePathStatus = status
}

// SetEchoErrors makes 400 answers to PUT quote the request body, as some
// services do, so that tests can prove a client scrubs what it sent.
func (s *Server) SetEchoErrors(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.echoErrors = on
}

// routes wires every endpoint. The patterns name no method, so that a
// wrong method gets Unified.to's error shape rather than ServeMux's text.
func (s *Server) routes() {
	s.mux = http.NewServeMux()
	s.handle("/unified/integration", methods{http.MethodGet: s.authed(s.listIntegrations)})
	s.handle("/unified/integration/workspace/{workspace_id}", methods{http.MethodGet: s.listWorkspaceIntegrations})
	s.handle("/unified/integration/auth/{workspace_id}/{integration_type}", methods{http.MethodGet: s.authorizeURL})
	s.handle(writePath, methods{
		http.MethodGet:    s.writePathGuard(s.authed(s.getWorkspaceIntegration)),
		http.MethodPut:    s.writePathGuard(s.authed(s.putWorkspaceIntegration)),
		http.MethodDelete: s.writePathGuard(s.authed(s.deleteWorkspaceIntegration)),
	})
	s.handle("/unified/environment", methods{http.MethodGet: s.authed(s.listEnvironments), http.MethodPost: s.authed(s.createEnvironment)})
	s.handle("/unified/environment/{env}", methods{http.MethodDelete: s.authed(s.deleteEnvironment)})
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.WriteError(w, http.StatusNotFound, "not_found", "Cannot "+r.Method+" "+r.URL.Path)
	})
}
