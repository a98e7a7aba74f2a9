// Package unified is the provider's Unified.to client, on plain net/http.
//
// It covers the little the provider needs: regions and their URLs, the
// integration catalogue, the workspace's activated integrations, the
// authorize URL, environments, and Unified.to's published
// Workspaceintegration API, the object that holds an OAuth app's client id
// and secret. It imports nothing from Terraform. What it relies on, and how
// sure that is, is in docs/design/unified-api.md and
// docs/design/unified-workspace-integration.md.
//
// What a careful client of Unified.to must do, it does here once:
//
//   - every request names its environment (`env`), because the service's
//     default would silently pick Production;
//   - array query parameters repeat their key, as Unified.to's OpenAPI
//     publishes them; every list is paged to its end;
//   - 429 and 5xx answers are retried until the caller's deadline, not a
//     fixed number of times: Retry-After is honoured when present (Unified.to
//     documents none), else the client backs off on its own, with jitter; a
//     create is never sent twice after the service may have acted on it;
//   - errors are *APIError values carrying method, path, status and the body
//     as text (Unified.to publishes no error schema); the answer to a request
//     that carried a client secret keeps no body at all, because bodies may
//     echo the request in any encoding, and other bodies are scrubbed of the
//     API token;
//   - the credentials are never asked for in clear (include_credentials),
//     and their unpublished wire names live in credentials.go alone;
//   - a refused [pattern] operation (create, retrieve, remove) is told apart
//     from "not found" through the documented list (IsOperationUnavailable),
//     and ManualStep says what to do in the dashboard instead.
package unified
