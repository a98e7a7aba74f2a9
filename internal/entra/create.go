package entra

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	abstractions "github.com/microsoft/kiota-abstractions-go"
	absser "github.com/microsoft/kiota-abstractions-go/serialization"
	"github.com/microsoftgraph/msgraph-sdk-go/applicationswithuniquename"
	"github.com/microsoftgraph/msgraph-sdk-go/models"
)

// The application's create key (its uniqueName) is derived from what the
// configuration says, so that an apply that follows a crash derives the same
// key and finds the application the crashed one made. Two resources can
// share a display name (two Terraform states in one tenant), so the key
// alone does not prove ownership: an application is created "pending" (its
// serviceManagementReference names the create call). The mark is ended by
// the first write of another resource (a slice write, or a secret), once
// Terraform has recorded the application. A later create adopts an
// application under its key only while it is pending; a finished one
// belongs to someone else, and the create moves on to the next key of the
// series. See docs/design/graph-secrets.md ("Application create key").

// pendingPrefix starts the serviceManagementReference of an application
// whose create has not finished.
const pendingPrefix = "unifiedto-terraform: create pending "

// maxCreateKeys bounds the key series: base, base-1, … A soft-deleted
// application keeps its uniqueName for 30 days, so each destroy-and-create
// of one configuration within that time moves one step along.
const maxCreateKeys = 50

// createKeyBase is the first key of an application's series.
func createKeyBase(f ApplicationFields) string {
	return "unifiedto-" + NewMarker("application", f.DisplayName, f.SignInAudience)
}

func createKey(base string, n int) string {
	if n == 0 {
		return base
	}
	return base + "-" + strconv.Itoa(n)
}

// CreateApplication creates an application and returns it once Graph can
// address it by object id.
//
// It posts the application with its create key as uniqueName. Graph refuses
// a second object under one uniqueName (400, not 409), and a refused POST
// changes nothing, so the POST is safe to repeat: a retry after a lost
// answer (timeout, 5xx, dropped connection), or the create of an apply that
// follows a crash, meets the application the first attempt made instead of
// making a second one. Only then is the key looked up (claimKey). The
// common path is one POST; a lookup before every create would cost a GET
// per application.
func (c *Client) CreateApplication(ctx context.Context, f ApplicationFields) (*Application, error) {
	base, nonce := createKeyBase(f), c.nonces.issue()
	// Two resources of one configuration with the same display name and
	// audience (count = 2) derive the same keys. Created one after the
	// other, the second finds the first finished and moves to the next key;
	// created at once, the second could find the first still pending and
	// take it over. So creates of one key series take turns.
	unlock := c.locks.lock("create:" + base)
	defer unlock()
	for n := range maxCreateKeys {
		key := createKey(base, n)
		created, err := c.postApplication(ctx, key, nonce, f)
		if err == nil {
			c.NoteCreated(deref(created.GetId()), time.Now())
			return c.created(created), nil
		}
		if !isUniqueNameTaken(err) {
			return nil, err
		}
		app, err := c.claimKey(ctx, key, nonce, f)
		switch {
		case errors.Is(err, errKeyTaken):
			continue
		case err != nil:
			return nil, err
		}
		return c.created(app), nil
	}
	return nil, fmt.Errorf("the %d create keys %s… are all taken by other applications; rename the application", maxCreateKeys, base)
}

// postApplication creates the application under key, marked pending.
func (c *Client) postApplication(ctx context.Context, key, nonce string, f ApplicationFields) (models.Applicationable, error) {
	body := f.toModel(false)
	body.SetUniqueName(&key)
	pending := pendingPrefix + nonce
	body.SetServiceManagementReference(&pending)
	var created models.Applicationable
	err := c.retry(ctx, retryTransient, func(ctx context.Context) error {
		app, err := c.graph.Applications().Post(ctx, body, nil)
		created = app
		return graphError(err)
	})
	if err == nil && (created == nil || created.GetId() == nil) {
		err = errors.New("the answer to the application create has no object id")
	}
	return created, err
}

// claimKey decides about the application that holds key, since Graph
// refused to create another under it:
//   - pending under this call's nonce: an earlier attempt of this call made
//     it and its answer was lost. It is ours;
//   - pending under a nonce this process issued: a create of this process
//     made it and has ended, so Terraform records it (or it is tainted, and
//     recorded all the same). errKeyTaken;
//   - pending under another nonce: a create that never finished, i.e. the
//     same configuration, killed. Adopted (adoptPending);
//   - finished: another resource's. errKeyTaken;
//   - not readable by its key: either soft-deleted (it keeps its uniqueName)
//     or created so recently that this replica has not seen it (a crashed
//     apply seconds ago, or this call's own lost answer). A read cannot tell
//     them apart, so adoptPending asks Graph to create-or-update under the
//     key, which resolves it where the POST was refused: a soft-deleted
//     holder refuses it again (errKeyTaken), a live one is adopted.
func (c *Client) claimKey(ctx context.Context, key, nonce string, f ApplicationFields) (models.Applicationable, error) {
	existing, err := c.getByUniqueName(ctx, key, retryTransient)
	switch {
	case IsNotFound(err):
		return c.adoptPending(ctx, key, nonce, f)
	case err != nil:
		return nil, err
	}
	mark := deref(existing.GetServiceManagementReference())
	switch {
	case mark == pendingPrefix+nonce:
		c.NoteCreated(deref(existing.GetId()), time.Now())
		return existing, nil
	case !isPending(existing), c.nonces.issued(strings.TrimPrefix(mark, pendingPrefix)):
		return nil, errKeyTaken
	}
	return c.adoptPending(ctx, key, nonce, f)
}

// errKeyTaken means that the key is held by an application this create
// cannot take: one another create finished (or took over meanwhile), or a
// soft-deleted one.
var errKeyTaken = errors.New("create key taken")

// adoptPending takes over the application that holds key and is not known
// to be finished: it writes this configuration and this call's pending
// mark through the uniqueName upsert, then reads the application back to
// make sure the mark is ours (no other create took it meanwhile).
func (c *Client) adoptPending(ctx context.Context, key, nonce string, f ApplicationFields) (models.Applicationable, error) {
	body := f.toModel(false)
	body.SetUniqueName(&key)
	pending := pendingPrefix + nonce
	body.SetServiceManagementReference(&pending)
	cfg := &applicationswithuniquename.ApplicationsWithUniqueNameRequestBuilderPatchRequestConfiguration{Headers: abstractions.NewRequestHeaders()}
	cfg.Headers.Add("Prefer", "create-if-missing")
	var created models.Applicationable
	err := c.retry(ctx, retryTransient, func(ctx context.Context) error {
		app, err := c.graph.ApplicationsWithUniqueName(&key).Patch(ctx, body, cfg)
		created = app
		return graphError(err)
	})
	switch {
	case isUniqueNameTaken(err):
		return nil, errKeyTaken // a soft-deleted holder
	case err != nil:
		return nil, err
	}
	if created != nil && created.GetId() != nil {
		c.NoteCreated(*created.GetId(), time.Now())
		return created, nil
	}
	// 204: it existed and now carries our mark, unless another create wrote
	// its own after us. Read it back by its key (waiting out lag: it may be
	// seconds old) to learn its id and whose mark it holds.
	app, err := c.getByUniqueName(ctx, key, retryReplication)
	if err != nil {
		return nil, fmt.Errorf("reading back application %s: %w", key, err)
	}
	if app == nil || deref(app.GetServiceManagementReference()) != pending {
		return nil, errKeyTaken
	}
	c.NoteCreated(deref(app.GetId()), time.Now())
	return app, nil
}

// created records a new application, still pending, as the base of the
// slice writes that follow (coalesce.go), and returns it.
//
// The pending mark is not cleared here but by the first slice write after
// it (modify.go): that write runs in another resource's apply, after
// Terraform has recorded the application. A provider killed at any moment
// of this create leaves a pending application, which the next apply adopts;
// had the create cleared the mark itself, a kill after that PATCH and
// before Terraform recorded the result would leave a finished application
// that no state knows and no create may adopt (the kill test found it).
func (c *Client) created(app models.Applicationable) *Application {
	c.bases.created(app)
	return applicationFromModel(app)
}

// EndPending ends objectID's create mark if it still carries one: for a
// write that is not a slice write (a secret), or a create that failed after
// Graph made the application, which Terraform records as tainted and must
// not be adopted by the next create. It costs nothing when the write base
// shows the mark ended, one read otherwise, and one PATCH when it is there.
func (c *Client) EndPending(ctx context.Context, objectID string) error {
	return c.modifyApplication(ctx, objectID, func(models.Applicationable) (*models.Application, error) { return nil, nil })
}

// isPending reports whether app carries a create's pending mark.
func isPending(app models.Applicationable) bool {
	return strings.HasPrefix(deref(app.GetServiceManagementReference()), pendingPrefix)
}

// clearPending adds to patch the end of the pending mark.
func clearPending(patch *models.Application) {
	data := patch.GetAdditionalData()
	if data == nil {
		data = map[string]any{}
	}
	data["serviceManagementReference"] = absser.NewUntypedNull()
	patch.SetAdditionalData(data)
}

// getByUniqueName reads an application by its uniqueName; ErrNotFound
// when there is none (or, in retryTransient mode, none visible yet).
func (c *Client) getByUniqueName(ctx context.Context, key string, mode retryMode) (models.Applicationable, error) {
	var app models.Applicationable
	err := c.retry(ctx, mode, func(ctx context.Context) error {
		var err error
		app, err = c.graph.ApplicationsWithUniqueName(&key).Get(ctx, nil)
		return graphError(err)
	})
	if err != nil {
		return nil, err
	}
	return app, nil
}

// isUniqueNameTaken recognises Graph's answer to a create whose uniqueName
// another object (a soft-deleted one included) holds: 400, not 409.
func isUniqueNameTaken(err error) bool {
	var ge *GraphError
	return errors.As(err, &ge) && ge.Status == 400 && strings.Contains(ge.Message, "uniqueName")
}

// createNonces are the nonces of this client's application creates. A
// pending mark with one of them was this process's, and its create has
// ended (creates of one key series take turns): its application is
// Terraform's, pending or not, and never a crash leftover.
type createNonces struct {
	mu     sync.Mutex
	nonces map[string]bool
}

func (n *createNonces) issue() string {
	nonce := newNonce()
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.nonces == nil {
		n.nonces = map[string]bool{}
	}
	n.nonces[nonce] = true
	return nonce
}

func (n *createNonces) issued(nonce string) bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.nonces[nonce]
}
