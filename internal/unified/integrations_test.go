package unified

import (
	"context"
	"net/url"
	"slices"
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
	inactive := false
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
	if got := types(ListIntegrationsInput{Active: &inactive}); !slices.Equal(got, []string{"zohocrm"}) {
		t.Errorf("inactive: %v", got)
	}
	storage := types(ListIntegrationsInput{Categories: []string{"storage"}})
	if !slices.Contains(storage, "microsoftonedrive") || slices.Contains(storage, "hubspot") {
		t.Errorf("storage: %v", storage)
	}
	if got := types(ListIntegrationsInput{Type: "hubspot", Summary: true}); !slices.Equal(got, []string{"hubspot"}) {
		t.Errorf("type=hubspot: %v", got)
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
	if _, err := c.PutWorkspaceIntegration(ctx, dynamicsIntegration("s")); err != nil {
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
