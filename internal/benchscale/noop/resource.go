package main

import (
	"context"
	"math/big"

	"github.com/google/uuid"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// noopResource has a real resource's type name and schema and does nothing.
type noopResource struct{ real resource.Resource }

func (r *noopResource) Metadata(ctx context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	r.real.Metadata(ctx, req, resp)
}

func (r *noopResource) Schema(ctx context.Context, req resource.SchemaRequest, resp *resource.SchemaResponse) {
	r.real.Schema(ctx, req, resp)
}

func (r *noopResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	resp.State = known(req.Plan, &resp.Diagnostics)
}

// Read keeps the state as it is: the framework has already copied it into
// the response.
func (r *noopResource) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}

func (r *noopResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	resp.State = known(req.Plan, &resp.Diagnostics)
}

func (r *noopResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}

// known returns the plan with every unknown value replaced by a
// placeholder of its type: a fresh GUID for strings, since the schemas'
// ids are GUIDs that other resources' validators check.
func known(plan tfsdk.Plan, diags interface{ AddError(string, string) }) tfsdk.State {
	raw, err := tftypes.Transform(plan.Raw, func(_ *tftypes.AttributePath, v tftypes.Value) (tftypes.Value, error) {
		if v.IsKnown() {
			return v, nil
		}
		t := v.Type()
		switch {
		case t.Is(tftypes.String):
			return tftypes.NewValue(t, uuid.NewString()), nil
		case t.Is(tftypes.Number):
			return tftypes.NewValue(t, big.NewFloat(0)), nil
		case t.Is(tftypes.Bool):
			return tftypes.NewValue(t, false), nil
		}
		// Collections and objects: null is a valid known value for any
		// computed attribute.
		return tftypes.NewValue(t, nil), nil
	})
	if err != nil {
		diags.AddError("noop: filling unknown values", err.Error())
	}
	return tfsdk.State{Schema: plan.Schema, Raw: raw}
}
