package login

import (
	"crypto/sha256"
	"crypto/subtle"
	"crypto/x509"
	"strings"
)

// client is one application registration's sign-in credentials: what the
// portal's "Certificates & secrets" page and its federated credentials hold.
type client struct {
	secretHashes [][32]byte // never the secrets themselves
	certs        []*x509.Certificate
	subjects     map[string]bool // trusted subjects of the emulator's OIDC issuer
}

// AddClientSecret lets clientID sign in with secret. A client may have
// several secrets, as during a rotation.
func (s *Server) AddClientSecret(clientID, secret string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.clientLocked(clientID)
	c.secretHashes = append(c.secretHashes, sha256.Sum256([]byte(secret)))
}

// AddClientCertificate lets clientID sign in with client assertions signed by
// cert's private key.
func (s *Server) AddClientCertificate(clientID string, cert *x509.Certificate) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.clientLocked(clientID)
	c.certs = append(c.certs, cert)
}

// TrustFederatedSubject adds a federated identity credential to clientID:
// tokens of the emulator's own issuer (FederatedIssuer) with this subject and
// the audience FederatedAudience are accepted as its client assertion.
func (s *Server) TrustFederatedSubject(clientID, subject string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.clientLocked(clientID).subjects[subject] = true
}

func (s *Server) clientLocked(clientID string) *client {
	id := strings.ToLower(clientID)
	c, ok := s.clients[id]
	if !ok {
		c = &client{subjects: map[string]bool{}}
		s.clients[id] = c
	}
	return c
}

// lookup returns a snapshot of clientID's credentials, or nil when no such
// application exists in the tenant.
func (s *Server) lookup(clientID string) *client {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.clients[strings.ToLower(clientID)]
	if !ok {
		return nil
	}
	cp := &client{
		secretHashes: append([][32]byte(nil), c.secretHashes...),
		certs:        append([]*x509.Certificate(nil), c.certs...),
		subjects:     make(map[string]bool, len(c.subjects)),
	}
	for k, v := range c.subjects {
		cp.subjects[k] = v
	}
	return cp
}

// secretMatches compares in constant time, so that the emulator does not
// teach anyone to write a timing oracle.
func (c *client) secretMatches(secret string) bool {
	h := sha256.Sum256([]byte(secret))
	ok := 0
	for _, want := range c.secretHashes {
		ok |= subtle.ConstantTimeCompare(h[:], want[:])
	}
	return ok == 1
}
