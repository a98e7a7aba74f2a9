package crashtest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// runTimeout bounds each terraform run. An undisturbed apply of the guide
// takes seconds; a run still going after this hangs, and is killed rather
// than left to hold the test (and its providers) until go test's own
// timeout.
const runTimeout = 3 * time.Minute

// terraformCommand is terraform with args, in a process group of its own
// (terraform starts the providers in it), killed as a whole group when ctx
// ends: killing terraform alone would leave its providers running.
func terraformCommand(ctx context.Context, args ...string) *exec.Cmd {
	c := exec.CommandContext(ctx, "terraform", args...)
	c.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	c.Cancel = func() error { return syscall.Kill(-c.Process.Pid, syscall.SIGKILL) }
	// A provider that outlives the kill could hold the output pipe open,
	// and Wait would wait for it.
	c.WaitDelay = 10 * time.Second
	return c
}

// run runs terraform with args and returns its exit code and output. A
// run that exceeds tf.timeout (runTimeout) is killed with its process group
// and reported as an error.
func (tf *terraform) run(args ...string) (int, string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), tf.timeout)
	defer cancel()
	c := terraformCommand(ctx, append(args, "-no-color", "-input=false")...)
	c.Dir, c.Env = tf.dir, tf.env
	var out bytes.Buffer
	c.Stdout, c.Stderr = &out, &out
	if err := c.Start(); err != nil {
		return 0, "", err
	}
	tf.groups.add(c.Process.Pid)
	err := c.Wait()
	if ctx.Err() != nil {
		return -1, out.String(), fmt.Errorf("terraform %s did not end within %s; its process group was killed:\n%s", args[0], tf.timeout, out.String())
	}
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return exit.ExitCode(), out.String(), nil
	}
	return 0, out.String(), err
}

// groups are the process groups of one terraform copy's runs: their ids,
// and the executables (terraform, the provider) whose presence in a group
// shows it is still one of ours.
type groups struct {
	mu   sync.Mutex
	ids  []int
	exes map[string]bool
}

// newGroups tracks the runs of t and, when t ends, kills every group that
// still has a member: a provider terraform left behind, or a run that
// never returned.
func newGroups(t *testing.T, providerBinary string) *groups {
	g := &groups{exes: map[string]bool{}}
	for _, exe := range []string{providerBinary, lookTerraform()} {
		if resolved, err := filepath.EvalSymlinks(exe); err == nil {
			g.exes[resolved] = true
		}
	}
	t.Cleanup(func() {
		if n := g.killLeftovers(); n > 0 {
			t.Logf("killed %d processes left behind by terraform runs", n)
		}
	})
	return g
}

func (g *groups) add(pgid int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.ids = append(g.ids, pgid)
}

// killLeftovers SIGKILLs each group that still holds a process running
// terraform or the provider, and waits until they are gone. A group whose
// members have all ended is left alone: its id may since have been given
// to someone else's process.
func (g *groups) killLeftovers() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	killed := 0
	for _, pgid := range g.ids {
		members := groupMembers(pgid)
		ours := false
		for _, pid := range members {
			if exe, err := os.Readlink(filepath.Join("/proc", strconv.Itoa(pid), "exe")); err == nil && g.exes[exe] {
				ours = true
			}
		}
		if !ours || syscall.Kill(-pgid, syscall.SIGKILL) != nil {
			continue
		}
		killed += len(members)
		deadline := time.Now().Add(10 * time.Second)
		for len(groupMembers(pgid)) > 0 && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
	}
	return killed
}

// groupMembers scans /proc for the live processes of process group pgid.
func groupMembers(pgid int) []int {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	var pids []int
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue
		}
		// After the command name in parentheses: state, ppid, pgrp.
		fields := strings.Fields(string(stat[bytes.LastIndexByte(stat, ')')+1:]))
		if len(fields) > 2 && fields[0] != "Z" && fields[0] != "X" && fields[2] == strconv.Itoa(pgid) {
			pids = append(pids, pid)
		}
	}
	return pids
}

// lookTerraform is the terraform executable on PATH, "" if there is none.
func lookTerraform() string {
	path, _ := exec.LookPath("terraform")
	return path
}
