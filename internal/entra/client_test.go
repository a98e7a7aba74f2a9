package entra_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/emulator"
	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/emulator/emuhttp"
	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/emulator/graphapi"
	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/entra"
	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/entra/signin"
)

var ca *emuhttp.CA

// TestMain trusts one emulator CA for the whole process, as the provider
// does through SSL_CERT_FILE.
func TestMain(m *testing.M) {
	var err error
	if ca, err = emuhttp.NewCA(); err != nil {
		panic(err)
	}
	dir, err := os.MkdirTemp("", "entra-test-")
	if err != nil {
		panic(err)
	}
	file := filepath.Join(dir, "ca.pem")
	if err := ca.WriteFile(file); err != nil {
		panic(err)
	}
	os.Setenv("SSL_CERT_FILE", file)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

var fast = entra.RetryPolicy{InitialDelay: 20 * time.Millisecond, MaxDelay: 200 * time.Millisecond, MaxElapsed: 30 * time.Second}

func newClient(t testing.TB) (*entra.Client, *emulator.Emulator) {
	t.Helper()
	emu, err := emulator.Start(emulator.Options{CA: ca})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(emu.Close)
	cred, err := signin.NewCredential(signin.Config{TenantID: emu.TenantID(), ClientID: emu.ClientID, ClientSecret: emu.ClientSecret, AuthorityHost: emu.LoginURL})
	if err != nil {
		t.Fatal(err)
	}
	client, err := entra.New(entra.Config{Credential: cred, GraphEndpoint: emu.GraphURL, Scope: emu.GraphURL + "/.default", Policy: fast})
	if err != nil {
		t.Fatal(err)
	}
	return client, emu
}

func TestApplicationLifecycle(t *testing.T) {
	client, emu := newClient(t)
	ctx := context.Background()
	app, err := client.CreateApplication(ctx, entra.ApplicationFields{DisplayName: "lifecycle", SignInAudience: "AzureADMultipleOrgs", Description: "d", Tags: []string{"a"}})
	if err != nil {
		t.Fatal(err)
	}
	if app.ObjectID == "" || app.ClientID == "" || app.ObjectID == app.ClientID || app.Description != "d" {
		t.Fatalf("created %+v", app)
	}
	byClient, err := client.GetApplicationByClientID(ctx, app.ClientID)
	if err != nil || byClient.ObjectID != app.ObjectID {
		t.Fatalf("by client id: %+v, %v", byClient, err)
	}
	// Clearing the description must send null, not leave it.
	if err := client.UpdateApplication(ctx, app.ObjectID, entra.ApplicationFields{DisplayName: "renamed", SignInAudience: "AzureADMyOrg"}); err != nil {
		t.Fatal(err)
	}
	stored, _ := emu.Graph.Application(app.ObjectID)
	if stored.DisplayName != "renamed" || stored.Description != nil || len(stored.Tags) != 0 || stored.SignInAudience != "AzureADMyOrg" {
		t.Fatalf("Graph holds %q, description %v, tags %v", stored.DisplayName, stored.Description, stored.Tags)
	}
	if err := client.DeleteApplication(ctx, app.ObjectID); err != nil {
		t.Fatal(err)
	}
	if _, err := client.GetApplication(ctx, app.ObjectID); !entra.IsNotFound(err) {
		t.Fatalf("after delete: %v, want not found", err)
	}
	// Deleting what is gone is success: Terraform's destroy after a manual delete.
	if err := client.DeleteApplication(ctx, app.ObjectID); err != nil {
		t.Fatalf("second delete: %v", err)
	}
}

// The common create is one write and no read: the POST under a uniqueName.
// Its pending mark is ended by the first slice write, which is another
// resource's (create.go): that PATCH carries it, and no request is added.
func TestCreateIsOnePostUnderAUniqueNameAndTheFirstSliceWriteEndsItsMark(t *testing.T) {
	client, emu := newClient(t)
	emu.Log.Reset()
	ctx := context.Background()
	app, err := client.CreateApplication(ctx, entra.ApplicationFields{DisplayName: "one write", SignInAudience: "AzureADMultipleOrgs"})
	if err != nil {
		t.Fatal(err)
	}
	posts, writes := emu.Log.Count("graph", "POST", "/v1.0/applications"), emu.Log.Writes("graph")
	if app.UniqueName == "" || posts != 1 || writes != 1 || emu.Log.Count("graph", "GET", "") != 0 {
		t.Fatalf("unique name %q, %d POST, %d writes; want a key, 1 POST, nothing else. Log:\n%s", app.UniqueName, posts, writes, emu.Log.Summary())
	}
	if !strings.Contains(pendingMark(emu, app.ObjectID), "pending") {
		t.Fatalf("a new application is marked %q, want pending", pendingMark(emu, app.ObjectID))
	}
	if err := client.ClaimRedirectURIs(ctx, app.ObjectID, []string{"https://api-eu.unified.to/oauth/code"}); err != nil {
		t.Fatal(err)
	}
	if mark := pendingMark(emu, app.ObjectID); mark != "" && mark != "null" {
		t.Errorf("after the first slice write the application is still marked %s", mark)
	}
	if n := emu.Log.Count("graph", "PATCH", ""); n != 1 {
		t.Errorf("the slice write took %d PATCHes, want 1 carrying the mark's end", n)
	}
}

// The application's own writes in its Create (branding) come before
// Terraform has recorded it, so they leave the pending mark alone.
func TestBrandingInTheCreateLeavesThePendingMark(t *testing.T) {
	client, emu := newClient(t)
	app := newBrandedApplication(t, client)
	if !strings.Contains(pendingMark(emu, app.ObjectID), "pending") {
		t.Fatalf("after branding the application is marked %q, want still pending", pendingMark(emu, app.ObjectID))
	}
}

func TestRefreshReadsDoNotRetryNotFound(t *testing.T) {
	client, emu := newClient(t)
	emu.Log.Reset()
	_, err := client.GetApplication(context.Background(), "8d1b8a1c-0000-4000-8000-000000000000")
	if !entra.IsNotFound(err) {
		t.Fatalf("got %v, want not found", err)
	}
	if n := emu.Log.Count("graph", "GET", ""); n != 1 {
		t.Errorf("a refresh of a missing object made %d GETs, want 1: a 404 there is the truth", n)
	}
}

func TestWritesRideOutReplicationLag(t *testing.T) {
	client, emu := newClient(t)
	emu.Graph.SetReplicationLag(500 * time.Millisecond)
	ctx := context.Background()
	app, err := client.CreateApplication(ctx, entra.ApplicationFields{DisplayName: "lag", SignInAudience: "AzureADMultipleOrgs"})
	if err != nil {
		t.Fatal(err)
	}
	if err := client.SetRedirectURIs(ctx, app.ObjectID, []string{"https://api.unified.to/oauth/code"}); err != nil {
		t.Fatal(err)
	}
	if countStatus(emu, 404)+countStatus(emu, 409) == 0 {
		t.Fatalf("the emulator never answered 404/409, so the lag was not exercised:\n%s", emu.Log.Summary())
	}
}

func TestThrottlingWaitsRetryAfterAndResendsTheBody(t *testing.T) {
	client, emu := newClient(t)
	ctx := context.Background()
	app, err := client.CreateApplication(ctx, entra.ApplicationFields{DisplayName: "throttle", SignInAudience: "AzureADMultipleOrgs"})
	if err != nil {
		t.Fatal(err)
	}
	emu.GraphFaults.Throttle(1, time.Second)
	start := time.Now()
	if err := client.UpdateApplication(ctx, app.ObjectID, entra.ApplicationFields{DisplayName: "after 429", SignInAudience: "AzureADMultipleOrgs"}); err != nil {
		t.Fatal(err)
	}
	if elapsed := time.Since(start); elapsed < time.Second {
		t.Errorf("retried after %v, before Retry-After (1s)", elapsed)
	}
	if stored, _ := emu.Graph.Application(app.ObjectID); stored.DisplayName != "after 429" {
		t.Errorf("the retried PATCH did not arrive whole: Graph holds %q", stored.DisplayName)
	}
}

// Terraform applies ten resources at once; resources owning slices of one
// application must not lose each other's writes.
func TestConcurrentSliceOwnersKeepEachOthersWrites(t *testing.T) {
	client, emu := newClient(t)
	emu.GraphFaults.SetLatency(5 * time.Millisecond)
	ctx := context.Background()
	app, err := client.CreateApplication(ctx, entra.ApplicationFields{DisplayName: "shared", SignInAudience: "AzureADMultipleOrgs"})
	if err != nil {
		t.Fatal(err)
	}
	apis := []string{"00000003-0000-0000-c000-000000000000", "00000007-0000-0000-c000-000000000000", "38c77d00-5fcb-4cce-9d93-af4738258e3c"}
	// A scope each API offers: Graph refuses ids the API does not.
	scopes := []string{"37f7f235-527c-4136-accd-4a02d197296e", "78ce3f0f-a1ce-49c2-8cde-64b5c0896db4", graphapi.CustomerInsightsUserImpersonationID}
	var wg sync.WaitGroup
	errs := make(chan error, len(apis)+1)
	for i, api := range apis {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- client.SetRequiredResourceAccess(ctx, app.ObjectID, api, []entra.ResourceAccess{{ID: scopes[i], Type: entra.AccessScope}})
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		errs <- client.SetRedirectURIs(ctx, app.ObjectID, []string{"https://api-eu.unified.to/oauth/code"})
	}()
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	stored, _ := emu.Graph.Application(app.ObjectID)
	var got []string
	for _, rra := range stored.RequiredResourceAccess {
		got = append(got, rra.ResourceAppID)
	}
	slices.Sort(got)
	if !slices.Equal(got, apis) || !slices.Equal(stored.Web.RedirectURIs, []string{"https://api-eu.unified.to/oauth/code"}) {
		t.Fatalf("lost writes: APIs %v, redirect URIs %v", got, stored.Web.RedirectURIs)
	}
}

func TestSecretsWaitUntilReadsAgree(t *testing.T) {
	client, emu := newClient(t)
	ctx := context.Background()
	app, err := client.CreateApplication(ctx, entra.ApplicationFields{DisplayName: "secrets", SignInAudience: "AzureADMultipleOrgs"})
	if err != nil {
		t.Fatal(err)
	}
	emu.Graph.SetSecretLag(300 * time.Millisecond)
	added, err := client.AddPassword(ctx, app.ObjectID, entra.PasswordInput{DisplayName: "unified.to"})
	if err != nil {
		t.Fatal(err)
	}
	if len(added.SecretText) != 40 || added.Hint != added.SecretText[:3] {
		t.Fatalf("secret %d characters, hint %q", len(added.SecretText), added.Hint)
	}
	// AddPassword returned, so a read now must see the secret.
	if _, err := client.GetPassword(ctx, app.ObjectID, added.KeyID); err != nil {
		t.Fatalf("the new secret is not visible after AddPassword returned: %v", err)
	}
	if err := client.RemovePassword(ctx, app.ObjectID, added.KeyID); err != nil {
		t.Fatal(err)
	}
	if _, err := client.GetPassword(ctx, app.ObjectID, added.KeyID); !errors.Is(err, entra.ErrNotFound) {
		t.Fatalf("the removed secret is still visible after RemovePassword returned: %v", err)
	}
}

func countStatus(emu *emulator.Emulator, status int) int {
	n := 0
	for _, e := range emu.Log.Entries() {
		if e.Service == "graph" && e.Status == status {
			n++
		}
	}
	return n
}

// Two resources for one API created at the same moment: exactly one may
// win, the other must be refused rather than overwrite it later.
func TestConcurrentClaimsOfOneSliceLetExactlyOneWin(t *testing.T) {
	client, emu := newClient(t)
	emu.GraphFaults.SetLatency(5 * time.Millisecond)
	ctx := context.Background()
	app, err := client.CreateApplication(ctx, entra.ApplicationFields{DisplayName: "claims", SignInAudience: "AzureADMultipleOrgs"})
	if err != nil {
		t.Fatal(err)
	}
	const api = "00000003-0000-0000-c000-000000000000"
	errs := make(chan error, 2)
	for _, id := range []string{"37f7f235-527c-4136-accd-4a02d197296e", "64a6cdd6-aab1-4aaf-94b8-3cc8405e90d0"} {
		go func() {
			errs <- client.ClaimRequiredResourceAccess(ctx, app.ObjectID, api, []entra.ResourceAccess{{ID: id, Type: entra.AccessScope}})
		}()
	}
	var won, refused int
	for range 2 {
		var taken *entra.SliceTakenError
		switch err := <-errs; {
		case err == nil:
			won++
		case errors.As(err, &taken):
			refused++
		default:
			t.Fatal(err)
		}
	}
	if won != 1 || refused != 1 {
		t.Fatalf("%d claims won and %d were refused, want 1 and 1", won, refused)
	}
	// Claiming what is already there is adoption, not a conflict.
	stored, _ := emu.Graph.Application(app.ObjectID)
	have := stored.RequiredResourceAccess[0].ResourceAccess[0].ID
	if err := client.ClaimRequiredResourceAccess(ctx, app.ObjectID, api, []entra.ResourceAccess{{ID: have, Type: entra.AccessScope}}); err != nil {
		t.Fatalf("claiming the entry as it is: %v", err)
	}
}

func TestDeleteWaitsUntilReadsStopReturningTheApplication(t *testing.T) {
	client, emu := newClient(t)
	ctx := context.Background()
	app, err := client.CreateApplication(ctx, entra.ApplicationFields{DisplayName: "deleting", SignInAudience: "AzureADMultipleOrgs"})
	if err != nil {
		t.Fatal(err)
	}
	emu.Graph.SetDeleteLag(300 * time.Millisecond)
	emu.Log.Reset()
	if err := client.DeleteApplication(ctx, app.ObjectID); err != nil {
		t.Fatal(err)
	}
	if n := emu.Log.Count("graph", "GET", "/v1.0/applications/{id}"); n < 2 {
		t.Errorf("delete returned after %d reads: it did not wait out the delete lag", n)
	}
	app2, _ := client.CreateApplication(ctx, entra.ApplicationFields{DisplayName: "deleting", SignInAudience: "AzureADMultipleOrgs"})
	emu.Graph.SetDeleteLag(time.Minute)
	short, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
	defer cancel()
	if err := client.DeleteApplication(short, app2.ObjectID); !errors.Is(err, entra.ErrNotConverged) {
		t.Errorf("a delete whose reads never agree: %v, want ErrNotConverged", err)
	}
}
