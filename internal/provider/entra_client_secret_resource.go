package provider

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/entra"
)

var (
	_ resource.Resource                   = (*entraClientSecretResource)(nil)
	_ resource.ResourceWithConfigure      = (*entraClientSecretResource)(nil)
	_ resource.ResourceWithImportState    = (*entraClientSecretResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*entraClientSecretResource)(nil)
	_ resource.ResourceWithValidateConfig = (*entraClientSecretResource)(nil)
)

// NewEntraClientSecretResource is the client secret of the guide's third
// step: the one a person would otherwise copy from the portal before it
// disappears.
func NewEntraClientSecretResource() resource.Resource { return &entraClientSecretResource{} }

type entraClientSecretResource struct{ clients *clients }

type entraClientSecretModel struct {
	ID                  types.String   `tfsdk:"id"`
	ApplicationObjectID types.String   `tfsdk:"application_object_id"`
	DisplayName         types.String   `tfsdk:"display_name"`
	EndDate             types.String   `tfsdk:"end_date"`
	EndDateRelative     types.String   `tfsdk:"end_date_relative"`
	RotateWhenChanged   types.Map      `tfsdk:"rotate_when_changed"`
	RenewBefore         types.String   `tfsdk:"renew_before"`
	KeyID               types.String   `tfsdk:"key_id"`
	Value               types.String   `tfsdk:"value"`
	Hint                types.String   `tfsdk:"hint"`
	StartDate           types.String   `tfsdk:"start_date"`
	Timeouts            timeouts.Value `tfsdk:"timeouts"`
}

// clientSecretGUID matches the object ids and key ids Graph uses.
var clientSecretGUID = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

func (r *entraClientSecretResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_entra_client_secret"
}

func (r *entraClientSecretResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	// Secrets cannot be changed in Graph, only added and removed: every input
	// but renew_before replaces the secret, and the computed values stay
	// put until then.
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	computed := func(desc string, sensitive bool) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, Sensitive: sensitive, MarkdownDescription: desc,
			PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "A client secret (a `passwordCredential`) of a Microsoft Entra ID application, as Unified.to needs to sign your customers in. " +
			"Microsoft Graph shows a secret's value only once, when it is created: this resource keeps it in state as the sensitive `value`.\n\n" +
			"Secrets cannot be edited, so changing any argument except `renew_before` and `timeouts` replaces the secret. " +
			"**Rotation:** a change to `rotate_when_changed` (for example the id of a `time_rotating`) replaces the secret, and so does a secret that has expired " +
			"or is within `renew_before` of its end date at the next plan (with a warning naming the date). " +
			"Set `lifecycle { create_before_destroy = true }` so that the new secret is added, and handed on to Unified.to, before the old one is removed: " +
			"there is then a valid secret at every moment.\n\n" +
			"**Import** takes `<application object id>/<key id>`. The value cannot be read back from Microsoft Graph, so after an import `value` is null; " +
			"`end_date_relative`, `renew_before` and `rotate_when_changed` are not stored in Graph either and stay null until set in configuration " +
			"(setting `end_date_relative` or `rotate_when_changed` then replaces the secret).",
		Attributes: map[string]schema.Attribute{
			"id": computed("`<application object id>/<key id>`.", false),
			"application_object_id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Object id of the application (`unifiedto_entra_application.<name>.object_id`), not its client id.",
				PlanModifiers:       replace,
				Validators: []validator.String{stringvalidator.RegexMatches(clientSecretGUID,
					"must be the application's object id, a GUID such as unifiedto_entra_application.<name>.object_id")},
			},
			"display_name": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Description of the secret shown in the portal, e.g. `unified.to`.",
				PlanModifiers:       replace,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"end_date": schema.StringAttribute{
				Optional: true, Computed: true,
				MarkdownDescription: "When the secret expires, in RFC 3339 (`2027-01-31T00:00:00Z`); must be in the future. " +
					"Computed from `end_date_relative` when that is set, else Microsoft Graph's default of two years. " +
					"A fixed end date is not renewed by `renew_before`: a replacement would expire at the same moment.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace(), stringplanmodifier.UseStateForUnknown()},
				Validators:    []validator.String{rfc3339Validator{}},
			},
			"end_date_relative": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Lifetime of the secret from its creation, as a Go duration with units `h`, `m`, `s` (`8760h` is a year); " +
					"sets `end_date` to the creation time plus this duration. Conflicts with `end_date`.",
				PlanModifiers: replace,
				Validators:    []validator.String{positiveDurationValidator{}, stringvalidator.ConflictsWith(path.MatchRoot("end_date"))},
			},
			"rotate_when_changed": schema.MapAttribute{
				ElementType: types.StringType, Optional: true,
				MarkdownDescription: "Arbitrary values; any change replaces the secret, like the `keepers` of the random provider. " +
					"Put a `time_rotating` resource's id here to rotate on a schedule.",
				PlanModifiers: []planmodifier.Map{mapplanmodifier.RequiresReplace()},
			},
			"renew_before": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Plan a replacement once the secret is this close to its end date, as a Go duration (`720h` is 30 days), " +
					"with a warning naming the date. Must be shorter than the secret's lifetime. Changing it does not replace the secret.",
				Validators: []validator.String{positiveDurationValidator{}},
			},
			"key_id": computed("The secret's key id (a GUID), what Microsoft Graph addresses it by.", false),
			"value": computed("The secret itself. Graph returns it only when the secret is created; this resource keeps it in state from then on, "+
				"and it is null after an import. Pass it on write-only, e.g. to `unifiedto_workspace_integration.client_secret_wo`.", true),
			"hint":       computed("The first three characters of the secret, as the portal shows them.", false),
			"start_date": computed("When the secret became valid, in RFC 3339.", false),
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Read: true, Delete: true}),
		},
	}
}

func (r *entraClientSecretResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.clients = configureClients(req.ProviderData, &resp.Diagnostics)
}

func (r *entraClientSecretResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan entraClientSecretModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, graph := r.clients.graphWithin(ctx, plan.Timeouts.Create, 10*time.Minute, &resp.Diagnostics)
	defer cancel()
	if graph == nil {
		return
	}
	objectID := plan.ApplicationObjectID.ValueString()
	in, err := plan.passwordInput(time.Now())
	if err != nil { // validated at plan time; only an unknown-at-plan value gets here
		resp.Diagnostics.AddError(fmt.Sprintf("Creating client secret for application %s", objectID), err.Error())
		return
	}
	pc, err := graph.AddPassword(ctx, objectID, in)
	if pc != nil && pc.SecretText != "" {
		// Defence in depth: nothing logs the secret, and this makes sure any
		// later log line of this request would show it masked.
		ctx = tflog.MaskAllFieldValuesStrings(tflog.MaskMessageStrings(ctx, pc.SecretText), pc.SecretText)
	}
	if pc != nil && pc.KeyID != "" {
		// Even when waiting for reads to agree failed, the secret exists:
		// record it, so that state tells the truth and Terraform taints it
		// (the next apply replaces it) instead of leaving it orphaned.
		plan.flatten(objectID, pc)
		plan.Value = types.StringValue(pc.SecretText)
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		tflog.Debug(ctx, "Added client secret", map[string]any{"application_object_id": objectID, "key_id": pc.KeyID})
	}
	if err != nil {
		addClientSecretCreateError(&resp.Diagnostics, objectID, in, plan, err)
	}
}

func (r *entraClientSecretResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state entraClientSecretModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, graph := r.clients.graphWithin(ctx, state.Timeouts.Read, 5*time.Minute, &resp.Diagnostics)
	defer cancel()
	if graph == nil {
		return
	}
	objectID, keyID := state.ApplicationObjectID.ValueString(), state.KeyID.ValueString()
	pc, err := graph.GetPassword(ctx, objectID, keyID)
	if entra.IsNotFound(err) {
		// The secret or its application was removed outside Terraform.
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		addGraphError(&resp.Diagnostics, fmt.Sprintf("Reading client secret %s of application %s", keyID, objectID), err)
		return
	}
	// state.Value is left as it is: Graph never returns the secret again.
	state.flatten(objectID, pc)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Update only ever changes renew_before or timeouts: every other argument
// replaces the secret, and neither is stored in Graph.
func (r *entraClientSecretResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan entraClientSecretModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *entraClientSecretResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state entraClientSecretModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, graph := r.clients.graphWithin(ctx, state.Timeouts.Delete, 10*time.Minute, &resp.Diagnostics)
	defer cancel()
	if graph == nil {
		return
	}
	objectID, keyID := state.ApplicationObjectID.ValueString(), state.KeyID.ValueString()
	// RemovePassword waits until reads agree the secret is gone, and treats
	// an already removed secret or application as success.
	if err := graph.RemovePassword(ctx, objectID, keyID); err != nil {
		detail := graphErrorDetail(err)
		if errors.Is(err, entra.ErrNotConverged) {
			detail += "\n\nMicrosoft Graph accepted the removal, but its reads still showed the secret when the timeout ran out; it is most likely " +
				"gone within minutes. Running the operation again is safe. Raise timeouts.delete if this recurs."
		}
		resp.Diagnostics.AddError(fmt.Sprintf("Removing client secret %s of application %s", keyID, objectID), detail)
		return
	}
	removeOlderUntracked(ctx, graph, state)
}

// ImportState takes "<application object id>/<key id>"; Read fills in the
// rest, except the value, which Graph never returns.
func (r *entraClientSecretResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	objectID, keyID, ok := strings.Cut(req.ID, "/")
	if !ok || !clientSecretGUID.MatchString(objectID) || !clientSecretGUID.MatchString(keyID) {
		resp.Diagnostics.AddError(fmt.Sprintf("Importing client secret %q", req.ID),
			"The import id must be \"<application object id>/<key id>\", two GUIDs separated by a slash, e.g. "+
				"\"00000000-0000-0000-0000-000000000000/11111111-1111-1111-1111-111111111111\". "+
				"The portal shows the object id on the application's Overview page and the key id as \"Secret ID\" under Certificates & secrets.")
		return
	}
	// Graph's GUIDs are lower case; an upper-case paste would never equal
	// the application's object_id and would force a replacement.
	objectID, keyID = strings.ToLower(objectID), strings.ToLower(keyID)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), objectID+"/"+keyID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("application_object_id"), objectID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("key_id"), keyID)...)
}

// passwordInput is what Create asks Graph for. end_date_relative counts
// from now, the moment of creation, so the end date really is creation
// time plus the duration; Graph sets the start itself.
func (m entraClientSecretModel) passwordInput(now time.Time) (entra.PasswordInput, error) {
	in := entra.PasswordInput{DisplayName: m.DisplayName.ValueString(), Marker: m.marker()}
	switch {
	case !m.EndDateRelative.IsNull() && !m.EndDateRelative.IsUnknown():
		d, err := parsePositiveDuration(m.EndDateRelative.ValueString())
		if err != nil {
			return in, fmt.Errorf("end_date_relative: %w", err)
		}
		// Whole seconds: the end date then reads cleanly in state and plans.
		in.End = now.Add(d).UTC().Truncate(time.Second)
	case !m.EndDate.IsNull() && !m.EndDate.IsUnknown():
		end, err := time.Parse(time.RFC3339, m.EndDate.ValueString())
		if err != nil {
			return in, fmt.Errorf("end_date: %w", err)
		}
		in.End = end.UTC()
	}
	return in, nil
}

// flatten copies what Graph says into the model, except the value.
// Timestamps already in the model are kept when they are the same instant,
// so that a configured end_date written with an offset ("+02:00") does
// not show as a change after Graph answers in UTC.
func (m *entraClientSecretModel) flatten(objectID string, pc *entra.PasswordCredential) {
	m.ID = types.StringValue(objectID + "/" + pc.KeyID)
	m.ApplicationObjectID = types.StringValue(objectID)
	m.KeyID = types.StringValue(pc.KeyID)
	m.DisplayName = nullIfEmpty(pc.DisplayName)
	m.Hint = nullIfEmpty(pc.Hint)
	if m.Hint.IsNull() && len(pc.SecretText) >= 3 {
		m.Hint = types.StringValue(pc.SecretText[:3])
	}
	m.StartDate = sameInstantOr(m.StartDate, pc.Start)
	m.EndDate = sameInstantOr(m.EndDate, pc.End)
}

// sameInstantOr returns current when it is a timestamp for the same moment
// as t, else t in RFC 3339 UTC (null for the zero time). Graph keeps 100 ns
// and may round; within a second is the same expiry for every purpose.
func sameInstantOr(current types.String, t time.Time) types.String {
	if t.IsZero() {
		return types.StringNull()
	}
	if !current.IsNull() && !current.IsUnknown() {
		if c, err := time.Parse(time.RFC3339, current.ValueString()); err == nil && c.Sub(t).Abs() < time.Second {
			return current
		}
	}
	return types.StringValue(t.UTC().Format(time.RFC3339Nano))
}
