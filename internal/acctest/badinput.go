package acctest

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

// BadInput is one input the provider must refuse at plan time.
type BadInput struct {
	Name   string
	Config string            // the whole configuration, provider block included
	Want   *regexp.Regexp    // the diagnostic; see Diag
	Env    map[string]string // environment for this case only ("" unsets)
}

// Diag is the pattern of a diagnostic as terraform prints it: want's spaces
// match any run of whitespace, since terraform wraps long lines.
func Diag(want string) *regexp.Regexp {
	return regexp.MustCompile("(?s)" + strings.ReplaceAll(want, " ", `\s+`))
}

// RefuseAtPlan plans each case and requires that the plan fails with its
// diagnostic and that nothing was written: the emulators' request log shows
// no request that could change Graph or Unified.to while the case ran. It
// returns how long each case took, by name, so that tests can bound the
// time a refusal needs.
//
// Cases run one after another in t, which must not be parallel: a case may
// set environment variables, and the log is shared by the harness.
func (h *Harness) RefuseAtPlan(t *testing.T, cases ...BadInput) map[string]time.Duration {
	t.Helper()
	took := map[string]time.Duration{}
	for _, tc := range cases {
		t.Run(tc.Name, func(t *testing.T) {
			for k, v := range tc.Env {
				t.Setenv(k, v)
			}
			before := h.writes()
			start := time.Now()
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: h.Factories(),
				Steps:                    []resource.TestStep{{Config: tc.Config, PlanOnly: true, ExpectError: tc.Want}},
			})
			took[tc.Name] = time.Since(start)
			if n := h.writes() - before; n != 0 {
				t.Errorf("refusing %s made %d writes; bad input must be refused before anything is written:\n%s", tc.Name, n, h.Emu.Log.Summary())
			}
		})
	}
	return took
}

// writes counts the requests that could have changed Graph or Unified.to;
// in live mode it cannot know and returns 0.
func (h *Harness) writes() int {
	if h.Emu == nil {
		return 0
	}
	return h.Emu.Log.Writes("graph") + h.Emu.Log.Writes("unified")
}
