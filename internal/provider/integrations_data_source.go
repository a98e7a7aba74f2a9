package provider

import (
	"context"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/unified"
)

var (
	_ datasource.DataSource              = (*integrationsDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*integrationsDataSource)(nil)
)

// NewIntegrationsDataSource lists Unified.to's integrations, so users find
// `microsoftdynamicssales` instead of guessing it.
func NewIntegrationsDataSource() datasource.DataSource { return &integrationsDataSource{} }

type integrationsDataSource struct{ clients *clients }

type integrationsModel struct {
	Type         types.String `tfsdk:"type"`
	Categories   types.Set    `tfsdk:"categories"`
	Active       types.Bool   `tfsdk:"active"`
	Environment  types.String `tfsdk:"environment"`
	Integrations types.List   `tfsdk:"integrations"`
	Types        types.List   `tfsdk:"types"`
}

var integrationAttrTypes = map[string]attr.Type{
	"type":         types.StringType,
	"name":         types.StringType,
	"categories":   types.ListType{ElemType: types.StringType},
	"is_active":    types.BoolType,
	"logo_url":     types.StringType,
	"api_docs_url": types.StringType,
}

func (d *integrationsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_integrations"
}

func (d *integrationsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The integrations Unified.to offers, from its published `GET /unified/integration`, filtered by type, category and active state.",
		Attributes: map[string]schema.Attribute{
			"type":        schema.StringAttribute{Optional: true, MarkdownDescription: "Only this integration type, e.g. `microsoftdynamicssales`."},
			"categories":  schema.SetAttribute{ElementType: types.StringType, Optional: true, MarkdownDescription: "Only integrations in any of these categories, e.g. `crm` (sent as repeated `categories` keys, as Unified.to's API takes them)."},
			"active":      schema.BoolAttribute{Optional: true, MarkdownDescription: "Only integrations that are (true) or are not (false) active in this workspace environment (a fresh workspace has none active)."},
			"environment": schema.StringAttribute{Optional: true, MarkdownDescription: "Workspace environment; default `Production`."},
			"integrations": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The matching integrations, sorted by type.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"type":         schema.StringAttribute{Computed: true, MarkdownDescription: "The `integration_type` id."},
					"name":         schema.StringAttribute{Computed: true, MarkdownDescription: "Display name."},
					"categories":   schema.ListAttribute{ElementType: types.StringType, Computed: true, MarkdownDescription: "Categories, e.g. `crm`."},
					"is_active":    schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the integration is active in this workspace environment."},
					"logo_url":     schema.StringAttribute{Computed: true, MarkdownDescription: "Logo."},
					"api_docs_url": schema.StringAttribute{Computed: true, MarkdownDescription: "The vendor's API documentation."},
				}},
			},
			"types": schema.ListAttribute{ElementType: types.StringType, Computed: true, MarkdownDescription: "Just the `integration_type` ids of `integrations`."},
		},
	}
}

func (d *integrationsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.clients = configureClients(req.ProviderData, &resp.Diagnostics)
}

func (d *integrationsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m integrationsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	client, diags := d.clients.Unified(ctx)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	in := unified.ListIntegrationsInput{Type: m.Type.ValueString(), Env: m.Environment.ValueString()}
	if !m.Active.IsNull() {
		active := m.Active.ValueBool()
		in.Active = &active
	}
	resp.Diagnostics.Append(m.Categories.ElementsAs(ctx, &in.Categories, false)...)
	if resp.Diagnostics.HasError() {
		return
	}
	list, err := client.ListIntegrations(ctx, in)
	if err != nil {
		resp.Diagnostics.AddError("Listing Unified.to integrations", err.Error())
		return
	}
	slices.SortFunc(list, func(a, b unified.Integration) int { return strings.Compare(a.Type, b.Type) })
	var objects []attr.Value
	var typeNames []string
	for _, in := range list {
		cats, ds := types.ListValueFrom(ctx, types.StringType, nonNil(in.Categories))
		resp.Diagnostics.Append(ds...)
		obj, ds := types.ObjectValue(integrationAttrTypes, map[string]attr.Value{
			"type": types.StringValue(in.Type), "name": types.StringValue(in.Name), "categories": cats,
			"is_active": types.BoolValue(in.IsActive), "logo_url": types.StringValue(in.LogoURL), "api_docs_url": types.StringValue(in.APIDocsURL),
		})
		resp.Diagnostics.Append(ds...)
		objects = append(objects, obj)
		typeNames = append(typeNames, in.Type)
	}
	m.Integrations, diags = types.ListValue(types.ObjectType{AttrTypes: integrationAttrTypes}, nonNil(objects))
	resp.Diagnostics.Append(diags...)
	m.Types, diags = types.ListValueFrom(ctx, types.StringType, nonNil(typeNames))
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
