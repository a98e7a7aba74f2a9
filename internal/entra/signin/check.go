package signin

import "errors"

// Check finds, without any network I/O, every mistake in cfg that signing
// in would meet: the cloud and its endpoint overrides, the settings of each
// method, and a client certificate that is missing or does not parse (with
// its password). The provider calls it at plan time, so that a plan that
// needs Microsoft Graph fails before anything is written. Like NewCredential,
// its errors name the settings and never contain a secret.
func Check(cfg Config) error {
	var errs []error
	if _, err := cfg.Cloud(); err != nil {
		errs = append(errs, err)
	}
	if err := cfg.validate(); err != nil {
		errs = append(errs, err)
	}
	// Both certificate forms at once is already reported by validate.
	if cfg.usesCertificate() && (cfg.ClientCertificatePath == "" || cfg.ClientCertificate == "") {
		if _, _, err := cfg.loadCertificate(); err != nil {
			errs = append(errs, err)
		}
	}
	return redact(errors.Join(errs...), cfg.secrets())
}
