package entra

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
	"fmt"
	"regexp"
	"strings"
)

// Every client secret this provider adds carries a marker in its
// displayName, so that a later apply can find the secrets it made but no
// state records (a killed apply, a lost addPassword answer) and remove them,
// without ever touching a secret someone else made. Graph has no
// idempotency key for addPassword, and customKeyIdentifier is documented as
// "do not use" for password credentials, so the marker lives in the
// displayName: see docs/design/graph-secrets.md.
//
// The stored displayName is "<name> [unifiedto:<marker>/<nonce>]": the
// marker ties the secret to one resource instance, the nonce to one
// AddPassword call (so that the call can tell an earlier attempt of its own,
// whose answer was lost, from every other secret).

// markerSuffix matches the tail the provider appends to a displayName.
var markerSuffix = regexp.MustCompile(`^(.*?) ?\[unifiedto:([a-z0-9-]{1,24})/([0-9a-f]{8})\]$`)

// validMarker is what a caller may pass as a marker.
var validMarker = regexp.MustCompile(`^[a-z0-9-]{1,24}$`)

// NewMarker derives a marker from parts that identify a resource instance
// (its type, the application's object id, the names the user chose). The
// same parts give the same marker in every process, so an apply that
// follows a crash finds the secrets of the crashed one.
func NewMarker(parts ...string) string {
	sum := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return "m" + strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(sum[:])[:15])
}

// newNonce returns eight random hex digits: one per AddPassword call.
func newNonce() string {
	var b [4]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// composeDisplayName is the displayName sent to Graph.
func composeDisplayName(name, marker, nonce string) (string, error) {
	if marker == "" {
		return name, nil
	}
	if !validMarker.MatchString(marker) {
		return "", fmt.Errorf("marker %q must be 1 to 24 characters a-z, 0-9 or '-'", marker)
	}
	suffix := "[unifiedto:" + marker + "/" + nonce + "]"
	if name == "" {
		return suffix, nil
	}
	return name + " " + suffix, nil
}

// parseDisplayName splits a stored displayName into the name the user gave
// and the provider's marker and nonce (empty for secrets made elsewhere).
func parseDisplayName(stored string) (name, marker, nonce string) {
	m := markerSuffix.FindStringSubmatch(stored)
	if m == nil {
		return stored, "", ""
	}
	return m[1], m[2], m[3]
}
