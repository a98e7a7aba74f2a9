package login

import (
	"crypto/subtle"
	"net/http"
	"strconv"
	"strings"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/emulator/emuhttp"
)

// ManagedIdentityPath serves the App Service managed identity protocol, the
// one azidentity's ManagedIdentityCredential speaks when IDENTITY_ENDPOINT and
// IDENTITY_HEADER are set. (The VM protocol, IMDS, is fixed to
// http://169.254.169.254 and cannot be pointed at an emulator.)
const ManagedIdentityPath = "/MSI/token"

// appServiceAPIVersion is the version MSAL Go's App Service source sends.
const appServiceAPIVersion = "2019-08-01"

// ManagedIdentityHeader is the value of IDENTITY_HEADER: the secret App
// Service gives the process and requires in X-IDENTITY-HEADER.
func (s *Server) ManagedIdentityHeader() string { return s.identityHeader }

// ManagedIdentityClientID is the client id of the system-assigned managed
// identity the endpoint signs in as.
func (s *Server) ManagedIdentityClientID() string { return s.miClientID }

// AddUserAssignedIdentity assigns a user-assigned managed identity to the
// emulated resource, so that requests naming its client_id succeed.
func (s *Server) AddUserAssignedIdentity(clientID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.userMIDs[strings.ToLower(clientID)] = true
}

// managedIdentityToken answers
// GET IDENTITY_ENDPOINT?api-version=2019-08-01&resource=…[&client_id=…]
// with X-IDENTITY-HEADER, in App Service's shape: expires_on is a string of
// Unix seconds, and errors are {"statusCode","message","correlationId"}.
func (s *Server) managedIdentityToken(w http.ResponseWriter, r *http.Request) {
	emuhttp.SetRoute(r, ManagedIdentityPath)
	miError := func(status int, message string) {
		writeJSON(w, status, map[string]any{"statusCode": status, "message": message, "correlationId": newGUID()})
	}
	if subtle.ConstantTimeCompare([]byte(r.Header.Get("X-IDENTITY-HEADER")), []byte(s.identityHeader)) != 1 {
		miError(http.StatusUnauthorized, "The request is missing a valid X-IDENTITY-HEADER.")
		return
	}
	q := r.URL.Query()
	resource := q.Get("resource")
	if q.Get("api-version") != appServiceAPIVersion || resource == "" {
		miError(http.StatusBadRequest, "The request needs api-version="+appServiceAPIVersion+" and a resource.")
		return
	}
	clientID := s.miClientID
	if id := q.Get("client_id"); id != "" {
		s.mu.Lock()
		assigned := s.userMIDs[strings.ToLower(id)]
		s.mu.Unlock()
		if !assigned {
			miError(http.StatusBadRequest, "No User Assigned or Delegated Managed Identity found for specified ClientId/ResourceId/PrincipalId.")
			return
		}
		clientID = id
	} else if q.Get("mi_res_id") != "" || q.Get("object_id") != "" {
		miError(http.StatusBadRequest, "No User Assigned or Delegated Managed Identity found for specified ClientId/ResourceId/PrincipalId.")
		return
	}
	emuhttp.SetNote(r, "client_id="+clientID)
	// Tokens are remembered under their scope, the form CheckToken reports.
	token, expires := s.issue(strings.TrimSuffix(resource, "/") + "/.default")
	writeJSON(w, http.StatusOK, map[string]string{
		"access_token": token,
		"expires_on":   strconv.FormatInt(expires.Unix(), 10),
		"resource":     resource,
		"token_type":   "Bearer",
		"client_id":    clientID,
	})
}
