package provider

import (
	"context"
	"fmt"
	"maps"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/entra"
	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/validators"
)

var (
	_ resource.Resource                = (*entraApplicationResource)(nil)
	_ resource.ResourceWithConfigure   = (*entraApplicationResource)(nil)
	_ resource.ResourceWithImportState = (*entraApplicationResource)(nil)
)

// NewEntraApplicationResource is the app registration of the guide's first step.
func NewEntraApplicationResource() resource.Resource { return &entraApplicationResource{} }

type entraApplicationResource struct{ clients *clients }

type entraApplicationModel struct {
	ID              types.String   `tfsdk:"id"`
	ObjectID        types.String   `tfsdk:"object_id"`
	ClientID        types.String   `tfsdk:"client_id"`
	DisplayName     types.String   `tfsdk:"display_name"`
	SignInAudience  types.String   `tfsdk:"sign_in_audience"`
	Description     types.String   `tfsdk:"description"`
	Notes           types.String   `tfsdk:"notes"`
	Tags            types.Set      `tfsdk:"tags"`
	PublisherDomain types.String   `tfsdk:"publisher_domain"`
	Timeouts        timeouts.Value `tfsdk:"timeouts"`
	entraApplicationBranding
}

// Sign-in audiences Graph accepts (docs/design/graph-applications.md, Validation).
var signInAudiences = []string{"AzureADMyOrg", "AzureADMultipleOrgs", "AzureADandPersonalMicrosoftAccount", "PersonalMicrosoftAccount"}

func (r *entraApplicationResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_entra_application"
}

func (r *entraApplicationResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	computedID := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc, PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "A Microsoft Entra ID app registration (an `application` object in Microsoft Graph), multitenant by default, " +
			"as Unified.to needs for Microsoft Dynamics 365. Its redirect URIs, API permissions and client secrets are managed by " +
			"`unifiedto_entra_redirect_uris`, `unifiedto_entra_api_access` and `unifiedto_entra_client_secret`; this resource never reads or writes them.",
		Attributes: map[string]schema.Attribute{
			"id":        computedID("The application's object id (same as `object_id`)."),
			"object_id": computedID("The application's directory object id: what Microsoft Graph addresses the app registration by, and what the other `unifiedto_entra_*` resources take as `application_object_id`. The portal shows it as **Object ID**."),
			"client_id": computedID("The application's client id (`appId`): what OAuth clients and Unified.to use. The portal shows it as **Application (client) ID**."),
			"display_name": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Name shown in the portal and on the consent screen; 1 to 120 characters (characters, not bytes), not only whitespace.",
				Validators:          []validator.String{validators.Length(1, 120), validators.NotBlank()},
			},
			"sign_in_audience": schema.StringAttribute{
				Optional: true, Computed: true,
				Default:             stringdefault.StaticString("AzureADMultipleOrgs"),
				MarkdownDescription: "Who can sign in: `AzureADMultipleOrgs` (default: any organization's directory, as Unified.to needs to reach your customers' tenants), `AzureADMyOrg`, `AzureADandPersonalMicrosoftAccount` or `PersonalMicrosoftAccount`.",
				Validators:          []validator.String{stringvalidator.OneOf(signInAudiences...)},
			},
			"description": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Free text description, at most 1024 characters.",
				Validators:          []validator.String{validators.Length(1, 1024), validators.NotBlank()},
			},
			"notes": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Notes for the people managing the application, at most 1024 characters.",
				Validators:          []validator.String{validators.Length(1, 1024), validators.NotBlank()},
			},
			"tags": schema.SetAttribute{
				ElementType:         types.StringType,
				Optional:            true,
				MarkdownDescription: "Tags: each 1 to 256 characters without whitespace (Unicode spaces included), unique ignoring case. Leave it out rather than set it empty.",
				Validators: []validator.Set{
					// An empty set reads back as null (Graph has no "empty
					// on purpose"), so it is refused instead of failing apply.
					setvalidator.SizeAtLeast(1),
					setvalidator.ValueStringsAre(validators.Length(1, 256), validators.NoWhitespace()),
					validators.UniqueIgnoringCase(),
				},
			},
			"publisher_domain": computedID("The verified publisher domain Entra assigned to the application."),
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Read: true, Update: true, Delete: true}),
		},
	}
	maps.Copy(resp.Schema.Attributes, brandingAttributes())
}

func (r *entraApplicationResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.clients = configureClients(req.ProviderData, &resp.Diagnostics)
}

func (r *entraApplicationResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan entraApplicationModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	ctx, cancel, graph := r.clients.graphWithin(ctx, plan.Timeouts.Create, 10*time.Minute, &resp.Diagnostics)
	defer cancel()
	if graph == nil {
		return
	}
	app, err := graph.CreateApplication(ctx, plan.fields())
	if err == nil {
		app, err = plan.brandNew(ctx, graph, app)
		if err != nil && app != nil {
			endPendingOfTainted(ctx, graph, app.ObjectID)
		}
	}
	if app != nil {
		rememberCreatedApplication(app.ObjectID)
		resp.Diagnostics.Append(rememberCreatedAt(ctx, resp.Private, time.Now())...)
		// Also when err is set: the application exists, and recording it
		// (Terraform marks it tainted) keeps it from being orphaned.
		resp.Diagnostics.Append(plan.flatten(ctx, app)...)
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	}
	if err != nil {
		addGraphError(&resp.Diagnostics, fmt.Sprintf("Creating application %q", plan.DisplayName.ValueString()), err)
	}
}

// endPendingOfTainted ends the create mark of an application whose Create
// failed after Graph made it: Terraform records it tainted, and a create of
// the same configuration (its replacement, with create_before_destroy) must
// not adopt it as a crash leftover. Best effort, with time of its own, since
// the Create's deadline may be what failed it.
func endPendingOfTainted(ctx context.Context, graph *entra.Client, objectID string) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	if err := graph.EndPending(ctx, objectID); err != nil {
		tflog.Warn(ctx, "could not end the create mark of a tainted application", map[string]any{"object_id": objectID, "error": err.Error()})
	}
}

func (r *entraApplicationResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state entraApplicationModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	ctx, cancel, graph := r.clients.graphWithin(ctx, state.Timeouts.Read, 5*time.Minute, &resp.Diagnostics)
	defer cancel()
	if graph == nil {
		return
	}
	// This may be the first read of the application, moments after the
	// apply: a 404 then is replication lag, not a deletion.
	noteCreatedAt(ctx, graph, req.Private, state.ID.ValueString())
	app, err := graph.GetApplication(ctx, state.ID.ValueString())
	if entra.IsNotFound(err) {
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		addGraphError(&resp.Diagnostics, fmt.Sprintf("Reading application %s", state.ID.ValueString()), err)
		return
	}
	resp.Diagnostics.Append(state.flatten(ctx, app)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *entraApplicationResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state entraApplicationModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	ctx, cancel, graph := r.clients.graphWithin(ctx, plan.Timeouts.Update, 10*time.Minute, &resp.Diagnostics)
	defer cancel()
	if graph == nil {
		return
	}
	objectID := state.ID.ValueString()
	if err := graph.UpdateApplication(ctx, objectID, plan.fields()); err != nil {
		addGraphError(&resp.Diagnostics, fmt.Sprintf("Updating application %s", objectID), err)
		return
	}
	if err := plan.write(ctx, graph, objectID, state.LogoImage); err != nil {
		addGraphError(&resp.Diagnostics, fmt.Sprintf("Updating the consent screen of application %s", objectID), err)
		return
	}
	app, err := graph.GetApplication(ctx, objectID)
	if err != nil {
		addGraphError(&resp.Diagnostics, fmt.Sprintf("Reading application %s after update", objectID), err)
		return
	}
	resp.Diagnostics.Append(plan.flatten(ctx, app)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *entraApplicationResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state entraApplicationModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	ctx, cancel, graph := r.clients.graphWithin(ctx, state.Timeouts.Delete, 10*time.Minute, &resp.Diagnostics)
	defer cancel()
	if graph == nil {
		return
	}
	noteCreatedAt(ctx, graph, req.Private, state.ID.ValueString()) // a 404 may be lag, as in Read
	if err := graph.DeleteApplication(ctx, state.ID.ValueString()); err != nil {
		addGraphError(&resp.Diagnostics, fmt.Sprintf("Deleting application %s", state.ID.ValueString()), err)
	}
}

// ImportState takes an object id or a client id: the portal shows both as
// GUIDs and people copy whichever they see first, so the other is tried
// when the first does not exist.
func (r *entraApplicationResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	graph, diags := r.clients.Graph(ctx)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	app, err := graph.GetApplication(ctx, req.ID)
	if entra.IsNotFound(err) {
		app, err = graph.GetApplicationByClientID(ctx, req.ID)
	}
	if err != nil {
		addGraphError(&resp.Diagnostics, fmt.Sprintf("Importing application %s", req.ID), fmt.Errorf("no application has object id or client id %q: %w", req.ID, err))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), app.ObjectID)...)
}

func (m entraApplicationModel) fields() entra.ApplicationFields {
	f := entra.ApplicationFields{
		DisplayName:    m.DisplayName.ValueString(),
		SignInAudience: m.SignInAudience.ValueString(),
		Description:    m.Description.ValueString(),
		Notes:          m.Notes.ValueString(),
	}
	for _, e := range m.Tags.Elements() {
		if s, ok := e.(types.String); ok {
			f.Tags = append(f.Tags, s.ValueString())
		}
	}
	return f
}

// flatten copies what Graph says into the model. Empty strings and empty
// tag lists become null, matching configurations that leave them out.
func (m *entraApplicationModel) flatten(ctx context.Context, app *entra.Application) diag.Diagnostics {
	m.ID = types.StringValue(app.ObjectID)
	m.ObjectID = types.StringValue(app.ObjectID)
	m.ClientID = types.StringValue(app.ClientID)
	m.DisplayName = types.StringValue(app.DisplayName)
	m.SignInAudience = types.StringValue(app.SignInAudience)
	m.Description = nullIfEmpty(app.Description)
	m.Notes = nullIfEmpty(app.Notes)
	m.PublisherDomain = types.StringValue(app.PublisherDomain)
	m.entraApplicationBranding.flatten(app)
	var diags diag.Diagnostics
	m.Tags, diags = stringSetOrNull(ctx, app.Tags)
	return diags
}
