package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// terraform runs the terraform CLI in a copy of examples/end-to-end, with a
// CLI configuration of its own whose dev_overrides point at the provider
// just built.
type terraform struct {
	dir string
	env []string
}

func newTerraform(root, work, pluginDir string, env map[string]string) (*terraform, error) {
	cliConfig := filepath.Join(work, "terraformrc")
	override := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    %q = %q\n  }\n  direct {}\n}\n",
		"registry.terraform.io/unifiedto-community/unifiedto", pluginDir)
	if err := os.WriteFile(cliConfig, []byte(override), 0o600); err != nil {
		return nil, err
	}
	dir := filepath.Join(work, "end-to-end")
	if err := os.CopyFS(dir, os.DirFS(filepath.Join(root, "examples", "end-to-end"))); err != nil {
		return nil, err
	}
	t := &terraform{dir: dir, env: []string{"TF_CLI_CONFIG_FILE=" + cliConfig, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1"}}
	for k, v := range env {
		t.env = append(t.env, k+"="+v)
	}
	return t, nil
}

// run runs terraform with args, echoing its output.
func (t *terraform) run(args ...string) error {
	return command(t.dir, t.env, "terraform", append(args, "-no-color")...).run()
}

// quiet runs terraform with args, showing its output only when it fails.
func (t *terraform) quiet(args ...string) error {
	var out bytes.Buffer
	c := command(t.dir, t.env, "terraform", append(args, "-no-color")...)
	c.Stdout, c.Stderr = &out, &out
	if err := c.run(); err != nil {
		return fmt.Errorf("%w\n%s", err, out.String())
	}
	return nil
}

// planChanges runs `terraform plan -detailed-exitcode` and reports whether
// it found changes (exit code 2).
func (t *terraform) planChanges() (bool, error) {
	err := t.run("plan", "-detailed-exitcode")
	var exit *exec.ExitError
	switch {
	case err == nil:
		return false, nil
	case errors.As(err, &exit) && exit.ExitCode() == 2:
		return true, nil
	}
	return false, err
}

// outputs returns the root module's outputs as strings.
func (t *terraform) outputs() (map[string]string, error) {
	var out bytes.Buffer
	c := command(t.dir, t.env, "terraform", "output", "-json")
	c.Stdout = &out
	if err := c.Run(); err != nil {
		return nil, err
	}
	var raw map[string]struct {
		Value     any  `json:"value"`
		Sensitive bool `json:"sensitive"`
	}
	if err := json.Unmarshal(out.Bytes(), &raw); err != nil {
		return nil, err
	}
	values := map[string]string{}
	for k, v := range raw {
		if v.Sensitive {
			values[k] = "(sensitive)"
			continue
		}
		values[k] = fmt.Sprint(v.Value)
	}
	return values, nil
}

type cmd struct{ *exec.Cmd }

func command(dir string, env []string, name string, args ...string) cmd {
	c := exec.Command(name, args...)
	c.Dir = dir
	c.Env = append(os.Environ(), env...)
	c.Stdout, c.Stderr = indent(os.Stdout), indent(os.Stderr)
	return cmd{c}
}

func (c cmd) run() error {
	if err := c.Run(); err != nil {
		return fmt.Errorf("%s: %w", strings.Join(c.Args, " "), err)
	}
	return nil
}

// indent prefixes tool output so the demo's own lines stand out.
func indent(w io.Writer) io.Writer { return &prefixWriter{w: w, atStart: true} }

type prefixWriter struct {
	w       io.Writer
	atStart bool
}

func (p *prefixWriter) Write(b []byte) (int, error) {
	for _, line := range bytes.SplitAfter(b, []byte("\n")) {
		if len(line) == 0 {
			continue
		}
		if p.atStart {
			if _, err := p.w.Write([]byte("    ")); err != nil {
				return 0, err
			}
		}
		if _, err := p.w.Write(line); err != nil {
			return 0, err
		}
		p.atStart = line[len(line)-1] == '\n'
	}
	return len(b), nil
}
