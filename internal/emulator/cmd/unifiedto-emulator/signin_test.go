package main

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/emulator"
	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/emulator/login"
)

// The flags register a certificate and a federated subject for the seeded
// client, write a token for the subject, and say how to use both.
func TestSignInOptionsRegisterCertificateAndSubject(t *testing.T) {
	e, err := emulator.Start(emulator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	dir := t.TempDir()
	certFile := filepath.Join(dir, "client.pem")
	writeSelfSigned(t, certFile)
	out, err := signInOptions{certificates: []string{certFile}, subjects: []string{login.GitHubSubject}}.apply(e, dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"ARM_CLIENT_CERTIFICATE_PATH='" + certFile + "'", "ARM_OIDC_TOKEN_FILE_PATH=", "ACTIONS_ID_TOKEN_REQUEST_URL='" + e.LoginURL + login.GitHubIDTokenPath} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	token, err := os.ReadFile(filepath.Join(dir, "oidc-1.jwt"))
	if err != nil || strings.Count(string(token), ".") != 2 {
		t.Fatalf("token file: %q, %v", token, err)
	}
	if _, err := (signInOptions{certificates: []string{filepath.Join(dir, "absent.pem")}}).apply(e, dir); err == nil {
		t.Error("a missing certificate file was accepted")
	}
}

func writeSelfSigned(t *testing.T, path string) {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "cmd-test"}, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
}
