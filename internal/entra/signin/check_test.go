package signin

import (
	"path/filepath"
	"testing"
)

// Check finds at plan what sign-in would meet at apply, and names each
// setting as the user wrote it: the variable when it came from one.
func TestCheck_namesTheSettingAsWritten(t *testing.T) {
	const tenant = "0f5a7c7e-54f4-4a1c-9a71-3a0b3e0d9f00"
	missing := filepath.Join(t.TempDir(), "absent.pfx")
	fromEnv := func(attrs ...string) map[string]string {
		m := map[string]string{}
		for i := 0; i < len(attrs); i += 2 {
			m[attrs[i]] = attrs[i+1]
		}
		return m
	}
	tests := map[string]struct {
		cfg     Config
		want    []string
		notWant string
	}{
		"environment from the variable": {Config{Environment: "azurecloud", UseCLI: true, Sources: fromEnv("environment", "ARM_ENVIRONMENT")},
			[]string{`ARM_ENVIRONMENT "azurecloud" is not a Microsoft cloud`, "public, usgovernment, usgovernmentl5, china"}, "environment (ARM_ENVIRONMENT)"},
		"environment from the attribute": {Config{Environment: "azurecloud", UseCLI: true, Sources: map[string]string{}},
			[]string{`environment "azurecloud" is not a Microsoft cloud`}, "ARM_ENVIRONMENT"},
		"tenant from the variable": {Config{TenantID: "contoso onmicrosoft", UseCLI: true, Sources: fromEnv("tenant_id", "ARM_TENANT_ID")},
			[]string{`ARM_TENANT_ID "contoso onmicrosoft" is not a tenant id`, "GUID or a domain"}, ""},
		"graph endpoint with the version": {Config{GraphEndpoint: "https://graph.microsoft.com/v1.0", UseCLI: true, Sources: fromEnv("graph_endpoint", "ARM_GRAPH_ENDPOINT")},
			[]string{`ARM_GRAPH_ENDPOINT "https://graph.microsoft.com/v1.0" must not include the API version`, `use "https://graph.microsoft.com"`}, ""},
		"missing certificate file": {Config{TenantID: tenant, ClientID: "c", ClientCertificatePath: missing, Sources: map[string]string{}},
			[]string{`client_certificate_path "` + missing + `" does not exist`, "PEM or PKCS#12"}, ""},
		"certificate that does not parse": {Config{TenantID: tenant, ClientID: "c", ClientCertificate: "bm90IGEgY2VydGlmaWNhdGU=", ClientCertificatePassword: "pw-1234",
			Sources: fromEnv("client_certificate", "ARM_CLIENT_CERTIFICATE", "client_certificate_password", "ARM_CLIENT_CERTIFICATE_PASSWORD")},
			[]string{"reading the certificate from ARM_CLIENT_CERTIFICATE", "check ARM_CLIENT_CERTIFICATE_PASSWORD"}, "pw-1234"},
		"use_oidc without a token source": {Config{TenantID: tenant, ClientID: "c", UseOIDC: true, Sources: fromEnv("use_oidc", "ARM_USE_OIDC")},
			[]string{"ARM_USE_OIDC is true but no OIDC token source is set"}, ""},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Setenv("SYSTEM_OIDCREQUESTURI", "")
			t.Setenv("SYSTEM_ACCESSTOKEN", "")
			err := Check(tt.cfg)
			if err == nil {
				t.Fatal("Check accepted the configuration")
			}
			mustContain(t, err.Error(), tt.want...)
			if tt.notWant != "" {
				noSecrets(t, err.Error(), tt.notWant)
			}
		})
	}
}

// A configuration that signs in without any mistake passes, including a
// valid certificate file, so that Check does not refuse what works.
func TestCheck_acceptsAValidConfiguration(t *testing.T) {
	_, pemBytes := newRSACertificate(t)
	cfg := Config{TenantID: "contoso.onmicrosoft.com", ClientID: "c", ClientCertificatePath: writeFile(t, "c.pem", pemBytes),
		Environment: "usgovernment", GraphEndpoint: "https://graph.microsoft.us/", Sources: map[string]string{}}
	if err := Check(cfg); err != nil {
		t.Fatal(err)
	}
}
