package provider

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/entra"
	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/unified"
)

// This file is the third way to supply the secret: the provider mints it
// with Graph's addPassword and hands it to Unified.to in the same
// operation, so its value is kept in no state, plan, log or output. State
// keeps the key id, hint, display name and dates. Rotation runs: add the
// new secret, wait until Graph's reads agree (AddPassword does), write it to
// Unified.to and confirm (the PUT's answer), and only then remove the old
// one. docs/design/unified-workspace-integration.md, "Minted secrets".

const (
	defaultMintedSecretName     = "Unified.to"
	defaultMintedSecretLifetime = 8760 * time.Hour
)

// entraSecretModel is the entra_client_secret block.
type entraSecretModel struct {
	ApplicationObjectID types.String `tfsdk:"application_object_id"`
	DisplayName         types.String `tfsdk:"display_name"`
	EndDateRelative     types.String `tfsdk:"end_date_relative"`
	RenewBefore         types.String `tfsdk:"renew_before"`
	RotateWhenChanged   types.Map    `tfsdk:"rotate_when_changed"`
	KeyID               types.String `tfsdk:"key_id"`
	Hint                types.String `tfsdk:"hint"`
	StartDate           types.String `tfsdk:"start_date"`
	EndDate             types.String `tfsdk:"end_date"`
}

var entraSecretAttrTypes = map[string]attr.Type{
	"application_object_id": types.StringType, "display_name": types.StringType, "end_date_relative": types.StringType,
	"renew_before": types.StringType, "rotate_when_changed": types.MapType{ElemType: types.StringType},
	"key_id": types.StringType, "hint": types.StringType, "start_date": types.StringType, "end_date": types.StringType,
}

func entraSecretBlock() schema.Block {
	keep := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	return schema.SingleNestedBlock{
		MarkdownDescription: "Let the provider mint the client secret (Graph `addPassword` on the Entra application) and hand it to Unified.to " +
			"in the same operation: the secret's value is kept in no state, plan, log or output, only its key id, hint and dates. " +
			"The third choice beside `client_secret` and `client_secret_wo`. Rotation (expiry within `renew_before`, a change of " +
			"`rotate_when_changed`) adds the new secret, waits for Graph, writes it to Unified.to, and only then removes the old one.",
		Attributes: map[string]schema.Attribute{
			"application_object_id": schema.StringAttribute{Optional: true,
				MarkdownDescription: "Required in the block: the Entra application's **object** id, `unifiedto_entra_application.<name>.object_id`."},
			"display_name": schema.StringAttribute{Optional: true,
				MarkdownDescription: "The secret's description in Entra; default `Unified.to`."},
			"end_date_relative": schema.StringAttribute{Optional: true,
				MarkdownDescription: "The secret's lifetime, a Go duration such as `8760h` (the default, one year)."},
			"renew_before": schema.StringAttribute{Optional: true,
				MarkdownDescription: "Rotate when the secret expires within this duration, e.g. `720h`; the plan shows it."},
			"rotate_when_changed": schema.MapAttribute{ElementType: types.StringType, Optional: true,
				MarkdownDescription: "Arbitrary keys and values; a change rotates the secret."},
			"key_id":     schema.StringAttribute{Computed: true, PlanModifiers: keep, MarkdownDescription: "The current secret's key id."},
			"hint":       schema.StringAttribute{Computed: true, PlanModifiers: keep, MarkdownDescription: "The first characters of the current secret, as Entra shows them."},
			"start_date": schema.StringAttribute{Computed: true, PlanModifiers: keep, MarkdownDescription: "When the current secret became valid (RFC 3339)."},
			"end_date":   schema.StringAttribute{Computed: true, PlanModifiers: keep, MarkdownDescription: "When the current secret expires (RFC 3339)."},
		},
	}
}

// mintedSecret returns the block, or nil when it is absent.
func (m workspaceIntegrationModel) mintedSecret(ctx context.Context) (*entraSecretModel, diag.Diagnostics) {
	if m.EntraClientSecret.IsNull() || m.EntraClientSecret.IsUnknown() {
		return nil, nil
	}
	var b entraSecretModel
	diags := m.EntraClientSecret.As(ctx, &b, basetypes.ObjectAsOptions{})
	return &b, diags
}

// secretMarker ties the minted secrets to this integration on this
// application: the same on every apply of it, so that after a crash the
// next apply finds the secrets it made but no state records. The Unified.to
// API URL and workspace id are part of it, so that two integrations of the
// same type and environment in different workspaces or regions (provider
// aliases) on one application never remove each other's secret
// (docs/design/graph-secrets.md, "Markers").
func secretMarker(client *unified.Client, integrationType, env, objectID string) string {
	return entra.NewMarker("workspace_integration", strings.TrimRight(client.APIURL(), "/"), client.WorkspaceID(),
		integrationType, env, strings.ToLower(objectID))
}

// validateMintedSecret checks the block offline.
func validateMintedSecret(b *entraSecretModel) diag.Diagnostics {
	var diags diag.Diagnostics
	p := path.Root("entra_client_secret")
	if b.ApplicationObjectID.IsNull() {
		diags.AddAttributeError(p.AtName("application_object_id"), "Missing application_object_id",
			"The entra_client_secret block needs the Entra application's object id: unifiedto_entra_application.<name>.object_id.")
	}
	for name, v := range map[string]types.String{"end_date_relative": b.EndDateRelative, "renew_before": b.RenewBefore} {
		if v.IsNull() || v.IsUnknown() {
			continue
		}
		if d, err := time.ParseDuration(v.ValueString()); err != nil || d <= 0 {
			diags.AddAttributeError(p.AtName(name), "Invalid duration", fmt.Sprintf("%q is not a positive Go duration such as \"8760h\".", v.ValueString()))
		}
	}
	return diags
}

// planRotation decides at plan time whether the minted secret must be
// rotated, and marks the secret's computed attributes unknown if so.
func planRotation(ctx context.Context, plan, state *entraSecretModel, now time.Time) (rotate bool, warning string) {
	switch {
	case state == nil || state.KeyID.IsNull():
		rotate = true
	case !plan.ApplicationObjectID.Equal(state.ApplicationObjectID), !plan.RotateWhenChanged.Equal(state.RotateWhenChanged),
		!plan.EndDateRelative.Equal(state.EndDateRelative), !plan.DisplayName.Equal(state.DisplayName):
		rotate = true
	default:
		end, err := time.Parse(time.RFC3339, state.EndDate.ValueString())
		before, _ := time.ParseDuration(plan.RenewBefore.ValueString())
		if err == nil && !now.Add(before).Before(end) {
			rotate = true
			warning = fmt.Sprintf("The client secret %s expires at %s, within renew_before: this apply rotates it.", state.KeyID.ValueString(), end.Format(time.RFC3339))
		}
	}
	if rotate {
		plan.KeyID, plan.Hint, plan.StartDate, plan.EndDate = types.StringUnknown(), types.StringUnknown(), types.StringUnknown(), types.StringUnknown()
	} else {
		plan.KeyID, plan.Hint, plan.StartDate, plan.EndDate = state.KeyID, state.Hint, state.StartDate, state.EndDate
	}
	return rotate, warning
}

// mint adds a new secret, marked, and returns it once Graph's reads agree.
func mint(ctx context.Context, graph *entra.Client, b *entraSecretModel, marker string) (*entra.PasswordCredential, error) {
	lifetime := defaultMintedSecretLifetime
	if d, err := time.ParseDuration(b.EndDateRelative.ValueString()); err == nil && !b.EndDateRelative.IsNull() {
		lifetime = d
	}
	name := defaultMintedSecretName
	if !b.DisplayName.IsNull() {
		name = b.DisplayName.ValueString()
	}
	now := time.Now().UTC()
	return graph.AddPassword(ctx, b.ApplicationObjectID.ValueString(), entra.PasswordInput{DisplayName: name, Marker: marker, Start: now, End: now.Add(lifetime)})
}

// record puts a minted secret's public facts into the block; never its value.
func (b *entraSecretModel) record(pc *entra.PasswordCredential) {
	b.KeyID = types.StringValue(pc.KeyID)
	b.Hint = types.StringValue(pc.Hint)
	b.StartDate = types.StringValue(pc.Start.Format(time.RFC3339))
	b.EndDate = types.StringValue(pc.End.Format(time.RFC3339))
}

// objectValue renders the block for the model.
func (b *entraSecretModel) objectValue() (types.Object, diag.Diagnostics) {
	return types.ObjectValue(entraSecretAttrTypes, map[string]attr.Value{
		"application_object_id": b.ApplicationObjectID, "display_name": b.DisplayName, "end_date_relative": b.EndDateRelative,
		"renew_before": b.RenewBefore, "rotate_when_changed": b.RotateWhenChanged,
		"key_id": b.KeyID, "hint": b.Hint, "start_date": b.StartDate, "end_date": b.EndDate,
	})
}

// writeWithMintedSecret runs the hand-off: mint a new secret, let write
// give it to Unified.to, and only once Unified.to confirmed, remove every
// other secret of the marker (the previous one, and any a crashed apply
// left). When Unified.to definitely refused the write (write reports
// lost false), the new secret is removed again and the old one stays, in
// Entra and in Unified.to. When the answer may be lost (a 5xx, the network,
// the deadline), Unified.to may hold the new secret and no longer the old
// one, so both stay: the new one carries the marker, and the next apply,
// which rotates again, removes it with the old one once Unified.to
// confirmed the newest.
//
// written reports whether Unified.to confirmed the new secret: the caller
// then records it in state, even when removing the others failed. That
// failure is an error in a rotation (the previous secret still works in
// Entra, which a rotation is there to end) and a warning in a create (what
// is left is only what a crashed apply made); either way the next refresh
// sees the extra secrets and plans a rotation, whose apply removes them.
func writeWithMintedSecret(ctx context.Context, graph *entra.Client, b *entraSecretModel, marker string, rotating bool,
	write func(secret string) (diags diag.Diagnostics, lost bool)) (diags diag.Diagnostics, written bool) {
	objectID := b.ApplicationObjectID.ValueString()
	summary := fmt.Sprintf("Minting a client secret on application %s for Unified.to", objectID)
	pc, err := mint(ctx, graph, b, marker)
	if err != nil {
		if pc == nil || pc.KeyID == "" {
			addGraphError(&diags, summary, err)
			return diags, false
		}
		// Added, but Graph's reads never agreed on it before the deadline:
		// it is not handed to Unified.to, which keeps the secret it holds.
		// Removing it is best effort (the deadline has usually passed); it
		// carries the marker, so the next refresh finds it and plans the
		// rotation whose apply removes it.
		_ = graph.RemovePassword(ctx, objectID, pc.KeyID)
		keeps := "Unified.to was not changed."
		if rotating {
			keeps = "Unified.to still holds the previous secret, which still works in Entra, and state still records it."
		}
		diags.AddError(summary, fmt.Sprintf("The new client secret %s was added in Entra, but the wait for Graph's reads to agree on it "+
			"did not end in agreement, so it was not written to Unified.to. %s If the unconfirmed secret is still in Entra, it carries this "+
			"integration's marker, and the next apply, which tries again, removes it. If Graph replicates slowly, raise the resource's timeouts. %s",
			pc.KeyID, keeps, graphErrorDetail(err)))
		return diags, false
	}
	secret := pc.SecretText
	pc.SecretText = ""
	ds, lost := write(secret)
	diags.Append(ds...)
	if diags.HasError() && lost {
		tflog.Warn(ctx, "Unified.to's answer to the new client secret was lost; keeping it in Entra, the next apply rotates again and removes the extra one", map[string]any{"key_id": pc.KeyID})
		return diags, false
	}
	if diags.HasError() {
		if err := graph.RemovePassword(ctx, objectID, pc.KeyID); err != nil {
			tflog.Warn(ctx, "Removing the new client secret after Unified.to refused it failed; the next apply removes it (it carries this resource's marker)", map[string]any{"key_id": pc.KeyID})
		}
		return diags, false
	}
	b.record(pc)
	removed, err := graph.RemoveUntrackedPasswords(ctx, objectID, marker, pc.KeyID)
	if len(removed) > 0 {
		tflog.Info(ctx, fmt.Sprintf("Removed %d earlier client secrets of this integration from application %s", len(removed), objectID), map[string]any{"key_ids": removed})
	}
	if err != nil {
		what, then := "Removing the earlier client secrets", "they are what an interrupted earlier apply left"
		if rotating {
			what, then = "Removing the previous client secret", "the previous secret still works in Entra"
		}
		detail := fmt.Sprintf("Unified.to holds the new client secret (key id %s), and state records it, but removing the other secrets of this integration "+
			"from application %s failed, so %s. The next plan shows a rotation of the secret; its apply removes them once Unified.to holds the newest. %s",
			pc.KeyID, objectID, then, graphErrorDetail(err))
		if rotating {
			diags.AddError(what, detail)
		} else {
			diags.AddWarning(what, detail)
		}
	}
	return diags, true
}

// removeMintedSecrets removes, on destroy, every secret of the marker.
func removeMintedSecrets(ctx context.Context, graph *entra.Client, b *entraSecretModel, marker string) diag.Diagnostics {
	var diags diag.Diagnostics
	if _, err := graph.RemoveUntrackedPasswords(ctx, b.ApplicationObjectID.ValueString(), marker); err != nil && !entra.IsNotFound(err) {
		addGraphError(&diags, fmt.Sprintf("Removing the client secrets of application %s", b.ApplicationObjectID.ValueString()), err)
	}
	return diags
}

// refreshMintedSecret compares the tracked secret with what Entra holds
// (one cached read of the application per refresh) and forgets the key id
// when the next apply must rotate: the secret was removed outside
// Terraform, another secret carries this marker (left by an interrupted or
// unanswered rotation), or the application is gone. planRotation plans a
// rotation for a null key id, so the plan shows it and the apply's cleanup
// leaves one secret, the one Unified.to holds.
func refreshMintedSecret(ctx context.Context, graph *entra.Client, b *entraSecretModel, marker string) diag.Diagnostics {
	var diags diag.Diagnostics
	objectID := b.ApplicationObjectID.ValueString()
	if objectID == "" || b.KeyID.IsNull() {
		return diags
	}
	app, err := graph.GetApplication(ctx, objectID)
	if err != nil && !entra.IsNotFound(err) {
		diags.AddWarning(fmt.Sprintf("Checking the client secret on application %s", objectID),
			"Could not read the application's secrets; the plan cannot tell whether the minted secret still exists: "+graphErrorDetail(err))
		return diags
	}
	tracked, others := false, 0
	if app != nil {
		for _, pc := range app.PasswordCredentials {
			switch {
			case strings.EqualFold(pc.KeyID, b.KeyID.ValueString()):
				tracked = true
			case pc.Marker == marker:
				others++
			}
		}
	}
	if !tracked || others > 0 {
		tflog.Info(ctx, "The minted client secret must rotate: Entra no longer holds it, holds extra secrets of this integration, or the application is gone",
			map[string]any{"key_id": b.KeyID.ValueString(), "tracked": tracked, "extra": others, "application_found": app != nil})
		b.KeyID = types.StringNull()
	}
	return diags
}

// writeCredential runs write (the Unified.to create or update) for Create and
// Update alike: with a secret freshly minted in Entra when mint is set, its
// new key id, hint and dates then kept in plan; with none otherwise ("",
// which keeps the secret Unified.to holds, or sends the configured one).
// rotating says that a secret minted earlier is being replaced. written
// reports whether Unified.to confirmed the write: the caller records the
// plan then, even alongside an error (see writeWithMintedSecret).
func (r *workspaceIntegrationResource) writeCredential(ctx context.Context, client *unified.Client, integrationType, env string,
	plan *workspaceIntegrationModel, mint *entraSecretModel, rotating bool, write func(secret string) (diag.Diagnostics, bool)) (diags diag.Diagnostics, written bool) {
	if mint == nil {
		diags, _ = write("")
		return diags, !diags.HasError()
	}
	graph, diags := r.clients.Graph(ctx)
	if diags.HasError() {
		return diags, false
	}
	ds, written := writeWithMintedSecret(ctx, graph, mint, secretMarker(client, integrationType, env, mint.ApplicationObjectID.ValueString()), rotating, write)
	diags.Append(ds...)
	obj, ds := mint.objectValue()
	diags.Append(ds...)
	plan.EntraClientSecret = obj
	return diags, written && !ds.HasError()
}
