package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/suggest"
	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/unified"
)

// ModifyPlan checks a new integration's type against the workspace's
// catalogue, so that a typo fails at plan time with suggestions instead of
// at apply. It is a read-only request, made only when creating.
func (r *workspaceIntegrationResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || !req.State.Raw.IsNull() || r.clients == nil {
		return
	}
	var plan workspaceIntegrationModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || plan.IntegrationType.IsUnknown() || plan.Environment.IsUnknown() {
		return
	}
	client, diags := r.clients.Unified(ctx)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	integrationType, env := plan.IntegrationType.ValueString(), plan.Environment.ValueString()
	_, err := client.LookupIntegration(ctx, integrationType, env)
	switch {
	case unified.IsNotFound(err):
		detail := fmt.Sprintf("Unified.to has no integration %q.", integrationType)
		if all, listErr := client.ListIntegrations(ctx, unified.ListIntegrationsInput{Env: env, Summary: true}); listErr == nil {
			types := make([]string, len(all))
			for i, in := range all {
				types[i] = in.Type
			}
			if close := suggest.Near(integrationType, types, 5); len(close) > 0 {
				detail += " Did you mean " + strings.Join(close, ", ") + "?"
			}
		}
		detail += " The unifiedto_integrations data source lists the integrations available to the workspace."
		resp.Diagnostics.AddAttributeError(path.Root("integration_type"), "Unknown Unified.to integration type", detail)
	case err != nil:
		resp.Diagnostics.AddError(fmt.Sprintf("Checking Unified.to integration type %q", integrationType), err.Error())
	}
}

// write sends the integration to Unified.to and confirms it through the
// published list of the workspace's integrations.
func (r *workspaceIntegrationResource) write(ctx context.Context, client *unified.Client, plan *workspaceIntegrationModel, cfg workspaceIntegrationModel, verb string) diag.Diagnostics {
	var diags diag.Diagnostics
	// A write-only value exists only in the configuration, never in the plan.
	secret := plan.ClientSecret.ValueString()
	if !cfg.ClientSecretWO.IsNull() {
		secret = cfg.ClientSecretWO.ValueString()
	}
	wi := unified.WorkspaceIntegration{
		IntegrationType: plan.IntegrationType.ValueString(),
		Environment:     plan.Environment.ValueString(),
		IsActive:        plan.IsActive.ValueBool(),
		Auth:            unified.Auth{ClientID: plan.ClientID.ValueString(), ClientSecret: secret},
	}
	diags.Append(plan.ScopeOverrides.ElementsAs(ctx, &wi.OverridenScopes, false)...)
	if diags.HasError() {
		return diags
	}
	summary := fmt.Sprintf("%s Unified.to integration %s/%s", verb, wi.IntegrationType, wi.Environment)
	if _, err := client.PutWorkspaceIntegration(ctx, wi); err != nil {
		diags.AddError(summary, unifiedErrorDetail(client, *plan, err))
		return diags
	}
	listed, err := client.ActivatedIntegration(ctx, wi.IntegrationType, wi.Environment)
	active := err == nil && listed.IsActive
	switch {
	case err != nil && !unified.IsNotFound(err):
		diags.AddError(summary, "Unified.to accepted the integration, but confirming it through GET /unified/integration/workspace/{workspace_id} failed: "+err.Error())
		return diags
	case active != wi.IsActive:
		diags.AddError(summary, fmt.Sprintf("Unified.to accepted the integration, but its published list of the workspace's integrations shows is_active=%v, not %v. "+
			"Check the integration in the dashboard: %s", active, wi.IsActive, dashboardURL(client, wi.IntegrationType)))
		return diags
	}
	// The configured attributes stay as planned: the answer's shape comes
	// from an unpublished contract, and Read reports any difference as drift.
	plan.setComputed(client)
	return diags
}

// claimable refuses to create over an integration someone configured in
// the dashboard: writing would replace their credentials unseen. Import
// shows the difference first, as the Entra resources do.
func claimable(ctx context.Context, client *unified.Client, m workspaceIntegrationModel) diag.Diagnostics {
	var diags diag.Diagnostics
	summary := fmt.Sprintf("Configuring Unified.to integration %s/%s", m.IntegrationType.ValueString(), m.Environment.ValueString())
	existing, err := client.GetWorkspaceIntegration(ctx, m.IntegrationType.ValueString(), m.Environment.ValueString())
	switch {
	case err == nil:
		diags.AddError(summary, fmt.Sprintf("The workspace already has this integration configured (client id %q). This resource does not take over "+
			"credentials it did not write: import it (terraform import <address> %s/%s) and the next plan shows what would change, or remove it in the dashboard: %s",
			existing.Auth.ClientID, m.IntegrationType.ValueString(), m.Environment.ValueString(), dashboardURL(client, m.IntegrationType.ValueString())))
	case !unified.IsNotFound(err):
		diags.AddError(summary, unifiedErrorDetail(client, m, err))
	}
	return diags
}

// flatten copies what Unified.to returned; the secret is never returned, so
// the model keeps the one it has.
func (m *workspaceIntegrationModel) flatten(ctx context.Context, client *unified.Client, wi *unified.WorkspaceIntegration) diag.Diagnostics {
	if wi.Environment != "" {
		m.Environment = types.StringValue(wi.Environment)
	}
	if wi.IntegrationType != "" {
		m.IntegrationType = types.StringValue(wi.IntegrationType)
	}
	m.ClientID = types.StringValue(wi.Auth.ClientID)
	m.IsActive = types.BoolValue(wi.IsActive)
	m.setComputed(client)
	var diags diag.Diagnostics
	m.ScopeOverrides = types.MapNull(types.StringType)
	if len(wi.OverridenScopes) > 0 {
		m.ScopeOverrides, diags = types.MapValueFrom(ctx, types.StringType, wi.OverridenScopes)
	}
	return diags
}

// setComputed sets the attributes derived from the identity and the client.
func (m *workspaceIntegrationModel) setComputed(client *unified.Client) {
	m.ID = types.StringValue(m.IntegrationType.ValueString() + "/" + m.Environment.ValueString())
	m.OAuthRedirectURI = types.StringValue(client.RedirectURI())
	m.DashboardURL = types.StringValue(dashboardURL(client, m.IntegrationType.ValueString()))
}

func dashboardURL(client *unified.Client, integrationType string) string {
	return client.Region().DashboardURL() + "/integrations/" + integrationType
}

// unifiedErrorDetail explains a failed Unified.to call; when the service
// does not offer the write path it says what to do in the dashboard.
func unifiedErrorDetail(client *unified.Client, m workspaceIntegrationModel, err error) string {
	detail := err.Error()
	switch {
	case unified.IsWritePathMissing(err):
		detail += "\n\nThis Unified.to API does not accept integration credentials through its API. Do this step by hand:\n" +
			client.ManualStep(m.IntegrationType.ValueString(), m.Environment.ValueString(), m.ClientID.ValueString())
	case unified.IsUnauthorized(err):
		detail += "\n\nCheck unified_api_token (UNIFIED_API_TOKEN) and unified_workspace_id (UNIFIED_WORKSPACE_ID): Settings > API Keys in the Unified.to dashboard."
	}
	return detail
}
