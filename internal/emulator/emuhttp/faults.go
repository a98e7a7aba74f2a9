package emuhttp

import (
	"net/http"
	"strconv"
	"sync"
	"time"
)

// ErrorWriter writes a service's own error body for status. Each service has
// its own shape (Graph's {"error":{"code","message"}}, Unified.to's text).
type ErrorWriter func(w http.ResponseWriter, status int, code, message string)

// Faults injects the failures real services produce, on demand. The zero
// value injects nothing. It is safe for concurrent use, so a test may change
// it while terraform runs.
type Faults struct {
	mu           sync.Mutex
	latency      time.Duration
	throttleLeft int
	retryAfter   time.Duration
	errorsLeft   int
	errorStatus  int
	match        func(*http.Request) bool
}

// SetLatency delays every request by d, as a distant region would.
func (f *Faults) SetLatency(d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.latency = d
}

// Throttle answers the next n matching requests with 429 and a Retry-After
// header of retryAfter (rounded up to whole seconds, as the services send it).
func (f *Faults) Throttle(n int, retryAfter time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.throttleLeft, f.retryAfter = n, retryAfter
}

// FailNext answers the next n matching requests with status (500, 502, 503, 504).
func (f *Faults) FailNext(n int, status int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.errorsLeft, f.errorStatus = n, status
}

// OnlyFor restricts Throttle and FailNext to the requests match accepts
// (nil: every request). Latency always applies.
func (f *Faults) OnlyFor(match func(*http.Request) bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.match = match
}

// Pending reports how many injected 429s and errors have not been served yet.
func (f *Faults) Pending() (throttles, errors int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.throttleLeft, f.errorsLeft
}

// take decides the fault for one request: zero status means none.
func (f *Faults) take(r *http.Request) (latency time.Duration, status int, retryAfter time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	latency = f.latency
	if f.match != nil && !f.match(r) {
		return latency, 0, 0
	}
	switch {
	case f.throttleLeft > 0:
		f.throttleLeft--
		return latency, http.StatusTooManyRequests, f.retryAfter
	case f.errorsLeft > 0:
		f.errorsLeft--
		return latency, f.errorStatus, 0
	}
	return latency, 0, 0
}

// Faulty wraps next with the faults of f, answering injected failures with
// the service's own error shape. Wrap it inside Logged so that injected
// answers appear in the request log too.
func Faulty(f *Faults, writeError ErrorWriter, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		latency, status, retryAfter := f.take(r)
		if latency > 0 {
			select {
			case <-time.After(latency):
			case <-r.Context().Done():
				return
			}
		}
		switch {
		case status == http.StatusTooManyRequests:
			secs := int((retryAfter + time.Second - 1) / time.Second)
			w.Header().Set("Retry-After", strconv.Itoa(secs))
			w.Header().Set("x-ms-throttle-scope", "Tenant_Application/ReadWrite/emulator")
			SetRoute(r, "(throttled)")
			writeError(w, status, "TooManyRequests", "Too many requests. Retry after "+strconv.Itoa(secs)+" seconds.")
		case status != 0:
			SetRoute(r, "(injected "+strconv.Itoa(status)+")")
			writeError(w, status, "ServiceUnavailable", http.StatusText(status))
		default:
			next.ServeHTTP(w, r)
		}
	})
}
