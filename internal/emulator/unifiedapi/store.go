package unifiedapi

import (
	"fmt"
	"maps"
	"slices"
	"time"
)

// WorkspaceIntegration is Unified.to's WorkspaceIntegration data model as
// the emulator stores it, client secret included. Answers go through
// public(), which drops the secret.
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
	Categories         []string          `json:"categories,omitempty"`
	APIURL             string            `json:"api_url,omitempty"`
	AuthorizeURL       string            `json:"authorize_url,omitempty"`
	TokenURL           string            `json:"token_url,omitempty"`
	RefreshURL         string            `json:"refresh_url,omitempty"`
	BaseURL            string            `json:"base_url,omitempty"`
	SecretsmanagerID   string            `json:"secretsmanager_id,omitempty"`
	SecretsmanagerKey  string            `json:"secretsmanager_key,omitempty"`
}

// Auth holds an OAuth app's credentials.
type Auth struct {
	ClientID     string `json:"client_id,omitempty"`
	ClientSecret string `json:"client_secret,omitempty"`
}

// public returns a deep copy without the client secret, for answers.
func (wi WorkspaceIntegration) public() WorkspaceIntegration {
	c := wi.clone()
	c.Auth.ClientSecret = ""
	return c
}

// clone copies wi so that callers never share the store's maps and slices.
func (wi WorkspaceIntegration) clone() WorkspaceIntegration {
	wi.OverridenScopes = maps.Clone(wi.OverridenScopes)
	wi.Categories = slices.Clone(wi.Categories)
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

// storeKey identifies a workspace integration: one per integration type
// and environment.
type storeKey struct{ integrationType, env string }

// WorkspaceIntegration returns the stored workspace integration of
// integrationType in env, client secret included, so that tests can assert
// what arrived.
func (s *Server) WorkspaceIntegration(integrationType, env string) (WorkspaceIntegration, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	wi, ok := s.integrations[storeKey{integrationType, envOr(env)}]
	if !ok {
		return WorkspaceIntegration{}, false
	}
	return wi.clone(), true
}

// UpdateWorkspaceIntegration changes a workspace integration as a person
// would in the dashboard: fn edits it in place. When none exists yet it
// creates one (the dashboard creates by saving), active and with the type
// and environment filled in. It fails for a type outside the catalogue or
// an unknown environment; fn cannot change the type or environment.
func (s *Server) UpdateWorkspaceIntegration(integrationType, env string, fn func(*WorkspaceIntegration)) error {
	env = envOr(env)
	entry, ok := s.lookup(integrationType)
	if !ok {
		return fmt.Errorf("integration type %q is not in the catalogue", integrationType)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if !slices.Contains(s.envs, env) {
		return fmt.Errorf("environment %q does not exist", env)
	}
	key := storeKey{integrationType, env}
	wi, ok := s.integrations[key]
	if !ok {
		wi = s.newIntegration(entry, env)
	}
	c := wi.clone()
	fn(&c)
	c.ID, c.WorkspaceID, c.CreatedAt = wi.ID, wi.WorkspaceID, wi.CreatedAt
	c.IntegrationType, c.Environment, c.UpdatedAt = integrationType, env, time.Now().UTC()
	s.integrations[key] = &c
	return nil
}

// DeleteWorkspaceIntegration removes a workspace integration as a person
// would in the dashboard.
func (s *Server) DeleteWorkspaceIntegration(integrationType, env string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	key := storeKey{integrationType, envOr(env)}
	if _, ok := s.integrations[key]; !ok {
		return fmt.Errorf("no workspace integration %q in environment %q", integrationType, envOr(env))
	}
	delete(s.integrations, key)
	return nil
}

// newIntegration returns a fresh active integration; s.mu must be held.
func (s *Server) newIntegration(entry catalogEntry, env string) *WorkspaceIntegration {
	now := time.Now().UTC()
	return &WorkspaceIntegration{
		ID: randomHex(12), WorkspaceID: s.workspaceID, CreatedAt: now, UpdatedAt: now,
		IntegrationType: entry.Type, IsActive: true, Environment: env, AuthType: "oauth2",
		Categories: slices.Clone(entry.Categories),
	}
}

// configured returns the integrations of env in catalogue order; s.mu
// must be held.
func (s *Server) configured(env string) []*WorkspaceIntegration {
	var out []*WorkspaceIntegration
	for _, e := range s.catalog {
		if wi, ok := s.integrations[storeKey{e.Type, env}]; ok {
			out = append(out, wi)
		}
	}
	return out
}

func envOr(env string) string {
	if env == "" {
		return "Production"
	}
	return env
}
