package provider

import (
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"

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

func TestLifetimePolicyDetailNamesPolicyAndMaximum(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	ge := &entra.GraphError{Status: 400, Code: "CredentialInvalidLifetimeAsPerAppPolicy",
		Message: "Credential lifetime exceeds the max value allowed as per assigned policy 'Contoso secrets: 90 days'."}
	detail := lifetimePolicyDetail(ge, now.Add(8760*time.Hour), now)
	for _, want := range []string{`"Contoso secrets: 90 days"`, "until 2027-03-01T12:00:00Z", "about 365 days", "shorter end_date_relative", ge.Message} {
		if !strings.Contains(detail, want) {
			t.Errorf("detail lacks %q:\n%s", want, detail)
		}
	}
	if strings.Contains(detail, "at most") {
		t.Errorf("detail claims a maximum Graph did not give:\n%s", detail)
	}

	ge.Message = "Credential lifetime exceeds the max value allowed as per assigned policy 'p1'. maxLifetime: P90D."
	if detail = lifetimePolicyDetail(ge, time.Time{}, now); !strings.Contains(detail, "at most 2160h0m0s (90 days)") || !strings.Contains(detail, "default lifetime of two years") {
		t.Errorf("detail:\n%s", detail)
	}
}

func TestPolicyMaxLifetime(t *testing.T) {
	for msg, want := range map[string]time.Duration{
		"maxLifetime P90D":      90 * 24 * time.Hour,
		"allowed: P1Y.":         365 * 24 * time.Hour,
		"(PT12H)":               12 * time.Hour,
		"policy 'Payroll' only": 0,
	} {
		if got := policyMaxLifetime(msg); got != want {
			t.Errorf("policyMaxLifetime(%q) = %v, want %v", msg, got, want)
		}
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
