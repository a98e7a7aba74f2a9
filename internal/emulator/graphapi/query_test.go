package graphapi

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
)

// names runs a GET with the given query and returns the displayNames found.
func (h *harness) names(query string, headers ...string) []string {
	h.t.Helper()
	body := h.do("GET", "/v1.0/applications?"+query, nil, headers...).must(h.t, http.StatusOK).json(h.t)
	var out []string
	for _, v := range body["value"].([]any) {
		out = append(out, v.(map[string]any)["displayName"].(string))
	}
	return out
}

func filterQ(f string) string { return "$filter=" + url.QueryEscape(f) }

// The filter the provider sends (eq, joined by and) matches ignoring case;
// $top cuts the page.
func TestFilterEqAndTop(t *testing.T) {
	h := start(t)
	for _, n := range []string{"Alpha CRM", "Beta CRM", "Gamma sync"} {
		h.newApp(map[string]any{"displayName": n})
	}
	for _, tc := range []struct {
		query string
		want  int
	}{
		{filterQ("displayName eq 'alpha crm'"), 1}, // directory strings ignore case
		{filterQ("displayName eq 'Alpha CRM' and description eq null"), 1},
		{filterQ("displayName eq 'Alpha CRM' and displayName eq 'Beta CRM'"), 0},
		{"$top=2", 2},
	} {
		if got := h.names(tc.query); len(got) != tc.want {
			t.Errorf("%s: %v, want %d", tc.query, got, tc.want)
		}
	}
}

// Bad query options answer as Graph does.
func TestQueryErrors(t *testing.T) {
	h := start(t)
	for _, tc := range []struct{ query, code, msg string }{
		{filterQ("tags eq 'x'"), "Request_UnsupportedQuery", "Unsupported or invalid query filter clause specified for property 'tags' of resource 'Application'."},
		{filterQ("displayName eq"), "BadRequest", "Invalid filter clause: expected a literal after the operator"},
		{filterQ("displayName eq 'unterminated"), "BadRequest", "Invalid filter clause: unterminated string literal"},
		// Forms Graph accepts but nothing here sends are refused, not guessed at.
		{filterQ("startswith(displayName,'Beta')"), "BadRequest", "Invalid filter clause: the emulator does not implement 'startswith(…)'; it implements only 'property eq value' joined by 'and'"},
		{filterQ("displayName eq 'a' or displayName eq 'b'"), "BadRequest", "Invalid filter clause: unexpected 'or': the emulator implements only 'property eq value' joined by 'and'"},
		{filterQ("displayName ne 'a'"), "BadRequest", "Invalid filter clause: unexpected 'ne' after displayName: the emulator implements only 'eq'"},
		{"$count=true", "Request_BadRequest", "The emulator does not implement the query option $count."},
		{"$select=displayName,nope", "Request_BadRequest", "Parsing OData Select and Expand failed: Could not find a property named 'nope' on type 'microsoft.graph.application'."},
		{"$top=1000", "Request_BadRequest", "Invalid page size specified: '1000'. Must be between 1 and 999 inclusive."},
	} {
		a := h.do("GET", "/v1.0/applications?"+tc.query, nil).must(t, http.StatusBadRequest)
		if code, msg := a.errorCode(t); code != tc.code || msg != tc.msg {
			t.Errorf("%s: %s %q, want %s %q", tc.query, code, msg, tc.code, tc.msg)
		}
	}
}

// $select on one application, by object id or by an alternate key, answers
// exactly the selected properties (and the @odata.context that names them);
// the provider's reads rely on it to fetch only what they use.
func TestSelectOnOneApplication(t *testing.T) {
	h := start(t)
	app := h.newApp(map[string]any{"displayName": "Selected", "description": "left out", "web": map[string]any{"redirectUris": []string{"https://api.unified.to/oauth/code"}}})
	id, appID := app["id"].(string), app["appId"].(string)
	for _, path := range []string{"/v1.0/applications/" + id, "/v1.0/applications(appId='" + appID + "')"} {
		got := h.do("GET", path+"?$select=id,displayName,web", nil).must(t, http.StatusOK).json(t)
		var keys []string
		for k := range got {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		if !slices.Equal(keys, []string{"@odata.context", "displayName", "id", "web"}) {
			t.Errorf("%s with $select: properties %v", path, keys)
		}
		if ctx, _ := got["@odata.context"].(string); !strings.HasSuffix(ctx, "$metadata#applications(id,displayName,web)/$entity") {
			t.Errorf("%s: @odata.context %q", path, ctx)
		}
		if got["displayName"] != "Selected" || got["web"].(map[string]any)["redirectUris"].([]any)[0] != "https://api.unified.to/oauth/code" {
			t.Errorf("%s: selected values %v", path, got)
		}
	}
	full := h.do("GET", "/v1.0/applications/"+id, nil).must(t, http.StatusOK).json(t)
	if full["description"] != "left out" || full["publisherDomain"] == nil {
		t.Errorf("without $select the default properties are missing: %v", full)
	}
}
