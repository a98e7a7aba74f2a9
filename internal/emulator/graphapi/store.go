package graphapi

import (
	"errors"
	"sort"
	"strings"
	"time"
)

// ErrNotFound is returned by the direct-access methods for an object the
// tenant does not hold.
var ErrNotFound = errors.New("graphapi: no such object")

// deletedRetention is how long deleted items keep an application.
const deletedRetention = 30 * 24 * time.Hour

// findApp returns the active application k addresses. Callers hold s.mu.
func (s *Server) findApp(k key) *appRecord {
	switch k.name {
	case "id":
		return s.apps[strings.ToLower(k.value)]
	case "appId":
		for _, rec := range s.apps {
			if strings.EqualFold(rec.app.AppID, k.value) {
				return rec
			}
		}
	case "uniqueName":
		for _, rec := range s.apps {
			if rec.app.uniqueNameIs(k.value) {
				return rec
			}
		}
	}
	return nil
}

// uniqueNameTaken reports whether another application, active or in
// deleted items, holds name: a soft-deleted app keeps its uniqueName
// reserved (observed). Callers hold s.mu.
func (s *Server) uniqueNameTaken(name, exceptID string) bool {
	s.purgeExpired(s.now())
	for _, m := range []map[string]*appRecord{s.apps, s.deleted} {
		for id, rec := range m {
			if id != exceptID && rec.app.uniqueNameIs(name) {
				return true
			}
		}
	}
	return false
}

// softDelete moves an application to deleted items. Its service principal
// in this (its home) tenant goes too, as Entra does. Callers hold s.mu.
func (s *Server) softDelete(rec *appRecord, now time.Time) {
	id := rec.app.ID
	delete(s.apps, id)
	t := ticks(now)
	rec.app.DeletedDateTime = &t
	rec.deletedAt = now
	s.deleted[id] = rec
	for spID, sp := range s.sps {
		if strings.EqualFold(sp.sp.AppID, rec.app.AppID) {
			delete(s.sps, spID)
		}
	}
}

// purgeExpired empties deleted items of applications older than 30 days.
// Callers hold s.mu.
func (s *Server) purgeExpired(now time.Time) {
	for id, rec := range s.deleted {
		if now.Sub(rec.deletedAt) > deletedRetention {
			delete(s.deleted, id)
		}
	}
}

func sortedApps(m map[string]*appRecord) []*appRecord {
	out := make([]*appRecord, 0, len(m))
	for _, rec := range m {
		out = append(out, rec)
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].app.CreatedDateTime.Equal(out[j].app.CreatedDateTime) {
			return out[i].app.CreatedDateTime.Before(out[j].app.CreatedDateTime)
		}
		return out[i].app.ID < out[j].app.ID
	})
	return out
}

// Application returns a copy of the active application with this object
// id, as it really is (no replication or secret lag applies here).
func (s *Server) Application(objectID string) (Application, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if rec := s.findApp(key{name: "id", value: objectID}); rec != nil {
		return rec.app.clone(), true
	}
	return Application{}, false
}

// ApplicationByAppID returns a copy of the active application with this
// client (app) id.
func (s *Server) ApplicationByAppID(appID string) (Application, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if rec := s.findApp(key{name: "appId", value: appID}); rec != nil {
		return rec.app.clone(), true
	}
	return Application{}, false
}

// Applications returns copies of the active applications, oldest first.
func (s *Server) Applications() []Application {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Application
	for _, rec := range sortedApps(s.apps) {
		out = append(out, rec.app.clone())
	}
	return out
}

// DeletedApplications returns copies of the applications in deleted items.
func (s *Server) DeletedApplications() []Application {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.purgeExpired(s.now())
	var out []Application
	for _, rec := range sortedApps(s.deleted) {
		out = append(out, rec.app.clone())
	}
	return out
}

// UpdateApplication changes an application as someone in the portal would
// ("changed outside Terraform"): fn edits a copy, which then replaces the
// stored object at once, without validation or lag. The object id cannot
// change.
func (s *Server) UpdateApplication(objectID string, fn func(*Application)) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	rec := s.findApp(key{name: "id", value: objectID})
	if rec == nil {
		return ErrNotFound
	}
	app := rec.app.clone()
	fn(&app)
	app.ID = rec.app.ID
	app.normalize()
	// Secrets added this way are visible at once; removed ones do not linger.
	for _, pc := range app.PasswordCredentials {
		if _, ok := rec.added[pc.KeyID]; !ok {
			rec.added[pc.KeyID] = time.Time{}
		}
	}
	rec.app = app
	return nil
}

// DeleteApplication deletes an application as the portal does: it goes to
// deleted items, where it can be restored for 30 days.
func (s *Server) DeleteApplication(objectID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	rec := s.findApp(key{name: "id", value: objectID})
	if rec == nil {
		return ErrNotFound
	}
	s.softDelete(rec, s.now())
	return nil
}
