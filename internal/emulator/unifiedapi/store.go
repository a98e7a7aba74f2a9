package unifiedapi

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
)

// WorkspaceIntegration is Unified.to's Workspaceintegration object as the
// emulator stores it, client secret included. Answers go through masked(),
// which hides the credentials.
type WorkspaceIntegration struct {
	ID                 string            `json:"id"`
	WorkspaceID        string            `json:"workspace_id"`
	CreatedAt          time.Time         `json:"created_at"`
	UpdatedAt          time.Time         `json:"updated_at"`
	IntegrationType    string            `json:"integration_type"`
	IsActive           bool              `json:"is_active"`
	Environment        string            `json:"environment"`
	Auth               Auth              `json:"auth"`
	AuthType           string            `json:"auth_type,omitempty"`
	OverridenScopes    map[string]string `json:"overriden_scopes,omitempty"` // sic, as Unified.to spells it
	UseUnifiedRedirect *bool             `json:"use_unified_redirect,omitempty"`
	PromptRegion       *bool             `json:"prompt_region,omitempty"`
	Permissions        []string          `json:"permissions,omitempty"`
	Categories         []string          `json:"categories,omitempty"`
	APIURL             string            `json:"api_url,omitempty"`
	AuthorizeURL       string            `json:"authorize_url,omitempty"`
	TokenURL           string            `json:"token_url,omitempty"`
	RefreshURL         string            `json:"refresh_url,omitempty"`
	BaseURL            string            `json:"base_url,omitempty"`
}

// Auth holds an OAuth app's credentials.
type Auth struct {
	ClientID     string `json:"client_id,omitempty"`
	ClientSecret string `json:"client_secret,omitempty"`
}

// mask is what answers show instead of a stored client secret. The real
// mask is not published; a fixed one reveals nothing, not even a length.
const mask = "********"

// masked returns a deep copy for an answer: the client secret replaced by
// mask, unless clear is true (include_credentials for an admin).
func (wi WorkspaceIntegration) masked(clear bool) WorkspaceIntegration {
	c := wi.clone()
	if !clear && c.Auth.ClientSecret != "" {
		c.Auth.ClientSecret = mask
	}
	return c
}

// clone copies wi so that callers never share the store's maps and slices.
func (wi WorkspaceIntegration) clone() WorkspaceIntegration {
	wi.OverridenScopes = maps.Clone(wi.OverridenScopes)
	wi.Categories = slices.Clone(wi.Categories)
	wi.Permissions = slices.Clone(wi.Permissions)
	if wi.UseUnifiedRedirect != nil {
		v := *wi.UseUnifiedRedirect
		wi.UseUnifiedRedirect = &v
	}
	if wi.PromptRegion != nil {
		v := *wi.PromptRegion
		wi.PromptRegion = &v
	}
	return wi
}

// categoriesOf derives an object's categories from its permissions, as the
// service does: the prefix of each permission scope (crm_contact_read ->
// crm), sorted, without duplicates.
func categoriesOf(permissions []string) []string {
	var out []string
	for _, p := range permissions {
		prefix, _, ok := strings.Cut(p, "_")
		if ok && prefix != "auth" && !slices.Contains(out, prefix) {
			out = append(out, prefix)
		}
	}
	slices.Sort(out)
	return out
}

// first returns the first stored object of integrationType in env (in
// creation order); s.mu must be held.
func (s *Server) first(integrationType, env string) *WorkspaceIntegration {
	for _, id := range s.order {
		if wi := s.integrations[id]; wi.IntegrationType == integrationType && wi.Environment == env {
			return wi
		}
	}
	return nil
}

// all returns the stored objects in creation order; s.mu must be held.
func (s *Server) all() []*WorkspaceIntegration {
	out := make([]*WorkspaceIntegration, 0, len(s.order))
	for _, id := range s.order {
		out = append(out, s.integrations[id])
	}
	return out
}

// insert stores a new object; s.mu must be held.
func (s *Server) insert(wi *WorkspaceIntegration) {
	s.integrations[wi.ID] = wi
	s.order = append(s.order, wi.ID)
}

// remove deletes the object id; s.mu must be held.
func (s *Server) remove(id string) {
	delete(s.integrations, id)
	s.order = slices.DeleteFunc(s.order, func(x string) bool { return x == id })
}

// WorkspaceIntegration returns the first stored workspace integration of
// integrationType in env, client secret included, so that tests can assert
// what arrived.
func (s *Server) WorkspaceIntegration(integrationType, env string) (WorkspaceIntegration, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	wi := s.first(integrationType, envOr(env))
	if wi == nil {
		return WorkspaceIntegration{}, false
	}
	return wi.clone(), true
}

// WorkspaceIntegrations returns every stored workspace integration of
// integrationType in env, secrets included, in creation order.
func (s *Server) WorkspaceIntegrations(integrationType, env string) []WorkspaceIntegration {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []WorkspaceIntegration
	for _, wi := range s.all() {
		if wi.IntegrationType == integrationType && wi.Environment == envOr(env) {
			out = append(out, wi.clone())
		}
	}
	return out
}

// UpdateWorkspaceIntegration changes a workspace integration as a person
// would in the dashboard: fn edits the first one of integrationType in env
// in place. When none exists yet it creates one (the dashboard creates by
// saving), active and with the type and environment filled in. It fails
// for a type outside the catalogue or an unknown environment; fn cannot
// change the id, type or environment.
func (s *Server) UpdateWorkspaceIntegration(integrationType, env string, fn func(*WorkspaceIntegration)) error {
	env = envOr(env)
	if _, ok := s.lookup(integrationType); !ok {
		return fmt.Errorf("integration type %q is not in the catalogue", integrationType)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if !slices.Contains(s.envs, env) {
		return fmt.Errorf("environment %q does not exist", env)
	}
	wi := s.first(integrationType, env)
	if wi == nil {
		wi = s.newIntegration(integrationType, env)
		s.insert(wi)
	}
	c := wi.clone()
	fn(&c)
	c.ID, c.WorkspaceID, c.CreatedAt = wi.ID, wi.WorkspaceID, wi.CreatedAt
	c.IntegrationType, c.Environment, c.UpdatedAt = integrationType, env, time.Now().UTC()
	c.Categories = categoriesOf(c.Permissions)
	*wi = c
	return nil
}

// DeleteWorkspaceIntegration removes the first workspace integration of
// integrationType in env, as a person would in the dashboard.
func (s *Server) DeleteWorkspaceIntegration(integrationType, env string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	wi := s.first(integrationType, envOr(env))
	if wi == nil {
		return fmt.Errorf("no workspace integration %q in environment %q", integrationType, envOr(env))
	}
	s.remove(wi.ID)
	return nil
}

// newIntegration returns a fresh active object with a new id; s.mu must be
// held. It sets no auth_type: whether the service picks one is not
// published, and an invented default would show as drift.
func (s *Server) newIntegration(integrationType, env string) *WorkspaceIntegration {
	now := time.Now().UTC()
	return &WorkspaceIntegration{
		ID: randomHex(12), WorkspaceID: s.workspaceID, CreatedAt: now, UpdatedAt: now,
		IntegrationType: integrationType, IsActive: true, Environment: env,
	}
}

func envOr(env string) string {
	if env == "" {
		return "Production"
	}
	return env
}
