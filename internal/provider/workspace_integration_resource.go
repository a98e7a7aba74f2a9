package provider

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/unified"
)

var (
	_ resource.Resource                   = (*workspaceIntegrationResource)(nil)
	_ resource.ResourceWithConfigure      = (*workspaceIntegrationResource)(nil)
	_ resource.ResourceWithImportState    = (*workspaceIntegrationResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*workspaceIntegrationResource)(nil)
	_ resource.ResourceWithValidateConfig = (*workspaceIntegrationResource)(nil)
)

// NewWorkspaceIntegrationResource is the guide's last step: the Unified.to
// integration that receives the Entra app's client id and secret.
func NewWorkspaceIntegrationResource() resource.Resource { return &workspaceIntegrationResource{} }

type workspaceIntegrationResource struct{ clients *clients }

type workspaceIntegrationModel struct {
	ID                    types.String   `tfsdk:"id"`
	IntegrationType       types.String   `tfsdk:"integration_type"`
	Environment           types.String   `tfsdk:"environment"`
	ClientID              types.String   `tfsdk:"client_id"`
	ClientSecret          types.String   `tfsdk:"client_secret"`
	ClientSecretWO        types.String   `tfsdk:"client_secret_wo"`
	ClientSecretWOVersion types.String   `tfsdk:"client_secret_wo_version"`
	IsActive              types.Bool     `tfsdk:"is_active"`
	ScopeOverrides        types.Map      `tfsdk:"scope_overrides"`
	OAuthRedirectURI      types.String   `tfsdk:"oauth_redirect_uri"`
	DashboardURL          types.String   `tfsdk:"dashboard_url"`
	Timeouts              timeouts.Value `tfsdk:"timeouts"`
}

func (r *workspaceIntegrationResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_workspace_integration"
}

func (r *workspaceIntegrationResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "The OAuth credentials of one integration in a Unified.to workspace environment: what the Unified.to dashboard's " +
			"Integrations page holds after you enter a client id and secret and save. The write path this resource uses " +
			"(`/unified/workspace/integration/{integration_type}`) is not in Unified.to's published OpenAPI; the resource confirms every write " +
			"through the published `GET /unified/integration/workspace/{workspace_id}`, and when the service does not offer the write path the " +
			"error says which values to enter in the dashboard instead.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{Computed: true, MarkdownDescription: "`<integration_type>/<environment>`.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
			"integration_type": schema.StringAttribute{
				Required: true, PlanModifiers: replace,
				MarkdownDescription: "Unified.to's integration id, e.g. `microsoftdynamicssales` (Dynamics 365 Sales). Checked against the workspace's catalogue at plan time; the `unifiedto_integrations` data source lists them.",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"environment": schema.StringAttribute{
				Optional: true, Computed: true, Default: stringdefault.StaticString(unified.DefaultEnv), PlanModifiers: replace,
				MarkdownDescription: "Workspace environment: `Production` (default), `Sandbox`, or one you created.",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"client_id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The OAuth app's client id: `unifiedto_entra_application.<name>.client_id` (the portal's Application (client) ID, not its object id).",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"client_secret": schema.StringAttribute{
				Optional: true, Sensitive: true, Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
				MarkdownDescription: "The OAuth app's client secret, kept (sensitive) in state. Prefer `client_secret_wo` on Terraform 1.11 and later. Exactly one of the two.",
			},
			"client_secret_wo": schema.StringAttribute{
				Optional: true, Sensitive: true, WriteOnly: true, Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
				MarkdownDescription: "The OAuth app's client secret, write-only: sent to Unified.to, never stored in state or plan (Terraform 1.11 and later). Change `client_secret_wo_version` to send a new one.",
			},
			"client_secret_wo_version": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Any value that changes when `client_secret_wo` does, such as `unifiedto_entra_client_secret.<name>.key_id`: Terraform cannot see changes of a write-only value, so this is what makes a rotated secret reach Unified.to.",
			},
			"is_active": schema.BoolAttribute{
				Optional: true, Computed: true, Default: booldefault.StaticBool(true),
				MarkdownDescription: "Whether the integration is switched on for the workspace (default true). Switching it off in the dashboard shows as drift.",
			},
			"scope_overrides": schema.MapAttribute{
				ElementType: types.StringType, Optional: true,
				// Empty reads back as null; refuse it rather than fail apply.
				Validators:          []validator.Map{mapvalidator.SizeAtLeast(1)},
				MarkdownDescription: "Unified.to permission → vendor scope string to request instead of Unified.to's default (Unified.to's `overriden_scopes`).",
			},
			"oauth_redirect_uri": schema.StringAttribute{Computed: true, PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
				MarkdownDescription: "The redirect URI the Entra app must list for this workspace: its API URL + `/oauth/code`."},
			"dashboard_url": schema.StringAttribute{Computed: true, PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
				MarkdownDescription: "The integration's page in the Unified.to dashboard."},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Read: true, Update: true, Delete: true}),
		},
	}
}

func (r *workspaceIntegrationResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.clients = configureClients(req.ProviderData, &resp.Diagnostics)
}

// ValidateConfig enforces exactly one way to pass the secret, offline.
func (r *workspaceIntegrationResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var cfg workspaceIntegrationModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	plain, wo := !cfg.ClientSecret.IsNull(), !cfg.ClientSecretWO.IsNull()
	switch {
	case plain && wo:
		resp.Diagnostics.AddAttributeError(path.Root("client_secret_wo"), "Two client secrets",
			"Set either client_secret or client_secret_wo, not both: client_secret is kept in state, client_secret_wo is not.")
	case !plain && !wo:
		resp.Diagnostics.AddAttributeError(path.Root("client_secret"), "Missing client secret",
			"Set client_secret_wo (write-only, Terraform 1.11 and later) or client_secret to the OAuth app's client secret, e.g. unifiedto_entra_client_secret.<name>.value.")
	case plain && !cfg.ClientSecretWOVersion.IsNull():
		resp.Diagnostics.AddAttributeError(path.Root("client_secret_wo_version"), "client_secret_wo_version without client_secret_wo",
			"client_secret_wo_version only matters with client_secret_wo; a change of client_secret is already visible to Terraform.")
	}
}

func (r *workspaceIntegrationResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan, cfg workspaceIntegrationModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	ctx, cancel, client := r.clients.unifiedWithin(ctx, plan.Timeouts.Create, 5*time.Minute, &resp.Diagnostics)
	defer cancel()
	if client == nil {
		return
	}
	resp.Diagnostics.Append(claimable(ctx, client, plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(r.write(ctx, client, &plan, cfg, "Configuring")...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *workspaceIntegrationResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state workspaceIntegrationModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	ctx, cancel, client := r.clients.unifiedWithin(ctx, state.Timeouts.Read, 2*time.Minute, &resp.Diagnostics)
	defer cancel()
	if client == nil {
		return
	}
	wi, err := client.GetWorkspaceIntegration(ctx, state.IntegrationType.ValueString(), state.Environment.ValueString())
	if unified.IsNotFound(err) {
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError(fmt.Sprintf("Reading Unified.to integration %s", state.ID.ValueString()), unifiedErrorDetail(client, state, err))
		return
	}
	resp.Diagnostics.Append(state.flatten(ctx, client, wi)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *workspaceIntegrationResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, cfg workspaceIntegrationModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	ctx, cancel, client := r.clients.unifiedWithin(ctx, plan.Timeouts.Update, 5*time.Minute, &resp.Diagnostics)
	defer cancel()
	if client == nil {
		return
	}
	resp.Diagnostics.Append(r.write(ctx, client, &plan, cfg, "Updating")...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// Delete removes the integration's credentials from the workspace
// environment, which also deactivates it.
func (r *workspaceIntegrationResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state workspaceIntegrationModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	ctx, cancel, client := r.clients.unifiedWithin(ctx, state.Timeouts.Delete, 5*time.Minute, &resp.Diagnostics)
	defer cancel()
	if client == nil {
		return
	}
	err := client.DeleteWorkspaceIntegration(ctx, state.IntegrationType.ValueString(), state.Environment.ValueString())
	if err != nil && !unified.IsNotFound(err) {
		resp.Diagnostics.AddError(fmt.Sprintf("Removing Unified.to integration %s", state.ID.ValueString()), unifiedErrorDetail(client, state, err))
	}
}

// ImportState takes `<integration_type>/<environment>`; the secret cannot be
// read back, so it stays null until the configuration supplies it.
func (r *workspaceIntegrationResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	integrationType, env, ok := strings.Cut(req.ID, "/")
	if !ok || integrationType == "" || env == "" {
		resp.Diagnostics.AddError("Invalid import id",
			fmt.Sprintf("%q is not <integration_type>/<environment>, e.g. microsoftdynamicssales/Production.", req.ID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("integration_type"), integrationType)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("environment"), env)...)
}
