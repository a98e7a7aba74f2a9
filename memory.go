package main

import (
	"os"
	"runtime/debug"
)

// softMemoryLimit is the plugin's soft memory limit (runtime/debug
// SetMemoryLimit) when the user has not set GOMEMLIMIT.
//
// Why: on a large plan most of the plugin's live heap is not the
// provider's. A heap profile of a no-change plan of 1,000 resources
// (`make bench-scale BENCH_FLAGS='-n 200 -cpuprofile -keep'`, heap-*.pprof)
// peaks at about 75 MiB live, two thirds of it the per-request logger
// contexts terraform-plugin-go builds for every RPC in flight, whether or
// not logs are on. Go's default collector lets the heap grow to twice the
// live heap before it collects, so the process peaked near 200 MiB. With
// the limit the collector runs earlier as the heap nears it, and the peak
// falls under 150 MiB; the limit is soft, so a larger live heap still fits,
// at the cost of more collection (the runtime caps that at half the CPU).
// GOMEMLIMIT, when set to any value (also "off"), wins; set but empty it
// counts as unset, as it does for the Go runtime.
const softMemoryLimit = 100 << 20

func limitMemoryUnlessAsked() {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetMemoryLimit(softMemoryLimit)
}
