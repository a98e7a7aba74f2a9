package provider

import (
	"context"
	"errors"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/entra/signin"
)

// SigninFromEnvironment is the sign-in configuration the provider uses
// under an empty provider block: every setting from its ARM_* (or CI)
// environment variable, through the same mapping as Configure. The test
// harness signs in with it for its out-of-band steps, so a live run in CI
// signs in exactly as the provider does: OIDC, certificate and managed
// identity included.
func SigninFromEnvironment() (signin.Config, error) {
	c, diags := newClients(context.Background(), providerModel{}, "", Options{})
	if c != nil {
		// Sign-in mistakes are recorded for plan, not returned (clients.go).
		diags.Append(c.graphConfig...)
	}
	if diags.HasError() {
		var errs []error
		for _, d := range diags.Errors() {
			errs = append(errs, errors.New(d.Summary()+": "+d.Detail()))
		}
		return signin.Config{}, errors.Join(errs...)
	}
	return c.signin, nil
}
