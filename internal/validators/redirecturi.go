// Package validators holds the provider's plan-time checks that the
// framework's own validators cannot express: what Microsoft Entra ID accepts
// as a redirect URI, a consent-screen link or a logo, and GUIDs. The checks are plain functions first, so
// that resources can reuse them across attributes, and framework validators
// second.
package validators

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// Limits of a Web redirect URI list (docs/design/graph-validation.md,
// "Redirect URIs").
const (
	MaxRedirectURIs         = 256 // work or school audiences
	MaxRedirectURIsPersonal = 100 // audiences that allow personal Microsoft accounts
	MaxRedirectURILength    = 256
)

// PersonalAudience reports whether a sign-in audience allows personal
// Microsoft accounts, whose apps Entra ID holds to stricter redirect URI
// rules (no query string, at most 100 URIs).
func PersonalAudience(audience string) bool {
	return audience == "AzureADandPersonalMicrosoftAccount" || audience == "PersonalMicrosoftAccount"
}

// MaxRedirectURIsFor is the number of redirect URIs an application of the
// audience may have.
func MaxRedirectURIsFor(audience string) int {
	if PersonalAudience(audience) {
		return MaxRedirectURIsPersonal
	}
	return MaxRedirectURIs
}

// CheckRedirectURIForAudience adds to CheckRedirectURI the rules that
// depend on the application's sign-in audience.
func CheckRedirectURIForAudience(uri, audience string) error {
	if err := CheckRedirectURI(uri); err != nil {
		return err
	}
	if u, err := url.Parse(uri); err == nil && (u.RawQuery != "" || u.ForceQuery) && PersonalAudience(audience) {
		return fmt.Errorf("%q has a query string; Entra ID accepts one only on applications for work or school accounts (AzureADMyOrg, AzureADMultipleOrgs), "+
			"and this application's sign_in_audience is %s. Remove the query, or use a work or school audience", uri, audience)
	}
	return nil
}

// forbiddenRedirectURIChars are the characters Entra ID rejects anywhere in
// a redirect URI.
const forbiddenRedirectURIChars = "!$'(),;"

// CheckRedirectURI returns nil when Entra ID accepts uri as a Web redirect
// URI, else an error that says what is wrong and what is allowed; its text
// starts with the URI so that it reads well after an attribute name.
func CheckRedirectURI(uri string) error {
	if strings.TrimSpace(uri) != uri {
		return fmt.Errorf("%q starts or ends with whitespace; Entra ID stores a redirect URI verbatim and the browser's would never match it. Remove the spaces", uri)
	}
	if strings.Contains(uri, "*") {
		return fmt.Errorf("%q contains a wildcard (*); Entra ID refuses wildcards for audiences with personal accounts and discourages them elsewhere, "+
			"and Unified.to sends the exact URI. List each URI in full", uri)
	}
	if strings.Contains(uri, "#") {
		return fmt.Errorf("%q contains a fragment (#); a redirect URI must not have one (RFC 6749 section 3.1.2). Remove everything from the #", uri)
	}
	if n := utf8.RuneCountInString(uri); n > MaxRedirectURILength {
		return fmt.Errorf("%q is %d characters long; Entra ID accepts at most %d", uri, n, MaxRedirectURILength)
	}
	if i := strings.IndexAny(uri, forbiddenRedirectURIChars); i >= 0 {
		return fmt.Errorf("%q contains %q; Entra ID does not accept any of %s in a redirect URI", uri, uri[i], spaced(forbiddenRedirectURIChars))
	}
	u, err := url.Parse(uri)
	if err != nil || !u.IsAbs() || u.Host == "" || u.Opaque != "" {
		return fmt.Errorf("%q is not an absolute URL such as https://example.com/oauth/code", uri)
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
		return nil
	case "http":
		if IsLoopbackHost(u.Hostname()) {
			return nil
		}
		return fmt.Errorf("%q uses http; Entra ID accepts http only for http://localhost and loopback addresses (127.0.0.0/8, [::1]), and https everywhere else", uri)
	default:
		return fmt.Errorf("%q uses the scheme %q; a Web redirect URI must use https (or http for http://localhost and loopback addresses)", uri, u.Scheme)
	}
}

// IsLoopbackHost reports whether host (without port or brackets) is
// localhost or a loopback address.
func IsLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// NormalizeRedirectURI returns the form two redirect URIs share when they
// differ only in ways that do not change where the browser goes: the case
// of scheme and host, an explicit default port, a trailing slash. Paths,
// queries and everything else keep their case. A URI that does not parse is
// returned as it is.
func NormalizeRedirectURI(uri string) string {
	u, err := url.Parse(uri)
	if err != nil || u.Host == "" {
		return uri
	}
	u.Scheme = strings.ToLower(u.Scheme)
	host, port := strings.ToLower(u.Hostname()), u.Port()
	if (u.Scheme == "https" && port == "443") || (u.Scheme == "http" && port == "80") {
		port = ""
	}
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	if port != "" {
		host += ":" + port
	}
	u.Host = host
	u.Path = strings.TrimSuffix(u.Path, "/")
	u.RawPath = strings.TrimSuffix(u.RawPath, "/")
	return u.String()
}

// RedirectURI validates a string (or, inside setvalidator.ValueStringsAre,
// each element of a set) as an Entra ID Web redirect URI.
func RedirectURI() validator.String { return redirectURIValidator{} }

type redirectURIValidator struct{}

func (redirectURIValidator) Description(context.Context) string {
	return "value must be an https URL (http only for localhost and loopback addresses), at most 256 characters, without ! $ ' ( ) , ; * or a fragment, and without surrounding spaces"
}

func (v redirectURIValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (redirectURIValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := CheckRedirectURI(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid redirect URI", fmt.Sprintf("%s: %s.", AttributeName(req.Path), err))
	}
}

// guidPattern is the textual form Graph uses for object and client ids.
var guidPattern = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// IsGUID reports whether s is a GUID in its usual 8-4-4-4-12 hex form.
func IsGUID(s string) bool { return guidPattern.MatchString(s) }

// GUID validates an object or client id. The message reminds which GUID
// the portal shows where, because the two are easily swapped.
func GUID(what string) validator.String {
	return stringvalidator.RegexMatches(guidPattern, "must be a GUID such as 1f0c5a2e-7b1d-4c3a-9e8f-0a1b2c3d4e5f: the "+what)
}

// AttributeName names the attribute a path points into, without element
// keys: "redirect_uris" for redirect_uris[Value("…")].
func AttributeName(p path.Path) string {
	var names []string
	for _, s := range p.Steps() {
		if a, ok := s.(path.PathStepAttributeName); ok {
			names = append(names, string(a))
		}
	}
	return strings.Join(names, ".")
}

func spaced(chars string) string {
	parts := make([]string, 0, len(chars))
	for _, c := range chars {
		parts = append(parts, string(c))
	}
	return strings.Join(parts, " ")
}
