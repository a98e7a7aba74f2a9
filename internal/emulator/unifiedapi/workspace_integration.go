package unifiedapi

import (
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/emulator/emuhttp"
)

// The Workspaceintegration routes. List and update are published [doc];
// create, retrieve and remove follow the pattern of Unified.to's other core
// objects [pattern], and SetPatternStatus takes them away.
const (
	wiCollection = "/unified/workspaceintegration"
	wiItem       = "/unified/workspaceintegration/{id}"
)

// maxBody bounds a request body; a workspace integration is a few hundred
// bytes.
const maxBody = 1 << 20

// permissionShape is the shape of Unified.to's permission scopes
// (crm_contact_read, hris_employee_write, webhook). The emulator checks the
// shape, not the published list, which is open and grows.
var permissionShape = regexp.MustCompile(`^([a-z]+_[a-z]+_(read|write)|webhook|auth_login)$`)

// patternGuard answers as a service without the [pattern] operations
// would, when a test has asked for that (SetPatternStatus): 404 as for a
// route that does not exist, 405 with an Allow header.
func (s *Server) patternGuard(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		status := s.patternStatus
		s.mu.Unlock()
		switch status {
		case 0:
			next(w, r)
		case http.StatusMethodNotAllowed:
			if r.URL.Path == wiCollection {
				w.Header().Set("Allow", http.MethodGet)
			} else {
				w.Header().Set("Allow", http.MethodPut)
			}
			s.WriteError(w, status, "method_not_allowed", "Cannot "+r.Method+" "+r.URL.Path)
		default:
			s.WriteError(w, status, "not_found", "Cannot "+r.Method+" "+r.URL.Path)
		}
	}
}

// listWorkspaceIntegrationObjects serves the published
// GET /unified/workspaceintegration: a bare array, filtered by
// integration_type, env, categories (repeated) and updated_gte, sorted by
// sort/order, paged by limit/offset. Credentials are masked unless
// include_credentials=true, which needs an admin token.
func (s *Server) listWorkspaceIntegrationObjects(w http.ResponseWriter, r *http.Request) {
	e := env(r)
	q := r.URL.Query()
	clear, ok := s.includeCredentials(w, r)
	if !ok {
		return
	}
	limit, offset, ok := paging(q.Get("limit"), q.Get("offset"), maxLimit)
	if !ok {
		s.WriteError(w, http.StatusBadRequest, "invalid_parameter", "limit must be 1-100 and offset 0 or more")
		return
	}
	var since time.Time
	if v := q.Get("updated_gte"); v != "" {
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			s.WriteError(w, http.StatusBadRequest, "invalid_parameter", "updated_gte must be an ISO-8601 date-time")
			return
		}
		since = t
	}
	sortBy, order := q.Get("sort"), q.Get("order")
	if !slices.Contains([]string{"", "name", "updated_at", "created_at"}, sortBy) || !slices.Contains([]string{"", "asc", "desc"}, order) {
		s.WriteError(w, http.StatusBadRequest, "invalid_parameter", "sort must be name, updated_at or created_at, and order asc or desc")
		return
	}
	typ, categories := q.Get("integration_type"), q["categories"]

	s.mu.Lock()
	out := []WorkspaceIntegration{}
	for _, wi := range s.all() {
		switch {
		case wi.Environment != e,
			typ != "" && wi.IntegrationType != typ,
			len(categories) > 0 && !anyIn(wi.Categories, categories),
			wi.UpdatedAt.Before(since):
			continue
		}
		out = append(out, wi.masked(clear))
	}
	s.mu.Unlock()
	slices.SortStableFunc(out, func(a, b WorkspaceIntegration) int {
		var c int
		switch sortBy {
		case "name":
			c = strings.Compare(a.IntegrationType, b.IntegrationType)
		case "updated_at":
			c = a.UpdatedAt.Compare(b.UpdatedAt)
		case "created_at":
			c = a.CreatedAt.Compare(b.CreatedAt)
		}
		if order == "desc" {
			c = -c
		}
		return c
	})
	writeJSON(w, http.StatusOK, window(out, limit, offset))
}

// includeCredentials reads include_credentials; true needs an admin token,
// and a member's request for it is refused with 403.
func (s *Server) includeCredentials(w http.ResponseWriter, r *http.Request) (clear, ok bool) {
	clear, _, valid := queryBool(r, "include_credentials")
	switch {
	case !valid:
		s.WriteError(w, http.StatusBadRequest, "invalid_parameter", "include_credentials must be true or false")
		return false, false
	case clear && !s.isAdmin(r.Header.Get("Authorization")):
		s.WriteError(w, http.StatusForbidden, "forbidden", "include_credentials requires a workspace admin")
		return false, false
	}
	if clear {
		emuhttp.SetNote(r, "include_credentials")
	}
	return clear, true
}

// getWorkspaceIntegrationObject serves [pattern]
// GET /unified/workspaceintegration/{id}. The id is unique in the
// workspace, so env is not needed to find it.
func (s *Server) getWorkspaceIntegrationObject(w http.ResponseWriter, r *http.Request) {
	env(r)
	clear, ok := s.includeCredentials(w, r)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	wi, found := s.integrations[r.PathValue("id")]
	if !found {
		s.WriteError(w, http.StatusNotFound, "not_found", "Workspace integration "+r.PathValue("id")+" not found")
		return
	}
	writeJSON(w, http.StatusOK, wi.masked(clear))
}

// createWorkspaceIntegrationObject serves [pattern]
// POST /unified/workspaceintegration. The environment is the body's, else
// env=, else Production. A second object for the same type and environment
// is accepted: no uniqueness rule is published, so clients must not rely
// on one.
func (s *Server) createWorkspaceIntegrationObject(w http.ResponseWriter, r *http.Request) {
	in, raw, ok := s.readObject(w, r)
	if !ok {
		return
	}
	e := in.Environment
	if e == "" {
		e = env(r)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if !slices.Contains(s.envs, e) {
		s.badRequestLocked(w, raw, "Unknown environment "+e)
		return
	}
	wi := s.newIntegration(in.IntegrationType, e)
	s.apply(wi, in)
	s.insert(wi)
	emuhttp.SetNote(r, "env="+e+" created")
	writeJSON(w, http.StatusOK, wi.masked(false))
}

// updateWorkspaceIntegrationObject serves the published
// PUT /unified/workspaceintegration/{id}: the body is the whole object, so
// what it omits is cleared, except auth.client_secret, which an update
// without one keeps (as the dashboard keeps a secret nobody retyped).
// The type and environment of an object cannot change.
func (s *Server) updateWorkspaceIntegrationObject(w http.ResponseWriter, r *http.Request) {
	in, raw, ok := s.readObject(w, r)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	wi, found := s.integrations[r.PathValue("id")]
	switch {
	case !found:
		s.WriteError(w, http.StatusNotFound, "not_found", "Workspace integration "+r.PathValue("id")+" not found")
		return
	case in.IntegrationType != wi.IntegrationType:
		s.badRequestLocked(w, raw, "integration_type cannot change from "+wi.IntegrationType)
		return
	case in.Environment != "" && in.Environment != wi.Environment:
		s.badRequestLocked(w, raw, "environment cannot change from "+wi.Environment)
		return
	}
	s.apply(wi, in)
	emuhttp.SetNote(r, "env="+wi.Environment+" replaced")
	writeJSON(w, http.StatusOK, wi.masked(false))
}

// apply copies the writable fields of in onto wi; s.mu must be held.
func (s *Server) apply(wi *WorkspaceIntegration, in WorkspaceIntegration) {
	secret := wi.Auth.ClientSecret
	id, ws, created, typ, e := wi.ID, wi.WorkspaceID, wi.CreatedAt, wi.IntegrationType, wi.Environment
	*wi = in.clone()
	wi.ID, wi.WorkspaceID, wi.CreatedAt, wi.IntegrationType, wi.Environment = id, ws, created, typ, e
	wi.UpdatedAt = time.Now().UTC()
	if wi.Auth.ClientSecret == "" {
		wi.Auth.ClientSecret = secret
	}
	wi.Categories = categoriesOf(wi.Permissions)
}

// deleteWorkspaceIntegrationObject serves [pattern]
// DELETE /unified/workspaceintegration/{id}: 200 with an empty body.
func (s *Server) deleteWorkspaceIntegrationObject(w http.ResponseWriter, r *http.Request) {
	env(r)
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.integrations[r.PathValue("id")]; !ok {
		s.WriteError(w, http.StatusNotFound, "not_found", "Workspace integration "+r.PathValue("id")+" not found")
		return
	}
	s.remove(r.PathValue("id"))
	w.WriteHeader(http.StatusOK)
}

// readObject decodes and checks a write's body: integration_type and
// is_active are required, the type must be in the catalogue, auth_type one
// of the published values, and permissions of the published shape.
func (s *Server) readObject(w http.ResponseWriter, r *http.Request) (WorkspaceIntegration, []byte, bool) {
	raw, err := io.ReadAll(io.LimitReader(r.Body, maxBody))
	if err != nil {
		s.WriteError(w, http.StatusBadRequest, "invalid_body", "Cannot read the request body")
		return WorkspaceIntegration{}, nil, false
	}
	var in WorkspaceIntegration
	var present map[string]json.RawMessage
	if json.Unmarshal(raw, &present) != nil || json.Unmarshal(raw, &in) != nil {
		s.badRequest(w, raw, "The body is not a WorkspaceIntegration JSON object")
		return in, raw, false
	}
	var bad string
	switch _, known := s.lookup(in.IntegrationType); {
	case in.IntegrationType == "":
		bad = "integration_type is required"
	case present["is_active"] == nil:
		bad = "is_active is required"
	case !known:
		bad = "Unknown integration_type " + in.IntegrationType
	case !slices.Contains([]string{"", "oauth2", "other", "token"}, in.AuthType):
		bad = "auth_type must be oauth2, other or token"
	}
	for _, p := range in.Permissions {
		if bad == "" && !permissionShape.MatchString(p) {
			bad = "Unknown permission " + p
		}
	}
	if bad != "" {
		s.badRequest(w, raw, bad)
		return in, raw, false
	}
	return in, raw, true
}

// badRequest answers 400, echoing the request when SetEchoErrors is on.
func (s *Server) badRequest(w http.ResponseWriter, raw []byte, message string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.badRequestLocked(w, raw, message)
}

// badRequestLocked is badRequest with s.mu held. An echoing answer quotes
// the body as it came, inside the JSON message (so escaped twice on the
// wire, once more for every quote), and again URL-encoded and in base64:
// the forms real services have been seen to echo.
func (s *Server) badRequestLocked(w http.ResponseWriter, raw []byte, message string) {
	if s.echoErrors {
		nested, _ := json.Marshal(string(raw))
		message += "; received: " + string(raw) + "; as JSON: " + string(nested) +
			"; url: " + url.QueryEscape(string(raw)) + "; base64: " + base64.StdEncoding.EncodeToString(raw)
	}
	s.WriteError(w, http.StatusBadRequest, "invalid_request", message)
}
