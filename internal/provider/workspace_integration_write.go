package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/unified"
)

// createOrAdopt makes wi exist: it finds the configurations of the type and
// environment (one documented, read-only request) and then
//
//   - creates one when there is none;
//   - adopts the one there when it already holds wi's client id: only an
//     earlier apply of this resource that was killed, or lost the create's
//     answer, can have put this application's client id there, so updating
//     it is finishing that apply, not taking over someone's configuration
//     (docs/design/unified-workspace-integration.md, "Adoption");
//   - refuses any other, and says how to import it.
//
// A create whose answer is lost to a 5xx or the network is followed by a
// second find, so that a configuration the service did store is adopted
// rather than created twice.
func createOrAdopt(ctx context.Context, client *unified.Client, wi unified.WorkspaceIntegration) (*unified.WorkspaceIntegration, diag.Diagnostics) {
	var diags diag.Diagnostics
	summary := fmt.Sprintf("Configuring Unified.to integration %s/%s", wi.IntegrationType, wi.Environment)
	step := manualStepOf(wi)
	found, err := client.FindWorkspaceIntegrations(ctx, wi.IntegrationType, wi.Environment)
	if err != nil {
		diags.AddError(summary, unifiedErrorDetail(client, err, step))
		return nil, diags
	}
	if len(found) > 0 {
		return adopt(ctx, client, wi, found, summary)
	}
	created, err := client.CreateWorkspaceIntegration(ctx, wi)
	if err == nil {
		return created, diags
	}
	if answerMayBeLost(err) {
		if again, findErr := client.FindWorkspaceIntegrations(ctx, wi.IntegrationType, wi.Environment); findErr == nil && len(again) > 0 {
			tflog.Info(ctx, "Unified.to stored the workspace integration although its answer was lost; adopting it", map[string]any{"integration_type": wi.IntegrationType, "environment": wi.Environment})
			return adopt(ctx, client, wi, again, summary)
		}
	}
	diags.AddError(summary, unifiedErrorDetail(client, err, step))
	return nil, diags
}

// adopt updates the one configuration in found when it holds wi's client
// id, and refuses otherwise.
func adopt(ctx context.Context, client *unified.Client, wi unified.WorkspaceIntegration, found []unified.WorkspaceIntegration, summary string) (*unified.WorkspaceIntegration, diag.Diagnostics) {
	var diags diag.Diagnostics
	importHint := fmt.Sprintf("terraform import <address> %s (or %s/%s)", found[0].ID, wi.IntegrationType, wi.Environment)
	switch {
	case len(found) > 1:
		ids := make([]string, len(found))
		for i, f := range found {
			ids[i] = fmt.Sprintf("%s (client id %q)", f.ID, f.ClientID)
		}
		diags.AddError(summary, fmt.Sprintf("The workspace has %d configurations of %s in %s: %s. Unified.to's dashboard shows one per integration and environment; "+
			"remove the extra ones in the dashboard (%s), then import the one to keep: terraform import <address> <id>.",
			len(found), wi.IntegrationType, wi.Environment, strings.Join(ids, ", "), dashboardURL(client, wi.IntegrationType)))
		return nil, diags
	case found[0].ClientID != wi.ClientID:
		diags.AddError(summary, fmt.Sprintf("The workspace already has this integration configured, with client id %q. This resource does not take over "+
			"a configuration it did not write: import it (%s) and the next plan shows what would change, or remove it in the dashboard: %s",
			found[0].ClientID, importHint, dashboardURL(client, wi.IntegrationType)))
		return nil, diags
	}
	tflog.Info(ctx, "adopting the Unified.to workspace integration that already holds this client id (left by an interrupted apply)",
		map[string]any{"id": found[0].ID, "integration_type": wi.IntegrationType, "environment": wi.Environment})
	wi.ID = found[0].ID
	stored, err := client.UpdateWorkspaceIntegration(ctx, wi, &found[0])
	if err != nil {
		diags.AddError(summary, unifiedErrorDetail(client, err, manualStepOf(wi)))
		return nil, diags
	}
	diags.AddWarning("Adopted an existing Unified.to configuration", fmt.Sprintf("Configuration %s of %s in %s already held this resource's client id, "+
		"so it was adopted (taken for the one an interrupted earlier apply created) rather than created anew. This apply overwrote its settings%s "+
		"and its client secret. If it was not made by this resource, check it in the dashboard: %s",
		found[0].ID, wi.IntegrationType, wi.Environment, overwritten(found[0], wi), dashboardURL(client, wi.IntegrationType)))
	return stored, diags
}

// overwritten names the settings an adopting PUT changed, for the warning.
func overwritten(was, now unified.WorkspaceIntegration) string {
	var changed []string
	if was.IsActive != now.IsActive {
		changed = append(changed, fmt.Sprintf("is_active %t -> %t", was.IsActive, now.IsActive))
	}
	if strings.Join(was.Permissions, ",") != strings.Join(now.Permissions, ",") {
		changed = append(changed, fmt.Sprintf("permissions [%s] -> [%s]", strings.Join(was.Permissions, ", "), strings.Join(now.Permissions, ", ")))
	}
	if was.AuthType != now.AuthType {
		changed = append(changed, fmt.Sprintf("auth_type %q -> %q", was.AuthType, now.AuthType))
	}
	if len(changed) == 0 {
		return ""
	}
	return " (" + strings.Join(changed, "; ") + ")"
}

// answerMayBeLost reports whether the service may have acted on a request
// whose answer err is: a 5xx, or no answer at all.
func answerMayBeLost(err error) bool {
	var apiErr *unified.APIError
	if errors.As(err, &apiErr) {
		return apiErr.Status >= 500
	}
	return !errors.Is(err, context.Canceled)
}

// expand builds the object to write from the plan, the secret from the
// plan (client_secret) or the configuration (client_secret_wo, which is
// never in a plan).
func (m workspaceIntegrationModel) expand(ctx context.Context, cfg workspaceIntegrationModel) (unified.WorkspaceIntegration, diag.Diagnostics) {
	var diags diag.Diagnostics
	wi := unified.WorkspaceIntegration{
		ID: m.ID.ValueString(), IntegrationType: m.IntegrationType.ValueString(), Environment: m.Environment.ValueString(),
		IsActive: m.IsActive.ValueBool(), ClientID: m.ClientID.ValueString(), ClientSecret: m.ClientSecret.ValueString(),
		AuthType: m.AuthType.ValueString(), UseUnifiedRedirect: m.UseUnifiedRedirect.ValueBoolPointer(), PromptRegion: m.PromptRegion.ValueBoolPointer(),
	}
	if !cfg.ClientSecretWO.IsNull() {
		wi.ClientSecret = cfg.ClientSecretWO.ValueString()
	}
	diags.Append(m.Permissions.ElementsAs(ctx, &wi.Permissions, false)...)
	diags.Append(m.ScopeOverrides.ElementsAs(ctx, &wi.ScopeOverrides, false)...)
	return wi, diags
}

// setFromAnswer keeps the planned values of what the configuration sets
// (Read reports any difference as drift) and takes what the service owns
// from its answer: the id and the derived categories.
func (m *workspaceIntegrationModel) setFromAnswer(ctx context.Context, client *unified.Client, wi *unified.WorkspaceIntegration) diag.Diagnostics {
	m.ID = types.StringValue(wi.ID)
	m.setComputed(client)
	var diags diag.Diagnostics
	m.Categories, diags = stringSetOrNull(ctx, wi.Categories)
	return diags
}

// flatten copies what Unified.to returned. The secret is never returned,
// so the model keeps the one it has.
func (m *workspaceIntegrationModel) flatten(ctx context.Context, client *unified.Client, wi *unified.WorkspaceIntegration) diag.Diagnostics {
	var diags, ds diag.Diagnostics
	m.ID = types.StringValue(wi.ID)
	m.IntegrationType = types.StringValue(wi.IntegrationType)
	m.Environment = types.StringValue(wi.Environment)
	m.ClientID = types.StringValue(wi.ClientID)
	m.IsActive = types.BoolValue(wi.IsActive)
	m.AuthType = nullIfEmpty(wi.AuthType)
	m.UseUnifiedRedirect = types.BoolPointerValue(wi.UseUnifiedRedirect)
	m.PromptRegion = types.BoolPointerValue(wi.PromptRegion)
	m.Permissions, ds = stringSetOrNull(ctx, wi.Permissions)
	diags.Append(ds...)
	m.Categories, ds = stringSetOrNull(ctx, wi.Categories)
	diags.Append(ds...)
	m.ScopeOverrides = types.MapNull(types.StringType)
	if len(wi.ScopeOverrides) > 0 {
		m.ScopeOverrides, ds = types.MapValueFrom(ctx, types.StringType, wi.ScopeOverrides)
		diags.Append(ds...)
	}
	m.setComputed(client)
	return diags
}

// findForImport resolves an import by integration_type/environment to the
// id, with the documented list.
func (m *workspaceIntegrationModel) findForImport(ctx context.Context, client *unified.Client) diag.Diagnostics {
	var diags diag.Diagnostics
	summary := fmt.Sprintf("Importing Unified.to integration %s", m.describe())
	found, err := client.FindWorkspaceIntegrations(ctx, m.IntegrationType.ValueString(), m.Environment.ValueString())
	switch {
	case err != nil:
		diags.AddError(summary, unifiedErrorDetail(client, err, m.manualStep(ctx)))
	case len(found) == 0:
		diags.AddError(summary, fmt.Sprintf("The workspace has no configuration of %s in %s (GET /unified/workspaceintegration found none).", m.IntegrationType.ValueString(), m.Environment.ValueString()))
	case len(found) > 1:
		ids := make([]string, len(found))
		for i, f := range found {
			ids[i] = f.ID
		}
		diags.AddError(summary, fmt.Sprintf("The workspace has %d configurations of %s in %s (%s): import the one to manage by its id.",
			len(found), m.IntegrationType.ValueString(), m.Environment.ValueString(), strings.Join(ids, ", ")))
	default:
		m.ID = types.StringValue(found[0].ID)
	}
	return diags
}

// setComputed sets the attributes derived from the identity and the client.
func (m *workspaceIntegrationModel) setComputed(client *unified.Client) {
	m.OAuthRedirectURI = types.StringValue(client.RedirectURI())
	m.DashboardURL = types.StringValue(dashboardURL(client, m.IntegrationType.ValueString()))
}

// describe names the object in diagnostics.
func (m workspaceIntegrationModel) describe() string {
	name := m.IntegrationType.ValueString() + "/" + m.Environment.ValueString()
	if name == "/" {
		name = "(type unknown)"
	}
	if id := m.ID.ValueString(); id != "" {
		name += " (id " + id + ")"
	}
	return name
}

// manualStep is what the dashboard needs when the API refuses.
func (m workspaceIntegrationModel) manualStep(ctx context.Context) unified.ManualStepInput {
	wi, _ := m.expand(ctx, workspaceIntegrationModel{ClientSecretWO: types.StringNull()})
	return manualStepOf(wi)
}

func manualStepOf(wi unified.WorkspaceIntegration) unified.ManualStepInput {
	return unified.ManualStepInput{IntegrationType: wi.IntegrationType, Env: wi.Environment, ClientID: wi.ClientID,
		Permissions: wi.Permissions, ScopeOverrides: wi.ScopeOverrides}
}

func dashboardURL(client *unified.Client, integrationType string) string {
	return client.Region().DashboardURL() + "/integrations/" + integrationType
}

// unifiedErrorDetail explains a failed Unified.to call; when the service
// refused an operation that follows the published pattern it says what to
// do in the dashboard.
func unifiedErrorDetail(client *unified.Client, err error, step unified.ManualStepInput) string {
	detail := err.Error()
	switch {
	case unified.IsOperationUnavailable(err):
		detail += "\n\nThis Unified.to API does not offer that operation of its Workspaceintegration API (it follows the published pattern but is not " +
			"on a published page). Do this step by hand:\n" + client.ManualStep(step)
	case unified.IsUnauthorized(err):
		detail += "\n\nCheck unified_api_token (UNIFIED_API_TOKEN) and unified_workspace_id (UNIFIED_WORKSPACE_ID): Settings > API Keys in the Unified.to dashboard."
	}
	return detail
}
