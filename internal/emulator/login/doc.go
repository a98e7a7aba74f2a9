// Package login emulates the parts of Microsoft Entra ID sign-in that the
// provider's credentials use, offline and over TLS: OpenID discovery, the
// v2.0 token endpoint for client secrets, certificates and federated
// (workload identity) assertions, the GitHub Actions and Azure DevOps OIDC
// token endpoints that hand out those assertions, and an App Service style
// managed identity endpoint.
//
// It follows docs/design/graph-signin.md and
// answers exactly as azidentity v1.15 and MSAL Go ask. Access tokens are
// opaque random strings remembered with their scope, so that the Graph
// emulator can authorize requests with CheckToken.
//
// A federated assertion that no federated identity credential matches
// (AADSTS700211-700213) is answered 400 invalid_client, as Entra ID does
// (docs/design/graph-validation.md, "Tokens").
//
// Secrets are stored only as hashes, and nothing the emulator writes (answers,
// request-log notes) ever contains a secret or an assertion.
package login
