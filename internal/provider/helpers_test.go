package provider_test

// Helpers shared by the test files of more than one resource or data
// source. Helpers of one resource stay in its own test files.

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	sdkacctest "github.com/hashicorp/terraform-plugin-testing/helper/acctest"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/acctest"
	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/entra"
)

// appAddr is the application that appConfig declares.
const appAddr = "unifiedto_entra_application.test"

// guid matches the lower-case GUIDs Graph gives object and client ids.
var guid = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// appName is a display name unique to one test run.
func appName() string { return sdkacctest.RandomWithPrefix("tfacc-unifiedto") }

// appConfig declares one application named name, plus extra attributes.
func appConfig(h *acctest.Harness, name, extra string) string {
	return h.Config(fmt.Sprintf(`
resource "unifiedto_entra_application" "test" {
  display_name = %q
%s
}
`, name, extra))
}

// checkGraphApplication reads the application from Graph itself, not from
// the state, and runs check on it.
func checkGraphApplication(h *acctest.Harness, t *testing.T, check func(*entra.Application) error) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		app, err := h.Graph(t).GetApplication(context.Background(), s.RootModule().Resources[appAddr].Primary.ID)
		if err != nil {
			return err
		}
		return check(app)
	}
}

// checkGraphRedirectURIs reads web.redirectUris from Graph itself.
func checkGraphRedirectURIs(h *acctest.Harness, t *testing.T, want ...string) resource.TestCheckFunc {
	return checkGraphApplication(h, t, func(app *entra.Application) error {
		if len(want) == 0 && len(app.Web.RedirectURIs) == 0 {
			return nil // Graph may answer null or []
		}
		if !slices.Equal(app.Web.RedirectURIs, want) {
			return fmt.Errorf("Graph holds redirect URIs %q, want %q", app.Web.RedirectURIs, want)
		}
		return nil
	})
}

// countStatus counts the emulator's answers of service with status.
func countStatus(h *acctest.Harness, service string, status int) int {
	n := 0
	for _, e := range h.Emu.Log.Entries() {
		if e.Service == service && e.Status == status {
			n++
		}
	}
	return n
}

// injectSliceWriteLag makes the first two slice writes answer 404, as real
// Graph may for a PATCH right after create (docs/design/graph-applications.md). The emulator's
// own lag ends for PATCH when it ends for GET, and the application resource
// waits for GET, so without this the slice owners would never see it.
func injectSliceWriteLag(h *acctest.Harness) {
	h.Emu.GraphFaults.OnlyFor(isSliceWrite)
	h.Emu.GraphFaults.FailNext(2, http.StatusNotFound)
}

// checkLagWasServed fails the test when neither the emulator's lag nor the
// injected 404s reached a slice write, which would make it prove nothing.
func checkLagWasServed(t *testing.T, h *acctest.Harness) {
	t.Helper()
	lagged := 0
	for _, e := range h.Emu.Log.Entries() {
		if e.Service == "graph" && e.Method == http.MethodPatch && strings.HasPrefix(e.Path, "/v1.0/applications/") && (e.Status == 404 || e.Status == 409) {
			lagged++
		}
	}
	if lagged == 0 || countStatus(h, "graph", 404) == 0 {
		t.Errorf("no slice write met replication lag, so the test proved nothing:\n%s", h.Emu.Log.Summary())
	}
}

// isSliceWrite matches the PATCHes of an application that the slice
// resources (redirect URIs, API access) send.
func isSliceWrite(r *http.Request) bool {
	return r.Method == http.MethodPatch && strings.HasPrefix(r.URL.Path, "/v1.0/applications/")
}

// permissionID is the id of the permission value among ps.
func permissionID(t *testing.T, ps []entra.Permission, value string) string {
	t.Helper()
	i := slices.IndexFunc(ps, func(p entra.Permission) bool { return p.Value == value })
	if i < 0 {
		t.Fatalf("the tenant's service principal offers no %q", value)
	}
	return ps[i].ID
}

// stringsExact checks each of values, in order.
func stringsExact(values ...string) []knownvalue.Check {
	checks := make([]knownvalue.Check, len(values))
	for i, v := range values {
		checks[i] = knownvalue.StringExact(v)
	}
	return checks
}

// wrapped compiles want so that it matches across the line breaks terraform
// puts into long diagnostics: every space matches any run of white space.
func wrapped(want string) *regexp.Regexp {
	return regexp.MustCompile("(?s)" + strings.ReplaceAll(want, " ", `\s+`))
}

// captureTerraformLogs sends the trace logs of terraform and of the
// in-process provider to one file and returns its path. TF_ACC_LOG_PATH is
// read by terraform-plugin-testing (it becomes the CLI's TF_LOG_PATH, at
// TRACE) and by terraform-plugin-log's test sink, where the in-process
// provider server logs. The variables are process-wide, so the test using
// this cannot run in parallel (t.Setenv enforces it).
func captureTerraformLogs(t *testing.T) func() string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "terraform.log")
	t.Setenv("TF_LOG", "trace")
	t.Setenv("TF_ACC_LOG_PATH", path)
	return func() string {
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return string(raw)
	}
}
