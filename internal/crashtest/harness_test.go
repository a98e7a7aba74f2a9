package crashtest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// minTerraform is what examples/end-to-end requires (required_version).
const minTerraform = "1.11.0"

// requireTerraform skips t where the test cannot run, saying why: another
// OS (the provider process is found through /proc), no terraform, or one
// older than the guide needs.
func requireTerraform(t *testing.T) {
	t.Helper()
	if runtime.GOOS != "linux" {
		t.Skipf("skipped on %s: the test finds the provider process to kill through /proc, which only Linux has", runtime.GOOS)
	}
	if _, err := exec.LookPath("terraform"); err != nil {
		t.Skip("skipped: no terraform on PATH; the test runs the real terraform CLI")
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	out, err := terraformCommand(ctx, "version", "-json").Output()
	if err != nil {
		t.Fatalf("terraform version -json: %v", err)
	}
	var v struct {
		Version string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatalf("reading terraform version -json: %v", err)
	}
	if versionLess(v.Version, minTerraform) {
		t.Skipf("skipped: terraform %s; examples/end-to-end needs %s+ (write-only attributes)", v.Version, minTerraform)
	}
}

// versionLess compares dotted versions numerically ("1.9.8" < "1.11.0").
func versionLess(a, b string) bool {
	pa, pb := strings.Split(strings.SplitN(a, "-", 2)[0], "."), strings.Split(b, ".")
	for i := 0; i < len(pa) || i < len(pb); i++ {
		var x, y int
		if i < len(pa) {
			x, _ = strconv.Atoi(pa[i])
		}
		if i < len(pb) {
			y, _ = strconv.Atoi(pb[i])
		}
		if x != y {
			return x < y
		}
	}
	return false
}

// buildProvider builds the module's provider binary into dir/plugins and
// returns its path, as /proc/<pid>/exe shows it (symbolic links resolved).
func buildProvider(dir string) (string, error) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		return "", err
	}
	binary := filepath.Join(dir, "plugins", "terraform-provider-unifiedto")
	build := exec.Command("go", "build", "-o", binary, ".")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build of the provider: %w\n%s", err, out)
	}
	return filepath.EvalSymlinks(binary)
}

// terraform runs the terraform CLI in a copy of examples/end-to-end, with a
// CLI configuration of its own whose dev_overrides point at the binary just
// built, and an environment of nothing but PATH, a home of its own and the
// emulators' settings: no ARM_* or UNIFIED_* of the person running the test
// can reach a real tenant.
type terraform struct {
	dir     string
	env     []string
	timeout time.Duration // of each run
	groups  *groups
}

func newTerraform(t *testing.T, work, pluginDir string, settings map[string]string) *terraform {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	cliConfig := filepath.Join(work, "terraformrc")
	override := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    %q = %q\n  }\n  direct {}\n}\n",
		"registry.terraform.io/unifiedto-community/unifiedto", pluginDir)
	if err := os.WriteFile(cliConfig, []byte(override), 0o600); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(work, "end-to-end")
	if err := os.CopyFS(dir, os.DirFS(filepath.Join(root, "examples", "end-to-end"))); err != nil {
		t.Fatal(err)
	}
	// terraform test files and a local state a developer left are not the guide.
	for _, extra := range []string{"tests", "terraform.tfstate", "terraform.tfstate.backup", ".terraform", ".terraform.lock.hcl"} {
		_ = os.RemoveAll(filepath.Join(dir, extra))
	}
	home := filepath.Join(work, "home")
	if err := os.MkdirAll(home, 0o700); err != nil {
		t.Fatal(err)
	}
	env := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + home, "TF_CLI_CONFIG_FILE=" + cliConfig,
		"CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1"}
	for _, name := range []string{"TMPDIR", "TF_LOG", "TF_LOG_PATH"} {
		if v := os.Getenv(name); v != "" {
			env = append(env, name+"="+v)
		}
	}
	for k, v := range settings {
		env = append(env, k+"="+v)
	}
	return &terraform{dir: dir, env: env, timeout: runTimeout, groups: newGroups(t, filepath.Join(pluginDir, "terraform-provider-unifiedto"))}
}

// stateResource is one resource instance of the local state file.
type stateResource map[string]any

// state reads terraform.tfstate: resource address -> attributes of its one
// instance.
func (tf *terraform) state(t *testing.T) map[string]stateResource {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(tf.dir, "terraform.tfstate"))
	if err != nil {
		t.Fatalf("reading the state: %v", err)
	}
	var st struct {
		Resources []struct {
			Mode, Type, Name string
			Instances        []struct {
				Attributes stateResource `json:"attributes"`
			}
		}
	}
	if err := json.Unmarshal(raw, &st); err != nil {
		t.Fatalf("parsing the state: %v", err)
	}
	out := map[string]stateResource{}
	for _, r := range st.Resources {
		if r.Mode == "managed" && len(r.Instances) == 1 {
			out[r.Type+"."+r.Name] = r.Instances[0].Attributes
		}
	}
	return out
}

// str reads a string attribute, one level of nested block deep
// ("entra_client_secret.key_id").
func (r stateResource) str(name string) string {
	var v any = map[string]any(r)
	for _, part := range strings.Split(name, ".") {
		m, _ := v.(map[string]any)
		v = m[part]
	}
	s, _ := v.(string)
	return s
}

// killAll sends SIGKILL to every process running binary and waits until
// each is gone or a zombie (its parent, terraform, reaps it). It returns
// how many it killed.
func killAll(binary string) (int, error) {
	pids, err := processesOf(binary)
	if err != nil {
		return 0, err
	}
	for _, pid := range pids {
		if err := syscall.Kill(pid, syscall.SIGKILL); err != nil && !errors.Is(err, syscall.ESRCH) {
			return 0, fmt.Errorf("killing %d: %w", pid, err)
		}
	}
	deadline := time.Now().Add(10 * time.Second)
	for _, pid := range pids {
		for alive(pid) {
			if time.Now().After(deadline) {
				return 0, fmt.Errorf("process %d still runs 10 s after SIGKILL", pid)
			}
			time.Sleep(2 * time.Millisecond)
		}
	}
	return len(pids), nil
}

// processesOf scans /proc for the processes whose executable is binary.
// Processes of other users, and those that end meanwhile, are skipped.
func processesOf(binary string) ([]int, error) {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil, err
	}
	var pids []int
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if exe, err := os.Readlink(filepath.Join("/proc", e.Name(), "exe")); err == nil && exe == binary {
			pids = append(pids, pid)
		}
	}
	return pids, nil
}

// alive reports whether pid still runs: it exists and is not a zombie.
func alive(pid int) bool {
	stat, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
	if err != nil {
		return false
	}
	// The state follows the command name, which is in parentheses and
	// may itself hold spaces or parentheses.
	rest := stat[bytes.LastIndexByte(stat, ')')+1:]
	fields := strings.Fields(string(rest))
	return len(fields) > 0 && fields[0] != "Z" && fields[0] != "X"
}
