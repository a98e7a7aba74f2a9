package graphapi

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

func uris(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("https://app.example/cb/%d", i)
	}
	return out
}

// rra builds requiredResourceAccess with apis entries of perAPI permissions.
func rra(apis, perAPI int) []any {
	out := make([]any, apis)
	for i := range out {
		access := make([]any, perAPI)
		for j := range access {
			access[j] = map[string]any{"id": fmt.Sprintf("00000000-0000-0000-0000-%012d", i*1000+j), "type": "Scope"}
		}
		out[i] = map[string]any{"resourceAppId": fmt.Sprintf("10000000-0000-0000-0000-%012d", i), "resourceAccess": access}
	}
	return out
}

// Every rule of docs/design/graph-applications.md's Validation table, at and beyond its limit:
// POST answers 400 with Graph's code and message, and stores nothing.
func TestValidationRules(t *testing.T) {
	h := start(t)
	const invalid = "Request_BadRequest"
	invalidMsg := func(prop string) string {
		return "Invalid value specified for property '" + prop + "' of resource 'Application'."
	}
	for _, tc := range []struct {
		name string
		body map[string]any
		code string // "" means valid: 201
		msg  string
	}{
		{"displayName missing", map[string]any{}, invalid, invalidMsg("displayName")},
		{"displayName blank", map[string]any{"displayName": "  "}, invalid, invalidMsg("displayName")},
		{"displayName null", map[string]any{"displayName": nil}, invalid, invalidMsg("displayName")},
		{"displayName 120", map[string]any{"displayName": strings.Repeat("é", 120)}, "", ""},
		{"displayName 121", map[string]any{"displayName": strings.Repeat("é", 121)}, invalid, invalidMsg("displayName")},
		{"displayName not a string", map[string]any{"displayName": 5}, invalid, invalidMsg("displayName")},
		{"audience multitenant", map[string]any{"displayName": "a", "signInAudience": "AzureADMultipleOrgs"}, "", ""},
		{"audience personal", map[string]any{"displayName": "a", "signInAudience": "PersonalMicrosoftAccount"}, "", ""},
		{"audience unknown", map[string]any{"displayName": "a", "signInAudience": "AzureADMultipleOrg"}, invalid, invalidMsg("signInAudience")},
		{"tag 256", map[string]any{"displayName": "a", "tags": []string{strings.Repeat("t", 256)}}, "", ""},
		{"tag 257", map[string]any{"displayName": "a", "tags": []string{strings.Repeat("t", 257)}}, invalid, invalidMsg("tags")},
		{"tag empty", map[string]any{"displayName": "a", "tags": []string{""}}, invalid, invalidMsg("tags")},
		{"tag with space", map[string]any{"displayName": "a", "tags": []string{"two words"}}, invalid, invalidMsg("tags")},
		{"tag with tab", map[string]any{"displayName": "a", "tags": []string{"a\tb"}}, invalid, invalidMsg("tags")},
		{"tag duplicate", map[string]any{"displayName": "a", "tags": []string{"x", "X"}}, "DuplicateValue", "Request contains a property with duplicate values."},
		{"tags null", map[string]any{"displayName": "a", "tags": nil}, invalid, invalidMsg("tags")},
		{"redirect https", web("https://api-eu.unified.to/oauth/code"), "", ""},
		{"redirect http localhost", web("http://localhost:8080/callback"), "", ""},
		{"redirect http loopback v4", web("http://127.0.0.1:5000/cb"), "", ""},
		{"redirect http loopback v6", web("http://[::1]/cb"), "", ""},
		{"redirect http remote", web("http://example.com/cb"), invalid, invalidMsg("web.redirectUris")},
		{"redirect custom scheme", web("myapp://cb"), invalid, invalidMsg("web.redirectUris")},
		{"redirect relative", web("/cb"), invalid, invalidMsg("web.redirectUris")},
		{"redirect 256 chars", web("https://a.example/" + strings.Repeat("p", 256-18)), "", ""},
		{"redirect 257 chars", web("https://a.example/" + strings.Repeat("p", 257-18)), invalid, invalidMsg("web.redirectUris")},
		{"redirect 256 uris", map[string]any{"displayName": "a", "web": map[string]any{"redirectUris": uris(256)}}, "", ""},
		{"redirect 257 uris", map[string]any{"displayName": "a", "web": map[string]any{"redirectUris": uris(257)}}, invalid, invalidMsg("web.redirectUris")},
		{"redirect 257 across platforms", map[string]any{"displayName": "a", "web": map[string]any{"redirectUris": uris(200)},
			"spa": map[string]any{"redirectUris": uris(57)}}, invalid, invalidMsg("web.redirectUris")},
		{"redirect 101 uris personal", map[string]any{"displayName": "a", "signInAudience": "PersonalMicrosoftAccount",
			"web": map[string]any{"redirectUris": uris(101)}}, invalid, invalidMsg("web.redirectUris")},
		{"redirect fragment", web("https://a.example/cb#x"), invalid, invalidMsg("web.redirectUris")},
		{"redirect leading space", web(" https://a.example/cb"), invalid, invalidMsg("web.redirectUris")},
		{"redirect trailing space", web("https://a.example/cb "), invalid, invalidMsg("web.redirectUris")},
		{"redirect query work or school", web("https://a.example/cb?x=1"), "", ""},
		{"redirect query personal", personal("https://a.example/cb?x=1"), invalid, invalidMsg("web.redirectUris")},
		{"redirect wildcard work or school", web("https://*.a.example/cb"), "", ""},
		{"redirect wildcard personal", personal("https://*.a.example/cb"), invalid, invalidMsg("web.redirectUris")},
		{"redirect localhost personal", personal("http://localhost/cb"), "", ""},
		{"redirect 100 uris personal", map[string]any{"displayName": "a", "signInAudience": "PersonalMicrosoftAccount",
			"web": map[string]any{"redirectUris": uris(100)}}, "", ""},
		{"displayName ideographic space", map[string]any{"displayName": "\u3000"}, invalid, invalidMsg("displayName")},
		{"displayName 120 Japanese", map[string]any{"displayName": strings.Repeat("日", 120)}, "", ""},
		{"tag with no-break space", map[string]any{"displayName": "a", "tags": []string{"a\u00a0b"}}, invalid, invalidMsg("tags")},
		{"rra offered scope", graphAccess("37f7f235-527c-4136-accd-4a02d197296e", "Scope"), "", ""},
		{"rra scope not offered", graphAccess("11111111-2222-3333-4444-555555555555", "Scope"), invalid, "Invalid value specified for property 'resourceAccess' of resource 'RequiredResourceAccess'."},
		{"rra scope id as a role", graphAccess("37f7f235-527c-4136-accd-4a02d197296e", "Role"), invalid, "Invalid value specified for property 'resourceAccess' of resource 'RequiredResourceAccess'."},
		{"redirect duplicate", web("https://a.example/cb", "https://a.example/cb"), "DuplicateValue", "Request contains a property with duplicate values."},
		{"rra 50 apis, 400 permissions", map[string]any{"displayName": "a", "requiredResourceAccess": rra(50, 8)}, "", ""},
		{"rra 51 apis", map[string]any{"displayName": "a", "requiredResourceAccess": rra(51, 1)}, invalid, invalidMsg("requiredResourceAccess")},
		{"rra 401 permissions", map[string]any{"displayName": "a", "requiredResourceAccess": append(rra(49, 8), rra(1, 9)...)}, invalid, invalidMsg("requiredResourceAccess")},
		{"rra 31 per api personal", map[string]any{"displayName": "a", "signInAudience": "AzureADandPersonalMicrosoftAccount",
			"requiredResourceAccess": rra(1, 31)}, invalid, invalidMsg("requiredResourceAccess")},
		{"rra bad type", map[string]any{"displayName": "a", "requiredResourceAccess": []any{map[string]any{"resourceAppId": MicrosoftGraphAppID,
			"resourceAccess": []any{map[string]any{"id": newGUID(), "type": "Delegated"}}}}}, invalid, "Invalid value specified for property 'type' of resource 'ResourceAccess'."},
		{"rra bad id", map[string]any{"displayName": "a", "requiredResourceAccess": []any{map[string]any{"resourceAppId": MicrosoftGraphAppID,
			"resourceAccess": []any{map[string]any{"id": "openid", "type": "Scope"}}}}}, invalid, "Invalid value specified for property 'id' of resource 'ResourceAccess'."},
		{"secret on create", map[string]any{"displayName": "a", "passwordCredentials": []any{map[string]any{"displayName": "s"}}}, invalid, "New password credentials must be generated using service actions."},
		{"read-only on create", map[string]any{"displayName": "a", "publisherDomain": "contoso.com"}, invalid, "Property 'publisherDomain' is read-only and cannot be set."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := len(h.srv.Applications())
			a := h.do("POST", "/v1.0/applications", tc.body)
			if tc.code == "" {
				a.must(t, http.StatusCreated)
				return
			}
			a.must(t, http.StatusBadRequest)
			if code, msg := a.errorCode(t); code != tc.code || msg != tc.msg {
				t.Errorf("got %s %q\nwant %s %q", code, msg, tc.code, tc.msg)
			}
			if after := len(h.srv.Applications()); after != before {
				t.Errorf("a refused POST stored an application")
			}
		})
	}
}

func personal(uris ...string) map[string]any {
	return map[string]any{"displayName": "a", "signInAudience": "AzureADandPersonalMicrosoftAccount", "web": map[string]any{"redirectUris": uris}}
}

// graphAccess requests one permission of Microsoft Graph, whose service
// principal every emulated tenant has.
func graphAccess(id, kind string) map[string]any {
	return map[string]any{"displayName": "a", "requiredResourceAccess": []any{map[string]any{"resourceAppId": MicrosoftGraphAppID,
		"resourceAccess": []any{map[string]any{"id": id, "type": kind}}}}}
}

func web(uris ...string) map[string]any {
	return map[string]any{"displayName": "a", "web": map[string]any{"redirectUris": uris}}
}

// Each forbidden character of a redirect URI is refused, by POST and PATCH,
// and the refusal says which rule.
func TestRedirectURIForbiddenCharacters(t *testing.T) {
	h := start(t)
	id := h.newApp(nil)["id"].(string)
	for _, ch := range redirectURIForbidden {
		uri := "https://app.example/cb" + string(ch) + "x"
		a := h.do("PATCH", "/v1.0/applications/"+id, map[string]any{"web": map[string]any{"redirectUris": []string{uri}}}).must(t, http.StatusBadRequest)
		details, _ := a.json(t)["error"].(map[string]any)["details"].([]any)
		if len(details) != 1 || !strings.Contains(details[0].(map[string]any)["message"].(string), "none of ! $ ' ( ) , ; are allowed") {
			t.Errorf("%q: details %v", uri, details)
		}
	}
	// A redirect URI is stored verbatim: no trailing slash added.
	h.do("PATCH", "/v1.0/applications/"+id, map[string]any{"web": map[string]any{"redirectUris": []string{"https://api-eu.unified.to/oauth/code"}}}).must(t, http.StatusNoContent)
	if app, _ := h.srv.Application(id); app.Web.RedirectURIs[0] != "https://api-eu.unified.to/oauth/code" {
		t.Errorf("stored %q", app.Web.RedirectURIs[0])
	}
	// PATCH validates the resulting object: clearing the name is refused.
	h.do("PATCH", "/v1.0/applications/"+id, map[string]any{"displayName": nil}).must(t, http.StatusBadRequest)
}
