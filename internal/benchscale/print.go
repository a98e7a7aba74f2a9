package main

import (
	"cmp"
	"fmt"
	"io"
	"maps"
	"os"
	"runtime"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
)

// printTable prints one N's results.
func printTable(w io.Writer, results []result, withNoop bool) {
	if len(results) == 0 {
		return
	}
	n := results[0].n
	fmt.Fprintf(w, "N = %d\n", n)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "command\tprovider\tno-op\tratio\tgraph req/app\tlogin req/app\tunified req/app\tplugin peak RSS\tno-op RSS\tplugins\t")
	for _, r := range results {
		per := func(service string) string { return fmt.Sprintf("%.2f", float64(r.requests[service])/float64(n)) }
		noop, ratio, noopRSS := "-", "-", "-"
		if withNoop {
			noop = secs(r.noopWall)
			ratio = fmt.Sprintf("%.2f×", r.wall.Seconds()/r.noopWall.Seconds())
			noopRSS = mib(r.noopRSS)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t\n", r.command, secs(r.wall), noop, ratio,
			per("graph"), per("login"), per("unified"), mib(r.peakRSS), noopRSS, r.plugins)
	}
	_ = tw.Flush()
	fmt.Fprintln(w)
}

// printRoutes prints, for each command, the requests per application of
// each route, most frequent first: where a request count comes from.
func printRoutes(w io.Writer, results []result) {
	for _, r := range results {
		if len(r.routes) == 0 {
			continue
		}
		fmt.Fprintf(w, "  %s, requests per application by route:\n", r.command)
		routes := slices.Collect(maps.Keys(r.routes))
		slices.SortFunc(routes, func(a, b string) int { return cmp.Or(r.routes[b]-r.routes[a], strings.Compare(a, b)) })
		for _, route := range routes {
			fmt.Fprintf(w, "    %6.2f  %s\n", float64(r.routes[route])/float64(r.n), route)
		}
	}
	fmt.Fprintln(w)
}

func secs(d time.Duration) string { return fmt.Sprintf("%.1f s", d.Seconds()) }

func mib(b int64) string {
	if b == 0 {
		return "?"
	}
	return fmt.Sprintf("%.0f MiB", float64(b)/(1<<20))
}

// printMachine says what the figures were measured on.
func printMachine() {
	mem := "?"
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if rest, ok := strings.CutPrefix(line, "MemTotal:"); ok {
				var kb int64
				_, _ = fmt.Sscan(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), &kb)
				mem = fmt.Sprintf("%.0f GiB", float64(kb)/(1<<20))
			}
		}
	}
	fmt.Printf("machine: %d CPUs, %s memory, %s/%s, %s\n", runtime.NumCPU(), mem, runtime.GOOS, runtime.GOARCH, runtime.Version())
}
