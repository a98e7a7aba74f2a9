package provider_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/acctest"
	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/entra"
)

// outOfBandApp creates an application outside Terraform, as one made in the
// portal, and returns it.
func outOfBandApp(t *testing.T, h *acctest.Harness, audience string) *entra.Application {
	t.Helper()
	app, err := h.Graph(t).CreateApplication(context.Background(), entra.ApplicationFields{DisplayName: appName(), SignInAudience: audience})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = h.Graph(t).DeleteApplication(context.Background(), app.ObjectID) })
	return app
}

// onApp is a configuration of one resource of type kind on a literal
// application_object_id.
func onApp(h *acctest.Harness, kind, objectID, body string) string {
	return h.Config(fmt.Sprintf(`
resource "unifiedto_entra_%s" "test" {
  application_object_id = %q
%s
}
`, kind, objectID, body))
}

// A known application_object_id that is really a client id, or names a
// deleted application, fails at plan with one read, in seconds: the message
// says which mistake it is and, for a client id, names the object id.
func TestAccEntraObjectID_wrongOrDeletedFailsAtPlanWithinSeconds(t *testing.T) {
	h := acctest.New(t)
	h.RequireEmulator(t, "counting writes")
	app := outOfBandApp(t, h, "AzureADMultipleOrgs")
	gone := outOfBandApp(t, h, "AzureADMultipleOrgs")
	if err := h.Graph(t).DeleteApplication(context.Background(), gone.ObjectID); err != nil {
		t.Fatal(err)
	}
	isClientID := acctest.Diag(`application_object_id: ` + app.ClientID + ` is the client id .* which for that application is ` + app.ObjectID)
	isGone := acctest.Diag(`No application with object id ` + gone.ObjectID + `.* may have been deleted`)
	bodies := map[string]string{"redirect_uris": `  unified_regions = ["us"]`, "api_access": `  api = "microsoft_graph"` + "\n" + `  scopes = ["openid"]`, "client_secret": ``}
	var cases []acctest.BadInput
	for kind, body := range bodies {
		cases = append(cases,
			acctest.BadInput{Name: kind + " given a client id", Config: onApp(h, kind, app.ClientID, body), Want: isClientID},
			acctest.BadInput{Name: kind + " given a deleted application", Config: onApp(h, kind, gone.ObjectID, body), Want: isGone})
	}
	for name, took := range h.RefuseAtPlan(t, cases...) {
		t.Logf("%s: refused in %s", name, took.Round(time.Millisecond))
		if took > 30*time.Second {
			t.Errorf("%s took %s; a wrong id must fail in under 30 s", name, took)
		}
	}
}

// An import id made of a client id and /web names the mistake and the id to
// import, instead of Terraform's "Cannot import non-existent remote object".
func TestAccEntraObjectID_importByClientIDNamesTheObjectID(t *testing.T) {
	h := acctest.New(t)
	h.RequireEmulator(t, "counting writes")
	app := outOfBandApp(t, h, "AzureADMultipleOrgs")
	before := h.Emu.Log.Writes("graph")
	for _, tc := range []struct{ kind, id, body, want string }{
		{"redirect_uris", app.ClientID + "/web", `  unified_regions = ["us"]`, app.ObjectID + "/web"},
		{"api_access", app.ClientID + "/microsoft_graph", `  api = "microsoft_graph"` + "\n" + `  scopes = ["openid"]`, app.ObjectID + "/microsoft_graph"},
	} {
		t.Run(tc.kind, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: h.Factories(),
				Steps: []resource.TestStep{{
					Config: onApp(h, tc.kind, app.ObjectID, tc.body), ResourceName: "unifiedto_entra_" + tc.kind + ".test",
					ImportState: true, ImportStateId: tc.id,
					ExpectError: acctest.Diag(app.ClientID + ` is the client id .* Import ` + tc.want + ` instead`),
				}},
			})
		})
	}
	if n := h.Emu.Log.Writes("graph") - before; n != 0 {
		t.Errorf("failed imports made %d writes", n)
	}
}

// Graph's own rules, modelled at plan: each refused with the attribute and
// what is allowed, before any write.
func TestAccEntraGraphRules_refusedAtPlanWithoutWrites(t *testing.T) {
	h := acctest.New(t)
	h.RequireEmulator(t, "counting writes")
	personal := outOfBandApp(t, h, "AzureADandPersonalMicrosoftAccount")
	work := outOfBandApp(t, h, "AzureADMultipleOrgs")
	many := make([]string, 101)
	for i := range many {
		many[i] = fmt.Sprintf("%q", fmt.Sprintf("https://acme.example/cb/%d", i))
	}
	redirect := func(objectID string, uris ...string) string {
		return onApp(h, "redirect_uris", objectID, "  redirect_uris = ["+strings.Join(uris, ", ")+"]")
	}
	access := func(api, kind, ids string) string {
		return onApp(h, "api_access", work.ObjectID, fmt.Sprintf("  api = %q\n  %s = [%s]", api, kind, ids))
	}
	h.RefuseAtPlan(t,
		acctest.BadInput{Name: "tags equal ignoring case", Config: appConfig(h, appName(), `  tags = ["Team", "team"]`),
			Want: acctest.Diag(`tags: "(Team|team)" and "(Team|team)" differ only in case.*refuses duplicates`)},
		acctest.BadInput{Name: "tag with an ideographic space", Config: appConfig(h, appName(), "  tags = [\"a\u3000b\"]"),
			Want: acctest.Diag(`tags.*contains whitespace \(U\+3000 ideographic space\)`)},
		acctest.BadInput{Name: "display name only Unicode spaces", Config: appConfig(h, "\u3000\u00a0", ""),
			Want: acctest.Diag(`display_name is only whitespace \(U\+3000 ideographic space, U\+00A0 no-break space\)`)},
		acctest.BadInput{Name: "display name of 121 characters", Config: appConfig(h, strings.Repeat("名", 121), ""),
			Want: acctest.Diag(`display_name is 121 characters long; Microsoft Entra ID accepts 1 to 120 characters \(counted as characters, not bytes\)`)},
		acctest.BadInput{Name: "redirect URI with a fragment", Config: redirect(work.ObjectID, `"https://acme.example/cb#done"`),
			Want: acctest.Diag(`redirect_uris.*contains a fragment \(#\); a redirect URI must not have one`)},
		acctest.BadInput{Name: "redirect URI with a wildcard", Config: redirect(work.ObjectID, `"https://*.acme.example/cb"`),
			Want: acctest.Diag(`redirect_uris.*contains a wildcard \(\*\).*List each URI in full`)},
		acctest.BadInput{Name: "redirect URI with a trailing space", Config: redirect(work.ObjectID, `"https://acme.example/cb "`),
			Want: acctest.Diag(`redirect_uris.*starts or ends with whitespace`)},
		acctest.BadInput{Name: "query string on a personal-account app", Config: redirect(personal.ObjectID, `"https://acme.example/cb?tenant=1"`),
			Want: acctest.Diag(`redirect_uris.*has a query string; Entra ID accepts one only on applications for work or school accounts.*AzureADandPersonalMicrosoftAccount`)},
		acctest.BadInput{Name: "101 redirect URIs on a personal-account app", Config: redirect(personal.ObjectID, many...),
			Want: acctest.Diag(`add up to 101 redirect URIs; an application whose sign_in_audience is AzureADandPersonalMicrosoftAccount accepts at most 100`)},
		acctest.BadInput{Name: "scope id the API does not offer", Config: access("microsoft_graph", "scopes", `"11111111-2222-3333-4444-555555555555"`),
			Want: acctest.Diag(`scopes: 11111111-2222-3333-4444-555555555555 is not the id of a delegated permission \(scope\) that Microsoft Graph`)},
		acctest.BadInput{Name: "role id listed as a scope", Config: access("microsoft_graph", "scopes", `"df021288-bdef-4463-88db-98f22de89214"`),
			Want: acctest.Diag(`It is the id of an application permission \(role\): list it in roles instead`)},
		acctest.BadInput{Name: "object id where a client id is expected", Config: access(work.ObjectID, "scopes", `"user_impersonation"`),
			Want: acctest.Diag(`api: ` + work.ObjectID + ` is the object id .* which for that application is ` + work.ClientID)},
	)
}

// The valid inputs next to each rule apply cleanly and plan empty after:
// a 120-character Japanese name, a Unicode tag, http://localhost, the IPv6
// loopback, a query on a work or school app, and an offered scope by id.
func TestAccEntraGraphRules_nearMissesApply(t *testing.T) {
	h := acctest.New(t)
	name := strings.Repeat("名", 120)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: h.Factories(),
		Steps: []resource.TestStep{{
			Config: appConfig(h, name, `  tags = ["タグ", "Team"]`) + `
resource "unifiedto_entra_redirect_uris" "test" {
  application_object_id = unifiedto_entra_application.test.object_id
  redirect_uris = ["http://localhost:3000/callback", "http://[::1]:8080/cb", "https://acme.example/cb?tenant=1"]
}
resource "unifiedto_entra_api_access" "test" {
  application_object_id = unifiedto_entra_application.test.object_id
  api    = "microsoft_graph"
  scopes = ["openid", "a154be20-db9c-4678-8ab7-66f6cc099a59"]
}`,
			ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			Check: checkGraphApplication(h, t, func(app *entra.Application) error {
				if app.DisplayName != name || len(app.Web.RedirectURIs) != 3 {
					return fmt.Errorf("Graph holds %q with redirect URIs %q", app.DisplayName, app.Web.RedirectURIs)
				}
				return nil
			}),
		}},
	})
}
