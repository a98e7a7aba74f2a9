package unifiedapi

import (
	"encoding/json"
	"io"
	"net/http"
	"slices"
)

// listEnvironments serves GET /unified/environment: the names, as []string.
func (s *Server) listEnvironments(w http.ResponseWriter, _ *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	writeJSON(w, http.StatusOK, slices.Clone(s.envs))
}

// createEnvironment serves POST /unified/environment ("Create new
// environments"): the body is a JSON array of names; the answer is the
// updated list. Names that exist already change nothing.
func (s *Server) createEnvironment(w http.ResponseWriter, r *http.Request) {
	raw, err := io.ReadAll(io.LimitReader(r.Body, maxBody))
	if err != nil {
		s.WriteError(w, http.StatusBadRequest, "invalid_body", "Cannot read the request body")
		return
	}
	var names []string
	if json.Unmarshal(raw, &names) != nil || len(names) == 0 {
		s.WriteError(w, http.StatusBadRequest, "invalid_body", "The body must be a JSON array of environment names")
		return
	}
	if slices.Contains(names, "") {
		s.WriteError(w, http.StatusBadRequest, "invalid_body", "An environment name is empty")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, name := range names {
		if !slices.Contains(s.envs, name) {
			s.envs = append(s.envs, name)
		}
	}
	writeJSON(w, http.StatusOK, slices.Clone(s.envs))
}

// deleteEnvironment serves DELETE /unified/environment/{env}, and removes
// the environment's workspace integrations with it. Production cannot be
// deleted.
func (s *Server) deleteEnvironment(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("env")
	if name == "Production" {
		s.WriteError(w, http.StatusBadRequest, "invalid_request", "The Production environment cannot be deleted")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	i := slices.Index(s.envs, name)
	if i < 0 {
		s.WriteError(w, http.StatusNotFound, "not_found", "Environment "+name+" not found")
		return
	}
	s.envs = slices.Delete(s.envs, i, i+1)
	for _, wi := range s.all() {
		if wi.Environment == name {
			s.remove(wi.ID)
		}
	}
	writeJSON(w, http.StatusOK, slices.Clone(s.envs))
}
