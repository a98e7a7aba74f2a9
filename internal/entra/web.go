package entra

import (
	"context"
	"slices"

	"github.com/microsoftgraph/msgraph-sdk-go/models"
)

// Web is the application's Web platform: where Entra sends users and
// authorization codes after sign-in.
type Web struct {
	RedirectURIs []string
	HomePageURL  string
	LogoutURL    string
}

func webFromModel(w models.WebApplicationable) Web {
	return Web{RedirectURIs: w.GetRedirectUris(), HomePageURL: deref(w.GetHomePageUrl()), LogoutURL: deref(w.GetLogoutUrl())}
}

// SetRedirectURIs makes uris the application's Web redirect URIs, in that
// order. Graph replaces web.redirectUris whole, so the other Web settings
// (home page, logout URL, implicit grant) are sent back as they were read,
// untouched; nothing is written when the list is already right.
func (c *Client) SetRedirectURIs(ctx context.Context, objectID string, uris []string) error {
	return c.setRedirectURIs(ctx, objectID, uris, false)
}

// ClaimRedirectURIs is SetRedirectURIs for a resource being created: it
// writes only when the application has no redirect URIs yet, or exactly
// these in any order, and otherwise returns a *SliceTakenError.
func (c *Client) ClaimRedirectURIs(ctx context.Context, objectID string, uris []string) error {
	return c.setRedirectURIs(ctx, objectID, uris, true)
}

func (c *Client) setRedirectURIs(ctx context.Context, objectID string, uris []string, claim bool) error {
	if uris == nil {
		uris = []string{}
	}
	return c.modifyApplication(ctx, objectID, func(current models.Applicationable) (*models.Application, error) {
		web := models.NewWebApplication()
		if w := current.GetWeb(); w != nil {
			have := w.GetRedirectUris()
			if claim && len(have) > 0 && !sameStrings(have, uris) {
				return nil, &SliceTakenError{What: "redirect URIs", Current: have}
			}
			if slices.Equal(have, uris) {
				return nil, nil
			}
			web.SetHomePageUrl(w.GetHomePageUrl())
			web.SetLogoutUrl(w.GetLogoutUrl())
			web.SetImplicitGrantSettings(w.GetImplicitGrantSettings())
		}
		web.SetRedirectUris(uris)
		patch := models.NewApplication()
		patch.SetWeb(web)
		return patch, nil
	})
}

// sameStrings compares two lists as sets.
func sameStrings(a, b []string) bool {
	a, b = slices.Sorted(slices.Values(a)), slices.Sorted(slices.Values(b))
	return slices.Equal(slices.Compact(a), slices.Compact(b))
}
