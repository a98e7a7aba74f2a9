package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/suggest"
	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/unified"
)

// ValidateConfig checks, offline: exactly one way to pass the secret, the
// version that makes a write-only secret's rotation visible, and the
// permission names (against Unified.to's published list).
func (r *workspaceIntegrationResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var cfg workspaceIntegrationModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	plain, wo, version := !cfg.ClientSecret.IsNull(), !cfg.ClientSecretWO.IsNull(), !cfg.ClientSecretWOVersion.IsNull()
	minted, diags := cfg.mintedSecret(ctx)
	resp.Diagnostics.Append(diags...)
	if minted != nil {
		resp.Diagnostics.Append(validateMintedSecret(minted)...)
	}
	switch {
	case minted != nil && (plain || wo || version):
		resp.Diagnostics.AddAttributeError(path.Root("entra_client_secret"), "Two client secrets",
			"With the entra_client_secret block the provider mints the secret itself: leave out client_secret, client_secret_wo and client_secret_wo_version.")
	case minted != nil:
	case plain && wo:
		resp.Diagnostics.AddAttributeError(path.Root("client_secret_wo"), "Two client secrets",
			"Set either client_secret or client_secret_wo, not both: client_secret is kept in state, client_secret_wo is not.")
	case !plain && !wo:
		resp.Diagnostics.AddAttributeError(path.Root("client_secret"), "Missing client secret",
			"Add an entra_client_secret block (the provider mints the secret and keeps its value nowhere), or set client_secret_wo "+
				"(write-only, Terraform 1.11 and later) with client_secret_wo_version, or client_secret.")
	case plain && version:
		resp.Diagnostics.AddAttributeError(path.Root("client_secret_wo_version"), "client_secret_wo_version without client_secret_wo",
			"client_secret_wo_version only matters with client_secret_wo; a change of client_secret is already visible to Terraform.")
	case wo && !version:
		resp.Diagnostics.AddAttributeError(path.Root("client_secret_wo_version"), "client_secret_wo without client_secret_wo_version",
			"Terraform cannot see a write-only value change, so without client_secret_wo_version a rotated secret would never reach Unified.to. "+
				"Set it to a value that changes with the secret, such as unifiedto_entra_client_secret.<name>.key_id.")
	}
	resp.Diagnostics.Append(checkPermissionNames(ctx, path.Root("permissions"), cfg.Permissions)...)
	if !cfg.ScopeOverrides.IsNull() && !cfg.ScopeOverrides.IsUnknown() {
		for name := range cfg.ScopeOverrides.Elements() {
			resp.Diagnostics.Append(checkPermissionName(path.Root("scope_overrides").AtMapKey(name), name)...)
		}
	}
}

// checkPermissionNames checks every known element of a set of permissions.
func checkPermissionNames(ctx context.Context, p path.Path, set types.Set) diag.Diagnostics {
	var diags diag.Diagnostics
	if set.IsNull() || set.IsUnknown() {
		return diags
	}
	for _, v := range set.Elements() {
		if s, ok := v.(types.String); ok && !s.IsUnknown() && !s.IsNull() {
			diags.Append(checkPermissionName(p.AtSetValue(s), s.ValueString())...)
		}
	}
	return diags
}

func checkPermissionName(p path.Path, name string) diag.Diagnostics {
	var diags diag.Diagnostics
	if unified.IsPermission(name) {
		return diags
	}
	detail := fmt.Sprintf("%q is not one of Unified.to's published permission scopes.", name)
	if strings.Contains(name, ",") {
		detail += " List each permission as its own element."
	} else if close := suggest.Near(name, unified.Permissions(), 5); len(close) > 0 {
		detail += " Did you mean " + strings.Join(close, ", ") + "?"
	}
	detail += " They are named <category>_<object>_<read|write>, e.g. crm_contact_read, crm_deal_write."
	diags.AddAttributeError(p, "Unknown Unified.to permission", detail)
	return diags
}

// ModifyPlan checks at plan time, with one read-only request each, what
// only the service can tell: that the integration type is in the catalogue
// and that the environment exists, so that a typo fails before any Entra or
// Unified.to write. They run when the value is new (create, replacement),
// never on a no-change plan. It also marks categories unknown when the
// permissions they derive from change.
func (r *workspaceIntegrationResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	var plan, state workspaceIntegrationModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	creating := req.State.Raw.IsNull()
	if !creating {
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	if !creating {
		categories := state.Categories
		if !plan.Permissions.Equal(state.Permissions) {
			categories = types.SetUnknown(types.StringType)
		}
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("categories"), categories)...)
	}
	resp.Diagnostics.Append(planMintedSecret(ctx, plan, state, creating, resp)...)
	if r.clients == nil {
		return
	}
	if !plan.EntraClientSecret.IsNull() {
		r.checkMintingAtPlan(ctx, plan, state, creating, &resp.Diagnostics)
	}
	checkType := known(plan.IntegrationType) && (creating || !plan.IntegrationType.Equal(state.IntegrationType))
	checkEnv := known(plan.Environment) && (creating || !plan.Environment.Equal(state.Environment))
	if !checkType && !checkEnv {
		return
	}
	client, diags := r.clients.Unified(ctx)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	if checkEnv {
		resp.Diagnostics.Append(checkEnvironment(ctx, client, plan.Environment.ValueString())...)
	}
	if checkType {
		resp.Diagnostics.Append(checkIntegrationType(ctx, client, plan.IntegrationType.ValueString(), plan.Environment.ValueString())...)
	}
}

func known(v types.String) bool { return !v.IsNull() && !v.IsUnknown() }

// checkEnvironment refuses an environment the workspace lacks
// (GET /unified/environment), with suggestions.
func checkEnvironment(ctx context.Context, client *unified.Client, env string) diag.Diagnostics {
	var diags diag.Diagnostics
	envs, err := client.Environments(ctx)
	switch {
	case err != nil:
		diags.AddError(fmt.Sprintf("Checking Unified.to environment %q", env), unifiedErrorDetail(client, err, unified.ManualStepInput{}))
	case !slices.Contains(envs, env):
		detail := fmt.Sprintf("The workspace has no environment %q; it has %s.", env, strings.Join(envs, ", "))
		if close := suggest.Near(env, envs, 3); len(close) > 0 {
			detail += " Did you mean " + strings.Join(close, ", ") + "?"
		}
		detail += " Create it in the Unified.to dashboard, or with POST /unified/environment."
		diags.AddAttributeError(path.Root("environment"), "Unknown Unified.to environment", detail)
	}
	return diags
}

// checkIntegrationType refuses a type outside the catalogue
// (GET /unified/integration?type=), with suggestions.
func checkIntegrationType(ctx context.Context, client *unified.Client, integrationType, env string) diag.Diagnostics {
	var diags diag.Diagnostics
	_, err := client.LookupIntegration(ctx, integrationType, env)
	switch {
	case unified.IsNotFound(err):
		detail := fmt.Sprintf("Unified.to has no integration %q.", integrationType)
		if all, listErr := client.ListIntegrations(ctx, unified.ListIntegrationsInput{Env: env, Summary: true}); listErr == nil {
			names := make([]string, len(all))
			for i, in := range all {
				names[i] = in.Type
			}
			if close := suggest.Near(integrationType, names, 5); len(close) > 0 {
				detail += " Did you mean " + strings.Join(close, ", ") + "?"
			}
		}
		detail += " The unifiedto_integrations data source lists the integrations available to the workspace."
		diags.AddAttributeError(path.Root("integration_type"), "Unknown Unified.to integration type", detail)
	case err != nil:
		diags.AddError(fmt.Sprintf("Checking Unified.to integration type %q", integrationType), unifiedErrorDetail(client, err, unified.ManualStepInput{}))
	}
	return diags
}

// planMintedSecret decides whether the minted secret rotates, and shows it
// in the plan (its key id and dates become unknown).
func planMintedSecret(ctx context.Context, plan, state workspaceIntegrationModel, creating bool, resp *resource.ModifyPlanResponse) diag.Diagnostics {
	var diags diag.Diagnostics
	planned, ds := plan.mintedSecret(ctx)
	diags.Append(ds...)
	if planned == nil || diags.HasError() {
		return diags
	}
	var prior *entraSecretModel
	if !creating {
		prior, ds = state.mintedSecret(ctx)
		diags.Append(ds...)
	}
	_, warning := planRotation(ctx, planned, prior, time.Now())
	if warning != "" {
		diags.AddAttributeWarning(path.Root("entra_client_secret"), "Client secret renewal", warning)
	}
	obj, ds := planned.objectValue()
	diags.Append(ds...)
	diags.Append(resp.Plan.SetAttribute(ctx, path.Root("entra_client_secret"), obj)...)
	return diags
}

// checkMintingAtPlan holds a configuration that mints its secret in Entra to
// the plan-time checks of the Graph resources: Graph's settings must be
// valid before anything is written (the Unified.to write comes after the
// addPassword), the application must exist under the object id given, and
// client_id must not be an object id. Without the block this resource needs
// no Graph sign-in, so none of this runs.
func (r *workspaceIntegrationResource) checkMintingAtPlan(ctx context.Context, plan, state workspaceIntegrationModel, creating bool, diags *diag.Diagnostics) {
	r.clients.planGraphConfig(diags)
	if diags.HasError() {
		return
	}
	planned, ds := plan.mintedSecret(ctx)
	diags.Append(ds...)
	if planned == nil || diags.HasError() {
		return
	}
	prior := types.StringNull()
	if !creating {
		if was, ds := state.mintedSecret(ctx); !ds.HasError() && was != nil {
			prior = was.ApplicationObjectID
		}
	}
	r.clients.applicationAtPlan(ctx, path.Root("entra_client_secret").AtName("application_object_id"), planned.ApplicationObjectID, prior, diags)
	if creating || !plan.ClientID.Equal(state.ClientID) {
		r.clients.checkClientIDAtPlan(ctx, path.Root("client_id"), plan.ClientID, diags)
	}
}
