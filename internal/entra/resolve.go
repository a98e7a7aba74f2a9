package entra

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/google/uuid"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/suggest"
)

// ServicePrincipalFinder is what resolving permission names needs from
// Graph; *Client implements it. A read-only GET, safe at plan time.
type ServicePrincipalFinder interface {
	FindServicePrincipal(ctx context.Context, clientID string) (*ServicePrincipal, error)
}

// APIRef is an API as a configuration names it: a well-known short name or
// any API's client id.
type APIRef struct {
	ClientID  string        // lower case
	WellKnown *WellKnownAPI // nil when the API is not in the table
}

// ParseAPIRef reads a well-known name or a client id, without any I/O.
func ParseAPIRef(api string) (APIRef, error) {
	if a, ok := WellKnownAPIByName(api); ok {
		return APIRef{ClientID: a.ClientID, WellKnown: &a}, nil
	}
	id, err := uuid.Parse(api)
	if err != nil || len(api) != 36 {
		return APIRef{}, fmt.Errorf("%q is neither a well-known API (%s) nor an API's client id (a GUID such as %s)",
			api, strings.Join(WellKnownAPINames(), ", "), MicrosoftGraphClientID)
	}
	ref := APIRef{ClientID: id.String()}
	if a, ok := WellKnownAPIByClientID(ref.ClientID); ok {
		ref.WellKnown = &a
	}
	return ref, nil
}

// ConfigName is how a configuration best names the API: its short name
// when well known, else its client id.
func (r APIRef) ConfigName() string {
	if r.WellKnown != nil {
		return r.WellKnown.Name
	}
	return r.ClientID
}

// Permissions are permission ids by name, per kind.
type Permissions struct {
	Scopes map[string]string // delegated
	Roles  map[string]string // application
}

// Access returns the entries SetRequiredResourceAccess takes, sorted so
// that the same permissions always make the same request.
func (p Permissions) Access() []ResourceAccess {
	var out []ResourceAccess
	for _, kind := range []struct {
		m map[string]string
		t string
	}{{p.Scopes, AccessScope}, {p.Roles, AccessRole}} {
		for _, name := range slices.Sorted(maps.Keys(kind.m)) {
			out = append(out, ResourceAccess{ID: kind.m[name], Type: kind.t})
		}
	}
	return out
}

// Resolver maps one API's permission names to ids and back: the
// well-known table and ids the caller already trusts first, and the
// tenant's service principal only when a name is left, at most once.
type Resolver struct {
	API    APIRef
	Finder ServicePrincipalFinder
	Known  Permissions // e.g. from state; consulted after the table

	sp      *ServicePrincipal
	spErr   error
	fetched bool
}

// ServicePrincipal returns the API's service principal in the tenant. A
// tenant without one gives a *MissingServicePrincipalError.
func (r *Resolver) ServicePrincipal(ctx context.Context) (*ServicePrincipal, error) {
	if r.fetched {
		return r.sp, r.spErr
	}
	r.fetched = true
	r.sp, r.spErr = r.Finder.FindServicePrincipal(ctx, r.API.ClientID)
	if IsNotFound(r.spErr) {
		r.spErr = &MissingServicePrincipalError{ClientID: r.API.ClientID, Label: r.Label()}
	}
	return r.sp, r.spErr
}

// Label names the API in messages.
func (r *Resolver) Label() string {
	switch {
	case r.API.WellKnown != nil:
		return fmt.Sprintf("%s (client id %s)", r.API.WellKnown.DisplayName, r.API.ClientID)
	case r.sp != nil && r.sp.DisplayName != "":
		return fmt.Sprintf("%s (client id %s)", r.sp.DisplayName, r.API.ClientID)
	}
	return "API " + r.API.ClientID
}

// Resolve returns the ids of the named scopes and roles; a name that is a
// GUID is taken as the id itself. Every unknown name is reported, joined,
// as an *UnknownPermissionError.
func (r *Resolver) Resolve(ctx context.Context, scopes, roles []string) (Permissions, error) {
	out := Permissions{Scopes: map[string]string{}, Roles: map[string]string{}}
	var errs []error
	for _, req := range []struct {
		names []string
		kind  string
	}{{scopes, AccessScope}, {roles, AccessRole}} {
		k := r.kind(req.kind)
		for _, name := range req.names {
			if id := cmp.Or(k.table[name], k.known[name]); id != "" {
				out.of(req.kind)[name] = id
				continue
			}
			// A GUID is taken as the permission's id: Names reports ids it
			// cannot name that way, and a configuration may copy them.
			if id, err := uuid.Parse(name); err == nil && len(name) == 36 {
				out.of(req.kind)[name] = id.String()
				continue
			}
			sp, err := r.ServicePrincipal(ctx)
			if err != nil {
				return Permissions{}, err
			}
			offered := sp.of(req.kind)
			i := slices.IndexFunc(offered, func(p Permission) bool { return p.Value == name })
			if i >= 0 && offered[i].Enabled {
				out.of(req.kind)[name] = offered[i].ID
				continue
			}
			errs = append(errs, &UnknownPermissionError{API: r.Label(), Kind: req.kind, Name: name, Disabled: i >= 0, Offered: enabledValues(offered)})
		}
		errs = append(errs, duplicates(req.kind, out.of(req.kind))...)
	}
	return out, errors.Join(errs...)
}

// duplicates reports names that resolve to one permission (a name and its
// own GUID): Graph stores the permission once, so reading it back could
// give either name, and every plan would show a change.
func duplicates(kind string, ids map[string]string) []error {
	byID := map[string][]string{}
	for name, id := range ids {
		byID[strings.ToLower(id)] = append(byID[strings.ToLower(id)], name)
	}
	var errs []error
	for id, names := range byID {
		if len(names) > 1 {
			slices.Sort(names)
			errs = append(errs, &DuplicatePermissionError{Kind: kind, Names: names, ID: id})
		}
	}
	slices.SortFunc(errs, func(a, b error) int { return strings.Compare(a.Error(), b.Error()) })
	return errs
}

// DuplicatePermissionError is one permission listed under several names.
type DuplicatePermissionError struct {
	Kind  string // AccessScope or AccessRole
	Names []string
	ID    string
}

func (e *DuplicatePermissionError) Error() string {
	return fmt.Sprintf("%s are the same permission (%s): list it once", strings.Join(e.Names, " and "), e.ID)
}

// Names maps an application's permission entries for the API back to
// names: through Known, the table, then the tenant's service principal;
// an id none of them knows keeps its GUID as its name, so it still shows.
func (r *Resolver) Names(ctx context.Context, access []ResourceAccess) (Permissions, error) {
	out := Permissions{Scopes: map[string]string{}, Roles: map[string]string{}}
	for _, a := range access {
		k := r.kind(a.Type)
		name := nameOf(a.ID, k.known, k.table)
		if name == "" {
			sp, err := r.ServicePrincipal(ctx)
			var missing *MissingServicePrincipalError
			if err != nil && !errors.As(err, &missing) {
				return Permissions{}, err
			}
			if sp != nil {
				if i := slices.IndexFunc(sp.of(a.Type), func(p Permission) bool { return strings.EqualFold(p.ID, a.ID) }); i >= 0 {
					name = sp.of(a.Type)[i].Value
				}
			}
		}
		out.of(a.Type)[cmp.Or(name, a.ID)] = a.ID
	}
	return out, nil
}

// permissionSources are where the ids of one kind of permission come from
// before the tenant is asked.
type permissionSources struct{ table, known map[string]string }

func (r *Resolver) kind(kind string) permissionSources {
	k := permissionSources{known: r.Known.of(kind)}
	if r.API.WellKnown != nil {
		k.table = Permissions{Scopes: r.API.WellKnown.Scopes, Roles: r.API.WellKnown.Roles}.of(kind)
	}
	return k
}

// of returns the map of one kind (AccessScope or AccessRole).
func (p Permissions) of(kind string) map[string]string {
	if kind == AccessRole {
		return p.Roles
	}
	return p.Scopes
}

func (sp *ServicePrincipal) of(kind string) []Permission {
	if kind == AccessRole {
		return sp.Roles
	}
	return sp.Scopes
}

// Describe returns the API's display name and the permissions it offers:
// from the table alone when every id there is published (no Graph call),
// else from the tenant's service principal.
func (r *Resolver) Describe(ctx context.Context) (string, Permissions, error) {
	if a := r.API.WellKnown; a != nil && a.Complete() {
		return a.DisplayName, Permissions{Scopes: maps.Clone(a.Scopes), Roles: orEmpty(maps.Clone(a.Roles))}, nil
	}
	sp, err := r.ServicePrincipal(ctx)
	if err != nil {
		return "", Permissions{}, err
	}
	p := Permissions{Scopes: map[string]string{}, Roles: map[string]string{}}
	for _, s := range sp.Scopes {
		if s.Enabled {
			p.Scopes[s.Value] = s.ID
		}
	}
	for _, s := range sp.Roles {
		if s.Enabled {
			p.Roles[s.Value] = s.ID
		}
	}
	name := sp.DisplayName
	if r.API.WellKnown != nil && name == "" {
		name = r.API.WellKnown.DisplayName
	}
	return name, p, nil
}

// UnknownPermissionError is a scope or role name the API does not offer.
type UnknownPermissionError struct {
	API      string // the API's label
	Kind     string // AccessScope or AccessRole
	Name     string
	Disabled bool     // the API has it, but it is disabled
	Offered  []string // the enabled names of that kind, sorted
}

func (e *UnknownPermissionError) Error() string {
	what := "delegated permission (scope)"
	if e.Kind == AccessRole {
		what = "application permission (role)"
	}
	if e.Disabled {
		return fmt.Sprintf("the %s %q of %s is disabled, so applications cannot request it", what, e.Name, e.API)
	}
	msg := fmt.Sprintf("%s offers no %s named %q", e.API, what, e.Name)
	if len(e.Offered) == 0 {
		return msg + "; it offers none of that kind"
	}
	return msg + "; " + offeredSummary(e.Name, e.Offered)
}

// maxListed bounds the names an error lists: Microsoft Graph alone offers
// hundreds, and a wall of names hides the ones that matter.
const maxListed = 25

// offeredSummary lists every offered name when there are few, else those
// that look like the requested one, and says how many it left out.
func offeredSummary(name string, offered []string) string {
	if len(offered) <= maxListed {
		return "it offers: " + strings.Join(offered, ", ")
	}
	var similar []string
	for _, o := range offered {
		if len(similar) < maxListed && looksLike(name, o) {
			similar = append(similar, o)
		}
	}
	if len(similar) == 0 {
		return fmt.Sprintf("it offers %d, none of them close to that name (names are case-sensitive)", len(offered))
	}
	return fmt.Sprintf("names close to it: %s (of %d it offers; names are case-sensitive)", strings.Join(similar, ", "), len(offered))
}

// looksLike is a cheap similarity: same name in another case, the same
// resource before the first dot ("Mail" of Mail.Read), or a few typos.
func looksLike(want, have string) bool {
	w, h := strings.ToLower(want), strings.ToLower(have)
	if w == h || strings.Contains(h, w) {
		return true
	}
	wHead, _, wDot := strings.Cut(w, ".")
	hHead, _, _ := strings.Cut(h, ".")
	if wDot && wHead == hHead {
		return true
	}
	return suggest.Distance(w, h) <= suggest.Tolerance(w)
}

// MissingServicePrincipalError means the tenant has no service principal
// for the API, so its permissions cannot be looked up (or consented to).
// First-party APIs such as Dynamics CRM and Customer Insights are often
// missing until someone adds them.
type MissingServicePrincipalError struct {
	ClientID string
	Label    string
}

func (e *MissingServicePrincipalError) Error() string {
	return fmt.Sprintf("the tenant has no service principal for %s, so its permission names cannot be looked up. "+
		"An administrator adds it once per tenant with `az ad sp create --id %s`, "+
		"or with Microsoft Graph: POST /v1.0/servicePrincipals {\"appId\":\"%s\"} (needs Application.ReadWrite.All)",
		e.Label, e.ClientID, e.ClientID)
}

// Unwrap makes errors.Is(err, ErrNotFound) true.
func (e *MissingServicePrincipalError) Unwrap() error { return ErrNotFound }

func nameOf(id string, maps ...map[string]string) string {
	for _, m := range maps {
		for name, v := range m {
			if v != "" && strings.EqualFold(v, id) {
				return name
			}
		}
	}
	return ""
}

func enabledValues(ps []Permission) []string {
	var out []string
	for _, p := range ps {
		if p.Enabled && p.Value != "" {
			out = append(out, p.Value)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func orEmpty(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}
