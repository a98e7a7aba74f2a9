package graphapi

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/microsoftgraph/msgraph-sdk-go/applications"
	"github.com/microsoftgraph/msgraph-sdk-go/applicationswithuniquename"
	"github.com/microsoftgraph/msgraph-sdk-go/models"
)

var sevenDigits = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$`)

func ptr[T any](v T) *T { return &v }

// The life of an application through msgraph-sdk-go: create, read by each
// key, update, delete (to deleted items, out of reach of every read).
func TestApplicationLifecycleThroughSDK(t *testing.T) {
	h := start(t)
	body := models.NewApplication()
	body.SetDisplayName(ptr("Acme CRM sync"))
	body.SetDescription(ptr("first"))
	created, err := h.graph.Applications().Post(ctx(), body, nil)
	if err != nil {
		t.Fatal(err)
	}
	id, appID := *created.GetId(), *created.GetAppId()
	if !isGUID(id) || !isGUID(appID) || id == appID {
		t.Fatalf("ids %q / %q: want two distinct GUIDs", id, appID)
	}
	if got := *created.GetSignInAudience(); got != AudienceMyOrg {
		t.Errorf("signInAudience %q, want Graph's default %s", got, AudienceMyOrg)
	}
	if got := *created.GetPublisherDomain(); got != PublisherDomain {
		t.Errorf("publisherDomain %q", got)
	}
	if created.GetTags() == nil || len(created.GetTags()) != 0 {
		t.Errorf("tags %v, want an empty, non-null collection", created.GetTags())
	}
	if !created.GetCreatedDateTime().Equal(ticks(h.clock.Now())) {
		t.Errorf("createdDateTime %v, want now %v", created.GetCreatedDateTime(), h.clock.Now())
	}

	// Raw answers: status, context, 7-digit timestamps.
	raw := h.do("GET", "/v1.0/applications/"+id, nil).must(t, http.StatusOK).json(t)
	if ts, _ := raw["createdDateTime"].(string); !sevenDigits.MatchString(ts) {
		t.Errorf("createdDateTime %q: want RFC 3339 UTC with 7 fractional digits", ts)
	}
	if c, _ := raw["@odata.context"].(string); !strings.HasSuffix(c, "/v1.0/$metadata#applications/$entity") {
		t.Errorf("@odata.context %q", c)
	}
	for _, prop := range []string{"api", "spa", "publicClient", "info", "keyCredentials", "identifierUris", "requiredResourceAccess", "passwordCredentials", "web"} {
		if _, ok := raw[prop]; !ok {
			t.Errorf("GET lacks %q: Graph renders the whole default property set", prop)
		}
	}

	byAppID, err := h.graph.ApplicationsWithAppId(&appID).Get(ctx(), nil)
	if err != nil || *byAppID.GetId() != id {
		t.Fatalf("GET (appId=…): %v", err)
	}

	// PATCH changes what it names and nothing else.
	patch := models.NewApplication()
	patch.SetDisplayName(ptr("renamed"))
	if _, err := h.graph.Applications().ByApplicationId(id).Patch(ctx(), patch, nil); err != nil {
		t.Fatal(err)
	}
	app, _ := h.srv.Application(id)
	if app.DisplayName != "renamed" || app.Description == nil || *app.Description != "first" {
		t.Fatalf("after PATCH: name %q, description %v", app.DisplayName, app.Description)
	}

	// $filter=appId eq with $select, as the provider looks an app up.
	filter := "appId eq '" + appID + "'"
	page, err := h.graph.Applications().Get(ctx(), &applications.ApplicationsRequestBuilderGetRequestConfiguration{
		QueryParameters: &applications.ApplicationsRequestBuilderGetQueryParameters{Filter: &filter, Select: []string{"id", "appId"}}})
	if err != nil || len(page.GetValue()) != 1 || *page.GetValue()[0].GetId() != id {
		t.Fatalf("filter by appId: %v %v", err, page)
	}
	if page.GetValue()[0].GetDisplayName() != nil {
		t.Errorf("$select=id,appId returned displayName too")
	}

	if err := h.graph.Applications().ByApplicationId(id).Delete(ctx(), nil); err != nil {
		t.Fatal(err)
	}
	_, err = h.graph.Applications().ByApplicationId(id).Get(ctx(), nil)
	if status, code := errCode(t, err); status != 404 || code != "Request_ResourceNotFound" {
		t.Fatalf("GET after DELETE: %d %s", status, code)
	}
	if deleted := h.srv.DeletedApplications(); len(deleted) != 1 || deleted[0].DeletedDateTime == nil {
		t.Fatalf("deleted items: %v", deleted)
	}
	// Deleted items keep an application 30 days.
	h.clock.Advance(31 * 24 * time.Hour)
	if n := len(h.srv.Applications()) + len(h.srv.DeletedApplications()); n != 0 {
		t.Errorf("%d applications left after the retention", n)
	}
}

// msgraph-sdk-go gzips request bodies; they must arrive compressed and be
// read correctly.
func TestRequestBodiesArriveGzippedAndAreDecoded(t *testing.T) {
	h := start(t)
	body := models.NewApplication()
	body.SetDisplayName(ptr("zipped ünïcode name"))
	created, err := h.graph.Applications().Post(ctx(), body, nil)
	if err != nil {
		t.Fatal(err)
	}
	recs := h.wireRecords()
	if len(recs) != 1 || recs[0].encoding != "gzip" || !bytes.HasPrefix(recs[0].raw, []byte{0x1f, 0x8b}) {
		t.Fatalf("the SDK's POST did not arrive gzip-compressed: %+v", recs)
	}
	zr, err := gzip.NewReader(bytes.NewReader(recs[0].raw))
	if err != nil {
		t.Fatal(err)
	}
	plain, _ := io.ReadAll(zr)
	if !bytes.Contains(plain, []byte(`"@odata.type":"#microsoft.graph.application"`)) {
		t.Errorf("body %s: expected the SDK's @odata.type, which the emulator must ignore", plain)
	}
	if app, _ := h.srv.Application(*created.GetId()); app.DisplayName != "zipped ünïcode name" {
		t.Errorf("stored displayName %q", app.DisplayName)
	}
	// Another encoding is refused with 415, on which kiota resends uncompressed.
	a := h.do("POST", "/v1.0/applications", `{"displayName":"x"}`, "Content-Encoding", "br")
	if a.status != http.StatusUnsupportedMediaType {
		t.Errorf("Content-Encoding br: %d, want 415", a.status)
	}
}

// PATCH replaces collections whole but merges complex values, so a client
// can send web.redirectUris alone without losing web.homePageUrl.
func TestPatchReplacesCollectionsAndMergesComplexValues(t *testing.T) {
	h := start(t)
	id := h.newApp(map[string]any{
		"displayName": "a",
		"web":         map[string]any{"homePageUrl": "https://home.example", "redirectUris": []string{"https://a.example/cb", "https://b.example/cb"}},
		"requiredResourceAccess": []any{
			map[string]any{"resourceAppId": MicrosoftGraphAppID, "resourceAccess": []any{map[string]any{"id": "37f7f235-527c-4136-accd-4a02d197296e", "type": "Scope"}}},
			map[string]any{"resourceAppId": DynamicsCRMAppID, "resourceAccess": []any{map[string]any{"id": "78ce3f0f-a1ce-49c2-8cde-64b5c0896db4", "type": "Scope"}}},
		},
		"info": map[string]any{"supportUrl": "https://support.example"},
	})["id"].(string)

	h.do("PATCH", "/v1.0/applications/"+id, map[string]any{
		"web":                    map[string]any{"redirectUris": []string{"https://c.example/cb"}},
		"requiredResourceAccess": []any{map[string]any{"resourceAppId": DynamicsCRMAppID, "resourceAccess": []any{}}},
		"info":                   map[string]any{"privacyStatementUrl": "https://privacy.example"},
	}).must(t, http.StatusNoContent)

	app, _ := h.srv.Application(id)
	if !slices.Equal(app.Web.RedirectURIs, []string{"https://c.example/cb"}) {
		t.Errorf("redirectUris %v: a PATCH replaces the collection", app.Web.RedirectURIs)
	}
	if app.Web.HomePageURL == nil || *app.Web.HomePageURL != "https://home.example" {
		t.Errorf("homePageUrl %v: PATCH of web.redirectUris must leave it", app.Web.HomePageURL)
	}
	if len(app.Web.RedirectURISettings) != 1 || app.Web.RedirectURISettings[0].URI != "https://c.example/cb" {
		t.Errorf("redirectUriSettings %+v out of step with redirectUris", app.Web.RedirectURISettings)
	}
	if len(app.RequiredResourceAccess) != 1 || app.RequiredResourceAccess[0].ResourceAppID != DynamicsCRMAppID || len(app.RequiredResourceAccess[0].ResourceAccess) != 0 {
		t.Errorf("requiredResourceAccess %+v: a PATCH replaces the collection", app.RequiredResourceAccess)
	}
	info := h.do("GET", "/v1.0/applications/"+id+"?$select=info", nil).must(t, http.StatusOK).json(t)["info"].(map[string]any)
	if info["supportUrl"] != "https://support.example" || info["privacyStatementUrl"] != "https://privacy.example" {
		t.Errorf("info %v: complex values merge", info)
	}
}

// Read-only properties may be sent back unchanged, not changed; unknown
// properties and secrets are refused.
func TestPatchBodyRules(t *testing.T) {
	h := start(t)
	created := h.newApp(nil)
	id := created["id"].(string)
	path := "/v1.0/applications/" + id
	h.do("PATCH", path, map[string]any{"@odata.type": "#microsoft.graph.application", "appId": created["appId"],
		"createdDateTime": created["createdDateTime"], "publisherDomain": PublisherDomain, "notes": "n"}).must(t, http.StatusNoContent)

	for _, tc := range []struct {
		name string
		body map[string]any
		code string
		msg  string
	}{
		{"changed read-only", map[string]any{"appId": newGUID()}, "Request_BadRequest", "Property 'appId' is read-only and cannot be set."},
		{"unknown property", map[string]any{"displayNam": "typo"}, "Request_BadRequest", "Invalid property 'displayNam'."},
		{"unknown nested property", map[string]any{"web": map[string]any{"redirectUri": "https://x"}}, "Request_BadRequest", "Invalid property 'redirectUri'."},
		{"secret by PATCH", map[string]any{"passwordCredentials": []any{map[string]any{"displayName": "x"}}}, "Request_BadRequest", "New password credentials must be generated using service actions."},
		{"malformed", nil, "BadRequest", "Unable to read JSON request payload"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var body any = tc.body
			if tc.body == nil {
				body = "{not json"
			}
			a := h.do("PATCH", path, body).must(t, http.StatusBadRequest)
			if code, msg := a.errorCode(t); code != tc.code || !strings.HasPrefix(msg, tc.msg) {
				t.Errorf("got %s %q, want %s %q", code, msg, tc.code, tc.msg)
			}
		})
	}
	if app, _ := h.srv.Application(id); *app.Notes != "n" || app.AppID != created["appId"] {
		t.Errorf("refused PATCHes changed the application: %+v", app)
	}
}

// PATCH applications(uniqueName=…) with Prefer: create-if-missing is an
// idempotent create; uniqueName collisions are 400, also with deleted apps.
func TestUniqueNameUpsertAndCollision(t *testing.T) {
	h := start(t)
	name := "unifiedto-upsert"
	body := models.NewApplication()
	body.SetDisplayName(ptr("upserted"))
	cfg := &applicationswithuniquename.ApplicationsWithUniqueNameRequestBuilderPatchRequestConfiguration{Headers: preferCreate()}
	created, err := h.graph.ApplicationsWithUniqueName(&name).Patch(ctx(), body, cfg)
	if err != nil || created == nil || *created.GetUniqueName() != name {
		t.Fatalf("upsert create: %v %v", err, created)
	}
	if n := h.log.Count("graph", "PATCH", "/v1.0/applications(uniqueName='{name}')"); n != 1 {
		t.Errorf("log has %d upserts under the uniqueName route", n)
	}
	body.SetDisplayName(ptr("upserted again"))
	again, err := h.graph.ApplicationsWithUniqueName(&name).Patch(ctx(), body, cfg)
	if err != nil || again != nil {
		t.Fatalf("upsert of an existing app: %v %v, want 204 and no body", err, again)
	}
	if apps := h.srv.Applications(); len(apps) != 1 || apps[0].DisplayName != "upserted again" {
		t.Fatalf("after two upserts: %+v", apps)
	}
	got, err := h.graph.ApplicationsWithUniqueName(&name).Get(ctx(), nil)
	if err != nil || *got.GetId() != *created.GetId() {
		t.Fatalf("GET (uniqueName=…): %v", err)
	}
	missing := "never-created"
	_, err = h.graph.ApplicationsWithUniqueName(&missing).Patch(ctx(), body, nil)
	if status, code := errCode(t, err); status != 404 || code != "Request_ResourceNotFound" {
		t.Errorf("PATCH without Prefer on a missing name: %d %s", status, code)
	}

	collide := func(what string) {
		t.Helper()
		a := h.do("POST", "/v1.0/applications", map[string]any{"displayName": "b", "uniqueName": strings.ToUpper(name)}).must(t, http.StatusBadRequest)
		if code, msg := a.errorCode(t); code != "Request_BadRequest" || msg != "Another object with the same value for property uniqueName already exists." {
			t.Errorf("%s: %s %q", what, code, msg)
		}
	}
	collide("active app")
	h.do("DELETE", "/v1.0/applications/"+*created.GetId(), nil).must(t, http.StatusNoContent)
	collide("soft-deleted app")
	h.do("PATCH", "/v1.0/applications(uniqueName='"+name+"')", map[string]any{"displayName": "c"}, "Prefer", "create-if-missing").must(t, http.StatusBadRequest)
	h.clock.Advance(31 * 24 * time.Hour) // deleted items let it go after 30 days
	h.do("POST", "/v1.0/applications", map[string]any{"displayName": "b", "uniqueName": name}).must(t, http.StatusCreated)

	// uniqueName is immutable once set.
	a := h.do("PATCH", "/v1.0/applications(uniqueName='"+name+"')", map[string]any{"uniqueName": "other"}).must(t, http.StatusBadRequest)
	if _, msg := a.errorCode(t); msg != "Property 'uniqueName' is read-only and cannot be set." {
		t.Errorf("changing uniqueName: %q", msg)
	}
}

// Every error carries code, message and innerError, which the SDK needs.
func TestErrorsHaveGraphShape(t *testing.T) {
	h := start(t)
	missing := newGUID()
	_, err := h.graph.Applications().ByApplicationId(missing).Get(ctx(), nil)
	oe := odataError(t, err)
	main := oe.GetErrorEscaped()
	if oe.Error() != "Resource '"+missing+"' does not exist or one of its queried reference-property objects are not present." {
		t.Errorf("message %q", oe.Error())
	}
	if inner := main.GetInnerError(); inner == nil || inner.GetRequestId() == nil || !isGUID(*inner.GetRequestId()) || inner.GetDate() == nil {
		t.Errorf("innerError %+v", inner)
	}
	a := h.do("GET", "/v1.0/applications/not-a-guid", nil).must(t, http.StatusBadRequest)
	if _, msg := a.errorCode(t); msg != "Invalid object identifier 'not-a-guid'." {
		t.Errorf("malformed id: %q", msg)
	}
	raw := a.json(t)["error"].(map[string]any)["innerError"].(map[string]any)
	if !regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$`).MatchString(raw["date"].(string)) || raw["request-id"] != a.header.Get("request-id") {
		t.Errorf("innerError %v, headers %v", raw, a.header)
	}
	if code, _ := h.do("GET", "/v1.0/applications/"+missing+"/owners", nil).errorCode(t); code != "BadRequest" {
		t.Errorf("unknown segment: %s", code)
	}
	if a := h.do("PUT", "/v1.0/applications/"+missing, "{}"); a.status != http.StatusMethodNotAllowed {
		t.Errorf("PUT: %d", a.status)
	}
}
