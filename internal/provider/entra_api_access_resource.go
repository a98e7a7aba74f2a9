package provider

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/entra"
	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/validators"
)

var (
	_ resource.Resource                     = (*entraAPIAccessResource)(nil)
	_ resource.ResourceWithConfigure        = (*entraAPIAccessResource)(nil)
	_ resource.ResourceWithConfigValidators = (*entraAPIAccessResource)(nil)
	_ resource.ResourceWithModifyPlan       = (*entraAPIAccessResource)(nil)
	_ resource.ResourceWithImportState      = (*entraAPIAccessResource)(nil)
)

// NewEntraAPIAccessResource is the guide's "add API permissions" step, one
// API per resource.
func NewEntraAPIAccessResource() resource.Resource { return &entraAPIAccessResource{} }

type entraAPIAccessResource struct{ clients *clients }

type entraAPIAccessModel struct {
	ID                  types.String   `tfsdk:"id"`
	ApplicationObjectID types.String   `tfsdk:"application_object_id"`
	API                 types.String   `tfsdk:"api"`
	Scopes              types.Set      `tfsdk:"scopes"`
	Roles               types.Set      `tfsdk:"roles"`
	APIClientID         types.String   `tfsdk:"api_client_id"`
	ScopeIDs            types.Map      `tfsdk:"scope_ids"`
	RoleIDs             types.Map      `tfsdk:"role_ids"`
	Timeouts            timeouts.Value `tfsdk:"timeouts"`
}

// maxPermissions is Graph's limit on permissions in all (docs/design/graph-applications.md, Validation).
const maxPermissions = 400

func (r *entraAPIAccessResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_entra_api_access"
}

func (r *entraAPIAccessResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	names := func(attr, desc string) schema.SetAttribute {
		return schema.SetAttribute{
			ElementType: types.StringType, Optional: true, MarkdownDescription: desc,
			Validators: []validator.Set{setvalidator.SizeBetween(1, maxPermissions), setvalidator.ValueStringsAre(
				stringvalidator.LengthAtLeast(1), stringvalidator.RegexMatches(noWhitespace, "must be a permission name without whitespace, as the API publishes it"))},
		}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "The permissions an Entra ID application requests on one API (its entry in `requiredResourceAccess`), by name. " +
			"Names are resolved to ids at plan time: from the provider's table of well-known APIs, else from the API's service principal in the tenant, " +
			"so a misspelt name fails the plan. This resource owns only its API's entry: several of them (one per API) and " +
			"`unifiedto_entra_redirect_uris` share one application without overwriting each other. A permission added or removed " +
			"in the portal shows in the next plan. It does not grant admin consent.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed: true, MarkdownDescription: "`<application object id>/<api client id>`, also the import id.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"application_object_id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The application's **object id** (`unifiedto_entra_application.<name>.object_id`), not its client id.",
				Validators:          []validator.String{validators.GUID("application's object id (the portal's Object ID, not its Application (client) ID)")},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"api": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "The API: `microsoft_graph`, `dynamics_crm` (Dataverse, for Dynamics 365 Sales), `customer_insights` " +
					"(Dynamics 365 Customer Insights), or any API's **client id**. Naming the same API the other way does not replace the resource.",
				Validators: []validator.String{apiValidator{}},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplaceIf(sameAPIOrReplace,
					"Another API replaces the resource; the same API by its other name does not.", "Another API replaces the resource; the same API by its other name does not.")},
			},
			"scopes": names("scopes", "Delegated permissions (scopes) by name, e.g. `openid`, `email`, `offline_access`, `user_impersonation`. "+
				"Names are case-sensitive, as the API publishes them; a GUID is taken as a permission id."),
			"roles": names("roles", "Application permissions (app roles) by name, e.g. `User.Read.All`; same rules as `scopes`."),
			"api_client_id": schema.StringAttribute{
				Computed: true, MarkdownDescription: "The API's client id, e.g. `00000003-0000-0000-c000-000000000000` for Microsoft Graph.",
			},
			"scope_ids": schema.MapAttribute{ElementType: types.StringType, Computed: true, MarkdownDescription: "The id of each scope, by name."},
			"role_ids":  schema.MapAttribute{ElementType: types.StringType, Computed: true, MarkdownDescription: "The id of each role, by name."},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Read: true, Update: true, Delete: true}),
		},
	}
}

func (r *entraAPIAccessResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{resourcevalidator.AtLeastOneOf(path.MatchRoot("scopes"), path.MatchRoot("roles"))}
}

// sameAPIOrReplace replaces only when the API itself changes, not when
// "microsoft_graph" becomes its client id or the reverse.
func sameAPIOrReplace(_ context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
	before, errBefore := entra.ParseAPIRef(req.StateValue.ValueString())
	after, errAfter := entra.ParseAPIRef(req.PlanValue.ValueString())
	resp.RequiresReplace = errBefore != nil || errAfter != nil || before.ClientID != after.ClientID
}

// ModifyPlan resolves names to ids, so that the plan shows them and a bad
// name fails here, before anything is written. The tenant is asked (a GET)
// only for names neither the table nor the state knows.
func (r *entraAPIAccessResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	r.clients.planGraphConfig(&resp.Diagnostics)
	if req.Plan.Raw.IsNull() || resp.Diagnostics.HasError() {
		return
	}
	var plan entraAPIAccessModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	var state *entraAPIAccessModel
	if !req.State.Raw.IsNull() {
		state = &entraAPIAccessModel{}
		resp.Diagnostics.Append(req.State.Get(ctx, state)...)
	}
	if resp.Diagnostics.HasError() || plan.API.IsUnknown() {
		return
	}
	ref, err := entra.ParseAPIRef(plan.API.ValueString())
	if err != nil {
		return // the attribute's validator has said so
	}
	plan.APIClientID = types.StringValue(ref.ClientID)
	if !plan.ApplicationObjectID.IsUnknown() {
		plan.ID = types.StringValue(plan.ApplicationObjectID.ValueString() + "/" + ref.ClientID)
	}
	ctx, cancel, ok := withTimeout(ctx, plan.Timeouts.Read, 5*time.Minute, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	prior := types.StringNull()
	var known entra.Permissions
	if state != nil {
		prior = state.ApplicationObjectID
		if strings.EqualFold(state.APIClientID.ValueString(), ref.ClientID) {
			known = state.permissions()
		}
	}
	r.clients.applicationAtPlan(ctx, path.Root("application_object_id"), plan.ApplicationObjectID, prior, &resp.Diagnostics)
	perms, ok := r.resolve(ctx, ref, plan, known, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	if ok {
		resp.Diagnostics.Append(plan.setPermissions(ctx, perms)...)
	} else {
		plan.ScopeIDs, plan.RoleIDs = types.MapUnknown(types.StringType), types.MapUnknown(types.StringType)
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

// resolve maps the model's names to ids; false means some are not known
// yet (values computed during apply).
func (r *entraAPIAccessResource) resolve(ctx context.Context, ref entra.APIRef, m entraAPIAccessModel, known entra.Permissions, diags *diag.Diagnostics) (entra.Permissions, bool) {
	scopes, scopesKnown := knownStrings(m.Scopes)
	roles, rolesKnown := knownStrings(m.Roles)
	if !scopesKnown || !rolesKnown {
		return entra.Permissions{}, false
	}
	resolver := &entra.Resolver{API: ref, Finder: lazyFinder{r.clients}, Known: known}
	perms, err := resolver.Resolve(ctx, scopes, roles)
	if err == nil {
		r.checkOfferedIDs(ctx, resolver, scopes, roles, diags)
	}
	var missing *entra.MissingServicePrincipalError
	if ref.WellKnown == nil && errors.As(err, &missing) {
		// No service principal for this client id: it may be an object id.
		r.clients.checkClientIDAtPlan(ctx, path.Root("api"), m.API, diags)
	}
	if err != nil && !diags.HasError() {
		addResolveErrors(diags, resolver.Label(), err)
	}
	if err != nil || diags.HasError() {
		return entra.Permissions{}, false
	}
	return perms, true
}

func (r *entraAPIAccessResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.clients = configureClients(req.ProviderData, &resp.Diagnostics)
}

func (r *entraAPIAccessResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan entraAPIAccessModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	ctx, cancel, graph := r.clients.graphWithin(ctx, plan.Timeouts.Create, 10*time.Minute, &resp.Diagnostics)
	defer cancel()
	if graph == nil {
		return
	}
	access, ok := r.planned(ctx, &plan, &resp.Diagnostics)
	if !ok {
		return
	}
	objectID, clientID := plan.ApplicationObjectID.ValueString(), plan.APIClientID.ValueString()
	// Another resource (or the portal) may already own this API's entry: the
	// claim adopts it only when it already is what the plan says, checked
	// under the application's lock, so that two resources for one API fail
	// loudly instead of fighting, even when created at the same moment.
	err := graph.ClaimRequiredResourceAccess(ctx, objectID, clientID, access)
	var taken *entra.SliceTakenError
	switch {
	case errors.As(err, &taken):
		resp.Diagnostics.AddError(fmt.Sprintf("Adding permissions on API %s to application %s", plan.API.ValueString(), objectID),
			fmt.Sprintf("The application already requests other permissions on this API (%d entries). This resource owns the API's whole entry, so it does "+
				"not take over one it did not write. Import it (terraform import <address> %s/%s) and the next plan shows what would change; "+
				"if another unifiedto_entra_api_access already manages this API on this application, keep one of them.", len(taken.Current), objectID, clientID))
		return
	case err != nil:
		addGraphError(&resp.Diagnostics, fmt.Sprintf("Adding permissions on API %s to application %s", plan.API.ValueString(), objectID), err)
		return
	}
	plan.ID = types.StringValue(objectID + "/" + clientID)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *entraAPIAccessResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state entraAPIAccessModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	ctx, cancel, graph := r.clients.graphWithin(ctx, state.Timeouts.Read, 5*time.Minute, &resp.Diagnostics)
	defer cancel()
	if graph == nil {
		return
	}
	objectID, clientID := state.ApplicationObjectID.ValueString(), state.APIClientID.ValueString()
	app, err := graph.GetApplication(ctx, objectID)
	if entra.IsNotFound(err) {
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		addGraphError(&resp.Diagnostics, fmt.Sprintf("Reading application %s", objectID), err)
		return
	}
	entry, found := findAccess(app, clientID)
	if !found {
		resp.State.RemoveResource(ctx)
		return
	}
	ref, err := entra.ParseAPIRef(clientID)
	if err != nil {
		resp.Diagnostics.AddError(fmt.Sprintf("Reading permissions of application %s", objectID), fmt.Sprintf("api_client_id: %s.", err))
		return
	}
	resolver := &entra.Resolver{API: ref, Finder: graph, Known: state.permissions()}
	perms, err := resolver.Names(ctx, entry.Access)
	if err != nil {
		addGraphError(&resp.Diagnostics, fmt.Sprintf("Naming the permissions of application %s on %s", objectID, resolver.Label()), err)
		return
	}
	if state.API.IsNull() { // just imported
		state.API = types.StringValue(ref.ConfigName())
	}
	state.ID = types.StringValue(objectID + "/" + ref.ClientID)
	resp.Diagnostics.Append(state.setPermissions(ctx, perms)...)
	var d diag.Diagnostics
	state.Scopes, d = stringSetOrNull(ctx, slices.Sorted(maps.Keys(perms.Scopes)))
	resp.Diagnostics.Append(d...)
	state.Roles, d = stringSetOrNull(ctx, slices.Sorted(maps.Keys(perms.Roles)))
	resp.Diagnostics.Append(d...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *entraAPIAccessResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan entraAPIAccessModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	ctx, cancel, graph := r.clients.graphWithin(ctx, plan.Timeouts.Update, 10*time.Minute, &resp.Diagnostics)
	defer cancel()
	if graph == nil {
		return
	}
	access, ok := r.planned(ctx, &plan, &resp.Diagnostics)
	if !ok {
		return
	}
	objectID := plan.ApplicationObjectID.ValueString()
	if err := graph.SetRequiredResourceAccess(ctx, objectID, plan.APIClientID.ValueString(), access); err != nil {
		addGraphError(&resp.Diagnostics, fmt.Sprintf("Updating permissions on API %s of application %s", plan.API.ValueString(), objectID), err)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// Delete removes the API's entry and nothing else. An application that is
// already gone is success; checking first matters because the write waits
// out 404s as replication lag.
func (r *entraAPIAccessResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state entraAPIAccessModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	ctx, cancel, graph := r.clients.graphWithin(ctx, state.Timeouts.Delete, 10*time.Minute, &resp.Diagnostics)
	defer cancel()
	if graph == nil {
		return
	}
	objectID := state.ApplicationObjectID.ValueString()
	if _, err := graph.GetApplication(ctx, objectID); entra.IsNotFound(err) {
		return
	}
	if err := graph.SetRequiredResourceAccess(ctx, objectID, state.APIClientID.ValueString(), nil); err != nil {
		addGraphError(&resp.Diagnostics, fmt.Sprintf("Removing permissions on API %s from application %s", state.API.ValueString(), objectID), err)
	}
}

// ImportState takes "<object id>/<api client id>"; a well-known API's
// short name works in place of its client id.
func (r *entraAPIAccessResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	objectID, api, _ := strings.Cut(req.ID, "/")
	ref, err := entra.ParseAPIRef(api)
	if !validators.IsGUID(objectID) || err != nil {
		resp.Diagnostics.AddError(fmt.Sprintf("Importing API permissions %q", req.ID),
			"The import id is the application's object id, a slash and the API's client id, e.g. "+
				"1f0c5a2e-7b1d-4c3a-9e8f-0a1b2c3d4e5f/00000003-0000-0000-c000-000000000000 (or microsoft_graph, dynamics_crm, customer_insights after the slash).")
		return
	}
	if objectID = strings.ToLower(r.clients.importedApplication(ctx, req.ID, objectID, "/"+api, &resp.Diagnostics)); objectID == "" {
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), objectID+"/"+ref.ClientID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("application_object_id"), objectID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("api_client_id"), ref.ClientID)...)
}

// planned returns the entries to write. The ids come from the plan when
// ModifyPlan could resolve them; otherwise (names computed during apply)
// they are resolved now.
func (r *entraAPIAccessResource) planned(ctx context.Context, plan *entraAPIAccessModel, diags *diag.Diagnostics) ([]entra.ResourceAccess, bool) {
	ref, err := entra.ParseAPIRef(plan.API.ValueString())
	if err != nil {
		diags.AddAttributeError(path.Root("api"), "Invalid API", "api: "+err.Error()+".")
		return nil, false
	}
	plan.APIClientID = types.StringValue(ref.ClientID)
	if !plan.ScopeIDs.IsUnknown() && !plan.RoleIDs.IsUnknown() {
		return plan.permissions().Access(), true
	}
	perms, ok := r.resolve(ctx, ref, *plan, entra.Permissions{}, diags)
	if !ok {
		if !diags.HasError() {
			diags.AddError("Resolving API permissions", "The permission names are still unknown during apply. This is a bug in the provider; please report it.")
		}
		return nil, false
	}
	diags.Append(plan.setPermissions(ctx, perms)...)
	return perms.Access(), !diags.HasError()
}

func (m entraAPIAccessModel) permissions() entra.Permissions {
	return entra.Permissions{Scopes: stringMap(m.ScopeIDs), Roles: stringMap(m.RoleIDs)}
}

func (m *entraAPIAccessModel) setPermissions(ctx context.Context, p entra.Permissions) diag.Diagnostics {
	var diags, d diag.Diagnostics
	m.ScopeIDs, d = types.MapValueFrom(ctx, types.StringType, orEmptyMap(p.Scopes))
	diags.Append(d...)
	m.RoleIDs, d = types.MapValueFrom(ctx, types.StringType, orEmptyMap(p.Roles))
	diags.Append(d...)
	return diags
}

func findAccess(app *entra.Application, clientID string) (entra.RequiredResourceAccess, bool) {
	for _, e := range app.RequiredResourceAccess {
		if strings.EqualFold(e.ResourceAppID, clientID) {
			return e, true
		}
	}
	return entra.RequiredResourceAccess{}, false
}
