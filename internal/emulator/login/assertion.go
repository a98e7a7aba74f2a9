package login

import (
	"bytes"
	"crypto/sha1" // #nosec G505 -- x5t is defined as a SHA-1 thumbprint; it identifies, it does not protect.
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// clockSkew is how far Entra ID lets assertion times drift.
const clockSkew = 5 * time.Minute

// verifyAssertion checks a client assertion as Entra ID does: a JWT with an
// x5t#S256 (or legacy x5t) header is a certificate assertion signed by one of
// the client's certificates; any other is a federated token that must come
// from a trusted issuer, subject and audience. how names the method for the
// request log.
func (s *Server) verifyAssertion(c *client, clientID, tokenEndpoint, assertion string) (how string, f *fail) {
	tok, _, err := jwt.NewParser().ParseUnverified(assertion, jwt.MapClaims{})
	if err != nil {
		return "assertion", invalidClient("AADSTS50027: JWT token is invalid or malformed.")
	}
	if _, ok := tok.Header["x5t#S256"]; ok {
		return "certificate", verifyCertificateAssertion(c, clientID, tokenEndpoint, assertion, tok.Header)
	}
	if _, ok := tok.Header["x5t"]; ok {
		return "certificate", verifyCertificateAssertion(c, clientID, tokenEndpoint, assertion, tok.Header)
	}
	return "federated token", s.verifyFederatedAssertion(c, assertion)
}

func verifyCertificateAssertion(c *client, clientID, tokenEndpoint, assertion string, header map[string]any) *fail {
	cert, thumb := findCertificate(c.certs, header)
	if cert == nil {
		return invalidClient("AADSTS700027: The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Thumbprint of key used by client: '%s', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '%s'.]", thumb, clientID)
	}
	if now := time.Now(); now.Before(cert.NotBefore) || now.After(cert.NotAfter) {
		return invalidClient("AADSTS700027: Client assertion contains an invalid signature. [Reason - The key used is expired.]")
	}
	_, err := jwt.Parse(assertion, func(*jwt.Token) (any, error) { return cert.PublicKey, nil },
		jwt.WithValidMethods([]string{"PS256", "RS256"}),
		jwt.WithAudience(tokenEndpoint), jwt.WithIssuer(clientID), jwt.WithSubject(clientID),
		jwt.WithExpirationRequired(), jwt.WithLeeway(clockSkew))
	return assertionFailure(err, "Client assertion contains an invalid audience, issuer or subject: aud must be the token endpoint "+tokenEndpoint+", iss and sub the client id.")
}

// findCertificate returns the certificate whose thumbprint is in the header
// (x5t#S256, or the SHA-1 x5t), and the thumbprint in hex for messages. MSAL
// Go encodes x5t#S256 with standard base64 rather than the base64url of RFC
// 7515, so both are accepted.
func findCertificate(certs []*x509.Certificate, header map[string]any) (*x509.Certificate, string) {
	want, sha := decodeThumbprint(header["x5t#S256"]), true
	if want == nil {
		want, sha = decodeThumbprint(header["x5t"]), false
	}
	for _, cert := range certs {
		var got []byte
		if sha {
			h := sha256.Sum256(cert.Raw)
			got = h[:]
		} else {
			h := sha1.Sum(cert.Raw) // #nosec G401 -- see import
			got = h[:]
		}
		if want != nil && bytes.Equal(got, want) {
			return cert, strings.ToUpper(hex.EncodeToString(want))
		}
	}
	return nil, strings.ToUpper(hex.EncodeToString(want))
}

func decodeThumbprint(v any) []byte {
	s, ok := v.(string)
	if !ok || s == "" {
		return nil
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(s); err == nil {
			return b
		}
	}
	return nil
}

func (s *Server) verifyFederatedAssertion(c *client, assertion string) *fail {
	claims := jwt.MapClaims{}
	if _, _, err := jwt.NewParser().ParseUnverified(assertion, claims); err != nil {
		return invalidClient("AADSTS50027: JWT token is invalid or malformed.")
	}
	// Entra ID finds the federated credential by issuer before it can know
	// which keys to check the signature with.
	if iss, _ := claims.GetIssuer(); iss != FederatedIssuer {
		return federatedMismatch("AADSTS700211: No matching federated identity record found for presented assertion issuer '%s'. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion.", iss)
	}
	_, err := jwt.Parse(assertion, func(*jwt.Token) (any, error) { return &s.signingKey.PublicKey, nil },
		jwt.WithValidMethods([]string{"RS256"}), jwt.WithExpirationRequired(), jwt.WithLeeway(clockSkew))
	if f := assertionFailure(err, ""); f != nil {
		return f
	}
	aud, _ := claims.GetAudience()
	if len(aud) != 1 || aud[0] != FederatedAudience {
		return federatedMismatch("AADSTS700212: No matching federated identity record found for presented assertion audience '%s'. Please note that the matching is done using a case-sensitive comparison. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion.", strings.Join(aud, ","))
	}
	if sub, _ := claims.GetSubject(); !c.subjects[sub] {
		return federatedMismatch("AADSTS700213: No matching federated identity record found for presented assertion subject '%s'. Please note that the matching is done using a case-sensitive comparison. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion.", sub)
	}
	return nil
}

// assertionFailure maps a JWT validation error to Entra ID's answer.
func assertionFailure(err error, claimsMessage string) *fail {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, jwt.ErrTokenMalformed):
		return invalidClient("AADSTS50027: JWT token is invalid or malformed.")
	case errors.Is(err, jwt.ErrTokenSignatureInvalid), errors.Is(err, jwt.ErrTokenUnverifiable):
		return invalidClient("AADSTS700027: Client assertion failed signature validation.")
	case errors.Is(err, jwt.ErrTokenExpired), errors.Is(err, jwt.ErrTokenNotValidYet), errors.Is(err, jwt.ErrTokenRequiredClaimMissing):
		return invalidClient("AADSTS700024: Client assertion is not within its valid time range. Current time: %s.", time.Now().UTC().Format(time.RFC3339))
	case claimsMessage != "":
		return invalidClient("AADSTS700027: %s", claimsMessage)
	}
	return invalidClient("AADSTS700027: Client assertion failed validation.")
}
