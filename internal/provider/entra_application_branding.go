package provider

import (
	"context"
	"encoding/base64"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/entra"
	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/validators"
)

// entraApplicationBranding is what a customer's user sees of the
// application on the consent screen, before granting it access to their
// tenant: its home page, legal and support links, and its logo. It is part
// of unifiedto_entra_application (embedded in its model), kept here so that
// the resource file stays about the application itself.
type entraApplicationBranding struct {
	HomepageURL         types.String `tfsdk:"homepage_url"`
	MarketingURL        types.String `tfsdk:"marketing_url"`
	PrivacyStatementURL types.String `tfsdk:"privacy_statement_url"`
	TermsOfServiceURL   types.String `tfsdk:"terms_of_service_url"`
	SupportURL          types.String `tfsdk:"support_url"`
	LogoImage           types.String `tfsdk:"logo_image"`
	LogoURL             types.String `tfsdk:"logo_url"`
}

// brandingAttributes are the schema attributes of entraApplicationBranding.
func brandingAttributes() map[string]schema.Attribute {
	link := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{
			Optional:            true,
			MarkdownDescription: desc + " An absolute `https` (recommended) or `http` URL of at most 2048 characters.",
			Validators:          []validator.String{validators.BrandingURL()},
		}
	}
	return map[string]schema.Attribute{
		"homepage_url": link("Home page of the application (Graph `web.homePageUrl`), the link behind its name on the consent screen and in My Apps. " +
			"It sits beside the redirect URIs that `unifiedto_entra_redirect_uris` manages; each resource writes only its own part."),
		"marketing_url":         link("Marketing page of the application (Graph `info.marketingUrl`)."),
		"privacy_statement_url": link("Privacy statement (Graph `info.privacyStatementUrl`). A multitenant application without one, or without terms of service, shows a warning on its consent screen."),
		"terms_of_service_url":  link("Terms of service (Graph `info.termsOfServiceUrl`), linked from the consent screen."),
		"support_url":           link("Support page (Graph `info.supportUrl`)."),
		"logo_image": schema.StringAttribute{
			Optional: true,
			MarkdownDescription: "Logo shown on the consent screen: a PNG, JPEG or GIF image of at most 100 KB, base64-encoded " +
				"(`filebase64(\"logo.png\")`). Graph never gives the image back, only the address it serves it from (`logo_url`): " +
				"a logo changed outside Terraform shows as a new `logo_url`, and the next apply uploads this one again. " +
				"Graph cannot delete a logo, so removing this attribute leaves the last one in place.",
			Validators: []validator.String{validators.Logo()},
		},
		"logo_url": schema.StringAttribute{
			Computed:            true,
			MarkdownDescription: "Where Entra ID serves the application's logo (Graph `info.logoUrl`, read-only); null while there is none.",
			PlanModifiers:       []planmodifier.String{logoURLUnlessNewLogo{}},
		},
	}
}

// expand is the branding to write. "" clears a link.
func (b entraApplicationBranding) expand() entra.Branding {
	return entra.Branding{
		HomePageURL:         b.HomepageURL.ValueString(),
		MarketingURL:        b.MarketingURL.ValueString(),
		PrivacyStatementURL: b.PrivacyStatementURL.ValueString(),
		TermsOfServiceURL:   b.TermsOfServiceURL.ValueString(),
		SupportURL:          b.SupportURL.ValueString(),
	}
}

// write makes the application's branding what b says, uploading the logo
// only when it differs from priorLogo (what state holds; null on create).
func (b entraApplicationBranding) write(ctx context.Context, graph *entra.Client, objectID string, priorLogo types.String) error {
	if err := graph.SetBranding(ctx, objectID, b.expand()); err != nil {
		return err
	}
	if b.LogoImage.IsNull() || b.LogoImage.IsUnknown() || b.LogoImage.Equal(priorLogo) {
		return nil
	}
	// Validated at plan: base64 of a PNG, JPEG or GIF.
	image, err := base64.StdEncoding.DecodeString(b.LogoImage.ValueString())
	if err != nil {
		return fmt.Errorf("decoding logo_image: %w", err)
	}
	if err := graph.SetLogo(ctx, objectID, image, validators.LogoContentType(image)); err != nil {
		return fmt.Errorf("uploading the logo: %w", err)
	}
	return nil
}

// brandNew writes the branding of an application just created, when there
// is any, and reads the application back so that state shows it.
func (b entraApplicationBranding) brandNew(ctx context.Context, graph *entra.Client, app *entra.Application) (*entra.Application, error) {
	if b.expand() == (entra.Branding{}) && b.LogoImage.IsNull() {
		return app, nil
	}
	if err := b.write(ctx, graph, app.ObjectID, types.StringNull()); err != nil {
		return app, err
	}
	branded, err := graph.GetApplication(ctx, app.ObjectID)
	if err != nil {
		return app, err
	}
	return branded, nil
}

// flatten copies Graph's branding into b. The logo itself cannot be read
// back; what can be seen is its address. A logo_url other than the one
// recorded after our upload means someone uploaded another logo: logo_image
// then reads as null, so that the plan shows the upload that restores it.
// (A logo replaced by identical bytes, or a service that kept the address
// across uploads, would go unseen: docs/design/graph-applications.md.)
func (b *entraApplicationBranding) flatten(app *entra.Application) {
	b.HomepageURL = nullIfEmpty(app.Web.HomePageURL)
	b.MarketingURL = nullIfEmpty(app.Info.MarketingURL)
	b.PrivacyStatementURL = nullIfEmpty(app.Info.PrivacyStatementURL)
	b.TermsOfServiceURL = nullIfEmpty(app.Info.TermsOfServiceURL)
	b.SupportURL = nullIfEmpty(app.Info.SupportURL)
	known := !b.LogoURL.IsNull() && !b.LogoURL.IsUnknown()
	if known && !b.LogoImage.IsNull() && b.LogoURL.ValueString() != app.Info.LogoURL {
		b.LogoImage = types.StringNull()
	}
	b.LogoURL = nullIfEmpty(app.Info.LogoURL)
}

// logoURLUnlessNewLogo keeps logo_url from state unless logo_image changes:
// only an upload gives the logo a new address.
type logoURLUnlessNewLogo struct{}

func (logoURLUnlessNewLogo) Description(context.Context) string {
	return "keeps the logo's address unless a new logo is uploaded"
}

func (m logoURLUnlessNewLogo) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (logoURLUnlessNewLogo) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if req.State.Raw.IsNull() || !req.PlanValue.IsUnknown() {
		return
	}
	var planned, prior types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("logo_image"), &planned)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("logo_image"), &prior)...)
	if planned.IsNull() || planned.Equal(prior) {
		resp.PlanValue = req.StateValue
	}
}
