package main

import (
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/emulator"
	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/emulator/login"
)

// signInOptions register more sign-in methods for the seeded client than its
// secret, so that a person can try certificate and OIDC sign-in by hand.
type signInOptions struct {
	certificates []string // PEM files whose certificate the client may sign assertions with
	subjects     []string // federated subjects the client trusts
}

// listFlag is a repeatable string flag.
type listFlag struct{ values *[]string }

func (l listFlag) String() string {
	if l.values == nil {
		return ""
	}
	return strings.Join(*l.values, ",")
}

func (l listFlag) Set(v string) error {
	*l.values = append(*l.values, v)
	return nil
}

// apply registers the certificates and subjects, writes a federated token
// for each subject into dir, and returns the lines that tell a person how to
// use them.
func (o signInOptions) apply(e *emulator.Emulator, dir string) (string, error) {
	var b strings.Builder
	for _, path := range o.certificates {
		cert, err := readCertificate(path)
		if err != nil {
			return "", err
		}
		e.Login.AddClientCertificate(e.ClientID, cert)
		fmt.Fprintf(&b, "Client certificate %s registered for %s: unset ARM_CLIENT_SECRET and\n  export ARM_CLIENT_CERTIFICATE_PATH='%s'\n", cert.Subject.CommonName, e.ClientID, path)
	}
	for i, subject := range o.subjects {
		e.Login.TrustFederatedSubject(e.ClientID, subject)
		file, err := filepath.Abs(filepath.Join(dir, fmt.Sprintf("oidc-%d.jwt", i+1)))
		if err != nil {
			return "", err
		}
		if err := os.WriteFile(file, []byte(e.Login.IssueFederatedToken(subject)), 0o600); err != nil {
			return "", err
		}
		fmt.Fprintf(&b, "Federated subject %q trusted for %s; a token for it (valid 10 minutes) is in %s: unset ARM_CLIENT_SECRET and\n"+
			"  export ARM_USE_OIDC=true ARM_OIDC_TOKEN_FILE_PATH='%s'\n", subject, e.ClientID, file, file)
		if subject == login.GitHubSubject {
			fmt.Fprintf(&b, "  or, as GitHub Actions would: export ARM_USE_OIDC=true ACTIONS_ID_TOKEN_REQUEST_URL='%s%s?api-version=2.0' ACTIONS_ID_TOKEN_REQUEST_TOKEN='%s'\n",
				e.LoginURL, login.GitHubIDTokenPath, e.Login.GitHubRequestToken())
		}
	}
	return b.String(), nil
}

// readCertificate reads the first certificate of a PEM file; the file may
// also hold the private key, which the emulator does not need.
func readCertificate(path string) (*x509.Certificate, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("-client-certificate: %w", err)
	}
	for {
		var block *pem.Block
		block, data = pem.Decode(data)
		if block == nil {
			return nil, fmt.Errorf("-client-certificate %s: no PEM CERTIFICATE block", path)
		}
		if block.Type == "CERTIFICATE" {
			cert, err := x509.ParseCertificate(block.Bytes)
			if err != nil {
				return nil, fmt.Errorf("-client-certificate %s: %w", path, err)
			}
			return cert, nil
		}
	}
}
