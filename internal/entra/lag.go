package entra

import (
	"strings"
	"sync"
	"time"
)

// Graph answers 404 for an object that exists but has not reached the
// replica serving the read. That is possible only for a new object, so a
// 404 is treated as replication lag only where lag is possible: the object
// was created by this process moments ago, or a read showed a recent
// createdDateTime. Everywhere else a 404 is retried for NotFoundGrace at
// most (another process may have created the object just now) and is then
// the truth: a deleted application, or a client id passed as an object id,
// fails within seconds instead of waiting out the timeout.
// See docs/design/graph-retries.md.

// lagWindow is how long after its creation an object may still be missing
// from some replica. Graph's lag is seconds, rarely a minute or two.
const lagWindow = 10 * time.Minute

// recentObjects remembers when objects were created, as far as this process
// knows.
type recentObjects struct {
	mu      sync.Mutex
	created map[string]time.Time
}

// NoteCreated tells the client that objectID was created at created (by
// this process, or as a read's createdDateTime showed), so that a 404 on it
// within lagWindow is waited out as replication lag.
func (c *Client) NoteCreated(objectID string, created time.Time) {
	if objectID == "" || created.IsZero() {
		return
	}
	c.recent.mu.Lock()
	defer c.recent.mu.Unlock()
	if c.recent.created == nil {
		c.recent.created = map[string]time.Time{}
	}
	c.recent.created[strings.ToLower(objectID)] = created
}

// lagPossible reports whether objectID may still be replicating.
func (c *Client) lagPossible(objectID string) bool {
	c.recent.mu.Lock()
	defer c.recent.mu.Unlock()
	t, ok := c.recent.created[strings.ToLower(objectID)]
	return ok && time.Since(t) < lagWindow
}

// forgetCreated drops objectID from the objects known to be new: it was
// deleted, and a 404 on it is the truth again.
func (c *Client) forgetCreated(objectID string) {
	c.recent.mu.Lock()
	defer c.recent.mu.Unlock()
	delete(c.recent.created, strings.ToLower(objectID))
}

// readMode is the retry mode for a refresh of objectID: a 404 is the truth
// (an application deleted outside Terraform), unless the object is known
// to be new. The create does not wait until its application is readable
// (create.go), so the refresh that follows an apply at once may be the
// first read of it; the application resource tells the client when it was
// created (its private state), and that read waits out the lag.
func (c *Client) readMode(objectID string) retryMode {
	if c.lagPossible(objectID) {
		return retryReplication
	}
	return retryTransient
}

// writeMode is the retry mode for a write to (or a read inside a write of)
// objectID.
func (c *Client) writeMode(objectID string) retryMode {
	if c.lagPossible(objectID) {
		return retryReplication
	}
	return retryBriefLag
}
