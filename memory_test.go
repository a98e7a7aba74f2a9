package main

import (
	"runtime/debug"
	"testing"
)

func TestSoftMemoryLimitIsSetUnlessGOMEMLIMITIs(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetMemoryLimit(before) })

	t.Setenv("GOMEMLIMIT", "")
	debug.SetMemoryLimit(1 << 40)
	limitMemoryUnlessAsked()
	if got := debug.SetMemoryLimit(-1); got != softMemoryLimit {
		t.Errorf("without GOMEMLIMIT the limit is %d, want %d", got, softMemoryLimit)
	}

	t.Setenv("GOMEMLIMIT", "off")
	debug.SetMemoryLimit(1 << 40)
	limitMemoryUnlessAsked()
	if got := debug.SetMemoryLimit(-1); got != 1<<40 {
		t.Errorf("with GOMEMLIMIT set the limit was changed to %d", got)
	}
}
