package entra

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"strings"
	"syscall"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
)

// RetryPolicy bounds this package's own retries. Nothing here loops without
// a bound: the caller's deadline (Terraform's timeouts) wins, and without one
// MaxElapsed does. There is no fixed attempt count: a service that keeps
// asking to wait, and says how long, is waited for until the deadline.
// See docs/design/graph-retries.md.
type RetryPolicy struct {
	InitialDelay time.Duration // first wait of our own backoff; doubles up to MaxDelay
	MaxDelay     time.Duration
	MaxElapsed   time.Duration // bound when the context has no deadline
	// NotFoundGrace is how long a 404 is retried on an object this process
	// cannot know to be new (see lag.go); zero means DefaultNotFoundGrace.
	NotFoundGrace time.Duration
}

// DefaultRetryPolicy suits real Graph, whose replication lag is seconds to
// a minute or two.
var DefaultRetryPolicy = RetryPolicy{InitialDelay: time.Second, MaxDelay: 15 * time.Second, MaxElapsed: 5 * time.Minute}

// DefaultNotFoundGrace is how long a 404 on an object that is not known to
// be new keeps being retried: long enough for a replica that missed a
// create made by another process moments ago, short enough that a deleted
// application or a client id passed as an object id fails within seconds.
const DefaultNotFoundGrace = 10 * time.Second

// retryMode says which failures an operation may retry.
type retryMode int

const (
	// retryTransient retries throttling, server errors and dropped
	// connections only: a 404 is the truth, e.g. when refreshing an
	// application deleted outside Terraform.
	retryTransient retryMode = iota
	// retryReplication also retries the answers Graph gives while a new
	// object replicates: 404, 409 Error_MsaAppDoesNotExist, and 400 "does
	// not reference a valid application object". Only for objects where
	// lag is possible (lag.go).
	retryReplication
	// retryBriefLag is retryReplication for an object not known to be new:
	// the replication answers are retried for the policy's NotFoundGrace
	// only, after which they are the truth.
	retryBriefLag
)

// jitterFraction is the most a wait is lengthened at random, so that
// clients throttled together do not come back together.
const jitterFraction = 0.1

// retry runs call until it succeeds, fails in a way mode does not retry, or
// the time is up; it then returns the last error.
//
// A Retry-After from the service is honoured as given, plus jitter. Only
// when the service names no time does retry back off on its own, doubling
// from InitialDelay up to MaxDelay. It stops at the deadline, not after a
// count.
func (c *Client) retry(ctx context.Context, mode retryMode, call func(context.Context) error) error {
	start := time.Now()
	deadline, ok := ctx.Deadline()
	if !ok {
		deadline = start.Add(c.policy.MaxElapsed)
	}
	delay := c.policy.InitialDelay
	for attempt := 1; ; attempt++ {
		err := call(ctx)
		if err == nil || ctx.Err() != nil || !c.retryable(err, mode, time.Since(start)) {
			return err
		}
		wait := delay
		var ge *GraphError
		given := errors.As(err, &ge) && ge.RetryAfter > 0
		if given {
			wait = ge.RetryAfter
		} else {
			delay = min(delay*2, c.policy.MaxDelay)
		}
		wait += time.Duration(rand.Float64() * jitterFraction * float64(wait))
		if time.Now().Add(wait).After(deadline) {
			return fmt.Errorf("still failing after %d attempts in %s: %w", attempt, time.Since(start).Round(time.Second), err)
		}
		if wait > time.Second {
			c.progress(ctx, fmt.Sprintf("Microsoft Graph: %s; retrying in %s (attempt %d, %s left before the deadline)",
				shortReason(err), wait.Round(100*time.Millisecond), attempt, time.Until(deadline).Round(time.Second)))
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%w (last answer: %w)", ctx.Err(), err)
		case <-time.After(wait):
		}
	}
}

func (c *Client) retryable(err error, mode retryMode, elapsed time.Duration) bool {
	if errors.Is(err, errNotYet) {
		return true
	}
	var ge *GraphError
	if !errors.As(err, &ge) {
		return isDroppedConnection(err)
	}
	switch {
	case ge.Status == http.StatusTooManyRequests, ge.Status >= 500:
		return true
	case mode == retryTransient:
		return false
	case mode == retryBriefLag && elapsed >= c.notFoundGrace():
		return false
	case ge.Status == http.StatusNotFound:
		return true
	case ge.Status == http.StatusConflict:
		// A duplicate is a real conflict; anything else right after create is lag.
		return ge.Code != "Request_MultipleObjectsWithSameKeyValue"
	case ge.Status == http.StatusBadRequest:
		return strings.Contains(ge.Message, "does not reference a valid application object")
	}
	return false
}

// isDroppedConnection recognises a request whose answer never came (reset,
// EOF, timeout on the way back). Graph may have acted on it, so only calls
// that are safe to repeat get here: reads, the application POST and upsert
// (both under a uniqueName, see create.go), removePassword, and addPassword
// with its marker (passwords.go). Sign-in failures are not retried: they
// are the identity's, not Graph's.
func isDroppedConnection(err error) bool {
	var auth *azidentity.AuthenticationFailedError
	if errors.As(err, &auth) {
		return false
	}
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return false // nothing was sent: a wrong endpoint, not a lost answer
	}
	var ne net.Error
	return errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.ECONNRESET) ||
		(errors.As(err, &ne) && ne.Timeout())
}

func shortReason(err error) string {
	var ge *GraphError
	if errors.As(err, &ge) {
		if ge.Code != "" {
			return fmt.Sprintf("answered %d %s", ge.Status, ge.Code)
		}
		return fmt.Sprintf("answered %d", ge.Status)
	}
	return "the connection dropped"
}

func (c *Client) notFoundGrace() time.Duration {
	if c.policy.NotFoundGrace > 0 {
		return c.policy.NotFoundGrace
	}
	return DefaultNotFoundGrace
}

// errNotYet is what a poll's check stands for while its condition does not
// hold: retry waits and calls again, as it does for replication lag.
var errNotYet = errors.New("not yet")

// poll calls check until it reports done, with retry's backoff and bound.
// When time runs out first it returns an error wrapping ErrNotConverged.
func (c *Client) poll(ctx context.Context, check func(context.Context) (done bool, err error)) error {
	err := c.retry(ctx, retryTransient, func(ctx context.Context) error {
		done, err := check(ctx)
		if err == nil && !done {
			return errNotYet
		}
		return err
	})
	if errors.Is(err, errNotYet) || ctx.Err() != nil {
		// The deadline ended the wait, whatever the last request was doing.
		return ErrNotConverged
	}
	return err
}
