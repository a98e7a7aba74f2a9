package graphapi

import (
	"sort"
	"strings"
)

// Client (app) ids of the first-party APIs the provider grants access to
// (docs/design/graph-service-principals.md, Well-known ids).
const (
	MicrosoftGraphAppID   = "00000003-0000-0000-c000-000000000000"
	DynamicsCRMAppID      = "00000007-0000-0000-c000-000000000000"
	CustomerInsightsAppID = "38c77d00-5fcb-4cce-9d93-af4738258e3c"
	PowerAppsServiceAppID = "475226c6-020e-4fb2-8a90-7a972cbfc1d4"
)

// CustomerInsightsUserImpersonationID is the id of Customer Insights'
// user_impersonation scope in this emulator. Microsoft does not publish the
// real one, so this one is the emulator's own: a provider that hard-codes
// an id instead of reading the tenant's service principal fails here.
const CustomerInsightsUserImpersonationID = "5e1a2c3d-7b4f-4e6a-9c8d-38c77d00c1a5"

// microsoftTenantID owns Microsoft's first-party applications.
const microsoftTenantID = "f8cdef31-a31e-4b4a-93e4-5f571e91255a"

// Object ids of the seeded service principals: fixed, so that tests and
// request logs are reproducible. A service principal made by POST gets a
// random one.
const (
	graphSPID            = "2a9f7c41-6b3e-4d58-9e07-000000000003"
	dynamicsSPID         = "2a9f7c41-6b3e-4d58-9e07-000000000007"
	customerInsightsSPID = "2a9f7c41-6b3e-4d58-9e07-0000038c77d0"
	powerAppsSPID        = "2a9f7c41-6b3e-4d58-9e07-0000475226c6"
)

func userScope(id, value, name, desc string) PermissionScope {
	return PermissionScope{ID: id, Value: value, Type: "User", IsEnabled: true,
		AdminConsentDisplayName: name, AdminConsentDescription: desc, UserConsentDisplayName: name, UserConsentDescription: desc}
}

func adminScope(id, value, name, desc string) PermissionScope {
	s := userScope(id, value, name, desc)
	s.Type = "Admin"
	return s
}

func appRole(id, value, name, desc string) AppRole {
	return AppRole{ID: id, Value: value, DisplayName: name, Description: desc, AllowedMemberTypes: []string{"Application"}, IsEnabled: true}
}

func firstParty(id, appID, name string, uris []string, scopes []PermissionScope, roles []AppRole) ServicePrincipal {
	return ServicePrincipal{
		ID: id, AppID: appID, DisplayName: name, AppDisplayName: name, AppOwnerOrganizationID: microsoftTenantID,
		AccountEnabled: true, ServicePrincipalType: "Application", SignInAudience: AudienceMultipleOrgs,
		ServicePrincipalNames: append(uris, appID), Tags: []string{}, OAuth2PermissionScopes: scopes, AppRoles: roles,
	}
}

// seed fills the tenant with the first-party service principals every
// tenant the provider targets has, and remembers them as the catalog POST
// /servicePrincipals recreates them from.
func (s *Server) seed() {
	for _, sp := range []ServicePrincipal{
		firstParty(graphSPID, MicrosoftGraphAppID, "Microsoft Graph", []string{"https://graph.microsoft.com"},
			[]PermissionScope{
				userScope("37f7f235-527c-4136-accd-4a02d197296e", "openid", "Sign users in", "Allows users to sign in to the app with their work or school accounts and allows the app to see basic user profile information."),
				userScope("64a6cdd6-aab1-4aaf-94b8-3cc8405e90d0", "email", "View users' email address", "Allows the app to read your users' primary email address."),
				userScope("7427e0e9-2fba-42fe-b0c0-848c9e6a8182", "offline_access", "Maintain access to data you have given it access to", "Allows the app to see and update the data you gave it access to, even when users are not currently using the app."),
				userScope("14dad69e-099b-42c9-810b-d002981feec1", "profile", "View users' basic profile", "Allows the app to see your users' basic profile (e.g., name, picture, user name, email address)."),
				userScope("e1fe6dd8-ba31-4d61-89e7-88639da4683d", "User.Read", "Sign in and read user profile", "Allows users to sign-in to the app, and allows the app to read the profile of signed-in users."),
				adminScope("a154be20-db9c-4678-8ab7-66f6cc099a59", "User.Read.All", "Read all users' full profiles", "Allows the app to read the full set of profile properties, reports, and managers of other users in your organization, on behalf of the signed-in user."),
			},
			[]AppRole{
				appRole("df021288-bdef-4463-88db-98f22de89214", "User.Read.All", "Read all users' full profiles", "Allows the app to read user profiles without a signed in user."),
				appRole("1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9", "Application.ReadWrite.All", "Read and write all applications", "Allows the app to create, read, update and delete applications and service principals without a signed-in user."),
				appRole("8e8e4742-1d95-4f68-9d56-6ee75648c72a", "DelegatedPermissionGrant.ReadWrite.All", "Manage all delegated permission grants", "Allows the app to grant or revoke any delegated permission for any API (including Microsoft Graph), without a signed-in user."),
			}),
		firstParty(dynamicsSPID, DynamicsCRMAppID, "Dataverse", []string{"Microsoft.CRM"},
			[]PermissionScope{userScope("78ce3f0f-a1ce-49c2-8cde-64b5c0896db4", "user_impersonation", "Access Dataverse as organization users", "Allows the application to access Dataverse acting as users in the organization.")},
			nil),
		firstParty(customerInsightsSPID, CustomerInsightsAppID, "Dynamics 365 Customer Insights API", []string{"https://api.ci.ai.dynamics.com"},
			[]PermissionScope{userScope(CustomerInsightsUserImpersonationID, "user_impersonation", "Access Dynamics 365 Customer Insights API as the signed-in user", "Allows the application to access Dynamics 365 Customer Insights API on behalf of the signed-in user.")},
			nil),
		firstParty(powerAppsSPID, PowerAppsServiceAppID, "PowerApps Service", []string{"https://service.powerapps.com/"},
			[]PermissionScope{userScope("0eb56b90-a7b5-43b5-9402-8137a8083e90", "User", "Access the PowerApps Service API", "Allows the application to access the PowerApps Service API on behalf of the signed-in user.")},
			nil),
	} {
		s.AddServicePrincipal(sp)
	}
}

// AddServicePrincipal puts a service principal in the tenant (replacing one
// with the same appId) and into the catalog POST /servicePrincipals creates
// from, so a test can seed an API of its own. An empty ID gets a fresh one.
// It returns what was stored.
func (s *Server) AddServicePrincipal(sp ServicePrincipal) ServicePrincipal {
	sp = sp.clone()
	sp.AppID = strings.ToLower(sp.AppID)
	if sp.ID == "" {
		sp.ID = newGUID()
	}
	sp.ID = strings.ToLower(sp.ID)
	sp.normalize()
	s.mu.Lock()
	defer s.mu.Unlock()
	if old := s.findSP(key{name: "appId", value: sp.AppID}); old != nil {
		delete(s.sps, old.sp.ID)
	}
	s.sps[sp.ID] = &spRecord{sp: sp}
	tmpl := sp.clone()
	tmpl.ID = ""
	s.catalog[sp.AppID] = tmpl
	return sp.clone()
}

// RemoveServicePrincipal removes the service principal of appID from the
// tenant, as in a tenant that never had it
// (e.g. one without Customer Insights). POST /servicePrincipals can add it
// back. It reports whether there was one.
func (s *Server) RemoveServicePrincipal(appID string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	rec := s.findSP(key{name: "appId", value: appID})
	if rec == nil {
		return false
	}
	delete(s.sps, rec.sp.ID)
	return true
}

// ServicePrincipalByAppID returns a copy of the tenant's service principal
// of appID.
func (s *Server) ServicePrincipalByAppID(appID string) (ServicePrincipal, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if rec := s.findSP(key{name: "appId", value: appID}); rec != nil {
		return rec.sp.clone(), true
	}
	return ServicePrincipal{}, false
}

// ServicePrincipals returns copies of the tenant's service principals.
func (s *Server) ServicePrincipals() []ServicePrincipal {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]ServicePrincipal, 0, len(s.sps))
	for _, rec := range s.sps {
		out = append(out, rec.sp.clone())
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}
