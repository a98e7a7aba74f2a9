package unified

import (
	"encoding/json"
	"fmt"
	"time"
)

// DefaultEnv is the workspace environment used when a caller passes "".
// The client still sends it, so that no request depends on the service's
// own default.
const DefaultEnv = "Production"

// Integration is the read side of an integration, as the catalogue
// (GET /unified/integration) and the workspace's list
// (GET /unified/integration/workspace/{workspace_id}) return it. It carries
// no credentials. Fields whose shape Unified.to does not pin down are kept
// raw, so that a change there cannot break decoding.
type Integration struct {
	Type        string          `json:"type"` // the integration_type id, e.g. microsoftdynamicssales
	Name        string          `json:"name"`
	Categories  []string        `json:"categories,omitempty"`
	IsActive    bool            `json:"is_active"`
	Beta        bool            `json:"beta,omitempty"`
	LogoURL     string          `json:"logo_url,omitempty"`
	WebURL      string          `json:"web_url,omitempty"`
	APIDocsURL  string          `json:"api_docs_url,omitempty"`
	Description string          `json:"description,omitempty"`
	Support     json.RawMessage `json:"support,omitempty"`
	CreatedAt   *time.Time      `json:"created_at,omitempty"`
	UpdatedAt   *time.Time      `json:"updated_at,omitempty"`
}

// ListIntegrationsInput filters ListIntegrations. The zero value lists the
// whole catalogue of the Production environment.
type ListIntegrationsInput struct {
	Type       string   // one integration_type
	Active     *bool    // only integrations Unified.to has (not) switched on
	Categories []string // any of these categories, e.g. "crm"
	Env        string   // workspace environment; "" means DefaultEnv
	Summary    bool     // ask for the short form of each integration
}

// WorkspaceIntegration is Unified.to's WorkspaceIntegration data model: the
// configuration of one integration_type in one environment of a workspace,
// written in the dashboard (Integrations > <integration>) or, for this
// provider, through PutWorkspaceIntegration.
type WorkspaceIntegration struct {
	ID              string     `json:"id,omitempty"`
	WorkspaceID     string     `json:"workspace_id,omitempty"`
	CreatedAt       *time.Time `json:"created_at,omitempty"`
	UpdatedAt       *time.Time `json:"updated_at,omitempty"`
	IntegrationType string     `json:"integration_type"`
	IsActive        bool       `json:"is_active"` // required by the model, so never omitted
	Environment     string     `json:"environment,omitempty"`
	Auth            Auth       `json:"auth"`
	AuthType        string     `json:"auth_type,omitempty"` // oauth1, oauth2, other, token
	// OverridenScopes maps a Unified.to permission to the vendor scope
	// string to request instead. The spelling is Unified.to's.
	OverridenScopes    map[string]string `json:"overriden_scopes,omitempty"`
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

// Auth is the part of a workspace integration that holds the OAuth app's
// credentials. Unified.to never returns ClientSecret, and this client drops
// it from any answer that would carry it.
type Auth struct {
	ClientID     string `json:"client_id,omitempty"`
	ClientSecret string `json:"client_secret,omitempty"`
}

// String hides the secret, so that printing an Auth or a struct holding one
// (%v, %+v, %s) cannot leak it into a log or a diagnostic.
func (a Auth) String() string {
	return fmt.Sprintf("{client_id:%s client_secret:%s}", a.ClientID, redactedIfSet(a.ClientSecret))
}

// GoString hides the secret from %#v too.
func (a Auth) GoString() string {
	return fmt.Sprintf("unified.Auth{ClientID:%q, ClientSecret:%q}", a.ClientID, redactedIfSet(a.ClientSecret))
}

func redactedIfSet(s string) string {
	if s == "" {
		return ""
	}
	return redacted
}

// AuthorizeOptions are the optional parameters of AuthorizeURL.
type AuthorizeOptions struct {
	SuccessRedirect string   // where Unified.to sends the end user after a connection
	FailureRedirect string   // where it sends them after a failure
	State           string   // passed back to the redirects
	Scopes          []string // Unified.to permissions, e.g. crm_contact_read
}
