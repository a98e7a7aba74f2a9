// Package graphapi is an offline Microsoft Graph v1.0 for app registrations:
// applications (with their client secrets), deleted items, service
// principals and delegated-permission grants, as msgraph-sdk-go and the
// provider use them.
//
// It follows the design's reference/graph-facts.md, quirks included:
// gzip-compressed request bodies, Graph's error shape, the validation rules
// of the portal and the API, the uniqueName upsert, and eventual consistency
// on demand (SetReplicationLag, SetSecretLag, SetDeleteLag). It is the
// backend of every acceptance test, so when the real service and a simpler
// emulator would differ, it behaves like the real service: a test that passes
// here should pass against a tenant.
//
// Where the reference is silent the choices are written down next to the
// code that makes them (look for "Graph is not documented here"). The main
// ones:
//
//   - Unknown properties in a body answer 400 (application is a closed
//     OData type); read-only ones are accepted when sent back unchanged.
//   - PATCH merges nested objects (web, info) field by field and replaces
//     lists whole; passwordCredentials cannot be set by PATCH.
//   - removePassword of an unknown keyId answers 400 "No password
//     credential found with keyId", so 404 keeps meaning "no such app (yet)".
//   - A soft-deleted application keeps its uniqueName reserved; the
//     create-if-missing upsert finds an app even during replication lag.
//   - Deleting an app removes its service principal and the grants naming
//     it; restoring brings back only the app.
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
