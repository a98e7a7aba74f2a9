package graphapi

import (
	"encoding/json"
	"net/http"
	"strings"
)

// Deleted items: a deleted application stays here for 30 days, keeping its
// uniqueName reserved, until it is restored or permanently deleted.

var appTypeAnnotation = json.RawMessage(`"#microsoft.graph.application"`)

func (c *call) listDeletedItems() {
	q, err := parseQuery(c.r, appResource)
	if err != nil {
		c.fail(err)
		return
	}
	set := "directory/deletedItems/" + c.key.value
	switch c.key.value {
	case "microsoft.graph.application":
	case "microsoft.graph.servicePrincipal", "microsoft.graph.group", "microsoft.graph.user":
		// Types the emulator never soft-deletes: always empty.
		c.replyList(q, set, nil)
		return
	default:
		c.fail(errNoSegment(c.key.value))
		return
	}
	s := c.s
	s.mu.Lock()
	now := s.now()
	s.purgeExpired(now)
	var objs []map[string]json.RawMessage
	for _, rec := range sortedApps(s.deleted) {
		obj := s.view(rec, now).graphJSON()
		if q.matches(getterOf(obj)) {
			objs = append(objs, obj)
		}
	}
	s.mu.Unlock()
	c.replyList(q, set, objs)
}

// findDeleted returns the deleted application c addresses. Callers hold s.mu.
func (c *call) findDeleted() (*appRecord, *apiError) {
	if !isGUID(c.key.value) {
		return nil, errInvalidObjectID(c.key.value)
	}
	c.s.purgeExpired(c.s.now())
	rec, ok := c.s.deleted[strings.ToLower(c.key.value)]
	if !ok {
		return nil, errNotFound(c.key.value)
	}
	return rec, nil
}

func (c *call) getDeletedItem() {
	q, err := parseQuery(c.r, appResource)
	if err != nil {
		c.fail(err)
		return
	}
	c.s.mu.Lock()
	rec, err := c.findDeleted()
	var obj map[string]json.RawMessage
	if err == nil {
		obj = c.s.view(rec, c.s.now()).graphJSON()
	}
	c.s.mu.Unlock()
	if err != nil {
		c.fail(err)
		return
	}
	obj = q.project(obj)
	obj["@odata.type"] = appTypeAnnotation
	c.replyEntity(http.StatusOK, &query{}, "directory/deletedItems", obj)
}

func (c *call) purgeDeletedItem() {
	c.s.mu.Lock()
	defer c.s.mu.Unlock()
	rec, err := c.findDeleted()
	if err != nil {
		c.fail(err)
		return
	}
	delete(c.s.deleted, rec.app.ID)
	c.noContent()
}

// restoreDeletedItem brings an application back as it was, secrets
// included; its service principal, deleted with it, is not restored.
func (c *call) restoreDeletedItem() {
	s := c.s
	s.mu.Lock()
	defer s.mu.Unlock()
	rec, err := c.findDeleted()
	if err != nil {
		c.fail(err)
		return
	}
	s.restore(rec)
	obj := s.view(rec, s.now()).graphJSON()
	obj["@odata.type"] = appTypeAnnotation
	c.replyEntity(http.StatusOK, &query{}, "directoryObjects", obj)
}

// restore moves an application back from deleted items. Callers hold s.mu.
func (s *Server) restore(rec *appRecord) {
	delete(s.deleted, rec.app.ID)
	rec.app.DeletedDateTime = nil
	s.apps[rec.app.ID] = rec
}
