package login

import (
	"net/http"
	"strings"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/emulator/emuhttp"
)

// jwtBearer is the only client_assertion_type Entra ID accepts.
const jwtBearer = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"

// tokenResponse is Entra ID's answer to a successful client-credentials
// request; app-only tokens carry no refresh token.
type tokenResponse struct {
	TokenType    string `json:"token_type"`
	ExpiresIn    int    `json:"expires_in"`
	ExtExpiresIn int    `json:"ext_expires_in"`
	AccessToken  string `json:"access_token"`
}

// token is the v2.0 token endpoint for the client-credentials grant, with
// a client secret or a client assertion (certificate or federated token).
func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	emuhttp.SetRoute(r, "/{tenant}/oauth2/v2.0/token")
	tenant := r.PathValue("tenant")
	if !s.knownTenant(tenant) {
		s.writeFail(w, tenantNotFound(tenant))
		return
	}
	if err := r.ParseForm(); err != nil {
		s.writeFail(w, invalidRequest("AADSTS900144: The request body must contain the following parameter: 'grant_type'."))
		return
	}
	form := r.PostForm
	switch grant := form.Get("grant_type"); grant {
	case "client_credentials":
	case "":
		s.writeFail(w, invalidRequest("AADSTS900144: The request body must contain the following parameter: 'grant_type'."))
		return
	default:
		// The grant type is not a secret; Entra ID echoes it too.
		s.writeFail(w, &fail{http.StatusBadRequest, "unsupported_grant_type", "AADSTS70003: The app requested an unsupported grant type '" + grant + "'."})
		return
	}
	clientID := form.Get("client_id")
	if clientID == "" {
		s.writeFail(w, invalidRequest("AADSTS900144: The request body must contain the following parameter: 'client_id'."))
		return
	}
	scope, f := resourceScope(form.Get("scope"))
	if f != nil {
		s.writeFail(w, f)
		return
	}
	c := s.lookup(clientID)
	if c == nil {
		s.writeFail(w, &fail{http.StatusBadRequest, "unauthorized_client",
			"AADSTS700016: Application with identifier '" + clientID + "' was not found in the directory '" + s.tenantID + "'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant."})
		return
	}
	how := "no credential"
	switch secret, assertion := form.Get("client_secret"), form.Get("client_assertion"); {
	case secret != "":
		how = "secret"
		if !c.secretMatches(secret) {
			f = invalidClient("AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '%s'.", clientID)
		}
	case assertion != "":
		if form.Get("client_assertion_type") != jwtBearer {
			f = invalidRequest("AADSTS700023: The client_assertion_type must be '%s'.", jwtBearer)
			break
		}
		endpoint := "https://" + r.Host + "/" + tenant + "/oauth2/v2.0/token"
		how, f = s.verifyAssertion(c, clientID, endpoint, assertion)
	default:
		f = invalidClient("AADSTS7000216: 'client_assertion', 'client_secret' or 'request' is required for the 'client_credentials' grant type.")
	}
	emuhttp.SetNote(r, "client_id="+clientID+" via "+how)
	if f != nil {
		s.writeFail(w, f)
		return
	}
	token, _ := s.issue(scope)
	secs := int(tokenLifetime.Seconds())
	writeJSON(w, http.StatusOK, tokenResponse{TokenType: "Bearer", ExpiresIn: secs, ExtExpiresIn: secs, AccessToken: token})
}

// resourceScope picks the one resource scope of a client-credentials
// request. MSAL appends "openid offline_access profile", which Entra ID
// ignores for app-only tokens; the resource scope must end in /.default.
func resourceScope(scope string) (string, *fail) {
	var resource []string
	for _, s := range strings.Fields(scope) {
		switch s {
		case "openid", "offline_access", "profile", "email":
			continue
		}
		resource = append(resource, s)
	}
	switch {
	case len(resource) == 0:
		return "", &fail{http.StatusBadRequest, "invalid_scope", "AADSTS90014: The required field 'scope' is missing from the credential. Ensure that you have all the necessary parameters for the login request."}
	case len(resource) > 1 || !strings.HasSuffix(resource[0], "/.default"):
		return "", &fail{http.StatusBadRequest, "invalid_scope", "AADSTS1002012: The provided value for scope " + strings.Join(resource, " ") + " is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI)."}
	}
	return resource[0], nil
}
