package crashtest

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/emulator"
	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/emulator/emuhttp"
)

// region is the Unified.to region of the workspace: the guide's default
// unified_region.
const region = "eu"

// killedApply is how the applies to be killed run: one resource at a time.
// With Terraform's default parallelism the guide's three slice resources
// (redirect URIs, two API permissions) apply at once, and the provider
// merges changes that arrive together into one PATCH (internal/entra,
// coalesce.go), so how many writes an apply makes depends on timing, and
// "write N" would name different writes in different runs. One at a time,
// every apply makes the same 6 (see TestKillAtEveryWriteOfTheGuide) in the
// same order. The re-apply after the kill runs with the default, as a
// user's would.
var killedApply = []string{"apply", "-auto-approve", "-parallelism=1"}

// committedWrite reports whether e is a write to Graph or Unified.to that
// the service committed: a request that could change state, answered 2xx.
func committedWrite(e emuhttp.Entry) bool {
	return (e.Service == "graph" || strings.HasPrefix(e.Service, "unified-")) && e.IsWrite() &&
		e.Status >= http.StatusOK && e.Status < http.StatusMultipleChoices
}

// TestKillAtEveryWriteOfTheGuide kills the provider right after each write
// of the guide's apply in turn, then re-applies: every run must end with
// one application, no untracked secret, Unified.to holding the current
// secret, and nothing left to change.
//
// The lower bound: the application's create (the POST that makes it under
// its key), the redirect URIs (whose PATCH also ends the create's pending
// mark), the two permission slices, addPassword and the Unified.to write
// make 6; fewer than 5 means the test would kill too little to prove
// anything.
func TestKillAtEveryWriteOfTheGuide(t *testing.T) {
	r := newRig(t)
	killEveryWrite(t, r, 5, nil, killedApply, []string{"apply", "-auto-approve"})
}

// TestKillAtEveryWriteOfARotation does the same for the apply that rotates
// the guide's minted secret (a change of rotate_when_changed): addPassword,
// the Unified.to PUT, removePassword. After the re-apply the secret must be
// a new one, the only one in Entra, and the one Unified.to holds.
func TestKillAtEveryWriteOfARotation(t *testing.T) {
	r := newRig(t)
	first := func(t *testing.T, emu *emulator.Emulator, tf *terraform) {
		rotatable(t, tf)
		if code, out, err := tf.run("apply", "-auto-approve", "-var=rotation=1"); err != nil || code != 0 {
			t.Fatalf("the first apply failed (exit %d, %v):\n%s", code, err, out)
		}
		before := tf.state(t)["unifiedto_workspace_integration.dynamics"].str("entra_client_secret.key_id")
		t.Cleanup(func() {
			if after := tf.state(t)["unifiedto_workspace_integration.dynamics"].str("entra_client_secret.key_id"); after == before {
				t.Errorf("the secret was not rotated: state still records %s", before)
			}
		})
		emu.Log.Reset()
	}
	killEveryWrite(t, r, 3, first,
		append(killedApply, "-var=rotation=2"), []string{"apply", "-auto-approve", "-var=rotation=2"}, "-var=rotation=2")
}

// killEveryWrite counts the writes W of an undisturbed apply, then for
// N = 1..W, on fresh emulators: runs before (if any), applies killed at
// write N (the apply must fail), re-applies (it must succeed), and checks
// the result with checkGuide. vars go to the final plan.
func killEveryWrite(t *testing.T, r *rig, minWrites int, before func(*testing.T, *emulator.Emulator, *terraform), apply, reapply []string, vars ...string) {
	t.Helper()
	emu, tf := r.guide(t, "undisturbed")
	if before != nil {
		before(t, emu, tf)
	}
	start := time.Now()
	if code, out, err := tf.run(apply...); err != nil || code != 0 {
		t.Fatalf("the undisturbed apply failed (exit %d, %v):\n%s", code, err, out)
	}
	var writes []string
	for _, e := range emu.Log.Entries() {
		if committedWrite(e) {
			writes = append(writes, e.Service+" "+e.Method+" "+e.Route)
		}
	}
	t.Logf("the apply makes %d writes (%v):\n  %s", len(writes), time.Since(start).Round(time.Millisecond), strings.Join(writes, "\n  "))
	if len(writes) < minWrites {
		t.Fatalf("the apply made %d writes, want at least %d: the test would kill too little", len(writes), minWrites)
	}
	checkGuide(t, "the undisturbed apply", emu, tf, vars...)

	for n := 1; n <= len(writes); n++ {
		t.Run(fmt.Sprintf("write%02d", n), func(t *testing.T) {
			emu, tf := r.guide(t, fmt.Sprintf("kill%02d", n))
			if before != nil {
				before(t, emu, tf)
			}
			killed := killAtWrite(emu, r.binary, n)
			code, out, err := tf.run(apply...)
			emu.Log.OnEntry(nil)
			at, kerr := killed()
			if kerr != nil {
				t.Fatalf("killing the provider at write %d: %v", n, kerr)
			}
			if at == "" {
				t.Fatalf("the apply made fewer than %d writes; the kill never happened (exit %d):\n%s", n, code, out)
			}
			if err != nil || code == 0 {
				t.Fatalf("the apply killed at write %d (%s) exited %d (%v); want a failure", n, at, code, err)
			}
			if at != writes[n-1] {
				t.Errorf("write %d of this apply was %s, the undisturbed apply's was %s: the applies do not write alike", n, at, writes[n-1])
			}
			t.Logf("killed at write %d: %s", n, at)
			if code, out, err := tf.run(reapply...); err != nil || code != 0 {
				t.Fatalf("the re-apply after a kill at write %d (%s) failed (exit %d, %v):\n%s", n, at, code, err, out)
			}
			checkGuide(t, "a kill at "+at, emu, tf, vars...)
		})
	}
}

// rotatable gives the copy of the guide a rotate_when_changed keeper,
// var.rotation, so that -var=rotation=2 rotates the minted secret.
func rotatable(t *testing.T, tf *terraform) {
	t.Helper()
	file := filepath.Join(tf.dir, "main.tf")
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	const anchor = "    renew_before          = \"720h\"\n"
	if !strings.Contains(string(src), anchor) {
		t.Fatalf("examples/end-to-end/main.tf no longer has %q in its entra_client_secret block; update the test", strings.TrimSpace(anchor))
	}
	edited := strings.Replace(string(src), anchor, anchor+"    rotate_when_changed   = { rotation = var.rotation }\n", 1) +
		"\nvariable \"rotation\" {\n  type = string\n}\n"
	if err := os.WriteFile(file, []byte(edited), 0o600); err != nil {
		t.Fatal(err)
	}
}

// killAtWrite makes the emulators kill the provider right after they
// committed write n, before its answer is sent. killed reports the write
// (service, method, route) it killed at, "" when there were fewer writes.
func killAtWrite(emu *emulator.Emulator, binary string, n int) (killed func() (string, error)) {
	var mu sync.Mutex
	seen, at := 0, ""
	var kerr error
	emu.Log.OnEntry(func(e emuhttp.Entry) {
		if !committedWrite(e) {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		if seen++; seen != n {
			return
		}
		at = e.Service + " " + e.Method + " " + e.Route
		count, err := killAll(binary)
		switch {
		case err != nil:
			kerr = err
		case count == 0:
			kerr = fmt.Errorf("no process runs %s at write %d (%s)", binary, n, at)
		}
	})
	return func() (string, error) {
		mu.Lock()
		defer mu.Unlock()
		return at, kerr
	}
}

// checkGuide checks what a finished apply of the guide must leave: one
// application, the one state records, its create finished (no pending
// mark left, which would let a later create take it over); on it no secret
// but the one the integration's state records; Unified.to holding that
// application's client id and that very secret; and a plan with nothing to
// change.
func checkGuide(t *testing.T, after string, emu *emulator.Emulator, tf *terraform, vars ...string) {
	t.Helper()
	st := tf.state(t)
	if len(st) != 5 {
		t.Errorf("after %s: state holds %d resources, want the guide's 5", after, len(st))
	}
	app, integration := st["unifiedto_entra_application.dynamics"], st["unifiedto_workspace_integration.dynamics"]
	objectID, keyID := app.str("object_id"), integration.str("entra_client_secret.key_id")
	apps := emu.Graph.Applications()
	if len(apps) != 1 || apps[0].ID != objectID {
		ids := make([]string, len(apps))
		for i, a := range apps {
			unique := ""
			if a.UniqueName != nil {
				unique = *a.UniqueName
			}
			ids[i] = fmt.Sprintf("%s (uniqueName %q, serviceManagementReference %q, %d secrets)", a.ID, unique, pendingMark(a), len(a.PasswordCredentials))
		}
		t.Fatalf("after %s: Graph holds %d applications %v; want exactly the one state records, %s", after, len(apps), ids, objectID)
	}
	if mark := pendingMark(apps[0]); mark != "" {
		t.Errorf("after %s: the application's serviceManagementReference is %q; want it empty, its create finished (a pending mark starts with %q)", after, mark, pendingPrefix)
	}
	var keys []string
	for _, pc := range apps[0].PasswordCredentials {
		keys = append(keys, strings.ToLower(pc.KeyID))
	}
	if len(keys) != 1 || keys[0] != strings.ToLower(keyID) {
		t.Errorf("after %s: the application holds secrets %v; want exactly the one state records, %q", after, keys, keyID)
	}
	wi, ok := emu.Unified[region].WorkspaceIntegration("microsoftdynamicssales", "Production")
	if n := len(emu.Unified[region].WorkspaceIntegrations("microsoftdynamicssales", "Production")); !ok || n != 1 {
		t.Fatalf("after %s: Unified.to holds %d configurations of the integration, want 1", after, n)
	}
	if wi.ID != integration.str("id") || wi.Auth.ClientID != apps[0].AppID {
		t.Errorf("after %s: Unified.to's configuration %s holds client id %q; want %s with the application's %q", after, wi.ID, wi.Auth.ClientID, integration.str("id"), apps[0].AppID)
	}
	if held, ok := emu.Graph.SecretKeyID(objectID, wi.Auth.ClientSecret); !ok || !strings.EqualFold(held, keyID) {
		t.Errorf("after %s: the secret Unified.to holds is live in Entra: %v (key %q); want the one state records, %q", after, ok, held, keyID)
	}
	code, out, err := tf.run(append([]string{"plan", "-detailed-exitcode"}, vars...)...)
	if err != nil || code != 0 {
		t.Errorf("after %s: plan exited %d (%v), want 0 (nothing to change):\n%s", after, code, err, out)
	}
}
