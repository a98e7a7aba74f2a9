package validators

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func validateString(v validator.String, s string) string {
	resp := &validator.StringResponse{}
	v.ValidateString(context.Background(), validator.StringRequest{Path: path.Root("display_name"), ConfigValue: types.StringValue(s)}, resp)
	if !resp.Diagnostics.HasError() {
		return ""
	}
	return resp.Diagnostics[0].Detail()
}

func TestLength_countsCharactersNotBytes(t *testing.T) {
	v := Length(1, 120)
	if msg := validateString(v, strings.Repeat("日", 120)); msg != "" {
		t.Errorf("120 Japanese characters (360 bytes) refused: %s", msg)
	}
	if msg := validateString(v, strings.Repeat("日", 121)); !strings.Contains(msg, "display_name is 121 characters long; Microsoft Entra ID accepts 1 to 120") {
		t.Errorf("121 characters: %q", msg)
	}
}

func TestNotBlank_unicodeWhitespace(t *testing.T) {
	for _, s := range []string{" ", "\t\n", "\u3000", "\u00a0 "} {
		if msg := validateString(NotBlank(), s); !strings.Contains(msg, "display_name is only whitespace") {
			t.Errorf("%q: %q", s, msg)
		}
	}
	for _, s := range []string{"a", " a ", "アプリ\u3000名"} {
		if msg := validateString(NotBlank(), s); msg != "" {
			t.Errorf("%q refused: %s", s, msg)
		}
	}
}

func TestNoWhitespace_unicodeWhitespace(t *testing.T) {
	for s, want := range map[string]string{"a b": "space", "a\u3000b": "U+3000 ideographic space", "a\u00a0b": "U+00A0", "a\u2003b": "U+2003"} {
		if msg := validateString(NoWhitespace(), s); !strings.Contains(msg, want) {
			t.Errorf("%q: %q, want %q", s, msg, want)
		}
	}
	if msg := validateString(NoWhitespace(), "タグ-1"); msg != "" {
		t.Errorf("refused: %s", msg)
	}
}

func TestUniqueIgnoringCase(t *testing.T) {
	check := func(values ...string) string {
		elems := make([]attr.Value, len(values))
		for i, v := range values {
			elems[i] = types.StringValue(v)
		}
		resp := &validator.SetResponse{}
		UniqueIgnoringCase().ValidateSet(context.Background(), validator.SetRequest{Path: path.Root("tags"), ConfigValue: types.SetValueMust(types.StringType, elems)}, resp)
		if !resp.Diagnostics.HasError() {
			return ""
		}
		return resp.Diagnostics[0].Detail()
	}
	if msg := check("Team", "team"); !strings.Contains(msg, `differ only in case`) {
		t.Errorf("Team/team: %q", msg)
	}
	if msg := check("team", "teams", "Ä", "ä2"); msg != "" {
		t.Errorf("distinct tags refused: %s", msg)
	}
}
