package login

import (
	"encoding/base64"
	"math/big"
	"net/http"
	"strings"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/emulator/emuhttp"
)

// openIDConfiguration answers MSAL's tenant discovery. MSAL requires
// authorization_endpoint, token_endpoint and issuer, and the issuer must be
// on the authority's scheme and host (port included), so every URL is built
// from the request's Host. As in Entra ID, "common" and "organizations" get
// an issuer with a {tenantid} placeholder.
func (s *Server) openIDConfiguration(w http.ResponseWriter, r *http.Request) {
	emuhttp.SetRoute(r, "/{tenant}/v2.0/.well-known/openid-configuration")
	tenant := r.PathValue("tenant")
	issuerTenant := s.tenantID
	switch {
	case s.knownTenant(tenant):
	case strings.EqualFold(tenant, "common"), strings.EqualFold(tenant, "organizations"):
		issuerTenant = "{tenantid}"
	default:
		f := tenantNotFound(tenant)
		s.WriteError(w, f.status, "invalid_tenant", f.message)
		return
	}
	base := "https://" + r.Host + "/" + tenant
	writeJSON(w, http.StatusOK, map[string]any{
		"issuer":                                "https://" + r.Host + "/" + issuerTenant + "/v2.0",
		"authorization_endpoint":                base + "/oauth2/v2.0/authorize",
		"token_endpoint":                        base + "/oauth2/v2.0/token",
		"device_authorization_endpoint":         base + "/oauth2/v2.0/devicecode",
		"end_session_endpoint":                  base + "/oauth2/v2.0/logout",
		"jwks_uri":                              base + "/discovery/v2.0/keys",
		"token_endpoint_auth_methods_supported": []string{"client_secret_post", "private_key_jwt", "client_secret_basic"},
		"response_modes_supported":              []string{"query", "fragment", "form_post"},
		"response_types_supported":              []string{"code", "id_token", "code id_token", "id_token token"},
		"subject_types_supported":               []string{"pairwise"},
		"id_token_signing_alg_values_supported": []string{"RS256"},
		"scopes_supported":                      []string{"openid", "profile", "email", "offline_access"},
		"request_uri_parameter_supported":       false,
		"tenant_region_scope":                   "EU",
		"cloud_instance_name":                   "microsoftonline.com",
		"cloud_graph_host_name":                 "graph.windows.net",
		"msgraph_host":                          "graph.microsoft.com",
	})
}

// keys publishes the emulator's signing key as a JWK set, so that the
// jwks_uri of the discovery document resolves.
func (s *Server) keys(w http.ResponseWriter, r *http.Request) {
	emuhttp.SetRoute(r, "/{tenant}/discovery/v2.0/keys")
	pub := s.signingKey.PublicKey
	writeJSON(w, http.StatusOK, map[string]any{"keys": []map[string]any{{
		"kty": "RSA",
		"use": "sig",
		"kid": s.keyID,
		"n":   base64.RawURLEncoding.EncodeToString(pub.N.Bytes()),
		"e":   base64.RawURLEncoding.EncodeToString(big.NewInt(int64(pub.E)).Bytes()),
	}}})
}
