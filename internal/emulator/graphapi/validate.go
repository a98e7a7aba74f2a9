package graphapi

import (
	"encoding/json"
	"fmt"
	"net"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits from the portal and API validation rules (docs/design/graph-applications.md,
// Validation; Microsoft's "Validation differences by supported account
// types" and "Redirect URI restrictions").
const (
	maxDisplayName            = 120
	maxTag                    = 256
	maxRedirectURI            = 256 // characters, each
	maxRedirectURIs           = 256 // per app, work or school audiences
	maxRedirectURIsPersonal   = 100 // per app, audiences with Microsoft accounts
	maxResourceApps           = 50
	maxPermissions            = 400
	maxPermissionsPersonal    = 200
	maxPermissionsPerResource = 30 // audiences with Microsoft accounts only
	redirectURIForbidden      = "!$'(),;"
)

// validateApplication checks the whole application as it would be after a
// write. Graph answers the first rule broken with 400; the detail says
// which rule, which Graph's own message often does not.
func validateApplication(a *Application) *apiError {
	if strings.TrimSpace(a.DisplayName) == "" {
		return errInvalidValue("displayName", resApplication, "displayName is required")
	}
	if n := utf8.RuneCountInString(a.DisplayName); n > maxDisplayName {
		return errInvalidValue("displayName", resApplication, fmt.Sprintf("displayName is %d characters long; at most %d are allowed", n, maxDisplayName))
	}
	if !validAudience(a.SignInAudience) {
		return errInvalidValue("signInAudience", resApplication, fmt.Sprintf("%q is not one of %s, %s, %s, %s",
			a.SignInAudience, AudienceMyOrg, AudienceMultipleOrgs, AudienceMultipleOrgsAndPersonal, AudiencePersonal))
	}
	if err := validateTags(a.Tags); err != nil {
		return err
	}
	if err := validateRedirectURIs(a); err != nil {
		return err
	}
	return validateRequiredResourceAccess(a.RequiredResourceAccess, personalAudience(a.SignInAudience))
}

func validateTags(tags []string) *apiError {
	seen := map[string]bool{}
	for _, t := range tags {
		if n := utf8.RuneCountInString(t); n < 1 || n > maxTag {
			return errInvalidValue("tags", resApplication, fmt.Sprintf("tag %q is %d characters long; tags are 1 to %d characters", t, n, maxTag))
		}
		if strings.IndexFunc(t, unicode.IsSpace) >= 0 {
			return errInvalidValue("tags", resApplication, fmt.Sprintf("tag %q contains whitespace", t))
		}
		// Graph is not documented here: directory string collections compare
		// case-insensitively, so "Foo" and "foo" count as duplicates.
		k := strings.ToLower(t)
		if seen[k] {
			return errDuplicateValue("tags")
		}
		seen[k] = true
	}
	return nil
}

func validateRedirectURIs(a *Application) *apiError {
	const prop = "web.redirectUris"
	total := len(a.Web.RedirectURIs) + len(otherRedirectURIs(a, "spa")) + len(otherRedirectURIs(a, "publicClient"))
	limit := maxRedirectURIs
	if personalAudience(a.SignInAudience) {
		limit = maxRedirectURIsPersonal
	}
	if total > limit {
		return errInvalidValue(prop, resApplication, fmt.Sprintf("the application has %d redirect URIs; at most %d are allowed for %s", total, limit, a.SignInAudience))
	}
	seen := map[string]bool{}
	for _, u := range a.Web.RedirectURIs {
		why := redirectURIProblem(u)
		if why == "" && personalAudience(a.SignInAudience) {
			why = personalRedirectURIProblem(u, a.SignInAudience)
		}
		if why != "" {
			return errInvalidValue(prop, resApplication, why)
		}
		// Stored verbatim, so only identical strings are duplicates.
		if seen[u] {
			return errDuplicateValue(prop)
		}
		seen[u] = true
	}
	return nil
}

// redirectURIProblem says what is wrong with a Web redirect URI, or "".
func redirectURIProblem(u string) string {
	if n := utf8.RuneCountInString(u); n > maxRedirectURI {
		return fmt.Sprintf("redirect URI %q is %d characters long; at most %d are allowed", u, n, maxRedirectURI)
	}
	if strings.TrimSpace(u) != u {
		return fmt.Sprintf("redirect URI %q starts or ends with whitespace", u)
	}
	if strings.Contains(u, "#") {
		return fmt.Sprintf("redirect URI %q contains a fragment; a redirect URI must not have one", u)
	}
	if i := strings.IndexAny(u, redirectURIForbidden); i >= 0 {
		return fmt.Sprintf("redirect URI %q contains %q; none of ! $ ' ( ) , ; are allowed", u, u[i])
	}
	parsed, err := url.Parse(u)
	if err != nil || !parsed.IsAbs() || parsed.Host == "" {
		return fmt.Sprintf("redirect URI %q is not an absolute URI", u)
	}
	switch strings.ToLower(parsed.Scheme) {
	case "https":
		return ""
	case "http":
		if isLoopback(parsed.Hostname()) {
			return ""
		}
	}
	return fmt.Sprintf("redirect URI %q must use https; http is allowed only for localhost and loopback addresses", u)
}

// personalRedirectURIProblem applies the rules of audiences with personal
// Microsoft accounts: no query string and no wildcard. Work or school
// audiences accept both through the API.
func personalRedirectURIProblem(u, audience string) string {
	if strings.Contains(u, "*") {
		return fmt.Sprintf("redirect URI %q contains a wildcard, which %s applications do not support", u, audience)
	}
	if parsed, err := url.Parse(u); err == nil && (parsed.RawQuery != "" || parsed.ForceQuery) {
		return fmt.Sprintf("redirect URI %q has a query string, which %s applications do not accept", u, audience)
	}
	return ""
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// otherRedirectURIs reads the redirect URIs of a platform the emulator keeps
// verbatim (spa, publicClient): they count towards the app's limit.
func otherRedirectURIs(a *Application, platform string) []string {
	var v struct {
		RedirectURIs []string `json:"redirectUris"`
	}
	if raw, ok := a.Other[platform]; ok {
		_ = json.Unmarshal(raw, &v)
	}
	return v.RedirectURIs
}

func validateRequiredResourceAccess(rra []RequiredResourceAccess, personal bool) *apiError {
	const prop = "requiredResourceAccess"
	if len(rra) > maxResourceApps {
		return errInvalidValue(prop, resApplication, fmt.Sprintf("permissions on %d APIs are requested; at most %d APIs are allowed", len(rra), maxResourceApps))
	}
	total, limit := 0, maxPermissions
	if personal {
		limit = maxPermissionsPersonal
	}
	for _, r := range rra {
		if personal && len(r.ResourceAccess) > maxPermissionsPerResource {
			return errInvalidValue(prop, resApplication, fmt.Sprintf("%d permissions are requested on API %s; at most %d per API are allowed for Microsoft account audiences",
				len(r.ResourceAccess), r.ResourceAppID, maxPermissionsPerResource))
		}
		total += len(r.ResourceAccess)
	}
	if total > limit {
		return errInvalidValue(prop, resApplication, fmt.Sprintf("%d permissions are requested in all; at most %d are allowed", total, limit))
	}
	return nil
}
