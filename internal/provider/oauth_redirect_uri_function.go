package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/function"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/unified"
)

var _ function.Function = (*oauthRedirectURIFunction)(nil)

// NewOAuthRedirectURIFunction is provider::unifiedto::oauth_redirect_uri,
// the region mapping as an expression (Terraform 1.8 and later).
func NewOAuthRedirectURIFunction() function.Function { return &oauthRedirectURIFunction{} }

type oauthRedirectURIFunction struct{}

func (f *oauthRedirectURIFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "oauth_redirect_uri"
}

func (f *oauthRedirectURIFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary: "The Entra ID redirect URI of a Unified.to region",
		MarkdownDescription: "Returns the Web redirect URI an Entra ID application needs for a Unified.to region, e.g. " +
			"`https://api-eu.unified.to/oauth/code` for `eu`, without any API call. For use with other providers' app " +
			"registrations; `unifiedto_entra_redirect_uris` takes the region itself.",
		Parameters: []function.Parameter{
			function.StringParameter{Name: "region", MarkdownDescription: "The Unified.to region: `us`, `eu` or `au`."},
		},
		Return: function.StringReturn{},
	}
}

func (f *oauthRedirectURIFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var region string
	resp.Error = req.Arguments.Get(ctx, &region)
	if resp.Error != nil {
		return
	}
	r := unified.Region(region)
	if !r.Valid() {
		resp.Error = function.NewArgumentFuncError(0, fmt.Sprintf("region: %q is not a Unified.to region; use one of %s.", region, strings.Join(regionNames(), ", ")))
		return
	}
	resp.Error = resp.Result.Set(ctx, regionRedirectURI(r))
}
