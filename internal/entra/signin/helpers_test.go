package signin

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/emulator/emuhttp"
	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/emulator/login"
)

const (
	testClientID = "6b3a1c55-8a0e-4c41-9d6a-2f1e0c4b7a10"
	testSecret   = "s3cr3t~Q8Q~never-in-an-error"
	graphScope   = "https://graph.microsoft.com/.default"
)

var (
	caOnce   sync.Once
	sharedCA *emuhttp.CA
)

// emulator is a running sign-in emulator and a Config pointing at it.
type emulator struct {
	srv    *login.Server
	url    string
	log    *emuhttp.RequestLog
	client *http.Client
}

func startEmulator(t *testing.T) *emulator {
	t.Helper()
	caOnce.Do(func() {
		var err error
		if sharedCA, err = emuhttp.NewCA(); err != nil {
			panic(err)
		}
	})
	e := &emulator{srv: login.New(login.Options{}), log: &emuhttp.RequestLog{}}
	ln, err := emuhttp.ServeTLS(sharedCA, "127.0.0.1:0", emuhttp.Logged("login", e.log, e.srv.Handler()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ln.Close() })
	e.url = ln.URL
	e.client = &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: sharedCA.Pool()}}}
	return e
}

// config signs in to the emulator's tenant as testClientID, with no method
// enabled yet.
func (e *emulator) config() Config {
	return Config{AuthorityHost: e.url, TenantID: e.srv.TenantID(), ClientID: testClientID, Transport: e.client}
}

// signIn builds the credential and gets a Graph token.
func signIn(t *testing.T, cfg Config) (string, error) {
	t.Helper()
	return signInFor(t, cfg, graphScope)
}

func signInFor(t *testing.T, cfg Config, scope string) (string, error) {
	t.Helper()
	cred, err := NewCredential(cfg)
	if err != nil {
		t.Fatalf("NewCredential: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	tok, err := cred.GetToken(ctx, policy.TokenRequestOptions{Scopes: []string{scope}})
	return tok.Token, err
}

// mustSignIn signs in and checks that the emulator issued the token for Graph.
func (e *emulator) mustSignIn(t *testing.T, cfg Config) {
	t.Helper()
	e.mustSignInFor(t, cfg, graphScope)
}

func (e *emulator) mustSignInFor(t *testing.T, cfg Config, want string) {
	t.Helper()
	token, err := signInFor(t, cfg, want)
	if err != nil {
		t.Fatalf("GetToken: %v", err)
	}
	if scope, ok := e.srv.CheckToken(token); !ok || scope != want {
		t.Fatalf("CheckToken = %q, %v; want a token for %s from the emulator", scope, ok, want)
	}
}

// freshScope is a scope no earlier test asked for. MSAL Go caches managed
// identity tokens in one process-wide cache, shared by every credential, so
// a repeated scope would be answered from a previous test's emulator.
func freshScope(t *testing.T) string {
	t.Helper()
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("https://msi-%x.example/.default", b)
}

// signInError signs in expecting failure, and returns the *Error's text
// after checking that it holds none of secrets.
func signInError(t *testing.T, cfg Config, secrets ...string) string {
	t.Helper()
	_, err := signIn(t, cfg)
	if err == nil {
		t.Fatal("GetToken succeeded, want an error")
	}
	var se *Error
	if !errors.As(err, &se) {
		t.Fatalf("error is %T, want *signin.Error: %v", err, err)
	}
	noSecrets(t, err.Error(), secrets...)
	return err.Error()
}

func noSecrets(t *testing.T, msg string, secrets ...string) {
	t.Helper()
	for _, s := range secrets {
		if s != "" && strings.Contains(msg, s) {
			t.Errorf("message contains the secret %q:\n%s", s, msg)
		}
	}
}

func mustContain(t *testing.T, msg string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(msg, p) {
			t.Errorf("message lacks %q:\n%s", p, msg)
		}
	}
}

// newRSACertificate returns a self-signed certificate and its key as PEM.
func newRSACertificate(t *testing.T) (*x509.Certificate, []byte) {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return selfSigned(t, key, &key.PublicKey, keyDER)
}

func newECDSACertificate(t *testing.T) []byte {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	_, pemBytes := selfSigned(t, key, &key.PublicKey, keyDER)
	return pemBytes
}

func selfSigned(t *testing.T, key any, pub any, keyDER []byte) (*x509.Certificate, []byte) {
	t.Helper()
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: "terraform"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, pub, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	out := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	out = append(out, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER})...)
	return cert, out
}

func writeFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
