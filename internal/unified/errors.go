package unified

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"
)

// Sentinel errors; an *APIError unwraps to the one matching its status, and
// lookups that find nothing wrap ErrNotFound, so callers use errors.Is.
var (
	ErrNotFound     = errors.New("not found")
	ErrUnauthorized = errors.New("the Unified.to API token was rejected")
)

// redacted replaces every secret in error text.
const redacted = "[REDACTED]"

// maxErrorBody bounds how much of an error body an error message carries.
const maxErrorBody = 2048

// APIError is an error answer of Unified.to. Unified.to publishes no error
// schema, so the body is kept as text, never parsed; it has already been
// scrubbed of every secret the client sent (the API token, a client secret).
type APIError struct {
	Status int
	Method string
	Path   string // the request path and query, relative to the API base URL
	Body   string

	// WritePathMissing is set when the answer means that the service does
	// not offer the workspace integration write path at all (see
	// IsWritePathMissing), as opposed to "there is no such integration".
	WritePathMissing bool
}

func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Unified.to answered %d %s to %s %s", e.Status, http.StatusText(e.Status), e.Method, e.Path)
	if e.Body != "" {
		fmt.Fprintf(&b, ": %s", e.Body)
	}
	if e.WritePathMissing {
		b.WriteString(" (this Unified.to API does not offer the workspace integration write path, which is not in its published OpenAPI)")
	}
	return b.String()
}

// Unwrap maps the status to a sentinel.
func (e *APIError) Unwrap() error {
	switch {
	case e.Status == http.StatusNotFound && !e.WritePathMissing:
		return ErrNotFound
	case e.Status == http.StatusUnauthorized, e.Status == http.StatusForbidden:
		return ErrUnauthorized
	}
	return nil
}

// IsNotFound reports whether err means the thing asked for does not exist:
// no workspace integration of that type in that environment, an integration
// type missing from the catalogue, or a 404 elsewhere. It is false when the
// 404 was classified as a missing write path.
func IsNotFound(err error) bool { return errors.Is(err, ErrNotFound) }

// IsUnauthorized reports whether Unified.to rejected the API token (401) or
// refused it the operation (403).
func IsUnauthorized(err error) bool { return errors.Is(err, ErrUnauthorized) }

// IsWritePathMissing reports whether err means that the Unified.to API does
// not offer /unified/workspace/integration, so the user must configure the
// integration in the dashboard (see ManualStep). The client decides it when
// the answer arrives, because the same status means different things per
// method (see classifyWritePath in workspace_integration.go):
//
//   - 405 on any method: the route exists without that method;
//   - 404 on PUT: PUT creates or replaces, so "none yet" cannot be its
//     reason (unknown integration types are caught earlier, and answer 400);
//   - 404 on GET or DELETE: normally "no such integration". It counts as a
//     missing path only when the published
//     GET /unified/integration/workspace/{workspace_id} lists the
//     integration, i.e. it exists, yet the write path says it does not.
func IsWritePathMissing(err error) bool {
	var e *APIError
	return errors.As(err, &e) && e.WritePathMissing
}

// scrubber removes secrets from text in every form a server might echo
// them: verbatim, JSON-escaped (with and without HTML escaping) and
// URL-encoded.
type scrubber []string

func newScrubber(secrets ...string) scrubber {
	var s scrubber
	for _, secret := range secrets {
		if secret == "" {
			continue
		}
		s = append(s, secret, url.QueryEscape(secret), url.PathEscape(secret))
		if quoted, err := json.Marshal(secret); err == nil {
			s = append(s, string(quoted[1:len(quoted)-1]))
		}
		var b strings.Builder
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		if enc.Encode(secret) == nil {
			raw := strings.TrimSpace(b.String())
			s = append(s, raw[1:len(raw)-1])
		}
	}
	return s
}

// scrub returns text without any secret. Longer forms go first so that a
// secret that contains another is removed whole.
func (s scrubber) scrub(text string) string {
	forms := append([]string(nil), s...)
	for i := 1; i < len(forms); i++ {
		for j := i; j > 0 && len(forms[j]) > len(forms[j-1]); j-- {
			forms[j], forms[j-1] = forms[j-1], forms[j]
		}
	}
	for _, f := range forms {
		text = strings.ReplaceAll(text, f, redacted)
	}
	return text
}

// errorBody turns a raw error body into the text an APIError carries:
// scrubbed first, then made printable and shortened, so that truncation can
// never leave part of a secret behind.
func errorBody(raw []byte, s scrubber) string {
	text := strings.TrimSpace(s.scrub(strings.ToValidUTF8(string(raw), "\uFFFD")))
	if len(text) > maxErrorBody {
		cut := maxErrorBody
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut] + "… (truncated)"
	}
	return text
}
