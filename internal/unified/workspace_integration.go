package unified

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
)

// Unified.to's Workspaceintegration API. List and update are on published
// reference pages [doc]; create, retrieve and remove follow the pattern of
// every other core object [pattern] (docs/design/unified-workspace-integration.md).
// A 404 or 405 on a [pattern] operation is marked on the *APIError
// (IsOperationUnavailable), so that the resource can say what to do in the
// dashboard instead.
const workspaceIntegrationsPath = "/unified/workspaceintegration"

func workspaceIntegrationPath(id string) string {
	return workspaceIntegrationsPath + "/" + url.PathEscape(id)
}

// preservedFields are published fields the provider does not manage (the
// vendor URL overrides). An update sends back what the service holds, so
// that a whole-object PUT does not clear them; nothing else of an answer is
// ever sent back.
var preservedFields = []string{"api_url", "authorize_url", "token_url", "refresh_url", "base_url"}

// wireObject is the published part of the object; credentials.go handles
// the rest.
type wireObject struct {
	ID                 string   `json:"id,omitempty"`
	WorkspaceID        string   `json:"workspace_id,omitempty"`
	CreatedAt          string   `json:"created_at,omitempty"`
	UpdatedAt          string   `json:"updated_at,omitempty"`
	Categories         []string `json:"categories,omitempty"`
	IntegrationType    string   `json:"integration_type"`
	IsActive           bool     `json:"is_active"`
	Environment        string   `json:"environment,omitempty"`
	AuthType           string   `json:"auth_type,omitempty"`
	UseUnifiedRedirect *bool    `json:"use_unified_redirect,omitempty"`
	PromptRegion       *bool    `json:"prompt_region,omitempty"`
	Permissions        []string `json:"permissions,omitempty"`
}

// FindWorkspaceIntegrations lists the configurations of integrationType in
// env with the documented GET /unified/workspaceintegration, following
// limit/offset paging to the end. It never asks for credentials in clear.
// Unified.to publishes no uniqueness rule per type and environment, so the
// answer may hold several; callers treat that as a conflict.
func (c *Client) FindWorkspaceIntegrations(ctx context.Context, integrationType, env string) ([]WorkspaceIntegration, error) {
	if integrationType == "" {
		return nil, errors.New("integration type is empty")
	}
	env = envOrDefault(env)
	q := url.Values{"integration_type": {integrationType}, "env": {env}, "limit": {strconv.Itoa(c.pageSize)}}
	var found []WorkspaceIntegration
	for page := 0; page < maxPages; page++ {
		q.Set("offset", strconv.Itoa(page*c.pageSize))
		var batch []map[string]json.RawMessage
		if err := c.getJSON(ctx, workspaceIntegrationsPath, q, &batch); err != nil {
			return nil, err
		}
		for _, obj := range batch {
			wi, err := fromWire(obj)
			if err != nil {
				return nil, fmt.Errorf("decoding Unified.to's list of workspace integrations: %w", err)
			}
			// The filter is the server's; check it rather than trust it.
			if wi.IntegrationType == integrationType && envOrDefault(wi.Environment) == env {
				found = append(found, *wi)
			}
		}
		if len(batch) < c.pageSize {
			return found, nil
		}
	}
	return nil, fmt.Errorf("listing Unified.to workspace integrations: paging did not end after %d pages of %d", maxPages, c.pageSize)
}

// CreateWorkspaceIntegration creates wi ([pattern] POST) and returns what
// the service stored. The request is sent once on a 5xx or a lost answer:
// the service may have stored it, and only a fresh find can tell (a retried
// create could leave two). The error of a 404 or 405 satisfies
// IsOperationUnavailable.
func (c *Client) CreateWorkspaceIntegration(ctx context.Context, wi WorkspaceIntegration) (*WorkspaceIntegration, error) {
	body, err := toWire(wi, nil)
	if err != nil {
		return nil, err
	}
	resp, err := c.do(ctx, request{
		method: http.MethodPost, path: workspaceIntegrationsPath, query: url.Values{"env": {envOrDefault(wi.Environment)}},
		body: body, secrets: secretsOf(wi), once: true,
	})
	if err != nil {
		return nil, markUnavailable(err, http.StatusNotFound, http.StatusMethodNotAllowed)
	}
	return decodeWorkspaceIntegration(http.MethodPost, workspaceIntegrationsPath, resp)
}

// UpdateWorkspaceIntegration replaces the object wi.ID with wi (the
// documented PUT, which takes the whole object). The vendor URL overrides
// that current holds are sent back unchanged; current may be nil. A
// ClientSecret of "" sends no secret, which leaves the stored one. The
// error satisfies IsNotFound when the object is gone.
func (c *Client) UpdateWorkspaceIntegration(ctx context.Context, wi WorkspaceIntegration, current *WorkspaceIntegration) (*WorkspaceIntegration, error) {
	if wi.ID == "" {
		return nil, errors.New("workspace integration id is empty")
	}
	var keep map[string]json.RawMessage
	if current != nil {
		keep = current.preserved
	}
	body, err := toWire(wi, keep)
	if err != nil {
		return nil, err
	}
	path := workspaceIntegrationPath(wi.ID)
	resp, err := c.do(ctx, request{
		method: http.MethodPut, path: path, query: url.Values{"env": {envOrDefault(wi.Environment)}},
		body: body, secrets: secretsOf(wi),
	})
	if err != nil {
		return nil, err
	}
	return decodeWorkspaceIntegration(http.MethodPut, path, resp)
}

// ReadWorkspaceIntegration reads the object id ([pattern] retrieve). When
// the service refuses the retrieve (404 or 405) and integrationType is
// known, the documented list decides: the object is read from there, or it
// is gone (IsNotFound). Without integrationType (an import by id) such a
// refusal is reported as IsOperationUnavailable, never as "not found".
func (c *Client) ReadWorkspaceIntegration(ctx context.Context, id, integrationType, env string) (*WorkspaceIntegration, error) {
	if id == "" {
		return nil, errors.New("workspace integration id is empty")
	}
	path := workspaceIntegrationPath(id)
	q := url.Values{}
	if env != "" {
		q.Set("env", env)
	}
	resp, err := c.do(ctx, request{method: http.MethodGet, path: path, query: q})
	if err == nil {
		return decodeWorkspaceIntegration(http.MethodGet, path, resp)
	}
	if !hasStatus(err, http.StatusNotFound, http.StatusMethodNotAllowed) {
		return nil, err
	}
	if integrationType == "" {
		return nil, markUnavailable(err, http.StatusNotFound, http.StatusMethodNotAllowed)
	}
	listed, listErr := c.FindWorkspaceIntegrations(ctx, integrationType, env)
	if listErr != nil {
		return nil, listErr
	}
	for i := range listed {
		if listed[i].ID == id {
			return &listed[i], nil
		}
	}
	return nil, fmt.Errorf("workspace integration %s (%s in %s) is in neither Unified.to's retrieve nor its list: %w", id, integrationType, envOrDefault(env), ErrNotFound)
}

// DeleteWorkspaceIntegration removes the object id ([pattern] remove). A
// 404 is checked against the documented list: when the object is still
// listed the service lacks the operation (IsOperationUnavailable);
// otherwise it is gone (IsNotFound), which a caller deleting may treat as
// success.
func (c *Client) DeleteWorkspaceIntegration(ctx context.Context, id, integrationType, env string) error {
	if id == "" {
		return errors.New("workspace integration id is empty")
	}
	_, err := c.do(ctx, request{method: http.MethodDelete, path: workspaceIntegrationPath(id), query: url.Values{"env": {envOrDefault(env)}}})
	switch {
	case err == nil:
		return nil
	case hasStatus(err, http.StatusMethodNotAllowed):
		return markUnavailable(err, http.StatusMethodNotAllowed)
	case !hasStatus(err, http.StatusNotFound):
		return err
	}
	listed, listErr := c.FindWorkspaceIntegrations(ctx, integrationType, env)
	if listErr != nil {
		return fmt.Errorf("%s; could not tell whether it is gone through the published list: %s", err.Error(), listErr.Error())
	}
	for _, wi := range listed {
		if wi.ID == id {
			return markUnavailable(err, http.StatusNotFound)
		}
	}
	return err // an *APIError 404, which satisfies IsNotFound
}

// secretsOf lists what a write of wi carries that must never be shown.
func secretsOf(wi WorkspaceIntegration) []string {
	if wi.ClientSecret == "" {
		return nil
	}
	return []string{wi.ClientSecret}
}

// toWire encodes wi for a write: the managed fields, the credentials, and
// keep (fields to send back unchanged). Fields the service derives or owns
// (id, workspace_id, timestamps, categories) are never sent.
func toWire(wi WorkspaceIntegration, keep map[string]json.RawMessage) ([]byte, error) {
	if wi.IntegrationType == "" {
		return nil, errors.New("integration type is empty")
	}
	raw, err := json.Marshal(wireObject{
		IntegrationType: wi.IntegrationType, IsActive: wi.IsActive, Environment: envOrDefault(wi.Environment),
		AuthType: wi.AuthType, UseUnifiedRedirect: wi.UseUnifiedRedirect, PromptRegion: wi.PromptRegion, Permissions: wi.Permissions,
	})
	if err != nil {
		return nil, fmt.Errorf("encoding workspace integration %q: %w", wi.IntegrationType, err)
	}
	obj := map[string]json.RawMessage{}
	if err := json.Unmarshal(raw, &obj); err != nil {
		return nil, err
	}
	for k, v := range keep {
		obj[k] = v
	}
	if err := encodeCredentials(obj, wi); err != nil {
		return nil, err
	}
	return json.Marshal(obj)
}

// fromWire decodes one object of an answer. It keeps the published vendor
// URL overrides for a later update, and nothing of the credentials but the
// client id and scope overrides.
func fromWire(obj map[string]json.RawMessage) (*WorkspaceIntegration, error) {
	raw, err := json.Marshal(obj)
	if err != nil {
		return nil, err
	}
	var w wireObject
	if err := json.Unmarshal(raw, &w); err != nil {
		return nil, err
	}
	wi := &WorkspaceIntegration{
		ID: w.ID, WorkspaceID: w.WorkspaceID, CreatedAt: w.CreatedAt, UpdatedAt: w.UpdatedAt, Categories: w.Categories,
		IntegrationType: w.IntegrationType, IsActive: w.IsActive, Environment: envOrDefault(w.Environment),
		AuthType: w.AuthType, UseUnifiedRedirect: w.UseUnifiedRedirect, PromptRegion: w.PromptRegion, Permissions: w.Permissions,
	}
	decodeCredentials(obj, wi)
	for _, k := range preservedFields {
		if v, ok := obj[k]; ok {
			if wi.preserved == nil {
				wi.preserved = map[string]json.RawMessage{}
			}
			wi.preserved[k] = v
		}
	}
	return wi, nil
}

// decodeWorkspaceIntegration reads a one-object answer. Its errors never
// quote the body.
func decodeWorkspaceIntegration(method, path string, resp *response) (*WorkspaceIntegration, error) {
	var obj map[string]json.RawMessage
	if err := decode(method, path, resp, &obj); err != nil {
		return nil, err
	}
	wi, err := fromWire(obj)
	if err != nil {
		return nil, fmt.Errorf("decoding Unified.to's answer to %s %s: %w", method, path, err)
	}
	return wi, nil
}
