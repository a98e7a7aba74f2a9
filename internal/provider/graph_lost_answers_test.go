package provider_test

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/acctest"
	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/emulator/emuhttp"
	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/emulator/graphapi"
)

// These tests drop Graph's answer after the emulator committed the write:
// the provider must end with exactly one application and exactly the
// secrets state knows (docs/design/graph-secrets.md).

// checkOneApplication checks that Graph holds exactly the application in
// state, no orphan beside it.
func checkOneApplication(h *acctest.Harness) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		want := s.RootModule().Resources["unifiedto_entra_application.test"].Primary.Attributes["object_id"]
		var ids []string
		for _, app := range h.Emu.Graph.Applications() {
			ids = append(ids, app.ID)
		}
		if len(ids) != 1 || ids[0] != want {
			return fmt.Errorf("Graph holds applications %v, want only %s from state", ids, want)
		}
		return nil
	}
}

func TestAccEntraApplication_lostCreateAnswerMakesOneApplication(t *testing.T) {
	h := acctest.New(t)
	h.RequireEmulator(t, "losing the answer of a committed write")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: h.Factories(),
		Steps: []resource.TestStep{{
			PreConfig: func() {
				h.Emu.GraphFaults.OnlyFor(func(r *http.Request) bool {
					return r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/applications")
				})
				h.Emu.GraphFaults.LoseAnswers(1, emuhttp.DropConnection)
			},
			Config: appConfig(h, appName(), ""),
			Check: resource.ComposeAggregateTestCheckFunc(checkOneApplication(h), func(*terraform.State) error {
				if _, left := h.Emu.GraphFaults.Pending(); left != 0 {
					return fmt.Errorf("the lost answer was never served")
				}
				return nil
			}),
		}},
	})
}

func TestAccEntraClientSecret_lostAddPasswordAnswerLeavesOnlyTheTrackedSecret(t *testing.T) {
	h := acctest.New(t)
	h.RequireEmulator(t, "losing the answer of a committed write")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: h.Factories(),
		Steps: []resource.TestStep{{
			PreConfig: func() {
				h.Emu.GraphFaults.OnlyFor(func(r *http.Request) bool { return strings.HasSuffix(r.URL.Path, "/addPassword") })
				h.Emu.GraphFaults.LoseAnswers(1, emuhttp.Answer504)
			},
			Config: secretConfig(h, appName(), `  display_name = "unified.to"`),
			Check: resource.ComposeAggregateTestCheckFunc(checkOneApplication(h), checkEmulatedSecretIsOnlyOne(h), func(*terraform.State) error {
				if n := h.Emu.Log.Count("graph", "POST", secretAddRoute); n != 2 {
					return fmt.Errorf("%d addPassword requests, want 2: the lost one and its retry", n)
				}
				return nil
			}),
		}},
	})
}

// A create killed after addPassword leaves a secret with the resource's
// marker that no state records. Create cannot tell it from the secret of
// an instance being replaced, so the instance's destroy removes it: every
// secret of its marker older than its own. A secret made by hand stays.
func TestAccEntraClientSecret_destroyRemovesSecretsOfKilledCreates(t *testing.T) {
	h := acctest.New(t)
	h.RequireEmulator(t, "planting the secret of a killed create")
	name := appName()
	const orphanKey, byHandKey = "0c0c0c0c-0000-4000-8000-00000000000a", "0c0c0c0c-0000-4000-8000-00000000000b"
	plant := func(s *terraform.State) error {
		a := secretAttrs(s)
		return h.Emu.Graph.UpdateApplication(a["application_object_id"], func(app *graphapi.Application) {
			own := app.PasswordCredentials[0]
			stored := *own.DisplayName
			marker := stored[:strings.LastIndex(stored, "/")]
			orphanName, handName := marker+"/0badc0de]", "made in the portal"
			older := own.StartDateTime.Add(-time.Hour)
			app.PasswordCredentials = append(app.PasswordCredentials,
				graphapi.PasswordCredential{KeyID: orphanKey, DisplayName: &orphanName, StartDateTime: older, EndDateTime: own.EndDateTime, Hint: "abc"},
				graphapi.PasswordCredential{KeyID: byHandKey, DisplayName: &handName, StartDateTime: older, EndDateTime: own.EndDateTime, Hint: "def"})
		})
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: h.Factories(),
		Steps: []resource.TestStep{
			{Config: secretConfig(h, name, `  display_name = "unified.to"`), Check: plant},
			{
				Config: appConfig(h, name, ""),
				Check: func(s *terraform.State) error {
					id := s.RootModule().Resources["unifiedto_entra_application.test"].Primary.Attributes["object_id"]
					app, _ := h.Emu.Graph.Application(id)
					if len(app.PasswordCredentials) != 1 || app.PasswordCredentials[0].KeyID != byHandKey {
						return fmt.Errorf("after the destroy Graph holds %+v, want only the secret made by hand", app.PasswordCredentials)
					}
					return nil
				},
			},
		},
	})
}

// Issue 8, class 2 at apply: a GUID that is no application here (a client
// id passed as object id, a deleted application) is not replication lag.
// The apply fails within seconds, not after the create timeout.
func TestAccEntraClientSecret_applicationThatDoesNotExistFailsFast(t *testing.T) {
	h := acctest.New(t)
	h.RequireEmulator(t, "timing a 404 against the emulator")
	h.Emu.Graph.SetReplicationLag(2 * time.Second) // lag exists, but not for this id
	var start time.Time
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: h.Factories(),
		Steps: []resource.TestStep{{
			PreConfig: func() { start = time.Now() },
			Config: h.Config(`
resource "unifiedto_entra_client_secret" "test" {
  application_object_id = "0d0d0d0d-0000-4000-8000-000000000001"
}
`),
			ExpectError: regexp.MustCompile(`(?s)404|not found|does not exist`),
		}},
	})
	if elapsed := time.Since(start); elapsed > 30*time.Second {
		t.Errorf("a missing application failed after %v, want under 30 s", elapsed)
	}
	// The 10 s grace at the test policy's 0.5 s cap is about 20 attempts; a
	// 404 taken for lag would go on until the 10-minute create timeout.
	if n := h.Emu.Log.Count("graph", "POST", secretAddRoute); n > 40 {
		t.Errorf("%d addPassword attempts for a missing application, want only those within the grace", n)
	}
}
