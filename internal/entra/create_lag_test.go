package entra_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/emulator/emuhttp"
	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/entra"
)

// A provider killed right after Graph made the application, and an apply
// started again at once, while the application replicates: the lookup of
// the key cannot see it yet, and the re-apply must still adopt it rather
// than move to the next key and orphan it.
func TestCreateApplicationRightAfterACrashDuringReplicationAdoptsIt(t *testing.T) {
	client, emu := newClient(t)
	emu.Graph.SetReplicationLag(2 * time.Second)
	crashed, _ := client.CreateApplication(context.Background(), crmApp) // then killed
	if crashed == nil {
		t.Fatal("setting up the crash: no application")
	}
	next, _ := newClientWithEmulator(t, emu)
	app, err := next.CreateApplication(context.Background(), crmApp)
	if err != nil {
		t.Fatal(err)
	}
	if app.ObjectID != crashed.ObjectID || len(activeApps(emu)) != 1 {
		t.Fatalf("re-apply made %s (%s); Graph holds %d applications; want the crashed %s adopted",
			app.ObjectID, app.UniqueName, len(activeApps(emu)), crashed.ObjectID)
	}
}

// A lost create answer while replication takes longer than the grace for
// 404s: the create still ends with one application.
func TestCreateApplicationWithALostAnswerDuringLongReplicationMakesOne(t *testing.T) {
	_, emu := newClient(t)
	client, _ := newClientWithEmulator(t, emu) // NotFoundGrace 500 ms
	emu.Graph.SetReplicationLag(2 * time.Second)
	emu.GraphFaults.OnlyFor(isCreate)
	emu.GraphFaults.LoseAnswers(1, emuhttp.Answer504)
	app, err := client.CreateApplication(context.Background(), crmApp)
	if err != nil {
		t.Fatal(err)
	}
	if ids := activeApps(emu); len(ids) != 1 || ids[0] != app.ObjectID {
		t.Fatalf("one create with a lost answer left applications %v (returned %s under %s)", ids, app.ObjectID, app.UniqueName)
	}
}

// An application left pending (its create failed at the last step) is
// deleted in the portal, and the next create reads the key from a replica
// that has not seen the DELETE: the application it sees is gone, and
// adopting it fails at Graph. The create moves to the next key instead of
// failing.
func TestCreateApplicationAfterDeletingAPendingOneDuringDeleteLag(t *testing.T) {
	client, emu := newClient(t)
	emu.GraphFaults.OnlyFor(func(r *http.Request) bool {
		return r.Method == http.MethodPatch && !strings.Contains(r.URL.Path, "uniqueName=")
	})
	emu.GraphFaults.FailNext(1000, http.StatusServiceUnavailable)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	pending, _ := client.CreateApplication(ctx, crmApp)
	cancel()
	emu.GraphFaults.FailNext(0, 0)
	if pending == nil {
		t.Fatal("setting up: no pending application")
	}
	emu.Graph.SetDeleteLag(time.Minute)
	if err := emu.Graph.DeleteApplication(pending.ObjectID); err != nil {
		t.Fatal(err)
	}
	next, _ := newClientWithEmulator(t, emu)
	app, err := next.CreateApplication(context.Background(), crmApp)
	if err != nil {
		t.Fatal(err)
	}
	if app.ObjectID == pending.ObjectID || app.UniqueName != pending.UniqueName+"-1" || len(activeApps(emu)) != 1 {
		t.Fatalf("created %s under %q after deleting %s (%q); want a new application under the next key",
			app.ObjectID, app.UniqueName, pending.ObjectID, pending.UniqueName)
	}
}

// A read of an application known to be new waits a 404 out as lag, but not
// when Graph's deleted items hold it: deleted outside Terraform moments
// after its create, it is gone at once.
func TestReadOfANewApplicationDeletedElsewhereIsNotFoundAtOnce(t *testing.T) {
	client, emu := newClient(t)
	app, err := client.CreateApplication(context.Background(), crmApp)
	if err != nil {
		t.Fatal(err)
	}
	if err := emu.Graph.DeleteApplication(app.ObjectID); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	start := time.Now()
	_, err = client.GetApplication(ctx, app.ObjectID)
	if !entra.IsNotFound(err) {
		t.Fatalf("got %v, want not found", err)
	}
	if n := emu.Log.Count("graph", "GET", "/v1.0/applications/{id}"); n != 1 {
		t.Errorf("%d reads of the application in %v; want 1, then the deleted items' answer", n, time.Since(start))
	}
}

// While it replicates, the same read waits.
func TestReadOfANewApplicationWaitsOutReplication(t *testing.T) {
	client, emu := newClient(t)
	emu.Graph.SetReplicationLag(time.Second)
	app, err := client.CreateApplication(context.Background(), crmApp)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := client.GetApplication(context.Background(), app.ObjectID); err != nil {
		t.Fatalf("a read during replication lag: %v", err)
	}
}

// Lag that outlasts the read's deadline is an error, not absence: a new
// application that deleted items do not hold is not gone, and reading it
// as gone would make Terraform forget it and create another.
func TestReadOfANewApplicationLaggingPastTheDeadlineIsAnErrorNotAbsence(t *testing.T) {
	client, emu := newClient(t)
	emu.Graph.SetReplicationLag(time.Minute)
	app, err := client.CreateApplication(context.Background(), crmApp)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	_, err = client.GetApplication(ctx, app.ObjectID)
	if err == nil || entra.IsNotFound(err) || !strings.Contains(err.Error(), "replication lag") {
		t.Fatalf("got %v; want an error saying the new application is not readable yet, not 'not found'", err)
	}
}

// A destroy right after the create, while the application replicates: the
// DELETE's 404 is lag, and the application is deleted, not left behind.
func TestDeleteOfANewApplicationDuringReplicationDeletesIt(t *testing.T) {
	client, emu := newClient(t)
	emu.Graph.SetReplicationLag(time.Second)
	app, err := client.CreateApplication(context.Background(), crmApp)
	if err != nil {
		t.Fatal(err)
	}
	if err := client.DeleteApplication(context.Background(), app.ObjectID); err != nil {
		t.Fatal(err)
	}
	if ids := activeApps(emu); len(ids) != 0 {
		t.Fatalf("after the delete Graph still holds %v", ids)
	}
}
