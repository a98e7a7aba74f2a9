package entra_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/entra"
)

// The slice owners of a new application (redirect URIs, two APIs'
// permissions) get their turns from Terraform some tens of milliseconds
// apart. Their writes still go out as one PATCH, and each keeps its slice.
func TestSliceWritesOfANewApplicationArrivingApartGoOutAsOnePatch(t *testing.T) {
	client, emu := newClient(t)
	ctx := context.Background()
	app, err := client.CreateApplication(ctx, entra.ApplicationFields{DisplayName: "siblings", SignInAudience: "AzureADMultipleOrgs"})
	if err != nil {
		t.Fatal(err)
	}
	emu.Log.Reset()
	writes := []func() error{
		func() error {
			return client.ClaimRedirectURIs(ctx, app.ObjectID, []string{"https://api-eu.unified.to/oauth/code"})
		},
		func() error {
			return client.ClaimRequiredResourceAccess(ctx, app.ObjectID, graphAPI, []entra.ResourceAccess{{ID: "37f7f235-527c-4136-accd-4a02d197296e", Type: entra.AccessScope}})
		},
		func() error {
			return client.ClaimRequiredResourceAccess(ctx, app.ObjectID, dynamicsAPI, []entra.ResourceAccess{{ID: "78ce3f0f-a1ce-49c2-8cde-64b5c0896db4", Type: entra.AccessScope}})
		},
	}
	var wg sync.WaitGroup
	errs := make([]error, len(writes))
	for i, write := range writes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			time.Sleep(time.Duration(i) * 30 * time.Millisecond)
			errs[i] = write()
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	stored, _ := emu.Graph.Application(app.ObjectID)
	if len(stored.RequiredResourceAccess) != 2 || len(stored.Web.RedirectURIs) != 1 {
		t.Fatalf("Graph holds %d APIs and redirect URIs %v; want 2 and the one written", len(stored.RequiredResourceAccess), stored.Web.RedirectURIs)
	}
	if patches, gets := emu.Log.Count("graph", "PATCH", appRoute), emu.Log.Count("graph", "GET", appRoute); patches != 1 || gets != 0 {
		t.Fatalf("three slice writes 30 ms apart took %d PATCHes and %d GETs; want 1 and 0:\n%s", patches, gets, emu.Log.Summary())
	}
}
