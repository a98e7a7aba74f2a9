package unifiedapi

import (
	"net/http"
	"slices"
	"testing"
)

// Every integration type that signs in through Entra (docs/design/unified-regions-and-catalogue.md) is
// in the catalogue, with a name and categories.
func TestCatalogueHasEveryEntraIntegrationType(t *testing.T) {
	h := start(t, Options{})
	list := decodeInto[[]Integration](t, h.authed("GET", "/unified/integration?env=Production", nil))
	byType := map[string]Integration{}
	for _, in := range list {
		byType[in.Type] = in
	}
	for _, typ := range []string{
		"microsoftdynamicssales", "microsoftdynamicscustomerinsightsjourneys", "microsoftdynamicsfinanceoperations",
		"microsoft_ad", "microsoftoutlook", "microsoftteams", "microsoftsharepoint", "microsoftonedrive",
		"hubspot", "salesforce",
	} {
		in, ok := byType[typ]
		if !ok || in.Name == "" || len(in.Categories) == 0 || in.LogoURL == "" {
			t.Errorf("%s: %+v, want a catalogue entry with name, categories and logo", typ, in)
		}
	}
	if !slices.Contains(byType["microsoftdynamicssales"].Categories, "crm") {
		t.Errorf("microsoftdynamicssales categories = %v, want crm", byType["microsoftdynamicssales"].Categories)
	}
}

func TestListIntegrationsFilters(t *testing.T) {
	h := start(t, Options{})
	types := func(path string) []string {
		t.Helper()
		var out []string
		for _, in := range decodeInto[[]Integration](t, h.authed("GET", path, nil)) {
			out = append(out, in.Type)
		}
		return out
	}
	if got := types("/unified/integration?type=hubspot"); !slices.Equal(got, []string{"hubspot"}) {
		t.Errorf("type=hubspot: %v", got)
	}
	if got := types("/unified/integration?type=nosuch"); len(got) != 0 {
		t.Errorf("type=nosuch: %v, want none", got)
	}
	// A fresh workspace has nothing active; active means "in this workspace".
	if got := types("/unified/integration?active=true"); len(got) != 0 {
		t.Errorf("active=true in a fresh workspace: %v, want none", got)
	}
	must(t, h.srv.UpdateWorkspaceIntegration("zohocrm", "", func(*WorkspaceIntegration) {}))
	must(t, h.srv.UpdateWorkspaceIntegration("hubspot", "Sandbox", func(*WorkspaceIntegration) {}))
	if got := types("/unified/integration?active=true&env=Production"); !slices.Equal(got, []string{"zohocrm"}) {
		t.Errorf("active=true: %v, want [zohocrm]", got)
	}
	if got := types("/unified/integration?type=hubspot&active=false&env=Production"); !slices.Equal(got, []string{"hubspot"}) {
		t.Errorf("hubspot active=false in Production: %v", got)
	}
	// Repeated keys each count; a comma-joined value is one unknown category.
	if got := types("/unified/integration?categories=hris&categories=accounting"); !slices.Contains(got, "bamboohr") || !slices.Contains(got, "quickbooks") {
		t.Errorf("categories=hris&categories=accounting: %v", got)
	}
	if got := types("/unified/integration?categories=hris,accounting"); len(got) != 0 {
		t.Errorf("categories=hris,accounting: %v, want none", got)
	}
	storage := types("/unified/integration?categories=storage")
	for _, typ := range []string{"microsoftsharepoint", "microsoftonedrive", "googledrive"} {
		if !slices.Contains(storage, typ) {
			t.Errorf("categories=storage lacks %s: %v", typ, storage)
		}
	}
	if slices.Contains(storage, "hubspot") {
		t.Errorf("categories=storage holds hubspot")
	}
	summary := decodeInto[[]Integration](t, h.authed("GET", "/unified/integration?type=hubspot&summary=true", nil))
	if len(summary) != 1 || summary[0].Support != nil {
		t.Errorf("summary=true: %+v, want hubspot without support", summary)
	}
	// support maps a feature to an object; some dates are date-only.
	raw := h.authed("GET", "/unified/integration?type=zohocrm", nil)
	full := decodeInto[[]map[string]any](t, raw)
	support, _ := full[0]["support"].(map[string]any)
	if _, isObject := support["crm_contact"].(map[string]any); !isObject || full[0]["created_at"] != "2023-05-01" {
		t.Errorf("zohocrm = %s, want support objects and a date-only created_at", raw.body)
	}
	want(t, h.authed("GET", "/unified/integration?limit=0", nil), http.StatusBadRequest)
	want(t, h.authed("GET", "/unified/integration?active=maybe", nil), http.StatusBadRequest)
}

func TestListIntegrationsPages(t *testing.T) {
	h := start(t, Options{})
	all := decodeInto[[]Integration](t, h.authed("GET", "/unified/integration", nil))
	var paged []Integration
	for offset := 0; ; offset += 7 {
		page := decodeInto[[]Integration](t, h.authed("GET", "/unified/integration?limit=7&offset="+itoa(offset), nil))
		paged = append(paged, page...)
		if len(page) < 7 {
			break
		}
	}
	if len(paged) != len(all) || paged[len(paged)-1].Type != all[len(all)-1].Type {
		t.Errorf("paging by 7 gave %d integrations, want %d in the same order", len(paged), len(all))
	}
}

// The published workspace list shows configured integrations with their
// is_active, per environment, without a token and without credentials.
func TestWorkspaceIntegrationList(t *testing.T) {
	h := start(t, Options{})
	must(t, h.srv.UpdateWorkspaceIntegration("microsoftdynamicssales", "", func(wi *WorkspaceIntegration) {
		wi.Auth = Auth{ClientID: "cid", ClientSecret: "s3cr3t"}
	}))
	must(t, h.srv.UpdateWorkspaceIntegration("hubspot", "Production", func(wi *WorkspaceIntegration) { wi.IsActive = false }))
	must(t, h.srv.UpdateWorkspaceIntegration("salesforce", "Sandbox", func(*WorkspaceIntegration) {}))

	path := "/unified/integration/workspace/" + h.srv.WorkspaceID()
	a := h.call("GET", path+"?env=Production", nil, "")
	list := decodeInto[[]Integration](t, a)
	if len(list) != 2 || list[0].Type != "microsoftdynamicssales" || !list[0].IsActive || list[1].Type != "hubspot" || list[1].IsActive {
		t.Errorf("Production list = %+v, want dynamics active and hubspot inactive", list)
	}
	if bytesContain(a.body, "s3cr3t") || bytesContain(a.body, "cid") {
		t.Errorf("workspace list carries credentials: %s", a.body)
	}
	active := decodeInto[[]Integration](t, h.call("GET", path+"?env=Production&active=true", nil, ""))
	if len(active) != 1 || active[0].Type != "microsoftdynamicssales" {
		t.Errorf("active=true: %+v", active)
	}
	sandbox := decodeInto[[]Integration](t, h.call("GET", path+"?env=Sandbox", nil, ""))
	if len(sandbox) != 1 || sandbox[0].Type != "salesforce" {
		t.Errorf("Sandbox list = %+v, want salesforce only", sandbox)
	}
	want(t, h.call("GET", "/unified/integration/workspace/000000000000000000000000", nil, ""), http.StatusNotFound)

	// It pages with limit/offset (default 1000).
	first := decodeInto[[]Integration](t, h.call("GET", path+"?env=Production&limit=1", nil, ""))
	second := decodeInto[[]Integration](t, h.call("GET", path+"?env=Production&limit=1&offset=1", nil, ""))
	if len(first) != 1 || len(second) != 1 || first[0].Type == second[0].Type {
		t.Errorf("pages of 1: %+v then %+v", first, second)
	}
	want(t, h.call("GET", path+"?limit=1001", nil, ""), http.StatusBadRequest)
}
