package entra

import (
	"context"
	"errors"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"time"

	khttp "github.com/microsoft/kiota-http-go"
	"github.com/microsoftgraph/msgraph-sdk-go/models"
)

// snapshotTTL bounds how long a snapshot serves reads. A client lives for
// one configured provider instance, which Terraform makes anew for every
// command's walk (plan, apply), so a snapshot never outlives the plan that
// took it; the bound only keeps a very long walk from serving old reads.
const snapshotTTL = 2 * time.Minute

// readCache makes a refresh read each application once: reads of one
// object that overlap share one GET (singleflight), and reads that follow
// within snapshotTTL take the snapshot it returned. Every resource of an
// application (the application, its redirect URIs, API accesses and
// secrets) reads its slice from that one object.
//
// Once this client sends any write to an object, reads of that object are
// never served from the cache again: they go to Graph. So a read after a
// write always sees Graph's answer after the write, and the polls that
// confirm a new secret really poll. See docs/design/graph-read-cache.md.
type readCache struct {
	mu   sync.Mutex
	apps map[string]*cachedApp // by lower-case object id
	now  func() time.Time
}

type cachedApp struct {
	written bool                   // this client has sent a write to the object
	snap    models.Applicationable // the last GET's answer, nil when none
	sentAt  time.Time              // when the GET that answered snap was sent
	flight  *flight                // the GET under way, which readers join
}

// flight is one GET that several readers wait for.
type flight struct {
	done chan struct{}
	app  models.Applicationable
	err  error
}

// read returns the application, from the cache when it may, otherwise from
// fetch (one GET, shared with the readers that arrive while it runs).
func (rc *readCache) read(ctx context.Context, objectID string, fetch func(context.Context) (models.Applicationable, error)) (models.Applicationable, error) {
	for {
		rc.mu.Lock()
		e := rc.entry(objectID)
		switch {
		case e.written:
			rc.mu.Unlock()
			return fetch(ctx)
		case e.snap != nil && rc.clock().Sub(e.sentAt) < snapshotTTL:
			snap := e.snap
			rc.mu.Unlock()
			return snap, nil
		case e.flight != nil:
			f := e.flight
			rc.mu.Unlock()
			select {
			case <-f.done:
			case <-ctx.Done():
				return nil, ctx.Err()
			}
			// The GET ran under its first reader's context; when that one
			// gave up, the others read for themselves.
			if f.err != nil && isContextError(f.err) && ctx.Err() == nil {
				continue
			}
			return f.app, f.err
		}
		f := &flight{done: make(chan struct{})}
		e.flight = f
		sentAt := rc.clock()
		rc.mu.Unlock()

		f.app, f.err = fetch(ctx)

		rc.mu.Lock()
		if e.flight == f {
			e.flight = nil
		}
		// A write sent while the GET ran may or may not be in its answer,
		// so the answer is kept only when no write was sent.
		if f.err == nil && !e.written {
			e.snap, e.sentAt = f.app, sentAt
		}
		rc.mu.Unlock()
		close(f.done)
		return f.app, f.err
	}
}

// wrote records that a write to objectID is being sent: the snapshot is
// dropped, and reads of the object bypass the cache from now on.
func (rc *readCache) wrote(objectID string) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	e := rc.entry(objectID)
	e.written, e.snap = true, nil
}

// wroteUnknown records a write whose object id is not in its path (an
// upsert by unique name): every snapshot is dropped.
func (rc *readCache) wroteUnknown() {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	for _, e := range rc.apps {
		e.snap = nil
	}
}

// entry returns objectID's entry, making it. Callers hold rc.mu.
func (rc *readCache) entry(objectID string) *cachedApp {
	if rc.apps == nil {
		rc.apps = map[string]*cachedApp{}
	}
	key := strings.ToLower(objectID)
	e, ok := rc.apps[key]
	if !ok {
		e = &cachedApp{}
		rc.apps[key] = e
	}
	return e
}

func (rc *readCache) clock() time.Time {
	if rc.now != nil {
		return rc.now()
	}
	return time.Now()
}

func isContextError(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

// applicationPath matches the paths that address one application by
// object id: the object itself and its actions (addPassword, logo, …).
var applicationPath = regexp.MustCompile(`(?i)/applications/([0-9a-f-]{36})(?:/|$)`)

// writeWatcher is a middleware that tells the client of every write to an
// application before it is sent. It sits in the HTTP pipeline rather than
// in the write functions, so that no write, present or future, can skip
// invalidating the cache.
type writeWatcher func(req *http.Request)

func (w writeWatcher) Intercept(pipeline khttp.Pipeline, index int, req *http.Request) (*http.Response, error) {
	if req.Method != http.MethodGet && req.Method != http.MethodHead {
		w(req)
	}
	return pipeline.Next(req, index)
}

// sawWrite is the writeWatcher of the client: it invalidates the read
// cache, and the write base unless the write is modifyApplication's own
// PATCH or a secret's (which changes only passwordCredentials, a property
// no slice write sends).
func (c *Client) sawWrite(req *http.Request) {
	path := req.URL.Path
	m := applicationPath.FindStringSubmatch(path)
	if m == nil {
		if strings.Contains(path, "/applications(") {
			c.cache.wroteUnknown()
		}
		return
	}
	objectID := m[1]
	c.cache.wrote(objectID)
	if isOwnSliceWrite(req.Context()) || strings.HasSuffix(path, "/addPassword") || strings.HasSuffix(path, "/removePassword") {
		return
	}
	c.bases.drop(objectID)
}
