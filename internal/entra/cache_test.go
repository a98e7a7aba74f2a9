package entra_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/emulator"
	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/entra"
	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/entra/signin"
)

// process is another client of the same emulator: what the next terraform
// command's provider process is.
func process(t testing.TB, emu *emulator.Emulator) *entra.Client {
	t.Helper()
	cred, err := signin.NewCredential(signin.Config{TenantID: emu.TenantID(), ClientID: emu.ClientID, ClientSecret: emu.ClientSecret, AuthorityHost: emu.LoginURL})
	if err != nil {
		t.Fatal(err)
	}
	client, err := entra.New(entra.Config{Credential: cred, GraphEndpoint: emu.GraphURL, Scope: emu.GraphURL + "/.default", Policy: fast})
	if err != nil {
		t.Fatal(err)
	}
	return client
}

const appRoute = "/v1.0/applications/{id}"

// guideApp creates an application with what the guide gives it: redirect
// URIs, two APIs' permissions and a secret.
func guideApp(t *testing.T, client *entra.Client) (*entra.Application, *entra.PasswordCredential) {
	t.Helper()
	ctx := context.Background()
	app, err := client.CreateApplication(ctx, entra.ApplicationFields{DisplayName: "fleet", SignInAudience: "AzureADMultipleOrgs"})
	if err != nil {
		t.Fatal(err)
	}
	if err := client.SetRedirectURIs(ctx, app.ObjectID, []string{"https://api-eu.unified.to/oauth/code"}); err != nil {
		t.Fatal(err)
	}
	// Each API's own scope (openid, user_impersonation): Graph refuses a
	// permission id the API does not offer.
	for api, scope := range map[string]string{graphAPI: "37f7f235-527c-4136-accd-4a02d197296e", dynamicsAPI: "78ce3f0f-a1ce-49c2-8cde-64b5c0896db4"} {
		if err := client.SetRequiredResourceAccess(ctx, app.ObjectID, api, []entra.ResourceAccess{{ID: scope, Type: entra.AccessScope}}); err != nil {
			t.Fatal(err)
		}
	}
	secret, err := client.AddPassword(ctx, app.ObjectID, entra.PasswordInput{DisplayName: "unified.to"})
	if err != nil {
		t.Fatal(err)
	}
	return app, secret
}

const (
	graphAPI    = "00000003-0000-0000-c000-000000000000"
	dynamicsAPI = "00000007-0000-0000-c000-000000000000"
)

// A refresh of the guide's five resources, all at once or one after the
// other, reads the application once.
func TestRefreshOfEveryResourceOfOneApplicationReadsItOnce(t *testing.T) {
	writer, emu := newClient(t)
	emu.GraphFaults.SetLatency(20 * time.Millisecond)
	app, secret := guideApp(t, writer)
	plan := process(t, emu)
	ctx := context.Background()
	emu.Log.Reset()
	reads := []func() error{
		func() error { _, err := plan.GetApplication(ctx, app.ObjectID); return err },
		func() error { _, err := plan.GetApplication(ctx, app.ObjectID); return err },
		func() error { _, err := plan.GetApplication(ctx, app.ObjectID); return err },
		func() error { _, err := plan.GetPassword(ctx, app.ObjectID, secret.KeyID); return err },
	}
	var wg sync.WaitGroup
	errs := make(chan error, len(reads))
	for _, read := range reads {
		wg.Add(1)
		go func() { defer wg.Done(); errs <- read() }()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if _, err := plan.GetApplication(ctx, app.ObjectID); err != nil { // later, as a dependent's refresh
		t.Fatal(err)
	}
	if n := emu.Log.Count("graph", "GET", appRoute); n != 1 {
		t.Fatalf("a refresh made %d GETs of the application, want 1:\n%s", n, emu.Log.Summary())
	}
	for _, e := range emu.Log.Entries() {
		if e.Method == http.MethodGet && e.Route == appRoute && e.Status != http.StatusOK {
			t.Fatalf("the read answered %d", e.Status)
		}
	}
}

// Each terraform command is a new provider process: a change made between
// two plans shows in the second, on every slice.
func TestDriftBetweenTwoPlansShows(t *testing.T) {
	writer, emu := newClient(t)
	app, secret := guideApp(t, writer)
	ctx := context.Background()
	first := process(t, emu)
	before, err := first.GetApplication(ctx, app.ObjectID)
	if err != nil {
		t.Fatal(err)
	}
	// Someone changes everything in the portal.
	portal := process(t, emu)
	if err := portal.UpdateApplication(ctx, app.ObjectID, entra.ApplicationFields{DisplayName: "renamed", SignInAudience: "AzureADMultipleOrgs"}); err != nil {
		t.Fatal(err)
	}
	if err := portal.SetRedirectURIs(ctx, app.ObjectID, []string{"https://api.unified.to/oauth/code"}); err != nil {
		t.Fatal(err)
	}
	if err := portal.SetRequiredResourceAccess(ctx, app.ObjectID, dynamicsAPI, nil); err != nil {
		t.Fatal(err)
	}
	if err := portal.RemovePassword(ctx, app.ObjectID, secret.KeyID); err != nil {
		t.Fatal(err)
	}
	second := process(t, emu)
	after, err := second.GetApplication(ctx, app.ObjectID)
	if err != nil {
		t.Fatal(err)
	}
	if after.DisplayName != "renamed" || !slices.Equal(after.Web.RedirectURIs, []string{"https://api.unified.to/oauth/code"}) || len(after.RequiredResourceAccess) != 1 {
		t.Fatalf("the second plan read %+v, not the portal's changes (first plan read %+v)", after, before)
	}
	if _, err := second.GetPassword(ctx, app.ObjectID, secret.KeyID); !errors.Is(err, entra.ErrNotFound) {
		t.Fatalf("the second plan still sees the removed secret: %v", err)
	}
}

// A write followed by a read in the same process sees the write, even
// though the object was read (and cached) before.
func TestWriteThenReadInOneProcessSeesTheWrite(t *testing.T) {
	writer, emu := newClient(t)
	app, _ := guideApp(t, writer)
	ctx := context.Background()
	client := process(t, emu)
	if _, err := client.GetApplication(ctx, app.ObjectID); err != nil {
		t.Fatal(err)
	}
	if err := client.SetRedirectURIs(ctx, app.ObjectID, []string{"https://api-au.unified.to/oauth/code"}); err != nil {
		t.Fatal(err)
	}
	if got, err := client.GetApplication(ctx, app.ObjectID); err != nil || !slices.Equal(got.Web.RedirectURIs, []string{"https://api-au.unified.to/oauth/code"}) {
		t.Fatalf("after writing redirect URIs the same process read %+v, %v", got, err)
	}
	if err := client.UpdateApplication(ctx, app.ObjectID, entra.ApplicationFields{DisplayName: "updated", SignInAudience: "AzureADMultipleOrgs"}); err != nil {
		t.Fatal(err)
	}
	if got, err := client.GetApplication(ctx, app.ObjectID); err != nil || got.DisplayName != "updated" {
		t.Fatalf("after an update the same process read %+v, %v", got, err)
	}
	added, err := client.AddPassword(ctx, app.ObjectID, entra.PasswordInput{DisplayName: "second"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := client.GetPassword(ctx, app.ObjectID, added.KeyID); err != nil {
		t.Fatalf("after adding a secret the same process does not see it: %v", err)
	}
}

// A read that began before a write may answer what it read; a read that
// begins after the write was sent never joins it.
func TestReadStartedAfterAWriteDoesNotJoinAnEarlierRead(t *testing.T) {
	writer, emu := newClient(t)
	app, _ := guideApp(t, writer)
	ctx := context.Background()
	client := process(t, emu)
	emu.GraphFaults.SetLatency(300 * time.Millisecond)
	slow := make(chan error, 1)
	go func() { _, err := client.GetApplication(ctx, app.ObjectID); slow <- err }()
	time.Sleep(50 * time.Millisecond) // the slow read is on its way
	emu.GraphFaults.SetLatency(0)
	if err := client.SetRedirectURIs(ctx, app.ObjectID, []string{"https://api-us.unified.to/oauth/code"}); err != nil {
		t.Fatal(err)
	}
	got, err := client.GetApplication(ctx, app.ObjectID)
	if err != nil || !slices.Equal(got.Web.RedirectURIs, []string{"https://api-us.unified.to/oauth/code"}) {
		t.Fatalf("a read after the write answered %+v, %v", got, err)
	}
	if err := <-slow; err != nil {
		t.Fatal(err)
	}
}

// Concurrent writers of one application lose no update, whether the
// process created the application (and builds on its write base) or reads
// it first; and a refused change fails alone, without taking the others
// down with it.
func TestConcurrentWritersOfOneApplicationLoseNoUpdate(t *testing.T) {
	for _, created := range []bool{true, false} {
		t.Run(fmt.Sprintf("createdInProcess=%v", created), func(t *testing.T) {
			client, emu := newClient(t)
			emu.GraphFaults.SetLatency(10 * time.Millisecond)
			ctx := context.Background()
			app, err := client.CreateApplication(ctx, entra.ApplicationFields{DisplayName: "writers", SignInAudience: "AzureADMultipleOrgs"})
			if err != nil {
				t.Fatal(err)
			}
			if !created {
				client = process(t, emu)
			}
			emu.Log.Reset()
			var apis []string
			for i := range 8 {
				apis = append(apis, fmt.Sprintf("00000000-0000-0000-0000-0000000000%02d", i+10))
			}
			var wg sync.WaitGroup
			errs := make([]error, len(apis))
			for i, api := range apis {
				wg.Add(1)
				go func() {
					defer wg.Done()
					errs[i] = client.ClaimRequiredResourceAccess(ctx, app.ObjectID, api, []entra.ResourceAccess{{ID: "37f7f235-527c-4136-accd-4a02d197296e", Type: entra.AccessScope}})
				}()
			}
			var redirectErr, badErr error
			wg.Add(2)
			go func() {
				defer wg.Done()
				redirectErr = client.ClaimRedirectURIs(ctx, app.ObjectID, []string{"https://api-eu.unified.to/oauth/code"})
			}()
			go func() {
				defer wg.Done()
				// Graph refuses a permission whose id is not a GUID.
				badErr = client.SetRequiredResourceAccess(ctx, app.ObjectID, "00000000-0000-0000-0000-000000000099", []entra.ResourceAccess{{ID: "not-a-guid", Type: "Neither"}})
			}()
			wg.Wait()
			for _, err := range append(errs, redirectErr) {
				if err != nil {
					t.Fatal(err)
				}
			}
			if badErr == nil {
				t.Fatal("the invalid permission was accepted")
			}
			stored, _ := emu.Graph.Application(app.ObjectID)
			var got []string
			for _, rra := range stored.RequiredResourceAccess {
				got = append(got, rra.ResourceAppID)
			}
			slices.Sort(got)
			if !slices.Equal(got, apis) || !slices.Equal(stored.Web.RedirectURIs, []string{"https://api-eu.unified.to/oauth/code"}) {
				t.Fatalf("lost or wrong writes: APIs %v (want %v), redirect URIs %v", got, apis, stored.Web.RedirectURIs)
			}
			t.Logf("%d slice writes took %d PATCHes and %d GETs", len(apis)+2, emu.Log.Count("graph", "PATCH", appRoute), emu.Log.Count("graph", "GET", appRoute))
		})
	}
}
