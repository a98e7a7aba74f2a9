// Command unifiedto-emulator runs the Entra sign-in, Microsoft Graph and
// Unified.to emulators until interrupted, and prints the environment that
// points terraform (or curl) at them.
//
//	go run ./internal/emulator/cmd/unifiedto-emulator -latency 50ms -replication-lag 2s
//	go run ./internal/emulator/cmd/unifiedto-emulator -client-certificate cert.pem -federated-subject repo:acme/infra:ref:refs/heads/main
package main

import (
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/emulator"
	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/emulator/login"
)

func main() {
	var (
		dir            = flag.String("dir", ".emulator", "folder for the CA certificate (ca.pem) and env.sh")
		region         = flag.String("region", "us", "Unified.to region the printed environment points at: us, eu or au")
		latency        = flag.Duration("latency", 0, "delay added to every request of every service")
		replicationLag = flag.Duration("replication-lag", 0, "how long a new Graph object answers 404/409 before it is visible")
		secretLag      = flag.Duration("secret-lag", 0, "how long a new (removed) client secret stays invisible (visible) in reads")
		throttle       = flag.Int("throttle", 0, "answer this many Graph requests with 429 first")
		retryAfter     = flag.Duration("retry-after", time.Second, "the Retry-After of -throttle")
		fail           = flag.Int("fail", 0, "answer this many Graph requests with -fail-status first")
		failStatus     = flag.Int("fail-status", 503, "status of -fail")
		unifiedPattern = flag.Int("unified-pattern-status", 0, "make Unified.to's Workspaceintegration create, retrieve and remove (the operations that follow the published pattern, not on a published page) answer this status (404 or 405), as if they did not exist")
	)
	var signIn signInOptions
	flag.Var(listFlag{&signIn.certificates}, "client-certificate", "PEM file whose certificate the seeded client may also sign in with (repeatable)")
	flag.Var(listFlag{&signIn.subjects}, "federated-subject", "subject of the emulator's OIDC issuer that the seeded client trusts, e.g. "+
		login.GitHubSubject+" (repeatable); a token for it is written into -dir")
	flag.Parse()
	if err := run(*dir, *region, signIn, func(e *emulator.Emulator) {
		e.GraphFaults.SetLatency(*latency)
		e.LoginFaults.SetLatency(*latency)
		e.UnifiedFaults.SetLatency(*latency)
		e.Graph.SetReplicationLag(*replicationLag)
		e.Graph.SetSecretLag(*secretLag)
		e.GraphFaults.Throttle(*throttle, *retryAfter)
		e.GraphFaults.FailNext(*fail, *failStatus)
		for _, s := range e.Unified {
			s.SetPatternStatus(*unifiedPattern)
		}
	}); err != nil {
		fmt.Fprintln(os.Stderr, "unifiedto-emulator:", err)
		os.Exit(1)
	}
}

func run(dir, region string, signIn signInOptions, configure func(*emulator.Emulator)) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	e, err := emulator.Start(emulator.Options{})
	if err != nil {
		return err
	}
	defer e.Close()
	configure(e)
	howToSignIn, err := signIn.apply(e, dir)
	if err != nil {
		return err
	}
	caFile, err := filepath.Abs(filepath.Join(dir, "ca.pem"))
	if err != nil {
		return err
	}
	if err := e.CA.WriteFile(caFile); err != nil {
		return err
	}
	if _, ok := e.UnifiedURLs[region]; !ok {
		return fmt.Errorf("region %q: want us, eu or au", region)
	}
	exports := emulator.ShellExports(e.Env(region, caFile))
	envFile := filepath.Join(dir, "env.sh")
	if err := os.WriteFile(envFile, []byte(exports), 0o600); err != nil {
		return err
	}
	fmt.Printf("Entra sign-in   %s (tenant %s)\nMicrosoft Graph %s/v1.0\n", e.LoginURL, e.TenantID(), e.GraphURL)
	for _, r := range emulator.Regions {
		fmt.Printf("Unified.to %s   %s\n", r, e.UnifiedURLs[r])
	}
	fmt.Printf("\nPoint the provider at it (also in %s):\n\n%s\n%sPress Ctrl-C to stop; the request log is printed on exit.\n", envFile, exports, howToSignIn)
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	<-stop
	fmt.Printf("\nRequests by service and route:\n%s", e.Log.Summary())
	return nil
}
