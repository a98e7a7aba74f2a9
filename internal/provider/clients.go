package provider

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/entra"
	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/entra/signin"
	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/unified"
)

// clients is what resources receive from Configure. Both API clients are
// built on first use, so that a configuration using only Unified.to
// resources never needs Entra credentials, and the reverse.
//
// Configure never fails on a setting: Terraform would put "requires explicit
// configuration" before the real message when there is no provider block,
// and a Unified.to-only configuration must not fail on an ARM_* variable it
// does not need. Mistakes are kept instead, per service, and returned by the
// first use of that service; resources that need Graph also report them at
// plan (planGraphConfig), before anything is written.
type clients struct {
	version string
	opts    Options
	signin  signin.Config
	unified unified.Config

	graphConfig   diag.Diagnostics // mistakes in the Entra sign-in settings
	unifiedConfig diag.Diagnostics // mistakes in the Unified.to settings

	graphMu   sync.Mutex
	graph     *entra.Client
	unifiedMu sync.Mutex
	uni       *unified.Client
}

func newClients(_ context.Context, cfg providerModel, version string, opts Options) (*clients, diag.Diagnostics) {
	c := &clients{version: version, opts: opts}
	arm := &settings{sources: map[string]string{}}
	c.signin = signin.Config{
		Environment:               arm.str("environment", cfg.Environment, "ARM_ENVIRONMENT"),
		AuthorityHost:             arm.str("authority_host", cfg.AuthorityHost, "ARM_AUTHORITY_HOST"),
		GraphEndpoint:             arm.str("graph_endpoint", cfg.GraphEndpoint, "ARM_GRAPH_ENDPOINT"),
		TenantID:                  arm.str("tenant_id", cfg.TenantID, "ARM_TENANT_ID"),
		ClientID:                  arm.str("client_id", cfg.ClientID, "ARM_CLIENT_ID"),
		ClientSecret:              arm.str("client_secret", cfg.ClientSecret, "ARM_CLIENT_SECRET"),
		ClientCertificatePath:     arm.str("client_certificate_path", cfg.ClientCertificatePath, "ARM_CLIENT_CERTIFICATE_PATH"),
		ClientCertificate:         arm.str("client_certificate", cfg.ClientCertificate, "ARM_CLIENT_CERTIFICATE"),
		ClientCertificatePassword: arm.str("client_certificate_password", cfg.ClientCertificatePassword, "ARM_CLIENT_CERTIFICATE_PASSWORD"),
		UseOIDC:                   arm.boolean("use_oidc", cfg.UseOIDC, "ARM_USE_OIDC", false),
		OIDCToken:                 arm.str("oidc_token", cfg.OIDCToken, "ARM_OIDC_TOKEN"),
		OIDCTokenFilePath:         arm.str("oidc_token_file_path", cfg.OIDCTokenFilePath, "ARM_OIDC_TOKEN_FILE_PATH", "AZURE_FEDERATED_TOKEN_FILE"),
		OIDCRequestURL:            arm.str("oidc_request_url", cfg.OIDCRequestURL, "ARM_OIDC_REQUEST_URL", "ACTIONS_ID_TOKEN_REQUEST_URL"),
		OIDCRequestToken:          arm.str("oidc_request_token", cfg.OIDCRequestToken, "ARM_OIDC_REQUEST_TOKEN", "ACTIONS_ID_TOKEN_REQUEST_TOKEN"),
		ADOServiceConnectionID:    arm.str("ado_pipeline_service_connection_id", cfg.ADOPipelineServiceConnection, "ARM_ADO_PIPELINE_SERVICE_CONNECTION_ID"),
		UseMSI:                    arm.boolean("use_msi", cfg.UseMSI, "ARM_USE_MSI", false),
		UseCLI:                    arm.boolean("use_cli", cfg.UseCLI, "ARM_USE_CLI", true),
	}
	c.signin.Sources = arm.sources
	c.graphConfig = arm.diags
	// A boolean that did not parse already says so; the checks below would
	// only guess at what was meant.
	if !c.graphConfig.HasError() {
		if err := signin.Check(c.signin); err != nil {
			c.graphConfig.AddError("Invalid Microsoft Entra ID sign-in configuration", err.Error())
		}
	}
	uni := &settings{sources: map[string]string{}}
	c.unified = unified.Config{
		Token:       uni.str("unified_api_token", cfg.UnifiedAPIToken, "UNIFIED_API_TOKEN"),
		WorkspaceID: uni.str("unified_workspace_id", cfg.UnifiedWorkspaceID, "UNIFIED_WORKSPACE_ID"),
		APIURL:      uni.str("unified_api_url", cfg.UnifiedAPIURL, "UNIFIED_API_URL"),
		Region:      unified.Region(uni.str("unified_region", cfg.UnifiedRegion, "UNIFIED_REGION")),
		UserAgent:   "terraform-provider-unifiedto/" + version,
		Log: func(ctx context.Context, method, path string, status int, elapsed time.Duration) {
			tflog.Debug(ctx, "Unified.to request", map[string]any{"method": method, "path": path, "status": status, "elapsed_ms": elapsed.Milliseconds()})
		},
	}
	c.unifiedConfig = checkUnifiedConfig(c.unified, uni)
	return c, nil
}

// checkUnifiedConfig checks the region and API URL without I/O, each on its
// own so that the message names the one that is wrong, as the user wrote it.
func checkUnifiedConfig(cfg unified.Config, s *settings) diag.Diagnostics {
	var diags diag.Diagnostics
	// unified.New checks everything at once; placeholders stand in for the
	// token and workspace, whose absence Unified reports in its own words.
	try := func(name, summary string, only unified.Config) {
		only.Token, only.WorkspaceID = "placeholder", "placeholder"
		if _, err := unified.New(only); err != nil {
			diags.AddError(summary, fmt.Sprintf("%s: %s.", name, err))
		}
	}
	if cfg.Region != "" {
		try(s.name("unified_region"), "Invalid Unified.to region", unified.Config{Region: cfg.Region})
	}
	if cfg.APIURL != "" {
		try(s.name("unified_api_url"), "Invalid Unified.to API URL", unified.Config{APIURL: cfg.APIURL})
	}
	return diags
}

// planGraphConfig reports, at plan time, the mistakes in the Entra sign-in
// settings: a resource that will need Microsoft Graph calls it in
// ModifyPlan, so that the plan fails before any resource is written.
func (c *clients) planGraphConfig(diags *diag.Diagnostics) {
	if c != nil {
		diags.Append(c.graphConfig...)
	}
}

// Graph returns the Microsoft Graph client, signing in lazily: building it
// does no I/O, and the first request gets the token.
func (c *clients) Graph(ctx context.Context) (*entra.Client, diag.Diagnostics) {
	var diags diag.Diagnostics
	c.graphMu.Lock()
	defer c.graphMu.Unlock()
	if c.graph != nil {
		return c.graph, nil
	}
	if c.graphConfig.HasError() {
		return nil, c.graphConfig
	}
	cloud, err := c.signin.Cloud()
	if err != nil {
		diags.AddError("Invalid Microsoft cloud configuration", err.Error())
		return nil, diags
	}
	cred, err := signin.NewCredential(c.signin)
	if err != nil {
		diags.AddError("Cannot sign in to Microsoft Entra ID", err.Error())
		return nil, diags
	}
	client, err := entra.New(entra.Config{
		Credential:    cred,
		GraphEndpoint: cloud.GraphEndpoint,
		Scope:         cloud.GraphScope(),
		Policy:        c.opts.GraphRetry,
		Log: func(ctx context.Context, method, path string, status int, elapsed time.Duration) {
			tflog.Debug(ctx, "Microsoft Graph request", map[string]any{"method": method, "path": path, "status": status, "elapsed_ms": elapsed.Milliseconds()})
		},
		Progress: func(ctx context.Context, message string) { tflog.Info(ctx, message) },
	})
	if err != nil {
		diags.AddError("Cannot build the Microsoft Graph client", err.Error())
		return nil, diags
	}
	c.graph = client
	return client, nil
}

// Unified returns the Unified.to client, built on first use.
func (c *clients) Unified(context.Context) (*unified.Client, diag.Diagnostics) {
	var diags diag.Diagnostics
	c.unifiedMu.Lock()
	defer c.unifiedMu.Unlock()
	if c.uni != nil {
		return c.uni, nil
	}
	if c.unifiedConfig.HasError() {
		return nil, c.unifiedConfig
	}
	if c.unified.Token == "" {
		diags.AddError("Missing Unified.to API token",
			"Set unified_api_token in the provider block or the UNIFIED_API_TOKEN environment variable to the workspace API token from the Unified.to dashboard (Settings > API Keys).")
	}
	if c.unified.WorkspaceID == "" {
		diags.AddError("Missing Unified.to workspace id",
			"Set unified_workspace_id in the provider block or the UNIFIED_WORKSPACE_ID environment variable (Settings > API Keys in the Unified.to dashboard).")
	}
	if diags.HasError() {
		return nil, diags
	}
	client, err := unified.New(c.unified)
	if err != nil {
		diags.AddError("Cannot build the Unified.to client", err.Error())
		return nil, diags
	}
	c.uni = client
	return client, nil
}

// settings resolves provider settings, each from its attribute, else the
// first environment variable set, and remembers which variable each came
// from so that messages name what the user wrote.
type settings struct {
	sources map[string]string // attribute name -> environment variable
	diags   diag.Diagnostics
}

func (s *settings) str(name string, attr types.String, envs ...string) string {
	if !attr.IsNull() && !attr.IsUnknown() {
		return attr.ValueString()
	}
	for _, env := range envs {
		if v := os.Getenv(env); v != "" {
			s.sources[name] = env
			return v
		}
	}
	return ""
}

// boolean is str for booleans, with def when neither is set. A variable
// that is not a boolean is a mistake to report, not false.
func (s *settings) boolean(name string, attr types.Bool, env string, def bool) bool {
	if !attr.IsNull() && !attr.IsUnknown() {
		return attr.ValueBool()
	}
	v := os.Getenv(env)
	if v == "" {
		return def
	}
	s.sources[name] = env
	b, err := strconv.ParseBool(v)
	if err != nil {
		s.diags.AddError(fmt.Sprintf("Invalid %s", env),
			fmt.Sprintf("The environment variable %s is %q, which is not a boolean: use true or false (or 1 and 0), or unset it; the provider block's %s takes precedence over it.", env, v, name))
		return def
	}
	return b
}

// name is how messages name a setting: the variable it came from, else the
// attribute.
func (s *settings) name(attr string) string {
	if env := s.sources[attr]; env != "" {
		return env
	}
	return attr
}
