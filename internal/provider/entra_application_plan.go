package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource"
)

var _ resource.ResourceWithModifyPlan = (*entraApplicationResource)(nil)

// ModifyPlan fails the plan when the Entra sign-in settings are wrong, so
// that a configuration which also writes Unified.to stops before its first
// write rather than after it (docs/design/provider-configuration.md).
func (r *entraApplicationResource) ModifyPlan(_ context.Context, _ resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	r.clients.planGraphConfig(&resp.Diagnostics)
}
