// Package provider is the Terraform side of the provider: schemas, plan-time
// validation and the mapping between Terraform values and the plain Go
// types of internal/entra and internal/unified.
package provider

import (
	"context"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/entra"
	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/entra/signin"
)

var (
	_ provider.Provider              = (*unifiedtoProvider)(nil)
	_ provider.ProviderWithFunctions = (*unifiedtoProvider)(nil)
)

// Options are the knobs tests turn; the zero value is what users get.
type Options struct {
	// GraphRetry bounds the Graph client's own retries; zero means
	// entra.DefaultRetryPolicy. Tests shorten it against the emulator.
	GraphRetry entra.RetryPolicy
}

// New returns the provider factory that main serves.
func New(version string) func() provider.Provider {
	return NewWithOptions(version, Options{})
}

// NewWithOptions is New with test knobs.
func NewWithOptions(version string, opts Options) func() provider.Provider {
	return func() provider.Provider {
		return &unifiedtoProvider{version: version, opts: opts}
	}
}

type unifiedtoProvider struct {
	version string
	opts    Options
}

func (p *unifiedtoProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "unifiedto"
	resp.Version = p.version
}

func (p *unifiedtoProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	str := func(desc string, sensitive bool, validators ...validator.String) schema.StringAttribute {
		return schema.StringAttribute{Optional: true, Sensitive: sensitive, MarkdownDescription: desc, Validators: validators}
	}
	flag := func(desc string) schema.BoolAttribute {
		return schema.BoolAttribute{Optional: true, MarkdownDescription: desc}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Registers the Microsoft Entra ID application that Unified.to needs for Microsoft Dynamics 365, " +
			"and hands its credentials to Unified.to. Entra sign-in uses the `ARM_*` environment variables of the azuread and msgraph " +
			"providers; nothing signs in until a resource needs Microsoft Graph, and a configuration with only Unified.to resources needs no Entra credentials.",
		Attributes: map[string]schema.Attribute{
			"environment": str("Cloud: `public` (default), `usgovernment`, `usgovernmentl5` (DoD) or `china`. Sets the sign-in authority and the Microsoft Graph endpoint. Env: `ARM_ENVIRONMENT`.", false,
				stringvalidator.OneOf(signin.CloudNames...)),
			"tenant_id":                          str("Tenant (directory) id to sign in to. Env: `ARM_TENANT_ID`.", false),
			"client_id":                          str("Client id of the identity that signs in (not the application this provider creates). Env: `ARM_CLIENT_ID`.", false),
			"client_secret":                      str("Client secret of that identity. Env: `ARM_CLIENT_SECRET`.", true),
			"client_certificate_path":            str("Path to a PEM or PKCS#12 certificate with its private key. Env: `ARM_CLIENT_CERTIFICATE_PATH`.", false),
			"client_certificate":                 str("Base64-encoded certificate with its private key, instead of a path. Env: `ARM_CLIENT_CERTIFICATE`.", true),
			"client_certificate_password":        str("Password of the certificate. Env: `ARM_CLIENT_CERTIFICATE_PASSWORD`.", true),
			"use_oidc":                           flag("Sign in with an OpenID Connect token from a CI system (workload identity federation). Env: `ARM_USE_OIDC`."),
			"oidc_token":                         str("The OIDC token itself. Env: `ARM_OIDC_TOKEN`.", true),
			"oidc_token_file_path":               str("A file holding the OIDC token (AKS workload identity). Env: `ARM_OIDC_TOKEN_FILE_PATH`, `AZURE_FEDERATED_TOKEN_FILE`.", false),
			"oidc_request_url":                   str("URL to request the OIDC token from (GitHub Actions). Env: `ARM_OIDC_REQUEST_URL`, `ACTIONS_ID_TOKEN_REQUEST_URL`.", false),
			"oidc_request_token":                 str("Bearer token for `oidc_request_url`. Env: `ARM_OIDC_REQUEST_TOKEN`, `ACTIONS_ID_TOKEN_REQUEST_TOKEN`.", true),
			"ado_pipeline_service_connection_id": str("Azure DevOps service connection id, for OIDC in Azure Pipelines (with `SYSTEM_OIDCREQUESTURI` and `SYSTEM_ACCESSTOKEN`). Env: `ARM_ADO_PIPELINE_SERVICE_CONNECTION_ID`.", false),
			"use_msi":                            flag("Sign in with a managed identity (App Service, Functions, virtual machines; the endpoint is found from the platform's own variables). `client_id` selects a user-assigned identity. Env: `ARM_USE_MSI`."),
			"use_cli":                            flag("Sign in with the Azure CLI's account, tried last. Default true, as in the azuread provider; set false in CI so that a missing credential fails instead of finding a developer's login. Env: `ARM_USE_CLI`."),
			"authority_host":                     str("Sign-in authority host, overriding `environment` (private clouds, the local emulator). Env: `ARM_AUTHORITY_HOST`.", false, httpsURL),
			"graph_endpoint":                     str("Microsoft Graph endpoint, overriding `environment`, without `/v1.0`. Env: `ARM_GRAPH_ENDPOINT`.", false, httpsURL),
			"unified_api_token":                  str("Unified.to workspace API token (Settings > API Keys). Env: `UNIFIED_API_TOKEN`.", true),
			"unified_workspace_id":               str("Unified.to workspace id. Env: `UNIFIED_WORKSPACE_ID`.", false),
			"unified_region": str("Unified.to region of the workspace: `us` (default), `eu` or `au`. Env: `UNIFIED_REGION`.", false,
				stringvalidator.OneOf("us", "eu", "au")),
			"unified_api_url": str("Unified.to API base URL, overriding `unified_region` (a custom API domain, or the local emulator). Env: `UNIFIED_API_URL`.", false, unifiedURL),
		},
	}
}

func (p *unifiedtoProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	data, diags := newClients(ctx, cfg, p.version, p.opts)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.ResourceData = data
	resp.DataSourceData = data
}

func (p *unifiedtoProvider) Resources(_ context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		NewEntraApplicationResource,
		NewWorkspaceIntegrationResource,
		NewEntraRedirectURIsResource,
		NewEntraAPIAccessResource,
		NewEntraClientSecretResource,
	}
}

func (p *unifiedtoProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewIntegrationsDataSource,
		NewRegionDataSource,
		NewEntraAPIPermissionsDataSource,
	}
}

func (p *unifiedtoProvider) Functions(_ context.Context) []func() function.Function {
	return []func() function.Function{
		NewOAuthRedirectURIFunction,
		NewAdminConsentURLFunction,
	}
}

// Endpoint overrides are checked at plan time, not at the first request:
// tokens and secrets must never go to a plain-http host, except Unified.to
// on a loopback address (a local test server).
var (
	httpsURL = stringvalidator.RegexMatches(regexp.MustCompile(`^https://[^\s/?#]+(/[^\s?#]*)?$`),
		"must be an https URL without query or fragment, e.g. https://login.microsoftonline.us")
	unifiedURL = stringvalidator.RegexMatches(regexp.MustCompile(`^(https://[^\s/?#]+|http://(localhost|127(\.\d{1,3}){3}|\[::1\])(:\d+)?)(/[^\s?#]*)?$`),
		"must be an https URL (http only on localhost or loopback), without query or fragment, e.g. https://api-eu.unified.to")
)

// providerModel is the provider block.
type providerModel struct {
	Environment                  types.String `tfsdk:"environment"`
	TenantID                     types.String `tfsdk:"tenant_id"`
	ClientID                     types.String `tfsdk:"client_id"`
	ClientSecret                 types.String `tfsdk:"client_secret"`
	ClientCertificatePath        types.String `tfsdk:"client_certificate_path"`
	ClientCertificate            types.String `tfsdk:"client_certificate"`
	ClientCertificatePassword    types.String `tfsdk:"client_certificate_password"`
	UseOIDC                      types.Bool   `tfsdk:"use_oidc"`
	OIDCToken                    types.String `tfsdk:"oidc_token"`
	OIDCTokenFilePath            types.String `tfsdk:"oidc_token_file_path"`
	OIDCRequestURL               types.String `tfsdk:"oidc_request_url"`
	OIDCRequestToken             types.String `tfsdk:"oidc_request_token"`
	ADOPipelineServiceConnection types.String `tfsdk:"ado_pipeline_service_connection_id"`
	UseMSI                       types.Bool   `tfsdk:"use_msi"`
	UseCLI                       types.Bool   `tfsdk:"use_cli"`
	AuthorityHost                types.String `tfsdk:"authority_host"`
	GraphEndpoint                types.String `tfsdk:"graph_endpoint"`
	UnifiedAPIToken              types.String `tfsdk:"unified_api_token"`
	UnifiedWorkspaceID           types.String `tfsdk:"unified_workspace_id"`
	UnifiedRegion                types.String `tfsdk:"unified_region"`
	UnifiedAPIURL                types.String `tfsdk:"unified_api_url"`
}
