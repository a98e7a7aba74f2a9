package suggest

import (
	"slices"
	"testing"
)

func TestNearSuggestsCloseNames(t *testing.T) {
	catalogue := []string{"microsoftdynamicssales", "microsoftdynamicsfinanceoperations", "hubspot", "salesforce"}
	cases := map[string][]string{
		"microsoftdynamicsale":   {"microsoftdynamicssales"}, // one letter missing
		"MicrosoftDynamicsSales": {"microsoftdynamicssales"}, // case
		"dynamics":               {"microsoftdynamicsfinanceoperations", "microsoftdynamicssales"},
		"hubspto":                {"hubspot"},
		"zendesk":                nil,
	}
	for typed, want := range cases {
		if got := Near(typed, catalogue, 5); !slices.Equal(got, want) {
			t.Errorf("Near(%q) = %v, want %v", typed, got, want)
		}
	}
	if got := Near("dynamics", catalogue, 1); len(got) != 1 {
		t.Errorf("limit 1 gave %v", got)
	}
}

func TestDistance(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{{"", "", 0}, {"abc", "", 3}, {"kitten", "sitting", 3}, {"hubspot", "hubspto", 2}} {
		if got := Distance(c.a, c.b); got != c.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}
