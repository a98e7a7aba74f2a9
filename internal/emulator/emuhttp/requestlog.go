package emuhttp

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"
)

// Entry is one request as an emulator answered it. It never holds a body:
// bodies carry secrets, and the log is printed by tests and the demo.
type Entry struct {
	Time    time.Time
	Service string // "login", "graph", "unified-us", ...
	Method  string
	Route   string // the route pattern, e.g. "/v1.0/applications/{id}"
	Path    string // the path as requested
	Status  int    // as the client saw it; 0 when the connection was dropped
	Note    string // handler-chosen detail safe to print, e.g. a key id
}

// IsWrite reports whether the request could have changed state.
func (e Entry) IsWrite() bool {
	switch e.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return false
	}
	// The token endpoint is a POST that changes nothing in the directory.
	return e.Service != "login"
}

// RequestLog records every request of every service of one emulator.
type RequestLog struct {
	mu      sync.Mutex
	entries []Entry
	onEntry func(Entry)
}

// OnEntry makes fn see every entry as it is logged (nil stops it). fn runs
// in the request's own goroutine, after the service handled the request
// and before net/http sends the answer: an answer is buffered until the
// handler returns (one of more than a few KiB may be partly on the wire,
// never whole). So fn sees a write the service committed whose answer the
// client has not got; the crash test kills the provider there.
func (l *RequestLog) OnEntry(fn func(Entry)) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.onEntry = fn
}

// Entries returns a copy of the log in arrival order.
func (l *RequestLog) Entries() []Entry {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]Entry(nil), l.entries...)
}

// Reset empties the log, so that a test can count the requests of one step.
func (l *RequestLog) Reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.entries = nil
}

// Count returns how many requests match service, method and route; an empty
// argument matches anything.
func (l *RequestLog) Count(service, method, route string) int {
	n := 0
	for _, e := range l.Entries() {
		if (service == "" || e.Service == service) && (method == "" || e.Method == method) && (route == "" || e.Route == route) {
			n++
		}
	}
	return n
}

// Writes counts the requests to services whose name starts with
// servicePrefix that could have changed state ("graph", "unified").
func (l *RequestLog) Writes(servicePrefix string) int {
	n := 0
	for _, e := range l.Entries() {
		if strings.HasPrefix(e.Service, servicePrefix) && e.IsWrite() {
			n++
		}
	}
	return n
}

// Summary prints counts by service, method and route, most frequent first.
func (l *RequestLog) Summary() string {
	counts := map[string]int{}
	for _, e := range l.Entries() {
		counts[fmt.Sprintf("%-10s %-6s %s", e.Service, e.Method, e.Route)]++
	}
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if counts[keys[i]] != counts[keys[j]] {
			return counts[keys[i]] > counts[keys[j]]
		}
		return keys[i] < keys[j]
	})
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "%5d  %s\n", counts[k], k)
	}
	return b.String()
}

func (l *RequestLog) add(e Entry) {
	l.mu.Lock()
	l.entries = append(l.entries, e)
	fn := l.onEntry
	l.mu.Unlock()
	if fn != nil {
		fn(e)
	}
}

type labelKey struct{}

type label struct {
	route, note string
	dropped     bool // the connection was closed without an answer
}

// markDropped records that r's connection was closed without an answer.
func markDropped(r *http.Request) {
	if l, ok := r.Context().Value(labelKey{}).(*label); ok {
		l.dropped = true
	}
}

// SetRoute names the route pattern that matched r, for the request log.
// Handlers call it; outside a Logged handler it does nothing.
func SetRoute(r *http.Request, route string) {
	if l, ok := r.Context().Value(labelKey{}).(*label); ok {
		l.route = route
	}
}

// SetNote attaches a printable detail (never a secret) to r's log entry.
func SetNote(r *http.Request, note string) {
	if l, ok := r.Context().Value(labelKey{}).(*label); ok {
		l.note = note
	}
}

// Logged wraps next so that every request it answers is added to log under
// the given service name.
func Logged(service string, log *RequestLog, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		l := &label{}
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r.WithContext(context.WithValue(r.Context(), labelKey{}, l)))
		route := l.route
		if route == "" {
			route = r.URL.Path
		}
		status := rec.status
		if l.dropped {
			status = 0
		}
		log.add(Entry{Time: time.Now(), Service: service, Method: r.Method, Route: route, Path: r.URL.Path, Status: status, Note: l.note})
	})
}

type statusRecorder struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (s *statusRecorder) WriteHeader(code int) {
	if !s.wrote {
		s.status, s.wrote = code, true
	}
	s.ResponseWriter.WriteHeader(code)
}

// Unwrap lets http.ResponseController reach the connection (to drop it).
func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

func (s *statusRecorder) Write(b []byte) (int, error) {
	s.wrote = true
	return s.ResponseWriter.Write(b)
}
