package unified

import (
	"encoding/json"
	"fmt"
)

// DefaultEnv is the workspace environment used when a caller passes "".
// The client still sends it, so that no request depends on the service's
// own default.
const DefaultEnv = "Production"

// Integration is the read side of an integration, as the catalogue
// (GET /unified/integration) and the workspace's list
// (GET /unified/integration/workspace/{workspace_id}) return it. It carries
// no credentials. IsActive means "active in this workspace", not a
// Unified.to-wide switch: a fresh workspace has none active.
//
// Fields whose shape the SDKs type loosely are kept loose, so that one odd
// entry cannot fail a whole listing: `support` is a map of objects kept
// raw, and the dates are plain strings because the catalogue holds
// date-only values (2023-05-01) beside full timestamps
// (docs/design/unified-api.md).
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
	CreatedAt   string          `json:"created_at,omitempty"`
	UpdatedAt   string          `json:"updated_at,omitempty"`
}

// ListIntegrationsInput filters ListIntegrations. The zero value lists the
// whole catalogue of the Production environment.
type ListIntegrationsInput struct {
	Type       string   // one integration_type
	Active     *bool    // only integrations (not) active in this workspace
	Categories []string // any of these categories, e.g. "crm"; sent as repeated keys
	Env        string   // workspace environment; "" means DefaultEnv
	Summary    bool     // ask for the short form of each integration
}

// WorkspaceIntegration is Unified.to's published Workspaceintegration
// object: the configuration of one integration_type in one environment of
// a workspace, the object the dashboard writes when someone enters a client
// id and secret. The credentials' wire names are in credentials.go, the one
// place that holds fields Unified.to's pages do not publish.
type WorkspaceIntegration struct {
	// Set by the service; never sent in a write.
	ID          string
	WorkspaceID string
	CreatedAt   string
	UpdatedAt   string
	Categories  []string // derived by the service from Permissions

	IntegrationType    string // required
	IsActive           bool   // required
	Environment        string // "" means DefaultEnv
	AuthType           string // oauth2, other or token; "" leaves the service's choice
	UseUnifiedRedirect *bool
	PromptRegion       *bool
	Permissions        []string // Unified.to permission scopes, e.g. crm_contact_read

	// Credentials are the OAuth app's; see credentials.go.
	ClientID string
	// ClientSecret is only ever sent. Answers never fill it: Unified.to
	// masks credentials unless asked for them in clear, which this client
	// never does.
	ClientSecret string
	// ScopeOverrides maps a Unified.to permission to the vendor scope
	// string to request instead (Unified.to's overriden_scopes).
	ScopeOverrides map[string]string

	// preserved holds the vendor URL overrides of an answer, which an
	// update sends back unchanged (see UpdateWorkspaceIntegration).
	preserved map[string]json.RawMessage
}

// String hides the secret, so that printing a WorkspaceIntegration (%v,
// %+v, %s, %#v) cannot leak it into a log or a diagnostic.
func (wi WorkspaceIntegration) String() string {
	return fmt.Sprintf("{id:%s integration_type:%s environment:%s is_active:%v client_id:%s client_secret:%s}",
		wi.ID, wi.IntegrationType, wi.Environment, wi.IsActive, wi.ClientID, redactedIfSet(wi.ClientSecret))
}

// GoString hides the secret from %#v too.
func (wi WorkspaceIntegration) GoString() string { return "unified.WorkspaceIntegration" + wi.String() }

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
	Scopes          []string // Unified.to permissions, e.g. crm_contact_read; sent as repeated keys
	ExternalXref    string   // the caller's own id for the end user
	Lang            string   // language of the authorization pages
	Subdomain       string   // the tenant domain some vendors need
	Region          string   // the vendor region, when the integration has prompt_region
}
