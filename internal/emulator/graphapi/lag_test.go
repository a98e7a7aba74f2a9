package graphapi

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/microsoftgraph/msgraph-sdk-go/models"
	"github.com/microsoftgraph/msgraph-sdk-go/serviceprincipals"
)

// During a replication lag a new application answers as Graph's replicas
// do (404, 409, 400, invisible to lists); after it, everything works.
func TestReplicationLag(t *testing.T) {
	h := start(t)
	h.srv.SetReplicationLag(10 * time.Second)
	body := models.NewApplication()
	body.SetDisplayName(ptr("young"))
	created, err := h.graph.Applications().Post(ctx(), body, nil)
	if err != nil {
		t.Fatal(err)
	}
	id, appID := *created.GetId(), *created.GetAppId()

	_, err = h.graph.Applications().ByApplicationId(id).Get(ctx(), nil)
	if status, code := errCode(t, err); status != 404 || code != "Request_ResourceNotFound" {
		t.Errorf("GET: %d %s", status, code)
	}
	_, err = h.graph.ApplicationsWithAppId(&appID).Get(ctx(), nil)
	if status, _ := errCode(t, err); status != 404 {
		t.Errorf("GET (appId=…): %d", status)
	}
	list := h.do("GET", "/v1.0/applications?$filter="+url.QueryEscape("appId eq '"+appID+"'"), nil).must(t, http.StatusOK).json(t)
	if v := list["value"].([]any); len(v) != 0 {
		t.Errorf("a list saw the application during the lag: %v", v)
	}
	patch := models.NewApplication()
	patch.SetNotes(ptr("n"))
	var codes []string
	for range 2 {
		_, err := h.graph.Applications().ByApplicationId(id).Patch(ctx(), patch, nil)
		_, code := errCode(t, err)
		codes = append(codes, code)
	}
	if codes[0] != "Request_ResourceNotFound" || codes[1] != "Error_MsaAppDoesNotExist" {
		t.Errorf("two PATCHes during the lag answered %v, want 404 then 409", codes)
	}
	if _, err := h.addPassword(id, nil); err == nil {
		t.Error("addPassword succeeded during the lag")
	} else if status, _ := errCode(t, err); status != 404 {
		t.Errorf("addPassword: %d", status)
	}
	h.do("DELETE", "/v1.0/applications/"+id, nil).must(t, http.StatusNotFound)
	sp := models.NewServicePrincipal()
	sp.SetAppId(&appID)
	_, err = h.graph.ServicePrincipals().Post(ctx(), sp, nil)
	if oe := odataError(t, err); oe.ResponseStatusCode != 400 ||
		oe.Error() != "The appId '"+appID+"' of the service principal does not reference a valid application object." {
		t.Errorf("POST servicePrincipals: %d %q", oe.ResponseStatusCode, oe.Error())
	}

	h.clock.Advance(10 * time.Second)
	if _, err := h.graph.Applications().ByApplicationId(id).Get(ctx(), nil); err != nil {
		t.Errorf("GET after the lag: %v", err)
	}
	if _, err := h.graph.Applications().ByApplicationId(id).Patch(ctx(), patch, nil); err != nil {
		t.Errorf("PATCH after the lag: %v", err)
	}
	if _, err := h.addPassword(id, nil); err != nil {
		t.Errorf("addPassword after the lag: %v", err)
	}
	newSP, err := h.graph.ServicePrincipals().Post(ctx(), sp, nil)
	if err != nil {
		t.Fatalf("POST servicePrincipals after the lag: %v", err)
	}
	// The new service principal replicates too.
	filter := "appId eq '" + appID + "'"
	page, err := h.graph.ServicePrincipals().Get(ctx(), &serviceprincipals.ServicePrincipalsRequestBuilderGetRequestConfiguration{
		QueryParameters: &serviceprincipals.ServicePrincipalsRequestBuilderGetQueryParameters{Filter: &filter}})
	if err != nil || len(page.GetValue()) != 0 {
		t.Errorf("a young service principal was listed: %v", err)
	}
	h.clock.Advance(10 * time.Second)
	if _, err := h.graph.ServicePrincipals().ByServicePrincipalId(*newSP.GetId()).Get(ctx(), nil); err != nil {
		t.Errorf("GET service principal after its lag: %v", err)
	}
	if n := h.log.Count("graph", "", ""); n == 0 {
		t.Error("nothing logged")
	}
}

// The uniqueName upsert sees a young application: a retried create after
// a lost answer must not make a second one.
func TestUpsertDuringReplicationLag(t *testing.T) {
	h := start(t)
	h.srv.SetReplicationLag(time.Minute)
	path := "/v1.0/applications(uniqueName='retried')"
	h.do("PATCH", path, map[string]any{"displayName": "a"}, "Prefer", "create-if-missing").must(t, http.StatusCreated)
	h.do("PATCH", path, map[string]any{"displayName": "a"}, "Prefer", "create-if-missing").must(t, http.StatusNoContent)
	if n := len(h.srv.Applications()); n != 1 {
		t.Errorf("%d applications after a retried upsert", n)
	}
	h.do("GET", path, nil).must(t, http.StatusNotFound)
}

// After DELETE, GET may still find the application for a while.
func TestDeleteLag(t *testing.T) {
	h := start(t)
	h.srv.SetDeleteLag(5 * time.Second)
	id := h.newApp(nil)["id"].(string)
	h.do("DELETE", "/v1.0/applications/"+id, nil).must(t, http.StatusNoContent)
	got := h.do("GET", "/v1.0/applications/"+id, nil).must(t, http.StatusOK).json(t)
	if got["deletedDateTime"] != nil {
		t.Errorf("a lagging read shows the object as before the delete, got deletedDateTime %v", got["deletedDateTime"])
	}
	h.do("PATCH", "/v1.0/applications/"+id, map[string]any{"notes": "x"}).must(t, http.StatusNotFound)
	h.clock.Advance(5 * time.Second)
	h.do("GET", "/v1.0/applications/"+id, nil).must(t, http.StatusNotFound)
}
