package provider

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/entra"
	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/validators"
)

// This file holds the plan-time checks of ids that Graph resources share:
// an object id that must name an existing application, and a client id
// that must not be an object id. Each costs one or two reads, made only
// when the id is known at plan and new to the resource; see
// docs/design/graph-validation.md, "Ids at plan".

// planCheckTimeout bounds a plan-time lookup. A 404 is answered at once (no
// replication-lag retry: an id known at plan was not created in this apply),
// so only throttling and server errors can use it up.
const planCheckTimeout = 25 * time.Second

// createdHere holds the object ids of the applications this provider
// process created. Terraform plans a resource again during apply, once the
// ids it depends on are known: an application created moments before may
// not have replicated yet, and a 404 for it is lag, not a mistake.
var createdHere sync.Map

// rememberCreatedApplication records an application created in this run.
func rememberCreatedApplication(objectID string) {
	createdHere.Store(strings.ToLower(objectID), true)
}

func createdInThisRun(objectID string) bool {
	_, ok := createdHere.Load(strings.ToLower(objectID))
	return ok
}

// applicationAtPlan reads the application objectID names, when it is known
// and changes (create, or replacement by a new id), and returns it; nil when
// there was nothing to check or the check failed, which diags then says.
// When objectID is really a client id, the message says so and names the
// object id to use instead.
func (c *clients) applicationAtPlan(ctx context.Context, attr path.Path, planned, prior types.String, diags *diag.Diagnostics) *entra.Application {
	if c == nil || planned.IsUnknown() || planned.IsNull() || !validators.IsGUID(planned.ValueString()) {
		return nil
	}
	if !prior.IsNull() && !prior.IsUnknown() && prior.ValueString() == planned.ValueString() {
		return nil // Read has just refreshed it
	}
	if createdInThisRun(planned.ValueString()) {
		return nil
	}
	graph, ds := c.Graph(ctx)
	diags.Append(ds...)
	if graph == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, planCheckTimeout)
	defer cancel()
	id := planned.ValueString()
	name := validators.AttributeName(attr)
	app, err := graph.GetApplication(ctx, id)
	if err == nil {
		return app
	}
	if !entra.IsNotFound(err) {
		addGraphError(diags, fmt.Sprintf("Checking %s %s", name, id), err)
		return nil
	}
	byClientID, err := graph.GetApplicationByClientID(ctx, id)
	switch {
	case err == nil:
		diags.AddAttributeError(attr, fmt.Sprintf("%s is a client id, not an object id", name),
			fmt.Sprintf("%s: %s is the client id (the portal's \"Application (client) ID\") of application %q. This attribute takes the application's object id "+
				"(the portal's \"Object ID\"), which for that application is %s. Use %s, or unifiedto_entra_application.<name>.object_id.",
				name, id, byClientID.DisplayName, byClientID.ObjectID, byClientID.ObjectID))
	case entra.IsNotFound(err):
		diags.AddAttributeError(attr, fmt.Sprintf("No application with object id %s", id),
			fmt.Sprintf("%s: the tenant has no application whose object id or client id is %s. It may have been deleted (a deleted application stays "+
				"restorable under Deleted applications for 30 days), or belong to another tenant. Use the object id (the portal's \"Object ID\") of an existing application.", name, id))
	default:
		addGraphError(diags, fmt.Sprintf("Checking %s %s", name, id), err)
	}
	return nil
}

// checkClientIDAtPlan refuses an application's object id where its client
// id is expected, naming the client id to use. It makes at most two reads
// and only for a known GUID; any other failure is left to apply. Resources
// that take a client id call it from ModifyPlan (e.g. workspace_integration's
// client_id).
func (c *clients) checkClientIDAtPlan(ctx context.Context, attr path.Path, planned types.String, diags *diag.Diagnostics) {
	if c == nil || planned.IsUnknown() || planned.IsNull() || !validators.IsGUID(planned.ValueString()) || c.graphConfig.HasError() {
		return
	}
	graph, ds := c.Graph(ctx)
	if ds.HasError() {
		return // sign-in problems belong to the resources that need Graph
	}
	ctx, cancel := context.WithTimeout(ctx, planCheckTimeout)
	defer cancel()
	id := planned.ValueString()
	if _, err := graph.GetApplicationByClientID(ctx, id); !entra.IsNotFound(err) {
		return // a client id, or a failure apply will meet and explain
	}
	app, err := graph.GetApplication(ctx, id)
	if err != nil {
		return
	}
	name := validators.AttributeName(attr)
	diags.AddAttributeError(attr, fmt.Sprintf("%s is an object id, not a client id", name),
		fmt.Sprintf("%s: %s is the object id (the portal's \"Object ID\") of application %q. This attribute takes the application's client id "+
			"(the portal's \"Application (client) ID\"), which for that application is %s. Use %s, or unifiedto_entra_application.<name>.client_id.",
			name, id, app.DisplayName, app.ClientID, app.ClientID))
}

// importedApplication checks the application part of an import id, so that
// a client id or a deleted application gets a message naming the mistake
// rather than Terraform's "Cannot import non-existent remote object". It
// returns the object id to import, or "" when diags holds the error.
func (c *clients) importedApplication(ctx context.Context, importID, objectID, rest string, diags *diag.Diagnostics) string {
	if c == nil {
		return objectID
	}
	graph, ds := c.Graph(ctx)
	diags.Append(ds...)
	if graph == nil {
		return ""
	}
	ctx, cancel := context.WithTimeout(ctx, planCheckTimeout)
	defer cancel()
	summary := fmt.Sprintf("Importing %q", importID)
	app, err := graph.GetApplication(ctx, objectID)
	if err == nil {
		return app.ObjectID
	}
	if !entra.IsNotFound(err) {
		addGraphError(diags, summary, err)
		return ""
	}
	byClientID, err := graph.GetApplicationByClientID(ctx, objectID)
	switch {
	case err == nil:
		diags.AddError(summary, fmt.Sprintf("%s is the client id (the portal's \"Application (client) ID\") of application %q, but the import id starts with "+
			"the application's object id (the portal's \"Object ID\"). Import %s%s instead.", objectID, byClientID.DisplayName, byClientID.ObjectID, rest))
	case entra.IsNotFound(err):
		diags.AddError(summary, fmt.Sprintf("The tenant has no application whose object id or client id is %s: it may have been deleted, or belong to another tenant. "+
			"The import id starts with the object id (the portal's \"Object ID\") of an existing application.", objectID))
	default:
		addGraphError(diags, summary, err)
	}
	return ""
}

// audienceMatters reports whether a redirect URI list is one whose validity
// depends on the application's sign-in audience: a query string, or more
// URIs than personal-account audiences allow.
func audienceMatters(uris []string) bool {
	if len(uris) > validators.MaxRedirectURIsPersonal {
		return true
	}
	for _, u := range uris {
		if strings.Contains(u, "?") {
			return true
		}
	}
	return false
}

// checkRedirectURIsForAudience applies the redirect URI rules that depend
// on the application's sign-in audience.
func checkRedirectURIsForAudience(uris []string, audience string, diags *diag.Diagnostics) {
	if max := validators.MaxRedirectURIsFor(audience); len(uris) > max {
		diags.AddAttributeError(path.Root("redirect_uris"), "Too many redirect URIs",
			fmt.Sprintf("unified_regions and redirect_uris add up to %d redirect URIs; an application whose sign_in_audience is %s accepts at most %d "+
				"(%d for work or school audiences).", len(uris), audience, max, validators.MaxRedirectURIs))
	}
	for _, u := range uris {
		if err := validators.CheckRedirectURIForAudience(u, audience); err != nil {
			diags.AddAttributeError(path.Root("redirect_uris"), "Invalid redirect URI", fmt.Sprintf("redirect_uris: %s.", err))
		}
	}
}
