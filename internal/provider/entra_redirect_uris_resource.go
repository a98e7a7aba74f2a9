package provider

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/entra"
	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/unified"
	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/validators"
)

var (
	_ resource.Resource                     = (*entraRedirectURIsResource)(nil)
	_ resource.ResourceWithConfigure        = (*entraRedirectURIsResource)(nil)
	_ resource.ResourceWithConfigValidators = (*entraRedirectURIsResource)(nil)
	_ resource.ResourceWithValidateConfig   = (*entraRedirectURIsResource)(nil)
	_ resource.ResourceWithModifyPlan       = (*entraRedirectURIsResource)(nil)
	_ resource.ResourceWithImportState      = (*entraRedirectURIsResource)(nil)
)

// NewEntraRedirectURIsResource is the guide's "add the Web redirect URI" step.
func NewEntraRedirectURIsResource() resource.Resource { return &entraRedirectURIsResource{} }

type entraRedirectURIsResource struct{ clients *clients }

type entraRedirectURIsModel struct {
	ID                  types.String   `tfsdk:"id"`
	ApplicationObjectID types.String   `tfsdk:"application_object_id"`
	UnifiedRegions      types.Set      `tfsdk:"unified_regions"`
	RedirectURIs        types.Set      `tfsdk:"redirect_uris"`
	AllRedirectURIs     types.List     `tfsdk:"all_redirect_uris"`
	Timeouts            timeouts.Value `tfsdk:"timeouts"`
}

// redirectURIsIDSuffix names the slice of the application this resource
// owns; the import id is "<object id>/web".
const redirectURIsIDSuffix = "/web"

func (r *entraRedirectURIsResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_entra_redirect_uris"
}

func (r *entraRedirectURIsResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The Web redirect URIs of an Entra ID application: the Unified.to regions' `/oauth/code` URIs and any others. " +
			"**Authoritative**: this resource owns the application's whole `web.redirectUris` list, so a URI added in the portal shows " +
			"in the next plan and is removed by apply, and destroying the resource empties the list. Other Web settings (home page, " +
			"logout URL, implicit grant) and every other part of the application are left as they are. Use one of these per application.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed: true, MarkdownDescription: "`<application object id>/web`, also the import id.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"application_object_id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The application's **object id** (`unifiedto_entra_application.<name>.object_id`), not its client id. Changing it moves the URIs to another application.",
				Validators:          []validator.String{validators.GUID("application's object id (the portal's Object ID, not its Application (client) ID)")},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"unified_regions": schema.SetAttribute{
				ElementType: types.StringType, Optional: true,
				MarkdownDescription: "Unified.to regions whose OAuth redirect URI the application accepts: `us` (`https://api.unified.to/oauth/code`), " +
					"`eu` (`https://api-eu.unified.to/oauth/code`), `au` (`https://api-au.unified.to/oauth/code`).",
				Validators: []validator.Set{setvalidator.SizeAtLeast(1), setvalidator.ValueStringsAre(stringvalidator.OneOf(regionNames()...))},
			},
			"redirect_uris": schema.SetAttribute{
				ElementType: types.StringType, Optional: true,
				MarkdownDescription: "Other redirect URIs, e.g. `https://<custom Unified.to API domain>/oauth/code` or a local test app. " +
					"https only, except `http://localhost` and loopback addresses; at most 256 characters each, without `! $ ' ( ) , ;`. " +
					"A region's URI belongs in `unified_regions`.",
				Validators: []validator.Set{setvalidator.SizeAtLeast(1), setvalidator.ValueStringsAre(validators.RedirectURI())},
			},
			"all_redirect_uris": schema.ListAttribute{
				ElementType: types.StringType, Computed: true,
				MarkdownDescription: "Every redirect URI of the application, as written to Microsoft Graph: the regions' first, then the others.",
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Read: true, Update: true, Delete: true}),
		},
	}
}

func (r *entraRedirectURIsResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{resourcevalidator.AtLeastOneOf(path.MatchRoot("unified_regions"), path.MatchRoot("redirect_uris"))}
}

// ValidateConfig checks what spans both inputs: duplicates after
// normalisation, a region's URI written out by hand, and the count.
func (r *entraRedirectURIsResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m entraRedirectURIsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	regions, regionsKnown := knownStrings(m.UnifiedRegions)
	extras, extrasKnown := knownStrings(m.RedirectURIs)
	seen := map[string]string{}
	for _, reg := range unified.Regions() {
		seen[validators.NormalizeRedirectURI(regionRedirectURI(reg))] = "region:" + string(reg)
	}
	for _, uri := range extras {
		key := validators.NormalizeRedirectURI(uri)
		switch prev, dup := seen[key]; {
		case dup && strings.HasPrefix(prev, "region:"):
			reg := strings.TrimPrefix(prev, "region:")
			resp.Diagnostics.AddAttributeError(path.Root("redirect_uris"), "Region redirect URI listed in redirect_uris",
				fmt.Sprintf("redirect_uris: %q is the redirect URI of the Unified.to region %q. Put %q in unified_regions instead, so that the provider derives the URI and reads it back as that region.", uri, reg, reg))
		case dup:
			resp.Diagnostics.AddAttributeError(path.Root("redirect_uris"), "Duplicate redirect URI",
				fmt.Sprintf("redirect_uris: %q and %q differ only in the case of the scheme or host, an explicit default port or a trailing slash, so they name the same endpoint. Keep one of them.", prev, uri))
		default:
			seen[key] = uri
		}
	}
	if n := len(regions) + len(extras); regionsKnown && extrasKnown && n > validators.MaxRedirectURIs {
		resp.Diagnostics.AddAttributeError(path.Root("redirect_uris"), "Too many redirect URIs",
			fmt.Sprintf("unified_regions and redirect_uris add up to %d redirect URIs; an Entra ID application accepts at most %d.", n, validators.MaxRedirectURIs))
	}
}

// ModifyPlan makes all_redirect_uris known at plan time. When the set of
// URIs does not change, the order Graph holds is kept, so that a reorder
// in the portal is not reported as a change.
//
// It also checks, with one read, that a known application_object_id names
// an application, and the rules that depend on its sign-in audience.
func (r *entraRedirectURIsResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	r.clients.planGraphConfig(&resp.Diagnostics)
	if req.Plan.Raw.IsNull() || resp.Diagnostics.HasError() {
		return
	}
	var plan entraRedirectURIsModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	uris, known := plan.desired()
	prior := types.StringNull()
	if !req.State.Raw.IsNull() && !(known && audienceMatters(uris)) {
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("application_object_id"), &prior)...)
	}
	if app := r.clients.applicationAtPlan(ctx, path.Root("application_object_id"), plan.ApplicationObjectID, prior, &resp.Diagnostics); app != nil && known {
		checkRedirectURIsForAudience(uris, app.SignInAudience, &resp.Diagnostics)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	if !known {
		plan.AllRedirectURIs = types.ListUnknown(types.StringType)
	} else {
		if !req.State.Raw.IsNull() {
			var state entraRedirectURIsModel
			resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
			if current, ok := knownStrings(state.AllRedirectURIs); ok && sameMultiset(current, uris) {
				uris = current
			}
		}
		var diags diag.Diagnostics
		plan.AllRedirectURIs, diags = types.ListValueFrom(ctx, types.StringType, uris)
		resp.Diagnostics.Append(diags...)
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

func (r *entraRedirectURIsResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.clients = configureClients(req.ProviderData, &resp.Diagnostics)
}

func (r *entraRedirectURIsResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan entraRedirectURIsModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	ctx, cancel, graph := r.clients.graphWithin(ctx, plan.Timeouts.Create, 10*time.Minute, &resp.Diagnostics)
	defer cancel()
	if graph == nil {
		return
	}
	objectID := plan.ApplicationObjectID.ValueString()
	uris := plan.toWrite()
	// Taking over a list someone else wrote would silently delete their URIs:
	// the claim adopts it only when it already is what the plan says, checked
	// under the application's lock; else the user is asked to import, whose
	// plan shows the difference.
	err := graph.ClaimRedirectURIs(ctx, objectID, uris)
	var taken *entra.SliceTakenError
	switch {
	case errors.As(err, &taken):
		resp.Diagnostics.AddError(fmt.Sprintf("Setting redirect URIs of application %s", objectID),
			fmt.Sprintf("The application already has redirect URIs that this configuration does not list: %s. This resource manages the whole list, "+
				"so it does not take over a list it did not write. Import it (terraform import <address> %s%s) and the next plan shows what would change, "+
				"or remove the URIs in the portal.", strings.Join(taken.Current, ", "), objectID, redirectURIsIDSuffix))
		return
	case err != nil:
		addGraphError(&resp.Diagnostics, fmt.Sprintf("Setting redirect URIs of application %s", objectID), err)
		return
	}
	plan.ID = types.StringValue(objectID + redirectURIsIDSuffix)
	resp.Diagnostics.Append(plan.flatten(ctx, uris)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *entraRedirectURIsResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state entraRedirectURIsModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	ctx, cancel, graph := r.clients.graphWithin(ctx, state.Timeouts.Read, 5*time.Minute, &resp.Diagnostics)
	defer cancel()
	if graph == nil {
		return
	}
	objectID := state.ApplicationObjectID.ValueString()
	app, err := graph.GetApplication(ctx, objectID)
	if entra.IsNotFound(err) {
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		addGraphError(&resp.Diagnostics, fmt.Sprintf("Reading redirect URIs of application %s", objectID), err)
		return
	}
	state.ID = types.StringValue(objectID + redirectURIsIDSuffix)
	resp.Diagnostics.Append(state.flatten(ctx, app.Web.RedirectURIs)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *entraRedirectURIsResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan entraRedirectURIsModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	ctx, cancel, graph := r.clients.graphWithin(ctx, plan.Timeouts.Update, 10*time.Minute, &resp.Diagnostics)
	defer cancel()
	if graph == nil {
		return
	}
	objectID := plan.ApplicationObjectID.ValueString()
	uris := plan.toWrite()
	if err := graph.SetRedirectURIs(ctx, objectID, uris); err != nil {
		addGraphError(&resp.Diagnostics, fmt.Sprintf("Setting redirect URIs of application %s", objectID), err)
		return
	}
	resp.Diagnostics.Append(plan.flatten(ctx, uris)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// Delete empties the list. An application that is already gone is success;
// checking first matters because SetRedirectURIs waits out 404s as lag.
func (r *entraRedirectURIsResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state entraRedirectURIsModel
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
	if err := graph.SetRedirectURIs(ctx, objectID, nil); err != nil {
		addGraphError(&resp.Diagnostics, fmt.Sprintf("Removing redirect URIs of application %s", objectID), err)
	}
}

func (r *entraRedirectURIsResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	objectID, ok := strings.CutSuffix(req.ID, redirectURIsIDSuffix)
	if !ok || !validators.IsGUID(objectID) {
		resp.Diagnostics.AddError(fmt.Sprintf("Importing redirect URIs %q", req.ID),
			"The import id is the application's object id followed by /web, e.g. 1f0c5a2e-7b1d-4c3a-9e8f-0a1b2c3d4e5f/web.")
		return
	}
	// Graph spells ids in lower case; so does the application's object_id,
	// which the configuration compares this attribute with.
	if objectID = strings.ToLower(r.clients.importedApplication(ctx, req.ID, objectID, redirectURIsIDSuffix, &resp.Diagnostics)); objectID == "" {
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), objectID+redirectURIsIDSuffix)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("application_object_id"), objectID)...)
}

// desired returns the URIs the configuration asks for, regions first in
// the documented order and then the others sorted, and whether all are
// known yet.
func (m entraRedirectURIsModel) desired() ([]string, bool) {
	regions, regionsKnown := knownStrings(m.UnifiedRegions)
	extras, extrasKnown := knownStrings(m.RedirectURIs)
	uris := []string{}
	for _, reg := range unified.Regions() {
		if slices.Contains(regions, string(reg)) {
			uris = append(uris, regionRedirectURI(reg))
		}
	}
	slices.Sort(extras)
	return append(uris, extras...), regionsKnown && extrasKnown
}

// toWrite is the list apply writes: the plan's all_redirect_uris, whose
// order ModifyPlan chose.
func (m entraRedirectURIsModel) toWrite() []string {
	if uris, ok := knownStrings(m.AllRedirectURIs); ok && !m.AllRedirectURIs.IsNull() {
		return uris
	}
	uris, _ := m.desired()
	return uris
}

// flatten sorts Graph's list back into the two inputs: a region's URI, as
// this provider writes it, becomes the region; anything else, including a
// near miss, stays a URI so that it shows in the plan.
func (m *entraRedirectURIsModel) flatten(ctx context.Context, uris []string) diag.Diagnostics {
	var regions, others []string
	for _, uri := range uris {
		if reg, ok := regionOfRedirectURI(uri); ok {
			regions = append(regions, string(reg))
		} else {
			others = append(others, uri)
		}
	}
	var diags, d diag.Diagnostics
	m.UnifiedRegions, d = stringSetOrNull(ctx, regions)
	diags.Append(d...)
	m.RedirectURIs, d = stringSetOrNull(ctx, others)
	diags.Append(d...)
	if uris == nil {
		uris = []string{}
	}
	m.AllRedirectURIs, d = types.ListValueFrom(ctx, types.StringType, uris)
	diags.Append(d...)
	return diags
}

// stringCollection is a types.Set or types.List of strings.
type stringCollection interface {
	IsNull() bool
	IsUnknown() bool
	Elements() []attr.Value
}

// knownStrings returns the strings of a set or list, and false when it or
// one of its elements is not known yet. Null is known and empty.
func knownStrings(c stringCollection) ([]string, bool) {
	if c.IsUnknown() {
		return nil, false
	}
	var out []string
	for _, e := range c.Elements() {
		s, ok := e.(types.String)
		if !ok || s.IsUnknown() {
			return nil, false
		}
		if !s.IsNull() {
			out = append(out, s.ValueString())
		}
	}
	return out, true
}

// sameMultiset compares two lists ignoring order but not repetition.
func sameMultiset(a, b []string) bool {
	return slices.Equal(slices.Sorted(slices.Values(a)), slices.Sorted(slices.Values(b)))
}
