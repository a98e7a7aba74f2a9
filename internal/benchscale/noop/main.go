// Command noop is the framework-only baseline of `make bench-scale`: a
// provider with the same name and the same resource schemas as
// terraform-provider-unifiedto whose resources call nothing. Create and
// Update store the plan (computed values filled with placeholders), Read
// keeps the state, Delete forgets it. The benchmark divides the real
// provider's wall time by this one's, so the ratio is the cost of the
// provider's own work on top of Terraform and the plugin framework.
//
// The schemas are the real ones, taken from internal/provider, so the binary
// links the same SDKs; only their work is missing.
package main

import (
	"context"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	real "github.com/unifiedto-community/terraform-provider-unifiedto/internal/provider"
)

func main() {
	err := providerserver.Serve(context.Background(), func() provider.Provider {
		return &noopProvider{real: real.New("noop")()}
	}, providerserver.ServeOpts{Address: "registry.terraform.io/unifiedto-community/unifiedto"})
	if err != nil {
		log.Fatal(err)
	}
}

// noopProvider answers with the real provider's metadata and schema and
// configures nothing.
type noopProvider struct{ real provider.Provider }

func (p *noopProvider) Metadata(ctx context.Context, req provider.MetadataRequest, resp *provider.MetadataResponse) {
	p.real.Metadata(ctx, req, resp)
}

func (p *noopProvider) Schema(ctx context.Context, req provider.SchemaRequest, resp *provider.SchemaResponse) {
	p.real.Schema(ctx, req, resp)
}

func (p *noopProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}

func (p *noopProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }

// Resources wraps every real resource, keeping its type name and schema.
func (p *noopProvider) Resources(ctx context.Context) []func() resource.Resource {
	var out []func() resource.Resource
	for _, newReal := range p.real.Resources(ctx) {
		out = append(out, func() resource.Resource { return &noopResource{real: newReal()} })
	}
	return out
}
