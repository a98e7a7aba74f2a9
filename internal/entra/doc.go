// Package entra is the provider's Microsoft Graph client for Entra ID app
// registrations, built on msgraph-sdk-go.
//
// It speaks in plain Go types and typed errors (ErrNotFound, ErrConflict, …)
// and imports nothing from Terraform, so that it can be tested and reused on
// its own. It handles what real Graph does to a careful client:
//
//   - eventual consistency: right after an application is created, Graph may
//     answer 404 or 409 for seconds; operations retry those within the
//     caller's deadline (see retry.go);
//   - throttling: 429 and 5xx are retried by this package, honouring
//     Retry-After (kiota's own retry handler is removed: see client.go);
//   - collections that PATCH replaces whole (web.redirectUris,
//     requiredResourceAccess): every change is a read-modify-write under a
//     lock per application object, so resources sharing one application never
//     overwrite each other's slice (see locks.go).
package entra
