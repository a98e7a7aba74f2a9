package entra

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"

	khttp "github.com/microsoft/kiota-http-go"
)

// gatewayAnswers turns an error answer whose body is not JSON (a gateway's
// or load balancer's text/html page, or nothing at all) into Graph's own
// error shape, naming the status and the content type. Without it kiota
// fails to parse the body ("content type text/html does not have a factory
// registered") and the error names no status, so it is neither retried nor
// understandable. The original body is dropped: it is a page, not an
// explanation. See docs/design/graph-retries.md.
type gatewayAnswers struct{}

func (gatewayAnswers) Intercept(pipeline khttp.Pipeline, index int, req *http.Request) (*http.Response, error) {
	resp, err := pipeline.Next(req, index)
	if err != nil || resp == nil || resp.StatusCode < 400 {
		return resp, err
	}
	mediaType, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	if mediaType == "application/json" && resp.ContentLength != 0 {
		return resp, nil
	}
	// Read a little to tell an empty body from a JSON one sent without the
	// header; Graph's own errors are always JSON with the header.
	head, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	_ = resp.Body.Close()
	if mediaType == "application/json" && len(bytes.TrimSpace(head)) > 0 {
		resp.Body = io.NopCloser(bytes.NewReader(head))
		return resp, nil
	}
	shown := mediaType
	if len(bytes.TrimSpace(head)) == 0 {
		shown = "an empty body"
	} else if shown == "" {
		shown = "a body without a content type"
	} else {
		shown = "a " + shown + " body"
	}
	msg := fmt.Sprintf("%d %s with %s (a gateway's answer, not Graph's)", resp.StatusCode, http.StatusText(resp.StatusCode), shown)
	body, _ := json.Marshal(map[string]any{"error": map[string]any{"code": "Gateway" + strconv.Itoa(resp.StatusCode), "message": msg}})
	resp.Body = io.NopCloser(bytes.NewReader(body))
	resp.ContentLength = int64(len(body))
	resp.Header.Set("Content-Type", "application/json")
	resp.Header.Set("Content-Length", strconv.Itoa(len(body)))
	return resp, nil
}
