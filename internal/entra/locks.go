package entra

import (
	"strings"
	"sync"
)

// objectLocks serialises read-modify-write cycles on one application object.
// Graph replaces collections whole on PATCH, so two resources writing their
// own slice of one application at the same time (Terraform runs ten at once)
// would otherwise lose each other's change.
type objectLocks struct {
	mu    sync.Mutex
	locks map[string]*sync.Mutex
}

// lock locks objectID and returns its unlock function. Ids are GUIDs, which
// Graph matches ignoring case: an id written in capitals (a pasted literal)
// must take the same lock as the one Graph answered, like the read cache
// and the pending writes, which key by lower case too.
func (l *objectLocks) lock(objectID string) func() {
	objectID = strings.ToLower(objectID)
	l.mu.Lock()
	if l.locks == nil {
		l.locks = map[string]*sync.Mutex{}
	}
	m, ok := l.locks[objectID]
	if !ok {
		m = &sync.Mutex{}
		l.locks[objectID] = m
	}
	l.mu.Unlock()
	m.Lock()
	return m.Unlock
}
