package login

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// aadError is the body Microsoft Entra ID answers failed token and
// discovery requests with. MSAL reads error, error_description and
// error_codes; people read the trace and correlation ids in support tickets.
type aadError struct {
	Error            string `json:"error"`
	ErrorDescription string `json:"error_description"`
	ErrorCodes       []int  `json:"error_codes,omitempty"`
	Timestamp        string `json:"timestamp"`
	TraceID          string `json:"trace_id"`
	CorrelationID    string `json:"correlation_id"`
}

var aadstsCode = regexp.MustCompile(`^AADSTS(\d+):`)

// aadTime is the timestamp format of Entra ID error bodies.
const aadTime = "2006-01-02 15:04:05Z"

// WriteError writes Entra ID's error shape. code is the OAuth error
// ("invalid_client"); message starts with its AADSTS code when it has one
// ("AADSTS7000215: Invalid client secret provided. …"), which also fills
// error_codes. The generic codes emuhttp.Faulty passes for 429 and 5xx become
// "temporarily_unavailable", the OAuth code Entra ID uses for them. It fits
// emuhttp.ErrorWriter.
func (s *Server) WriteError(w http.ResponseWriter, status int, code, message string) {
	if status == http.StatusTooManyRequests || status >= 500 {
		if code != strings.ToLower(code) {
			code = "temporarily_unavailable"
		}
	}
	now := time.Now().UTC().Format(aadTime)
	e := aadError{Error: code, Timestamp: now, TraceID: newGUID(), CorrelationID: newGUID()}
	if m := aadstsCode.FindStringSubmatch(message); m != nil {
		n, _ := strconv.Atoi(m[1])
		e.ErrorCodes = []int{n}
	}
	// Entra ID appends the ids to the description too, with CRLFs.
	e.ErrorDescription = fmt.Sprintf("%s\r\nTrace ID: %s\r\nCorrelation ID: %s\r\nTimestamp: %s", message, e.TraceID, e.CorrelationID, now)
	writeJSON(w, status, e)
}

// fail is a refused token request: status, OAuth code and AADSTS message.
type fail struct {
	status  int
	code    string
	message string
}

func (s *Server) writeFail(w http.ResponseWriter, f *fail) {
	s.WriteError(w, f.status, f.code, f.message)
}

func invalidClient(format string, args ...any) *fail {
	return &fail{http.StatusUnauthorized, "invalid_client", fmt.Sprintf(format, args...)}
}

// federatedMismatch is Entra ID's answer when no federated identity
// credential matches an assertion (AADSTS700211-700213): 400, but with the
// OAuth error invalid_client, not invalid_request, as observed in
// Azure/azure-workload-identity#1200 (docs/design/graph-validation.md).
func federatedMismatch(format string, args ...any) *fail {
	return &fail{http.StatusBadRequest, "invalid_client", fmt.Sprintf(format, args...)}
}

func invalidRequest(format string, args ...any) *fail {
	return &fail{http.StatusBadRequest, "invalid_request", fmt.Sprintf(format, args...)}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	// Token answers must never be cached by anything in between.
	w.Header().Set("Cache-Control", "no-store, no-cache")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
