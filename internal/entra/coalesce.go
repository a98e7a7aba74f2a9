package entra

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/microsoftgraph/msgraph-sdk-go/models"
)

// baseTTL bounds how long the write base of a new application stands in
// for a GET. Within it the object is seconds old, its create (whose key
// only this configuration derives) has just finished, and every write this
// process sent to it is folded into the base.
const baseTTL = 2 * time.Minute

// writeBases are the objects this client created, as its own writes left
// them: the create's answer, with each slice PATCH it sent since applied.
// Under the application's lock, modifyApplication builds its PATCH on the
// base instead of reading first. Only the properties the slice writes read
// and send back (web, requiredResourceAccess) must be exact, and only this
// client's slice writes change them: any other write to the object (an
// update of the application, a logo, a delete) drops the base, and so does
// a PATCH that fails. See docs/design/graph-read-cache.md.
type writeBases struct {
	mu    sync.Mutex
	bases map[string]*writeBase
	now   func() time.Time
}

type writeBase struct {
	app      models.Applicationable
	at       time.Time // the last write folded in
	gathered bool      // the first slice write has gathered its siblings
}

// created records a new application as Graph answered its create.
func (b *writeBases) created(app models.Applicationable) {
	if app == nil || app.GetId() == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.bases == nil {
		b.bases = map[string]*writeBase{}
	}
	b.bases[strings.ToLower(*app.GetId())] = &writeBase{app: app, at: b.clock()}
}

// take returns the base of objectID when it is fresh enough, or nil.
// Callers hold the application's lock.
func (b *writeBases) take(objectID string) models.Applicationable {
	b.mu.Lock()
	defer b.mu.Unlock()
	base, ok := b.bases[strings.ToLower(objectID)]
	if !ok || b.clock().Sub(base.at) >= baseTTL {
		return nil
	}
	return base.app
}

// firstWrite reports, once per base, that the slice write about to be sent
// is the first since the create. Callers hold the application's lock.
func (b *writeBases) firstWrite(objectID string) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	base, ok := b.bases[strings.ToLower(objectID)]
	if !ok || base.gathered {
		return false
	}
	base.gathered = true
	return true
}

// wrote replaces the base of objectID, if it has one, with app: the object
// after a PATCH this client sent. Callers hold the application's lock.
func (b *writeBases) wrote(objectID string, app models.Applicationable) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if base, ok := b.bases[strings.ToLower(objectID)]; ok {
		base.app, base.at = app, b.clock()
	}
}

// drop forgets the base of objectID: the object was written some other way,
// or a write failed and its outcome is unknown.
func (b *writeBases) drop(objectID string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	delete(b.bases, strings.ToLower(objectID))
}

func (b *writeBases) clock() time.Time {
	if b.now != nil {
		return b.now()
	}
	return time.Now()
}

type ownSliceWriteKey struct{}

// ownSliceWrite marks a context whose requests are modifyApplication's
// PATCHes, which keep the write base current themselves.
func ownSliceWrite(ctx context.Context) context.Context {
	return context.WithValue(ctx, ownSliceWriteKey{}, true)
}

func isOwnSliceWrite(ctx context.Context) bool {
	own, _ := ctx.Value(ownSliceWriteKey{}).(bool)
	return own
}

// pendingChange is one slice owner's change waiting for the application's
// lock.
type pendingChange struct {
	change func(current models.Applicationable) (*models.Application, error)
	done   chan struct{}
	err    error
	alone  bool // the combined PATCH failed: write again, by itself
}

// pendingChanges queues the changes of each application that wait for its
// lock, so that whoever takes the lock writes them all in one PATCH.
type pendingChanges struct {
	mu      sync.Mutex
	pending map[string][]*pendingChange
}

func (p *pendingChanges) add(objectID string, c *pendingChange) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.pending == nil {
		p.pending = map[string][]*pendingChange{}
	}
	key := strings.ToLower(objectID)
	p.pending[key] = append(p.pending[key], c)
}

// takeAll removes and returns the queued changes of objectID.
func (p *pendingChanges) takeAll(objectID string) []*pendingChange {
	p.mu.Lock()
	defer p.mu.Unlock()
	key := strings.ToLower(objectID)
	taken := p.pending[key]
	delete(p.pending, key)
	return taken
}

// mergePatch sets on into the properties next sets. Slice PATCHes carry
// whole properties (the whole web object, the whole requiredResourceAccess
// collection), and each change was computed on the object with the earlier
// changes applied, so the later value of a property includes the earlier
// ones' effect.
func mergePatch(into, next models.Applicationable) {
	for k, v := range next.GetBackingStore().Enumerate() {
		if err := into.GetBackingStore().Set(k, v); err != nil {
			panic("entra: merging a PATCH body: " + err.Error()) // the in-memory store never fails
		}
	}
}

// applied returns current with patch applied as Graph applies a PATCH to
// the properties this provider reads: each property in the body replaces
// the stored one. current is not changed.
func applied(current models.Applicationable, patch *models.Application) models.Applicationable {
	next := models.NewApplication()
	mergePatch(next, current)
	mergePatch(next, patch)
	return next
}

// gatherWindow is how long the first slice write of an application this
// client has just created waits for the other slice owners' writes. The
// owners of one application (its redirect URIs, its API permissions)
// become ready together once the create finishes, but Terraform's
// parallelism semaphore hands them their turns some tens of milliseconds
// apart. Before the write base (above), the GET that preceded the first
// write gave the others about one round trip to join; the wait keeps that
// chance without the GET. Measured with `make bench-scale` (N = 50, 50 ms
// latency, a loaded machine): 2.6 PATCHes per application without it, 1.6
// with 100 ms, 1.5 with 250 ms. See docs/design/graph-read-cache.md.
const gatherWindow = 100 * time.Millisecond

// gatherSiblings waits gatherWindow once, for the first slice write after
// objectID's create, and returns the changes queued meanwhile. A write of
// the creating resource itself (branding, in the application's Create)
// neither waits nor uses up the wait: its siblings cannot exist yet, since
// Terraform starts them when that Create returns. When ctx ends during the
// wait, the queued changes are left to their own callers, whose contexts
// may still run. Callers hold the application's lock.
func (c *Client) gatherSiblings(ctx context.Context, objectID string) []*pendingChange {
	if isCreatorWrite(ctx) || !c.bases.firstWrite(objectID) {
		return nil
	}
	t := time.NewTimer(gatherWindow)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
		return nil
	}
	return c.pending.takeAll(objectID)
}

type creatorWriteKey struct{}

// creatorWrite marks a context whose slice write comes from the resource
// that created the application, within its Create.
func creatorWrite(ctx context.Context) context.Context {
	return context.WithValue(ctx, creatorWriteKey{}, true)
}

func isCreatorWrite(ctx context.Context) bool {
	creator, _ := ctx.Value(creatorWriteKey{}).(bool)
	return creator
}
