package unified

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/emulator/unifiedapi"
)

// ListIntegrations follows limit/offset to the end of the catalogue.
func TestListIntegrationsPages(t *testing.T) {
	e := startEmulator(t, unifiedapi.Options{})
	c, _ := e.newClient(t, nil)
	all, err := c.ListIntegrations(context.Background(), ListIntegrationsInput{})
	if err != nil {
		t.Fatal(err)
	}
	e.log.Reset()
	c.pageSize = 5
	paged, err := c.ListIntegrations(context.Background(), ListIntegrationsInput{})
	if err != nil {
		t.Fatal(err)
	}
	if len(paged) != len(all) || len(all) < 10 {
		t.Fatalf("paged %d, all %d", len(paged), len(all))
	}
	for i := range all {
		if paged[i].Type != all[i].Type {
			t.Fatalf("item %d: %s, want %s", i, paged[i].Type, all[i].Type)
		}
	}
	if n, want := e.log.Count("", "GET", "/unified/integration"), len(all)/5+1; n != want {
		t.Errorf("pages fetched = %d, want %d", n, want)
	}
}

func TestListIntegrationsFilters(t *testing.T) {
	e := startEmulator(t, unifiedapi.Options{})
	c, _ := e.newClient(t, nil)
	active := true
	types := func(in ListIntegrationsInput) []string {
		t.Helper()
		list, err := c.ListIntegrations(context.Background(), in)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, i := range list {
			out = append(out, i.Type)
		}
		return out
	}
	// Active means "active in this workspace": none in a fresh one.
	if got := types(ListIntegrationsInput{Active: &active}); len(got) != 0 {
		t.Errorf("active in a fresh workspace: %v", got)
	}
	must(t, e.srv.UpdateWorkspaceIntegration("zohocrm", "", func(*unifiedapi.WorkspaceIntegration) {}))
	if got := types(ListIntegrationsInput{Active: &active}); !slices.Equal(got, []string{"zohocrm"}) {
		t.Errorf("active: %v", got)
	}
	storage := types(ListIntegrationsInput{Categories: []string{"storage"}})
	if !slices.Contains(storage, "microsoftonedrive") || slices.Contains(storage, "hubspot") {
		t.Errorf("storage: %v", storage)
	}
	// Categories go as repeated keys: both are read by the service.
	e.log.Reset()
	two := types(ListIntegrationsInput{Categories: []string{"hris", "accounting"}})
	if !slices.Contains(two, "bamboohr") || !slices.Contains(two, "quickbooks") {
		t.Errorf("hris and accounting: %v", two)
	}
	if got := types(ListIntegrationsInput{Type: "hubspot", Summary: true}); !slices.Equal(got, []string{"hubspot"}) {
		t.Errorf("type=hubspot: %v", got)
	}
}

// Categories and scopes are sent as repeated keys, never comma-joined.
func TestArrayParametersRepeatTheKey(t *testing.T) {
	var queries []url.Values
	c, _ := httptestClient(t, func(w http.ResponseWriter, r *http.Request) {
		queries = append(queries, r.URL.Query())
		if strings.HasPrefix(r.URL.Path, "/unified/integration/auth/") {
			_, _ = w.Write([]byte("https://vendor.example/authorize"))
			return
		}
		_, _ = w.Write([]byte(`[]`))
	}, nil)
	ctx := context.Background()
	if _, err := c.ListIntegrations(ctx, ListIntegrationsInput{Categories: []string{"crm", "hris"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.AuthorizeURL(ctx, "hubspot", "", AuthorizeOptions{Scopes: []string{"crm_contact_read", "crm_deal_read"},
		ExternalXref: "u-7", Lang: "de", Subdomain: "contoso", Region: "eu"}); err != nil {
		t.Fatal(err)
	}
	if got := queries[0]["categories"]; !slices.Equal(got, []string{"crm", "hris"}) {
		t.Errorf("categories = %q, want two repeated keys", got)
	}
	q := queries[1]
	if got := q["scopes"]; !slices.Equal(got, []string{"crm_contact_read", "crm_deal_read"}) {
		t.Errorf("scopes = %q, want two repeated keys", got)
	}
	if q.Get("external_xref") != "u-7" || q.Get("lang") != "de" || q.Get("subdomain") != "contoso" || q.Get("region") != "eu" {
		t.Errorf("authorize query = %v", q)
	}
}

// A catalogue mixing date-only and full timestamps, and support objects,
// decodes whole.
func TestCatalogueWithDateOnlyAndFullTimestamps(t *testing.T) {
	c, _ := httptestClient(t, func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(`[{"type":"a","name":"A","created_at":"2023-05-01","updated_at":"2024-01-15T10:00:00.000Z","support":{"crm_contact":{"methods":{"list":"supported"}}}},
			{"type":"b","name":"B","created_at":"2022-03-01T00:00:00Z","updated_at":"not a date"}]`))
	}, nil)
	list, err := c.ListIntegrations(context.Background(), ListIntegrationsInput{})
	if err != nil || len(list) != 2 || list[0].CreatedAt != "2023-05-01" || len(list[0].Support) == 0 {
		t.Fatalf("ListIntegrations = %+v, %v", list, err)
	}
}

// The workspace's activated list is paged to its end.
func TestWorkspaceIntegrationsPages(t *testing.T) {
	e := startEmulator(t, unifiedapi.Options{})
	c, _ := e.newClient(t, nil)
	for _, typ := range []string{"hubspot", "salesforce", "pipedrive", "zohocrm", "mailchimp"} {
		must(t, e.srv.UpdateWorkspaceIntegration(typ, "", func(*unifiedapi.WorkspaceIntegration) {}))
	}
	c.pageSize = 2
	list, err := c.WorkspaceIntegrations(context.Background(), "")
	if err != nil || len(list) != 5 {
		t.Fatalf("WorkspaceIntegrations = %d, %v; want 5", len(list), err)
	}
	if n := e.log.Count("", "GET", "/unified/integration/workspace/{workspace_id}"); n != 3 {
		t.Errorf("pages = %d, want 3", n)
	}
}

func TestLookupIntegration(t *testing.T) {
	e := startEmulator(t, unifiedapi.Options{})
	c, _ := e.newClient(t, nil)
	for _, typ := range []string{"microsoftdynamicssales", "microsoftdynamicscustomerinsightsjourneys", "microsoft_ad", "microsoftsharepoint"} {
		in, err := c.LookupIntegration(context.Background(), typ, "")
		if err != nil || in.Type != typ || in.Name == "" {
			t.Errorf("LookupIntegration(%s) = %+v, %v", typ, in, err)
		}
	}
	_, err := c.LookupIntegration(context.Background(), "microsoftdynamics", "")
	if !IsNotFound(err) {
		t.Fatalf("unknown type: %v, want IsNotFound", err)
	}
	mustContain(t, err.Error(), `"microsoftdynamics"`, "catalogue")
}

// The authorize URL of a Microsoft integration carries the client id the
// workspace integration holds and the region's redirect URI, the same
// RedirectURI the provider registers on the Entra app.
func TestAuthorizeURLMatchesTheRedirectURI(t *testing.T) {
	e := startEmulator(t, unifiedapi.Options{Region: "au"})
	c, _ := e.newClient(t, nil)
	ctx := context.Background()
	if _, err := c.CreateWorkspaceIntegration(ctx, dynamicsIntegration("s")); err != nil {
		t.Fatal(err)
	}
	raw, err := c.AuthorizeURL(ctx, dynamics, "", AuthorizeOptions{State: "abc", Scopes: []string{"crm_contact_read"}, SuccessRedirect: "https://acme.example/ok"})
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	if u.Host != "login.microsoftonline.com" || u.Query().Get("client_id") != "11111111-2222-3333-4444-555555555555" ||
		u.Query().Get("redirect_uri") != RedirectURI(RegionAU.APIURL()) {
		t.Errorf("authorize URL = %s", raw)
	}
	if _, err := c.AuthorizeURL(ctx, "microsoftteams", "", AuthorizeOptions{}); err == nil {
		t.Error("an unconfigured Microsoft integration got an authorize URL")
	}
}

func TestEnvironmentsAndWorkspaceIntegrations(t *testing.T) {
	e := startEmulator(t, unifiedapi.Options{})
	c, _ := e.newClient(t, nil)
	envs, err := c.Environments(context.Background())
	if err != nil || !slices.Equal(envs, []string{"Production", "Sandbox"}) {
		t.Errorf("Environments = %v, %v", envs, err)
	}
	if err := e.srv.UpdateWorkspaceIntegration("hubspot", "Sandbox", func(wi *unifiedapi.WorkspaceIntegration) { wi.IsActive = false }); err != nil {
		t.Fatal(err)
	}
	list, err := c.WorkspaceIntegrations(context.Background(), "Sandbox")
	if err != nil || len(list) != 1 || list[0].Type != "hubspot" || list[0].IsActive {
		t.Errorf("Sandbox integrations = %+v, %v; want hubspot inactive", list, err)
	}
	if list, _ := c.WorkspaceIntegrations(context.Background(), ""); len(list) != 0 {
		t.Errorf("Production integrations = %+v, want none", list)
	}
}
