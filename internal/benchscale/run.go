package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/emulator"
)

// result is one command at one N, for the provider and the no-op.
type result struct {
	n        int
	command  string
	wall     time.Duration
	noopWall time.Duration
	requests map[string]int // by service: graph, login, unified
	routes   map[string]int // by "service METHOD route"
	peakRSS  int64          // bytes, the largest plugin process
	noopRSS  int64
	plugins  int // plugin processes terraform started
}

// commands are what the benchmark times, in order, each after the one
// before it.
var commands = []struct {
	name string
	args []string
}{
	{"apply from empty", []string{"apply", "-auto-approve", "-input=false"}},
	{"no-change plan", []string{"plan", "-input=false", "-detailed-exitcode"}},
	{"plan -refresh=false", []string{"plan", "-input=false", "-refresh=false", "-detailed-exitcode"}},
}

// runN runs the commands with N copies on fresh emulators, first with the
// no-op provider, then with the provider.
func (b *bench) runN(n int) ([]result, error) {
	emu, err := emulator.Start(emulator.Options{})
	if err != nil {
		return nil, err
	}
	defer emu.Close()
	for _, f := range []interface{ SetLatency(time.Duration) }{emu.LoginFaults, emu.GraphFaults, emu.UnifiedFaults} {
		f.SetLatency(b.latency)
	}
	caFile := filepath.Join(b.work, fmt.Sprintf("ca-%d.pem", n))
	if err := emu.CA.WriteFile(caFile); err != nil {
		return nil, err
	}
	env := []string{"CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1"}
	for k, v := range emu.Env("eu", caFile) {
		env = append(env, k+"="+v)
	}

	results := make([]result, len(commands))
	for i, c := range commands {
		results[i] = result{n: n, command: c.name}
	}
	if b.withNoop {
		dir, err := b.workspace(fmt.Sprintf("noop-%d", n), b.noop, n)
		if err != nil {
			return nil, err
		}
		for i, c := range commands {
			m, err := b.timed(dir, env, b.noopBinary, c.args)
			if err != nil {
				return nil, fmt.Errorf("no-op provider, %s: %w", c.name, err)
			}
			results[i].noopWall, results[i].noopRSS = m.wall, m.peakRSS
		}
	}
	dir, err := b.workspace(fmt.Sprintf("provider-%d", n), b.provider, n)
	if err != nil {
		return nil, err
	}
	for i, c := range commands {
		emu.Log.Reset()
		cmdEnv := env
		if b.profile {
			profiles := filepath.Join(b.work, "profiles", fmt.Sprintf("n%d-%d", n, i))
			if err := os.MkdirAll(profiles, 0o755); err != nil {
				return nil, err
			}
			cmdEnv = append(slices.Clone(env), "UNIFIEDTO_CPUPROFILE_DIR="+profiles)
		}
		m, err := b.timed(dir, cmdEnv, b.providerBinary, c.args)
		if err != nil {
			return nil, fmt.Errorf("provider, %s: %w", c.name, err)
		}
		results[i].wall, results[i].peakRSS, results[i].plugins = m.wall, m.peakRSS, m.plugins
		results[i].requests, results[i].routes = map[string]int{}, map[string]int{}
		for _, e := range emu.Log.Entries() {
			service := e.Service
			if strings.HasPrefix(service, "unified") {
				service = "unified"
			}
			results[i].requests[service]++
			results[i].routes[service+" "+e.Method+" "+e.Route]++
		}
	}
	return results, nil
}

// workspace writes the N-copy configuration into a new directory, with a
// CLI configuration whose dev_overrides point at pluginDir.
func (b *bench) workspace(name, pluginDir string, n int) (string, error) {
	dir := filepath.Join(b.work, name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	rc := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    %q = %q\n  }\n  direct {}\n}\n",
		"registry.terraform.io/unifiedto-community/unifiedto", pluginDir)
	if err := os.WriteFile(filepath.Join(dir, "terraformrc"), []byte(rc), 0o600); err != nil {
		return "", err
	}
	return dir, os.WriteFile(filepath.Join(dir, "main.tf"), []byte(configuration(n)), 0o600)
}

type measurement struct {
	wall    time.Duration
	peakRSS int64
	plugins int
}

// timed runs terraform in dir and measures it. Exit code 2 of a
// -detailed-exitcode plan (changes present) is a failure: the plans
// measured must find nothing to do.
func (b *bench) timed(dir string, env []string, binary string, args []string) (measurement, error) {
	args = append(slices.Clone(args), "-no-color", fmt.Sprintf("-parallelism=%d", b.parallelism))
	c := exec.Command("terraform", args...)
	c.Dir = dir
	c.Env = append(append(os.Environ(), env...), "TF_CLI_CONFIG_FILE="+filepath.Join(dir, "terraformrc"))
	var out bytes.Buffer
	c.Stdout, c.Stderr = &out, &out
	sampler := watchRSS(binary)
	start := time.Now()
	err := c.Run()
	wall := time.Since(start)
	peak, plugins := sampler.stop()
	if err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) && exit.ExitCode() == 2 {
			err = errors.New("the plan found changes")
		}
		return measurement{}, fmt.Errorf("terraform %s: %w\n%s", strings.Join(args, " "), err, tail(out.String(), 4000))
	}
	return measurement{wall: wall, peakRSS: peak, plugins: plugins}, nil
}

// configuration is N copies of the guide's Entra resources.
func configuration(n int) string {
	var s strings.Builder
	s.WriteString(`terraform {
  required_providers {
    unifiedto = {
      source = "unifiedto-community/unifiedto"
    }
  }
}

provider "unifiedto" {}
`)
	for i := range n {
		fmt.Fprintf(&s, `
resource "unifiedto_entra_application" "app_%[1]d" {
  display_name = "Fleet app %[1]d"
}

resource "unifiedto_entra_redirect_uris" "app_%[1]d" {
  application_object_id = unifiedto_entra_application.app_%[1]d.object_id
  unified_regions       = ["eu"]
}

resource "unifiedto_entra_api_access" "graph_%[1]d" {
  application_object_id = unifiedto_entra_application.app_%[1]d.object_id
  api                   = "microsoft_graph"
  scopes                = ["openid", "email", "offline_access"]
}

resource "unifiedto_entra_api_access" "dynamics_%[1]d" {
  application_object_id = unifiedto_entra_application.app_%[1]d.object_id
  api                   = "dynamics_crm"
  scopes                = ["user_impersonation"]
}

resource "unifiedto_entra_client_secret" "app_%[1]d" {
  application_object_id = unifiedto_entra_application.app_%[1]d.object_id
  display_name          = "unified.to"
  end_date_relative     = "8760h"
  renew_before          = "720h"

  lifecycle {
    create_before_destroy = true
  }
}
`, i)
	}
	return s.String()
}

// startToSchema is the provider's share of `terraform providers schema
// -json`: its median minus that of `terraform version`, which starts no
// plugin.
func (b *bench) startToSchema(pluginDir string) (time.Duration, error) {
	dir, err := b.workspace("schema-"+filepath.Base(pluginDir), pluginDir, 1)
	if err != nil {
		return 0, err
	}
	env := []string{"CHECKPOINT_DISABLE=1", "TF_CLI_CONFIG_FILE=" + filepath.Join(dir, "terraformrc")}
	med := func(args ...string) (time.Duration, error) {
		var times []time.Duration
		for range 7 {
			c := exec.Command("terraform", args...)
			c.Dir, c.Env = dir, append(os.Environ(), env...)
			start := time.Now()
			if out, err := c.CombinedOutput(); err != nil {
				return 0, fmt.Errorf("terraform %s: %w\n%s", strings.Join(args, " "), err, tail(string(out), 2000))
			}
			times = append(times, time.Since(start))
		}
		slices.Sort(times)
		return times[len(times)/2], nil
	}
	schema, err := med("providers", "schema", "-json")
	if err != nil {
		return 0, err
	}
	version, err := med("version")
	return schema - version, err
}

func run(dir string, env []string, name string, args ...string) error {
	c := exec.Command(name, args...)
	c.Dir, c.Env = dir, append(os.Environ(), env...)
	c.Stdout, c.Stderr = os.Stdout, os.Stderr
	if err := c.Run(); err != nil {
		return fmt.Errorf("%s %s: %w", name, strings.Join(args, " "), err)
	}
	return nil
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "…" + s[len(s)-n:]
}
