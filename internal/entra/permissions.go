package entra

import (
	"context"
	"slices"
	"strings"

	"github.com/google/uuid"
	"github.com/microsoftgraph/msgraph-sdk-go/models"
)

// RequiredResourceAccess is one API's entry in an application's
// requiredResourceAccess: the permissions it asks for on that API.
type RequiredResourceAccess struct {
	ResourceAppID string // the API's client id, e.g. 00000003-0000-0000-c000-000000000000
	Access        []ResourceAccess
}

// ResourceAccess is one permission: a delegated scope or an app role.
type ResourceAccess struct {
	ID   string // the permission's id (a GUID)
	Type string // "Scope" (delegated) or "Role" (application)
}

// Permission types as Graph spells them.
const (
	AccessScope = "Scope"
	AccessRole  = "Role"
)

func requiredResourceAccessFromModel(m models.RequiredResourceAccessable) RequiredResourceAccess {
	r := RequiredResourceAccess{ResourceAppID: deref(m.GetResourceAppId())}
	for _, a := range m.GetResourceAccess() {
		id := ""
		if a.GetId() != nil {
			id = a.GetId().String()
		}
		r.Access = append(r.Access, ResourceAccess{ID: id, Type: deref(a.GetTypeEscaped())})
	}
	return r
}

// SetRequiredResourceAccess makes access the application's permissions on
// the API resourceAppID, leaving every other API's entry as it is; empty
// access removes the API's entry. Graph replaces the collection whole, so
// this is a read-modify-write under the application's lock, and nothing is
// written when the entry is already right.
func (c *Client) SetRequiredResourceAccess(ctx context.Context, objectID, resourceAppID string, access []ResourceAccess) error {
	return c.setRequiredResourceAccess(ctx, objectID, resourceAppID, access, false)
}

// ClaimRequiredResourceAccess is SetRequiredResourceAccess for a resource
// being created: it writes only when the application has no entry for the
// API yet, or exactly this one, and otherwise returns a *SliceTakenError.
func (c *Client) ClaimRequiredResourceAccess(ctx context.Context, objectID, resourceAppID string, access []ResourceAccess) error {
	return c.setRequiredResourceAccess(ctx, objectID, resourceAppID, access, true)
}

func (c *Client) setRequiredResourceAccess(ctx context.Context, objectID, resourceAppID string, access []ResourceAccess, claim bool) error {
	return c.modifyApplication(ctx, objectID, func(current models.Applicationable) (*models.Application, error) {
		var next []models.RequiredResourceAccessable
		found, same := false, false
		for _, entry := range current.GetRequiredResourceAccess() {
			if !strings.EqualFold(deref(entry.GetResourceAppId()), resourceAppID) {
				next = append(next, entry)
				continue
			}
			found = true
			have := requiredResourceAccessFromModel(entry).Access
			same = sameAccess(have, access)
			if claim && !same {
				ids := make([]string, len(have))
				for i, a := range have {
					ids[i] = a.ID + " (" + a.Type + ")"
				}
				return nil, &SliceTakenError{What: "permissions on API " + resourceAppID, Current: ids}
			}
		}
		if (found && same) || (!found && len(access) == 0) {
			return nil, nil
		}
		if len(access) > 0 {
			next = append(next, requiredResourceAccessToModel(resourceAppID, access))
		}
		if next == nil {
			next = []models.RequiredResourceAccessable{}
		}
		patch := models.NewApplication()
		patch.SetRequiredResourceAccess(next)
		return patch, nil
	})
}

func requiredResourceAccessToModel(resourceAppID string, access []ResourceAccess) models.RequiredResourceAccessable {
	entry := models.NewRequiredResourceAccess()
	entry.SetResourceAppId(&resourceAppID)
	list := make([]models.ResourceAccessable, 0, len(access))
	for _, a := range access {
		ra := models.NewResourceAccess()
		id, err := uuid.Parse(a.ID)
		if err == nil {
			ra.SetId(&id)
		}
		t := a.Type
		ra.SetTypeEscaped(&t)
		list = append(list, ra)
	}
	entry.SetResourceAccess(list)
	return entry
}

// sameAccess compares two permission lists as sets.
func sameAccess(a, b []ResourceAccess) bool {
	key := func(r ResourceAccess) string { return strings.ToLower(r.ID) + "/" + r.Type }
	ka, kb := make([]string, len(a)), make([]string, len(b))
	for i, r := range a {
		ka[i] = key(r)
	}
	for i, r := range b {
		kb[i] = key(r)
	}
	slices.Sort(ka)
	slices.Sort(kb)
	return slices.Equal(slices.Compact(ka), slices.Compact(kb))
}
