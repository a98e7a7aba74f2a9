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
		e.mustSignInFor(t, cfg, freshScope(t))
	})
	t.Run("user-assigned by client_id", func(t *testing.T) {
		cfg := e.config()
		cfg.UseMSI = true
		scope := freshScope(t)
		_, err := signInFor(t, cfg, scope)
		if err == nil {
			t.Fatal("GetToken succeeded for an identity not assigned to the resource")
		}
		mustContain(t, err.Error(), "managed identity, enabled by use_msi (ARM_USE_MSI)", "No User Assigned")
		e.srv.AddUserAssignedIdentity(testClientID)
		e.mustSignInFor(t, cfg, scope)
	})
}
