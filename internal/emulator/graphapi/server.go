package graphapi

import (
	"crypto/rand"
	"fmt"
	"net/http"
	"sync"
	"time"
)

// Options configure New. The zero value is fine.
type Options struct {
	// Authorize says whether "Authorization: Bearer <token>" is acceptable;
	// the sign-in emulator supplies it. nil accepts any non-empty token.
	Authorize func(token string) bool
	// TokenScope, when set, takes Authorize's place: it reports the scope a
	// token was issued for, and whether the token is valid at all. A valid
	// token for another resource answers 401 "Invalid audience", as Graph
	// does for a token of https://management.azure.com/.default.
	TokenScope func(token string) (scope string, ok bool)
	// Now is the clock; nil is time.Now. Tests move it to expire secrets or
	// to end a replication lag without sleeping.
	Now func() time.Time
	// TenantID is the directory's id, shown as the appOwnerOrganizationId
	// of its own service principals; empty picks a fixed one.
	TenantID string
}

// DefaultTenantID is the tenant of a Server whose Options name none.
const DefaultTenantID = "00000000-0000-0000-0000-0000000e0001"

// PublisherDomain is the publisherDomain of every application.
const PublisherDomain = "emulator.onmicrosoft.com"

// Server is one emulated tenant's Microsoft Graph. It is safe for
// concurrent use; tests may turn its knobs while terraform runs.
type Server struct {
	opts Options

	mu       sync.Mutex
	apps     map[string]*appRecord // active applications by object id
	deleted  map[string]*appRecord // soft-deleted applications by object id
	sps      map[string]*spRecord  // service principals by object id
	catalog  map[string]ServicePrincipal
	knobs    knobs
	patchSeq int                 // counts PATCHes refused for lag, to alternate 404 and 409
	verifier map[[32]byte]string // SHA-256 of each secret text -> its keyId (see SecretKeyID)
}

type knobs struct {
	replicationLag, secretLag, deleteLag time.Duration
	policyName                           string
	policyMax                            time.Duration
}

// appRecord is an application with what the emulator needs to fake
// replication: when it was created or deleted, and when each secret was
// added or removed.
type appRecord struct {
	app       Application
	created   time.Time
	deletedAt time.Time
	added     map[string]time.Time // secret keyId -> added at
	removed   []removedSecret
}

type removedSecret struct {
	cred PasswordCredential
	at   time.Time
}

// New returns a tenant holding the first-party service principals the
// provider needs (see seed.go) and no applications.
func New(opts Options) *Server {
	if opts.TenantID == "" {
		opts.TenantID = DefaultTenantID
	}
	s := &Server{
		opts:    opts,
		apps:    map[string]*appRecord{},
		deleted: map[string]*appRecord{},
		sps:     map[string]*spRecord{},
		catalog: map[string]ServicePrincipal{},
	}
	s.seed()
	return s
}

// Handler serves Graph under /v1.0.
func (s *Server) Handler() http.Handler { return http.HandlerFunc(s.serve) }

// SetReplicationLag makes new objects invisible for d after their creation:
// GET, PATCH, DELETE, addPassword and removePassword on them answer 404
// Request_ResourceNotFound (every other PATCH answers 409
// Error_MsaAppDoesNotExist instead), POST /servicePrincipals for such an
// application answers 400, and list or $filter queries leave them out.
func (s *Server) SetReplicationLag(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.knobs.replicationLag = d
}

// SetSecretLag makes a new client secret appear in reads only d after
// addPassword, and a removed one keep appearing for d after removePassword.
func (s *Server) SetSecretLag(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.knobs.secretLag = d
}

// SetDeleteLag keeps a deleted application readable by GET (by id, appId
// or uniqueName) for d after its DELETE, as Graph's replicas do
// (docs/design/graph-applications.md: "After DELETE, GET can still answer
// 200 for a while"). Writes see the delete at once: they reach the
// primary.
func (s *Server) SetDeleteLag(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.knobs.deleteLag = d
}

// SetCredentialLifetimePolicy assigns a tenant app-management policy named
// name that caps password credential lifetimes at max: addPassword with a
// longer lifetime (the default two years included) answers 400
// CredentialInvalidLifetimeAsPerAppPolicy. max 0 removes the policy.
func (s *Server) SetCredentialLifetimePolicy(name string, max time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.knobs.policyName, s.knobs.policyMax = name, max
}

func (s *Server) now() time.Time {
	if s.opts.Now != nil {
		return s.opts.Now()
	}
	return time.Now()
}

// replicating reports whether an object created at created is still
// invisible to reads. Callers hold s.mu.
func (s *Server) replicating(created, now time.Time) bool {
	return s.knobs.replicationLag > 0 && now.Before(created.Add(s.knobs.replicationLag))
}

// newGUID returns a random (version 4) GUID in Graph's lower-case form.
func newGUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
