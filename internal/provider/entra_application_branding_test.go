package provider_test

import (
	"context"
	"encoding/base64"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/acctest"
	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/entra"
)

// Two tiny but well-formed images: a 1x1 PNG and a 1x1 GIF.
const (
	logoPNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
	logoGIF = "R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"
)

func brandingConfig(h *acctest.Harness, name, logo string) string {
	return h.Config(fmt.Sprintf(`
resource "unifiedto_entra_application" "test" {
  display_name          = %q
  homepage_url          = "https://acme.example"
  marketing_url         = "https://acme.example/crm-sync"
  privacy_statement_url = "https://acme.example/privacy"
  terms_of_service_url  = "https://acme.example/terms"
  support_url           = "https://acme.example/support"
  logo_image            = %q
}

resource "unifiedto_entra_redirect_uris" "test" {
  application_object_id = unifiedto_entra_application.test.object_id
  unified_regions       = ["eu"]
}
`, name, logo))
}

// The consent screen's links and logo reach Graph, the home page lives
// beside the redirect URIs of another resource without either undoing the
// other, and removing the links clears them.
func TestAccEntraApplication_consentScreenBranding(t *testing.T) {
	h := acctest.New(t)
	name := appName()
	wantLinks := func(app *entra.Application) error {
		got := []string{app.Web.HomePageURL, app.Info.MarketingURL, app.Info.PrivacyStatementURL, app.Info.TermsOfServiceURL, app.Info.SupportURL}
		want := []string{"https://acme.example", "https://acme.example/crm-sync", "https://acme.example/privacy", "https://acme.example/terms", "https://acme.example/support"}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			return fmt.Errorf("Graph holds links %v, want %v", got, want)
		}
		if len(app.Web.RedirectURIs) != 1 || app.Web.RedirectURIs[0] != "https://api-eu.unified.to/oauth/code" {
			return fmt.Errorf("Graph holds redirect URIs %v", app.Web.RedirectURIs)
		}
		if app.Info.LogoURL == "" {
			return fmt.Errorf("Graph shows no logo")
		}
		return nil
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: h.Factories(),
		Steps: []resource.TestStep{
			{
				Config: brandingConfig(h, name, logoPNG),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(appAddr, tfjsonpath.New("privacy_statement_url"), knownvalue.StringExact("https://acme.example/privacy")),
					statecheck.ExpectKnownValue(appAddr, tfjsonpath.New("homepage_url"), knownvalue.StringExact("https://acme.example")),
					statecheck.ExpectKnownValue(appAddr, tfjsonpath.New("logo_url"), knownvalue.StringRegexp(regexp.MustCompile(`^https://`))),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check:            resource.ComposeTestCheckFunc(checkGraphApplication(h, t, wantLinks), checkUploadedLogo(h, logoPNG, "image/png")),
			},
			// Import cannot read the logo back: Graph never returns it.
			{ResourceName: appAddr, ImportState: true, ImportStateVerify: true, ImportStateVerifyIgnore: []string{"timeouts", "logo_image"}},
			// A new logo is uploaded in place and gets a new address.
			{
				Config: brandingConfig(h, name, logoGIF),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(appAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectUnknownValue(appAddr, tfjsonpath.New("logo_url")),
				}},
				Check: resource.ComposeTestCheckFunc(checkGraphApplication(h, t, wantLinks), checkUploadedLogo(h, logoGIF, "image/gif")),
			},
			// Without the links, Graph holds none; the redirect URIs stay.
			{
				Config: h.Config(fmt.Sprintf(`
resource "unifiedto_entra_application" "test" {
  display_name = %q
}

resource "unifiedto_entra_redirect_uris" "test" {
  application_object_id = unifiedto_entra_application.test.object_id
  unified_regions       = ["eu"]
}
`, name)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectKnownValue(appAddr, tfjsonpath.New("logo_url"), knownvalue.NotNull()),
				}},
				Check: checkGraphApplication(h, t, func(app *entra.Application) error {
					if app.Web.HomePageURL != "" || app.Info != (entra.Info{LogoURL: app.Info.LogoURL}) {
						return fmt.Errorf("links left in Graph: home page %q, info %+v", app.Web.HomePageURL, app.Info)
					}
					if len(app.Web.RedirectURIs) != 1 {
						return fmt.Errorf("redirect URIs lost: %v", app.Web.RedirectURIs)
					}
					return nil
				}),
			},
		},
	})
}

// checkUploadedLogo checks the bytes and type the emulator received.
func checkUploadedLogo(h *acctest.Harness, encoded, contentType string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		if h.Emu == nil {
			return nil // Graph never gives a logo back; logo_url is checked instead
		}
		app, ok := h.Emu.Graph.Application(s.RootModule().Resources[appAddr].Primary.ID)
		if !ok {
			return fmt.Errorf("no application in the emulator")
		}
		if base64.StdEncoding.EncodeToString(app.Logo) != encoded || app.LogoContentType != contentType {
			return fmt.Errorf("the emulator holds a %s logo of %d bytes, want the configured %s", app.LogoContentType, len(app.Logo), contentType)
		}
		return nil
	}
}

// Links edited in the portal show in the plan and are put back; a logo
// uploaded in the portal shows as a new logo_url, and apply uploads the
// configured one again.
func TestAccEntraApplication_consentScreenDriftIsRestored(t *testing.T) {
	h := acctest.New(t)
	name := appName()
	var portalLogoURL string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: h.Factories(),
		Steps: []resource.TestStep{
			{
				Config: brandingConfig(h, name, logoPNG),
				Check: func(s *terraform.State) error {
					id := s.RootModule().Resources[appAddr].Primary.ID
					graph := h.Graph(t)
					if err := graph.SetBranding(context.Background(), id, entra.Branding{HomePageURL: "https://portal.example", PrivacyStatementURL: "https://portal.example/privacy"}); err != nil {
						return err
					}
					gif, _ := base64.StdEncoding.DecodeString(logoGIF)
					if err := graph.SetLogo(context.Background(), id, gif, "image/gif"); err != nil {
						return err
					}
					app, err := graph.GetApplication(context.Background(), id)
					portalLogoURL = app.Info.LogoURL
					return err
				},
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(appAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(appAddr, tfjsonpath.New("logo_image"), knownvalue.StringExact(logoPNG)),
					plancheck.ExpectKnownValue(appAddr, tfjsonpath.New("marketing_url"), knownvalue.StringExact("https://acme.example/crm-sync")),
					plancheck.ExpectUnknownValue(appAddr, tfjsonpath.New("logo_url")),
				}},
			},
			{
				Config:           brandingConfig(h, name, logoPNG),
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check: resource.ComposeTestCheckFunc(
					checkUploadedLogo(h, logoPNG, "image/png"),
					checkGraphApplication(h, t, func(app *entra.Application) error {
						if app.Web.HomePageURL != "https://acme.example" || app.Info.MarketingURL != "https://acme.example/crm-sync" {
							return fmt.Errorf("apply did not restore the links: %q %+v", app.Web.HomePageURL, app.Info)
						}
						if app.Info.LogoURL == portalLogoURL {
							return fmt.Errorf("apply did not upload the configured logo again")
						}
						return nil
					}),
				),
			},
		},
	})
}

func TestAccEntraApplication_badConsentScreenInputFailsAtPlanWithoutWrites(t *testing.T) {
	h := acctest.New(t)
	svg := base64.StdEncoding.EncodeToString([]byte("<svg xmlns='http://www.w3.org/2000/svg'/>"))
	cases := map[string]struct{ extra, want string }{
		"relative privacy link":   {extra: `privacy_statement_url = "/privacy"`, want: `privacy_statement_url: "/privacy" is not an absolute URL`},
		"ftp terms":               {extra: `terms_of_service_url = "ftp://acme.example/tos"`, want: `terms_of_service_url: .*scheme "ftp"`},
		"home page with a space":  {extra: `homepage_url = "https://acme.example/a b"`, want: `homepage_url: .*contains whitespace`},
		"support link too long":   {extra: `support_url = "https://acme.example/` + strings.Repeat("s", 2048) + `"`, want: `support_url: .*characters long; Entra ID accepts at most\s+2048`},
		"logo that is not base64": {extra: `logo_image = "logo.png"`, want: `logo_image is not base64`},
		"svg logo":                {extra: `logo_image = "` + svg + `"`, want: `logo_image is not a PNG, JPEG or GIF`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: h.Factories(),
				Steps: []resource.TestStep{{
					Config:      appConfig(h, appName(), tc.extra),
					PlanOnly:    true,
					ExpectError: regexp.MustCompile("(?s)" + tc.want),
				}},
			})
		})
	}
	if h.Emu != nil {
		if n := h.Emu.Log.Count("graph", "", ""); n != 0 {
			t.Errorf("invalid configurations made %d Graph requests, want 0:\n%s", n, h.Emu.Log.Summary())
		}
	}
}
