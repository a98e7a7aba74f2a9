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
	gatewayLeft  int
	gatewayCode  int
	gatewayType  string
	lostLeft     int
	lostHow      LostAnswer
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

// GatewayNext answers the next n matching requests with status and a body
// that is not the service's: an HTML error page when contentType is
// "text/html", nothing at all when it is "". That is what a gateway or load
// balancer in front of the service sends.
func (f *Faults) GatewayNext(n int, status int, contentType string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.gatewayLeft, f.gatewayCode, f.gatewayType = n, status, contentType
}

// LostAnswer is how LoseAnswers loses an answer.
type LostAnswer int

const (
	// Answer504 answers 504 Gateway Timeout with the service's error shape.
	Answer504 LostAnswer = iota
	// DropConnection closes the connection without an answer.
	DropConnection
)

// LoseAnswers lets the next n matching requests reach the service, which
// applies them, and then loses the answer as how says: the client sees a
// failure for a write that was committed.
func (f *Faults) LoseAnswers(n int, how LostAnswer) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.lostLeft, f.lostHow = n, how
}

// OnlyFor restricts Throttle, FailNext, GatewayNext and LoseAnswers to the requests match accepts
// (nil: every request). Latency always applies.
func (f *Faults) OnlyFor(match func(*http.Request) bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.match = match
}

// Pending reports how many injected 429s and errors (gateway answers and
// lost answers included) have not been served yet.
func (f *Faults) Pending() (throttles, errors int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.throttleLeft, f.errorsLeft + f.gatewayLeft + f.lostLeft
}

// fault is what take decided for one request; the zero value is none.
type fault struct {
	latency     time.Duration
	status      int
	retryAfter  time.Duration
	gateway     bool
	contentType string
	lose        bool
	how         LostAnswer
}

// take decides the fault for one request.
func (f *Faults) take(r *http.Request) fault {
	f.mu.Lock()
	defer f.mu.Unlock()
	d := fault{latency: f.latency}
	if f.match != nil && !f.match(r) {
		return d
	}
	switch {
	case f.throttleLeft > 0:
		f.throttleLeft--
		d.status, d.retryAfter = http.StatusTooManyRequests, f.retryAfter
	case f.errorsLeft > 0:
		f.errorsLeft--
		d.status = f.errorStatus
	case f.gatewayLeft > 0:
		f.gatewayLeft--
		d.status, d.gateway, d.contentType = f.gatewayCode, true, f.gatewayType
	case f.lostLeft > 0:
		f.lostLeft--
		d.lose, d.how = true, f.lostHow
	}
	return d
}

// Faulty wraps next with the faults of f, answering injected failures with
// the service's own error shape. Wrap it inside Logged so that injected
// answers appear in the request log too.
func Faulty(f *Faults, writeError ErrorWriter, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		d := f.take(r)
		status, retryAfter := d.status, d.retryAfter
		if d.latency > 0 {
			select {
			case <-time.After(d.latency):
			case <-r.Context().Done():
				return
			}
		}
		switch {
		case d.lose:
			loseAnswer(w, r, d.how, writeError, next)
		case d.gateway:
			SetRoute(r, "(gateway "+strconv.Itoa(status)+")")
			writeGatewayAnswer(w, status, d.contentType)
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
