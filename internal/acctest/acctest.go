// Package acctest is the shared acceptance-test harness: it starts the
// emulators (one set per test, so tests can run in parallel and inject
// faults without disturbing each other), serves the provider in-process to
// the real terraform binary through terraform-plugin-testing, and writes
// the provider block that points at the emulators.
//
// With UNIFIEDTO_LIVE=1 the same tests run against a real tenant and
// Unified.to workspace instead, configured by the ARM_* and UNIFIED_*
// environment variables; tests that need the emulator (fault injection,
// out-of-band edits through its store) skip there, saying why.
package acctest

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/emulator"
	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/emulator/emuhttp"
	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/entra"
	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/provider"
)

// sharedCA signs every emulator of the test process: Go reads SSL_CERT_FILE
// once, so the file Main writes must stay valid for the whole run.
var sharedCA *emuhttp.CA

// Live reports whether tests run against real services (UNIFIEDTO_LIVE=1).
func Live() bool { return os.Getenv("UNIFIEDTO_LIVE") == "1" }

// Main is TestMain for packages with acceptance tests.
func Main(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	// terraform would otherwise call HashiCorp's checkpoint service.
	os.Setenv("CHECKPOINT_DISABLE", "1")
	if Live() {
		return m.Run()
	}
	ca, err := emuhttp.NewCA()
	if err != nil {
		fmt.Fprintln(os.Stderr, "acctest: making the emulator CA:", err)
		return 1
	}
	dir, err := os.MkdirTemp("", "unifiedto-acctest-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "acctest:", err)
		return 1
	}
	defer os.RemoveAll(dir)
	caFile := filepath.Join(dir, "emulator-ca.pem")
	if err := ca.WriteFile(caFile); err != nil {
		fmt.Fprintln(os.Stderr, "acctest:", err)
		return 1
	}
	os.Setenv("SSL_CERT_FILE", caFile)
	sharedCA = ca
	// Offline acceptance tests are the default test suite: they need no
	// credentials, so they do not wait for TF_ACC like live ones would.
	if os.Getenv("TF_ACC") == "" {
		os.Setenv("TF_ACC", "1")
	}
	return m.Run()
}

// TestRetryPolicy keeps retries short against the emulator, whose
// replication lag is set in milliseconds.
var TestRetryPolicy = entra.RetryPolicy{InitialDelay: 50 * time.Millisecond, MaxDelay: 500 * time.Millisecond, MaxElapsed: time.Minute}

// Harness is one test's world: an emulator, or the real services.
type Harness struct {
	Emu *emulator.Emulator // nil in live mode
}

// New starts the emulators for t, or returns a live harness.
func New(t *testing.T) *Harness {
	t.Helper()
	if Live() {
		return &Harness{}
	}
	if sharedCA == nil {
		t.Fatal("acctest.New needs acctest.Main as the package's TestMain")
	}
	emu, err := emulator.Start(emulator.Options{CA: sharedCA})
	if err != nil {
		t.Fatalf("starting the emulators: %v", err)
	}
	t.Cleanup(emu.Close)
	return &Harness{Emu: emu}
}

// RequireEmulator skips t in live mode: what it checks needs the emulator.
func (h *Harness) RequireEmulator(t *testing.T, what string) {
	t.Helper()
	if h.Emu == nil {
		t.Skipf("skipped against real services: %s needs the emulator", what)
	}
}

// Factories serves the provider in-process.
func (h *Harness) Factories() map[string]func() (tfprotov6.ProviderServer, error) {
	opts := provider.Options{}
	if h.Emu != nil {
		opts.GraphRetry = TestRetryPolicy
	}
	return map[string]func() (tfprotov6.ProviderServer, error){
		"unifiedto": providerserver.NewProtocol6WithError(provider.NewWithOptions("test", opts)()),
	}
}

// Config prefixes body with the provider block for this harness. In live
// mode the block is empty and the provider reads ARM_* and UNIFIED_*.
func (h *Harness) Config(body string) string {
	return h.ConfigWith(nil, body)
}

// ConfigWith is Config with some provider attributes changed: edit gets
// the emulator's attributes and may change or delete them.
func (h *Harness) ConfigWith(edit func(attrs map[string]string), body string) string {
	if h.Emu == nil {
		return `provider "unifiedto" {}` + "\n" + body
	}
	env := h.Emu.Env("us", "")
	attrs := map[string]string{
		"tenant_id":            env["ARM_TENANT_ID"],
		"client_id":            env["ARM_CLIENT_ID"],
		"client_secret":        env["ARM_CLIENT_SECRET"],
		"authority_host":       env["ARM_AUTHORITY_HOST"],
		"graph_endpoint":       env["ARM_GRAPH_ENDPOINT"],
		"unified_api_token":    env["UNIFIED_API_TOKEN"],
		"unified_workspace_id": env["UNIFIED_WORKSPACE_ID"],
		"unified_api_url":      env["UNIFIED_API_URL"],
	}
	if edit != nil {
		edit(attrs)
	}
	names := make([]string, 0, len(attrs))
	for name := range attrs {
		names = append(names, name)
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString("provider \"unifiedto\" {\n")
	for _, name := range names {
		fmt.Fprintf(&b, "  %s = %q\n", name, attrs[name])
	}
	b.WriteString("}\n")
	return b.String() + body
}
