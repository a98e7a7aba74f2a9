package provider_test

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/acctest"
)

// The application's Create fails after Graph made it (its logo is
// refused), so Terraform records it tainted. Its replacement, created first
// (create_before_destroy), must be a new application, not the tainted one
// adopted as a crash leftover: otherwise destroying the tainted instance
// deletes the application state records.
func TestAccEntraApplication_taintedApplicationIsNotAdoptedByItsReplacement(t *testing.T) {
	h := acctest.New(t)
	h.RequireEmulator(t, "fault injection")
	name := appName()
	config := h.Config(fmt.Sprintf(`
resource "unifiedto_entra_application" "test" {
  display_name = %q
  logo_image   = %q
  lifecycle {
    create_before_destroy = true
  }
}`, name, logoPNG))
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: h.Factories(),
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					h.Emu.GraphFaults.OnlyFor(func(r *http.Request) bool {
						return r.Method == http.MethodPut && strings.HasSuffix(r.URL.Path, "/logo")
					})
					h.Emu.GraphFaults.FailNext(1000, http.StatusBadRequest)
				},
				Config:      config,
				ExpectError: regexp.MustCompile(`logo`),
			},
			{
				PreConfig: func() { h.Emu.GraphFaults.FailNext(0, 0) },
				Config:    config,
				Check: func(s *terraform.State) error {
					want := s.RootModule().Resources[appAddr].Primary.Attributes["object_id"]
					var ids []string
					for _, a := range h.Emu.Graph.Applications() {
						ids = append(ids, a.ID)
					}
					if len(ids) != 1 || ids[0] != want {
						return fmt.Errorf("state records %s, Graph holds %v (and %d deleted)", want, ids, len(h.Emu.Graph.DeletedApplications()))
					}
					return nil
				},
			},
		},
	})
}
