package entra_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/entra"
)

// guideSliceWrites are the guide's slice writes of one application: its
// redirect URIs and the permissions it asks of two APIs.
func guideSliceWrites(client *entra.Client, objectID string) []func() error {
	ctx := context.Background()
	return []func() error{
		func() error {
			return client.ClaimRedirectURIs(ctx, objectID, []string{"https://api-eu.unified.to/oauth/code"})
		},
		func() error {
			return client.ClaimRequiredResourceAccess(ctx, objectID, graphAPI, []entra.ResourceAccess{{ID: "37f7f235-527c-4136-accd-4a02d197296e", Type: entra.AccessScope}})
		},
		func() error {
			return client.ClaimRequiredResourceAccess(ctx, objectID, dynamicsAPI, []entra.ResourceAccess{{ID: "78ce3f0f-a1ce-49c2-8cde-64b5c0896db4", Type: entra.AccessScope}})
		},
	}
}

// writeApart starts each write gap after the one before, as Terraform's
// parallelism semaphore starts sibling resources, and fails t on an error.
func writeApart(t *testing.T, gap time.Duration, writes ...func() error) {
	t.Helper()
	var wg sync.WaitGroup
	errs := make([]error, len(writes))
	for i, write := range writes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			time.Sleep(time.Duration(i) * gap)
			errs[i] = write()
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
}

// newBrandedApplication creates an application and gives it a home page,
// as the application resource's Create does.
func newBrandedApplication(t *testing.T, client *entra.Client) *entra.Application {
	t.Helper()
	ctx := context.Background()
	app, err := client.CreateApplication(ctx, entra.ApplicationFields{DisplayName: "branded", SignInAudience: "AzureADMultipleOrgs"})
	if err != nil {
		t.Fatal(err)
	}
	if err := client.SetBranding(ctx, app.ObjectID, entra.Branding{HomePageURL: "https://example.com"}); err != nil {
		t.Fatal(err)
	}
	return app
}

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
	writeApart(t, 30*time.Millisecond, guideSliceWrites(client, app.ObjectID)...)
	stored, _ := emu.Graph.Application(app.ObjectID)
	if len(stored.RequiredResourceAccess) != 2 || len(stored.Web.RedirectURIs) != 1 {
		t.Fatalf("Graph holds %d APIs and redirect URIs %v; want 2 and the one written", len(stored.RequiredResourceAccess), stored.Web.RedirectURIs)
	}
	if patches, gets := emu.Log.Count("graph", "PATCH", appRoute), emu.Log.Count("graph", "GET", appRoute); patches != 1 || gets != 0 {
		t.Fatalf("three slice writes 30 ms apart took %d PATCHes and %d GETs; want 1 and 0:\n%s", patches, gets, emu.Log.Summary())
	}
}

// Branding is the application resource's own write, made in its Create
// before any slice owner can run: it neither waits for siblings nor uses up
// the wait of the slice owners that follow.
func TestBrandingOfANewApplicationLeavesTheGatherToItsSliceOwners(t *testing.T) {
	client, emu := newClient(t)
	app := newBrandedApplication(t, client)
	emu.Log.Reset()
	writeApart(t, 30*time.Millisecond, guideSliceWrites(client, app.ObjectID)[:2]...)
	if patches := emu.Log.Count("graph", "PATCH", appRoute); patches != 1 {
		t.Fatalf("after branding, two slice writes 30 ms apart took %d PATCHes; want 1", patches)
	}
	if stored, _ := emu.Graph.Application(app.ObjectID); stored.Web.HomePageURL == nil || *stored.Web.HomePageURL != "https://example.com" {
		t.Errorf("the slice writes lost the home page: %v", stored.Web.HomePageURL)
	}
}

// The holder of the lock has nothing to write and its deadline ends while
// it waits for siblings; a sibling with a context of its own still writes.
func TestAGatheredSiblingDoesNotFailWithTheHoldersDeadline(t *testing.T) {
	client, emu := newClient(t)
	app, err := client.CreateApplication(context.Background(), entra.ApplicationFields{DisplayName: "deadline", SignInAudience: "AzureADMultipleOrgs"})
	if err != nil {
		t.Fatal(err)
	}
	holderCtx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	var wg sync.WaitGroup
	var siblingErr error
	wg.Add(2)
	go func() {
		defer wg.Done()
		// Nothing to write: no entry for this API, and none asked for.
		_ = client.SetRequiredResourceAccess(holderCtx, app.ObjectID, dynamicsAPI, nil)
	}()
	go func() {
		defer wg.Done()
		time.Sleep(10 * time.Millisecond)
		siblingErr = client.ClaimRedirectURIs(context.Background(), app.ObjectID, []string{"https://api-eu.unified.to/oauth/code"})
	}()
	wg.Wait()
	if siblingErr != nil {
		t.Fatalf("the sibling, whose own context never ends, failed: %v", siblingErr)
	}
	if stored, _ := emu.Graph.Application(app.ObjectID); len(stored.Web.RedirectURIs) != 1 {
		t.Fatalf("the sibling's redirect URIs did not land: %v", stored.Web.RedirectURIs)
	}
}
