package unifiedapi

import (
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"time"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/emulator/emuhttp"
)

// writePath is the workspace integration route. It is not in Unified.to's
// published OpenAPI; the emulator implements the contract of
// unified-facts.md exactly, and SetWritePathStatus takes it away.
const writePath = "/unified/workspace/integration/{integration_type}"

// maxBody bounds a PUT body; a workspace integration is a few hundred bytes.
const maxBody = 1 << 20

// writePathGuard answers as a service without the write path would, when a
// test has asked for that (SetWritePathStatus).
func (s *Server) writePathGuard(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		status := s.writePathStatus
		s.mu.Unlock()
		switch {
		case status == 0, status == http.StatusMethodNotAllowed && r.Method == http.MethodGet:
			next(w, r)
		case status == http.StatusMethodNotAllowed:
			w.Header().Set("Allow", http.MethodGet)
			s.WriteError(w, status, "method_not_allowed", "Cannot "+r.Method+" "+r.URL.Path)
		case status == http.StatusNotFound:
			s.WriteError(w, status, "not_found", "Cannot "+r.Method+" "+r.URL.Path)
		default:
			s.WriteError(w, status, "unavailable", http.StatusText(status))
		}
	}
}

// getWorkspaceIntegration: 200 with the object, never its secret; 404 when
// none.
func (s *Server) getWorkspaceIntegration(w http.ResponseWriter, r *http.Request) {
	typ, e := r.PathValue("integration_type"), env(r)
	s.mu.Lock()
	defer s.mu.Unlock()
	wi, ok := s.integrations[storeKey{typ, e}]
	if !ok {
		s.WriteError(w, http.StatusNotFound, "not_found", "Workspace integration "+typ+" not found in environment "+e)
		return
	}
	writeJSON(w, http.StatusOK, wi.public())
}

// putWorkspaceIntegration creates or replaces the object: 200 with what was
// stored, without the secret. A body without auth.client_secret keeps the
// stored one, as the dashboard keeps a secret nobody retyped; that is what
// lets a client update other fields without holding the secret.
func (s *Server) putWorkspaceIntegration(w http.ResponseWriter, r *http.Request) {
	typ, e := r.PathValue("integration_type"), env(r)
	raw, err := io.ReadAll(io.LimitReader(r.Body, maxBody))
	if err != nil {
		s.WriteError(w, http.StatusBadRequest, "invalid_body", "Cannot read the request body")
		return
	}
	var in WorkspaceIntegration
	var present map[string]json.RawMessage
	if json.Unmarshal(raw, &in) != nil || json.Unmarshal(raw, &present) != nil {
		s.badPut(w, raw, "The body is not a WorkspaceIntegration JSON object")
		return
	}
	entry, known := s.lookup(typ)
	switch {
	case present["is_active"] == nil:
		s.badPut(w, raw, "is_active is required")
		return
	case in.IntegrationType != "" && in.IntegrationType != typ:
		s.badPut(w, raw, "integration_type "+in.IntegrationType+" does not match the path's "+typ)
		return
	case !known:
		s.badPut(w, raw, "Unknown integration_type "+typ)
		return
	case in.Environment != "" && in.Environment != e:
		s.badPut(w, raw, "environment "+in.Environment+" does not match env="+e)
		return
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	if !slices.Contains(s.envs, e) {
		s.badPutLocked(w, raw, "Unknown environment "+e)
		return
	}
	key := storeKey{typ, e}
	old, exists := s.integrations[key]
	if !exists {
		old = s.newIntegration(entry, e)
	}
	stored := in.clone()
	stored.ID, stored.WorkspaceID, stored.CreatedAt, stored.UpdatedAt = old.ID, old.WorkspaceID, old.CreatedAt, time.Now().UTC()
	stored.IntegrationType, stored.Environment = typ, e
	if stored.Auth.ClientSecret == "" {
		stored.Auth.ClientSecret = old.Auth.ClientSecret
	}
	if stored.AuthType == "" {
		stored.AuthType = old.AuthType
	}
	if stored.Categories == nil {
		stored.Categories = slices.Clone(old.Categories)
	}
	s.integrations[key] = &stored
	if exists {
		emuhttp.SetNote(r, "env="+e+" replaced")
	} else {
		emuhttp.SetNote(r, "env="+e+" created")
	}
	writeJSON(w, http.StatusOK, stored.public())
}

// badPut answers 400, quoting the body when echoing is on.
func (s *Server) badPut(w http.ResponseWriter, raw []byte, message string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.badPutLocked(w, raw, message)
}

func (s *Server) badPutLocked(w http.ResponseWriter, raw []byte, message string) {
	if s.echoErrors {
		message += "; received: " + string(raw)
	}
	s.WriteError(w, http.StatusBadRequest, "invalid_request", message)
}

// deleteWorkspaceIntegration: 204, or 404 when none.
func (s *Server) deleteWorkspaceIntegration(w http.ResponseWriter, r *http.Request) {
	typ, e := r.PathValue("integration_type"), env(r)
	s.mu.Lock()
	defer s.mu.Unlock()
	key := storeKey{typ, e}
	if _, ok := s.integrations[key]; !ok {
		s.WriteError(w, http.StatusNotFound, "not_found", "Workspace integration "+typ+" not found in environment "+e)
		return
	}
	delete(s.integrations, key)
	w.WriteHeader(http.StatusNoContent)
}
