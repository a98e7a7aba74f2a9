// Command demo shows the provider working end to end on the local
// emulators, with nothing but Go and terraform: it builds the provider,
// starts the emulators, applies examples/end-to-end through a generated
// dev_overrides CLI configuration (never the user's own), changes things
// outside Terraform and shows that a plan detects it, then destroys.
// It exits non-zero when any step fails. Run it with `make demo`.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/emulator"
)

func main() {
	measure := flag.Bool("measure", false, "instead of the tour, print measurements: binary size, provider start to schema, requests and wall time of apply and plan")
	latency := flag.Duration("latency", 0, "latency the emulators add to every request")
	flag.Parse()
	what := "demo"
	if *measure {
		what = "measurement"
	}
	start := time.Now()
	if err := run(*measure, *latency); err != nil {
		fmt.Fprintf(os.Stderr, "\n%s FAILED: %v\n", what, err)
		os.Exit(1)
	}
	fmt.Printf("\n%s passed in %s\n", what, time.Since(start).Round(time.Millisecond))
}

func run(measure bool, latency time.Duration) error {
	root, err := os.Getwd()
	if err != nil {
		return err
	}
	work, err := os.MkdirTemp("", "unifiedto-demo-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)

	step("Building the provider")
	pluginDir := filepath.Join(work, "plugins")
	if err := command(root, nil, "go", "build", "-o", filepath.Join(pluginDir, "terraform-provider-unifiedto"), ".").run(); err != nil {
		return err
	}

	step("Starting the emulators (Entra sign-in, Microsoft Graph, Unified.to us/eu/au)")
	emu, err := emulator.Start(emulator.Options{})
	if err != nil {
		return err
	}
	defer emu.Close()
	caFile := filepath.Join(work, "emulator-ca.pem")
	if err := emu.CA.WriteFile(caFile); err != nil {
		return err
	}
	fmt.Printf("Graph %s, sign-in %s, Unified.to %s\n", emu.GraphURL, emu.LoginURL, emu.UnifiedURLs[region])

	for _, f := range []interface{ SetLatency(time.Duration) }{emu.LoginFaults, emu.GraphFaults, emu.UnifiedFaults} {
		f.SetLatency(latency)
	}
	tf, err := newTerraform(root, work, pluginDir, emu.Env(region, caFile))
	if err != nil {
		return err
	}
	if measure {
		return measurements(tf, emu, filepath.Join(pluginDir, "terraform-provider-unifiedto"))
	}
	return tour(tf, emu)
}

// region is the Unified.to region of the demo's workspace; it matches the
// example's default unified_region.
const region = "eu"

func step(title string) { fmt.Printf("\n==> %s\n", title) }
