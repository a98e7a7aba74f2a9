package graphapi

import (
	"bytes"
	"net/http"
	"strings"
	"testing"
)

var testPNG = "\x89PNG\r\n\x1a\n" + "not really an image, but the header is right"

// The consent screen's links are set by PATCH of info, merged field by
// field; a logoUrl in the body is accepted and changes nothing.
func TestInfoLinksPatchAndLogoURLIgnored(t *testing.T) {
	h := start(t)
	id := h.newApp(nil)["id"].(string)
	path := "/v1.0/applications/" + id
	h.do("PATCH", path, map[string]any{"info": map[string]any{
		"privacyStatementUrl": "https://acme.example/privacy", "termsOfServiceUrl": "https://acme.example/terms",
	}}).must(t, http.StatusNoContent)
	h.do("PATCH", path, map[string]any{"info": map[string]any{
		"supportUrl": "https://acme.example/support", "logoUrl": "https://evil.example/logo.png",
	}}).must(t, http.StatusNoContent)
	info := h.do("GET", path, nil).must(t, http.StatusOK).json(t)["info"].(map[string]any)
	want := map[string]any{"privacyStatementUrl": "https://acme.example/privacy", "termsOfServiceUrl": "https://acme.example/terms",
		"supportUrl": "https://acme.example/support", "marketingUrl": nil, "logoUrl": nil}
	for k, v := range want {
		if info[k] != v {
			t.Errorf("info.%s = %v, want %v", k, info[k], v)
		}
	}
	h.do("PATCH", path, map[string]any{"info": map[string]any{"supportUrl": nil}}).must(t, http.StatusNoContent)
	if got := h.do("GET", path, nil).json(t)["info"].(map[string]any)["supportUrl"]; got != nil {
		t.Errorf("supportUrl after null: %v", got)
	}

	for _, bad := range []map[string]any{
		{"marketingUrl": "ftp://acme.example/"},
		{"marketingUrl": "acme.example"},
		{"marketingUrl": "https://acme.example/" + strings.Repeat("a", maxInfoLink)},
		{"brandingUrl": "https://acme.example/"},
	} {
		h.do("PATCH", path, map[string]any{"info": bad}).must(t, http.StatusBadRequest)
	}
}

// The logo is PUT as image bytes with an image Content-Type; the object
// shows only a new CDN address for it.
func TestLogoUpload(t *testing.T) {
	h := start(t)
	id := h.newApp(nil)["id"].(string)
	put := func(body, contentType string) answer {
		return h.do("PUT", "/v1.0/applications/"+id+"/logo", body, "Content-Type", contentType)
	}
	put(testPNG, "image/png").must(t, http.StatusNoContent)
	first, _ := h.do("GET", "/v1.0/applications/"+id, nil).json(t)["info"].(map[string]any)["logoUrl"].(string)
	if !strings.HasPrefix(first, "https://") {
		t.Fatalf("logoUrl after upload: %q", first)
	}
	app, _ := h.srv.Application(id)
	if !bytes.Equal(app.Logo, []byte(testPNG)) || app.LogoContentType != "image/png" {
		t.Errorf("stored logo %q (%s)", app.Logo, app.LogoContentType)
	}
	put(testPNG, "image/png").must(t, http.StatusNoContent)
	if second := h.do("GET", "/v1.0/applications/"+id, nil).json(t)["info"].(map[string]any)["logoUrl"]; second == first {
		t.Error("logoUrl did not change with a new upload")
	}

	put(testPNG, "application/octet-stream").must(t, http.StatusBadRequest)
	put("", "image/png").must(t, http.StatusBadRequest)
	h.do("GET", "/v1.0/applications/"+id+"/logo", nil).must(t, http.StatusMethodNotAllowed)
	h.do("PUT", "/v1.0/applications/00000000-0000-0000-0000-00000000beef/logo", testPNG, "Content-Type", "image/png").must(t, http.StatusNotFound)
}
