package entra

import (
	"context"
	"fmt"

	"github.com/microsoftgraph/msgraph-sdk-go/models"
)

// modifyApplication is the read-modify-write cycle every slice owner uses:
// under the application's lock it reads the current object, lets change
// build a PATCH body from it, and sends that body. change returns a nil
// body when there is nothing to write, or an error to refuse the write.
// Replication errors are retried on both calls, since the application may
// have been created moments ago in the same apply.
func (c *Client) modifyApplication(ctx context.Context, objectID string, change func(current models.Applicationable) (*models.Application, error)) error {
	unlock := c.locks.lock(objectID)
	defer unlock()
	var current models.Applicationable
	err := c.retry(ctx, c.writeMode(objectID), func(ctx context.Context) error {
		var err error
		current, err = c.graph.Applications().ByApplicationId(objectID).Get(ctx, nil)
		return graphError(err)
	})
	if err != nil {
		return err
	}
	patch, err := change(current)
	if err != nil || patch == nil {
		return err
	}
	return c.retry(ctx, c.writeMode(objectID), func(ctx context.Context) error {
		_, err := c.graph.Applications().ByApplicationId(objectID).Patch(ctx, patch, nil)
		return graphError(err)
	})
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
