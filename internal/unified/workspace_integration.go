package unified

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
)

// The workspace integration calls below use a path that is NOT in
// Unified.to's published OpenAPI (see unified-facts.md): the dashboard
// writes this object, and the contract here is the one the emulator
// implements. Everything that depends on it is in this file, so that it can
// change in one place.

func workspaceIntegrationPath(integrationType string) string {
	return "/unified/workspace/integration/" + url.PathEscape(integrationType)
}

// GetWorkspaceIntegration reads the configuration of integrationType in env.
// Its error satisfies IsNotFound when none exists, and IsWritePathMissing
// when the service does not offer the path (see classifyWritePath). The
// answer never holds the client secret.
func (c *Client) GetWorkspaceIntegration(ctx context.Context, integrationType, env string) (*WorkspaceIntegration, error) {
	if integrationType == "" {
		return nil, errors.New("integration type is empty")
	}
	env = envOrDefault(env)
	path := workspaceIntegrationPath(integrationType)
	resp, err := c.do(ctx, request{method: http.MethodGet, path: path, query: url.Values{"env": {env}}})
	if err != nil {
		return nil, c.classifyWritePath(ctx, err, http.MethodGet, integrationType, env)
	}
	return decodeWorkspaceIntegration(http.MethodGet, path, resp)
}

// PutWorkspaceIntegration creates or replaces the configuration of
// wi.IntegrationType in wi.Environment (DefaultEnv when empty) and returns
// what the service stored, without the secret. The secret is sent only in
// the request body and is scrubbed from any error.
func (c *Client) PutWorkspaceIntegration(ctx context.Context, wi WorkspaceIntegration) (*WorkspaceIntegration, error) {
	if wi.IntegrationType == "" {
		return nil, errors.New("integration type is empty")
	}
	wi.Environment = envOrDefault(wi.Environment)
	// The server owns these; sending stale copies back could only confuse it.
	wi.ID, wi.WorkspaceID, wi.CreatedAt, wi.UpdatedAt = "", "", nil, nil
	body, err := json.Marshal(wi)
	if err != nil {
		return nil, fmt.Errorf("encoding workspace integration %q: %w", wi.IntegrationType, err)
	}
	path := workspaceIntegrationPath(wi.IntegrationType)
	resp, err := c.do(ctx, request{
		method: http.MethodPut, path: path, query: url.Values{"env": {wi.Environment}},
		body: body, secrets: []string{wi.Auth.ClientSecret},
	})
	if err != nil {
		return nil, c.classifyWritePath(ctx, err, http.MethodPut, wi.IntegrationType, wi.Environment)
	}
	return decodeWorkspaceIntegration(http.MethodPut, path, resp)
}

// DeleteWorkspaceIntegration removes the configuration of integrationType in
// env. Its error satisfies IsNotFound when there was none, which callers
// deleting may treat as success.
func (c *Client) DeleteWorkspaceIntegration(ctx context.Context, integrationType, env string) error {
	if integrationType == "" {
		return errors.New("integration type is empty")
	}
	env = envOrDefault(env)
	_, err := c.do(ctx, request{method: http.MethodDelete, path: workspaceIntegrationPath(integrationType), query: url.Values{"env": {env}}})
	if err != nil {
		return c.classifyWritePath(ctx, err, http.MethodDelete, integrationType, env)
	}
	return nil
}

// classifyWritePath decides whether an error answer on the workspace
// integration path means "the service has no such path" rather than "no
// such integration", and marks the *APIError so (IsWritePathMissing).
//
// A 405 always means the route exists without this method. A 404 on PUT
// cannot mean "none yet", because PUT creates. A 404 on GET or DELETE is
// what the contract answers when nothing is configured, and also what a
// service without the path answers; the published list of the workspace's
// integrations tells them apart. If it lists integrationType, the object
// exists and the path is what is missing. If it does not, "not found" is
// true whichever the cause, and a later PUT will tell. If that check
// itself fails, the 404 is reported as unconfirmed and deliberately does
// not satisfy IsNotFound: dropping a resource from state, or calling a
// delete done, on a guess would hide a real integration.
func (c *Client) classifyWritePath(ctx context.Context, err error, method, integrationType, env string) error {
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		return err
	}
	switch {
	case apiErr.Status == http.StatusMethodNotAllowed:
		apiErr.WritePathMissing = true
	case apiErr.Status == http.StatusNotFound && method == http.MethodPut:
		apiErr.WritePathMissing = true
	case apiErr.Status == http.StatusNotFound:
		_, checkErr := c.ActivatedIntegration(ctx, integrationType, env)
		switch {
		case checkErr == nil:
			apiErr.WritePathMissing = true
		case !IsNotFound(checkErr):
			// Deliberately not wrapped: this answer is neither "not found"
			// nor "write path missing", and wrapping would let errors.Is
			// see either through checkErr.
			return fmt.Errorf("%s; could not confirm it through the workspace's published integration list: %s", apiErr.Error(), checkErr.Error())
		}
	}
	return err
}

// decodeWorkspaceIntegration reads an answer and drops any client secret a
// server might return, so that a secret never outlives its request.
func decodeWorkspaceIntegration(method, path string, resp *response) (*WorkspaceIntegration, error) {
	var wi WorkspaceIntegration
	if err := decode(method, path, resp, &wi); err != nil {
		return nil, err
	}
	wi.Auth.ClientSecret = ""
	return &wi, nil
}
