package signin

import (
	"errors"
	"fmt"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/cloud"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
)

// NewCredential validates cfg and returns a credential that signs in with
// every enabled method, in order (see the package documentation). It does
// no network I/O: only GetToken does. Its errors name the attributes and
// environment variables to fix and never contain a secret.
func NewCredential(cfg Config) (azcore.TokenCredential, error) {
	cl, err := cfg.Cloud()
	if err != nil {
		return nil, err
	}
	if err := cfg.validate(); err != nil {
		return nil, redact(err, cfg.secrets())
	}
	b := &builder{
		cfg:  cfg,
		opts: azcore.ClientOptions{Cloud: cloud.Configuration{ActiveDirectoryAuthorityHost: cl.AuthorityHost}, Transport: cfg.Transport},
		// A private cloud or the emulator is not on MSAL's list of known
		// hosts, and instance discovery would ask login.microsoftonline.com.
		disableDiscovery: !knownAuthority(cl.AuthorityHost),
	}
	methods, err := b.methods()
	if err != nil {
		return nil, redact(err, cfg.secrets())
	}
	sources := make([]azcore.TokenCredential, len(methods))
	for i, m := range methods {
		sources[i] = m
	}
	chain, err := azidentity.NewChainedTokenCredential(sources, nil)
	if err != nil {
		return nil, err
	}
	return &credential{chain: chain, methods: methods, secrets: cfg.secrets(), clientID: cfg.ClientID, tenantID: cfg.TenantID}, nil
}

// builder makes the azidentity credential of each method.
type builder struct {
	cfg              Config
	opts             azcore.ClientOptions
	disableDiscovery bool
}

// methods returns the enabled methods in precedence order.
func (b *builder) methods() ([]*method, error) {
	cfg := b.cfg
	var methods []*method
	var errs []error
	add := func(name, attrs, fix string, cred azcore.TokenCredential, err error) {
		if err != nil {
			errs = append(errs, fmt.Errorf("%s (%s): %w", name, attrs, err))
			return
		}
		methods = append(methods, &method{name: name, attrs: attrs, fix: fix, cred: cred})
	}
	if cfg.usesCertificate() {
		attr := attrCert
		if cfg.ClientCertificatePath != "" {
			attr = attrCertPath
		}
		cred, err := b.certificate()
		add("client certificate", attr, fixCertificate, cred, err)
	}
	if cfg.ClientSecret != "" {
		cred, err := azidentity.NewClientSecretCredential(cfg.TenantID, cfg.ClientID, cfg.ClientSecret,
			&azidentity.ClientSecretCredentialOptions{ClientOptions: b.opts, DisableInstanceDiscovery: b.disableDiscovery})
		add("client secret", attrSecret, fixSecret, cred, err)
	}
	if cfg.UseOIDC {
		if cfg.OIDCToken != "" {
			cred, err := b.assertion(staticToken(cfg.OIDCToken))
			add("OIDC token", attrOIDCToken, fixOIDC, cred, err)
		}
		if cfg.OIDCTokenFilePath != "" {
			cred, err := b.assertion(tokenFile(cfg.OIDCTokenFilePath))
			add("OIDC token file", attrOIDCFile, fixOIDCFile, cred, err)
		}
		if cfg.ADOServiceConnectionID != "" {
			u, tok := cfg.adoRequest()
			cred, err := b.assertion(b.adoToken(u, tok, cfg.ADOServiceConnectionID))
			add("Azure DevOps OIDC", attrADO, fixADO, cred, err)
		} else if cfg.OIDCRequestURL != "" {
			cred, err := b.assertion(b.githubToken(cfg.OIDCRequestURL, cfg.OIDCRequestToken))
			add("GitHub Actions OIDC", attrRequestURL, fixGitHub, cred, err)
		}
	}
	if cfg.UseMSI {
		opts := &azidentity.ManagedIdentityCredentialOptions{ClientOptions: b.opts}
		if cfg.ClientID != "" {
			opts.ID = azidentity.ClientID(cfg.ClientID)
		}
		cred, err := azidentity.NewManagedIdentityCredential(opts)
		add("managed identity", attrUseMSI, fixMSI, cred, err)
	}
	if cfg.UseCLI {
		cred, err := azidentity.NewAzureCLICredential(&azidentity.AzureCLICredentialOptions{TenantID: cfg.TenantID})
		add("Azure CLI", attrUseCLI, fixCLI, cred, err)
	}
	return methods, errors.Join(errs...)
}

func (b *builder) certificate() (azcore.TokenCredential, error) {
	certs, key, err := b.cfg.loadCertificate()
	if err != nil {
		return nil, err
	}
	return azidentity.NewClientCertificateCredential(b.cfg.TenantID, b.cfg.ClientID, certs, key,
		&azidentity.ClientCertificateCredentialOptions{ClientOptions: b.opts, DisableInstanceDiscovery: b.disableDiscovery})
}

func (b *builder) assertion(get assertionFunc) (azcore.TokenCredential, error) {
	return azidentity.NewClientAssertionCredential(b.cfg.TenantID, b.cfg.ClientID, get,
		&azidentity.ClientAssertionCredentialOptions{ClientOptions: b.opts, DisableInstanceDiscovery: b.disableDiscovery})
}

// secrets are the values no message may contain.
func (cfg Config) secrets() []string {
	_, adoToken := cfg.adoRequest()
	return []string{cfg.ClientSecret, cfg.ClientCertificate, cfg.ClientCertificatePassword, cfg.OIDCToken, cfg.OIDCRequestToken, adoToken}
}
