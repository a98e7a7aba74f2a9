package unified

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Backoff when the answer names no Retry-After, which is the case for
// Unified.to's documented 429 ("Too many requests to unified.to API; max
// requests per minute: …"): doubling from backoffBase, capped at
// backoffMax, with jitter so that parallel resources spread out. A
// per-minute limit frees up within a minute, so the cap stays below it.
const (
	backoffBase = 500 * time.Millisecond
	backoffMax  = 20 * time.Second
	// DefaultMaxElapsed bounds the retries of one request whose context has
	// no deadline; otherwise the deadline alone bounds them.
	DefaultMaxElapsed = 5 * time.Minute
)

// retryableStatus: throttling and server errors are worth another try,
// except 501 and 505, which will not change. A gateway's 5xx with an HTML
// or empty body counts like any other.
func retryableStatus(status int) bool {
	switch {
	case status == http.StatusTooManyRequests:
		return true
	case status == http.StatusNotImplemented, status == http.StatusHTTPVersionNotSupported:
		return false
	}
	return status >= 500 && status <= 599
}

// retryWait returns how long to wait before attempt+1, or an error wrapping
// last when the wait would end after the operation's deadline (or, without
// one, after DefaultMaxElapsed since start): retries are bounded by time,
// not by a count. Retry-After is honoured as given, plus a little jitter;
// without it the client backs off on its own.
func (c *Client) retryWait(ctx context.Context, start time.Time, attempt int, header http.Header, last *APIError) (time.Duration, error) {
	wait, asked := parseRetryAfter(header.Get("Retry-After"), c.now())
	if asked {
		wait += jitter(wait)
	} else {
		wait = backoff(attempt)
	}
	deadline, ok := ctx.Deadline()
	if !ok {
		deadline = start.Add(c.maxElapsed)
	}
	if c.now().Add(wait).After(deadline) {
		why := "the next attempt"
		if asked {
			why = "the wait Unified.to asked for (Retry-After)"
		}
		return 0, fmt.Errorf("giving up after %d attempts: %s, %s, would end after the operation's deadline: %w",
			attempt+1, why, wait.Round(time.Millisecond), last)
	}
	return wait, nil
}

// jitter is up to a tenth of d, at most a second, so that clients told the
// same Retry-After do not return at the same instant.
func jitter(d time.Duration) time.Duration {
	j := min(d/10, time.Second)
	if j <= 0 {
		return rand.N(50 * time.Millisecond)
	}
	return rand.N(j + 1)
}

// backoff is the capped exponential wait before attempt+1, with jitter in
// its upper half so that it never drops below half the nominal wait.
func backoff(attempt int) time.Duration {
	d := backoffMax
	if attempt < 10 {
		d = min(backoffBase<<attempt, backoffMax)
	}
	return d/2 + rand.N(d/2+1)
}

// parseRetryAfter reads a Retry-After header in either of its forms,
// delay-seconds or an HTTP date; a date in the past means "now".
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseFloat(v, 64); err == nil {
		// Fractions are not in the RFC but some services send them.
		if !(secs >= 0 && secs <= 1e6) { // also rejects NaN
			return 0, false
		}
		return time.Duration(secs * float64(time.Second)), true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}
