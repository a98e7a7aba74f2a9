// Package unified is the provider's Unified.to client, on plain net/http.
//
// It covers the little the provider needs: regions and their URLs, the
// integration catalogue, the workspace's activated integrations, the
// authorize URL, and the workspace integration object that holds an OAuth
// app's client id and secret. It imports nothing from Terraform.
//
// What a careful client of Unified.to must do, it does here once:
//
//   - every request names its environment (`env`), because the service's
//     default would silently pick Production;
//   - 429 and 5xx answers are retried, honouring Retry-After, with a bounded
//     number of attempts inside the caller's deadline;
//   - errors are *APIError values carrying method, path, status and the body
//     as text (Unified.to publishes no error schema), with every secret the
//     client sent scrubbed out of the body, because servers echo requests;
//   - the workspace integration write path is not in Unified.to's published
//     OpenAPI, so its errors are classified (IsWritePathMissing) and
//     ManualStep tells the user what to enter in the dashboard instead.
package unified
