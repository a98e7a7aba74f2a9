package entra

import (
	"context"

	"github.com/microsoftgraph/msgraph-sdk-go/models"
)

// modifyApplication is the read-modify-write cycle every slice owner uses:
// under the application's lock it reads the current object, lets change
// build a PATCH body from it, and sends that body. change returns nil when
// there is nothing to write. Replication errors are retried on both calls,
// since the application may have been created moments ago in the same apply.
func (c *Client) modifyApplication(ctx context.Context, objectID string, change func(current models.Applicationable) *models.Application) error {
	unlock := c.locks.lock(objectID)
	defer unlock()
	var current models.Applicationable
	err := c.retry(ctx, retryReplication, func(ctx context.Context) error {
		var err error
		current, err = c.graph.Applications().ByApplicationId(objectID).Get(ctx, nil)
		return graphError(err)
	})
	if err != nil {
		return err
	}
	patch := change(current)
	if patch == nil {
		return nil
	}
	return c.retry(ctx, retryReplication, func(ctx context.Context) error {
		_, err := c.graph.Applications().ByApplicationId(objectID).Patch(ctx, patch, nil)
		return graphError(err)
	})
}
