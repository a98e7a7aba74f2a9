package entra_test

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/emulator"
	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/emulator/emuhttp"
	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/entra"
)

var crmApp = entra.ApplicationFields{DisplayName: "Acme CRM sync", SignInAudience: "AzureADMultipleOrgs"}

// isCreate recognises the application create: POST /applications.
func isCreate(r *http.Request) bool {
	return r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/applications")
}

// activeApps are the applications Graph holds (deleted ones aside).
func activeApps(emu *emulator.Emulator) []string {
	var ids []string
	for _, a := range emu.Graph.Applications() {
		ids = append(ids, a.ID)
	}
	return ids
}

func pendingMark(emu *emulator.Emulator, objectID string) string {
	app, _ := emu.Graph.Application(objectID)
	return string(app.Other["serviceManagementReference"])
}

// Graph commits the create but the client never sees the answer: the
// retried POST is refused for its uniqueName, and the create finds the
// application the first attempt made.
func TestCreateApplicationWithALostAnswerMakesOneApplication(t *testing.T) {
	for name, how := range map[string]emuhttp.LostAnswer{"504": emuhttp.Answer504, "dropped": emuhttp.DropConnection} {
		t.Run(name, func(t *testing.T) {
			client, emu := newClient(t)
			emu.GraphFaults.OnlyFor(isCreate)
			emu.GraphFaults.LoseAnswers(1, how)
			app, err := client.CreateApplication(context.Background(), crmApp)
			if err != nil {
				t.Fatal(err)
			}
			if ids := activeApps(emu); len(ids) != 1 || ids[0] != app.ObjectID {
				t.Fatalf("Graph holds applications %v, want exactly the one returned (%s)", ids, app.ObjectID)
			}
			if mark := pendingMark(emu, app.ObjectID); !strings.Contains(mark, "pending") {
				t.Errorf("the new application is marked %q, want pending until its first slice write", mark)
			}
		})
	}
}

// A provider killed after the create leaves a pending application; the
// next apply (a new process) derives the same key and adopts it.
func TestCreateApplicationAfterACrashAdoptsThePendingApplication(t *testing.T) {
	client, emu := newClient(t)
	// The crash: Graph made the application; the provider died before
	// Terraform recorded it (nothing of this process runs again).
	crashed, _ := client.CreateApplication(context.Background(), crmApp)
	if crashed == nil || !strings.Contains(pendingMark(emu, crashed.ObjectID), "pending") {
		t.Fatalf("setting up the crash: got %+v, want a pending application", crashed)
	}

	next, _ := newClientWithEmulator(t, emu)
	app, err := next.CreateApplication(context.Background(), crmApp)
	if err != nil {
		t.Fatal(err)
	}
	if app.ObjectID != crashed.ObjectID || len(activeApps(emu)) != 1 {
		t.Fatalf("re-apply made %s, Graph holds %v; want the crashed create's %s adopted", app.ObjectID, activeApps(emu), crashed.ObjectID)
	}
}

// Two states in one tenant may name their applications alike: a finished
// application under the key is someone else's, never adopted.
func TestCreateApplicationNeverAdoptsAFinishedApplication(t *testing.T) {
	client, emu := newClient(t)
	first, err := client.CreateApplication(context.Background(), crmApp)
	if err != nil {
		t.Fatal(err)
	}
	// Its redirect URIs' write finishes it.
	if err := client.ClaimRedirectURIs(context.Background(), first.ObjectID, []string{"https://api-eu.unified.to/oauth/code"}); err != nil {
		t.Fatal(err)
	}
	other, _ := newClientWithEmulator(t, emu)
	second, err := other.CreateApplication(context.Background(), crmApp)
	if err != nil {
		t.Fatal(err)
	}
	if second.ObjectID == first.ObjectID || second.UniqueName == first.UniqueName || len(activeApps(emu)) != 2 {
		t.Fatalf("two states' creates gave %s (%s) and %s (%s); want two applications under two keys",
			first.ObjectID, first.UniqueName, second.ObjectID, second.UniqueName)
	}
	if stored, _ := emu.Graph.Application(first.ObjectID); stored.DisplayName != crmApp.DisplayName {
		t.Errorf("the first application was changed: %q", stored.DisplayName)
	}
}

// A soft-deleted application keeps its uniqueName for 30 days; destroy and
// create again must still work.
func TestCreateApplicationAfterDestroyUsesTheNextKey(t *testing.T) {
	client, emu := newClient(t)
	ctx := context.Background()
	first, err := client.CreateApplication(ctx, crmApp)
	if err != nil {
		t.Fatal(err)
	}
	if err := client.DeleteApplication(ctx, first.ObjectID); err != nil {
		t.Fatal(err)
	}
	again, err := client.CreateApplication(ctx, crmApp)
	if err != nil {
		t.Fatal(err)
	}
	if again.ObjectID == first.ObjectID || again.UniqueName != first.UniqueName+"-1" || len(emu.Graph.DeletedApplications()) != 1 {
		t.Fatalf("recreated as %s under %q after %q was deleted; want a new application under the next key", again.ObjectID, again.UniqueName, first.UniqueName)
	}
}

// Two resources of one configuration with the same name (count = 2) create
// at the same moment in one process: each must get an application of its
// own, never both the same pending one.
func TestCreateApplicationTwiceAtOnceMakesTwoApplications(t *testing.T) {
	client, emu := newClient(t)
	emu.GraphFaults.SetLatency(20 * time.Millisecond) // widen the window between two creates
	var wg sync.WaitGroup
	apps := make([]*entra.Application, 2)
	errs := make([]error, 2)
	for i := range apps {
		wg.Add(1)
		go func() {
			defer wg.Done()
			apps[i], errs[i] = client.CreateApplication(context.Background(), crmApp)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if apps[0].ObjectID == apps[1].ObjectID || len(activeApps(emu)) != 2 {
		t.Fatalf("two creates at once gave %s and %s, %d applications in Graph; want two", apps[0].ObjectID, apps[1].ObjectID, len(activeApps(emu)))
	}
}
