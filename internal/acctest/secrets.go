package acctest

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
)

// ExpectPlanJSONLacks fails when secret appears anywhere in the plan as
// `terraform show -json` renders it.
func ExpectPlanJSONLacks(secret string) plancheck.PlanCheck { return planLacks{secret} }

type planLacks struct{ secret string }

func (c planLacks) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	resp.Error = lacks("plan", req.Plan, c.secret)
}

// ExpectStateJSONLacks fails when secret appears anywhere in the state as
// `terraform show -json` renders it.
func ExpectStateJSONLacks(secret string) statecheck.StateCheck { return stateLacks{secret} }

type stateLacks struct{ secret string }

func (c stateLacks) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	resp.Error = lacks("state", req.State, c.secret)
}

func lacks(what string, v any, secret string) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	if len(raw) < 100 {
		return fmt.Errorf("the %s JSON is suspiciously short (%d bytes): the check would prove nothing", what, len(raw))
	}
	if strings.Contains(string(raw), secret) {
		return fmt.Errorf("the %s contains the secret", what)
	}
	return nil
}
