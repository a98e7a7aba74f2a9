package graphapi

import (
	"fmt"
	"strings"
)

// validateOffered refuses a requested permission that the API does not
// offer, when the tenant has the API's service principal to judge by: a
// Scope must be one of its enabled oauth2PermissionScopes, a Role one of
// its enabled app roles for applications. Graph is not documented here; the
// answer is 400 Request_BadRequest naming resourceAccess, in the shape of
// Graph's other invalid values. Without a service principal (an API of
// another tenant, or one not yet added) nothing is checked, as nothing can
// be. Callers hold s.mu.
func (s *Server) validateOffered(rra []RequiredResourceAccess) *apiError {
	for _, r := range rra {
		rec := s.findSP(key{name: "appId", value: r.ResourceAppID})
		if rec == nil {
			continue
		}
		for _, a := range r.ResourceAccess {
			if !spOffers(&rec.sp, a) {
				return errInvalidValue("resourceAccess", "RequiredResourceAccess",
					fmt.Sprintf("%s %s is not offered by %s (appId %s)", a.Type, a.ID, rec.sp.DisplayName, r.ResourceAppID))
			}
		}
	}
	return nil
}

func spOffers(sp *ServicePrincipal, a ResourceAccess) bool {
	switch a.Type {
	case "Scope":
		for _, p := range sp.OAuth2PermissionScopes {
			if p.IsEnabled && strings.EqualFold(p.ID, a.ID) {
				return true
			}
		}
	case "Role":
		for _, r := range sp.AppRoles {
			if r.IsEnabled && strings.EqualFold(r.ID, a.ID) && containsFold(r.AllowedMemberTypes, "Application") {
				return true
			}
		}
	}
	return false
}

func containsFold(list []string, v string) bool {
	for _, s := range list {
		if strings.EqualFold(s, v) {
			return true
		}
	}
	return false
}
