package graphapi

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/microsoftgraph/msgraph-sdk-go/models"
	"github.com/microsoftgraph/msgraph-sdk-go/serviceprincipals"
)

// findSP looks a service principal up exactly as internal/entra does.
func (h *harness) findSP(appID string) ([]models.ServicePrincipalable, error) {
	filter := "appId eq '" + appID + "'"
	page, err := h.graph.ServicePrincipals().Get(ctx(), &serviceprincipals.ServicePrincipalsRequestBuilderGetRequestConfiguration{
		QueryParameters: &serviceprincipals.ServicePrincipalsRequestBuilderGetQueryParameters{
			Filter: &filter,
			Select: []string{"id", "appId", "displayName", "oauth2PermissionScopes", "appRoles"},
		},
	})
	if err != nil {
		return nil, err
	}
	return page.GetValue(), nil
}

func scopeIDs(sp models.ServicePrincipalable) map[string]string {
	out := map[string]string{}
	for _, s := range sp.GetOauth2PermissionScopes() {
		out[*s.GetValue()] = s.GetId().String()
	}
	return out
}

// The seeded first-party APIs carry the scope ids of docs/design/graph-service-principals.md.
func TestSeededServicePrincipals(t *testing.T) {
	h := start(t)
	for appID, want := range map[string]map[string]string{
		MicrosoftGraphAppID: {"openid": "37f7f235-527c-4136-accd-4a02d197296e", "email": "64a6cdd6-aab1-4aaf-94b8-3cc8405e90d0",
			"offline_access": "7427e0e9-2fba-42fe-b0c0-848c9e6a8182", "profile": "14dad69e-099b-42c9-810b-d002981feec1", "User.Read": "e1fe6dd8-ba31-4d61-89e7-88639da4683d"},
		DynamicsCRMAppID:      {"user_impersonation": "78ce3f0f-a1ce-49c2-8cde-64b5c0896db4"},
		CustomerInsightsAppID: {"user_impersonation": CustomerInsightsUserImpersonationID},
		PowerAppsServiceAppID: {"User": "0eb56b90-a7b5-43b5-9402-8137a8083e90"},
	} {
		found, err := h.findSP(appID)
		if err != nil || len(found) != 1 {
			t.Fatalf("%s: %v, %d found", appID, err, len(found))
		}
		got := scopeIDs(found[0])
		for value, id := range want {
			if got[value] != id {
				t.Errorf("%s scope %s = %q, want %s", appID, value, got[value], id)
			}
		}
	}
	graph, _ := h.findSP(MicrosoftGraphAppID)
	roles := map[string]bool{}
	for _, r := range graph[0].GetAppRoles() {
		roles[r.GetId().String()+"/"+*r.GetValue()] = r.GetAllowedMemberTypes()[0] == "Application"
	}
	if !roles["df021288-bdef-4463-88db-98f22de89214/User.Read.All"] {
		t.Errorf("Microsoft Graph app roles %v lack User.Read.All", roles)
	}

	// $select returns the selected properties only, with a matching context.
	raw := h.do("GET", "/v1.0/servicePrincipals?$filter="+url.QueryEscape("appId eq '"+DynamicsCRMAppID+"'")+"&$select=id,appId", nil).must(t, http.StatusOK).json(t)
	if raw["@odata.context"] != "https://"+h.url[len("https://"):]+"/v1.0/$metadata#servicePrincipals(id,appId)" {
		t.Errorf("@odata.context %v", raw["@odata.context"])
	}
	item := raw["value"].([]any)[0].(map[string]any)
	if len(item) != 2 || item["appId"] != DynamicsCRMAppID {
		t.Errorf("selected item %v", item)
	}
	appID := CustomerInsightsAppID
	byKey, err := h.graph.ServicePrincipalsWithAppId(&appID).Get(ctx(), nil)
	if err != nil || *byKey.GetDisplayName() != "Dynamics 365 Customer Insights API" {
		t.Fatalf("GET (appId=…): %v", err)
	}
}

// A tenant without Customer Insights: the lookup finds nothing, POST adds
// the first-party service principal, a second POST conflicts.
func TestMissingFirstPartyServicePrincipal(t *testing.T) {
	h := start(t)
	if !h.srv.RemoveServicePrincipal(CustomerInsightsAppID) {
		t.Fatal("nothing removed")
	}
	found, err := h.findSP(CustomerInsightsAppID)
	if err != nil || len(found) != 0 {
		t.Fatalf("after removal: %v %v", err, found)
	}
	appID := CustomerInsightsAppID
	_, err = h.graph.ServicePrincipalsWithAppId(&appID).Get(ctx(), nil)
	if status, _ := errCode(t, err); status != 404 {
		t.Errorf("GET (appId=…) of a missing one: %d", status)
	}
	body := models.NewServicePrincipal()
	body.SetAppId(&appID)
	created, err := h.graph.ServicePrincipals().Post(ctx(), body, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := scopeIDs(created)["user_impersonation"]; got != CustomerInsightsUserImpersonationID {
		t.Errorf("recreated scopes %v", scopeIDs(created))
	}
	_, err = h.graph.ServicePrincipals().Post(ctx(), body, nil)
	if status, code := errCode(t, err); status != 409 || code != "Request_MultipleObjectsWithSameKeyValue" {
		t.Errorf("second POST: %d %s", status, code)
	}
	unknown := newGUID()
	body.SetAppId(&unknown)
	_, err = h.graph.ServicePrincipals().Post(ctx(), body, nil)
	if status, code := errCode(t, err); status != 400 || code != "Request_BadRequest" {
		t.Errorf("POST for an unknown appId: %d %s", status, code)
	}
}

// The tenant's own application gets a service principal named after it;
// deleting the application deletes it.
func TestServicePrincipalOfOwnApplication(t *testing.T) {
	h := start(t)
	app := h.newApp(map[string]any{"displayName": "Acme CRM sync", "signInAudience": "AzureADMultipleOrgs"})
	sp := h.do("POST", "/v1.0/servicePrincipals", map[string]any{"appId": app["appId"]}).must(t, http.StatusCreated).json(t)
	if sp["displayName"] != "Acme CRM sync" || sp["appOwnerOrganizationId"] != DefaultTenantID || !isGUID(sp["id"].(string)) {
		t.Errorf("service principal %v", sp)
	}
	if _, ok := h.srv.ServicePrincipalByAppID(app["appId"].(string)); !ok {
		t.Fatal("not stored")
	}
	h.do("DELETE", "/v1.0/applications/"+app["id"].(string), nil).must(t, http.StatusNoContent)
	if _, ok := h.srv.ServicePrincipalByAppID(app["appId"].(string)); ok {
		t.Error("the service principal outlived its application")
	}
	h.do("POST", "/v1.0/servicePrincipals", map[string]any{}).must(t, http.StatusBadRequest)
	h.do("POST", "/v1.0/servicePrincipals", map[string]any{"appId": MicrosoftGraphAppID, "bogus": 1}).must(t, http.StatusBadRequest)
}
