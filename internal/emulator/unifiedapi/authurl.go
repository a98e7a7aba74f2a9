package unifiedapi

import (
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// authorizeURL serves the published, unauthenticated
// GET /unified/integration/auth/{workspace_id}/{integration_type}: the
// vendor authorize URL as text/plain, or a 302 to it with redirect=true.
//
// For the Microsoft integrations the URL is login.microsoftonline.com's,
// with the client_id stored in the workspace integration and the redirect
// URI <API base URL>/oauth/code. That pair is exactly what the Entra app
// registration must agree with, which is what tests of the provider check.
func (s *Server) authorizeURL(w http.ResponseWriter, r *http.Request) {
	if r.PathValue("workspace_id") != s.workspaceID {
		s.WriteError(w, http.StatusNotFound, "not_found", "Workspace not found")
		return
	}
	typ, e := r.PathValue("integration_type"), env(r)
	entry, ok := s.lookup(typ)
	if !ok {
		s.WriteError(w, http.StatusNotFound, "not_found", "Integration "+typ+" not found")
		return
	}
	q := r.URL.Query()

	s.mu.Lock()
	envOK := slices.Contains(s.envs, e)
	var wi WorkspaceIntegration
	if stored := s.first(typ, e); stored != nil {
		wi = stored.clone()
	}
	s.mu.Unlock()
	// Array parameters repeat the key; each value is one permission, so a
	// comma-joined list is refused as an unknown one.
	requested := q["scopes"]
	if len(requested) == 0 {
		requested = wi.Permissions // "requested when an authorization URL omits scopes"
	}
	for _, p := range requested {
		if !permissionShape.MatchString(p) {
			s.WriteError(w, http.StatusBadRequest, "invalid_parameter", "Unknown scope "+p)
			return
		}
	}
	switch {
	case !envOK:
		s.WriteError(w, http.StatusBadRequest, "invalid_parameter", "Unknown environment "+e)
		return
	case wi.IntegrationType != "" && !wi.IsActive:
		s.WriteError(w, http.StatusBadRequest, "integration_inactive", "Integration "+typ+" is not active in environment "+e)
		return
	case entry.microsoft && wi.Auth.ClientID == "":
		// Microsoft integrations need the customer's own app registration.
		s.WriteError(w, http.StatusBadRequest, "integration_not_configured",
			"Integration "+typ+" has no OAuth client id in environment "+e+"; enter your app's client id and secret")
		return
	}
	clientID := wi.Auth.ClientID
	if clientID == "" {
		clientID = "unifiedto-shared-" + typ // the app Unified.to offers when a workspace brings none
	}

	if q.Get("region") != "" && (wi.PromptRegion == nil || !*wi.PromptRegion) {
		s.WriteError(w, http.StatusBadRequest, "invalid_parameter", "region is only taken when the integration has prompt_region")
		return
	}
	state, _ := json.Marshal(map[string]string{
		"workspace_id": s.workspaceID, "env": e, "integration_type": typ,
		"state": q.Get("state"), "success_redirect": q.Get("success_redirect"), "failure_redirect": q.Get("failure_redirect"),
		"external_xref": q.Get("external_xref"), "region": q.Get("region"),
	})
	// subdomain is the tenant domain some vendors need: it fills the
	// {org}/{subdomain} placeholders of the vendor's URLs and scopes.
	fill := strings.NewReplacer("{org}", q.Get("subdomain"), "{subdomain}", q.Get("subdomain"))
	if q.Get("subdomain") == "" {
		fill = strings.NewReplacer()
	}
	v := url.Values{
		"client_id":     {clientID},
		"response_type": {"code"},
		"redirect_uri":  {s.publicURL + "/oauth/code"},
		"scope":         {fill.Replace(strings.Join(scopes(entry, wi.OverridenScopes, requested), " "))},
		"state":         {base64.RawURLEncoding.EncodeToString(state)},
	}
	if lang := q.Get("lang"); lang != "" {
		v.Set("ui_locales", lang)
	}
	if entry.microsoft {
		v.Set("response_mode", "query")
	}
	target := fill.Replace(entry.authorizeURL) + "?" + v.Encode()

	if redirect, _, _ := queryBool(r, "redirect"); redirect {
		http.Redirect(w, r, target, http.StatusFound) //nolint:gosec // G710: the emulated authorize URL redirects to the target, as Unified.to's does
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = io.WriteString(w, target) //nolint:gosec // G705: a text/plain answer to a test client, not a page
}

// scopes returns the vendor scopes to ask for: the integration's defaults,
// plus the workspace's overriden_scopes for each requested Unified.to
// permission, without duplicates.
func scopes(entry catalogEntry, overrides map[string]string, requested []string) []string {
	out := slices.Clone(entry.scopes)
	for _, perm := range requested {
		for _, sc := range strings.Fields(overrides[perm]) {
			if !slices.Contains(out, sc) {
				out = append(out, sc)
			}
		}
	}
	return out
}
