package entra

import (
	"context"
	"fmt"

	"github.com/microsoftgraph/msgraph-sdk-go/applications"
	"github.com/microsoftgraph/msgraph-sdk-go/models"
)

// modifyApplication is the read-modify-write cycle every slice owner uses:
// under the application's lock it takes the current object, lets change
// build a PATCH body from it, and sends that body. change returns a nil
// body when there is nothing to write, or an error to refuse the write.
// Replication errors are retried on both calls where lag is possible
// (lag.go): the application may have been created moments ago in the same apply.
//
// The current object is a GET sent under the lock, or, for an application
// this client created moments ago, its write base (coalesce.go). Changes
// of other owners of the same application that are waiting for the lock
// meanwhile are written with it, in one PATCH: each is computed on the
// object with the earlier ones applied, so each still touches only its own
// slice. When a combined PATCH fails, every change is written again alone,
// so that each owner gets its own answer.
func (c *Client) modifyApplication(ctx context.Context, objectID string, change func(current models.Applicationable) (*models.Application, error)) error {
	mine := &pendingChange{change: change, done: make(chan struct{})}
	c.pending.add(objectID, mine)
	unlock := c.locks.lock(objectID)
	select {
	case <-mine.done:
		// An earlier holder of the lock wrote it.
	default:
		c.writeChanges(ctx, objectID, mine, c.pending.takeAll(objectID))
	}
	unlock()
	if !mine.alone {
		return mine.err
	}
	unlock = c.locks.lock(objectID)
	defer unlock()
	alone := &pendingChange{change: change, done: make(chan struct{})}
	c.writeChanges(ctx, objectID, alone, []*pendingChange{alone})
	return alone.err
}

// writeChanges writes batch (changes of one application) in one PATCH and
// closes each change's done. ctx is the context of holder, the change whose
// caller holds the application's lock: a failure of the PATCH is holder's
// answer only, since it may come from holder's deadline; every other
// writer then writes again alone, with its own context.
func (c *Client) writeChanges(ctx context.Context, objectID string, holder *pendingChange, batch []*pendingChange) {
	defer func() {
		for _, p := range batch {
			close(p.done)
		}
	}()
	if c.bases.take(objectID) != nil {
		batch = append(batch, c.gatherSiblings(ctx, objectID)...)
	}
	// Taken (again) after the wait: a write of another kind meanwhile drops it.
	current := c.bases.take(objectID)
	if current == nil {
		err := c.retry(ctx, c.writeMode(objectID), func(ctx context.Context) error {
			var err error
			current, err = c.graph.Applications().ByApplicationId(objectID).Get(ctx, selectApplication())
			return graphError(err)
		})
		if err != nil {
			// With others waiting, the GET may have failed for the first
			// one's reasons (its deadline): each tries again by itself.
			for _, p := range batch {
				p.err, p.alone = err, len(batch) > 1
			}
			return
		}
		// Owners that asked while the GET ran join this write.
		batch = append(batch, c.pending.takeAll(objectID)...)
	}
	var patch *models.Application
	var writers []*pendingChange
	for _, p := range batch {
		next, err := p.change(current)
		if err != nil || next == nil {
			p.err = err
			continue
		}
		if patch == nil {
			patch = models.NewApplication()
		}
		mergePatch(patch, next)
		current = applied(current, next)
		writers = append(writers, p)
	}
	// The first slice write after the create ends its pending mark (create.go):
	// the application is in Terraform's state by now, since this write is
	// another resource's. The creating resource's own writes never do.
	clearsPending := !isCreatorWrite(ctx) && isPending(current)
	if clearsPending {
		if patch == nil {
			patch = models.NewApplication()
		}
		clearPending(patch)
	}
	if patch == nil {
		return
	}
	err := c.retry(ownSliceWrite(ctx), c.writeMode(objectID), func(ctx context.Context) error {
		_, err := c.graph.Applications().ByApplicationId(objectID).Patch(ctx, patch, nil)
		return graphError(err)
	})
	if err != nil {
		c.bases.drop(objectID)
		if len(writers) == 0 && holder.err == nil {
			holder.err = err // the pending mark's end alone
		}
		for _, p := range writers {
			if p == holder && len(writers) == 1 {
				p.err = err
			} else {
				p.alone = true
			}
		}
		return
	}
	if clearsPending {
		current.SetServiceManagementReference(nil)
	}
	c.bases.wrote(objectID, current)
}

// selectApplication is the request configuration of a read by object id:
// the properties in applicationSelect.
func selectApplication() *applications.ApplicationItemRequestBuilderGetRequestConfiguration {
	return &applications.ApplicationItemRequestBuilderGetRequestConfiguration{
		QueryParameters: &applications.ApplicationItemRequestBuilderGetQueryParameters{Select: applicationSelect},
	}
}

// SliceTakenError refuses a create that would take over a slice of an
// application (its redirect URIs, one API's permissions) that already holds
// something else: someone else owns it, and overwriting it silently would
// make two owners fight. The check runs under the application's lock, so
// two resources created at the same moment cannot both pass it.
type SliceTakenError struct {
	What    string   // e.g. "redirect URIs"
	Current []string // what the slice holds now
}

func (e *SliceTakenError) Error() string {
	return fmt.Sprintf("the application's %s are already set to %v", e.What, e.Current)
}
