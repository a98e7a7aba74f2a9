// Command benchscale is `make bench-scale`: it measures what a fleet of
// application registrations costs. For each N it writes a configuration
// with N copies of the guide's Entra resources (application, redirect URIs,
// two API accesses, a client secret; the Unified.to integration is left
// out, so Unified.to sees no requests), and runs apply from empty, a
// no-change plan and `plan -refresh=false` against the local emulators with
// a latency on every request, once with the provider and once with a
// framework-only no-op provider (./noop) of the same schemas. It prints per
// N and command: wall time, the ratio to the no-op provider, requests per
// application by service, and the plugin's peak RSS; and once, the
// provider's start-to-schema time.
//
// It prints figures; it asserts nothing but that every command succeeds
// and that the no-change plan has no changes.
//
//	go run ./internal/benchscale -n 1,10 -parallelism 10 -latency 50ms
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

func main() {
	ns := flag.String("n", "1,10,50,200", "comma-separated numbers of application copies")
	parallelism := flag.Int("parallelism", 10, "terraform -parallelism")
	latency := flag.Duration("latency", 50*time.Millisecond, "latency the emulators add to every request")
	src := flag.String("src", ".", "module directory to build the provider from (e.g. a checkout of an older commit, to compare)")
	noop := flag.Bool("noop", true, "also run the no-op provider and print ratios")
	keep := flag.Bool("keep", false, "keep the working directory (configurations, CPU profiles) and print its path")
	routes := flag.Bool("routes", false, "also print the requests per application of each route")
	profile := flag.Bool("cpuprofile", false, "write a CPU profile, and heap profiles at the peak, of every provider process into the working directory (needs -src to contain internal/benchscale/profiled; GOMEMLIMIT=off profiles the heap without the plugin's soft memory limit)")
	flag.Parse()

	var counts []int
	for _, s := range strings.Split(*ns, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			fmt.Fprintf(os.Stderr, "bench-scale: -n: %q is not a positive number\n", s)
			os.Exit(2)
		}
		counts = append(counts, n)
	}
	b := &bench{parallelism: *parallelism, latency: *latency, withNoop: *noop, profile: *profile, routes: *routes}
	if err := b.run(*src, counts, *keep); err != nil {
		fmt.Fprintln(os.Stderr, "bench-scale FAILED:", err)
		os.Exit(1)
	}
}

type bench struct {
	parallelism int
	latency     time.Duration
	withNoop    bool
	profile     bool
	routes      bool

	work           string
	provider, noop string // plugin directories for dev_overrides
	providerBinary string
	noopBinary     string
}

func (b *bench) run(src string, counts []int, keep bool) error {
	root, err := os.Getwd()
	if err != nil {
		return err
	}
	if b.work, err = os.MkdirTemp("", "unifiedto-bench-scale-"); err != nil {
		return err
	}
	if keep {
		fmt.Println("working directory:", b.work)
	} else {
		defer os.RemoveAll(b.work)
	}
	if src, err = filepath.Abs(src); err != nil {
		return err
	}
	if err := b.build(root, src); err != nil {
		return err
	}
	printMachine()
	startup, err := b.startToSchema(b.provider)
	if err != nil {
		return err
	}
	noopStartup := "-"
	if b.withNoop {
		d, err := b.startToSchema(b.noop)
		if err != nil {
			return err
		}
		noopStartup = d.Round(time.Millisecond).String()
	}
	fmt.Printf("provider start to schema: %v, no-op %s (median of 7; `terraform providers schema -json` minus `terraform version`)\n\n",
		startup.Round(time.Millisecond), noopStartup)
	var results []result
	for _, n := range counts {
		r, err := b.runN(n)
		if err != nil {
			return fmt.Errorf("with %d copies: %w", n, err)
		}
		results = append(results, r...)
		printTable(os.Stdout, results[len(results)-len(r):], b.withNoop)
		if b.routes {
			printRoutes(os.Stdout, results[len(results)-len(r):])
		}
	}
	return nil
}

// build compiles the provider from src and the no-op provider from this
// module, each into its own dev_overrides directory.
func (b *bench) build(root, src string) error {
	b.provider = filepath.Join(b.work, "provider")
	b.noop = filepath.Join(b.work, "noop")
	b.providerBinary = filepath.Join(b.provider, "terraform-provider-unifiedto")
	b.noopBinary = filepath.Join(b.noop, "terraform-provider-unifiedto")
	pkg := "."
	if b.profile {
		pkg = "./internal/benchscale/profiled"
	}
	fmt.Printf("building the provider from %s\n", src)
	if err := run(src, nil, "go", "build", "-o", b.providerBinary, pkg); err != nil {
		return err
	}
	if b.withNoop {
		fmt.Println("building the no-op provider (internal/benchscale/noop)")
		if err := run(root, nil, "go", "build", "-o", b.noopBinary, "./internal/benchscale/noop"); err != nil {
			return err
		}
	}
	return nil
}
