package graphapi

import (
	"encoding/json"
	"net/http"
	"strings"
	"time"
)

var appResource = resource{
	name: "Application", odataType: "microsoft.graph.application", set: "applications",
	filterable: map[string]bool{"appId": true, "displayName": true, "id": true, "uniqueName": true,
		"signInAudience": true, "publisherDomain": true, "description": true, "notes": true},
	selectable: func(name string) bool { return isApplicationProperty(name) && name != "logo" },
}

// newApplication is what POST starts from: fresh ids, Graph's defaults.
func newApplication(now time.Time) Application {
	app := Application{
		ID: newGUID(), AppID: newGUID(), CreatedDateTime: ticks(now),
		SignInAudience: AudienceMyOrg, PublisherDomain: PublisherDomain,
	}
	app.normalize()
	return app
}

// lookupApp finds the application a request addresses, answering as Graph
// does for a malformed id and for an object that is missing or, with a
// replication lag, not replicated yet. Callers hold s.mu.
func (s *Server) lookupApp(k key, now time.Time) (*appRecord, *apiError) {
	if k.name == "id" && !isGUID(k.value) {
		return nil, errInvalidObjectID(k.value)
	}
	rec := s.findApp(k)
	if rec == nil || s.replicating(rec.created, now) {
		return nil, errNotFound(k.value)
	}
	return rec, nil
}

func (c *call) listApplications() {
	q, err := parseQuery(c.r, appResource)
	if err != nil {
		c.fail(err)
		return
	}
	s := c.s
	s.mu.Lock()
	now := s.now()
	var objs []map[string]json.RawMessage
	for _, rec := range sortedApps(s.apps) {
		if s.replicating(rec.created, now) {
			continue // lists come from replicas that have not seen it yet
		}
		obj := s.view(rec, now).graphJSON()
		if q.matches(getterOf(obj)) {
			objs = append(objs, obj)
		}
	}
	s.mu.Unlock()
	c.replyList(q, appResource.set, objs)
}

func (c *call) createApplication() {
	p, err := parseProps(c.body)
	if err != nil {
		c.fail(err)
		return
	}
	s := c.s
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	app := newApplication(now)
	if err := applyApplication(&app, p, true, now); err != nil {
		c.fail(err)
		return
	}
	if err := s.store(&app, now); err != nil {
		c.fail(err)
		return
	}
	c.replyEntity(http.StatusCreated, &query{}, appResource.set, app.graphJSON())
}

// store validates a new application and adds it. Callers hold s.mu.
func (s *Server) store(app *Application, now time.Time) *apiError {
	if err := validateApplication(app); err != nil {
		return err
	}
	if err := s.validateOffered(app.RequiredResourceAccess); err != nil {
		return err
	}
	if app.UniqueName != nil && s.uniqueNameTaken(*app.UniqueName, "") {
		return errUniqueNameTaken()
	}
	s.apps[app.ID] = &appRecord{app: app.clone(), created: now, added: map[string]time.Time{}}
	return nil
}

func (c *call) getApplication() {
	q, err := parseQuery(c.r, appResource)
	if err != nil {
		c.fail(err)
		return
	}
	s := c.s
	s.mu.Lock()
	now := s.now()
	rec, err := s.lookupApp(c.key, now)
	var app Application
	switch {
	case err == nil:
		app = s.view(rec, now)
	case s.deletedButReadable(c.key, now) != nil:
		// A replica that has not seen the DELETE yet still has the object,
		// by its id and by its alternate keys alike.
		app = s.view(s.deletedButReadable(c.key, now), now)
		app.DeletedDateTime = nil
	default:
		s.mu.Unlock()
		c.fail(err)
		return
	}
	s.mu.Unlock()
	c.replyEntity(http.StatusOK, q, appResource.set, app.graphJSON())
}

// getDeletedItem is GET /directory/deletedItems/{id}: a soft-deleted
// application, as long as deleted items keep it. The provider asks it to
// tell a deleted application from one not replicated yet, both of which
// answer 404 to GET /applications/{id}.
func (c *call) getDeletedItem() {
	s := c.s
	s.mu.Lock()
	now := s.now()
	s.purgeExpired(now)
	rec, ok := s.deleted[strings.ToLower(c.key.value)]
	var app Application
	if ok {
		app = s.view(rec, now)
	}
	s.mu.Unlock()
	if !ok {
		c.fail(errNotFound(c.key.value))
		return
	}
	c.replyEntity(http.StatusOK, &query{}, appResource.set, app.graphJSON())
}

// readableAfterDelete reports whether a deleted application is still within
// the delete lag. Callers hold s.mu.
func (s *Server) readableAfterDelete(id string, now time.Time) bool {
	rec, ok := s.deleted[strings.ToLower(id)]
	return ok && s.knobs.deleteLag > 0 && now.Before(rec.deletedAt.Add(s.knobs.deleteLag))
}

// deletedButReadable returns the deleted application k addresses while it
// is within the delete lag, or nil. Callers hold s.mu.
func (s *Server) deletedButReadable(k key, now time.Time) *appRecord {
	for id, rec := range s.deleted {
		match := false
		switch k.name {
		case "id":
			match = strings.EqualFold(id, k.value)
		case "appId":
			match = strings.EqualFold(rec.app.AppID, k.value)
		case "uniqueName":
			match = rec.app.uniqueNameIs(k.value)
		}
		if match && s.readableAfterDelete(id, now) {
			return rec
		}
	}
	return nil
}

func (c *call) patchApplication() {
	p, err := parseProps(c.body)
	if err != nil {
		c.fail(err)
		return
	}
	if c.key.name == "uniqueName" {
		c.upsertApplication(p)
		return
	}
	s := c.s
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	if rec := s.findApp(c.key); rec != nil && s.replicating(rec.created, now) {
		c.fail(s.patchLagError(c.key.value))
		return
	}
	rec, err := s.lookupApp(c.key, now)
	if err != nil {
		c.fail(err)
		return
	}
	if err := s.update(rec, p, now); err != nil {
		c.fail(err)
		return
	}
	c.noContent()
}

// patchLagError alternates the two answers Graph gives a PATCH on an object
// it has not replicated yet: 404, then 409 Error_MsaAppDoesNotExist, and
// so on, so that a test sees both. Callers hold s.mu.
func (s *Server) patchLagError(id string) *apiError {
	s.patchSeq++
	if s.patchSeq%2 == 0 {
		return errMsaAppDoesNotExist()
	}
	return errNotFound(id)
}

// update applies a PATCH body to a stored application. Callers hold s.mu.
func (s *Server) update(rec *appRecord, p props, now time.Time) *apiError {
	app := rec.app.clone()
	if err := applyApplication(&app, p, false, now); err != nil {
		return err
	}
	if err := checkUniqueNameChange(rec.app.UniqueName, app.UniqueName); err != nil {
		return err
	}
	if err := validateApplication(&app); err != nil {
		return err
	}
	if err := s.validateOffered(app.RequiredResourceAccess); err != nil {
		return err
	}
	if app.UniqueName != nil && s.uniqueNameTaken(*app.UniqueName, app.ID) {
		return errUniqueNameTaken()
	}
	rec.app = app
	return nil
}

// checkUniqueNameChange enforces that uniqueName is immutable once set
// (Graph's documentation: "Immutable"); setting it on an app without one is
// allowed.
func checkUniqueNameChange(old, next *string) *apiError {
	switch {
	case old == nil:
		return nil
	case next == nil || !strings.EqualFold(*old, *next):
		return errReadOnly("uniqueName")
	}
	return nil
}

// upsertApplication is PATCH applications(uniqueName='…'): with "Prefer:
// create-if-missing" it creates a missing application (201 and the object)
// and updates an existing one (204); without the header a missing one is
// 404. Creating checks uniqueName against deleted items too.
func (c *call) upsertApplication(p props) {
	name := c.key.value
	s := c.s
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	rec := s.findApp(c.key)
	if rec != nil {
		// The upsert resolves its key on the primary, so a retried create
		// finds the application it just made even during replication.
		if !preferCreateIfMissing(c.r) && s.replicating(rec.created, now) {
			c.fail(s.patchLagError(name))
			return
		}
		if err := s.update(rec, p, now); err != nil {
			c.fail(err)
			return
		}
		c.noContent()
		return
	}
	if !preferCreateIfMissing(c.r) {
		c.fail(errNotFound(name))
		return
	}
	app := newApplication(now)
	if err := applyApplication(&app, p, true, now); err != nil {
		c.fail(err)
		return
	}
	if app.UniqueName != nil && !strings.EqualFold(*app.UniqueName, name) {
		c.fail(errBadRequest("The value of property uniqueName in the request body does not match the key in the request URL."))
		return
	}
	app.UniqueName = &name
	if err := s.store(&app, now); err != nil {
		c.fail(err)
		return
	}
	c.replyEntity(http.StatusCreated, &query{}, appResource.set, app.graphJSON())
}

func preferCreateIfMissing(r *http.Request) bool {
	for _, v := range r.Header.Values("Prefer") {
		for _, pref := range strings.Split(v, ",") {
			if strings.EqualFold(strings.TrimSpace(pref), "create-if-missing") {
				return true
			}
		}
	}
	return false
}

func (c *call) deleteApplication() {
	s := c.s
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	rec, err := s.lookupApp(c.key, now)
	if err != nil {
		c.fail(err)
		return
	}
	s.softDelete(rec, now)
	c.noContent()
}
