package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/entra"
)

var (
	_ datasource.DataSource              = (*entraAPIPermissionsDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*entraAPIPermissionsDataSource)(nil)
)

// NewEntraAPIPermissionsDataSource gives other providers' app registrations
// (azuread, msgraph) the ids behind permission names.
func NewEntraAPIPermissionsDataSource() datasource.DataSource {
	return &entraAPIPermissionsDataSource{}
}

type entraAPIPermissionsDataSource struct{ clients *clients }

type entraAPIPermissionsModel struct {
	API         types.String `tfsdk:"api"`
	APIClientID types.String `tfsdk:"api_client_id"`
	DisplayName types.String `tfsdk:"display_name"`
	ScopeIDs    types.Map    `tfsdk:"scope_ids"`
	RoleIDs     types.Map    `tfsdk:"role_ids"`
}

func (d *entraAPIPermissionsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_entra_api_permissions"
}

func (d *entraAPIPermissionsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The delegated (scope) and application (role) permissions of an API, with their ids. For `microsoft_graph` and " +
			"`dynamics_crm` the values come from the provider's table of published ids, without any Microsoft Graph call or credentials: " +
			"for Microsoft Graph that table holds only `openid`, `email`, `offline_access`, `profile` and `User.Read`. For `customer_insights` " +
			"(whose id Microsoft does not publish) and any other API they come from the API's service principal in the tenant, which needs " +
			"`Application.Read.All`.",
		Attributes: map[string]schema.Attribute{
			"api": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "`microsoft_graph`, `dynamics_crm`, `customer_insights`, or any API's client id.",
				Validators:          []validator.String{apiValidator{}},
			},
			"api_client_id": schema.StringAttribute{Computed: true, MarkdownDescription: "The API's client id."},
			"display_name":  schema.StringAttribute{Computed: true, MarkdownDescription: "The API's name, as the portal shows it."},
			"scope_ids":     schema.MapAttribute{ElementType: types.StringType, Computed: true, MarkdownDescription: "Delegated permission ids by name."},
			"role_ids":      schema.MapAttribute{ElementType: types.StringType, Computed: true, MarkdownDescription: "Application permission ids by name."},
		},
	}
}

func (d *entraAPIPermissionsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.clients = configureClients(req.ProviderData, &resp.Diagnostics)
}

func (d *entraAPIPermissionsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m entraAPIPermissionsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ref, err := entra.ParseAPIRef(m.API.ValueString())
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("api"), "Invalid API", "api: "+err.Error()+".")
		return
	}
	resolver := &entra.Resolver{API: ref, Finder: lazyFinder{d.clients}}
	name, perms, err := resolver.Describe(ctx)
	if err != nil {
		addResolveErrors(&resp.Diagnostics, resolver.Label(), err)
		return
	}
	m.APIClientID = types.StringValue(ref.ClientID)
	m.DisplayName = types.StringValue(name)
	var diags diag.Diagnostics
	m.ScopeIDs, diags = types.MapValueFrom(ctx, types.StringType, orEmptyMap(perms.Scopes))
	resp.Diagnostics.Append(diags...)
	m.RoleIDs, diags = types.MapValueFrom(ctx, types.StringType, orEmptyMap(perms.Roles))
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// apiValidator accepts a well-known API name or a client id, offline.
type apiValidator struct{}

func (apiValidator) Description(context.Context) string {
	return "value must be " + strings.Join(entra.WellKnownAPINames(), ", ") + " or an API's client id (a GUID)"
}

func (v apiValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (apiValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := entra.ParseAPIRef(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid API", fmt.Sprintf("%s: %s.", req.Path, err))
	}
}

// lazyFinder signs in to Graph only when a lookup is needed, so that
// well-known APIs resolve without credentials.
type lazyFinder struct{ clients *clients }

func (f lazyFinder) FindServicePrincipal(ctx context.Context, clientID string) (*entra.ServicePrincipal, error) {
	if f.clients == nil {
		return nil, errors.New("the provider is not configured yet, so the tenant cannot be asked")
	}
	graph, diags := f.clients.Graph(ctx)
	if diags.HasError() {
		var msgs []string
		for _, d := range diags.Errors() {
			msgs = append(msgs, d.Summary()+": "+d.Detail())
		}
		return nil, errors.New(strings.Join(msgs, "; "))
	}
	return graph.FindServicePrincipal(ctx, clientID)
}

// addResolveErrors turns the resolver's errors into diagnostics on the
// attribute at fault: one per unknown name, so that all are fixed at once.
func addResolveErrors(diags *diag.Diagnostics, api string, err error) {
	errs := []error{err}
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		errs = joined.Unwrap()
	}
	for _, e := range errs {
		var unknown *entra.UnknownPermissionError
		var missing *entra.MissingServicePrincipalError
		var twice *entra.DuplicatePermissionError
		switch {
		case errors.As(e, &twice):
			attr := "scopes"
			if twice.Kind == entra.AccessRole {
				attr = "roles"
			}
			diags.AddAttributeError(path.Root(attr), fmt.Sprintf("A permission of %s is listed twice", api), fmt.Sprintf("%s: %s.", attr, twice))
		case errors.As(e, &unknown):
			attr, kind := "scopes", "scope"
			if unknown.Kind == entra.AccessRole {
				attr, kind = "roles", "role"
			}
			diags.AddAttributeError(path.Root(attr), fmt.Sprintf("Unknown %s %q of %s", kind, unknown.Name, api), fmt.Sprintf("%s: %s.", attr, unknown))
		case errors.As(e, &missing):
			diags.AddAttributeError(path.Root("api"), fmt.Sprintf("%s has no service principal in the tenant", api), "api: "+missing.Error()+".")
		default:
			addGraphError(diags, fmt.Sprintf("Looking up the permissions of %s", api), e)
		}
	}
}

func stringMap(m types.Map) map[string]string {
	out := map[string]string{}
	for k, v := range m.Elements() {
		if s, ok := v.(types.String); ok && !s.IsNull() && !s.IsUnknown() {
			out[k] = s.ValueString()
		}
	}
	return out
}

func orEmptyMap(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}
