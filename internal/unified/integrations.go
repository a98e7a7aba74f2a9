package unified

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// maxPages bounds catalogue paging, in case a server ignores offset and
// answers the same full page forever.
const maxPages = 100

// ListIntegrations lists the integration catalogue
// (GET /unified/integration), following limit/offset paging to the end.
func (c *Client) ListIntegrations(ctx context.Context, in ListIntegrationsInput) ([]Integration, error) {
	q := url.Values{"env": {envOrDefault(in.Env)}}
	if in.Type != "" {
		q.Set("type", in.Type)
	}
	if in.Active != nil {
		q.Set("active", strconv.FormatBool(*in.Active))
	}
	// Array parameters repeat the key (form/explode, as Unified.to's
	// OpenAPI and SDKs send them); a comma-joined value would be one
	// category named "crm,hris".
	for _, cat := range in.Categories {
		q.Add("categories", cat)
	}
	if in.Summary {
		q.Set("summary", "true")
	}
	q.Set("limit", strconv.Itoa(c.pageSize))
	var all []Integration
	for page := 0; page < maxPages; page++ {
		q.Set("offset", strconv.Itoa(page*c.pageSize))
		var batch []Integration
		if err := c.getJSON(ctx, "/unified/integration", q, &batch); err != nil {
			return nil, err
		}
		all = append(all, batch...)
		if len(batch) < c.pageSize {
			return all, nil
		}
	}
	return nil, fmt.Errorf("listing Unified.to integrations: paging did not end after %d pages of %d", maxPages, c.pageSize)
}

// LookupIntegration finds integrationType in the catalogue, for validating
// a type before writing it. Its error wraps ErrNotFound when the type is
// unknown, and lists nothing else: the catalogue has hundreds of entries.
func (c *Client) LookupIntegration(ctx context.Context, integrationType, env string) (*Integration, error) {
	if integrationType == "" {
		return nil, errors.New("integration type is empty")
	}
	list, err := c.ListIntegrations(ctx, ListIntegrationsInput{Type: integrationType, Env: env, Summary: true})
	if err != nil {
		return nil, err
	}
	// The filter is the server's; check it rather than trust it.
	for i := range list {
		if list[i].Type == integrationType {
			return &list[i], nil
		}
	}
	return nil, fmt.Errorf("integration type %q is not in Unified.to's catalogue (GET /unified/integration?type=%s): %w",
		integrationType, url.QueryEscape(integrationType), ErrNotFound)
}

// WorkspaceIntegrations lists the integrations activated in the
// workspace's environment env, each with is_active (the published,
// unauthenticated GET /unified/integration/workspace/{workspace_id}),
// following limit/offset paging to the end.
func (c *Client) WorkspaceIntegrations(ctx context.Context, env string) ([]Integration, error) {
	path := "/unified/integration/workspace/" + url.PathEscape(c.workspaceID)
	q := url.Values{"env": {envOrDefault(env)}, "limit": {strconv.Itoa(c.pageSize)}}
	var all []Integration
	for page := 0; page < maxPages; page++ {
		q.Set("offset", strconv.Itoa(page*c.pageSize))
		var batch []Integration
		if err := c.getJSON(ctx, path, q, &batch); err != nil {
			return nil, err
		}
		all = append(all, batch...)
		if len(batch) < c.pageSize {
			return all, nil
		}
	}
	return nil, fmt.Errorf("listing the workspace's Unified.to integrations: paging did not end after %d pages of %d", maxPages, c.pageSize)
}

// AuthorizeURL returns the vendor authorize URL that starts an end user's
// connection to integrationType (GET /unified/integration/auth/…). It asks
// for the URL as text rather than a redirect, so nothing is followed.
func (c *Client) AuthorizeURL(ctx context.Context, integrationType, env string, opts AuthorizeOptions) (string, error) {
	if integrationType == "" {
		return "", errors.New("integration type is empty")
	}
	q := url.Values{"env": {envOrDefault(env)}}
	for k, v := range map[string]string{
		"success_redirect": opts.SuccessRedirect, "failure_redirect": opts.FailureRedirect, "state": opts.State,
		"external_xref": opts.ExternalXref, "lang": opts.Lang, "subdomain": opts.Subdomain, "region": opts.Region,
	} {
		if v != "" {
			q.Set(k, v)
		}
	}
	for _, scope := range opts.Scopes {
		q.Add("scopes", scope) // repeated keys, never comma-joined
	}
	path := "/unified/integration/auth/" + url.PathEscape(c.workspaceID) + "/" + url.PathEscape(integrationType)
	resp, err := c.do(ctx, request{method: http.MethodGet, path: path, query: q, accept: "text/plain"})
	if err != nil {
		return "", err
	}
	raw := strings.TrimSpace(string(resp.body))
	// Some clients of this endpoint receive a JSON string; accept both.
	var quoted string
	if strings.HasPrefix(raw, `"`) && json.Unmarshal([]byte(raw), &quoted) == nil {
		raw = quoted
	}
	u, err := url.Parse(raw)
	if err != nil || !u.IsAbs() {
		return "", fmt.Errorf("the answer of Unified.to to GET %s is not an absolute URL (%d bytes)", path, len(raw))
	}
	return raw, nil
}

// Environments lists the workspace's environments (GET /unified/environment).
func (c *Client) Environments(ctx context.Context) ([]string, error) {
	var envs []string
	if err := c.getJSON(ctx, "/unified/environment", nil, &envs); err != nil {
		return nil, err
	}
	return envs, nil
}
