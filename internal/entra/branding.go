package entra

import (
	"context"

	absser "github.com/microsoft/kiota-abstractions-go/serialization"
	"github.com/microsoftgraph/msgraph-sdk-go/models"
)

// Info is the application's consent-screen links (Graph's info, an
// informationalUrl).
type Info struct {
	MarketingURL        string
	PrivacyStatementURL string
	TermsOfServiceURL   string
	SupportURL          string
	LogoURL             string // read-only: where Graph serves the uploaded logo
}

func infoFromModel(i models.InformationalUrlable) Info {
	if i == nil {
		return Info{}
	}
	return Info{MarketingURL: deref(i.GetMarketingUrl()), PrivacyStatementURL: deref(i.GetPrivacyStatementUrl()),
		TermsOfServiceURL: deref(i.GetTermsOfServiceUrl()), SupportURL: deref(i.GetSupportUrl()), LogoURL: deref(i.GetLogoUrl())}
}

// Branding is the part of the consent screen the application resource
// owns: the home page (web.homePageUrl) and the four links of info. ""
// means none.
type Branding struct {
	HomePageURL         string
	MarketingURL        string
	PrivacyStatementURL string
	TermsOfServiceURL   string
	SupportURL          string
}

// SetBranding makes the application's home page and links b, writing only
// what differs. The home page lives in web, beside the redirect URIs that
// unifiedto_entra_redirect_uris owns, so this is a read-modify-write under
// the application's lock like SetRedirectURIs: each owner sends the other's
// part of web back as read, and neither can undo the other's write. It is
// the application resource's own write, made in its Create before any
// slice owner runs, so it does not wait for them (coalesce.go).
func (c *Client) SetBranding(ctx context.Context, objectID string, b Branding) error {
	return c.modifyApplication(creatorWrite(ctx), objectID, func(current models.Applicationable) (*models.Application, error) {
		patch := models.NewApplication()
		changed := false
		want := Info{MarketingURL: b.MarketingURL, PrivacyStatementURL: b.PrivacyStatementURL, TermsOfServiceURL: b.TermsOfServiceURL, SupportURL: b.SupportURL}
		have := infoFromModel(current.GetInfo())
		have.LogoURL = ""
		if have != want {
			patch.SetInfo(infoModel(want))
			changed = true
		}
		w := current.GetWeb()
		var home string
		if w != nil {
			home = deref(w.GetHomePageUrl())
		}
		if home != b.HomePageURL {
			web := models.NewWebApplication()
			if w != nil {
				web.SetRedirectUris(w.GetRedirectUris())
				web.SetLogoutUrl(w.GetLogoutUrl())
				web.SetImplicitGrantSettings(w.GetImplicitGrantSettings())
			}
			setOrNull(web, "homePageUrl", b.HomePageURL, web.SetHomePageUrl)
			patch.SetWeb(web)
			changed = true
		}
		if !changed {
			return nil, nil
		}
		return patch, nil
	})
}

// infoModel is a PATCH body for info; logoUrl is left out, being read-only
// (Graph ignores it anyway).
func infoModel(i Info) *models.InformationalUrl {
	m := models.NewInformationalUrl()
	setOrNull(m, "marketingUrl", i.MarketingURL, m.SetMarketingUrl)
	setOrNull(m, "privacyStatementUrl", i.PrivacyStatementURL, m.SetPrivacyStatementUrl)
	setOrNull(m, "termsOfServiceUrl", i.TermsOfServiceURL, m.SetTermsOfServiceUrl)
	setOrNull(m, "supportUrl", i.SupportURL, m.SetSupportUrl)
	return m
}

// setOrNull sets a string property, or sends an explicit null for "":
// kiota leaves nil properties out, which would keep the old value.
func setOrNull(m interface {
	GetAdditionalData() map[string]any
	SetAdditionalData(map[string]any)
}, name, value string, set func(*string)) {
	if value != "" {
		set(&value)
		return
	}
	data := m.GetAdditionalData()
	if data == nil {
		data = map[string]any{}
	}
	data[name] = absser.NewUntypedNull()
	m.SetAdditionalData(data)
}
