package entra

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/microsoftgraph/msgraph-sdk-go/applications"
	"github.com/microsoftgraph/msgraph-sdk-go/models"
)

// PasswordCredential is a client secret of an application. SecretText is
// set only in the answer to AddPassword: Graph never returns it again.
type PasswordCredential struct {
	KeyID       string
	DisplayName string // as the user gave it, without the provider's marker
	Marker      string // the marker of the resource that made it; "" when made elsewhere
	Hint        string // the first characters of the secret
	SecretText  string
	Start, End  time.Time

	nonce string // the AddPassword call that made it
}

// PasswordInput describes a secret to add. Zero times take Graph's defaults
// (start now, end two years later). Marker ties the secret to the resource
// instance adding it (see NewMarker); every caller in this provider sets it.
type PasswordInput struct {
	DisplayName string
	Marker      string
	Start, End  time.Time
}

// ErrNotConverged means that Graph accepted a change (a secret added or
// removed, an application deleted) but reads did not agree on it before the
// deadline. The change itself happened; Graph's replicas usually catch up
// within minutes.
var ErrNotConverged = errors.New("reads did not converge")

func passwordCredentialFromModel(m models.PasswordCredentialable) PasswordCredential {
	pc := PasswordCredential{Hint: deref(m.GetHint()), SecretText: deref(m.GetSecretText())}
	pc.DisplayName, pc.Marker, pc.nonce = parseDisplayName(deref(m.GetDisplayName()))
	if m.GetKeyId() != nil {
		pc.KeyID = m.GetKeyId().String()
	}
	if t := m.GetStartDateTime(); t != nil {
		pc.Start = t.UTC()
	}
	if t := m.GetEndDateTime(); t != nil {
		pc.End = t.UTC()
	}
	return pc
}

// AddPassword adds a client secret and returns it, with its text, once
// reads of the application agree that it exists.
//
// Graph has no idempotency key for addPassword, so a retry after a lost
// answer (Graph committed, the client saw a 5xx or a dropped connection)
// would leave a second live secret. Each call therefore stamps its secret
// with in.Marker and a nonce of its own; while confirming the secret it
// answered with, it removes every other secret carrying that same marker
// and nonce, which can only be an earlier attempt of this very call.
func (c *Client) AddPassword(ctx context.Context, objectID string, in PasswordInput) (*PasswordCredential, error) {
	nonce := newNonce()
	name, err := composeDisplayName(in.DisplayName, in.Marker, nonce)
	if err != nil {
		return nil, err
	}
	cred := models.NewPasswordCredential()
	if name != "" {
		cred.SetDisplayName(&name)
	}
	if !in.Start.IsZero() {
		cred.SetStartDateTime(&in.Start)
	}
	if !in.End.IsZero() {
		cred.SetEndDateTime(&in.End)
	}
	body := applications.NewItemAddPasswordPostRequestBody()
	body.SetPasswordCredential(cred)
	var added models.PasswordCredentialable
	unlock := c.locks.lock(objectID)
	err = c.retry(ctx, c.writeMode(objectID), func(ctx context.Context) error {
		var err error
		added, err = c.graph.Applications().ByApplicationId(objectID).AddPassword().Post(ctx, body, nil)
		return graphError(err)
	})
	unlock()
	if err != nil {
		if in.Marker != "" {
			c.dropAttempts(objectID, in.Marker, nonce, "")
		}
		return nil, err
	}
	pc := passwordCredentialFromModel(added)
	pending, err := c.confirmAdded(ctx, objectID, pc)
	if err != nil {
		// The secret exists in Graph even if reads do not show it yet; the
		// caller must still record it, so the key id travels with the error.
		return &pc, fmt.Errorf("secret %s was added, but %w", pc.KeyID, err)
	}
	if pending {
		// An application whose slices no resource writes (a secret is all it
		// gets) would keep its create's pending mark, and a create of the same
		// configuration could adopt it. This secret's resource is not the
		// creator, so it ends the mark, as a slice write would (create.go).
		if err := c.EndPending(ctx, objectID); err != nil {
			return &pc, fmt.Errorf("secret %s was added, but ending application %s's create mark failed: %w", pc.KeyID, objectID, err)
		}
	}
	return &pc, nil
}

// dropAttempts removes, best effort and within a short time of its own,
// the secrets an AddPassword call that failed may have committed (5 s: the
// call has already failed, most likely because Graph is failing). What it
// misses carries the caller's marker, so the caller's next
// RemoveUntrackedPasswords finds it.
func (c *Client) dropAttempts(objectID, marker, nonce, except string) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	creds, err := c.ListPasswords(ctx, objectID)
	if err != nil {
		return
	}
	for _, pc := range creds {
		if pc.Marker == marker && pc.nonce == nonce && !strings.EqualFold(pc.KeyID, except) {
			_ = c.removePassword(ctx, objectID, pc.KeyID)
		}
	}
}

// RemovePassword removes a client secret and waits until reads agree it is
// gone. A secret or application that is already gone is not an error.
func (c *Client) RemovePassword(ctx context.Context, objectID, keyID string) error {
	if err := c.removePassword(ctx, objectID, keyID); err != nil {
		return err
	}
	return c.confirmRemoved(ctx, objectID, keyID)
}

// removePassword asks Graph to remove one secret, without waiting for reads
// to agree.
func (c *Client) removePassword(ctx context.Context, objectID, keyID string) error {
	id, err := uuid.Parse(keyID)
	if err != nil {
		return fmt.Errorf("key id %q is not a GUID", keyID)
	}
	body := applications.NewItemRemovePasswordPostRequestBody()
	body.SetKeyId(&id)
	unlock := c.locks.lock(objectID)
	// On an application created moments ago a 404 may be a replica that
	// has not seen it yet, not a deletion: "already gone" would leave the
	// secret live (lag.go).
	err = c.retry(ctx, c.writeMode(objectID), func(ctx context.Context) error {
		return graphError(c.graph.Applications().ByApplicationId(objectID).RemovePassword().Post(ctx, body, nil))
	})
	unlock()
	if IsNotFound(err) || isUnknownKey(err) {
		return nil
	}
	return err
}

// RemoveUntrackedPasswords removes the secrets of the application that
// carry exactly marker and whose key id is not in keep: the secrets a
// resource instance made but no state records (a killed apply, a lost
// answer). It never touches a secret without that marker. It returns the
// key ids it removed; Graph's reads may show them for a while yet.
func (c *Client) RemoveUntrackedPasswords(ctx context.Context, objectID, marker string, keep ...string) (removed []string, err error) {
	if !validMarker.MatchString(marker) {
		return nil, fmt.Errorf("marker %q must be 1 to 24 characters a-z, 0-9 or '-'", marker)
	}
	creds, err := c.ListPasswords(ctx, objectID)
	if IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	for _, pc := range creds {
		if pc.Marker != marker || containsFold(keep, pc.KeyID) {
			continue
		}
		if err := c.removePassword(ctx, objectID, pc.KeyID); err != nil {
			return removed, fmt.Errorf("removing untracked secret %s: %w", pc.KeyID, err)
		}
		removed = append(removed, pc.KeyID)
	}
	return removed, nil
}

// ListPasswords reads an application's secrets (without their text). It
// selects only passwordCredentials (and createdDateTime, which tells
// whether a later 404 may be lag): the rest of the object is not needed
// and costs bandwidth on every poll.
func (c *Client) ListPasswords(ctx context.Context, objectID string) ([]PasswordCredential, error) {
	creds, _, err := c.listPasswords(ctx, objectID)
	return creds, err
}

// listPasswords is ListPasswords, also saying whether the application still
// carries its create's pending mark (create.go).
func (c *Client) listPasswords(ctx context.Context, objectID string) (creds []PasswordCredential, pending bool, err error) {
	cfg := &applications.ApplicationItemRequestBuilderGetRequestConfiguration{
		QueryParameters: &applications.ApplicationItemRequestBuilderGetQueryParameters{Select: []string{"id", "createdDateTime", "passwordCredentials", "serviceManagementReference"}},
	}
	var app models.Applicationable
	err = c.retry(ctx, retryTransient, func(ctx context.Context) error {
		var err error
		app, err = c.graph.Applications().ByApplicationId(objectID).Get(ctx, cfg)
		return graphError(err)
	})
	if err != nil {
		return nil, false, err
	}
	if t := app.GetCreatedDateTime(); t != nil && time.Since(*t) < lagWindow {
		c.NoteCreated(objectID, *t) // a new application: its 404s are lag (lag.go)
	}
	for _, m := range app.GetPasswordCredentials() {
		creds = append(creds, passwordCredentialFromModel(m))
	}
	return creds, isPending(app), nil
}

// GetPassword reads one secret (without its text) for a refresh: it takes
// it from the application's shared read (cache.go), so that refreshing a
// secret costs no request beyond the application's own. ErrNotFound means
// the secret or its application is gone. Waits that must see Graph's
// latest answer read through ListPasswords instead.
func (c *Client) GetPassword(ctx context.Context, objectID, keyID string) (*PasswordCredential, error) {
	app, err := c.GetApplication(ctx, objectID)
	if err != nil {
		return nil, err
	}
	return findPassword(app.PasswordCredentials, objectID, keyID)
}

// findPassword picks keyID out of an application's secrets.
func findPassword(creds []PasswordCredential, objectID, keyID string) (*PasswordCredential, error) {
	for _, pc := range creds {
		if strings.EqualFold(pc.KeyID, keyID) {
			return &pc, nil
		}
	}
	return nil, fmt.Errorf("secret %s of application %s: %w", keyID, objectID, ErrNotFound)
}

// isUnknownKey recognises Graph's answer to removePassword for a key id
// the application does not have.
func isUnknownKey(err error) bool {
	var ge *GraphError
	return errors.As(err, &ge) && ge.Status == 400 && strings.Contains(strings.ToLower(ge.Message), "no password credential")
}

func containsFold(list []string, s string) bool {
	for _, v := range list {
		if strings.EqualFold(v, s) {
			return true
		}
	}
	return false
}
