package provider

import (
	"context"
	"regexp"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/entra"
	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/unified"
)

var noWhitespace = regexp.MustCompile(`^\S+$`)

// timeoutFunc is a timeouts.Value method: Create, Read, Update or Delete.
type timeoutFunc = func(context.Context, time.Duration) (time.Duration, diag.Diagnostics)

// withTimeout bounds ctx by the resource's configured timeout (def when
// none is configured), so that every retry below it stops in time. It does
// nothing when diags already holds an error; cancel is always safe to defer.
func withTimeout(ctx context.Context, t timeoutFunc, def time.Duration, diags *diag.Diagnostics) (context.Context, context.CancelFunc, bool) {
	if diags.HasError() {
		return ctx, func() {}, false
	}
	d, ds := t(ctx, def)
	diags.Append(ds...)
	if diags.HasError() {
		return ctx, func() {}, false
	}
	ctx, cancel := context.WithTimeout(ctx, d)
	return ctx, cancel, true
}

func nullIfEmpty(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

func stringSetOrNull(ctx context.Context, values []string) (types.Set, diag.Diagnostics) {
	if len(values) == 0 {
		return types.SetNull(types.StringType), nil
	}
	return types.SetValueFrom(ctx, types.StringType, values)
}

// graphWithin begins one Graph operation of a resource: ctx bounded by its
// timeout, and the Graph client, or nil when diags holds an error.
func (c *clients) graphWithin(ctx context.Context, t timeoutFunc, def time.Duration, diags *diag.Diagnostics) (context.Context, context.CancelFunc, *entra.Client) {
	ctx, cancel, ok := withTimeout(ctx, t, def, diags)
	if !ok {
		return ctx, cancel, nil
	}
	graph, ds := c.Graph(ctx)
	diags.Append(ds...)
	return ctx, cancel, graph
}

// unifiedWithin is graphWithin for the Unified.to client.
func (c *clients) unifiedWithin(ctx context.Context, t timeoutFunc, def time.Duration, diags *diag.Diagnostics) (context.Context, context.CancelFunc, *unified.Client) {
	ctx, cancel, ok := withTimeout(ctx, t, def, diags)
	if !ok {
		return ctx, cancel, nil
	}
	client, ds := c.Unified(ctx)
	diags.Append(ds...)
	return ctx, cancel, client
}
