package graphapi

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/microsoftgraph/msgraph-sdk-go/models"
)

// GrantID follows Graph's rule: base64url of the GUIDs' .NET byte order.
func TestGrantID(t *testing.T) {
	// 00112233-4455-6677-8899-aabbccddeeff is 33 22 11 00 55 44 77 66 88 99
	// aa bb cc dd ee ff in .NET order; twice gives this base64url string.
	g := "00112233-4455-6677-8899-aabbccddeeff"
	if got, want := GrantID(g, g, ""), "MyIRAFVEd2aImaq7zN3u_zMiEQBVRHdmiJmqu8zd7v8"; got != want {
		t.Errorf("GrantID = %s, want %s", got, want)
	}
	if got := GrantID(g, g, g); len(got) != 64 {
		t.Errorf("a Principal grant id has three GUIDs: %q", got)
	}
}

// Admin consent as the provider gives it: one AllPrincipals grant per
// client and resource, a second POST conflicts, PATCH changes the scope.
func TestAdminConsentGrants(t *testing.T) {
	h := start(t)
	app := h.newApp(nil)
	client := h.do("POST", "/v1.0/servicePrincipals", map[string]any{"appId": app["appId"]}).must(t, http.StatusCreated).json(t)["id"].(string)
	resource, _ := h.srv.ServicePrincipalByAppID(MicrosoftGraphAppID)

	body := models.NewOAuth2PermissionGrant()
	body.SetClientId(&client)
	body.SetConsentType(ptr("AllPrincipals"))
	body.SetResourceId(&resource.ID)
	body.SetScope(ptr("openid email offline_access"))
	created, err := h.graph.Oauth2PermissionGrants().Post(ctx(), body, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := *created.GetId(); got != GrantID(client, resource.ID, "") {
		t.Errorf("grant id %s", got)
	}
	_, err = h.graph.Oauth2PermissionGrants().Post(ctx(), body, nil)
	if oe := odataError(t, err); oe.ResponseStatusCode != 409 || oe.Error() != "Permission entry already exists." {
		t.Errorf("second POST: %d %q", oe.ResponseStatusCode, oe.Error())
	}
	patch := models.NewOAuth2PermissionGrant()
	patch.SetScope(ptr("openid email offline_access profile"))
	if _, err := h.graph.Oauth2PermissionGrants().ByOAuth2PermissionGrantId(*created.GetId()).Patch(ctx(), patch, nil); err != nil {
		t.Fatal(err)
	}
	list := h.do("GET", "/v1.0/oauth2PermissionGrants?$filter="+url.QueryEscape("clientId eq '"+client+"' and consentType eq 'AllPrincipals'"), nil).must(t, http.StatusOK).json(t)
	items := list["value"].([]any)
	if len(items) != 1 || items[0].(map[string]any)["scope"] != "openid email offline_access profile" {
		t.Errorf("grants %v", items)
	}
	h.do("PATCH", "/v1.0/oauth2PermissionGrants/"+*created.GetId(), map[string]any{"resourceId": newGUID()}).must(t, http.StatusBadRequest)

	// One user's consent needs a principal; a missing service principal is 404.
	h.do("POST", "/v1.0/oauth2PermissionGrants", map[string]any{"clientId": client, "consentType": "Principal",
		"resourceId": resource.ID, "scope": "openid"}).must(t, http.StatusBadRequest)
	h.do("POST", "/v1.0/oauth2PermissionGrants", map[string]any{"clientId": newGUID(), "consentType": "AllPrincipals",
		"resourceId": resource.ID, "scope": "openid"}).must(t, http.StatusNotFound)

	// Removing the resource's service principal takes its grants along.
	h.srv.RemoveServicePrincipal(MicrosoftGraphAppID)
	if n := len(h.srv.OAuth2PermissionGrants()); n != 0 {
		t.Errorf("%d grants left naming a removed service principal", n)
	}
	h.do("DELETE", "/v1.0/oauth2PermissionGrants/"+*created.GetId(), nil).must(t, http.StatusNotFound)
}
