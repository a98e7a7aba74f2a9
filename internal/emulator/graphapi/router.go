package graphapi

import (
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/emulator/emuhttp"
)

// call is one request being answered.
type call struct {
	s               *Server
	w               http.ResponseWriter
	r               *http.Request
	body            []byte // decompressed
	key             key    // the addressed object, when the route has one
	requestID       string
	clientRequestID string
}

// key addresses one object: by id, or by an alternate key (appId,
// uniqueName) as in applications(appId='…').
type key struct {
	name  string // "id", "appId" or "uniqueName"
	value string
}

// handlers are a route's methods.
type handlers map[string]func(*call)

// maxBody is Graph's request size limit (4 MB).
const maxBody = 4 << 20

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	c := &call{s: s, w: w, r: r, requestID: newGUID()}
	// Graph echoes the client's id, or repeats its own when there is none.
	c.clientRequestID = r.Header.Get("client-request-id")
	if c.clientRequestID == "" {
		c.clientRequestID = c.requestID
	}
	rest, ok := strings.CutPrefix(r.URL.EscapedPath(), "/v1.0/")
	if !ok {
		version, _, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
		c.fail(&apiError{status: http.StatusBadRequest, code: "BadRequest", message: "Invalid version: " + version})
		return
	}
	// Split before unescaping, so that a %2F inside a key stays in its segment.
	segs := strings.Split(strings.TrimSuffix(rest, "/"), "/")
	for i, seg := range segs {
		if u, err := url.PathUnescape(seg); err == nil {
			segs[i] = u
		}
	}
	pattern, hs, k, err := route(segs)
	if pattern != "" {
		emuhttp.SetRoute(r, pattern)
	}
	// Graph authenticates before it routes: a request without a token gets
	// a 401 whatever its path.
	if e := s.authenticate(r); e != nil {
		c.fail(e)
		return
	}
	if err != nil {
		c.fail(err)
		return
	}
	h, ok := hs[r.Method]
	if !ok {
		c.fail(errMethodNotAllowed())
		return
	}
	if c.body, err = readBody(r); err != nil {
		c.fail(err)
		return
	}
	c.key = k
	h(c)
}

// route maps path segments after /v1.0/ to a logged pattern, the handlers
// by method, and the addressed key.
func route(segs []string) (string, handlers, key, *apiError) {
	if len(segs) == 3 && segs[0] == "directory" && segs[1] == "deletedItems" {
		return "/v1.0/directory/deletedItems/{id}", handlers{"GET": (*call).getDeletedItem}, key{name: "id", value: segs[2]}, nil
	}
	name, k, hasKey, err := parseSegment(segs[0])
	if err != nil {
		return "", nil, key{}, err
	}
	rest := segs[1:]
	if !hasKey && len(rest) > 0 {
		k, hasKey, rest = key{name: "id", value: rest[0]}, true, rest[1:]
	}
	action := ""
	if len(rest) == 1 {
		action = unqualified(rest[0])
	}
	switch {
	case name == "applications" && !hasKey && len(rest) == 0:
		return "/v1.0/applications", handlers{"GET": (*call).listApplications, "POST": (*call).createApplication}, k, nil
	case name == "applications" && len(rest) == 0:
		return appPattern(k, ""), handlers{"GET": (*call).getApplication, "PATCH": (*call).patchApplication, "DELETE": (*call).deleteApplication}, k, nil
	case name == "applications" && action == "addPassword":
		return appPattern(k, "/addPassword"), handlers{"POST": (*call).addPassword}, k, nil
	case name == "applications" && action == "removePassword":
		return appPattern(k, "/removePassword"), handlers{"POST": (*call).removePassword}, k, nil
	case name == "applications" && len(rest) == 1 && rest[0] == "logo":
		return appPattern(k, "/logo"), handlers{"PUT": (*call).putLogo}, k, nil
	case name == "applications" && len(rest) == 1 && rest[0] == "passwordCredentials":
		return appPattern(k, "/passwordCredentials"), handlers{"GET": (*call).listPasswordCredentials}, k, nil
	case name == "servicePrincipals" && !hasKey && len(rest) == 0:
		return "/v1.0/servicePrincipals", handlers{"GET": (*call).listServicePrincipals, "POST": (*call).createServicePrincipal}, k, nil
	case name == "servicePrincipals" && len(rest) == 0 && k.name != "uniqueName":
		p := "/v1.0/servicePrincipals/{id}"
		if k.name == "appId" {
			p = "/v1.0/servicePrincipals(appId='{appId}')"
		}
		return p, handlers{"GET": (*call).getServicePrincipal, "DELETE": (*call).deleteServicePrincipal}, k, nil
	}
	last := segs[len(segs)-1]
	if len(rest) > 0 {
		last = rest[len(rest)-1]
	}
	return "", nil, key{}, errNoSegment(last)
}

func appPattern(k key, suffix string) string {
	switch k.name {
	case "appId":
		return "/v1.0/applications(appId='{appId}')" + suffix
	case "uniqueName":
		return "/v1.0/applications(uniqueName='{name}')" + suffix
	}
	return "/v1.0/applications/{id}" + suffix
}

// unqualified strips the namespace of an action segment: Graph accepts
// "microsoft.graph.x", its alias "graph.x" (msgraph-sdk-go's spelling) and
// plain "x".
func unqualified(seg string) string {
	if s, ok := strings.CutPrefix(seg, "microsoft.graph."); ok {
		return s
	}
	if s, ok := strings.CutPrefix(seg, "graph."); ok {
		return s
	}
	return seg
}

// parseSegment splits "applications(appId='x')" into its entity set and
// key. OData doubles a quote inside a key string.
func parseSegment(seg string) (name string, k key, hasKey bool, err *apiError) {
	open := strings.IndexByte(seg, '(')
	if open < 0 {
		return seg, key{}, false, nil
	}
	if !strings.HasSuffix(seg, ")") {
		return "", key{}, false, errNoSegment(seg)
	}
	name, inner := seg[:open], seg[open+1:len(seg)-1]
	prop, value, named := strings.Cut(inner, "=")
	if !named {
		prop, value = "id", inner
	}
	if len(value) < 2 || value[0] != '\'' || value[len(value)-1] != '\'' {
		return "", key{}, false, errBadRequest("Invalid key value: " + inner)
	}
	value = strings.ReplaceAll(value[1:len(value)-1], "''", "'")
	switch prop {
	case "id", "appId":
	case "uniqueName":
		if name != "applications" {
			return "", key{}, false, errBadRequest("Invalid alternate key: " + prop)
		}
	default:
		return "", key{}, false, errBadRequest("Invalid alternate key: " + prop)
	}
	return name, key{name: prop, value: value}, true, nil
}

// readBody reads the request body, undoing the gzip compression kiota's
// compression handler applies. Other encodings get 415, on which kiota
// resends the body uncompressed.
func readBody(r *http.Request) ([]byte, *apiError) {
	if r.Body == nil {
		return nil, nil
	}
	rd := io.LimitReader(r.Body, maxBody+1)
	switch enc := strings.ToLower(strings.TrimSpace(r.Header.Get("Content-Encoding"))); enc {
	case "", "identity":
	case "gzip":
		zr, err := gzip.NewReader(rd)
		if err != nil {
			return nil, errMalformedBody()
		}
		defer zr.Close()
		rd = io.LimitReader(zr, maxBody+1)
	default:
		return nil, &apiError{status: http.StatusUnsupportedMediaType, code: "UnsupportedMediaType", message: "Content-Encoding '" + enc + "' is not supported."}
	}
	body, err := io.ReadAll(rd)
	if err != nil {
		return nil, errMalformedBody()
	}
	if len(body) > maxBody {
		return nil, &apiError{status: http.StatusRequestEntityTooLarge, code: "Request_EntityTooLarge", message: "The request is too large."}
	}
	return body, nil
}

// authenticate checks the bearer token as Graph does before anything else.
func (s *Server) authenticate(r *http.Request) *apiError {
	h := strings.TrimSpace(r.Header.Get("Authorization"))
	token := ""
	if len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		token = strings.TrimSpace(h[7:])
	}
	if token == "" {
		return errUnauthorized("Access token is empty.")
	}
	if s.opts.TokenScope != nil {
		scope, ok := s.opts.TokenScope(token)
		switch {
		case !ok:
			return errUnauthorized("Access token validation failure.")
		case !graphAudience(scope, r.Host):
			return errUnauthorized("Access token validation failure. Invalid audience.")
		}
		return nil
	}
	if s.opts.Authorize != nil && !s.opts.Authorize(token) {
		return errUnauthorized("Access token validation failure. Invalid audience.")
	}
	return nil
}

// graphAudiences are the resources whose tokens Graph accepts: its hosts in
// every cloud and its client id (docs/design/graph-validation.md, "Tokens").
var graphAudiences = []string{
	"https://graph.microsoft.com", "https://graph.microsoft.us", "https://dod-graph.microsoft.us",
	"https://microsoftgraph.chinacloudapi.cn", MicrosoftGraphAppID,
}

// graphAudience reports whether a token issued for scope ("<resource>/.default")
// is for Graph: one of graphAudiences, or this emulator's own host, which
// stands in for Graph's.
func graphAudience(scope, host string) bool {
	resource := strings.TrimSuffix(strings.TrimSuffix(scope, "/.default"), "/")
	if strings.EqualFold(resource, "https://"+host) {
		return true
	}
	for _, a := range graphAudiences {
		if strings.EqualFold(resource, a) {
			return true
		}
	}
	return false
}

func (c *call) fail(e *apiError) {
	if e.status == http.StatusUnauthorized {
		c.w.Header().Set("WWW-Authenticate", `Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"`)
	}
	c.s.writeAPIError(c.w, e, c.requestID, c.clientRequestID)
}

// reply writes a JSON answer with Graph's headers; v is marshalled as is.
func (c *call) reply(status int, v any) {
	raw, err := json.Marshal(v)
	if err != nil {
		c.fail(&apiError{status: http.StatusInternalServerError, code: "generalException", message: err.Error()})
		return
	}
	h := c.w.Header()
	h.Set("Content-Type", "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8")
	h.Set("OData-Version", "4.0")
	h.Set("request-id", c.requestID)
	h.Set("client-request-id", c.clientRequestID)
	c.w.WriteHeader(status)
	_, _ = c.w.Write(raw)
}

func (c *call) noContent() {
	c.w.Header().Set("request-id", c.requestID)
	c.w.Header().Set("client-request-id", c.clientRequestID)
	c.w.WriteHeader(http.StatusNoContent)
}

// contextURL is the @odata.context of an answer, on the host that was asked.
func (c *call) contextURL(fragment string) string {
	return "https://" + c.r.Host + "/v1.0/$metadata#" + fragment
}
