package entra

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	abstractions "github.com/microsoft/kiota-abstractions-go"
	"github.com/microsoftgraph/msgraph-sdk-go/models/odataerrors"
)

// Sentinel errors; a *GraphError unwraps to the one matching its status.
var (
	ErrNotFound  = errors.New("not found")
	ErrConflict  = errors.New("conflict")
	ErrForbidden = errors.New("forbidden")
	ErrThrottled = errors.New("throttled")
	ErrInvalid   = errors.New("invalid request")
	ErrServer    = errors.New("service unavailable")
	ErrAuth      = errors.New("not authenticated")
)

// GraphError is an error answer of Microsoft Graph.
type GraphError struct {
	Status     int
	Code       string // e.g. Request_ResourceNotFound
	Message    string
	RequestID  string
	RetryAfter time.Duration // from the Retry-After header, when present
}

func (e *GraphError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Microsoft Graph answered %d", e.Status)
	if e.Code != "" {
		fmt.Fprintf(&b, " %s", e.Code)
	}
	if e.Message != "" {
		fmt.Fprintf(&b, ": %s", e.Message)
	}
	if e.RequestID != "" {
		fmt.Fprintf(&b, " (request-id %s)", e.RequestID)
	}
	return b.String()
}

// Unwrap maps the status to a sentinel so callers use errors.Is.
func (e *GraphError) Unwrap() error {
	switch {
	case e.Status == http.StatusNotFound:
		return ErrNotFound
	case e.Status == http.StatusConflict:
		return ErrConflict
	case e.Status == http.StatusForbidden:
		return ErrForbidden
	case e.Status == http.StatusUnauthorized:
		return ErrAuth
	case e.Status == http.StatusTooManyRequests:
		return ErrThrottled
	case e.Status >= 500:
		return ErrServer
	case e.Status >= 400:
		return ErrInvalid
	}
	return nil
}

// IsNotFound reports whether err means the object does not exist (or is not
// visible yet).
func IsNotFound(err error) bool { return errors.Is(err, ErrNotFound) }

// graphError turns an error of msgraph-sdk-go into a *GraphError when it is
// an answer of Graph, and leaves transport and credential errors as they are.
func graphError(err error) error {
	if err == nil {
		return nil
	}
	var odata *odataerrors.ODataError
	if errors.As(err, &odata) {
		ge := &GraphError{Status: odata.ResponseStatusCode}
		if main := odata.GetErrorEscaped(); main != nil {
			ge.Code = deref(main.GetCode())
			ge.Message = scrub(deref(main.GetMessage()))
			if inner := main.GetInnerError(); inner != nil {
				ge.RequestID = deref(inner.GetRequestId())
			}
		}
		ge.RetryAfter = retryAfter(odata.ResponseHeaders)
		return ge
	}
	var api *abstractions.ApiError
	if errors.As(err, &api) {
		return &GraphError{Status: api.ResponseStatusCode, Message: scrub(api.Message), RetryAfter: retryAfter(api.ResponseHeaders)}
	}
	return err
}

func retryAfter(h *abstractions.ResponseHeaders) time.Duration {
	if h == nil {
		return 0
	}
	for _, v := range h.Get("Retry-After") {
		if secs, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && secs >= 0 {
			return time.Duration(secs) * time.Second
		}
		if t, err := http.ParseTime(v); err == nil {
			return time.Until(t)
		}
	}
	return 0
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
