package graphapi

import (
	"encoding/json"
	"fmt"
	"net/http"
)

// apiError is an error answer of Graph: status, code, message and the
// optional details some errors carry.
type apiError struct {
	status  int
	code    string
	message string
	details []errorDetail
}

type errorDetail struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Target  string `json:"target,omitempty"`
}

// WriteError writes Graph's error body for status, with an innerError whose
// request-id and client-request-id are fresh GUIDs. It fits
// emuhttp.ErrorWriter, for throttling and injected server errors.
func (s *Server) WriteError(w http.ResponseWriter, status int, code, message string) {
	id := newGUID()
	s.writeAPIError(w, &apiError{status: status, code: code, message: message}, id, id)
}

// writeAPIError writes e. msgraph-sdk-go dereferences error.message without
// a nil check, so code and message are always present.
func (s *Server) writeAPIError(w http.ResponseWriter, e *apiError, requestID, clientRequestID string) {
	if e.message == "" {
		e.message = http.StatusText(e.status)
	}
	if e.code == "" {
		e.code = "UnknownError"
	}
	body := map[string]any{
		"code":    e.code,
		"message": e.message,
		"innerError": map[string]string{
			// Graph's innerError date has no fraction and no zone.
			"date":              s.now().UTC().Format("2006-01-02T15:04:05"),
			"request-id":        requestID,
			"client-request-id": clientRequestID,
		},
	}
	if len(e.details) > 0 {
		body["details"] = e.details
	}
	raw, _ := json.Marshal(map[string]any{"error": body})
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("request-id", requestID)
	w.Header().Set("client-request-id", clientRequestID)
	w.WriteHeader(e.status)
	_, _ = w.Write(raw)
}

func errNotFound(id string) *apiError {
	return &apiError{status: http.StatusNotFound, code: "Request_ResourceNotFound",
		message: fmt.Sprintf("Resource '%s' does not exist or one of its queried reference-property objects are not present.", id)}
}

func errBadRequest(message string) *apiError {
	return &apiError{status: http.StatusBadRequest, code: "Request_BadRequest", message: message}
}

// errInvalidValue is the directory's answer to a value it refuses. The
// message is Graph's; the detail says why, which Graph often does not.
func errInvalidValue(property, resource, why string) *apiError {
	e := errBadRequest(fmt.Sprintf("Invalid value specified for property '%s' of resource '%s'.", property, resource))
	if why != "" {
		e.details = []errorDetail{{Code: "InvalidValue", Message: why, Target: property}}
	}
	return e
}

// errDuplicateValue is Graph's answer to a collection holding the same
// value twice (observed for appRoles).
func errDuplicateValue(property string) *apiError {
	const msg = "Request contains a property with duplicate values."
	return &apiError{status: http.StatusBadRequest, code: "DuplicateValue", message: msg,
		details: []errorDetail{{Code: "DuplicateValue", Message: msg, Target: property}}}
}

func errReadOnly(property string) *apiError {
	return errBadRequest(fmt.Sprintf("Property '%s' is read-only and cannot be set.", property))
}

func errInvalidProperty(property string) *apiError {
	return errBadRequest(fmt.Sprintf("Invalid property '%s'.", property))
}

func errMalformedBody() *apiError {
	return &apiError{status: http.StatusBadRequest, code: "BadRequest",
		message: "Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format."}
}

func errUnsupportedQuery(message string) *apiError {
	return &apiError{status: http.StatusBadRequest, code: "Request_UnsupportedQuery", message: message}
}

func errInvalidObjectID(id string) *apiError {
	return errBadRequest(fmt.Sprintf("Invalid object identifier '%s'.", id))
}

func errNoSegment(segment string) *apiError {
	return &apiError{status: http.StatusBadRequest, code: "BadRequest", message: fmt.Sprintf("Resource not found for the segment '%s'.", segment)}
}

func errMethodNotAllowed() *apiError {
	return &apiError{status: http.StatusMethodNotAllowed, code: "Request_BadRequest", message: "Specified HTTP method is not allowed for the request target."}
}

func errUnauthorized(message string) *apiError {
	return &apiError{status: http.StatusUnauthorized, code: "InvalidAuthenticationToken", message: message}
}

// Replication-lag answers (docs/design/graph-applications.md, Eventual consistency).
func errMsaAppDoesNotExist() *apiError {
	return &apiError{status: http.StatusConflict, code: "Error_MsaAppDoesNotExist", message: "The corresponding MSA application does not exist."}
}

func errAppNotValidForSP(appID string) *apiError {
	return errBadRequest(fmt.Sprintf("The appId '%s' of the service principal does not reference a valid application object.", appID))
}

func errConflict(message string) *apiError {
	return &apiError{status: http.StatusConflict, code: "Request_MultipleObjectsWithSameKeyValue", message: message}
}

func errUniqueNameTaken() *apiError {
	// A 400, not a 409 (docs/design/graph-applications.md).
	return errBadRequest("Another object with the same value for property uniqueName already exists.")
}
