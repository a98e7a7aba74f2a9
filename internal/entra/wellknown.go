package entra

import (
	"maps"
	"slices"
	"strings"
)

// WellKnownAPI is an API this provider knows by a short name, with the
// permission ids Microsoft publishes, so that configurations can say
// "microsoft_graph" and "openid" and plans know the ids without asking the
// tenant.
type WellKnownAPI struct {
	Name        string // the provider's short name, e.g. "microsoft_graph"
	ClientID    string // the API's client (app) id, the same in every tenant
	DisplayName string
	// Scopes are delegated permissions by name. An empty id means Microsoft
	// does not publish it: it is read from the tenant's service principal.
	Scopes map[string]string
	// Roles are application permissions by name, with the same convention.
	Roles map[string]string
}

// Complete reports whether every permission in the table has a published
// id, so that the table alone describes what it lists.
func (a WellKnownAPI) Complete() bool {
	for _, m := range []map[string]string{a.Scopes, a.Roles} {
		for _, id := range m {
			if id == "" {
				return false
			}
		}
	}
	return true
}

// Client ids of the well-known APIs.
const (
	MicrosoftGraphClientID   = "00000003-0000-0000-c000-000000000000"
	DynamicsCRMClientID      = "00000007-0000-0000-c000-000000000000"
	CustomerInsightsClientID = "38c77d00-5fcb-4cce-9d93-af4738258e3c"
)

// wellKnownAPIs is the table, from docs/design/graph-service-principals.md (Well-known ids): the
// APIs the Unified.to guide for Dynamics 365 asks for.
var wellKnownAPIs = []WellKnownAPI{
	{
		Name: "microsoft_graph", ClientID: MicrosoftGraphClientID, DisplayName: "Microsoft Graph",
		Scopes: map[string]string{
			"openid":         "37f7f235-527c-4136-accd-4a02d197296e",
			"email":          "64a6cdd6-aab1-4aaf-94b8-3cc8405e90d0",
			"offline_access": "7427e0e9-2fba-42fe-b0c0-848c9e6a8182",
			"profile":        "14dad69e-099b-42c9-810b-d002981feec1",
			"User.Read":      "e1fe6dd8-ba31-4d61-89e7-88639da4683d",
		},
	},
	{
		// Shown today as "Dataverse"; it backs Dynamics 365 Sales.
		Name: "dynamics_crm", ClientID: DynamicsCRMClientID, DisplayName: "Dynamics CRM",
		Scopes: map[string]string{"user_impersonation": "78ce3f0f-a1ce-49c2-8cde-64b5c0896db4"},
	},
	{
		Name: "customer_insights", ClientID: CustomerInsightsClientID, DisplayName: "Dynamics 365 Customer Insights",
		Scopes: map[string]string{"user_impersonation": ""},
	},
}

// WellKnownAPIs returns the table; changing the result does not change it.
func WellKnownAPIs() []WellKnownAPI {
	out := make([]WellKnownAPI, len(wellKnownAPIs))
	for i, a := range wellKnownAPIs {
		out[i] = a.clone()
	}
	return out
}

// WellKnownAPINames returns the short names, in table order.
func WellKnownAPINames() []string {
	names := make([]string, len(wellKnownAPIs))
	for i, a := range wellKnownAPIs {
		names[i] = a.Name
	}
	return names
}

// WellKnownAPIByName finds an API by its short name (exact match: names
// appear in state, so one spelling keeps plans quiet).
func WellKnownAPIByName(name string) (WellKnownAPI, bool) {
	i := slices.IndexFunc(wellKnownAPIs, func(a WellKnownAPI) bool { return a.Name == name })
	if i < 0 {
		return WellKnownAPI{}, false
	}
	return wellKnownAPIs[i].clone(), true
}

// WellKnownAPIByClientID finds an API by its client id, in any letter case.
func WellKnownAPIByClientID(clientID string) (WellKnownAPI, bool) {
	i := slices.IndexFunc(wellKnownAPIs, func(a WellKnownAPI) bool { return strings.EqualFold(a.ClientID, clientID) })
	if i < 0 {
		return WellKnownAPI{}, false
	}
	return wellKnownAPIs[i].clone(), true
}

func (a WellKnownAPI) clone() WellKnownAPI {
	a.Scopes, a.Roles = maps.Clone(a.Scopes), maps.Clone(a.Roles)
	return a
}
