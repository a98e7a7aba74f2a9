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
// code that makes them (look for "Graph is not documented here").
package graphapi
