package provider_test

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/acctest"
	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/emulator/emuhttp"
	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/emulator/graphapi"
)

const (
	secretAddr = "unifiedto_entra_client_secret.test"
	// Routes of the emulator's request log.
	secretAddRoute            = "/v1.0/applications/{id}/addPassword"
	secretRemoveRoute         = "/v1.0/applications/{id}/removePassword"
	secretAppRoute            = "/v1.0/applications/{id}"
	secretCreateBeforeDestroy = `
  lifecycle {
    create_before_destroy = true
  }`
)

// secretFormat is the format of the secrets Entra issues today (docs/design/graph-secrets.md).
var (
	secretFormat = regexp.MustCompile(`^[A-Za-z0-9_~.-]{3}8Q~[A-Za-z0-9_~.-]{34}$`)
	secretIDForm = regexp.MustCompile(`^[0-9a-f-]{36}/[0-9a-f-]{36}$`)
)

// secretConfig is an application and a secret of it, with body inside the
// secret's block.
func secretConfig(h *acctest.Harness, app, body string) string {
	return appConfig(h, app, "") + fmt.Sprintf(`
resource "unifiedto_entra_client_secret" "test" {
  application_object_id = unifiedto_entra_application.test.object_id
%s
}
`, body)
}

func secretAttrs(s *terraform.State) map[string]string {
	return s.RootModule().Resources[secretAddr].Primary.Attributes
}

// checkSecretState runs check on the secret's attributes in state.
func checkSecretState(check func(a map[string]string) error) resource.TestCheckFunc {
	return func(s *terraform.State) error { return check(secretAttrs(s)) }
}

// emulatedSecrets is what the emulated directory really holds for the
// application of the secret in state, without any lag.
func emulatedSecrets(h *acctest.Harness, s *terraform.State) ([]graphapi.PasswordCredential, error) {
	objectID := secretAttrs(s)["application_object_id"]
	app, ok := h.Emu.Graph.Application(objectID)
	if !ok {
		return nil, fmt.Errorf("the emulator holds no application %s", objectID)
	}
	return app.PasswordCredentials, nil
}

// checkEmulatedSecretIsOnlyOne checks that the directory holds exactly the
// secret in state: the one Terraform knows, no orphan, no leftover.
func checkEmulatedSecretIsOnlyOne(h *acctest.Harness) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		creds, err := emulatedSecrets(h, s)
		if err != nil {
			return err
		}
		a := secretAttrs(s)
		if len(creds) != 1 || creds[0].KeyID != a["key_id"] {
			return fmt.Errorf("the directory holds %+v, want only key %s", creds, a["key_id"])
		}
		end, err := time.Parse(time.RFC3339, a["end_date"])
		if err != nil || !end.Equal(creds[0].EndDateTime) || creds[0].Hint != a["hint"] {
			return fmt.Errorf("the directory's secret ends %v with hint %q; state says %s, %q", creds[0].EndDateTime, creds[0].Hint, a["end_date"], a["hint"])
		}
		return nil
	}
}

// setEmulatedSecretEnd moves the end date of the secret in state, which
// is what the passing of time looks like to a plan: the secret is then
// end-now away from expiry.
func setEmulatedSecretEnd(h *acctest.Harness, s *terraform.State, end time.Time) error {
	a := secretAttrs(s)
	return h.Emu.Graph.UpdateApplication(a["application_object_id"], func(app *graphapi.Application) {
		for i := range app.PasswordCredentials {
			if app.PasswordCredentials[i].KeyID == a["key_id"] {
				app.PasswordCredentials[i].EndDateTime = end
			}
		}
	})
}

// secretLogIndex returns the position in the request log of the first answer
// with this route and status whose note names keyID, or -1.
func secretLogIndex(entries []emuhttp.Entry, route string, status int, keyID string) int {
	for i, e := range entries {
		if e.Service == "graph" && e.Route == route && e.Status == status && strings.Contains(e.Note, keyID) {
			return i
		}
	}
	return -1
}

func TestAccEntraClientSecret_basic(t *testing.T) {
	h := acctest.New(t)
	start := time.Now()
	name := appName()
	sameKey := statecheck.CompareValue(compare.ValuesSame())
	config := func(renewBefore string) string {
		return secretConfig(h, name, `  display_name      = "unified.to"
  end_date_relative = "8760h"
  renew_before      = "`+renewBefore+`"`)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: h.Factories(),
		CheckDestroy:             resource.ComposeAggregateTestCheckFunc(h.CheckClientSecretsDestroyed(t), h.CheckApplicationsDestroyed(t)),
		Steps: []resource.TestStep{
			{
				Config: config("720h"),
				ConfigStateChecks: []statecheck.StateCheck{
					sameKey.AddStateValue(secretAddr, tfjsonpath.New("key_id")),
					statecheck.ExpectKnownValue(secretAddr, tfjsonpath.New("id"), knownvalue.StringRegexp(secretIDForm)),
					statecheck.CompareValuePairs(secretAddr, tfjsonpath.New("application_object_id"), appAddr, tfjsonpath.New("object_id"), compare.ValuesSame()),
					statecheck.ExpectKnownValue(secretAddr, tfjsonpath.New("key_id"), knownvalue.StringRegexp(guid)),
					statecheck.ExpectKnownValue(secretAddr, tfjsonpath.New("value"), knownvalue.StringRegexp(secretFormat)),
					statecheck.ExpectKnownValue(secretAddr, tfjsonpath.New("display_name"), knownvalue.StringExact("unified.to")),
					statecheck.ExpectKnownValue(secretAddr, tfjsonpath.New("end_date_relative"), knownvalue.StringExact("8760h")),
					statecheck.ExpectKnownValue(secretAddr, tfjsonpath.New("renew_before"), knownvalue.StringExact("720h")),
					statecheck.ExpectKnownValue(secretAddr, tfjsonpath.New("rotate_when_changed"), knownvalue.Null()),
					statecheck.ExpectKnownValue(secretAddr, tfjsonpath.New("start_date"), knownvalue.NotNull()),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkSecretState(func(a map[string]string) error {
						if a["id"] != a["application_object_id"]+"/"+a["key_id"] {
							return fmt.Errorf("id %q is not <object id>/<key id>", a["id"])
						}
						if a["hint"] != a["value"][:3] {
							return fmt.Errorf("hint %q is not the first 3 characters of the value", a["hint"])
						}
						startDate, err1 := time.Parse(time.RFC3339, a["start_date"])
						end, err2 := time.Parse(time.RFC3339, a["end_date"])
						if err1 != nil || err2 != nil {
							return fmt.Errorf("start_date %q, end_date %q: not RFC 3339", a["start_date"], a["end_date"])
						}
						// The end is the creation time plus end_date_relative,
						// not Graph's default of two years.
						year := 8760 * time.Hour
						if end.Before(start.Add(year).Add(-time.Second)) || end.After(time.Now().Add(year)) {
							return fmt.Errorf("end_date %s is not creation + 8760h (created between %s and now)", end, start)
						}
						if d := end.Sub(startDate) - year; d.Abs() > 2*time.Second {
							return fmt.Errorf("end_date - start_date is 8760h%+v", d)
						}
						return nil
					}),
					func(s *terraform.State) error {
						if h.Emu == nil {
							_, err := h.Graph(t).GetPassword(context.Background(), secretAttrs(s)["application_object_id"], secretAttrs(s)["key_id"])
							return err
						}
						return checkEmulatedSecretIsOnlyOne(h)(s)
					},
				),
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				ResourceName: secretAddr, ImportState: true, ImportStateVerify: true,
				// value: Graph returns a secret only in the answer that creates it, so an import cannot know it.
				// end_date_relative, renew_before: configuration only; Graph keeps the resulting end_date, which is verified.
				ImportStateVerifyIgnore: []string{"value", "end_date_relative", "renew_before", "timeouts"},
				ImportStateCheck: func(states []*terraform.InstanceState) error {
					if v, ok := states[0].Attributes["value"]; ok && v != "" {
						return fmt.Errorf("an imported secret has a value")
					}
					return nil
				},
			},
			// An id pasted in upper case still matches the application's object_id.
			{
				ResourceName: secretAddr, ImportState: true, ImportStateVerify: true,
				ImportStateVerifyIgnore: []string{"value", "end_date_relative", "renew_before", "timeouts"},
				ImportStateIdFunc: func(s *terraform.State) (string, error) {
					return strings.ToUpper(s.RootModule().Resources[secretAddr].Primary.ID), nil
				},
			},
			{
				ResourceName: secretAddr, ImportState: true, ImportStateId: "not-an-id",
				ExpectError: secretDiag(`two GUIDs separated by a slash`),
			},
			// renew_before is not stored in Graph and does not replace the secret.
			{
				Config: config("1000h"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(secretAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					sameKey.AddStateValue(secretAddr, tfjsonpath.New("key_id")),
					statecheck.ExpectKnownValue(secretAddr, tfjsonpath.New("renew_before"), knownvalue.StringExact("1000h")),
					statecheck.ExpectKnownValue(secretAddr, tfjsonpath.New("value"), knownvalue.StringRegexp(secretFormat)),
				},
			},
		},
	})
}

func TestAccEntraClientSecret_disappears(t *testing.T) {
	h := acctest.New(t)
	name := appName()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: h.Factories(),
		Steps: []resource.TestStep{
			{
				Config: secretConfig(h, name, ""),
				Check: func(s *terraform.State) error {
					a := secretAttrs(s)
					return h.Graph(t).RemovePassword(context.Background(), a["application_object_id"], a["key_id"])
				},
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(secretAddr, plancheck.ResourceActionCreate),
					plancheck.ExpectResourceAction(appAddr, plancheck.ResourceActionNoop),
				}},
			},
			{Config: secretConfig(h, name, ""), ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
		},
	})
}

// An application deleted outside Terraform takes its secrets with it: both
// are planned again, and Read does not fail on the missing application.
func TestAccEntraClientSecret_applicationDisappears(t *testing.T) {
	h := acctest.New(t)
	name := appName()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: h.Factories(),
		Steps: []resource.TestStep{
			{
				Config: secretConfig(h, name, ""),
				Check: func(s *terraform.State) error {
					return h.Graph(t).DeleteApplication(context.Background(), secretAttrs(s)["application_object_id"])
				},
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(secretAddr, plancheck.ResourceActionCreate),
					plancheck.ExpectResourceAction(appAddr, plancheck.ResourceActionCreate),
				}},
			},
		},
	})
}

func TestAccEntraClientSecret_badInputFailsAtPlanWithoutWrites(t *testing.T) {
	h := acctest.New(t)
	h.RequireEmulator(t, "counting Graph requests")
	soon := time.Now().Add(48 * time.Hour).UTC().Format(time.RFC3339)
	cases := map[string]struct{ body, want string }{
		"end_date not RFC 3339": {`end_date = "next tuesday"`, `end_date "next tuesday" is not an RFC 3339 timestamp`},
		"end_date without zone": {`end_date = "2030-01-01T00:00:00"`, `end_date "2030-01-01T00:00:00" is not an RFC 3339`},
		"end_date in the past":  {`end_date = "2020-01-01T00:00:00Z"`, `end_date "2020-01-01T00:00:00Z" is not in the future`},
		"relative not a duration": {`end_date_relative = "1y"`,
			`end_date_relative "1y" is not a duration.*such as "8760h"`},
		"relative negative":  {`end_date_relative = "-1h"`, `end_date_relative "-1h" is not positive`},
		"relative zero":      {`end_date_relative = "0s"`, `end_date_relative "0s" is not positive`},
		"renew_before words": {`renew_before = "a month"`, `renew_before "a month" is not a duration`},
		"renew_before beyond relative": {"end_date_relative = \"8760h\"\n  renew_before = \"9000h\"",
			`renew_before "9000h" is not shorter than end_date_relative "8760h"`},
		"renew_before beyond default": {`renew_before = "20000h"`, `renew_before "20000h" is not shorter than Microsoft Graph's default`},
		"renew_before beyond end_date": {fmt.Sprintf("end_date = %q\n  renew_before = \"72h\"", soon),
			`renew_before "72h" is longer than the time left until end_date`},
		"both end dates":     {"end_date = \"2030-01-01T00:00:00Z\"\n  end_date_relative = \"8760h\"", `Attribute "end_date" cannot be specified when "end_date_relative" is specified`},
		"empty display_name": {`display_name = ""`, `display_name string length must be at least 1`},
	}
	bad := []acctest.BadInput{{Name: "application name instead of object id",
		Config: h.Config(`resource "unifiedto_entra_client_secret" "test" { application_object_id = "Acme CRM sync" }`),
		Want:   secretDiag(`application_object_id.*must be the application's object id`)}}
	for name, tc := range cases {
		bad = append(bad, acctest.BadInput{Name: name, Config: secretConfig(h, appName(), "  "+tc.body), Want: secretDiag(tc.want)})
	}
	h.RefuseAtPlan(t, bad...)
	if n := h.Emu.Log.Count("graph", "", ""); n != 0 {
		t.Errorf("invalid configurations made %d Graph requests, want 0:\n%s", n, h.Emu.Log.Summary())
	}
}

// secretDiag compiles pattern so that its spaces match the line breaks
// Terraform puts into long diagnostics.
func secretDiag(pattern string) *regexp.Regexp {
	return regexp.MustCompile("(?s)" + strings.ReplaceAll(pattern, " ", `\s+`))
}

// A lifetime the tenant's policy refuses names the policy and what to
// change; the shorter lifetime it suggests then works.
func TestAccEntraClientSecret_lifetimePolicy(t *testing.T) {
	h := acctest.New(t)
	h.RequireEmulator(t, "an app management policy")
	h.Emu.Graph.SetCredentialLifetimePolicy("Contoso: 90-day secrets", 90*24*time.Hour)
	name := appName()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: h.Factories(),
		Steps: []resource.TestStep{
			{
				Config: secretConfig(h, name, `  end_date_relative = "8760h"`),
				ExpectError: secretDiag(`Creating client secret for application.*the tenant's app management policy "Contoso: 90-day secrets" caps.*` +
					`asked for a lifetime until.*about 365 days.*shorter end_date_relative`),
			},
			{
				Config:            secretConfig(h, name, `  end_date_relative = "2000h"`),
				ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue(secretAddr, tfjsonpath.New("value"), knownvalue.StringRegexp(secretFormat))},
				Check:             checkEmulatedSecretIsOnlyOne(h),
			},
		},
	})
	if n := h.Emu.Log.Count("graph", http.MethodPost, secretAddRoute); n != 2 {
		t.Errorf("%d addPassword requests, want 2: the refused one is not retried", n)
	}
}
