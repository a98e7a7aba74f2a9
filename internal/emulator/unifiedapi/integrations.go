package unifiedapi

import (
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// Paging of GET /unified/integration: the default and largest page.
const maxLimit = 100

// listIntegrations serves GET /unified/integration: the catalogue, filtered
// by type, active and categories, paged by limit and offset. The catalogue
// is the same in every environment; env is read for the log only.
func (s *Server) listIntegrations(w http.ResponseWriter, r *http.Request) {
	env(r)
	q := r.URL.Query()
	active, hasActive, ok := queryBool(r, "active")
	if !ok {
		s.WriteError(w, http.StatusBadRequest, "invalid_parameter", "active must be true or false")
		return
	}
	summary, _, ok := queryBool(r, "summary")
	if !ok {
		s.WriteError(w, http.StatusBadRequest, "invalid_parameter", "summary must be true or false")
		return
	}
	limit, offset, ok := paging(q.Get("limit"), q.Get("offset"))
	if !ok {
		s.WriteError(w, http.StatusBadRequest, "invalid_parameter", "limit must be 1-100 and offset 0 or more")
		return
	}
	var categories []string
	if c := q.Get("categories"); c != "" {
		categories = strings.Split(c, ",")
	}
	typ := q.Get("type")
	out := []Integration{}
	for _, e := range s.catalog {
		switch {
		case typ != "" && e.Type != typ,
			hasActive && e.IsActive != active,
			categories != nil && !anyIn(e.Categories, categories):
			continue
		}
		out = append(out, shape(e.Integration, summary))
	}
	writeJSON(w, http.StatusOK, window(out, limit, offset))
}

// listWorkspaceIntegrations serves the published, unauthenticated
// GET /unified/integration/workspace/{workspace_id}: the integrations
// configured in env, each with its is_active, filtered by active.
func (s *Server) listWorkspaceIntegrations(w http.ResponseWriter, r *http.Request) {
	if r.PathValue("workspace_id") != s.workspaceID {
		s.WriteError(w, http.StatusNotFound, "not_found", "Workspace not found")
		return
	}
	e := env(r)
	active, hasActive, ok := queryBool(r, "active")
	if !ok {
		s.WriteError(w, http.StatusBadRequest, "invalid_parameter", "active must be true or false")
		return
	}
	summary, _, _ := queryBool(r, "summary")
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []Integration{}
	for _, wi := range s.configured(e) {
		if hasActive && wi.IsActive != active {
			continue
		}
		entry, _ := s.lookup(wi.IntegrationType)
		in := shape(entry.Integration, summary)
		in.IsActive = wi.IsActive
		out = append(out, in)
	}
	writeJSON(w, http.StatusOK, out)
}

// shape returns a copy of in, shortened when summary is asked for.
func shape(in Integration, summary bool) Integration {
	in.Categories = slices.Clone(in.Categories)
	if summary {
		in.Support, in.Description, in.APIDocsURL = nil, "", ""
	} else {
		in.Support = maps.Clone(in.Support)
	}
	return in
}

func paging(limitText, offsetText string) (limit, offset int, ok bool) {
	limit, offset = maxLimit, 0
	var err error
	if limitText != "" {
		if limit, err = strconv.Atoi(limitText); err != nil || limit < 1 || limit > maxLimit {
			return 0, 0, false
		}
	}
	if offsetText != "" {
		if offset, err = strconv.Atoi(offsetText); err != nil || offset < 0 {
			return 0, 0, false
		}
	}
	return limit, offset, true
}

func window[T any](all []T, limit, offset int) []T {
	if offset >= len(all) {
		return []T{}
	}
	return all[offset:min(offset+limit, len(all))]
}

func anyIn(have, want []string) bool {
	for _, w := range want {
		if slices.Contains(have, strings.TrimSpace(w)) {
			return true
		}
	}
	return false
}
