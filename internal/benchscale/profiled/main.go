// Command profiled is the provider as main.go serves it, plus profiles:
// when UNIFIEDTO_CPUPROFILE_DIR is set, each plugin process writes
// cpu-<pid>.pprof there when Terraform stops it, and heap-<pid>.pprof each
// time its live heap reaches a new high (so the last one written is the
// heap at its peak). `go run
// ./internal/benchscale -cpuprofile -keep` builds it instead of the
// provider; inspect with `go tool pprof -top <binary> <profile>`.
package main

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"runtime/debug"
	"runtime/metrics"
	"runtime/pprof"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/provider"
)

func main() {
	if dir := os.Getenv("UNIFIEDTO_CPUPROFILE_DIR"); dir != "" {
		f, err := os.Create(filepath.Join(dir, fmt.Sprintf("cpu-%d.pprof", os.Getpid()))) //nolint:gosec // G703: the directory bench-scale made for the profiles
		if err != nil {
			log.Fatal(err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			log.Fatal(err)
		}
		go writeHeapAtPeak(filepath.Join(dir, fmt.Sprintf("heap-%d.pprof", os.Getpid())))
		// Serve returns when Terraform closes the plugin.
		defer func() {
			pprof.StopCPUProfile()
			_ = f.Close()
		}()
	}
	if os.Getenv("UNIFIEDTO_KEEP_SDK_LOGS") == "" {
		// As main.go's quietLogsUnlessAsked, which package main keeps to itself.
		quiet := true
		for _, name := range []string{"TF_LOG", "TF_LOG_PROVIDER", "TF_LOG_PROVIDER_UNIFIEDTO", "TF_LOG_SDK", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_SDK_PROTO"} {
			quiet = quiet && os.Getenv(name) == ""
		}
		if quiet {
			_ = os.Setenv("TF_LOG_SDK", "off")
			_ = os.Setenv("TF_LOG_PROVIDER", "off")
		}
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(100 << 20) // as the root package's softMemoryLimit, which package main keeps to itself
	}
	err := providerserver.Serve(context.Background(), provider.New("profiled"), providerserver.ServeOpts{
		Address: "registry.terraform.io/unifiedto-community/unifiedto",
	})
	if err != nil {
		log.Print(err)
	}
}

// writeHeapAtPeak polls the live heap and writes a heap profile to path
// whenever it is the highest seen so far.
func writeHeapAtPeak(path string) {
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	var peak uint64
	for range time.Tick(100 * time.Millisecond) {
		metrics.Read(sample)
		if live := sample[0].Value.Uint64(); live > peak {
			peak = live
			if f, err := os.Create(path); err == nil { //nolint:gosec // G703: a path in the directory bench-scale made for the profiles
				_ = pprof.Lookup("heap").WriteTo(f, 0)
				_ = f.Close()
			}
		}
	}
}
