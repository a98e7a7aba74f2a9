package graphapi

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"sort"
	"strings"
)

// OAuth2PermissionGrant is a delegated-permission grant: admin consent for
// every user (ConsentType "AllPrincipals") or one user's ("Principal").
// ClientID and ResourceID are service principal object ids.
type OAuth2PermissionGrant struct {
	ID          string  `json:"id"`
	ClientID    string  `json:"clientId"`
	ConsentType string  `json:"consentType"`
	PrincipalID *string `json:"principalId"`
	ResourceID  string  `json:"resourceId"`
	Scope       string  `json:"scope"`
}

var grantResource = resource{
	name: "OAuth2PermissionGrant", odataType: "microsoft.graph.oAuth2PermissionGrant", set: "oauth2PermissionGrants",
	filterable: map[string]bool{"id": true, "clientId": true, "consentType": true, "principalId": true, "resourceId": true},
	selectable: func(name string) bool {
		switch name {
		case "id", "clientId", "consentType", "principalId", "resourceId", "scope":
			return true
		}
		return false
	},
}

// GrantID is the id Graph gives a grant: base64url without padding of the
// client, resource (and, for one user's consent, principal) ids, each GUID
// in its little-endian byte order. So there is one grant per client,
// resource and principal, and a second POST conflicts.
func GrantID(clientID, resourceID, principalID string) string {
	var b []byte
	for _, g := range []string{clientID, resourceID, principalID} {
		if g != "" {
			b = append(b, guidBytes(g)...)
		}
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// guidBytes is .NET's Guid.ToByteArray: the first three groups little-endian.
func guidBytes(g string) []byte {
	b, _ := hex.DecodeString(strings.ReplaceAll(g, "-", ""))
	if len(b) != 16 {
		return make([]byte, 16)
	}
	b[0], b[1], b[2], b[3] = b[3], b[2], b[1], b[0]
	b[4], b[5] = b[5], b[4]
	b[6], b[7] = b[7], b[6]
	return b
}

func (c *call) createGrant() {
	const res = "OAuth2PermissionGrant"
	p, err := parseProps(c.body)
	if err == nil {
		err = p.only("clientId", "consentType", "principalId", "resourceId", "scope")
	}
	if err != nil {
		c.fail(err)
		return
	}
	g := OAuth2PermissionGrant{}
	if g.ClientID, err = guid(p["clientId"], "clientId", res); err != nil {
		c.fail(err)
		return
	}
	if g.ResourceID, err = guid(p["resourceId"], "resourceId", res); err != nil {
		c.fail(err)
		return
	}
	consent, err := str(p["consentType"], "consentType", res)
	if err != nil || consent == nil || (*consent != "AllPrincipals" && *consent != "Principal") {
		c.fail(errInvalidValue("consentType", res, `consentType must be "AllPrincipals" or "Principal"`))
		return
	}
	g.ConsentType = *consent
	principal := ""
	if v, ok := p["principalId"]; ok && !isNull(v) {
		if principal, err = guid(v, "principalId", res); err != nil {
			c.fail(err)
			return
		}
		g.PrincipalID = &principal
	}
	if (g.ConsentType == "Principal") != (principal != "") {
		c.fail(errInvalidValue("principalId", res, "principalId is required for consentType Principal and must be absent for AllPrincipals"))
		return
	}
	if scope, err := str(p["scope"], "scope", res); err != nil {
		c.fail(err)
		return
	} else if scope != nil {
		g.Scope = *scope
	}
	g.ID = GrantID(g.ClientID, g.ResourceID, principal)
	s := c.s
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	// Both ends must be service principals the directory can see; one
	// created moments ago with a replication lag is not there yet.
	for _, id := range []string{g.ClientID, g.ResourceID} {
		if rec := s.sps[id]; rec == nil || s.replicating(rec.created, now) {
			c.fail(errNotFound(id))
			return
		}
	}
	if _, dup := s.grants[g.ID]; dup {
		c.fail(errConflict("Permission entry already exists."))
		return
	}
	s.grants[g.ID] = &g
	c.replyEntity(http.StatusCreated, &query{}, grantResource.set, rendered(g))
}

func (c *call) listGrants() {
	q, err := parseQuery(c.r, grantResource)
	if err != nil {
		c.fail(err)
		return
	}
	grants := c.s.OAuth2PermissionGrants()
	var objs []map[string]json.RawMessage
	for _, g := range grants {
		if obj := rendered(g); q.matches(getterOf(obj)) {
			objs = append(objs, obj)
		}
	}
	c.replyList(q, grantResource.set, objs)
}

func (c *call) getGrant() {
	q, err := parseQuery(c.r, grantResource)
	if err != nil {
		c.fail(err)
		return
	}
	c.s.mu.Lock()
	g, ok := c.s.grants[c.key.value]
	var obj map[string]json.RawMessage
	if ok {
		obj = rendered(*g)
	}
	c.s.mu.Unlock()
	if !ok {
		c.fail(errNotFound(c.key.value))
		return
	}
	c.replyEntity(http.StatusOK, q, grantResource.set, obj)
}

// patchGrant changes a grant's scope; its ends and consent type are fixed.
func (c *call) patchGrant() {
	p, err := parseProps(c.body)
	if err == nil {
		err = p.only("clientId", "consentType", "principalId", "resourceId", "scope")
	}
	if err != nil {
		c.fail(err)
		return
	}
	c.s.mu.Lock()
	defer c.s.mu.Unlock()
	g, ok := c.s.grants[c.key.value]
	if !ok {
		c.fail(errNotFound(c.key.value))
		return
	}
	current := rendered(*g)
	for name, v := range p {
		if name != "scope" && !unchanged(v, current[name]) {
			c.fail(errReadOnly(name))
			return
		}
	}
	if v, ok := p["scope"]; ok {
		scope, err := str(v, "scope", "OAuth2PermissionGrant")
		if err != nil {
			c.fail(err)
			return
		}
		g.Scope = ""
		if scope != nil {
			g.Scope = *scope
		}
	}
	c.noContent()
}

func (c *call) deleteGrant() {
	c.s.mu.Lock()
	defer c.s.mu.Unlock()
	if _, ok := c.s.grants[c.key.value]; !ok {
		c.fail(errNotFound(c.key.value))
		return
	}
	delete(c.s.grants, c.key.value)
	c.noContent()
}

// OAuth2PermissionGrants returns copies of the tenant's grants, by id.
func (s *Server) OAuth2PermissionGrants() []OAuth2PermissionGrant {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]OAuth2PermissionGrant, 0, len(s.grants))
	for _, g := range s.grants {
		c := *g
		c.PrincipalID = clonePtr(g.PrincipalID)
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}
