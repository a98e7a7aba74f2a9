package entra_test

import (
	"context"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/entra"
)

// The Entra part of the guide, as the integration's secret block runs it:
// create the application, mint a marked secret, then remove the untracked
// secrets of the marker, keeping the one state records. The provider is
// "killed" right after each Graph write in turn (every later request
// fails, so the run stops there; what returned is what state recorded),
// and a fresh client (the next apply, a new process) runs the flow again.
// Every run must end with exactly one application and exactly the secret
// state knows. Each kill waits out a deadline, so it runs in parallel.
// internal/crashtest kills the real provider process under terraform.
func TestKillAfterEachGraphWriteLeavesNoOrphans(t *testing.T) {
	t.Parallel()
	const marker = "m-guide"
	fields := entra.ApplicationFields{DisplayName: "Acme CRM sync", SignInAudience: "AzureADMultipleOrgs"}
	type state struct {
		objectID, keyID string
		redirects       bool
	}
	apply := func(client *entra.Client, ctx context.Context, st *state) error {
		if st.objectID == "" {
			app, err := client.CreateApplication(ctx, fields)
			if app != nil && err == nil {
				st.objectID = app.ObjectID
			}
			if err != nil {
				return err
			}
		}
		if !st.redirects {
			// The redirect URIs' resource: its write also ends the create's pending mark.
			if err := client.ClaimRedirectURIs(ctx, st.objectID, []string{"https://api-eu.unified.to/oauth/code"}); err != nil {
				return err
			}
			st.redirects = true
		}
		if st.keyID == "" {
			pc, err := client.AddPassword(ctx, st.objectID, entra.PasswordInput{DisplayName: "unified.to", Marker: marker})
			if pc != nil {
				st.keyID = pc.KeyID // recorded even when unconfirmed, as the resources do
			}
			if err != nil {
				return err
			}
		}
		_, err := client.RemoveUntrackedPasswords(ctx, st.objectID, marker, st.keyID)
		return err
	}
	const writes = 3 // the create, the redirect URIs' PATCH (which ends the pending mark), addPassword
	for kill := 1; kill <= writes; kill++ {
		client, emu := newClient(t)
		var mu sync.Mutex
		seen, dead := 0, false
		emu.GraphFaults.OnlyFor(func(r *http.Request) bool {
			mu.Lock()
			defer mu.Unlock()
			if dead {
				return true
			}
			if r.Method != http.MethodGet {
				seen++
				dead = seen == kill // the write itself goes through; what follows fails
			}
			return false
		})
		emu.GraphFaults.FailNext(1<<30, http.StatusServiceUnavailable)
		var st state
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		err := apply(client, ctx, &st)
		cancel()
		if err == nil {
			t.Fatalf("kill after write %d: the first apply finished; the kill never happened", kill)
		}
		emu.GraphFaults.FailNext(0, 0)
		emu.GraphFaults.OnlyFor(nil)

		next, _ := newClientWithEmulator(t, emu)
		if err := apply(next, context.Background(), &st); err != nil {
			t.Fatalf("kill after write %d: re-apply: %v", kill, err)
		}
		apps := activeApps(emu)
		if len(apps) != 1 || apps[0] != st.objectID {
			t.Fatalf("kill after write %d: Graph holds applications %v, state %s", kill, apps, st.objectID)
		}
		if keys := storedKeys(t, emu, st.objectID); !slices.Equal(keys, []string{st.keyID}) {
			t.Fatalf("kill after write %d: Graph holds secrets %v, state knows %s", kill, keys, st.keyID)
		}
	}
}
