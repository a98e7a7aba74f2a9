package provider_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/acctest"
	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/entra"
)

// The five resources of one application share one read per refresh
// (internal/entra/cache.go). A change made outside Terraform between two
// plans must still show in the second plan, on every slice at once.
func TestAccGraphReadCache_driftBetweenTwoPlansShowsOnEverySlice(t *testing.T) {
	h := acctest.New(t)
	config := h.Config(fmt.Sprintf(`
resource "unifiedto_entra_application" "test" {
  display_name = %q
}
resource "unifiedto_entra_redirect_uris" "test" {
  application_object_id = unifiedto_entra_application.test.object_id
  unified_regions       = ["eu"]
}
resource "unifiedto_entra_api_access" "graph" {
  application_object_id = unifiedto_entra_application.test.object_id
  api                   = "microsoft_graph"
  scopes                = ["openid", "email"]
}
resource "unifiedto_entra_api_access" "dynamics" {
  application_object_id = unifiedto_entra_application.test.object_id
  api                   = "dynamics_crm"
  scopes                = ["user_impersonation"]
}
resource "unifiedto_entra_client_secret" "test" {
  application_object_id = unifiedto_entra_application.test.object_id
}
`, appName()))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: h.Factories(),
		Steps: []resource.TestStep{
			{
				Config: config,
				// After the apply, someone edits every slice in the portal.
				Check: func(s *terraform.State) error {
					ctx, graph := context.Background(), h.Graph(t)
					objectID := s.RootModule().Resources[appAddr].Primary.ID
					if err := graph.UpdateApplication(ctx, objectID, entra.ApplicationFields{DisplayName: "renamed in the portal", SignInAudience: "AzureADMultipleOrgs"}); err != nil {
						return err
					}
					if err := graph.SetRedirectURIs(ctx, objectID, []string{usURI}); err != nil {
						return err
					}
					if err := graph.SetRequiredResourceAccess(ctx, objectID, graphAPI, []entra.ResourceAccess{{ID: openidID, Type: entra.AccessScope}}); err != nil {
						return err
					}
					if err := graph.SetRequiredResourceAccess(ctx, objectID, dynamicsAPI, nil); err != nil {
						return err
					}
					return graph.RemovePassword(ctx, objectID, s.RootModule().Resources[secretAddr].Primary.Attributes["key_id"])
				},
				ExpectNonEmptyPlan: true,
			},
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(appAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectResourceAction(redirectAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectResourceAction(graphAccessAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectResourceAction(dynamicsAccessAddr, plancheck.ResourceActionCreate),
						plancheck.ExpectResourceAction(secretAddr, plancheck.ResourceActionCreate),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
}
