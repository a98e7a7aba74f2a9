package validators

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// MaxLogoBytes is the largest application logo the Entra admin center
// takes (docs/design/graph-applications.md, "Branding and consent").
const MaxLogoBytes = 100 * 1024

// LogoContentType returns the Content-Type Graph needs for a logo upload
// (image/png, image/jpeg or image/gif), read from the image's own magic
// bytes rather than trusted from a file name; "" for anything else.
func LogoContentType(image []byte) string {
	switch {
	case bytes.HasPrefix(image, []byte("\x89PNG\r\n\x1a\n")):
		return "image/png"
	case bytes.HasPrefix(image, []byte{0xFF, 0xD8, 0xFF}):
		return "image/jpeg"
	case bytes.HasPrefix(image, []byte("GIF87a")), bytes.HasPrefix(image, []byte("GIF89a")):
		return "image/gif"
	}
	return ""
}

// CheckLogo decodes a base64 logo (as Terraform's filebase64 gives it) and
// returns nil when it is a PNG, JPEG or GIF of at most 100 KB.
func CheckLogo(encoded string) error {
	image, err := base64.StdEncoding.DecodeString(encoded)
	if err != nil {
		return fmt.Errorf("is not base64 (use filebase64(\"logo.png\")): %w", err)
	}
	if len(image) == 0 {
		return fmt.Errorf("is empty")
	}
	if len(image) > MaxLogoBytes {
		return fmt.Errorf("is %d bytes; Entra ID takes a logo of at most %d bytes (100 KB)", len(image), MaxLogoBytes)
	}
	if LogoContentType(image) == "" {
		return fmt.Errorf("is not a PNG, JPEG or GIF image, the formats Entra ID takes for a logo")
	}
	return nil
}

// Logo validates a base64-encoded application logo with CheckLogo. The
// message never repeats the value: it can be 130 KB of base64.
func Logo() validator.String { return logoValidator{} }

type logoValidator struct{}

func (logoValidator) Description(context.Context) string {
	return "value must be a base64-encoded PNG, JPEG or GIF image of at most 100 KB"
}

func (v logoValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (logoValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := CheckLogo(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid logo image", fmt.Sprintf("%s %s.", AttributeName(req.Path), err))
	}
}
