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
	if stored, ok := s.integrations[storeKey{typ, e}]; ok {
		wi = stored.clone()
	}
	s.mu.Unlock()
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

	state, _ := json.Marshal(map[string]string{
		"workspace_id": s.workspaceID, "env": e, "integration_type": typ,
		"state": q.Get("state"), "success_redirect": q.Get("success_redirect"), "failure_redirect": q.Get("failure_redirect"),
	})
	v := url.Values{
		"client_id":     {clientID},
		"response_type": {"code"},
		"redirect_uri":  {s.publicURL + "/oauth/code"},
		"scope":         {strings.Join(scopes(entry, wi.OverridenScopes, q.Get("scopes")), " ")},
		"state":         {base64.RawURLEncoding.EncodeToString(state)},
	}
	if entry.microsoft {
		v.Set("response_mode", "query")
	}
	target := entry.authorizeURL + "?" + v.Encode()

	if redirect, _, _ := queryBool(r, "redirect"); redirect {
		http.Redirect(w, r, target, http.StatusFound)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = io.WriteString(w, target)
}

// scopes returns the vendor scopes to ask for: the integration's defaults,
// plus the workspace's overriden_scopes for each requested Unified.to
// permission (comma-separated), without duplicates.
func scopes(entry catalogEntry, overrides map[string]string, requested string) []string {
	out := slices.Clone(entry.scopes)
	for _, perm := range strings.Split(requested, ",") {
		for _, sc := range strings.Fields(overrides[strings.TrimSpace(perm)]) {
			if !slices.Contains(out, sc) {
				out = append(out, sc)
			}
		}
	}
	return out
}
