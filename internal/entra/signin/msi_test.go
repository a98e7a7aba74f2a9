package signin

import (
	"testing"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/emulator/login"
)

// Only the App Service protocol can be emulated: azidentity picks it from
// IDENTITY_ENDPOINT and IDENTITY_HEADER, while the VM protocol is fixed to
// 169.254.169.254.
func TestNewCredential_managedIdentity(t *testing.T) {
	e := startEmulator(t)
	t.Setenv("IDENTITY_ENDPOINT", e.url+login.ManagedIdentityPath)
	t.Setenv("IDENTITY_HEADER", e.srv.ManagedIdentityHeader())

	t.Run("system-assigned", func(t *testing.T) {
		cfg := e.config()
		cfg.ClientID = ""
		cfg.UseMSI = true
		e.mustSignIn(t, cfg)
	})
	t.Run("user-assigned by client_id", func(t *testing.T) {
		cfg := e.config()
		cfg.UseMSI = true
		mustContain(t, signInError(t, cfg), "managed identity, enabled by use_msi (ARM_USE_MSI)", "No User Assigned")
		e.srv.AddUserAssignedIdentity(testClientID)
		e.mustSignIn(t, cfg)
	})
}

func TestNewCredential_msiEndpointIsRefused(t *testing.T) {
	cfg := Config{UseMSI: true, MSIEndpoint: "http://169.254.169.254/metadata/identity/oauth2/token"}
	_, err := NewCredential(cfg)
	if err == nil {
		t.Fatal("NewCredential accepted msi_endpoint, which azidentity cannot honour")
	}
	mustContain(t, err.Error(), "msi_endpoint (ARM_MSI_ENDPOINT) is not supported", "IDENTITY_ENDPOINT")
}
