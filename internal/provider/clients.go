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
type clients struct {
	version string
	opts    Options
	signin  signin.Config
	unified unified.Config

	graphMu   sync.Mutex
	graph     *entra.Client
	unifiedMu sync.Mutex
	uni       *unified.Client
}

func newClients(_ context.Context, cfg providerModel, version string, opts Options) (*clients, diag.Diagnostics) {
	var diags diag.Diagnostics
	c := &clients{version: version, opts: opts}
	c.signin = signin.Config{
		Environment:               firstSet(cfg.Environment, "ARM_ENVIRONMENT"),
		AuthorityHost:             firstSet(cfg.AuthorityHost, "ARM_AUTHORITY_HOST"),
		GraphEndpoint:             firstSet(cfg.GraphEndpoint, "ARM_GRAPH_ENDPOINT"),
		TenantID:                  firstSet(cfg.TenantID, "ARM_TENANT_ID"),
		ClientID:                  firstSet(cfg.ClientID, "ARM_CLIENT_ID"),
		ClientSecret:              firstSet(cfg.ClientSecret, "ARM_CLIENT_SECRET"),
		ClientCertificatePath:     firstSet(cfg.ClientCertificatePath, "ARM_CLIENT_CERTIFICATE_PATH"),
		ClientCertificate:         firstSet(cfg.ClientCertificate, "ARM_CLIENT_CERTIFICATE"),
		ClientCertificatePassword: firstSet(cfg.ClientCertificatePassword, "ARM_CLIENT_CERTIFICATE_PASSWORD"),
		UseOIDC:                   firstBoolDefault(&diags, cfg.UseOIDC, "ARM_USE_OIDC", false),
		OIDCToken:                 firstSet(cfg.OIDCToken, "ARM_OIDC_TOKEN"),
		OIDCTokenFilePath:         firstSet(cfg.OIDCTokenFilePath, "ARM_OIDC_TOKEN_FILE_PATH", "AZURE_FEDERATED_TOKEN_FILE"),
		OIDCRequestURL:            firstSet(cfg.OIDCRequestURL, "ARM_OIDC_REQUEST_URL", "ACTIONS_ID_TOKEN_REQUEST_URL"),
		OIDCRequestToken:          firstSet(cfg.OIDCRequestToken, "ARM_OIDC_REQUEST_TOKEN", "ACTIONS_ID_TOKEN_REQUEST_TOKEN"),
		ADOServiceConnectionID:    firstSet(cfg.ADOPipelineServiceConnection, "ARM_ADO_PIPELINE_SERVICE_CONNECTION_ID"),
		UseMSI:                    firstBoolDefault(&diags, cfg.UseMSI, "ARM_USE_MSI", false),
		UseCLI:                    firstBoolDefault(&diags, cfg.UseCLI, "ARM_USE_CLI", true),
	}
	c.unified = unified.Config{
		Token:       firstSet(cfg.UnifiedAPIToken, "UNIFIED_API_TOKEN"),
		WorkspaceID: firstSet(cfg.UnifiedWorkspaceID, "UNIFIED_WORKSPACE_ID"),
		APIURL:      firstSet(cfg.UnifiedAPIURL, "UNIFIED_API_URL"),
		Region:      unified.Region(firstSet(cfg.UnifiedRegion, "UNIFIED_REGION")),
		UserAgent:   "terraform-provider-unifiedto/" + version,
		Log: func(ctx context.Context, method, path string, status int, elapsed time.Duration) {
			tflog.Debug(ctx, "Unified.to request", map[string]any{"method": method, "path": path, "status": status, "elapsed_ms": elapsed.Milliseconds()})
		},
	}
	return c, diags
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
	cloud, err := signin.ResolveCloud(c.signin.Environment, c.signin.AuthorityHost, c.signin.GraphEndpoint)
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

// firstSet returns the attribute's value when set, else the first non-empty
// environment variable of envs.
func firstSet(attr types.String, envs ...string) string {
	if !attr.IsNull() && !attr.IsUnknown() {
		return attr.ValueString()
	}
	for _, name := range envs {
		if v := os.Getenv(name); v != "" {
			return v
		}
	}
	return ""
}

// firstBoolDefault is firstSet for booleans, with def when neither is set.
func firstBoolDefault(diags *diag.Diagnostics, attr types.Bool, env string, def bool) bool {
	if !attr.IsNull() && !attr.IsUnknown() {
		return attr.ValueBool()
	}
	v := os.Getenv(env)
	if v == "" {
		return def
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		diags.AddError(fmt.Sprintf("Invalid %s", env), fmt.Sprintf("%s=%q is not a boolean; use true or false.", env, v))
	}
	return b
}
