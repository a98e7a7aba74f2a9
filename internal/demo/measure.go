package main

import (
	"fmt"
	"os"
	"slices"
	"time"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/emulator"
)

// guideResources are the end-to-end example's resources, each after what
// it depends on, with those dependencies (a -target plan refreshes them too).
var guideResources = []struct {
	addr string
	deps []string
}{
	{"unifiedto_entra_application.dynamics", nil},
	{"unifiedto_entra_redirect_uris.dynamics", []string{"unifiedto_entra_application.dynamics"}},
	{"unifiedto_entra_api_access.graph", []string{"unifiedto_entra_application.dynamics"}},
	{"unifiedto_entra_api_access.dynamics", []string{"unifiedto_entra_application.dynamics"}},
	{"unifiedto_workspace_integration.dynamics", []string{
		"unifiedto_entra_application.dynamics", "unifiedto_entra_redirect_uris.dynamics", "unifiedto_entra_api_access.graph",
		"unifiedto_entra_api_access.dynamics",
	}},
}

// measurements prints the figures the closing notes report. Run it with
// `go run ./internal/demo -measure -latency 50ms`.
func measurements(tf *terraform, emu *emulator.Emulator, binary string) error {
	info, err := os.Stat(binary)
	if err != nil {
		return err
	}
	fmt.Printf("\nprovider binary: %.1f MiB\n", float64(info.Size())/(1<<20))

	// Provider start to schema, as terraform sees it: `terraform providers
	// schema -json` starts the plugin and asks its schema. `terraform
	// version` starts no plugin, so the difference is the provider's share.
	schema := median(5, func() error { return tf.quiet("providers", "schema", "-json") })
	version := median(5, func() error { return tf.quiet("version") })
	fmt.Printf("terraform providers schema -json: %v (terraform version alone: %v; provider start to schema ≈ %v)\n",
		schema.Round(time.Millisecond), version.Round(time.Millisecond), (schema - version).Round(time.Millisecond))

	if err := measured(emu, "apply from empty", func() error { return tf.quiet("apply", "-auto-approve", "-input=false") }); err != nil {
		return err
	}
	if err := measured(emu, "plan with nothing changed", func() error { return tf.quiet("plan", "-input=false") }); err != nil {
		return err
	}

	// A plan refreshes every resource; -target splits that by resource. A
	// target also refreshes what it depends on, so the dependencies' own
	// counts are subtracted.
	fmt.Println("\nplan with nothing changed, requests by resource (refresh of that resource, plan-time checks included):")
	own := map[string][2]int{}
	for _, r := range guideResources {
		emu.Log.Reset()
		if err := tf.quiet("plan", "-input=false", "-target="+r.addr); err != nil {
			return err
		}
		graph, uni := emu.Log.Count("graph", "", ""), countPrefix(emu, "unified-")
		for _, dep := range r.deps {
			graph, uni = graph-own[dep][0], uni-own[dep][1]
		}
		own[r.addr] = [2]int{graph, uni}
		fmt.Printf("   %-42s graph %d, unified %d\n", r.addr, graph, uni)
	}
	return tf.quiet("destroy", "-auto-approve", "-input=false")
}

// median runs f n times and returns the median wall time.
func median(n int, f func() error) time.Duration {
	var times []time.Duration
	for range n {
		start := time.Now()
		if err := f(); err != nil {
			fmt.Fprintln(os.Stderr, "measure:", err)
		}
		times = append(times, time.Since(start))
	}
	slices.Sort(times)
	return times[n/2]
}
