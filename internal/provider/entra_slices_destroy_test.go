package provider_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/acctest"
)

// Destroying the slice resources of an application made outside Terraform
// leaves the application and removes exactly what they wrote: its redirect
// URIs, its Graph permissions and its secret. The lifecycle tests destroy
// the application too, so there the destroy checks pass on "application
// gone"; here they have to find the application and look inside it.
func TestAccEntraSlices_destroyRemovesThemFromAnApplicationMadeElsewhere(t *testing.T) {
	h := acctest.New(t)
	app := outOfBandApp(t, h, "AzureADMultipleOrgs")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: h.Factories(),
		CheckDestroy: resource.ComposeAggregateTestCheckFunc(
			checkApplicationStillExists(h, t, app.ObjectID),
			h.CheckRedirectURIsDestroyed(t),
			h.CheckAPIAccessDestroyed(t),
			h.CheckClientSecretsDestroyed(t),
		),
		Steps: []resource.TestStep{{
			Config: h.Config(fmt.Sprintf(`
resource "unifiedto_entra_redirect_uris" "test" {
  application_object_id = %[1]q
  unified_regions       = ["us"]
}

resource "unifiedto_entra_api_access" "graph" {
  application_object_id = %[1]q
  api                   = "microsoft_graph"
  scopes                = ["openid", "offline_access"]
}

resource "unifiedto_entra_client_secret" "test" {
  application_object_id = %[1]q
  display_name          = "unified.to"
  end_date_relative     = "720h"
}
`, app.ObjectID)),
			Check: checkSlicesWritten(h, t, app.ObjectID),
		}},
	})
}

// checkSlicesWritten makes sure the apply wrote each slice, so that the
// destroy checks have something to find gone.
func checkSlicesWritten(h *acctest.Harness, t *testing.T, objectID string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		app, err := h.Graph(t).GetApplication(context.Background(), objectID)
		if err != nil {
			return err
		}
		if len(app.Web.RedirectURIs) != 1 || len(app.RequiredResourceAccess) != 1 || len(app.PasswordCredentials) != 1 {
			return fmt.Errorf("Graph holds redirect URIs %q, %d API(s), %d secret(s); want 1 of each", app.Web.RedirectURIs, len(app.RequiredResourceAccess), len(app.PasswordCredentials))
		}
		return nil
	}
}

// checkApplicationStillExists makes sure the slice checks beside it had an
// application to look into.
func checkApplicationStillExists(h *acctest.Harness, t *testing.T, objectID string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		_, err := h.Graph(t).GetApplication(context.Background(), objectID)
		return err
	}
}
