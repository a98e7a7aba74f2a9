package acctest

import (
	"testing"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/entra"
	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/entra/signin"
	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/provider"
)

// Graph returns a Graph client signed in like the provider, for changes made
// "outside Terraform" (drift, disappears) that work against the emulator and
// a real tenant alike. In live mode it reads the environment through the
// provider's own mapping (provider.SigninFromEnvironment), so whatever signs
// the provider in (secret, certificate, OIDC, managed identity, CLI) signs
// these steps in too.
func (h *Harness) Graph(t *testing.T) *entra.Client {
	t.Helper()
	policy := entra.DefaultRetryPolicy
	var cfg signin.Config
	if h.Emu != nil {
		env := h.Emu.Env("us", "")
		cfg = signin.Config{TenantID: env["ARM_TENANT_ID"], ClientID: env["ARM_CLIENT_ID"], ClientSecret: env["ARM_CLIENT_SECRET"],
			AuthorityHost: env["ARM_AUTHORITY_HOST"], GraphEndpoint: env["ARM_GRAPH_ENDPOINT"]}
		policy = TestRetryPolicy
	} else {
		var err error
		if cfg, err = provider.SigninFromEnvironment(); err != nil {
			t.Fatalf("reading the sign-in settings from the environment: %v", err)
		}
	}
	cloud, err := signin.ResolveCloud(cfg.Environment, cfg.AuthorityHost, cfg.GraphEndpoint)
	if err != nil {
		t.Fatal(err)
	}
	cred, err := signin.NewCredential(cfg)
	if err != nil {
		t.Fatal(err)
	}
	client, err := entra.New(entra.Config{Credential: cred, GraphEndpoint: cloud.GraphEndpoint, Scope: cloud.GraphScope(), Policy: policy})
	if err != nil {
		t.Fatal(err)
	}
	return client
}
