package entra_test

import (
	"context"
	"strings"
	"testing"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/entra"
)

// An application that gets a secret and no slice write (a daemon app)
// must not stay pending: a later create of the same configuration in
// another process (count raised in a later apply) would adopt it, and two
// resources would share one application.
func TestASecretEndsThePendingMarkOfAnApplicationWithoutSlices(t *testing.T) {
	client, emu := newClient(t)
	ctx := context.Background()
	first, err := client.CreateApplication(ctx, crmApp)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := client.AddPassword(ctx, first.ObjectID, entra.PasswordInput{DisplayName: "daemon", Marker: entra.NewMarker("t")}); err != nil {
		t.Fatal(err)
	}
	if mark := pendingMark(emu, first.ObjectID); strings.Contains(mark, "pending") {
		t.Fatalf("after its secret the application is still marked %s", mark)
	}
	next, _ := newClientWithEmulator(t, emu) // the next apply, a new process
	second, err := next.CreateApplication(ctx, crmApp)
	if err != nil {
		t.Fatal(err)
	}
	if second.ObjectID == first.ObjectID || len(activeApps(emu)) != 2 {
		t.Fatalf("the second create took %s, the first resource's application; Graph holds %v", first.ObjectID, activeApps(emu))
	}
}

// When the mark is already gone (a slice write ended it), the secret adds
// no request for it.
func TestASecretAfterASliceWriteAddsNoRequestForTheMark(t *testing.T) {
	client, emu := newClient(t)
	ctx := context.Background()
	app, err := client.CreateApplication(ctx, crmApp)
	if err != nil {
		t.Fatal(err)
	}
	if err := client.ClaimRedirectURIs(ctx, app.ObjectID, []string{"https://api-eu.unified.to/oauth/code"}); err != nil {
		t.Fatal(err)
	}
	emu.Log.Reset()
	if _, err := client.AddPassword(ctx, app.ObjectID, entra.PasswordInput{DisplayName: "unified.to", Marker: entra.NewMarker("t")}); err != nil {
		t.Fatal(err)
	}
	if n := emu.Log.Count("graph", "PATCH", ""); n != 0 {
		t.Fatalf("the secret sent %d PATCHes, want 0:\n%s", n, emu.Log.Summary())
	}
}
