package signin

import (
	"strings"
	"testing"
)

// Configuration mistakes fail at NewCredential, all at once, each naming
// the attribute and its environment variable.
func TestNewCredential_validation(t *testing.T) {
	const tenant = "0f5a7c7e-54f4-4a1c-9a71-3a0b3e0d9f00"
	tests := map[string]struct {
		cfg  Config
		want []string
	}{
		"nothing configured": {Config{}, []string{
			"no Microsoft Entra ID sign-in method is configured",
			"client_secret (ARM_CLIENT_SECRET)", "client_certificate_path (ARM_CLIENT_CERTIFICATE_PATH)",
			"use_oidc (ARM_USE_OIDC)", "use_msi (ARM_USE_MSI)", "use_cli (ARM_USE_CLI)"}},
		"OIDC token without use_oidc": {Config{OIDCToken: "eyJ.x.y"}, []string{
			"no Microsoft Entra ID sign-in method", "An OIDC token source is set, but use_oidc (ARM_USE_OIDC) is not true"}},
		"secret without tenant and client": {Config{ClientSecret: "abc"}, []string{
			"tenant_id (ARM_TENANT_ID) is required to sign in with a client secret",
			"client_id (ARM_CLIENT_ID) is required to sign in with a client secret"}},
		"bad tenant": {Config{ClientSecret: "abc", ClientID: "c", TenantID: "not a tenant!"}, []string{
			`tenant_id (ARM_TENANT_ID) "not a tenant!" is not a tenant id`}},
		"use_oidc without source": {Config{UseOIDC: true, ClientID: "c", TenantID: tenant}, []string{
			"use_oidc (ARM_USE_OIDC) is true but no OIDC token source is set", "oidc_token (ARM_OIDC_TOKEN)",
			"oidc_token_file_path (ARM_OIDC_TOKEN_FILE_PATH)", "ARM_OIDC_REQUEST_URL or ACTIONS_ID_TOKEN_REQUEST_URL",
			"ado_pipeline_service_connection_id (ARM_ADO_PIPELINE_SERVICE_CONNECTION_ID)"}},
		"GitHub URL without token": {Config{UseOIDC: true, ClientID: "c", TenantID: tenant, OIDCRequestURL: "https://pipelines.actions.githubusercontent.com/x"}, []string{
			"oidc_request_token (ARM_OIDC_REQUEST_TOKEN or ACTIONS_ID_TOKEN_REQUEST_TOKEN) is not", "id-token: write"}},
		"GitHub URL over http": {Config{UseOIDC: true, ClientID: "c", TenantID: tenant, OIDCRequestURL: "http://example.test/x", OIDCRequestToken: "tok-123456"}, []string{
			"oidc_request_url (ARM_OIDC_REQUEST_URL or ACTIONS_ID_TOKEN_REQUEST_URL)", "must be an https URL"}},
		"Azure DevOps without the pipeline's variables": {Config{UseOIDC: true, ClientID: "c", TenantID: tenant, ADOServiceConnectionID: "sc"}, []string{
			"SYSTEM_OIDCREQUESTURI", "SYSTEM_ACCESSTOKEN: $(System.AccessToken)"}},
		"unknown environment": {Config{Environment: "mooncake", UseCLI: true}, []string{
			"environment (ARM_ENVIRONMENT)", "public, usgovernment, usgovernmentl5, china"}},
		"authority over http": {Config{AuthorityHost: "http://127.0.0.1:1", UseCLI: true}, []string{
			"authority_host (ARM_AUTHORITY_HOST)", "https"}},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Setenv("SYSTEM_OIDCREQUESTURI", "")
			t.Setenv("SYSTEM_ACCESSTOKEN", "")
			cred, err := NewCredential(tt.cfg)
			if err == nil {
				t.Fatalf("NewCredential = %T, want an error", cred)
			}
			mustContain(t, err.Error(), tt.want...)
			noSecrets(t, err.Error(), tt.cfg.ClientSecret, tt.cfg.OIDCToken, tt.cfg.OIDCRequestToken)
		})
	}
}

func TestNewCredential_validationReportsEveryProblem(t *testing.T) {
	_, err := NewCredential(Config{ClientCertificatePath: "a.pem", ClientCertificate: "QUJD", UseOIDC: true})
	if err == nil {
		t.Fatal("NewCredential succeeded")
	}
	if n := strings.Count(err.Error(), "\n") + 1; n < 4 {
		t.Errorf("got %d problems, want all four (both certificate forms, no OIDC source, no tenant, no client):\n%v", n, err)
	}
}
