package entra

import (
	"context"
	"errors"
	"fmt"
	"time"

	absser "github.com/microsoft/kiota-abstractions-go/serialization"
	"github.com/microsoftgraph/msgraph-sdk-go/applicationswithappid"
	"github.com/microsoftgraph/msgraph-sdk-go/models"
)

// Application is the part of a Graph application object this provider reads.
type Application struct {
	ObjectID               string // the directory object id ("Object ID" in the portal)
	ClientID               string // appId ("Application (client) ID" in the portal)
	UniqueName             string
	DisplayName            string
	Description            string
	Notes                  string
	SignInAudience         string
	Tags                   []string
	PublisherDomain        string
	Web                    Web
	Info                   Info
	RequiredResourceAccess []RequiredResourceAccess
	PasswordCredentials    []PasswordCredential
}

// ApplicationFields are the properties the application resource owns. It
// never carries redirect URIs, permissions or secrets: other resources own
// those slices of the same object.
type ApplicationFields struct {
	DisplayName    string
	Description    string // "" clears it
	Notes          string // "" clears it
	SignInAudience string
	Tags           []string
}

// GetApplication reads an application by object id. A 404 is returned as
// ErrNotFound at once: on refresh it means deleted outside Terraform;
// unless the application is known to be new (lag.go), when a 404 is
// replication lag until Graph's deleted items show it deleted. Reads of
// one application share one GET within a refresh (cache.go).
func (c *Client) GetApplication(ctx context.Context, objectID string) (*Application, error) {
	app, err := c.cache.read(ctx, objectID, func(ctx context.Context) (models.Applicationable, error) {
		mode := c.readMode(objectID)
		app, err := c.fetchApplication(ctx, objectID, mode)
		if mode == retryReplication && IsNotFound(err) && !errors.Is(err, errDeleted) {
			// Lag to the end: the application is new and not deleted, so
			// it is not gone. Saying so would make Terraform forget it and
			// create another; an error keeps it in state.
			return nil, fmt.Errorf("application %s was created moments ago and Graph does not return it yet, nor list it as deleted (replication lag; try again, or raise the read timeout): %s", objectID, err.Error())
		}
		return app, err
	})
	if err != nil {
		return nil, err
	}
	return applicationFromModel(app), nil
}

// GetApplicationByClientID reads an application by its client (app) id.
func (c *Client) GetApplicationByClientID(ctx context.Context, clientID string) (*Application, error) {
	var app models.Applicationable
	err := c.retry(ctx, retryTransient, func(ctx context.Context) error {
		var err error
		app, err = c.graph.ApplicationsWithAppId(&clientID).Get(ctx, &applicationswithappid.ApplicationsWithAppIdRequestBuilderGetRequestConfiguration{
			QueryParameters: &applicationswithappid.ApplicationsWithAppIdRequestBuilderGetQueryParameters{Select: applicationSelect},
		})
		return graphError(err)
	})
	if err != nil {
		return nil, err
	}
	return applicationFromModel(app), nil
}

func (c *Client) fetchApplication(ctx context.Context, objectID string, mode retryMode) (models.Applicationable, error) {
	var app models.Applicationable
	err := c.retryUnlessDeleted(ctx, objectID, mode, func(ctx context.Context) error {
		var err error
		app, err = c.graph.Applications().ByApplicationId(objectID).Get(ctx, selectApplication())
		return graphError(err)
	})
	if err == nil {
		if t := app.GetCreatedDateTime(); t != nil && time.Since(*t) < lagWindow {
			c.NoteCreated(objectID, *t) // a new application: its 404s are lag (lag.go)
		}
	}
	return app, err
}

// UpdateApplication writes the properties the application resource owns.
// A 404 is the truth, not lag: Terraform updates only an application that
// its refresh just read, so it was deleted in between.
func (c *Client) UpdateApplication(ctx context.Context, objectID string, f ApplicationFields) error {
	body := f.toModel(true)
	return c.retry(ctx, retryTransient, func(ctx context.Context) error {
		_, err := c.graph.Applications().ByApplicationId(objectID).Patch(ctx, body, nil)
		return graphError(err)
	})
}

// DeleteApplication deletes an application (Graph keeps it 30 days in
// deleted items) and waits until reads no longer return it. An application
// that is already gone is not an error.
func (c *Client) DeleteApplication(ctx context.Context, objectID string) error {
	// A new application's DELETE may meet a replica that has not seen it
	// yet: a 404 then is lag, unless deleted items hold it.
	err := c.retryUnlessDeleted(ctx, objectID, c.readMode(objectID), func(ctx context.Context) error {
		return graphError(c.graph.Applications().ByApplicationId(objectID).Delete(ctx, nil))
	})
	if err != nil && !IsNotFound(err) {
		return err
	}
	// After DELETE, Graph may still answer 200 for a while; wait for the 404
	// so that a replacement created next does not race the old object.
	err = c.poll(ctx, func(ctx context.Context) (bool, error) {
		_, err := c.graph.Applications().ByApplicationId(objectID).Get(ctx, nil)
		if err := graphError(err); err != nil {
			return IsNotFound(err), ignoreNotFound(err)
		}
		return false, nil
	})
	if errors.Is(err, ErrNotConverged) {
		return fmt.Errorf("application %s was deleted, but reads still return it: %w", objectID, err)
	}
	if err == nil {
		c.forgetCreated(objectID)
	}
	return err
}

func ignoreNotFound(err error) error {
	if IsNotFound(err) {
		return nil
	}
	return err
}

// toModel builds a request body. clear sends explicit nulls for empty
// optional strings, so that removing a description in Terraform removes it
// in Graph (kiota omits nil properties instead of sending null).
func (f ApplicationFields) toModel(clear bool) *models.Application {
	app := models.NewApplication()
	app.SetDisplayName(&f.DisplayName)
	app.SetSignInAudience(&f.SignInAudience)
	tags := f.Tags
	if tags == nil {
		tags = []string{}
	}
	app.SetTags(tags)
	if f.Description != "" {
		app.SetDescription(&f.Description)
	}
	if f.Notes != "" {
		app.SetNotes(&f.Notes)
	}
	nulls := map[string]any{}
	if clear && f.Description == "" {
		nulls["description"] = absser.NewUntypedNull()
	}
	if clear && f.Notes == "" {
		nulls["notes"] = absser.NewUntypedNull()
	}
	if len(nulls) > 0 {
		app.SetAdditionalData(nulls)
	}
	return app
}

func applicationFromModel(m models.Applicationable) *Application {
	app := &Application{
		ObjectID:        deref(m.GetId()),
		ClientID:        deref(m.GetAppId()),
		UniqueName:      deref(m.GetUniqueName()),
		DisplayName:     deref(m.GetDisplayName()),
		Description:     deref(m.GetDescription()),
		Notes:           deref(m.GetNotes()),
		SignInAudience:  deref(m.GetSignInAudience()),
		Tags:            m.GetTags(),
		PublisherDomain: deref(m.GetPublisherDomain()),
	}
	if w := m.GetWeb(); w != nil {
		app.Web = webFromModel(w)
	}
	app.Info = infoFromModel(m.GetInfo())
	for _, rra := range m.GetRequiredResourceAccess() {
		app.RequiredResourceAccess = append(app.RequiredResourceAccess, requiredResourceAccessFromModel(rra))
	}
	for _, pc := range m.GetPasswordCredentials() {
		app.PasswordCredentials = append(app.PasswordCredentials, passwordCredentialFromModel(pc))
	}
	return app
}

// retryUnlessDeleted is retry for a call on the application objectID. In
// retryReplication mode (the application is new) a 404 is waited out as
// lag, unless Graph's deleted items hold the application: then the call
// stops at once, with the 404 marked errDeleted, and the application is no
// longer counted as new.
func (c *Client) retryUnlessDeleted(ctx context.Context, objectID string, mode retryMode, call func(context.Context) error) error {
	err := c.retry(ctx, mode, func(ctx context.Context) error {
		err := call(ctx)
		if mode == retryReplication && IsNotFound(err) && c.inDeletedItems(ctx, objectID) {
			return deletedError{err}
		}
		return err
	})
	var deleted deletedError
	if errors.As(err, &deleted) {
		c.forgetCreated(objectID)
		return fmt.Errorf("%w: %w", errDeleted, deleted.notFound)
	}
	return err
}

// errDeleted marks a 404 that Graph's deleted items confirmed.
var errDeleted = errors.New("in deleted items")

// deletedError stops the retry of a call whose 404 is a deletion, not lag.
// It does not unwrap to the 404, which the retry would wait out.
type deletedError struct{ notFound error }

func (e deletedError) Error() string { return e.notFound.Error() }

// inDeletedItems reports whether Graph's deleted items hold objectID: an
// application deleted, rather than one whose replica has not caught up,
// though both answer 404 by id. Any failure counts as "no": the read then
// keeps waiting, as it would have.
func (c *Client) inDeletedItems(ctx context.Context, objectID string) bool {
	_, err := c.graph.Directory().DeletedItems().ByDirectoryObjectId(objectID).Get(ctx, nil)
	return err == nil
}
