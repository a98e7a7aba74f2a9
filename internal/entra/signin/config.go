package signin

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
)

// Config is the provider's sign-in configuration, each field already
// resolved from its attribute or ARM_* variable. Field comments name both.
type Config struct {
	Environment   string // environment, ARM_ENVIRONMENT: public (default), usgovernment, usgovernmentl5, china
	AuthorityHost string // authority_host, ARM_AUTHORITY_HOST: overrides the cloud's; https only
	GraphEndpoint string // graph_endpoint, ARM_GRAPH_ENDPOINT: overrides the cloud's

	TenantID     string // tenant_id, ARM_TENANT_ID
	ClientID     string // client_id, ARM_CLIENT_ID; for managed identity, selects a user-assigned one
	ClientSecret string // client_secret, ARM_CLIENT_SECRET

	ClientCertificatePath     string // client_certificate_path, ARM_CLIENT_CERTIFICATE_PATH: PEM or PKCS#12 file
	ClientCertificate         string // client_certificate, ARM_CLIENT_CERTIFICATE: base64 of PKCS#12 or PEM (raw PEM too)
	ClientCertificatePassword string // client_certificate_password, ARM_CLIENT_CERTIFICATE_PASSWORD

	UseOIDC                bool   // use_oidc, ARM_USE_OIDC
	OIDCToken              string // oidc_token, ARM_OIDC_TOKEN
	OIDCTokenFilePath      string // oidc_token_file_path, ARM_OIDC_TOKEN_FILE_PATH
	OIDCRequestURL         string // oidc_request_url, ARM_OIDC_REQUEST_URL / ACTIONS_ID_TOKEN_REQUEST_URL
	OIDCRequestToken       string // oidc_request_token, ARM_OIDC_REQUEST_TOKEN / ACTIONS_ID_TOKEN_REQUEST_TOKEN
	ADOServiceConnectionID string // ado_pipeline_service_connection_id, ARM_ADO_PIPELINE_SERVICE_CONNECTION_ID

	// UseMSI (use_msi, ARM_USE_MSI) signs in with a managed identity. There
	// is no endpoint setting: azidentity finds the endpoint itself, from
	// IDENTITY_ENDPOINT on App Service and Functions or IMDS on virtual
	// machines, and offers no way to set it.
	UseMSI bool

	UseCLI bool // use_cli, ARM_USE_CLI

	// Sources maps an attribute name ("tenant_id") to the environment
	// variable its value came from ("ARM_TENANT_ID"); an attribute absent
	// from it was written in the provider block. Errors about a value then
	// name it as the user wrote it. nil names both, "tenant_id (ARM_TENANT_ID)".
	Sources map[string]string

	// Transport, when set, sends every sign-in request (token endpoint,
	// OIDC endpoints, managed identity). It is a hook for tests, which
	// trust an emulator's CA through it; the provider leaves it nil and
	// relies on the system roots (SSL_CERT_FILE on Linux).
	Transport policy.Transporter
}

// Attribute names with their environment variables, as errors show them.
const (
	attrTenant     = "tenant_id (ARM_TENANT_ID)"
	attrClient     = "client_id (ARM_CLIENT_ID)"
	attrSecret     = "client_secret (ARM_CLIENT_SECRET)"
	attrCertPath   = "client_certificate_path (ARM_CLIENT_CERTIFICATE_PATH)"
	attrCert       = "client_certificate (ARM_CLIENT_CERTIFICATE)"
	attrCertPass   = "client_certificate_password (ARM_CLIENT_CERTIFICATE_PASSWORD)"
	attrUseOIDC    = "use_oidc (ARM_USE_OIDC)"
	attrOIDCToken  = "oidc_token (ARM_OIDC_TOKEN)"
	attrOIDCFile   = "oidc_token_file_path (ARM_OIDC_TOKEN_FILE_PATH)"
	attrRequestURL = "oidc_request_url (ARM_OIDC_REQUEST_URL or ACTIONS_ID_TOKEN_REQUEST_URL)"
	attrRequestTok = "oidc_request_token (ARM_OIDC_REQUEST_TOKEN or ACTIONS_ID_TOKEN_REQUEST_TOKEN)"
	attrADO        = "ado_pipeline_service_connection_id (ARM_ADO_PIPELINE_SERVICE_CONNECTION_ID)"
	attrUseMSI     = "use_msi (ARM_USE_MSI)"
	attrUseCLI     = "use_cli (ARM_USE_CLI)"
)

// Azure Pipelines' own variables, read as azidentity's
// AzurePipelinesCredential does when oidc_request_url / oidc_request_token
// are not set.
const (
	envADORequestURI  = "SYSTEM_OIDCREQUESTURI"
	envADOAccessToken = "SYSTEM_ACCESSTOKEN"
)

func (cfg Config) usesCertificate() bool {
	return cfg.ClientCertificatePath != "" || cfg.ClientCertificate != ""
}

// adoRequest returns the Azure DevOps OIDC endpoint and system access token.
func (cfg Config) adoRequest() (requestURL, accessToken string) {
	requestURL, accessToken = cfg.OIDCRequestURL, cfg.OIDCRequestToken
	if requestURL == "" {
		requestURL = os.Getenv(envADORequestURI)
	}
	if accessToken == "" {
		accessToken = os.Getenv(envADOAccessToken)
	}
	return requestURL, accessToken
}

// validate finds every configuration mistake at once, without I/O, so that
// the user fixes them in one round.
func (cfg Config) validate() error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }

	var appMethods []string // the methods that sign in as an application registration
	if cfg.usesCertificate() {
		appMethods = append(appMethods, "a client certificate")
		if cfg.ClientCertificatePath != "" && cfg.ClientCertificate != "" {
			bad("set only one of %s and %s", attrCertPath, attrCert)
		}
	}
	if cfg.ClientSecret != "" {
		appMethods = append(appMethods, "a client secret")
	}
	if cfg.UseOIDC {
		appMethods = append(appMethods, "OIDC")
		errs = append(errs, cfg.validateOIDC()...)
	}
	if len(appMethods) > 0 {
		how := strings.Join(appMethods, ", ")
		if cfg.TenantID == "" {
			bad("%s is required to sign in with %s: set it to the directory (tenant) id of the application", attrTenant, how)
		}
		if cfg.ClientID == "" {
			bad("%s is required to sign in with %s: set it to the application (client) id that signs in", attrClient, how)
		}
	}
	if cfg.TenantID != "" && !validTenantID(cfg.TenantID) {
		bad("%s %q is not a tenant id: use the directory (tenant) GUID or a domain such as contoso.onmicrosoft.com", cfg.name(attrTenant), cfg.TenantID)
	}
	if len(errs) == 0 && len(appMethods) == 0 && !cfg.UseMSI && !cfg.UseCLI {
		errs = append(errs, cfg.noMethod())
	}
	return errors.Join(errs...)
}

func (cfg Config) validateOIDC() []error {
	var errs []error
	hasRequest := cfg.OIDCRequestURL != "" || cfg.OIDCRequestToken != ""
	switch {
	case cfg.ADOServiceConnectionID != "":
		u, tok := cfg.adoRequest()
		if u == "" {
			errs = append(errs, fmt.Errorf("%s is set, so %s or %s is required: Azure Pipelines sets %s", attrADO, attrRequestURL, envADORequestURI, envADORequestURI))
		} else if err := checkRequestURL(u); err != nil {
			errs = append(errs, err)
		}
		if tok == "" {
			errs = append(errs, fmt.Errorf("%s is set, so %s or %s is required: map it into the step with `env: SYSTEM_ACCESSTOKEN: $(System.AccessToken)`", attrADO, attrRequestTok, envADOAccessToken))
		}
	case hasRequest:
		if cfg.OIDCRequestURL == "" {
			errs = append(errs, fmt.Errorf("%s is set but %s is not: in GitHub Actions both come from `permissions: id-token: write`", attrRequestTok, attrRequestURL))
		} else if err := checkRequestURL(cfg.OIDCRequestURL); err != nil {
			errs = append(errs, err)
		}
		if cfg.OIDCRequestToken == "" {
			errs = append(errs, fmt.Errorf("%s is set but %s is not: in GitHub Actions both come from `permissions: id-token: write`", attrRequestURL, attrRequestTok))
		}
	case cfg.OIDCToken == "" && cfg.OIDCTokenFilePath == "":
		errs = append(errs, fmt.Errorf("%s is true but no OIDC token source is set: set %s, %s, %s with %s (GitHub Actions sets both with `permissions: id-token: write`), or %s in Azure Pipelines",
			cfg.name(attrUseOIDC), attrOIDCToken, attrOIDCFile, attrRequestURL, attrRequestTok, attrADO))
	}
	return errs
}

// noMethod explains that nothing is enabled, and points out settings that
// look like an intent but do not enable a method on their own.
func (cfg Config) noMethod() error {
	var b strings.Builder
	b.WriteString("no Microsoft Entra ID sign-in method is configured. Set one of:\n" +
		"  - " + attrClient + ", " + attrTenant + " and " + attrCertPath + " or " + attrCert + " (client certificate)\n" +
		"  - " + attrClient + ", " + attrTenant + " and " + attrSecret + " (client secret)\n" +
		"  - " + attrUseOIDC + " = true with a token source (GitHub Actions, Azure DevOps, AKS workload identity)\n" +
		"  - " + attrUseMSI + " = true on an Azure resource with a managed identity\n" +
		"  - " + attrUseCLI + " = true after `az login`")
	if !cfg.UseOIDC && (cfg.OIDCToken != "" || cfg.OIDCTokenFilePath != "" || cfg.ADOServiceConnectionID != "") {
		b.WriteString("\nAn OIDC token source is set, but " + attrUseOIDC + " is not true.")
	}
	return errors.New(b.String())
}

// checkRequestURL accepts an OIDC request URL: https, because the request
// carries a bearer token; unlike an authority host it may have a query.
func checkRequestURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "https" || u.Host == "" || u.User != nil {
		return fmt.Errorf("%s %q must be an https URL without credentials", attrRequestURL, raw)
	}
	return nil
}

// name is how an error names the setting label ("tenant_id (ARM_TENANT_ID)")
// when it talks about its value: as the user wrote it, the attribute or the
// environment variable, when Sources says which; else both.
func (cfg Config) name(label string) string {
	if cfg.Sources == nil {
		return label
	}
	attr, _, _ := strings.Cut(label, " ")
	if env := cfg.Sources[attr]; env != "" {
		return env
	}
	return attr
}

// validTenantID accepts what azidentity accepts: a GUID or a domain name.
func validTenantID(id string) bool {
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '.') {
			return false
		}
	}
	return id != ""
}
