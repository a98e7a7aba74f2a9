package entra

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// RetryPolicy bounds this package's own retries. Nothing here loops without
// a bound: the caller's deadline (Terraform's timeouts) wins, and without one
// MaxElapsed does.
type RetryPolicy struct {
	InitialDelay time.Duration // first wait; doubles up to MaxDelay
	MaxDelay     time.Duration
	MaxElapsed   time.Duration // bound when the context has no deadline
}

// DefaultRetryPolicy suits real Graph, whose replication lag is seconds to
// a minute or two.
var DefaultRetryPolicy = RetryPolicy{InitialDelay: time.Second, MaxDelay: 15 * time.Second, MaxElapsed: 5 * time.Minute}

// retryMode says which failures an operation may retry.
type retryMode int

const (
	// retryTransient retries throttling and server errors only: a 404 is the
	// truth, e.g. when refreshing an application deleted outside Terraform.
	retryTransient retryMode = iota
	// retryReplication also retries the answers Graph gives while a new
	// object replicates: 404, 409 Error_MsaAppDoesNotExist, and 400 "does
	// not reference a valid application object".
	retryReplication
)

// retry runs call until it succeeds, fails in a way mode does not retry, or
// the time is up; it then returns the last error.
func (c *Client) retry(ctx context.Context, mode retryMode, call func(context.Context) error) error {
	deadline, ok := ctx.Deadline()
	if !ok {
		deadline = time.Now().Add(c.policy.MaxElapsed)
	}
	delay := c.policy.InitialDelay
	for attempt := 1; ; attempt++ {
		err := call(ctx)
		if err == nil || !retryable(err, mode) {
			return err
		}
		wait := delay
		var ge *GraphError
		if errors.As(err, &ge) && ge.RetryAfter > wait {
			wait = ge.RetryAfter
		}
		if time.Now().Add(wait).After(deadline) {
			return fmt.Errorf("still failing after %d attempts: %w", attempt, err)
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%w (last answer: %w)", ctx.Err(), err)
		case <-time.After(wait):
		}
		delay = min(delay*2, c.policy.MaxDelay)
	}
}

func retryable(err error, mode retryMode) bool {
	if errors.Is(err, errNotYet) {
		return true
	}
	var ge *GraphError
	if !errors.As(err, &ge) {
		return false // transport and sign-in errors are not Graph's to retry
	}
	switch {
	case ge.Status == http.StatusTooManyRequests, ge.Status == http.StatusServiceUnavailable,
		ge.Status == http.StatusGatewayTimeout, ge.Status == http.StatusBadGateway, ge.Status == http.StatusInternalServerError:
		return true
	case mode != retryReplication:
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
	if errors.Is(err, errNotYet) {
		return ErrNotConverged
	}
	return err
}
