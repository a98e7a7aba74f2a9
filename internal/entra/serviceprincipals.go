package entra

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/microsoftgraph/msgraph-sdk-go/models"
	"github.com/microsoftgraph/msgraph-sdk-go/serviceprincipals"
)

// ServicePrincipal is an API's presence in the tenant: what it offers as
// delegated scopes and app roles.
type ServicePrincipal struct {
	ObjectID    string
	ClientID    string
	DisplayName string
	Scopes      []Permission // oauth2PermissionScopes
	Roles       []Permission // appRoles that applications can hold
}

// Permission is one scope or role an API offers.
type Permission struct {
	ID      string
	Value   string // the name used in tokens, e.g. "openid", "user_impersonation"
	Enabled bool
}

// FindServicePrincipal looks up the tenant's service principal of the API
// whose client id is clientID. ErrNotFound means the tenant has none; for
// first-party APIs an administrator can add it.
func (c *Client) FindServicePrincipal(ctx context.Context, clientID string) (*ServicePrincipal, error) {
	filter := fmt.Sprintf("appId eq '%s'", strings.ReplaceAll(clientID, "'", "''"))
	cfg := &serviceprincipals.ServicePrincipalsRequestBuilderGetRequestConfiguration{
		QueryParameters: &serviceprincipals.ServicePrincipalsRequestBuilderGetQueryParameters{
			Filter: &filter,
			Select: []string{"id", "appId", "displayName", "oauth2PermissionScopes", "appRoles"},
		},
	}
	var found []models.ServicePrincipalable
	err := c.retry(ctx, retryTransient, func(ctx context.Context) error {
		page, err := c.graph.ServicePrincipals().Get(ctx, cfg)
		if err != nil {
			return graphError(err)
		}
		found = page.GetValue()
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(found) == 0 {
		return nil, fmt.Errorf("service principal of API %s: %w", clientID, ErrNotFound)
	}
	return servicePrincipalFromModel(found[0]), nil
}

func servicePrincipalFromModel(m models.ServicePrincipalable) *ServicePrincipal {
	sp := &ServicePrincipal{ObjectID: deref(m.GetId()), ClientID: deref(m.GetAppId()), DisplayName: deref(m.GetDisplayName())}
	for _, s := range m.GetOauth2PermissionScopes() {
		sp.Scopes = append(sp.Scopes, Permission{ID: uuidString(s.GetId()), Value: deref(s.GetValue()), Enabled: deref(s.GetIsEnabled())})
	}
	for _, r := range m.GetAppRoles() {
		// Only roles that applications can hold are application permissions.
		if !slices.Contains(r.GetAllowedMemberTypes(), "Application") {
			continue
		}
		sp.Roles = append(sp.Roles, Permission{ID: uuidString(r.GetId()), Value: deref(r.GetValue()), Enabled: deref(r.GetIsEnabled())})
	}
	return sp
}

func uuidString[T fmt.Stringer](id *T) string {
	if id == nil {
		return ""
	}
	return (*id).String()
}
