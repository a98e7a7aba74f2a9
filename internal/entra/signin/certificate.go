package signin

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
)

// loadCertificate reads the client certificate from client_certificate_path
// or client_certificate. Reading a local file is the one I/O NewCredential
// does, so that an unreadable certificate fails before any request.
func (cfg Config) loadCertificate() ([]*x509.Certificate, crypto.PrivateKey, error) {
	var data []byte
	source := cfg.name(attrCert)
	if cfg.ClientCertificatePath != "" {
		source = fmt.Sprintf("%s %q", cfg.name(attrCertPath), cfg.ClientCertificatePath)
		var err error
		if data, err = os.ReadFile(cfg.ClientCertificatePath); errors.Is(err, fs.ErrNotExist) {
			return nil, nil, fmt.Errorf("%s does not exist: set it to the path of a PEM or PKCS#12 file holding the certificate and its private key", source)
		} else if err != nil {
			return nil, nil, fmt.Errorf("reading %s: %w", source, errors.Unwrap(err))
		}
	} else {
		var err error
		if data, err = decodeCertificate(cfg.ClientCertificate); err != nil {
			return nil, nil, fmt.Errorf("%s is neither base64 nor PEM: %w", source, err)
		}
	}
	// azidentity.ParseCertificates tries PKCS#12 only when given a password,
	// so an unencrypted PEM file must be parsed without one.
	password := []byte(cfg.ClientCertificatePassword)
	if bytes.Contains(data, []byte("-----BEGIN")) {
		password = nil
	}
	certs, key, err := azidentity.ParseCertificates(data, password)
	if err != nil {
		hint := "it must hold the certificate and its private key, as PEM or PKCS#12"
		if cfg.ClientCertificatePassword == "" {
			hint += "; a password-protected PKCS#12 file also needs " + attrCertPass
		} else {
			hint += "; check " + cfg.name(attrCertPass)
		}
		return nil, nil, fmt.Errorf("reading the certificate from %s: %w (%s)", source, err, hint)
	}
	// MSAL signs client assertions with RSA only, and Entra ID accepts only
	// RSA certificates for applications.
	if _, ok := key.(*rsa.PrivateKey); !ok {
		return nil, nil, fmt.Errorf("the private key in %s is %s; Microsoft Entra ID application certificates need an RSA key", source, keyKind(key))
	}
	return certs, key, nil
}

// decodeCertificate accepts base64 (standard, any line breaks), and also
// raw PEM pasted as is.
func decodeCertificate(s string) ([]byte, error) {
	if strings.Contains(s, "-----BEGIN") {
		return []byte(s), nil
	}
	compact := strings.Join(strings.Fields(s), "")
	return base64.StdEncoding.DecodeString(compact)
}

func keyKind(key crypto.PrivateKey) string {
	switch key.(type) {
	case *ecdsa.PrivateKey:
		return "an ECDSA key"
	case ed25519.PrivateKey:
		return "an Ed25519 key"
	}
	return fmt.Sprintf("a %T", key)
}
