package entra

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// consecutiveAgreeingReads is how many reads in a row must agree before a
// secret counts as visible (or gone): Graph's replicas converge over
// seconds to minutes, and one read may come from a replica that lags.
// See docs/design/graph-secrets.md.
const consecutiveAgreeingReads = 3

// firstConfirmInterval is the pause before the first confirming read and
// between reads once they agree: short, because a secret usually shows at
// once, and the reads are of passwordCredentials alone.
const firstConfirmInterval = 250 * time.Millisecond

// confirmAdded waits until reads agree that pc exists. On the way it
// removes the earlier attempts of the same AddPassword call (same marker
// and nonce, another key id), whose answers were lost, and it counts a read
// as agreeing only when none of them is left in it. pending is whether the
// last read showed the application's create mark.
func (c *Client) confirmAdded(ctx context.Context, objectID string, pc PasswordCredential) (pending bool, err error) {
	removed := map[string]bool{}
	what := fmt.Sprintf("secret %s of application %s", pc.KeyID, objectID)
	err = c.waitForReads(ctx, what, "show", func(ctx context.Context) (bool, error) {
		creds, marked, err := c.listPasswords(ctx, objectID)
		pending = marked
		if IsNotFound(err) {
			return false, nil // the application is still replicating
		}
		if err != nil {
			return false, err
		}
		seen, clean := false, true
		for _, other := range creds {
			switch {
			case strings.EqualFold(other.KeyID, pc.KeyID):
				seen = true
			case pc.Marker != "" && other.Marker == pc.Marker && other.nonce == pc.nonce:
				clean = false
				if !removed[other.KeyID] {
					if err := c.removePassword(ctx, objectID, other.KeyID); err != nil {
						return false, fmt.Errorf("removing secret %s, an earlier attempt of this call whose answer was lost: %w", other.KeyID, err)
					}
					removed[other.KeyID] = true
				}
			}
		}
		return seen && clean, nil
	})
	return pending, err
}

// confirmRemoved waits until reads agree that the secret keyID is gone.
func (c *Client) confirmRemoved(ctx context.Context, objectID, keyID string) error {
	what := fmt.Sprintf("secret %s of application %s", keyID, objectID)
	return c.waitForReads(ctx, what, "stop showing", func(ctx context.Context) (bool, error) {
		creds, err := c.ListPasswords(ctx, objectID)
		if err == nil {
			_, err = findPassword(creds, objectID, keyID)
		}
		if IsNotFound(err) {
			return true, nil
		}
		return false, err
	})
}

// waitForReads calls read until it reports agreement consecutiveAgreeingReads
// times in a row, or the deadline (the context's, else the policy's
// MaxElapsed) comes. The pause starts short and doubles while reads
// disagree; once they agree it is short again, since agreeing replicas
// rarely turn. Every wait past a second is logged at INFO with how far it
// is. It fails with ErrNotConverged when time runs out.
func (c *Client) waitForReads(ctx context.Context, what, verb string, read func(context.Context) (bool, error)) error {
	start := time.Now()
	deadline, ok := ctx.Deadline()
	if !ok {
		deadline = start.Add(c.policy.MaxElapsed)
	}
	first := min(firstConfirmInterval, c.policy.InitialDelay)
	pause, agreeing, reads := first, 0, 0
	for {
		if time.Now().Add(pause).After(deadline) {
			return fmt.Errorf("%w: reads did not %s %s %d times in a row before the deadline (%d reads in %s)",
				ErrNotConverged, verb, what, consecutiveAgreeingReads, reads, time.Since(start).Round(time.Second))
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%w (waiting for reads to %s %s)", ctx.Err(), verb, what)
		case <-time.After(pause):
		}
		ok, err := read(ctx)
		reads++
		if err != nil {
			return err
		}
		if ok {
			agreeing++
			pause = first
		} else {
			agreeing = 0
			pause = min(pause*2, c.policy.MaxDelay)
		}
		if agreeing >= consecutiveAgreeingReads {
			return nil
		}
		if elapsed := time.Since(start); elapsed > time.Second {
			c.progress(ctx, fmt.Sprintf("waiting for Graph replicas to agree that they %s %s: %d of %d reads agree (%d reads, %s so far)",
				verb, what, agreeing, consecutiveAgreeingReads, reads, elapsed.Round(100*time.Millisecond)))
		}
	}
}
