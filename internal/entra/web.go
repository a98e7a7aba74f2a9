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
	if uris == nil {
		uris = []string{}
	}
	return c.modifyApplication(ctx, objectID, func(current models.Applicationable) *models.Application {
		web := models.NewWebApplication()
		if w := current.GetWeb(); w != nil {
			if slices.Equal(w.GetRedirectUris(), uris) {
				return nil
			}
			web.SetHomePageUrl(w.GetHomePageUrl())
			web.SetLogoutUrl(w.GetLogoutUrl())
			web.SetImplicitGrantSettings(w.GetImplicitGrantSettings())
		}
		web.SetRedirectUris(uris)
		patch := models.NewApplication()
		patch.SetWeb(web)
		return patch
	})
}
