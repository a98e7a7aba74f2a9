package acctest

import (
	"os"
	"testing"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/entra"
	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/entra/signin"
)

// Graph returns a Graph client signed in like the provider, for changes made
// "outside Terraform" (drift, disappears) that work against the emulator and
// a real tenant alike.
func (h *Harness) Graph(t *testing.T) *entra.Client {
	t.Helper()
	cfg := signin.Config{
		Environment:   os.Getenv("ARM_ENVIRONMENT"),
		TenantID:      os.Getenv("ARM_TENANT_ID"),
		ClientID:      os.Getenv("ARM_CLIENT_ID"),
		ClientSecret:  os.Getenv("ARM_CLIENT_SECRET"),
		AuthorityHost: os.Getenv("ARM_AUTHORITY_HOST"),
		GraphEndpoint: os.Getenv("ARM_GRAPH_ENDPOINT"),
		UseCLI:        os.Getenv("ARM_CLIENT_SECRET") == "",
	}
	policy := entra.DefaultRetryPolicy
	if h.Emu != nil {
		env := h.Emu.Env("us", "")
		cfg = signin.Config{TenantID: env["ARM_TENANT_ID"], ClientID: env["ARM_CLIENT_ID"], ClientSecret: env["ARM_CLIENT_SECRET"],
			AuthorityHost: env["ARM_AUTHORITY_HOST"], GraphEndpoint: env["ARM_GRAPH_ENDPOINT"]}
		policy = TestRetryPolicy
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
