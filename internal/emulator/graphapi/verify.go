package graphapi

import (
	"crypto/sha256"
	"strings"
)

// Entra keeps no client secret's text once addPassword has answered, only
// what it needs to check one at sign-in. The emulator does the same with a
// SHA-256, so that a test can ask whether a value Unified.to holds is a
// live secret of an application, and which one, without any secret text
// being kept or compared in clear.

// rememberSecret keeps the verifier of a new secret. Callers hold s.mu.
func (s *Server) rememberSecret(secret, keyID string) {
	if s.verifier == nil {
		s.verifier = map[[32]byte]string{}
	}
	s.verifier[sha256.Sum256([]byte(secret))] = keyID
}

// SecretKeyID returns the key id of the secret whose text is secret, when it
// is a live secret of the active application objectID, as a sign-in with
// it would find it; ok is false for a removed, unknown or foreign secret.
func (s *Server) SecretKeyID(objectID, secret string) (keyID string, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	keyID, known := s.verifier[sha256.Sum256([]byte(secret))]
	rec := s.findApp(key{name: "id", value: objectID})
	if !known || rec == nil {
		return "", false
	}
	for _, pc := range rec.app.PasswordCredentials {
		if strings.EqualFold(pc.KeyID, keyID) {
			return pc.KeyID, true
		}
	}
	return "", false
}
