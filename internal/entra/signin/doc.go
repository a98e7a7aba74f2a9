// Package signin turns the provider's sign-in configuration (the attributes
// and ARM_* variables that the azuread and msgraph providers share) into one
// azcore.TokenCredential, built from azidentity credentials only.
//
// Every enabled method goes into an azidentity.ChainedTokenCredential, in
// terraform-provider-azuread's order: client certificate, client secret,
// OIDC (token, token file, GitHub Actions, Azure DevOps), managed identity,
// Azure CLI. Like azidentity's chain, sign-in moves on past a method that is
// unavailable where it runs (no Azure CLI, no token file) but stops at one
// that Entra ID rejects: a wrong secret is a configuration error to report,
// not a reason to sign in silently as another identity. A failure lists what
// was tried, in order, with how to fix each, and never contains a secret.
//
// Building a credential does no network I/O; only GetToken does. The package
// does not log.
package signin
