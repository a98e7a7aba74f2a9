package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/unified"
)

var _ datasource.DataSource = (*regionDataSource)(nil)

// NewRegionDataSource exposes the region mapping to configurations that
// register the redirect URI some other way (azuread, msgraph, a module).
func NewRegionDataSource() datasource.DataSource { return &regionDataSource{} }

type regionDataSource struct{}

type regionModel struct {
	Region           types.String `tfsdk:"region"`
	APIURL           types.String `tfsdk:"api_url"`
	DashboardURL     types.String `tfsdk:"dashboard_url"`
	OAuthRedirectURI types.String `tfsdk:"oauth_redirect_uri"`
}

func (d *regionDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_region"
}

func (d *regionDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	computed := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "The URLs of a Unified.to region, computed offline (no API call, no credentials): for configurations that " +
			"register the Entra ID redirect URI with another provider. A workspace behind its own API domain uses " +
			"`https://<custom domain>/oauth/code` instead.",
		Attributes: map[string]schema.Attribute{
			"region": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The Unified.to region of the workspace: `us`, `eu` or `au`.",
				Validators:          []validator.String{stringvalidator.OneOf(regionNames()...)},
			},
			"api_url":            computed("The region's API base URL, e.g. `https://api-eu.unified.to`."),
			"dashboard_url":      computed("The region's dashboard, e.g. `https://app-eu.unified.to`."),
			"oauth_redirect_uri": computed("The Web redirect URI an Entra ID application needs for the region, e.g. `https://api-eu.unified.to/oauth/code`."),
		},
	}
}

func (d *regionDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m regionModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	r := unified.Region(m.Region.ValueString())
	m.APIURL = types.StringValue(r.APIURL())
	m.DashboardURL = types.StringValue(r.DashboardURL())
	m.OAuthRedirectURI = types.StringValue(regionRedirectURI(r))
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// regionRedirectURI is the provider's one mapping from a Unified.to region
// to the redirect URI its Entra app needs; the data source, the function
// and unifiedto_entra_redirect_uris all use it.
func regionRedirectURI(r unified.Region) string { return unified.RedirectURI(r.APIURL()) }

// regionOfRedirectURI is the reverse, by exact match: a URI that differs in
// any way (case, trailing slash) is not what this provider writes, so it
// must show as a separate URI rather than hide behind the region's name.
func regionOfRedirectURI(uri string) (unified.Region, bool) {
	for _, r := range unified.Regions() {
		if regionRedirectURI(r) == uri {
			return r, true
		}
	}
	return "", false
}

func regionNames() []string {
	var names []string
	for _, r := range unified.Regions() {
		names = append(names, string(r))
	}
	return names
}
