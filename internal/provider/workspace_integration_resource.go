package provider

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/entra"
	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/unified"
)

var (
	_ resource.Resource                   = (*workspaceIntegrationResource)(nil)
	_ resource.ResourceWithConfigure      = (*workspaceIntegrationResource)(nil)
	_ resource.ResourceWithImportState    = (*workspaceIntegrationResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*workspaceIntegrationResource)(nil)
	_ resource.ResourceWithValidateConfig = (*workspaceIntegrationResource)(nil)
)

// NewWorkspaceIntegrationResource is the guide's last step: Unified.to's
// Workspaceintegration object, which receives the Entra app's client id and
// secret.
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
	Permissions           types.Set      `tfsdk:"permissions"`
	AuthType              types.String   `tfsdk:"auth_type"`
	UseUnifiedRedirect    types.Bool     `tfsdk:"use_unified_redirect"`
	PromptRegion          types.Bool     `tfsdk:"prompt_region"`
	ScopeOverrides        types.Map      `tfsdk:"scope_overrides"`
	Categories            types.Set      `tfsdk:"categories"`
	OAuthRedirectURI      types.String   `tfsdk:"oauth_redirect_uri"`
	DashboardURL          types.String   `tfsdk:"dashboard_url"`
	EntraClientSecret     types.Object   `tfsdk:"entra_client_secret"`
	Timeouts              timeouts.Value `tfsdk:"timeouts"`
}

func (r *workspaceIntegrationResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_workspace_integration"
}

func (r *workspaceIntegrationResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	keep := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "One integration's configuration in a Unified.to workspace environment: Unified.to's published **Workspaceintegration** " +
			"object, what the dashboard's Integrations page holds after you enter a client id and secret and save. It is found with the documented " +
			"`GET /unified/workspaceintegration?integration_type=&env=` and changed with the documented `PUT /unified/workspaceintegration/{id}`; " +
			"create, retrieve and remove follow the pattern of Unified.to's other objects. If the service refuses one of those, the error says " +
			"which values to enter in the dashboard instead.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{Computed: true, PlanModifiers: keep,
				MarkdownDescription: "The Workspaceintegration's id, assigned by Unified.to."},
			"integration_type": schema.StringAttribute{
				Required: true, PlanModifiers: replace,
				MarkdownDescription: "Unified.to's integration id, e.g. `microsoftdynamicssales` (Dynamics 365 Sales). Checked against the catalogue at plan time; the `unifiedto_integrations` data source lists them.",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"environment": schema.StringAttribute{
				Optional: true, Computed: true, Default: stringdefault.StaticString(unified.DefaultEnv), PlanModifiers: replace,
				MarkdownDescription: "Workspace environment: `Production` (default), `Sandbox`, or one you created. Checked against `GET /unified/environment` at plan time.",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"client_id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The OAuth app's client id: `unifiedto_entra_application.<name>.client_id` (the portal's Application (client) ID, not its object id).",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"client_secret": schema.StringAttribute{
				Optional: true, Sensitive: true, Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
				MarkdownDescription: "The OAuth app's client secret, kept (sensitive) in this resource's state. Prefer the `entra_client_secret` block, or `client_secret_wo` on Terraform 1.11 and later. Exactly one of the three.",
			},
			"client_secret_wo": schema.StringAttribute{
				Optional: true, Sensitive: true, WriteOnly: true, Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
				MarkdownDescription: "The OAuth app's client secret, write-only: sent to Unified.to, never kept in this resource's state or plan (Terraform 1.11 and later). Requires `client_secret_wo_version`.",
			},
			"client_secret_wo_version": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Required with `client_secret_wo`: any value that changes when the secret does, such as `unifiedto_entra_client_secret.<name>.key_id`. Terraform cannot see a write-only value change, so this is what sends a rotated secret to Unified.to.",
			},
			"is_active": schema.BoolAttribute{
				Optional: true, Computed: true, Default: booldefault.StaticBool(true),
				MarkdownDescription: "Whether the integration is active in the workspace environment (default true). Switching it in the dashboard shows as drift.",
			},
			"permissions": schema.SetAttribute{
				ElementType: types.StringType, Optional: true,
				Validators: []validator.Set{setvalidator.SizeAtLeast(1)},
				MarkdownDescription: "Unified.to permission scopes requested when an authorization URL names none, e.g. `crm_contact_read`. " +
					"Checked at plan time against Unified.to's published list (with suggestions). Unset leaves none.",
			},
			"auth_type": schema.StringAttribute{
				Optional:            true,
				Validators:          []validator.String{stringvalidator.OneOf("oauth2", "other", "token")},
				MarkdownDescription: "Overrides Unified.to's choice of authentication method: `oauth2`, `other` or `token`. Unset leaves Unified.to's choice.",
			},
			"use_unified_redirect": schema.BoolAttribute{
				Optional:            true,
				MarkdownDescription: "Unified.to's `use_unified_redirect`. Unset leaves it unset.",
			},
			"prompt_region": schema.BoolAttribute{
				Optional:            true,
				MarkdownDescription: "Whether the authorization widget asks the end user for a region. Unset leaves it unset.",
			},
			"scope_overrides": schema.MapAttribute{
				ElementType: types.StringType, Optional: true,
				// Empty reads back as null; refuse it rather than fail apply.
				Validators:          []validator.Map{mapvalidator.SizeAtLeast(1)},
				MarkdownDescription: "Unified.to permission → vendor scope string to request instead of Unified.to's default (Unified.to's `overriden_scopes`).",
			},
			"categories": schema.SetAttribute{
				ElementType: types.StringType, Computed: true,
				MarkdownDescription: "The categories Unified.to derives from `permissions`, e.g. `crm`.",
			},
			"oauth_redirect_uri": schema.StringAttribute{Computed: true, PlanModifiers: keep,
				MarkdownDescription: "The redirect URI the Entra app must list for this workspace: its API URL + `/oauth/code`."},
			"dashboard_url": schema.StringAttribute{Computed: true, PlanModifiers: keep,
				MarkdownDescription: "The integration's page in the Unified.to dashboard."},
		},
		Blocks: map[string]schema.Block{
			"entra_client_secret": entraSecretBlock(),
			"timeouts":            timeouts.Block(ctx, timeouts.Opts{Create: true, Read: true, Update: true, Delete: true}),
		},
	}
}

func (r *workspaceIntegrationResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.clients = configureClients(req.ProviderData, &resp.Diagnostics)
}

// Create finds the configuration of the type and environment first: it
// creates one when there is none, adopts one that already holds this
// resource's client id (a crashed earlier apply of this resource, see
// adopt), and refuses any other.
func (r *workspaceIntegrationResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan, cfg workspaceIntegrationModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	ctx, cancel, client := r.clients.unifiedWithin(ctx, plan.Timeouts.Create, 5*time.Minute, &resp.Diagnostics)
	defer cancel()
	if client == nil {
		return
	}
	wi, diags := plan.expand(ctx, cfg)
	resp.Diagnostics.Append(diags...)
	minted, diags := plan.mintedSecret(ctx)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	var stored *unified.WorkspaceIntegration
	write := func(secret string) (diag.Diagnostics, bool) {
		if minted != nil {
			wi.ClientSecret = secret
		}
		var ds diag.Diagnostics
		// No configuration of this resource held a secret before: removing
		// a new one whose write failed takes nothing away.
		stored, ds = createOrAdopt(ctx, client, wi)
		return ds, false
	}
	ds, written := r.writeCredential(ctx, client, wi.IntegrationType, wi.Environment, &plan, minted, false, write)
	resp.Diagnostics.Append(ds...)
	if !written {
		return
	}
	resp.Diagnostics.Append(plan.setFromAnswer(ctx, client, stored)...)
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
	summary := fmt.Sprintf("Reading Unified.to integration %s", state.describe())
	var wi *unified.WorkspaceIntegration
	var err error
	if state.ID.ValueString() == "" {
		// Imported by integration_type/environment: find the id.
		var diags = state.findForImport(ctx, client)
		resp.Diagnostics.Append(diags...)
		if resp.Diagnostics.HasError() {
			return
		}
	}
	wi, err = client.ReadWorkspaceIntegration(ctx, state.ID.ValueString(), state.IntegrationType.ValueString(), state.Environment.ValueString())
	if unified.IsNotFound(err) {
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError(summary, unifiedErrorDetail(client, err, state.manualStep(ctx)))
		return
	}
	resp.Diagnostics.Append(state.flatten(ctx, client, wi)...)
	// Only with the block does Read ask Graph, so that configurations
	// that supply the secret themselves need no Graph sign-in.
	if minted, ds := state.mintedSecret(ctx); minted != nil && !ds.HasError() {
		graph, ds := r.clients.Graph(ctx)
		resp.Diagnostics.Append(ds...)
		if graph != nil {
			resp.Diagnostics.Append(refreshMintedSecret(ctx, graph, minted,
				secretMarker(client, wi.IntegrationType, wi.Environment, minted.ApplicationObjectID.ValueString()))...)
			obj, ds := minted.objectValue()
			resp.Diagnostics.Append(ds...)
			state.EntraClientSecret = obj
		}
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Update reads the object first, so that the whole-object PUT sends back
// the vendor URL overrides this resource does not manage.
func (r *workspaceIntegrationResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, cfg workspaceIntegrationModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	ctx, cancel, client := r.clients.unifiedWithin(ctx, plan.Timeouts.Update, 5*time.Minute, &resp.Diagnostics)
	defer cancel()
	if client == nil {
		return
	}
	wi, diags := plan.expand(ctx, cfg)
	resp.Diagnostics.Append(diags...)
	minted, diags := plan.mintedSecret(ctx)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	summary := fmt.Sprintf("Updating Unified.to integration %s", plan.describe())
	var stored *unified.WorkspaceIntegration
	write := func(secret string) (diag.Diagnostics, bool) {
		var ds diag.Diagnostics
		var lost bool
		if minted != nil {
			wi.ClientSecret = secret // "" keeps the secret Unified.to holds
		}
		current, err := client.ReadWorkspaceIntegration(ctx, wi.ID, wi.IntegrationType, wi.Environment)
		if err == nil {
			stored, err = client.UpdateWorkspaceIntegration(ctx, wi, current)
			// Only the PUT can have been carried out unanswered.
			lost = err != nil && answerMayBeLost(err)
		}
		if err != nil {
			detail := unifiedErrorDetail(client, err, plan.manualStep(ctx))
			if unified.IsNotFound(err) {
				detail += "\n\nThe configuration was removed outside Terraform. Run terraform apply again: the refresh notices, and the plan creates it anew."
			}
			ds.AddError(summary, detail)
		}
		return ds, lost
	}
	rotation := minted // a new secret only when ModifyPlan planned a rotation
	if minted != nil && !minted.KeyID.IsUnknown() {
		rotation = nil
	}
	ds, written := r.writeCredential(ctx, client, wi.IntegrationType, wi.Environment, &plan, rotation, true, write)
	resp.Diagnostics.Append(ds...)
	if !written {
		// The old secret is still the one in Entra and Unified.to: keep
		// the prior state, so the next apply starts over.
		resp.State.Raw = req.State.Raw
		return
	}
	// From here on state records what Unified.to holds, errors or not (a
	// previous secret that could not be removed is one).
	// Unified.to now holds the new credential: the secrets the prior block
	// minted on an application this resource no longer mints on are unused.
	var prior workspaceIntegrationModel
	resp.Diagnostics.Append(req.State.Get(ctx, &prior)...)
	if old, ds := prior.mintedSecret(ctx); old != nil && !ds.HasError() &&
		(minted == nil || !strings.EqualFold(old.ApplicationObjectID.ValueString(), minted.ApplicationObjectID.ValueString())) {
		resp.Diagnostics.Append(r.removePriorSecrets(ctx, client, prior, old)...)
	}
	resp.Diagnostics.Append(plan.setFromAnswer(ctx, client, stored)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// removePriorSecrets removes the secrets a prior entra_client_secret block
// minted, once the block is gone or names another application. A failure
// is a warning: the new credential is in place, only cleanup is left.
func (r *workspaceIntegrationResource) removePriorSecrets(ctx context.Context, client *unified.Client, prior workspaceIntegrationModel, old *entraSecretModel) diag.Diagnostics {
	var diags diag.Diagnostics
	objectID := old.ApplicationObjectID.ValueString()
	graph, ds := r.clients.Graph(ctx)
	if ds.HasError() {
		diags.AddWarning("Removing the previously minted client secrets", fmt.Sprintf("Signing in to Graph failed, so the secrets this integration minted on application %s remain; remove them in Entra.", objectID))
		return diags
	}
	marker := secretMarker(client, prior.IntegrationType.ValueString(), prior.Environment.ValueString(), objectID)
	if _, err := graph.RemoveUntrackedPasswords(ctx, objectID, marker); err != nil && !entra.IsNotFound(err) {
		diags.AddWarning("Removing the previously minted client secrets",
			fmt.Sprintf("Unified.to holds the new credential, but removing the secrets this integration minted on application %s failed; remove them in Entra: %s", objectID, graphErrorDetail(err)))
	}
	return diags
}

// Delete removes the configuration, and with it the credentials.
func (r *workspaceIntegrationResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state workspaceIntegrationModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	ctx, cancel, client := r.clients.unifiedWithin(ctx, state.Timeouts.Delete, 5*time.Minute, &resp.Diagnostics)
	defer cancel()
	if client == nil {
		return
	}
	err := client.DeleteWorkspaceIntegration(ctx, state.ID.ValueString(), state.IntegrationType.ValueString(), state.Environment.ValueString())
	if err != nil && !unified.IsNotFound(err) {
		step := state.manualStep(ctx)
		step.Remove = true
		resp.Diagnostics.AddError(fmt.Sprintf("Removing Unified.to integration %s", state.describe()), unifiedErrorDetail(client, err, step))
		return
	}
	// Only once Unified.to no longer holds it, the minted secret goes.
	minted, diags := state.mintedSecret(ctx)
	resp.Diagnostics.Append(diags...)
	if minted == nil || resp.Diagnostics.HasError() {
		return
	}
	graph, diags := r.clients.Graph(ctx)
	resp.Diagnostics.Append(diags...)
	if graph != nil {
		resp.Diagnostics.Append(removeMintedSecrets(ctx, graph, minted,
			secretMarker(client, state.IntegrationType.ValueString(), state.Environment.ValueString(), minted.ApplicationObjectID.ValueString()))...)
	}
}

// ImportState takes the Workspaceintegration's id, or
// `<integration_type>/<environment>`, which Read resolves to the id with
// the documented list. The secret cannot be read back, so it stays null
// until the configuration supplies it.
func (r *workspaceIntegrationResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	integrationType, env, byType := strings.Cut(req.ID, "/")
	switch {
	case !byType && strings.TrimSpace(req.ID) != "":
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
	case byType && integrationType != "" && env != "" && !strings.Contains(env, "/"):
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("integration_type"), integrationType)...)
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("environment"), env)...)
	default:
		resp.Diagnostics.AddError("Invalid import id",
			fmt.Sprintf("%q is neither a Unified.to Workspaceintegration id nor <integration_type>/<environment>, e.g. microsoftdynamicssales/Production.", req.ID))
	}
}
