package entra_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/emulator"
	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/emulator/emuhttp"
	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/entra"
)

func newApp(t *testing.T, client *entra.Client) string {
	t.Helper()
	app, err := client.CreateApplication(context.Background(), entra.ApplicationFields{DisplayName: "secrets", SignInAudience: "AzureADMultipleOrgs"})
	if err != nil {
		t.Fatal(err)
	}
	return app.ObjectID
}

// storedKeys are the key ids Graph really holds, replication aside.
func storedKeys(t *testing.T, emu *emulator.Emulator, objectID string) []string {
	t.Helper()
	app, ok := emu.Graph.Application(objectID)
	if !ok {
		t.Fatalf("application %s is gone", objectID)
	}
	var keys []string
	for _, pc := range app.PasswordCredentials {
		keys = append(keys, pc.KeyID)
	}
	slices.Sort(keys)
	return keys
}

func onlyAddPassword(r *http.Request) bool { return strings.HasSuffix(r.URL.Path, "/addPassword") }

func TestAddPasswordMarksTheSecretAndReadsDecodeIt(t *testing.T) {
	client, emu := newClient(t)
	objectID := newApp(t, client)
	marker := entra.NewMarker("test", objectID, "unified.to")
	added, err := client.AddPassword(context.Background(), objectID, entra.PasswordInput{DisplayName: "unified.to", Marker: marker})
	if err != nil {
		t.Fatal(err)
	}
	stored, _ := emu.Graph.Application(objectID)
	if name := stored.PasswordCredentials[0].DisplayName; name == nil || !strings.HasPrefix(*name, "unified.to [unifiedto:"+marker+"/") {
		t.Fatalf("Graph holds displayName %v, want the name followed by the marker", name)
	}
	creds, err := client.ListPasswords(context.Background(), objectID)
	if err != nil {
		t.Fatal(err)
	}
	if len(creds) != 1 || creds[0].KeyID != added.KeyID || creds[0].DisplayName != "unified.to" || creds[0].Marker != marker || creds[0].SecretText != "" {
		t.Fatalf("read back %+v, want the name without the marker, the marker apart, and no text", creds)
	}
}

// Graph commits addPassword but the client never sees the answer: the
// retry must not leave a second live secret.
func TestAddPasswordWithALostAnswerLeavesExactlyOneSecret(t *testing.T) {
	for name, how := range map[string]emuhttp.LostAnswer{"504": emuhttp.Answer504, "dropped": emuhttp.DropConnection} {
		t.Run(name, func(t *testing.T) {
			client, emu := newClient(t)
			objectID := newApp(t, client)
			emu.GraphFaults.OnlyFor(onlyAddPassword)
			emu.GraphFaults.LoseAnswers(1, how)
			added, err := client.AddPassword(context.Background(), objectID, entra.PasswordInput{DisplayName: "lost", Marker: "m-lost"})
			if err != nil {
				t.Fatal(err)
			}
			if got := storedKeys(t, emu, objectID); !slices.Equal(got, []string{added.KeyID}) {
				t.Fatalf("Graph holds secrets %v, want only the one returned (%s):\n%s", got, added.KeyID, emu.Log.Summary())
			}
			if n := emu.Log.Count("graph", "POST", "/v1.0/applications/{id}/addPassword"); n != 2 {
				t.Errorf("%d addPassword calls, want 2 (the lost one and its retry)", n)
			}
		})
	}
}

func TestRemoveUntrackedPasswordsRemovesOnlyItsOwnUntrackedSecrets(t *testing.T) {
	client, emu := newClient(t)
	objectID := newApp(t, client)
	ctx := context.Background()
	add := func(marker string) string {
		pc, err := client.AddPassword(ctx, objectID, entra.PasswordInput{DisplayName: "s", Marker: marker})
		if err != nil {
			t.Fatal(err)
		}
		return pc.KeyID
	}
	tracked, orphan, otherInstance, byHand := add("m-a"), add("m-a"), add("m-b"), add("")
	removed, err := client.RemoveUntrackedPasswords(ctx, objectID, "m-a", tracked)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(removed, []string{orphan}) {
		t.Fatalf("removed %v, want only the untracked secret of this marker %s", removed, orphan)
	}
	want := []string{tracked, otherInstance, byHand}
	slices.Sort(want)
	if got := storedKeys(t, emu, objectID); !slices.Equal(got, want) {
		t.Fatalf("Graph holds %v, want %v", got, want)
	}
	if _, err := client.RemoveUntrackedPasswords(ctx, objectID, "M A!"); err == nil {
		t.Error("a malformed marker was accepted")
	}
}

// Confirming a secret reads passwordCredentials alone, three times, and
// does not sleep whole seconds when Graph agrees at once.
func TestConfirmingASecretIsCheap(t *testing.T) {
	client, emu := newClient(t)
	objectID := newApp(t, client)
	// As the guide's redirect URIs would: the create's mark is ended, and
	// the secret does not end it again.
	if err := client.EndPending(context.Background(), objectID); err != nil {
		t.Fatal(err)
	}
	emu.Log.Reset()
	start := time.Now()
	if _, err := client.AddPassword(context.Background(), objectID, entra.PasswordInput{Marker: "m-cheap"}); err != nil {
		t.Fatal(err)
	}
	if n := emu.Log.Count("graph", "", ""); n != 4 {
		t.Errorf("%d Graph requests for one secret, want 4 (addPassword and three reads):\n%s", n, emu.Log.Summary())
	}
	if elapsed := time.Since(start); elapsed > time.Second {
		t.Errorf("confirming a secret Graph agreed on at once took %v, want well under a second", elapsed)
	}
}
