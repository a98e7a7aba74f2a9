package entra

import "sync"

// objectLocks serialises read-modify-write cycles on one application object.
// Graph replaces collections whole on PATCH, so two resources writing their
// own slice of one application at the same time (Terraform runs ten at once)
// would otherwise lose each other's change.
type objectLocks struct {
	mu    sync.Mutex
	locks map[string]*sync.Mutex
}

// lock locks objectID and returns its unlock function.
func (l *objectLocks) lock(objectID string) func() {
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
