package crashtest

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/emulator"
	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/emulator/emuhttp"
)

// workDir holds what the package's tests share: the provider binary and
// the emulators' CA file. TestMain makes and removes it.
var workDir string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "unifiedto-crashtest-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "crashtest:", err)
		os.Exit(1)
	}
	workDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// rig is what every kill run uses: the provider built once per test
// process, and one CA for every emulator (the provider trusts its PEM file
// through SSL_CERT_FILE).
type rig struct {
	binary, caFile string
	ca             *emuhttp.CA
}

var (
	rigOnce   sync.Once
	shared    *rig
	sharedErr string
)

// newRig skips t where the test cannot run, and builds the rig on first use.
func newRig(t *testing.T) *rig {
	t.Helper()
	requireTerraform(t)
	rigOnce.Do(func() {
		ca, err := emuhttp.NewCA()
		if err != nil {
			sharedErr = err.Error()
			return
		}
		caFile := filepath.Join(workDir, "emulator-ca.pem")
		if err := ca.WriteFile(caFile); err != nil {
			sharedErr = err.Error()
			return
		}
		binary, err := buildProvider(workDir)
		if err != nil {
			sharedErr = err.Error()
			return
		}
		shared = &rig{binary: binary, caFile: caFile, ca: ca}
	})
	if shared == nil {
		t.Fatal(sharedErr)
	}
	return shared
}

// guide starts fresh emulators for t and a fresh copy of the guide.
func (r *rig) guide(t *testing.T, name string) (*emulator.Emulator, *terraform) {
	t.Helper()
	emu, err := emulator.Start(emulator.Options{CA: r.ca})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(emu.Close)
	dir := filepath.Join(t.TempDir(), name)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	return emu, newTerraform(t, dir, filepath.Dir(r.binary), emu.Env(region, r.caFile))
}
