package entra

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/uuid"
)

func TestWellKnownTableMatchesGraphFacts(t *testing.T) {
	// docs/design/graph-service-principals.md, Well-known ids: a typo here grants the wrong permission.
	want := map[string]map[string]string{
		MicrosoftGraphClientID: {
			"openid": "37f7f235-527c-4136-accd-4a02d197296e", "email": "64a6cdd6-aab1-4aaf-94b8-3cc8405e90d0",
			"offline_access": "7427e0e9-2fba-42fe-b0c0-848c9e6a8182", "profile": "14dad69e-099b-42c9-810b-d002981feec1",
			"User.Read": "e1fe6dd8-ba31-4d61-89e7-88639da4683d",
		},
		DynamicsCRMClientID:      {"user_impersonation": "78ce3f0f-a1ce-49c2-8cde-64b5c0896db4"},
		CustomerInsightsClientID: {"user_impersonation": ""},
	}
	names := map[string]string{"microsoft_graph": MicrosoftGraphClientID, "dynamics_crm": DynamicsCRMClientID, "customer_insights": CustomerInsightsClientID}
	if got := WellKnownAPINames(); strings.Join(got, ",") != "microsoft_graph,dynamics_crm,customer_insights" {
		t.Errorf("names %v", got)
	}
	for name, clientID := range names {
		a, ok := WellKnownAPIByName(name)
		if !ok || a.ClientID != clientID {
			t.Fatalf("%s: %+v %v", name, a, ok)
		}
		if b, ok := WellKnownAPIByClientID(strings.ToUpper(clientID)); !ok || b.Name != name {
			t.Errorf("by client id %s: %+v", clientID, b)
		}
		if fmt.Sprint(a.Scopes) != fmt.Sprint(want[clientID]) {
			t.Errorf("%s scopes %v, want %v", name, a.Scopes, want[clientID])
		}
		for _, id := range a.Scopes {
			if _, err := uuid.Parse(id); id != "" && err != nil {
				t.Errorf("%s: %q is not a GUID", name, id)
			}
		}
	}
	if ci, _ := WellKnownAPIByName("customer_insights"); ci.Complete() || ci.DisplayName != "Dynamics 365 Customer Insights" {
		t.Errorf("customer insights: %+v complete=%v", ci, ci.Complete())
	}
	if g, _ := WellKnownAPIByName("microsoft_graph"); !g.Complete() || g.DisplayName != "Microsoft Graph" {
		t.Errorf("graph: %+v", g)
	}
	if _, ok := WellKnownAPIByName("Microsoft_Graph"); ok {
		t.Error("names must match exactly: they end up in state")
	}
}

func TestWellKnownAPIsAreCopies(t *testing.T) {
	a, _ := WellKnownAPIByName("microsoft_graph")
	a.Scopes["openid"] = "changed"
	WellKnownAPIs()[0].Scopes["email"] = "changed"
	b, _ := WellKnownAPIByName("microsoft_graph")
	if b.Scopes["openid"] == "changed" || b.Scopes["email"] == "changed" {
		t.Fatal("callers can change the table")
	}
}

// fakeFinder is a tenant with some service principals; it counts lookups.
type fakeFinder struct {
	sps   map[string]*ServicePrincipal
	err   error
	calls int
}

func (f *fakeFinder) FindServicePrincipal(_ context.Context, clientID string) (*ServicePrincipal, error) {
	f.calls++
	if f.err != nil {
		return nil, f.err
	}
	if sp, ok := f.sps[clientID]; ok {
		return sp, nil
	}
	return nil, fmt.Errorf("service principal of API %s: %w", clientID, ErrNotFound)
}

const ciScopeID = "11111111-2222-3333-4444-555555555555"

func tenant() *fakeFinder {
	graphScopes := []Permission{{ID: "e1fe6dd8-ba31-4d61-89e7-88639da4683d", Value: "User.Read", Enabled: true}, {ID: "aaaaaaaa-0000-0000-0000-000000000001", Value: "Mail.Read", Enabled: true}, {ID: "aaaaaaaa-0000-0000-0000-000000000003", Value: "Legacy.Thing", Enabled: false}}
	for i := range 40 {
		graphScopes = append(graphScopes, Permission{ID: uuid.NewString(), Value: fmt.Sprintf("Filler%02d.Read", i), Enabled: true})
	}
	return &fakeFinder{sps: map[string]*ServicePrincipal{
		MicrosoftGraphClientID: {ClientID: MicrosoftGraphClientID, DisplayName: "Microsoft Graph", Scopes: graphScopes,
			Roles: []Permission{{ID: "bbbbbbbb-0000-0000-0000-000000000001", Value: "User.Read.All", Enabled: true}}},
		CustomerInsightsClientID: {ClientID: CustomerInsightsClientID, DisplayName: "Dynamics 365 Customer Insights",
			Scopes: []Permission{{ID: ciScopeID, Value: "user_impersonation", Enabled: true}}},
		"99999999-0000-0000-0000-000000000000": {ClientID: "99999999-0000-0000-0000-000000000000", DisplayName: "Contoso API",
			Scopes: []Permission{{ID: "cccccccc-0000-0000-0000-000000000001", Value: "read", Enabled: true}}},
	}}
}

func mustRef(t *testing.T, api string) APIRef {
	t.Helper()
	ref, err := ParseAPIRef(api)
	if err != nil {
		t.Fatal(err)
	}
	return ref
}

func TestParseAPIRef(t *testing.T) {
	if r := mustRef(t, "00000007-0000-0000-C000-000000000000"); r.WellKnown == nil || r.ConfigName() != "dynamics_crm" || r.ClientID != DynamicsCRMClientID {
		t.Errorf("client id of a well-known API: %+v", r)
	}
	if r := mustRef(t, "99999999-0000-0000-0000-000000000000"); r.WellKnown != nil || r.ConfigName() != r.ClientID {
		t.Errorf("other API: %+v", r)
	}
	for _, bad := range []string{"graph", "", "{99999999-0000-0000-0000-000000000000}", "urn:uuid:99999999-0000-0000-0000-000000000000"} {
		_, err := ParseAPIRef(bad)
		if err == nil || !strings.Contains(err.Error(), "microsoft_graph, dynamics_crm, customer_insights") {
			t.Errorf("%q: %v", bad, err)
		}
	}
}

func TestResolveFromTableIsOffline(t *testing.T) {
	f := tenant()
	r := &Resolver{API: mustRef(t, "microsoft_graph"), Finder: f}
	p, err := r.Resolve(context.Background(), []string{"openid", "email", "offline_access"}, nil)
	if err != nil || f.calls != 0 {
		t.Fatalf("err %v, %d tenant calls", err, f.calls)
	}
	if p.Scopes["offline_access"] != "7427e0e9-2fba-42fe-b0c0-848c9e6a8182" || len(p.Scopes) != 3 || len(p.Roles) != 0 {
		t.Errorf("got %+v", p)
	}
	if a := p.Access(); len(a) != 3 || a[0].ID != "64a6cdd6-aab1-4aaf-94b8-3cc8405e90d0" || a[0].Type != AccessScope {
		t.Errorf("access not sorted by name: %+v", a)
	}
	// A GUID is an id, as Names reports ids it cannot name.
	p, err = r.Resolve(context.Background(), []string{"DDDDDDDD-0000-0000-0000-000000000000"}, nil)
	if err != nil || f.calls != 0 || p.Scopes["DDDDDDDD-0000-0000-0000-000000000000"] != "dddddddd-0000-0000-0000-000000000000" {
		t.Fatalf("GUID as a name: %+v %v, %d calls", p, err, f.calls)
	}
	// Ids the caller already knows (from state) also spare the tenant.
	r = &Resolver{API: mustRef(t, "customer_insights"), Finder: f, Known: Permissions{Scopes: map[string]string{"user_impersonation": ciScopeID}}}
	if _, err := r.Resolve(context.Background(), []string{"user_impersonation"}, nil); err != nil || f.calls != 0 {
		t.Fatalf("err %v, %d tenant calls", err, f.calls)
	}
}

func TestResolveAsksTheTenantOnce(t *testing.T) {
	f := tenant()
	r := &Resolver{API: mustRef(t, "microsoft_graph"), Finder: f}
	p, err := r.Resolve(context.Background(), []string{"openid", "Mail.Read"}, []string{"User.Read.All"})
	if err != nil {
		t.Fatal(err)
	}
	if f.calls != 1 || p.Scopes["Mail.Read"] != "aaaaaaaa-0000-0000-0000-000000000001" || p.Roles["User.Read.All"] != "bbbbbbbb-0000-0000-0000-000000000001" {
		t.Errorf("%d calls, %+v", f.calls, p)
	}
	if a := p.Access(); len(a) != 3 || a[2].Type != AccessRole {
		t.Errorf("roles come after scopes: %+v", a)
	}
	r = &Resolver{API: mustRef(t, "customer_insights"), Finder: f}
	if p, err := r.Resolve(context.Background(), []string{"user_impersonation"}, nil); err != nil || p.Scopes["user_impersonation"] != ciScopeID {
		t.Errorf("customer insights from the tenant: %+v %v", p, err)
	}
}

func TestResolveUnknownNamesListWhatIsOffered(t *testing.T) {
	f := tenant()
	r := &Resolver{API: mustRef(t, "customer_insights"), Finder: f}
	_, err := r.Resolve(context.Background(), []string{"user_impersonations"}, []string{"Admin"})
	var unknown *UnknownPermissionError
	if !errors.As(err, &unknown) || unknown.Name != "user_impersonations" {
		t.Fatalf("got %v", err)
	}
	msg := err.Error()
	for _, want := range []string{
		`Dynamics 365 Customer Insights (client id 38c77d00-5fcb-4cce-9d93-af4738258e3c) offers no delegated permission (scope) named "user_impersonations"; it offers: user_impersonation`,
		`offers no application permission (role) named "Admin"; it offers none of that kind`,
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q lacks %q", msg, want)
		}
	}
	// Many offered names: only the similar ones are listed.
	r = &Resolver{API: mustRef(t, "microsoft_graph"), Finder: f}
	_, err = r.Resolve(context.Background(), []string{"Mail.Raed", "Legacy.Thing", "zzzzzzzzzzzzzz"}, nil)
	msg = err.Error()
	for _, want := range []string{`named "Mail.Raed"; names close to it: Mail.Read (of 42 it offers`, `"Legacy.Thing" of Microsoft Graph (client id 00000003-0000-0000-c000-000000000000) is disabled`, `"zzzzzzzzzzzzzz"; it offers 42, none of them close`} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q lacks %q", msg, want)
		}
	}
	if strings.Contains(msg, "Filler") {
		t.Errorf("error lists unrelated names: %s", msg)
	}
}

func TestResolveMissingServicePrincipalSaysHowToAddIt(t *testing.T) {
	f := tenant()
	delete(f.sps, CustomerInsightsClientID)
	r := &Resolver{API: mustRef(t, "customer_insights"), Finder: f}
	_, err := r.Resolve(context.Background(), []string{"user_impersonation"}, nil)
	var missing *MissingServicePrincipalError
	if !errors.As(err, &missing) || !IsNotFound(err) {
		t.Fatalf("got %v", err)
	}
	for _, want := range []string{"no service principal for Dynamics 365 Customer Insights", "az ad sp create --id 38c77d00-5fcb-4cce-9d93-af4738258e3c", `POST /v1.0/servicePrincipals {"appId":"38c77d00-5fcb-4cce-9d93-af4738258e3c"}`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	// Other failures are not dressed up as a missing service principal.
	f = &fakeFinder{err: &GraphError{Status: 403, Code: "Authorization_RequestDenied"}}
	_, err = (&Resolver{API: mustRef(t, "customer_insights"), Finder: f}).Resolve(context.Background(), []string{"user_impersonation"}, nil)
	if !errors.Is(err, ErrForbidden) || errors.As(err, &missing) {
		t.Errorf("got %v", err)
	}
}

func TestNamesMapIDsBack(t *testing.T) {
	f := tenant()
	r := &Resolver{API: mustRef(t, "microsoft_graph"), Finder: f, Known: Permissions{Scopes: map[string]string{"custom-name": "aaaaaaaa-0000-0000-0000-000000000009"}}}
	p, err := r.Names(context.Background(), []ResourceAccess{
		{ID: "37F7F235-527C-4136-ACCD-4A02D197296E", Type: AccessScope}, // table, any case
		{ID: "aaaaaaaa-0000-0000-0000-000000000009", Type: AccessScope}, // known from state
	})
	if err != nil || f.calls != 0 || len(p.Scopes) != 2 || p.Scopes["openid"] == "" || p.Scopes["custom-name"] == "" {
		t.Fatalf("%+v %v, %d calls", p, err, f.calls)
	}
	p, err = r.Names(context.Background(), []ResourceAccess{
		{ID: "aaaaaaaa-0000-0000-0000-000000000001", Type: AccessScope}, // tenant
		{ID: "bbbbbbbb-0000-0000-0000-000000000001", Type: AccessRole},  // tenant
		{ID: "dddddddd-0000-0000-0000-000000000000", Type: AccessScope}, // nobody knows it
	})
	if err != nil || f.calls != 1 {
		t.Fatal(err, f.calls)
	}
	if p.Scopes["Mail.Read"] == "" || p.Roles["User.Read.All"] == "" || p.Scopes["dddddddd-0000-0000-0000-000000000000"] != "dddddddd-0000-0000-0000-000000000000" {
		t.Errorf("got %+v", p)
	}
	// A tenant without the API's service principal still reads: GUIDs stay.
	delete(f.sps, CustomerInsightsClientID)
	r = &Resolver{API: mustRef(t, "customer_insights"), Finder: f}
	if p, err := r.Names(context.Background(), []ResourceAccess{{ID: ciScopeID, Type: AccessScope}}); err != nil || p.Scopes[ciScopeID] != ciScopeID {
		t.Errorf("%+v %v", p, err)
	}
}

func TestDescribe(t *testing.T) {
	f := tenant()
	name, p, err := (&Resolver{API: mustRef(t, "dynamics_crm"), Finder: f}).Describe(context.Background())
	if err != nil || f.calls != 0 || name != "Dynamics CRM" || p.Scopes["user_impersonation"] != "78ce3f0f-a1ce-49c2-8cde-64b5c0896db4" || p.Roles == nil {
		t.Fatalf("dynamics: %q %+v %v, %d calls", name, p, err, f.calls)
	}
	name, p, err = (&Resolver{API: mustRef(t, "customer_insights"), Finder: f}).Describe(context.Background())
	if err != nil || f.calls != 1 || name != "Dynamics 365 Customer Insights" || p.Scopes["user_impersonation"] != ciScopeID {
		t.Fatalf("customer insights: %q %+v %v", name, p, err)
	}
	name, p, err = (&Resolver{API: mustRef(t, "99999999-0000-0000-0000-000000000000"), Finder: f}).Describe(context.Background())
	if err != nil || name != "Contoso API" || len(p.Scopes) != 1 || len(p.Roles) != 0 {
		t.Fatalf("other API: %q %+v %v", name, p, err)
	}
	if _, _, err := (&Resolver{API: mustRef(t, "88888888-0000-0000-0000-000000000000"), Finder: f}).Describe(context.Background()); !strings.Contains(fmt.Sprint(err), "az ad sp create --id 88888888-0000-0000-0000-000000000000") {
		t.Errorf("unknown API: %v", err)
	}
}

func TestResolveRefusesOnePermissionUnderTwoNames(t *testing.T) {
	r := &Resolver{API: mustRef(t, "microsoft_graph"), Finder: tenant()}
	_, err := r.Resolve(context.Background(), []string{"openid", "37f7f235-527c-4136-accd-4a02d197296e", "email"}, nil)
	var twice *DuplicatePermissionError
	if !errors.As(err, &twice) || !strings.Contains(err.Error(), "37f7f235-527c-4136-accd-4a02d197296e and openid are the same permission") {
		t.Fatalf("got %v", err)
	}
}
