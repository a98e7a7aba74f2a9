package crashtest

import (
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

// fakeTerraform puts a "terraform" that runs script first on PATH, and
// returns its directory (where it writes the pid of what it leaves
// running, in the file child).
func fakeTerraform(t *testing.T, script string) string {
	t.Helper()
	if runtime.GOOS != "linux" {
		t.Skipf("skipped on %s: process groups are found through /proc, which only Linux has", runtime.GOOS)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "terraform"), []byte("#!/bin/sh\n"+script), 0o700); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
	return dir
}

// childOf reads the pid the fake wrote, and kills it when t ends should
// the code under test have failed to.
func childOf(t *testing.T, dir string) int {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, "child"))
	if err != nil {
		t.Fatal(err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(raw)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if alive(pid) {
			_ = syscall.Kill(pid, syscall.SIGKILL)
		}
	})
	return pid
}

// gone waits up to 2 s for pid to end.
func gone(pid int) bool {
	for deadline := time.Now().Add(2 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if !alive(pid) {
			return true
		}
	}
	return false
}

// A run that hangs is killed when its time is up, together with what it
// started (a provider, here a background sleep that holds the output
// pipe), and reported as an error: it neither holds the test nor leaves
// anything running.
func TestRunKillsAHungRunWithItsProcessGroup(t *testing.T) {
	dir := fakeTerraform(t, "sleep 300 &\necho $! > child\nsleep 300\n")
	tf := &terraform{dir: dir, env: []string{"PATH=" + os.Getenv("PATH")}, timeout: 500 * time.Millisecond, groups: &groups{}}
	start := time.Now()
	_, _, err := tf.run("apply")
	if err == nil || !strings.Contains(err.Error(), "did not end within 500ms") {
		t.Fatalf("run of a hung terraform returned %v, want the timeout", err)
	}
	// Had the background sleep survived, Wait would have waited WaitDelay
	// (10 s) for the pipe it holds.
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("the hung run took %s to end, want about its 500ms timeout", took)
	}
	if child := childOf(t, dir); !gone(child) {
		t.Errorf("process %d, started by the hung run, still runs after the run ended", child)
	}
}

// A run that ends but leaves a process of ours behind in its group (a
// provider terraform did not stop) has it killed by killLeftovers, which
// the test's Cleanup calls; processes that are not terraform's or the
// provider's are not touched.
func TestLeftoversOfARunAreKilled(t *testing.T) {
	dir := fakeTerraform(t, "sleep 300 >/dev/null 2>&1 &\necho $! > child\n")
	g := &groups{exes: map[string]bool{}}
	tf := &terraform{dir: dir, env: []string{"PATH=" + os.Getenv("PATH")}, timeout: time.Minute, groups: g}
	if code, out, err := tf.run("apply"); err != nil || code != 0 {
		t.Fatalf("the fake terraform exited %d (%v):\n%s", code, err, out)
	}
	child := childOf(t, dir)
	if n := g.killLeftovers(); n != 0 || gone(child) {
		t.Fatalf("killLeftovers killed %d processes of a group holding none of ours (sleep alive: %v)", n, alive(child))
	}
	sleep, err := exec.LookPath("sleep")
	if err != nil {
		t.Fatal(err)
	}
	resolved, err := filepath.EvalSymlinks(sleep)
	if err != nil {
		t.Fatal(err)
	}
	g.exes[resolved] = true // the sleep stands in for a provider
	if n := g.killLeftovers(); n != 1 {
		t.Errorf("killLeftovers killed %d processes, want the 1 left behind", n)
	}
	if !gone(child) {
		t.Errorf("process %d, left behind by the run, still runs after killLeftovers", child)
	}
}
