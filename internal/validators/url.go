package validators

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// MaxBrandingURLLength is the longest link Entra ID takes for an
// application's terms of service, privacy statement and other consent-screen
// links (docs/design/graph-applications.md, "Branding and consent").
const MaxBrandingURLLength = 2048

// CheckBrandingURL returns nil when Entra ID accepts link as one of an
// application's consent-screen links (home page, marketing, privacy
// statement, terms of service, support): an absolute http or https URL of
// at most 2048 characters. The error text starts with the URL.
func CheckBrandingURL(link string) error {
	if n := utf8.RuneCountInString(link); n > MaxBrandingURLLength {
		return fmt.Errorf("%q is %d characters long; Entra ID accepts at most %d", truncate(link, 60), n, MaxBrandingURLLength)
	}
	if i := strings.IndexFunc(link, unicode.IsSpace); i >= 0 {
		return fmt.Errorf("%q contains whitespace; encode it as %%20 or remove it", link)
	}
	u, err := url.Parse(link)
	if err != nil || !u.IsAbs() || u.Host == "" || u.Opaque != "" {
		return fmt.Errorf("%q is not an absolute URL such as https://acme.example/privacy", link)
	}
	switch strings.ToLower(u.Scheme) {
	case "https", "http":
		return nil
	}
	return fmt.Errorf("%q uses the scheme %q; Entra ID accepts only https (recommended) and http links", link, u.Scheme)
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// BrandingURL validates a consent-screen link with CheckBrandingURL.
func BrandingURL() validator.String { return brandingURLValidator{} }

type brandingURLValidator struct{}

func (brandingURLValidator) Description(context.Context) string {
	return "value must be an absolute https (or http) URL of at most 2048 characters"
}

func (v brandingURLValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (brandingURLValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := CheckBrandingURL(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid URL", fmt.Sprintf("%s: %s.", AttributeName(req.Path), err))
	}
}
