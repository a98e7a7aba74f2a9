package signin

import (
	"encoding/base64"
	"path/filepath"
	"strings"
	"testing"
)

func TestNewCredential_certificateFromFile(t *testing.T) {
	e := startEmulator(t)
	cert, pemBytes := newRSACertificate(t)
	e.srv.AddClientCertificate(testClientID, cert)
	cfg := e.config()
	cfg.ClientCertificatePath = writeFile(t, "client.pem", pemBytes)
	e.mustSignIn(t, cfg)
	entries := e.log.Entries()
	if note := entries[len(entries)-1].Note; !strings.HasSuffix(note, "via certificate") {
		t.Errorf("emulator saw %q, want a certificate sign-in", note)
	}
}

// client_certificate holds base64; pasted PEM works too.
func TestNewCredential_certificateFromValue(t *testing.T) {
	e := startEmulator(t)
	cert, pemBytes := newRSACertificate(t)
	e.srv.AddClientCertificate(testClientID, cert)
	for name, value := range map[string]string{
		"base64":               base64.StdEncoding.EncodeToString(pemBytes),
		"base64 with newlines": wrap(base64.StdEncoding.EncodeToString(pemBytes), 64),
		"raw PEM":              string(pemBytes),
	} {
		t.Run(name, func(t *testing.T) {
			cfg := e.config()
			cfg.ClientCertificate = value
			e.mustSignIn(t, cfg)
		})
	}
}

func TestNewCredential_unregisteredCertificateExplainsAADSTS700027(t *testing.T) {
	e := startEmulator(t)
	_, pemBytes := newRSACertificate(t)
	cfg := e.config()
	cfg.ClientCertificate = base64.StdEncoding.EncodeToString(pemBytes)
	e.srv.AddClientSecret(testClientID, "unused") // the application exists, the certificate is not on it
	msg := signInError(t, cfg, cfg.ClientCertificate)
	mustContain(t, msg, "client certificate, enabled by client_certificate (ARM_CLIENT_CERTIFICATE)", "AADSTS700027", "public part is uploaded")
}

// A certificate that cannot be used fails at NewCredential, before any
// request, naming the attribute.
func TestNewCredential_unusableCertificate(t *testing.T) {
	e := startEmulator(t)
	tests := map[string]struct {
		edit func(*Config)
		want []string
	}{
		"missing file": {func(c *Config) { c.ClientCertificatePath = filepath.Join(t.TempDir(), "nope.pem") }, []string{"client_certificate_path (ARM_CLIENT_CERTIFICATE_PATH)", "does not exist"}},
		"not base64":   {func(c *Config) { c.ClientCertificate = "%%%not-base64%%%" }, []string{"client_certificate (ARM_CLIENT_CERTIFICATE)", "neither base64 nor PEM"}},
		"no key": {func(c *Config) {
			c.ClientCertificate = base64.StdEncoding.EncodeToString([]byte("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"))
		}, []string{"client_certificate (ARM_CLIENT_CERTIFICATE)", "certificate and its private key"}},
		"PKCS#12 garbage with password": {func(c *Config) {
			c.ClientCertificate = base64.StdEncoding.EncodeToString([]byte("garbage"))
			c.ClientCertificatePassword = "hunter22"
		}, []string{"client_certificate (ARM_CLIENT_CERTIFICATE)", "check client_certificate_password (ARM_CLIENT_CERTIFICATE_PASSWORD)"}},
		"ECDSA key":  {func(c *Config) { c.ClientCertificatePath = writeFile(t, "ec.pem", newECDSACertificate(t)) }, []string{"an ECDSA key", "need an RSA key"}},
		"both forms": {func(c *Config) { c.ClientCertificatePath, c.ClientCertificate = "a.pem", "QUJD" }, []string{"set only one of client_certificate_path (ARM_CLIENT_CERTIFICATE_PATH) and client_certificate (ARM_CLIENT_CERTIFICATE)"}},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			cfg := e.config()
			tt.edit(&cfg)
			_, err := NewCredential(cfg)
			if err == nil {
				t.Fatal("NewCredential succeeded")
			}
			mustContain(t, err.Error(), tt.want...)
			noSecrets(t, err.Error(), cfg.ClientCertificatePassword)
		})
	}
	if n := len(e.log.Entries()); n != 0 {
		t.Errorf("NewCredential made %d requests, want none", n)
	}
}

func wrap(s string, n int) string {
	var b strings.Builder
	for len(s) > n {
		b.WriteString(s[:n] + "\n")
		s = s[n:]
	}
	return b.String() + s
}
