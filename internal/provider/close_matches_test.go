package provider

import (
	"slices"
	"testing"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/unified"
)

func TestCloseMatchesSuggestsNearIntegrationTypes(t *testing.T) {
	catalogue := []unified.Integration{{Type: "microsoftdynamicssales"}, {Type: "microsoftdynamicsfinanceoperations"}, {Type: "hubspot"}, {Type: "salesforce"}}
	cases := map[string][]string{
		"microsoftdynamicsale":   {"microsoftdynamicssales"},                                       // one letter missing
		"MicrosoftDynamicsSales": {"microsoftdynamicssales"},                                       // case
		"dynamics":               {"microsoftdynamicsfinanceoperations", "microsoftdynamicssales"}, // a part of the name
		"hubspto":                {"hubspot"},
		"zendesk":                nil,
	}
	for typed, want := range cases {
		if got := closeMatches(typed, catalogue); !slices.Equal(got, want) {
			t.Errorf("closeMatches(%q) = %v, want %v", typed, got, want)
		}
	}
}

func TestEditDistance(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{{"", "", 0}, {"abc", "", 3}, {"kitten", "sitting", 3}, {"hubspot", "hubspto", 2}} {
		if got := editDistance(c.a, c.b); got != c.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}
