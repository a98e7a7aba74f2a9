package unified

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
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
// schema, so the body is kept as text, never parsed. The answer to a
// request that carried a client secret keeps no body at all (Withheld):
// error bodies may echo the request in any encoding, and only a body that
// was never kept is provably free of the secret. Other bodies are scrubbed
// of the API token, which travels in every request.
type APIError struct {
	Status int
	Method string
	Path   string // the request path and query, relative to the API base URL
	Body   string

	// Withheld is the length of a body that was dropped unread because the
	// request carried a secret; 0 when Body is the body.
	Withheld int

	// Unavailable is set when the service refused an operation that
	// follows Unified.to's published pattern but is not on a published page
	// (404 or 405 where the object exists or the route should): see
	// IsOperationUnavailable.
	Unavailable bool
}

func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Unified.to answered %d %s to %s %s", e.Status, http.StatusText(e.Status), e.Method, e.Path)
	switch {
	case e.Withheld > 0:
		fmt.Fprintf(&b, " (its %d-byte body is not shown: the request carried the client secret, and error bodies may echo a request)", e.Withheld)
	case e.Body != "":
		fmt.Fprintf(&b, ": %s", e.Body)
	}
	if e.Unavailable {
		b.WriteString(" (this Unified.to API does not offer the operation, which follows the published pattern of its other objects but is not on a published page)")
	}
	return b.String()
}

// Unwrap maps the status to a sentinel.
func (e *APIError) Unwrap() error {
	switch {
	case e.Status == http.StatusNotFound && !e.Unavailable:
		return ErrNotFound
	case e.Status == http.StatusUnauthorized, e.Status == http.StatusForbidden:
		return ErrUnauthorized
	}
	return nil
}

// IsNotFound reports whether err means the thing asked for does not exist.
// It is false for a refused [pattern] operation (IsOperationUnavailable).
func IsNotFound(err error) bool { return errors.Is(err, ErrNotFound) }

// IsUnauthorized reports whether Unified.to rejected the API token (401) or
// refused it the operation (403).
func IsUnauthorized(err error) bool { return errors.Is(err, ErrUnauthorized) }

// IsOperationUnavailable reports whether err means that the Unified.to API
// does not offer a Workspaceintegration operation that follows the
// published pattern (create, retrieve, remove), so the user must do that
// step in the dashboard. The client decides it when the answer arrives,
// because a 404 means different things per operation: always on create (a
// POST to a collection cannot be "not found"), and on retrieve or remove
// only when the documented list still shows the object.
func IsOperationUnavailable(err error) bool {
	var e *APIError
	return errors.As(err, &e) && e.Unavailable
}

// hasStatus reports whether err is an *APIError with one of statuses.
func hasStatus(err error, statuses ...int) bool {
	var e *APIError
	return errors.As(err, &e) && slices.Contains(statuses, e.Status)
}

// markUnavailable marks err as IsOperationUnavailable when its status is
// one of statuses, and returns it.
func markUnavailable(err error, statuses ...int) error {
	var e *APIError
	if errors.As(err, &e) && slices.Contains(statuses, e.Status) {
		e.Unavailable = true
	}
	return err
}

// scrubber removes a secret from text in every form this client can
// compute: verbatim, JSON-escaped once to four times (with and without
// HTML escaping), URL-encoded (query and path) and base64 (standard and
// URL alphabets, padded or not). It guards the API token in bodies the
// client shows; answers to requests that carried a client secret are not
// shown at all (see APIError.Withheld), because no list of encodings can be
// complete.
type scrubber []string

func newScrubber(secrets ...string) scrubber {
	var s scrubber
	for _, secret := range secrets {
		if secret == "" {
			continue
		}
		s = append(s, secretForms(secret)...)
	}
	// Longer forms go first so that a form that contains another is
	// removed whole.
	slices.SortStableFunc(s, func(a, b string) int { return len(b) - len(a) })
	return slices.Compact(s)
}

// secretForms returns the encodings of secret that scrubber removes.
func secretForms(secret string) []string {
	forms := []string{secret, url.QueryEscape(secret), url.PathEscape(secret)}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding, base64.RawStdEncoding, base64.RawURLEncoding} {
		forms = append(forms, enc.EncodeToString([]byte(secret)))
	}
	for _, html := range []bool{true, false} {
		cur := secret
		for range 4 {
			cur = jsonEscape(cur, html)
			forms = append(forms, cur)
		}
	}
	return forms
}

// jsonEscape returns s as it appears inside a JSON string.
func jsonEscape(s string, html bool) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(html)
	if enc.Encode(s) != nil {
		return s
	}
	quoted := strings.TrimSpace(b.String())
	return quoted[1 : len(quoted)-1]
}

// scrub returns text without any form of any secret.
func (s scrubber) scrub(text string) string {
	for _, f := range s {
		text = strings.ReplaceAll(text, f, redacted)
	}
	return text
}

// errorBody turns a raw error body into the text an APIError carries:
// scrubbed first, then made printable and shortened, so that truncation can
// never leave part of a secret behind. An HTML page (a gateway's answer)
// is summarised, not quoted.
func errorBody(raw []byte, contentType string, s scrubber) string {
	text := strings.TrimSpace(strings.ToValidUTF8(string(raw), "\uFFFD"))
	if strings.Contains(strings.ToLower(contentType), "html") || strings.HasPrefix(strings.ToLower(text), "<!doctype html") || strings.HasPrefix(strings.ToLower(text), "<html") {
		return fmt.Sprintf("(an HTML page of %d bytes, as a gateway or proxy answers)", len(raw))
	}
	text = s.scrub(text)
	if len(text) > maxErrorBody {
		cut := maxErrorBody
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut] + "… (truncated)"
	}
	return text
}
