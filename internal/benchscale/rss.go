package main

import (
	"bufio"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"
)

// rssSampler watches /proc for processes running one binary and keeps the
// largest VmHWM (peak resident set) seen. VmHWM only grows, so sampling
// every 10 ms misses at most what a plugin allocates in its last 10 ms.
type rssSampler struct {
	binary string
	done   chan struct{}
	wg     sync.WaitGroup
	peak   map[int]int64 // by pid
}

func watchRSS(binary string) *rssSampler {
	s := &rssSampler{binary: binary, done: make(chan struct{}), peak: map[int]int64{}}
	if runtime.GOOS != "linux" {
		return s
	}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		for {
			s.sample()
			select {
			case <-s.done:
				return
			case <-tick.C:
			}
		}
	}()
	return s
}

// stop ends the sampling and returns the largest peak and how many plugin
// processes were seen.
func (s *rssSampler) stop() (int64, int) {
	close(s.done)
	s.wg.Wait()
	var peak int64
	for _, p := range s.peak {
		peak = max(peak, p)
	}
	return peak, len(s.peak)
}

func (s *rssSampler) sample() {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return
	}
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		exe, err := os.Readlink(filepath.Join("/proc", e.Name(), "exe"))
		if err != nil || exe != s.binary {
			continue
		}
		if hwm := vmHWM(pid); hwm > s.peak[pid] {
			s.peak[pid] = hwm
		}
	}
}

// vmHWM reads a process's peak resident set size in bytes.
func vmHWM(pid int) int64 {
	f, err := os.Open(filepath.Join("/proc", strconv.Itoa(pid), "status"))
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}
