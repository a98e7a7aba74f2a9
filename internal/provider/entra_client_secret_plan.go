package provider

import (
	"context"
	"errors"
	"fmt"
	"math"
	"regexp"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/entra"
)

// This file holds the client secret's plan-time logic: input validation,
// expiry as drift, and the diagnostic for a lifetime a tenant policy refuses.

// graphDefaultSecretLifetime is what addPassword gives a secret without an
// end date (docs/design/graph-secrets.md).
const graphDefaultSecretLifetime = 2 * 365 * 24 * time.Hour

// ValidateConfig checks what single-attribute validators cannot: that
// renew_before is shorter than the lifetime, else every plan would replace
// a secret as soon as it exists.
func (r *entraClientSecretResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var cfg entraClientSecretModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() || !secretKnown(cfg.RenewBefore) {
		return
	}
	renew, err := parsePositiveDuration(cfg.RenewBefore.ValueString())
	if err != nil {
		return // the attribute's validator reports it
	}
	lifetime, what := time.Duration(0), ""
	switch {
	case secretKnown(cfg.EndDateRelative):
		if lifetime, err = parsePositiveDuration(cfg.EndDateRelative.ValueString()); err != nil {
			return
		}
		what = fmt.Sprintf("end_date_relative %q", cfg.EndDateRelative.ValueString())
	case cfg.EndDateRelative.IsNull() && cfg.EndDate.IsNull():
		lifetime, what = graphDefaultSecretLifetime, "Microsoft Graph's default lifetime of two years (17520h)"
	default:
		return // a fixed end_date is checked against the clock in ModifyPlan
	}
	if renew >= lifetime {
		resp.Diagnostics.AddAttributeError(path.Root("renew_before"), "Invalid renew_before",
			fmt.Sprintf("renew_before %q is not shorter than %s: the secret would be due for renewal as soon as it is created, and every plan would replace it. "+
				"Use a renew_before shorter than the lifetime, such as \"720h\" (30 days) for a secret of a year.", cfg.RenewBefore.ValueString(), what))
	}
}

// ModifyPlan makes expiry drift: a secret past its end date, or within
// renew_before of it, is planned for replacement. Terraform replaces only
// when the planned object differs from the prior one, so the computed
// attributes become unknown and end_date is named as the reason.
func (r *entraClientSecretResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	r.clients.planGraphConfig(&resp.Diagnostics)
	if req.Plan.Raw.IsNull() || resp.Diagnostics.HasError() {
		return // destroy, or sign-in settings to fix first
	}
	var plan, config entraClientSecretModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	now := time.Now()
	if req.State.Raw.IsNull() {
		// A new secret, including the create half of a replacement, which
		// Terraform plans again with no prior state.
		checkNewSecretEndDate(plan, now, &resp.Diagnostics)
		if !resp.Diagnostics.HasError() {
			r.clients.applicationAtPlan(ctx, path.Root("application_object_id"), plan.ApplicationObjectID, types.StringNull(), &resp.Diagnostics)
		}
		return
	}
	var state entraClientSecretModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	r.clients.applicationAtPlan(ctx, path.Root("application_object_id"), plan.ApplicationObjectID, state.ApplicationObjectID, &resp.Diagnostics)
	if resp.Diagnostics.HasError() || plan.replacesSecret(state) {
		return
	}
	end, err := time.Parse(time.RFC3339, state.EndDate.ValueString())
	if err != nil {
		return // nothing to judge expiry by
	}
	renew := time.Duration(0)
	if secretKnown(plan.RenewBefore) {
		renew, _ = parsePositiveDuration(plan.RenewBefore.ValueString())
	}
	fixed := !config.EndDate.IsNull()
	who := fmt.Sprintf("Client secret %s of application %s", state.KeyID.ValueString(), state.ApplicationObjectID.ValueString())
	date := fmt.Sprintf("%s (%s)", end.UTC().Format(time.RFC3339), secretWhen(end.Sub(now)))
	switch planRenewal(now, end, renew, fixed) {
	case renewNone:
		return
	case renewFixedExpired:
		resp.Diagnostics.AddAttributeError(path.Root("end_date"), who+" has expired",
			fmt.Sprintf("It expired on %s. Its end_date is fixed in the configuration, so a replacement would be expired too. "+
				"Set end_date to a later date, or use end_date_relative instead.", date))
		return
	case renewFixedDue:
		resp.Diagnostics.AddAttributeWarning(path.Root("end_date"), who+" expires soon",
			fmt.Sprintf("It expires on %s, within renew_before (%s). It is not replaced: its end_date is fixed in the configuration, so a replacement "+
				"would expire at the same moment. Set a later end_date, or use end_date_relative, to renew it.", date, plan.RenewBefore.ValueString()))
		return
	case renewExpired:
		resp.Diagnostics.AddAttributeWarning(path.Root("end_date"), who+" has expired",
			fmt.Sprintf("It expired on %s, so this plan replaces it. %s", date, secretRotationAdvice))
	case renewDue:
		resp.Diagnostics.AddAttributeWarning(path.Root("end_date"), who+" expires soon",
			fmt.Sprintf("It expires on %s, within renew_before (%s), so this plan replaces it. %s", date, plan.RenewBefore.ValueString(), secretRotationAdvice))
	}
	plan.markReplaced()
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
	resp.RequiresReplace = append(resp.RequiresReplace, path.Root("end_date"))
}

const secretRotationAdvice = "With lifecycle { create_before_destroy = true } the new secret is added before this one is removed."

// checkNewSecretEndDate refuses, before any API call, a fixed end date that
// is not in the future or leaves less than renew_before.
func checkNewSecretEndDate(plan entraClientSecretModel, now time.Time, diags *diag.Diagnostics) {
	if !secretKnown(plan.EndDate) {
		return
	}
	end, err := time.Parse(time.RFC3339, plan.EndDate.ValueString())
	if err != nil {
		return // the attribute's validator reports it
	}
	if !end.After(now) {
		diags.AddAttributeError(path.Root("end_date"), "Invalid end_date",
			fmt.Sprintf("end_date %q is not in the future (now is %s): a new secret must end later than it is created. "+
				"Set a later end_date, or use end_date_relative such as \"8760h\" for a year.", plan.EndDate.ValueString(), now.UTC().Format(time.RFC3339)))
		return
	}
	if !secretKnown(plan.RenewBefore) {
		return
	}
	if renew, err := parsePositiveDuration(plan.RenewBefore.ValueString()); err == nil && end.Sub(now) <= renew {
		diags.AddAttributeError(path.Root("renew_before"), "Invalid renew_before",
			fmt.Sprintf("renew_before %q is longer than the time left until end_date %q: the new secret would be due for renewal at once. "+
				"Use a shorter renew_before or a later end_date.", plan.RenewBefore.ValueString(), plan.EndDate.ValueString()))
	}
}

// replacesSecret reports whether an input that forces replacement differs
// from the prior state; Terraform then plans the new secret separately.
func (m entraClientSecretModel) replacesSecret(prior entraClientSecretModel) bool {
	return !m.ApplicationObjectID.Equal(prior.ApplicationObjectID) || !m.DisplayName.Equal(prior.DisplayName) ||
		!m.EndDate.Equal(prior.EndDate) || !m.EndDateRelative.Equal(prior.EndDateRelative) ||
		!m.RotateWhenChanged.Equal(prior.RotateWhenChanged)
}

// markReplaced plans the values a new secret will have: all unknown. Only
// a secret without a configured end_date is renewed, so end_date is too.
func (m *entraClientSecretModel) markReplaced() {
	m.ID, m.KeyID, m.Value, m.Hint, m.StartDate, m.EndDate =
		types.StringUnknown(), types.StringUnknown(), types.StringUnknown(), types.StringUnknown(), types.StringUnknown(), types.StringUnknown()
}

type renewal int

const (
	renewNone         renewal = iota
	renewExpired              // past its end date: replace
	renewDue                  // within renew_before of it: replace, warn
	renewFixedExpired         // past a configured end_date: a replacement cannot help
	renewFixedDue             // within renew_before of a configured end_date: warn only
)

// planRenewal decides what an existing secret needs at time now.
func planRenewal(now, end time.Time, renewBefore time.Duration, fixedEnd bool) renewal {
	switch {
	case !now.Before(end) && fixedEnd:
		return renewFixedExpired
	case !now.Before(end):
		return renewExpired
	case renewBefore <= 0 || end.Sub(now) > renewBefore:
		return renewNone
	case fixedEnd:
		return renewFixedDue
	}
	return renewDue
}

// secretDays says how long d is in the unit people plan secrets with.
func secretDays(d time.Duration) string {
	// Rounded: a secret created for 8760h is "365 days" a moment later.
	switch days := int(math.Round(d.Abs().Hours() / 24)); days {
	case 0:
		return "less than a day"
	case 1:
		return "1 day"
	default:
		return fmt.Sprintf("%d days", days)
	}
}

// secretWhen says when an end date d away is, or was.
func secretWhen(d time.Duration) string {
	if d < 0 {
		return secretDays(d) + " ago"
	}
	return "in " + secretDays(d)
}

// lifetimePolicyPattern finds the policy in Graph's message "Credential
// lifetime exceeds the max value allowed as per assigned policy '…'."
var lifetimePolicyPattern = regexp.MustCompile(`policy '([^']*)'`)

// addClientSecretCreateError reports a failed create: a secret added but
// not yet readable, and a lifetime a tenant policy refuses, get their own
// advice.
func addClientSecretCreateError(diags *diag.Diagnostics, objectID string, in entra.PasswordInput, plan entraClientSecretModel, err error) {
	summary := fmt.Sprintf("Creating client secret for application %s", objectID)
	if errors.Is(err, entra.ErrNotConverged) {
		diags.AddError(summary, graphErrorDetail(err)+"\n\nThe secret exists and is recorded in state, marked tainted: the next apply replaces it. "+
			"Microsoft Graph can take minutes before its reads show a new secret; raise timeouts.create if this recurs.")
		return
	}
	var ge *entra.GraphError
	if !errors.As(err, &ge) || ge.Code != "CredentialInvalidLifetimeAsPerAppPolicy" {
		addGraphError(diags, summary, err)
		return
	}
	attr := path.Root("end_date_relative")
	if secretKnown(plan.EndDate) && plan.EndDateRelative.IsNull() {
		attr = path.Root("end_date")
	}
	diags.AddAttributeError(attr, summary, lifetimePolicyDetail(ge, in.End, time.Now()))
}

// lifetimePolicyDetail explains a CredentialInvalidLifetimeAsPerAppPolicy
// answer: which policy refused, what was asked, and what to change.
func lifetimePolicyDetail(ge *entra.GraphError, end, now time.Time) string {
	policy := "app management policy"
	if m := lifetimePolicyPattern.FindStringSubmatch(ge.Message); m != nil {
		policy = fmt.Sprintf("app management policy %q", m[1])
	}
	asked := "Microsoft Graph's default lifetime of two years"
	if !end.IsZero() {
		asked = fmt.Sprintf("a lifetime until %s, about %s", end.UTC().Format(time.RFC3339), secretDays(end.Sub(now)))
	}
	// Graph names the policy but not its maximum, so the advice says where
	// an administrator reads it.
	return fmt.Sprintf("Microsoft Entra ID refused the secret's lifetime: the tenant's %s caps how long client secrets may live, "+
		"and this secret asked for %s. Choose a shorter end_date_relative (or an earlier end_date) within the policy's limit, such as \"2160h\" for 90 days. "+
		"An administrator sees the limit as the passwordLifetime restriction of the policy (Microsoft Graph: GET /v1.0/policies/defaultAppManagementPolicy "+
		"and /v1.0/policies/appManagementPolicies).\n\n%s", policy, asked, ge.Error())
}

// secretKnown reports whether v holds a value (not null, not unknown).
func secretKnown(v types.String) bool { return !v.IsNull() && !v.IsUnknown() }

// parsePositiveDuration parses a Go duration that must be above zero.
func parsePositiveDuration(s string) (time.Duration, error) {
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("%q is not a duration", s)
	}
	if d <= 0 {
		return 0, fmt.Errorf("%q is not positive", s)
	}
	return d, nil
}

// positiveDurationValidator accepts Go durations above zero.
type positiveDurationValidator struct{}

func (positiveDurationValidator) Description(context.Context) string {
	return `a positive Go duration with units h, m and s, such as "8760h"`
}

func (v positiveDurationValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (positiveDurationValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if !secretKnown(req.ConfigValue) {
		return
	}
	if _, err := parsePositiveDuration(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+req.Path.String(),
			fmt.Sprintf("%s %s. Use a positive Go duration with units h, m and s, such as \"8760h\" for a year or \"720h\" for 30 days "+
				"(days and years are not units).", req.Path, err))
	}
}

// rfc3339Validator accepts RFC 3339 timestamps.
type rfc3339Validator struct{}

func (rfc3339Validator) Description(context.Context) string {
	return `an RFC 3339 timestamp, such as "2027-01-31T00:00:00Z"`
}

func (v rfc3339Validator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (rfc3339Validator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if !secretKnown(req.ConfigValue) {
		return
	}
	if _, err := time.Parse(time.RFC3339, req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+req.Path.String(),
			fmt.Sprintf("%s %q is not an RFC 3339 timestamp. Write a date, a time and a time zone, such as \"2027-01-31T00:00:00Z\" "+
				"or \"2027-01-31T09:00:00+01:00\".", req.Path, req.ConfigValue.ValueString()))
	}
}
