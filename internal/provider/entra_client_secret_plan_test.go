package provider

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/entra"
)

func TestPlanRenewal(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	day := 24 * time.Hour
	cases := []struct {
		name  string
		end   time.Time
		renew time.Duration
		fixed bool
		want  renewal
	}{
		{"far from expiry", now.Add(100 * day), 30 * day, false, renewNone},
		{"no renew_before", now.Add(time.Hour), 0, false, renewNone},
		{"within renew_before", now.Add(10 * day), 30 * day, false, renewDue},
		{"exactly at renew_before", now.Add(30 * day), 30 * day, false, renewDue},
		{"expired", now.Add(-time.Minute), 0, false, renewExpired},
		{"expires this instant", now, 0, false, renewExpired},
		{"fixed end within renew_before", now.Add(10 * day), 30 * day, true, renewFixedDue},
		{"fixed end expired", now.Add(-day), 30 * day, true, renewFixedExpired},
		{"fixed end far away", now.Add(100 * day), 30 * day, true, renewNone},
	}
	for _, tc := range cases {
		if got := planRenewal(now, tc.end, tc.renew, tc.fixed); got != tc.want {
			t.Errorf("%s: planRenewal = %d, want %d", tc.name, got, tc.want)
		}
	}
}

func TestParsePositiveDuration(t *testing.T) {
	for in, want := range map[string]time.Duration{"8760h": 8760 * time.Hour, "90m": 90 * time.Minute, "1h30m": 90 * time.Minute} {
		if got, err := parsePositiveDuration(in); err != nil || got != want {
			t.Errorf("parsePositiveDuration(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "1y", "365d", "0s", "-1h", "8760"} {
		if _, err := parsePositiveDuration(in); err == nil {
			t.Errorf("parsePositiveDuration(%q) accepted it", in)
		}
	}
}

func TestPasswordInputCountsEndDateRelativeFromCreation(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 500, time.UTC)
	m := entraClientSecretModel{DisplayName: types.StringValue("unified.to"), EndDateRelative: types.StringValue("8760h"), EndDate: types.StringUnknown()}
	in, err := m.passwordInput(now)
	if err != nil {
		t.Fatal(err)
	}
	if want := now.Add(8760 * time.Hour).Truncate(time.Second); !in.End.Equal(want) || in.DisplayName != "unified.to" {
		t.Errorf("passwordInput = %+v, want end %v", in, want)
	}

	m = entraClientSecretModel{EndDate: types.StringValue("2027-01-31T09:00:00+01:00"), EndDateRelative: types.StringNull()}
	if in, _ = m.passwordInput(now); !in.End.Equal(time.Date(2027, 1, 31, 8, 0, 0, 0, time.UTC)) {
		t.Errorf("fixed end date: got %v", in.End)
	}

	m = entraClientSecretModel{EndDate: types.StringUnknown(), EndDateRelative: types.StringNull()}
	if in, _ = m.passwordInput(now); !in.End.IsZero() {
		t.Errorf("no end date asked for should leave Graph's default, got %v", in.End)
	}
}

func TestSameInstantOrKeepsTheConfiguredSpelling(t *testing.T) {
	graph := time.Date(2027, 1, 31, 8, 0, 0, 0, time.UTC)
	if got := sameInstantOr(types.StringValue("2027-01-31T09:00:00+01:00"), graph); got.ValueString() != "2027-01-31T09:00:00+01:00" {
		t.Errorf("same instant: got %s", got)
	}
	if got := sameInstantOr(types.StringValue("2027-02-01T00:00:00Z"), graph); got.ValueString() != "2027-01-31T08:00:00Z" {
		t.Errorf("different instant: got %s", got)
	}
	if got := sameInstantOr(types.StringUnknown(), graph.Add(1234567*time.Nanosecond)); got.ValueString() != "2027-01-31T08:00:00.001234567Z" {
		t.Errorf("unknown: got %s", got)
	}
	if got := sameInstantOr(types.StringValue("x"), time.Time{}); !got.IsNull() {
		t.Errorf("zero time: got %s", got)
	}
}

func TestLifetimePolicyDetailNamesThePolicy(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	ge := &entra.GraphError{Status: 400, Code: "CredentialInvalidLifetimeAsPerAppPolicy",
		Message: "Credential lifetime exceeds the max value allowed as per assigned policy 'Contoso secrets: 90 days'."}
	detail := lifetimePolicyDetail(ge, now.Add(8760*time.Hour), now)
	for _, want := range []string{`policy "Contoso secrets: 90 days"`, "until 2027-03-01T12:00:00Z, about 365 days", "shorter end_date_relative", ge.Message} {
		if !strings.Contains(detail, want) {
			t.Errorf("detail lacks %q:\n%s", want, detail)
		}
	}
	if detail = lifetimePolicyDetail(ge, time.Time{}, now); !strings.Contains(detail, "default lifetime of two years") {
		t.Errorf("without an end date the detail should name Graph's default:\n%s", detail)
	}
}

func TestSecretWhen(t *testing.T) {
	for d, want := range map[time.Duration]string{
		3 * time.Hour: "in less than a day", 49 * time.Hour: "in 2 days", -25 * time.Hour: "1 day ago",
	} {
		if got := secretWhen(d); got != want {
			t.Errorf("secretWhen(%v) = %q, want %q", d, got, want)
		}
	}
}

// modifySecretPlan runs ModifyPlan on a secret whose prior state is state
// (nil: a create) and whose configuration is config, as Terraform would.
func modifySecretPlan(t *testing.T, state *entraClientSecretModel, config entraClientSecretModel) (entraClientSecretModel, resource.ModifyPlanResponse) {
	t.Helper()
	ctx := context.Background()
	r := &entraClientSecretResource{}
	var sr resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &sr)
	raw := func(m *entraClientSecretModel) tftypes.Value {
		st := tfsdk.State{Schema: sr.Schema, Raw: tftypes.NewValue(sr.Schema.Type().TerraformType(ctx), nil)}
		if m == nil {
			return st.Raw
		}
		c := *m
		c.Timeouts = timeouts.Value{Object: types.ObjectNull(map[string]attr.Type{"create": types.StringType, "read": types.StringType, "delete": types.StringType})}
		if c.RotateWhenChanged.ElementType(ctx) == nil {
			c.RotateWhenChanged = types.MapNull(types.StringType)
		}
		if diags := st.Set(ctx, &c); diags.HasError() {
			t.Fatalf("building the request: %v", diags)
		}
		return st.Raw
	}
	// The plan Terraform proposes: the configuration, with computed values
	// carried over from state by UseStateForUnknown.
	plan := config
	if state != nil {
		plan.ID, plan.KeyID, plan.Value, plan.Hint, plan.StartDate = state.ID, state.KeyID, state.Value, state.Hint, state.StartDate
		if plan.EndDate.IsNull() {
			plan.EndDate = state.EndDate
		}
	}
	req := resource.ModifyPlanRequest{
		Config: tfsdk.Config{Schema: sr.Schema, Raw: raw(&config)},
		Plan:   tfsdk.Plan{Schema: sr.Schema, Raw: raw(&plan)},
		State:  tfsdk.State{Schema: sr.Schema, Raw: raw(state)},
	}
	resp := resource.ModifyPlanResponse{Plan: req.Plan}
	r.ModifyPlan(ctx, req, &resp)
	var out entraClientSecretModel
	if diags := resp.Plan.Get(ctx, &out); diags.HasError() {
		t.Fatalf("reading the plan: %v", diags)
	}
	return out, resp
}

func TestModifyPlanMakesExpiryDrift(t *testing.T) {
	now := time.Now().UTC()
	at := func(d time.Duration) types.String {
		return types.StringValue(now.Add(d).Truncate(time.Second).Format(time.RFC3339))
	}
	day := 24 * time.Hour
	prior := func(end types.String, renew string, fixed bool) *entraClientSecretModel {
		m := &entraClientSecretModel{
			ID: types.StringValue("a/k"), ApplicationObjectID: types.StringValue("a"), KeyID: types.StringValue("k"),
			Value: types.StringValue("abc8Q~secret"), Hint: types.StringValue("abc"), StartDate: at(-300 * day), EndDate: end,
			EndDateRelative: types.StringValue("8760h"), RenewBefore: types.StringNull(),
		}
		if renew != "" {
			m.RenewBefore = types.StringValue(renew)
		}
		if fixed {
			m.EndDateRelative = types.StringNull()
		}
		return m
	}
	configOf := func(p *entraClientSecretModel) entraClientSecretModel {
		c := entraClientSecretModel{ApplicationObjectID: p.ApplicationObjectID, EndDateRelative: p.EndDateRelative, RenewBefore: p.RenewBefore,
			EndDate: types.StringNull()}
		if p.EndDateRelative.IsNull() {
			c.EndDate = p.EndDate // a fixed end date is in the configuration
		}
		return c
	}
	cases := []struct {
		name        string
		state       *entraClientSecretModel
		replace     bool
		severity    string // "", "warning" or "error"
		mentionsEnd bool
		wants       string
	}{
		{name: "far from expiry", state: prior(at(60*day), "720h", false)},
		{name: "within renew_before", state: prior(at(10*day), "720h", false), replace: true, severity: "warning", mentionsEnd: true, wants: "within renew_before (720h), so this plan replaces it"},
		{name: "expired", state: prior(at(-time.Hour), "", false), replace: true, severity: "warning", mentionsEnd: true, wants: "expired on"},
		{name: "fixed end within renew_before", state: prior(at(10*day), "720h", true), severity: "warning", mentionsEnd: true, wants: "It is not replaced"},
		{name: "fixed end expired", state: prior(at(-time.Hour), "", true), severity: "error", mentionsEnd: true, wants: "a replacement would be expired too"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			plan, resp := modifySecretPlan(t, tc.state, configOf(tc.state))
			replaced := len(resp.RequiresReplace) > 0
			if replaced != tc.replace {
				t.Fatalf("RequiresReplace = %v, want replacement %v", resp.RequiresReplace, tc.replace)
			}
			if replaced && (!plan.KeyID.IsUnknown() || !plan.Value.IsUnknown() || !plan.EndDate.IsUnknown() || !resp.RequiresReplace.Contains(path.Root("end_date"))) {
				t.Errorf("a replacement must plan a new key and end date: %+v, %v", plan, resp.RequiresReplace)
			}
			if !replaced && !plan.KeyID.Equal(tc.state.KeyID) {
				t.Errorf("no replacement, yet the plan changed key_id to %s", plan.KeyID)
			}
			if got := severityOf(resp.Diagnostics); got != tc.severity {
				t.Fatalf("diagnostics %v, want one %q", resp.Diagnostics, tc.severity)
			}
			if tc.severity == "" {
				return
			}
			d := resp.Diagnostics[0]
			end, _ := time.Parse(time.RFC3339, tc.state.EndDate.ValueString())
			if !strings.Contains(d.Detail(), tc.wants) || (tc.mentionsEnd && !strings.Contains(d.Detail(), end.Format(time.RFC3339))) {
				t.Errorf("diagnostic %q: %q lacks %q or the date %s", d.Summary(), d.Detail(), tc.wants, end.Format(time.RFC3339))
			}
			if strings.Contains(d.Summary()+d.Detail(), tc.state.Value.ValueString()) {
				t.Errorf("the diagnostic shows the secret")
			}
		})
	}

	t.Run("another change replaces anyway", func(t *testing.T) {
		state := prior(at(-time.Hour), "", false)
		config := configOf(state)
		config.DisplayName = types.StringValue("renamed")
		_, resp := modifySecretPlan(t, state, config)
		if len(resp.Diagnostics) != 0 || len(resp.RequiresReplace) != 0 {
			t.Errorf("the create half judges the new secret; got %v, %v", resp.Diagnostics, resp.RequiresReplace)
		}
	})
	t.Run("new secret with a past end_date", func(t *testing.T) {
		_, resp := modifySecretPlan(t, nil, entraClientSecretModel{ApplicationObjectID: types.StringValue("a"), EndDate: at(-day), EndDateRelative: types.StringNull()})
		if severityOf(resp.Diagnostics) != "error" || !strings.Contains(resp.Diagnostics[0].Detail(), "is not in the future") {
			t.Errorf("diagnostics %v", resp.Diagnostics)
		}
	})
	t.Run("new secret ending within renew_before", func(t *testing.T) {
		_, resp := modifySecretPlan(t, nil, entraClientSecretModel{ApplicationObjectID: types.StringValue("a"), EndDate: at(2 * day),
			EndDateRelative: types.StringNull(), RenewBefore: types.StringValue("72h")})
		if severityOf(resp.Diagnostics) != "error" || !strings.Contains(resp.Diagnostics[0].Detail(), "longer than the time left") {
			t.Errorf("diagnostics %v", resp.Diagnostics)
		}
	})
}

func severityOf(diags diag.Diagnostics) string {
	switch {
	case len(diags) == 0:
		return ""
	case len(diags) > 1:
		return "several"
	case diags[0].Severity() == diag.SeverityError:
		return "error"
	}
	return "warning"
}
