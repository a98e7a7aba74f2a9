package provider

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/google/uuid"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/entra"
)

// checkOfferedIDs refuses a permission written as a GUID that the API does
// not offer as that kind, as Graph does at apply. Names are checked by
// resolving them; GUIDs are taken as ids, so they are checked here: against
// the well-known table and the ids already in state first, and the API's
// service principal (the read name resolution shares) only when needed.
// Without a service principal in the tenant nothing can be checked, and
// Graph is left to judge.
func (r *entraAPIAccessResource) checkOfferedIDs(ctx context.Context, resolver *entra.Resolver, scopes, roles []string, diags *diag.Diagnostics) {
	for _, req := range []struct {
		attr, kind string
		names      []string
	}{{"scopes", entra.AccessScope, scopes}, {"roles", entra.AccessRole, roles}} {
		for _, name := range req.names {
			id, err := uuid.Parse(name)
			if err != nil || len(name) != 36 || r.idTrusted(resolver, req.kind, id.String()) {
				continue
			}
			sp, err := resolver.ServicePrincipal(ctx)
			var missing *entra.MissingServicePrincipalError
			switch {
			case errors.As(err, &missing):
				// The API's client id may really be an object id.
				r.clients.checkClientIDAtPlan(ctx, path.Root("api"), types.StringValue(resolver.API.ClientID), diags)
				return
			case err != nil:
				addGraphError(diags, fmt.Sprintf("Looking up the permissions of %s", resolver.Label()), err)
				return
			}
			if offers(sp, req.kind, id.String()) {
				continue
			}
			detail := fmt.Sprintf("%s: %s is not the id of %s that %s offers.", req.attr, name, kindPhrase(req.kind), resolver.Label())
			if other := otherKind(req.kind); offers(sp, other, id.String()) {
				detail += fmt.Sprintf(" It is the id of %s: list it in %s instead.", kindPhrase(other), otherAttr(req.attr))
			} else {
				detail += " Write the permission's name instead (the data source unifiedto_entra_api_permissions lists what the API offers), or check the GUID."
			}
			diags.AddAttributeError(path.Root(req.attr), fmt.Sprintf("Unknown permission id %s of %s", name, resolver.Label()), detail)
		}
	}
}

// idTrusted reports whether id is known without asking the tenant: in the
// well-known table, or already in state.
func (r *entraAPIAccessResource) idTrusted(resolver *entra.Resolver, kind, id string) bool {
	maps := []map[string]string{resolver.Known.Scopes}
	if kind == entra.AccessRole {
		maps = []map[string]string{resolver.Known.Roles}
	}
	if a := resolver.API.WellKnown; a != nil {
		if kind == entra.AccessRole {
			maps = append(maps, a.Roles)
		} else {
			maps = append(maps, a.Scopes)
		}
	}
	for _, m := range maps {
		for _, v := range m {
			if strings.EqualFold(v, id) {
				return true
			}
		}
	}
	return false
}

func offers(sp *entra.ServicePrincipal, kind, id string) bool {
	list := sp.Scopes
	if kind == entra.AccessRole {
		list = sp.Roles
	}
	return slices.ContainsFunc(list, func(p entra.Permission) bool { return p.Enabled && strings.EqualFold(p.ID, id) })
}

func kindPhrase(kind string) string {
	if kind == entra.AccessRole {
		return "an application permission (role)"
	}
	return "a delegated permission (scope)"
}

func otherKind(kind string) string {
	if kind == entra.AccessRole {
		return entra.AccessScope
	}
	return entra.AccessRole
}

func otherAttr(attr string) string {
	if attr == "roles" {
		return "scopes"
	}
	return "roles"
}
