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
	DisplayName string
	Hint        string // the first characters of the secret
	SecretText  string
	Start, End  time.Time
}

// PasswordInput describes a secret to add. Zero times take Graph's defaults
// (start now, end two years later).
type PasswordInput struct {
	DisplayName string
	Start, End  time.Time
}

// consecutiveAgreeingReads is how many reads in a row must agree before a
// secret counts as visible (or gone): Graph's replicas converge over
// seconds to minutes, and one read may come from a replica that lags.
const consecutiveAgreeingReads = 3

// ErrNotConverged means that Graph accepted a change (a secret added or
// removed, an application deleted) but reads did not agree on it before the
// deadline. The change itself happened; Graph's replicas usually catch up
// within minutes.
var ErrNotConverged = errors.New("reads did not converge")

func passwordCredentialFromModel(m models.PasswordCredentialable) PasswordCredential {
	pc := PasswordCredential{DisplayName: deref(m.GetDisplayName()), Hint: deref(m.GetHint()), SecretText: deref(m.GetSecretText())}
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
func (c *Client) AddPassword(ctx context.Context, objectID string, in PasswordInput) (*PasswordCredential, error) {
	cred := models.NewPasswordCredential()
	if in.DisplayName != "" {
		cred.SetDisplayName(&in.DisplayName)
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
	err := c.retry(ctx, retryReplication, func(ctx context.Context) error {
		var err error
		added, err = c.graph.Applications().ByApplicationId(objectID).AddPassword().Post(ctx, body, nil)
		return graphError(err)
	})
	unlock()
	if err != nil {
		return nil, err
	}
	pc := passwordCredentialFromModel(added)
	if err := c.waitForPassword(ctx, objectID, pc.KeyID, true); err != nil {
		// The secret exists in Graph even if reads do not show it yet; the
		// caller must still record it, so the key id travels with the error.
		return &pc, fmt.Errorf("secret %s was added, but %w", pc.KeyID, err)
	}
	return &pc, nil
}

// RemovePassword removes a client secret and waits until reads agree it is
// gone. A secret or application that is already gone is not an error.
func (c *Client) RemovePassword(ctx context.Context, objectID, keyID string) error {
	id, err := uuid.Parse(keyID)
	if err != nil {
		return fmt.Errorf("key id %q is not a GUID", keyID)
	}
	body := applications.NewItemRemovePasswordPostRequestBody()
	body.SetKeyId(&id)
	unlock := c.locks.lock(objectID)
	err = c.retry(ctx, retryTransient, func(ctx context.Context) error {
		return graphError(c.graph.Applications().ByApplicationId(objectID).RemovePassword().Post(ctx, body, nil))
	})
	unlock()
	switch {
	case IsNotFound(err):
		return nil
	case isUnknownKey(err):
		return nil
	case err != nil:
		return err
	}
	return c.waitForPassword(ctx, objectID, keyID, false)
}

// GetPassword reads one secret (without its text). ErrNotFound means the
// secret or its application is gone.
func (c *Client) GetPassword(ctx context.Context, objectID, keyID string) (*PasswordCredential, error) {
	app, err := c.GetApplication(ctx, objectID)
	if err != nil {
		return nil, err
	}
	for _, pc := range app.PasswordCredentials {
		if strings.EqualFold(pc.KeyID, keyID) {
			return &pc, nil
		}
	}
	return nil, fmt.Errorf("secret %s of application %s: %w", keyID, objectID, ErrNotFound)
}

// waitForPassword polls until consecutiveAgreeingReads reads in a row see
// the secret present (or absent), within the context's deadline; when they
// do not, it says so with ErrNotConverged.
func (c *Client) waitForPassword(ctx context.Context, objectID, keyID string, present bool) error {
	agreeing := 0
	err := c.poll(ctx, func(ctx context.Context) (bool, error) {
		_, err := c.GetPassword(ctx, objectID, keyID)
		switch {
		case err == nil && present, IsNotFound(err) && !present:
			agreeing++
		case err == nil, IsNotFound(err):
			agreeing = 0
		default:
			return false, err
		}
		return agreeing >= consecutiveAgreeingReads, nil
	})
	if errors.Is(err, ErrNotConverged) {
		shown := "show"
		if !present {
			shown = "stop showing"
		}
		return fmt.Errorf("%w: reads of application %s did not %s secret %s %d times in a row before the deadline",
			ErrNotConverged, objectID, shown, keyID, consecutiveAgreeingReads)
	}
	return err
}

// isUnknownKey recognises Graph's answer to removePassword for a key id
// the application does not have.
func isUnknownKey(err error) bool {
	var ge *GraphError
	return errors.As(err, &ge) && ge.Status == 400 && strings.Contains(strings.ToLower(ge.Message), "no password credential")
}
