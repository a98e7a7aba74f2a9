package validators

import (
	"context"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Graph counts lengths in characters, not bytes, and treats every Unicode
// space as whitespace (docs/design/graph-validation.md, "Text"). The
// framework's stringvalidator.LengthBetween counts bytes and RE2's \s is
// ASCII only, so both would refuse a 50-character Japanese name and let a
// no-break space through; these validators do what Graph does.

// Length validates that a string has min to max characters (runes).
func Length(minChars, maxChars int) validator.String { return lengthValidator{minChars, maxChars} }

type lengthValidator struct{ min, max int }

func (v lengthValidator) Description(context.Context) string {
	return fmt.Sprintf("value must be %d to %d characters long (characters, not bytes)", v.min, v.max)
}

func (v lengthValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v lengthValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if n := utf8.RuneCountInString(req.ConfigValue.ValueString()); n < v.min || n > v.max {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid length",
			fmt.Sprintf("%s is %d characters long; Microsoft Entra ID accepts %d to %d characters (counted as characters, not bytes).", AttributeName(req.Path), n, v.min, v.max))
	}
}

// NotBlank refuses a string made only of whitespace, Unicode spaces
// included, which Graph refuses as if it were empty.
func NotBlank() validator.String { return notBlankValidator{} }

type notBlankValidator struct{}

func (notBlankValidator) Description(context.Context) string {
	return "value must contain a character other than whitespace"
}

func (v notBlankValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (notBlankValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if s := req.ConfigValue.ValueString(); s != "" && strings.TrimFunc(s, unicode.IsSpace) == "" {
		resp.Diagnostics.AddAttributeError(req.Path, "Blank value",
			fmt.Sprintf("%s is only whitespace (%s); Microsoft Entra ID needs at least one other character.", AttributeName(req.Path), describeSpaces(s)))
	}
}

// NoWhitespace refuses any whitespace, Unicode spaces included.
func NoWhitespace() validator.String { return noWhitespaceValidator{} }

type noWhitespaceValidator struct{}

func (noWhitespaceValidator) Description(context.Context) string {
	return "value must not contain whitespace (Unicode spaces included)"
}

func (v noWhitespaceValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (noWhitespaceValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	s := req.ConfigValue.ValueString()
	if i := strings.IndexFunc(s, unicode.IsSpace); i >= 0 {
		r, _ := utf8.DecodeRuneInString(s[i:])
		resp.Diagnostics.AddAttributeError(req.Path, "Whitespace not allowed",
			fmt.Sprintf("%s: %q contains whitespace (%s); Microsoft Entra ID does not accept whitespace here, Unicode spaces included.", AttributeName(req.Path), s, describeRune(r)))
	}
}

// UniqueIgnoringCase refuses a set of strings two of which differ only in
// case: Graph compares tags that way and answers 400 DuplicateValue.
func UniqueIgnoringCase() validator.Set { return uniqueIgnoringCaseValidator{} }

type uniqueIgnoringCaseValidator struct{}

func (uniqueIgnoringCaseValidator) Description(context.Context) string {
	return "values must be unique ignoring case"
}

func (v uniqueIgnoringCaseValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (uniqueIgnoringCaseValidator) ValidateSet(_ context.Context, req validator.SetRequest, resp *validator.SetResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	seen := map[string]string{}
	for _, e := range req.ConfigValue.Elements() {
		s, ok := e.(types.String)
		if !ok || s.IsNull() || s.IsUnknown() {
			continue
		}
		key := strings.ToLower(s.ValueString())
		if prev, dup := seen[key]; dup {
			resp.Diagnostics.AddAttributeError(req.Path, "Duplicate values ignoring case",
				fmt.Sprintf("%s: %q and %q differ only in case. Microsoft Entra ID compares them ignoring case and refuses duplicates; keep one of them.",
					AttributeName(req.Path), prev, s.ValueString()))
			continue
		}
		seen[key] = s.ValueString()
	}
}

// describeSpaces names the distinct space characters of s.
func describeSpaces(s string) string {
	var names []string
	seen := map[rune]bool{}
	for _, r := range s {
		if !seen[r] {
			seen[r] = true
			names = append(names, describeRune(r))
		}
	}
	return strings.Join(names, ", ")
}

// describeRune names a whitespace character so that an invisible one can be
// found in the configuration.
func describeRune(r rune) string {
	switch r {
	case ' ':
		return "space"
	case '\t':
		return "tab"
	case '\n':
		return "newline"
	case '\u00a0':
		return "U+00A0 no-break space"
	case '\u3000':
		return "U+3000 ideographic space"
	}
	return fmt.Sprintf("U+%04X", r)
}
