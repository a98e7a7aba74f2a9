package unified

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"
)

// maxResponseBody bounds what the client reads of any answer.
const maxResponseBody = 16 << 20

// request is one call to the API. Its body is bytes, not a reader, so that
// every retry sends it again in full.
type request struct {
	method  string
	path    string // escaped, starting with "/"
	query   url.Values
	body    []byte   // JSON; nil for none
	secrets []string // values in body; an error answer to such a request keeps no body
	accept  string   // default application/json
	// once marks a request that must not be sent twice after the service
	// may have acted on it (a create): only 429, which is refused before any
	// work, is retried.
	once bool
}

// target is the path and query as errors show them.
func (r request) target() string {
	if len(r.query) == 0 {
		return r.path
	}
	return r.path + "?" + r.query.Encode()
}

// response is a successful answer, read whole.
type response struct {
	status int
	header http.Header
	body   []byte
}

// do sends req, retrying 429 and 5xx answers (see retry.go), and returns a
// 2xx answer or an error: an *APIError for any other status, or the
// transport's or context's error.
func (c *Client) do(ctx context.Context, req request) (*response, error) {
	scrub := newScrubber(c.token)
	start := c.now()
	for attempt := 0; ; attempt++ {
		resp, err := c.send(ctx, req)
		if err != nil {
			return nil, err
		}
		if resp.status >= 200 && resp.status < 300 {
			return resp, nil
		}
		apiErr := &APIError{Status: resp.status, Method: req.method, Path: req.target()}
		if len(req.secrets) > 0 {
			// Never read: the body of an answer to a request that carried a
			// secret may echo it in an encoding no scrubber knows.
			apiErr.Withheld = max(len(resp.body), 1)
		} else {
			apiErr.Body = errorBody(resp.body, resp.header.Get("Content-Type"), scrub)
		}
		if !retryableStatus(resp.status) || (req.once && resp.status != http.StatusTooManyRequests) {
			return nil, apiErr
		}
		wait, err := c.retryWait(ctx, start, attempt, resp.header, apiErr)
		if err != nil {
			return nil, err
		}
		if err := c.sleep(ctx, wait); err != nil {
			return nil, fmt.Errorf("%w (last answer: %w)", err, apiErr)
		}
	}
}

// send makes one HTTP exchange.
func (c *Client) send(ctx context.Context, req request) (*response, error) {
	// The base URL has no trailing slash and req.path is already escaped,
	// so plain concatenation keeps a custom domain's path prefix intact.
	target := c.base.String() + req.path
	if len(req.query) > 0 {
		target += "?" + req.query.Encode()
	}

	var body io.Reader
	if req.body != nil {
		body = bytes.NewReader(req.body)
	}
	httpReq, err := http.NewRequestWithContext(ctx, req.method, target, body)
	if err != nil {
		return nil, fmt.Errorf("building Unified.to request %s %s: %w", req.method, req.path, err)
	}
	if req.body != nil {
		httpReq.Header.Set("Content-Type", "application/json")
		// Lets net/http resend the body itself, e.g. after a redirect.
		httpReq.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(req.body)), nil }
	}
	accept := req.accept
	if accept == "" {
		accept = "application/json"
	}
	httpReq.Header.Set("Accept", accept)
	httpReq.Header.Set("Authorization", "Bearer "+c.token)
	httpReq.Header.Set("User-Agent", c.userAgent)

	start := c.now()
	httpResp, err := c.http.Do(httpReq)
	if err != nil {
		// *url.Error names the URL, which carries no secret: the token
		// travels in a header and bodies are not part of it.
		return nil, fmt.Errorf("calling Unified.to %s %s: %w", req.method, req.path, err)
	}
	defer httpResp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(httpResp.Body, maxResponseBody))
	if c.log != nil {
		c.log(ctx, req.method, req.path, httpResp.StatusCode, c.now().Sub(start))
	}
	if err != nil {
		return nil, fmt.Errorf("reading Unified.to's answer to %s %s: %w", req.method, req.path, err)
	}
	return &response{status: httpResp.StatusCode, header: httpResp.Header, body: raw}, nil
}

// getJSON sends a GET and decodes its JSON answer into out.
func (c *Client) getJSON(ctx context.Context, path string, query url.Values, out any) error {
	resp, err := c.do(ctx, request{method: http.MethodGet, path: path, query: query})
	if err != nil {
		return err
	}
	return decode(http.MethodGet, path, resp, out)
}

// decode reads a JSON answer. Its error never quotes the body: an answer a
// client cannot parse is not a reason to print what the server sent.
func decode(method, path string, resp *response, out any) error {
	if err := json.Unmarshal(resp.body, out); err != nil {
		return fmt.Errorf("decoding Unified.to's answer to %s %s (status %d, %d bytes): %w", method, path, resp.status, len(resp.body), err)
	}
	return nil
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
