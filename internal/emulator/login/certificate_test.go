package login

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
	"github.com/golang-jwt/jwt/v5"
)

func newCertificate(t *testing.T) (*x509.Certificate, *rsa.PrivateKey) {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "terraform"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return cert, key
}

func certCredential(t *testing.T, h *harness, cert *x509.Certificate, key *rsa.PrivateKey) *azidentity.ClientCertificateCredential {
	t.Helper()
	cred, err := azidentity.NewClientCertificateCredential(h.srv.TenantID(), testClientID, []*x509.Certificate{cert}, key,
		&azidentity.ClientCertificateCredentialOptions{ClientOptions: h.clientOptions(), DisableInstanceDiscovery: true})
	if err != nil {
		t.Fatal(err)
	}
	return cred
}

// MSAL Go signs with PS256 and an x5t#S256 header in standard base64.
func TestClientCertificate_azidentitySignsIn(t *testing.T) {
	h := start(t)
	cert, key := newCertificate(t)
	h.srv.AddClientCertificate(testClientID, cert)
	token, err := getToken(t, certCredential(t, h, cert, key))
	if err != nil {
		t.Fatalf("GetToken: %v", err)
	}
	if _, ok := h.srv.CheckToken(token); !ok {
		t.Error("CheckToken refuses the token")
	}
	entries := h.log.Entries()
	if last := entries[len(entries)-1]; !strings.HasSuffix(last.Note, "via certificate") {
		t.Errorf("log note = %q, want the certificate method", last.Note)
	}
}

func TestClientCertificate_unregisteredIs700027(t *testing.T) {
	h := start(t)
	registered, _ := newCertificate(t)
	h.srv.AddClientCertificate(testClientID, registered)
	other, otherKey := newCertificate(t)
	_, err := getToken(t, certCredential(t, h, other, otherKey))
	if err == nil || !strings.Contains(err.Error(), "AADSTS700027") || !strings.Contains(err.Error(), "not registered") {
		t.Errorf("GetToken error = %v, want AADSTS700027 not registered", err)
	}
}

// Hand-made assertions cover what MSAL always gets right.
func TestClientCertificate_badAssertions(t *testing.T) {
	h := start(t)
	cert, key := newCertificate(t)
	h.srv.AddClientCertificate(testClientID, cert)
	endpoint := h.url + "/" + h.srv.TenantID() + "/oauth2/v2.0/token"
	sign := func(aud string, exp time.Time) string {
		tok := jwt.NewWithClaims(jwt.SigningMethodPS256, jwt.MapClaims{
			"aud": aud, "iss": testClientID, "sub": testClientID, "exp": exp.Unix(), "nbf": time.Now().Add(-time.Hour).Unix(), "jti": "x",
		})
		tok.Header["x5t"] = thumbprintSHA1(cert)
		s, err := tok.SignedString(key)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	for name, tc := range map[string]struct {
		assertion string
		code      int
	}{
		"audience elsewhere": {sign("https://login.example/other/token", time.Now().Add(time.Hour)), 700027},
		"expired":            {sign(endpoint, time.Now().Add(-time.Hour)), 700024},
	} {
		t.Run(name, func(t *testing.T) {
			status, body, _ := h.postForm(t, "/"+h.srv.TenantID()+"/oauth2/v2.0/token", url.Values{
				"grant_type": {"client_credentials"}, "client_id": {testClientID}, "scope": {graphScope},
				"client_assertion_type": {jwtBearer}, "client_assertion": {tc.assertion},
			})
			checkAADError(t, status, body, http.StatusUnauthorized, "invalid_client", tc.code)
		})
	}
	// The legacy SHA-1 x5t header is still accepted when everything else is right.
	status, body, _ := h.postForm(t, "/"+h.srv.TenantID()+"/oauth2/v2.0/token", url.Values{
		"grant_type": {"client_credentials"}, "client_id": {testClientID}, "scope": {graphScope},
		"client_assertion_type": {jwtBearer}, "client_assertion": {sign(endpoint, time.Now().Add(time.Hour))},
	})
	if status != http.StatusOK {
		t.Errorf("x5t assertion: answer = %d %v", status, body)
	}
}
