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

// Backoff when the answer names no Retry-After: doubling from backoffBase,
// capped at backoffMax, with jitter so that parallel resources spread out.
const (
	backoffBase = 500 * time.Millisecond
	backoffMax  = 16 * time.Second
)

// retryableStatus: throttling and server errors are worth another try,
// except 501 and 505, which will not change.
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
// last when no retry should be made: the retries are used up, the service
// asks for a longer wait than the client accepts, or the wait would outlast
// the caller's deadline (waiting only to be cancelled helps nobody).
func (c *Client) retryWait(ctx context.Context, attempt int, header http.Header, last *APIError) (time.Duration, error) {
	if attempt >= c.maxRetries {
		if attempt == 0 {
			return 0, last
		}
		return 0, fmt.Errorf("giving up after %d attempts: %w", attempt+1, last)
	}
	wait, asked := parseRetryAfter(header.Get("Retry-After"), c.now())
	if !asked {
		wait = backoff(attempt)
	}
	if asked && wait > c.maxWait {
		return 0, fmt.Errorf("not retrying: Unified.to asked to wait %s, longer than the %s this client waits: %w", wait, c.maxWait, last)
	}
	if deadline, ok := ctx.Deadline(); ok && c.now().Add(wait).After(deadline) {
		return 0, fmt.Errorf("not retrying: the next attempt (in %s) would come after the operation's deadline: %w", wait.Round(time.Millisecond), last)
	}
	return wait, nil
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
