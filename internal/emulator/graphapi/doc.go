// Package graphapi is an offline Microsoft Graph v1.0 for app registrations:
// applications (with their client secrets and logos) and service
// principals, as msgraph-sdk-go and the provider use them.
//
// It follows the behaviour written down in docs/design/graph-applications.md
// and docs/design/graph-service-principals.md, quirks included:
// gzip-compressed request bodies, Graph's error shape, the validation rules
// of the portal and the API, the uniqueName upsert, and eventual consistency
// on demand (SetReplicationLag, SetSecretLag, SetDeleteLag). It is the
// backend of every acceptance test, so when the real service and a simpler
// emulator would differ, it behaves like the real service: a test that passes
// here should pass against a tenant.
//
// It serves only what the provider calls, and refuses the rest with 400 or
// 404 rather than guessing at it: a client change that starts using more of
// Graph fails in the tests until the emulator learns it from the facts.
// What is kept without a provider call, and why:
//
//   - POST /servicePrincipals: the provider's diagnostic for a tenant that
//     lacks a first-party API (Customer Insights) tells the administrator to
//     run `az ad sp create --id …`, which is this request; tests add the
//     service principal back this way, lag included.
//   - Deleted items: a deleted application keeps its uniqueName reserved
//     for 30 days, which the idempotent create must live with; and GET
//     /directory/deletedItems/{id} answers it, which the provider asks to
//     tell a deleted application from one not replicated yet. Tests look at
//     them through DeletedApplications.
//
// Where the facts are silent the choices are written down next to the
// code that makes them (look for "Graph is not documented here"). The main
// ones:
//
//   - Unknown properties in a body answer 400 (application is a closed
//     OData type); read-only ones are accepted when sent back unchanged.
//   - PATCH merges nested objects (web, info) field by field and replaces
//     lists whole; passwordCredentials cannot be set by PATCH. A PATCH of
//     info.logoUrl answers 204 and changes nothing (observed).
//   - $filter is only "property eq value" joined by "and"; query options
//     other than $filter, $select and $top answer 400.
//   - The logo (PUT …/logo) takes at most 100 KB of PNG, JPEG or GIF; its
//     logoUrl is a made-up CDN URL that changes with every upload.
//   - removePassword of an unknown keyId answers 400 "No password
//     credential found with keyId", so 404 keeps meaning "no such app (yet)".
//   - A soft-deleted application keeps its uniqueName reserved; a POST or
//     the create-if-missing upsert under that name answers 400. Writes
//     (POST, the upsert) see every application at once, even during
//     replication lag, as a refused POST must: only reads lag. So the
//     upsert finds an application that a GET by uniqueName does not see yet.
//   - Replication lag hides whole new objects from reads; a PATCH of an
//     existing object is visible to the next read at once (real replicas
//     can serve a property change late; the provider does not rely on
//     either).
//   - Deleting an app removes its service principal.
//   - A requested permission that the API's service principal does not offer
//     (as that kind, enabled) answers 400 naming resourceAccess; without a
//     service principal in the tenant nothing is checked.
//   - A redirect URI with leading or trailing whitespace answers 400; a
//     wildcard is refused only for audiences with personal accounts.
//   - A valid token for another resource answers 401 "Invalid audience"; a
//     token the sign-in emulator never issued, or that expired, answers 401
//     "Access token validation failure." (Options.TokenScope).
//   - Customer Insights' user_impersonation id is invented: it is not
//     published, so a provider that hard-codes one fails here, as it should.
//
// The validation rules and their sources are in docs/design/graph-validation.md.
package graphapi
