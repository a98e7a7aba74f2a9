package unified

import (
	"encoding/json"
	"fmt"
)

// The wire names of the OAuth app's credentials. They are the one part of
// the Workspaceintegration object that Unified.to's published pages do not
// show ([unknown] in docs/design/unified-workspace-integration.md): its
// generated data model has long named them auth.client_id,
// auth.client_secret and overriden_scopes (sic), and that is what this
// client sends and reads. Should the service name them otherwise, this
// block is the whole change.
const (
	fieldAuth           = "auth"
	fieldClientID       = "client_id"
	fieldClientSecret   = "client_secret"
	fieldScopeOverrides = "overriden_scopes"
)

// wireAuth is the credentials object as sent. ClientSecret is omitted when
// empty, so that an update without a new secret leaves the stored one.
type wireAuth struct {
	ClientID     string `json:"client_id,omitempty"`
	ClientSecret string `json:"client_secret,omitempty"`
}

// encodeCredentials puts wi's credentials into the write body obj. The auth
// object is always built afresh: a masked value read from the service must
// never travel back as if it were the secret.
func encodeCredentials(obj map[string]json.RawMessage, wi WorkspaceIntegration) error {
	auth, err := json.Marshal(wireAuth{ClientID: wi.ClientID, ClientSecret: wi.ClientSecret}) //nolint:gosec // G117: the published API's field; this request is the secret's hand-off
	if err != nil {
		return fmt.Errorf("encoding the credentials of %q: %w", wi.IntegrationType, err)
	}
	obj[fieldAuth] = auth
	delete(obj, fieldScopeOverrides)
	if len(wi.ScopeOverrides) > 0 {
		raw, err := json.Marshal(wi.ScopeOverrides)
		if err != nil {
			return fmt.Errorf("encoding the scope overrides of %q: %w", wi.IntegrationType, err)
		}
		obj[fieldScopeOverrides] = raw
	}
	return nil
}

// decodeCredentials reads the client id and scope overrides of an answer.
// It never reads client_secret: answers carry it masked, and a masked value
// is of no use and one more thing that could be mistaken for a secret.
func decodeCredentials(obj map[string]json.RawMessage, wi *WorkspaceIntegration) {
	var auth map[string]json.RawMessage
	if json.Unmarshal(obj[fieldAuth], &auth) == nil {
		_ = json.Unmarshal(auth[fieldClientID], &wi.ClientID)
	}
	var overrides map[string]string
	if json.Unmarshal(obj[fieldScopeOverrides], &overrides) == nil && len(overrides) > 0 {
		wi.ScopeOverrides = overrides
	}
}
