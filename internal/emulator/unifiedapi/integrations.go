package unifiedapi

import (
	"maps"
	"net/http"
	"slices"
	"strconv"
)

// Paging: the default and largest page of GET /unified/integration and
// GET /unified/workspaceintegration (not published; chosen), and of the
// workspace's activated list (published default 1000).
const (
	maxLimit          = 100
	maxWorkspaceLimit = 1000
)

// listIntegrations serves GET /unified/integration: the catalogue, filtered
// by type, active and categories (repeated keys), paged by limit and
// offset. is_active and active= mean "active in this workspace", in env.
func (s *Server) listIntegrations(w http.ResponseWriter, r *http.Request) {
	e := env(r)
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
	limit, offset, ok := paging(q.Get("limit"), q.Get("offset"), maxLimit)
	if !ok {
		s.WriteError(w, http.StatusBadRequest, "invalid_parameter", "limit must be 1-100 and offset 0 or more")
		return
	}
	categories := q["categories"]
	typ := q.Get("type")
	s.mu.Lock()
	activeHere := s.activeTypes(e)
	s.mu.Unlock()
	out := []Integration{}
	for _, entry := range s.catalog {
		isActive := activeHere[entry.Type]
		switch {
		case typ != "" && entry.Type != typ,
			hasActive && isActive != active,
			len(categories) > 0 && !anyIn(entry.Categories, categories):
			continue
		}
		in := shape(entry.Integration, summary)
		in.IsActive = isActive
		out = append(out, in)
	}
	writeJSON(w, http.StatusOK, window(out, limit, offset))
}

// listWorkspaceIntegrations serves the published, unauthenticated
// GET /unified/integration/workspace/{workspace_id}: the integrations
// configured in env, each with its is_active, filtered by active and
// categories (repeated keys), paged by limit (default 1000) and offset.
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
	limit, offset, ok := paging(r.URL.Query().Get("limit"), r.URL.Query().Get("offset"), maxWorkspaceLimit)
	if !ok {
		s.WriteError(w, http.StatusBadRequest, "invalid_parameter", "limit must be 1-1000 and offset 0 or more")
		return
	}
	categories := r.URL.Query()["categories"]
	s.mu.Lock()
	activeHere := s.activeTypes(e)
	configured := map[string]bool{}
	for _, wi := range s.all() {
		if wi.Environment == e {
			configured[wi.IntegrationType] = true
		}
	}
	s.mu.Unlock()
	out := []Integration{}
	for _, entry := range s.catalog {
		switch {
		case !configured[entry.Type],
			hasActive && activeHere[entry.Type] != active,
			len(categories) > 0 && !anyIn(entry.Categories, categories):
			continue
		}
		in := shape(entry.Integration, summary)
		in.IsActive = activeHere[entry.Type]
		out = append(out, in)
	}
	writeJSON(w, http.StatusOK, window(out, limit, offset))
}

// activeTypes returns the integration types with an active configuration
// in env; s.mu must be held.
func (s *Server) activeTypes(env string) map[string]bool {
	out := map[string]bool{}
	for _, wi := range s.all() {
		if wi.Environment == env && wi.IsActive {
			out[wi.IntegrationType] = true
		}
	}
	return out
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

func paging(limitText, offsetText string, largest int) (limit, offset int, ok bool) {
	limit, offset = largest, 0
	var err error
	if limitText != "" {
		if limit, err = strconv.Atoi(limitText); err != nil || limit < 1 || limit > largest {
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

// anyIn reports whether have holds any of want. Each wanted value is
// taken whole: "crm,hris" is one (unknown) category, as it would be for the
// real service, whose array parameters repeat the key.
func anyIn(have, want []string) bool {
	for _, w := range want {
		if slices.Contains(have, w) {
			return true
		}
	}
	return false
}
