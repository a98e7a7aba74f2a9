package unifiedapi

import (
	"encoding/json"
	"io"
	"net/http"
	"sort"
	"strings"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/emulator/emuhttp"
)

// methods maps an HTTP method to its handler on one route.
type methods map[string]http.HandlerFunc

// handle registers pattern, names it in the request log, and answers other
// methods with 405 and an Allow header.
func (s *Server) handle(pattern string, ms methods) {
	allowed := make([]string, 0, len(ms))
	for m := range ms {
		allowed = append(allowed, m)
	}
	sort.Strings(allowed)
	s.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		emuhttp.SetRoute(r, pattern)
		h, ok := ms[r.Method]
		if !ok {
			w.Header().Set("Allow", strings.Join(allowed, ", "))
			s.WriteError(w, http.StatusMethodNotAllowed, "method_not_allowed", "Cannot "+r.Method+" "+r.URL.Path)
			return
		}
		h(w, r)
	})
}

// WriteError answers with Unified.to's error shape. Unified.to publishes no
// error schema, so clients must not parse it; this one is plausible JSON
// that carries the status, a code and a message. It fits emuhttp.ErrorWriter.
//
// A 429 is Unified.to's published rate-limit answer instead: text, and no
// Retry-After of its own (a Retry-After set before, by fault injection,
// stays).
func (s *Server) WriteError(w http.ResponseWriter, status int, code, message string) {
	if status == http.StatusTooManyRequests {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, RateLimitText)
		return
	}
	writeJSON(w, status, map[string]any{"status": status, "code": code, "message": message})
}

// RateLimitText is the published body of Unified.to's 429.
const RateLimitText = "Too many requests to unified.to API; max requests per minute: 60"

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// authed rejects requests without the workspace token. Like the real
// service it accepts "Bearer x", "bearer x" (the docs and CLI) and a bare
// "x" (the generated SDKs).
func (s *Server) authed(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !s.tokenOK(r.Header.Get("Authorization")) {
			s.WriteError(w, http.StatusUnauthorized, "unauthorized", "Invalid or missing API token")
			return
		}
		next(w, r)
	}
}

func (s *Server) tokenOK(header string) bool {
	t := bareToken(header)
	return t != "" && (t == s.token || t == s.memberToken)
}

// isAdmin reports whether the request's token is the admin's.
func (s *Server) isAdmin(header string) bool {
	t := bareToken(header)
	return t != "" && t == s.token
}

func bareToken(header string) string {
	header = strings.TrimSpace(header)
	if len(header) > 7 && strings.EqualFold(header[:7], "bearer ") {
		header = strings.TrimSpace(header[7:])
	}
	return header
}

// env returns the request's environment, Production when absent, and notes
// it in the request log so that tests can see every call named one.
func env(r *http.Request) string {
	e := r.URL.Query().Get("env")
	if e == "" {
		emuhttp.SetNote(r, "env=(default)")
		return "Production"
	}
	emuhttp.SetNote(r, "env="+e)
	return e
}

// queryBool reads an optional boolean parameter; ok is false when absent.
func queryBool(r *http.Request, name string) (value, ok bool, valid bool) {
	v := r.URL.Query().Get(name)
	switch strings.ToLower(v) {
	case "":
		return false, false, true
	case "true", "1":
		return true, true, true
	case "false", "0":
		return false, true, true
	}
	return false, false, false
}
