package graphapi

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strings"
	"time"
)

// ServicePrincipal is an application's presence in this tenant; for an
// API, it lists the delegated scopes and app roles it offers.
type ServicePrincipal struct {
	ID                     string            `json:"id"`
	AppID                  string            `json:"appId"`
	DisplayName            string            `json:"displayName"`
	AppDisplayName         string            `json:"appDisplayName"`
	AppOwnerOrganizationID string            `json:"appOwnerOrganizationId"`
	AccountEnabled         bool              `json:"accountEnabled"`
	ServicePrincipalType   string            `json:"servicePrincipalType"`
	SignInAudience         string            `json:"signInAudience"`
	ServicePrincipalNames  []string          `json:"servicePrincipalNames"`
	Tags                   []string          `json:"tags"`
	OAuth2PermissionScopes []PermissionScope `json:"oauth2PermissionScopes"`
	AppRoles               []AppRole         `json:"appRoles"`
}

// PermissionScope is a delegated permission an API offers. Type is "User"
// (users may consent) or "Admin" (only administrators may).
type PermissionScope struct {
	ID                      string `json:"id"`
	Value                   string `json:"value"`
	Type                    string `json:"type"`
	IsEnabled               bool   `json:"isEnabled"`
	AdminConsentDisplayName string `json:"adminConsentDisplayName"`
	AdminConsentDescription string `json:"adminConsentDescription"`
	UserConsentDisplayName  string `json:"userConsentDisplayName"`
	UserConsentDescription  string `json:"userConsentDescription"`
}

// AppRole is an application permission when AllowedMemberTypes holds
// "Application".
type AppRole struct {
	ID                 string   `json:"id"`
	Value              string   `json:"value"`
	DisplayName        string   `json:"displayName"`
	Description        string   `json:"description"`
	AllowedMemberTypes []string `json:"allowedMemberTypes"`
	IsEnabled          bool     `json:"isEnabled"`
	Origin             string   `json:"origin"`
}

type spRecord struct {
	sp      ServicePrincipal
	created time.Time // zero for seeded ones
}

// spDefaults are the servicePrincipal properties the emulator does not
// model, as a GET shows them.
var spDefaults = map[string]string{
	"deletedDateTime": `null`, "addIns": `[]`, "alternativeNames": `[]`, "appDescription": `null`,
	"applicationTemplateId": `null`, "appRoleAssignmentRequired": `false`, "description": `null`,
	"disabledByMicrosoftStatus": `null`, "homepage": `null`, "keyCredentials": `[]`, "loginUrl": `null`,
	"logoutUrl": `null`, "notes": `null`, "notificationEmailAddresses": `[]`, "passwordCredentials": `[]`,
	"preferredSingleSignOnMode": `null`, "preferredTokenSigningKeyThumbprint": `null`, "replyUrls": `[]`,
	"resourceSpecificApplicationPermissions": `[]`, "samlSingleSignOnSettings": `null`, "tokenEncryptionKeyId": `null`,
	"info":              `{"logoUrl":null,"marketingUrl":null,"privacyStatementUrl":null,"supportUrl":null,"termsOfServiceUrl":null}`,
	"verifiedPublisher": `{"displayName":null,"verifiedPublisherId":null,"addedDateTime":null}`,
}

var spResource = resource{
	name: "ServicePrincipal", odataType: "microsoft.graph.servicePrincipal", set: "servicePrincipals",
	filterable: map[string]bool{"appId": true, "displayName": true, "id": true, "servicePrincipalType": true, "appOwnerOrganizationId": true},
	selectable: func(name string) bool {
		_, ok := spDefaults[name]
		return ok || name == "customSecurityAttributes" || slices.Contains(spTyped, name)
	},
}

var spTyped = []string{"id", "appId", "displayName", "appDisplayName", "appOwnerOrganizationId", "accountEnabled",
	"servicePrincipalType", "signInAudience", "servicePrincipalNames", "tags", "oauth2PermissionScopes", "appRoles"}

func (sp ServicePrincipal) graphJSON() map[string]json.RawMessage {
	out := rendered(sp)
	for k, v := range spDefaults {
		out[k] = json.RawMessage(v)
	}
	return out
}

func (sp ServicePrincipal) clone() ServicePrincipal {
	c := sp
	c.ServicePrincipalNames = slices.Clone(sp.ServicePrincipalNames)
	c.Tags = slices.Clone(sp.Tags)
	c.OAuth2PermissionScopes = slices.Clone(sp.OAuth2PermissionScopes)
	c.AppRoles = make([]AppRole, len(sp.AppRoles))
	for i, r := range sp.AppRoles {
		r.AllowedMemberTypes = slices.Clone(r.AllowedMemberTypes)
		c.AppRoles[i] = r
	}
	return c
}

// normalize keeps collections non-null, as Graph renders them.
func (sp *ServicePrincipal) normalize() {
	for _, p := range []*[]string{&sp.ServicePrincipalNames, &sp.Tags} {
		if *p == nil {
			*p = []string{}
		}
	}
	if sp.OAuth2PermissionScopes == nil {
		sp.OAuth2PermissionScopes = []PermissionScope{}
	}
	if sp.AppRoles == nil {
		sp.AppRoles = []AppRole{}
	}
}

// findSP returns the service principal k addresses. Callers hold s.mu.
func (s *Server) findSP(k key) *spRecord {
	if k.name == "id" {
		return s.sps[strings.ToLower(k.value)]
	}
	for _, rec := range s.sps {
		if strings.EqualFold(rec.sp.AppID, k.value) {
			return rec
		}
	}
	return nil
}

func (c *call) listServicePrincipals() {
	q, err := parseQuery(c.r, spResource)
	if err != nil {
		c.fail(err)
		return
	}
	s := c.s
	s.mu.Lock()
	now := s.now()
	recs := make([]*spRecord, 0, len(s.sps))
	for _, rec := range s.sps {
		if !s.replicating(rec.created, now) {
			recs = append(recs, rec)
		}
	}
	s.mu.Unlock()
	sort.Slice(recs, func(i, j int) bool { return recs[i].sp.ID < recs[j].sp.ID })
	var objs []map[string]json.RawMessage
	for _, rec := range recs {
		if obj := rec.sp.graphJSON(); q.matches(getterOf(obj)) {
			objs = append(objs, obj)
		}
	}
	c.replyList(q, spResource.set, objs)
}

func (c *call) getServicePrincipal() {
	q, err := parseQuery(c.r, spResource)
	if err != nil {
		c.fail(err)
		return
	}
	if c.key.name == "id" && !isGUID(c.key.value) {
		c.fail(errInvalidObjectID(c.key.value))
		return
	}
	s := c.s
	s.mu.Lock()
	rec := s.findSP(c.key)
	var obj map[string]json.RawMessage
	if rec != nil && !s.replicating(rec.created, s.now()) {
		obj = rec.sp.graphJSON()
	}
	s.mu.Unlock()
	if obj == nil {
		c.fail(errNotFound(c.key.value))
		return
	}
	c.replyEntity(http.StatusOK, q, spResource.set, obj)
}

// createServicePrincipal is POST /servicePrincipals {"appId"}: for an
// application of this tenant, or for a first-party API the tenant lacks.
func (c *call) createServicePrincipal() {
	p, err := parseProps(c.body)
	if err != nil {
		c.fail(err)
		return
	}
	for name := range p {
		if !spResource.selectable(name) || name == "id" {
			c.fail(errInvalidProperty(name))
			return
		}
	}
	appIDp, err := str(p["appId"], "appId", "ServicePrincipal")
	if err != nil || appIDp == nil || *appIDp == "" {
		c.fail(errInvalidValue("appId", "ServicePrincipal", "appId is required"))
		return
	}
	appID := strings.ToLower(*appIDp)
	s := c.s
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	if s.findSP(key{name: "appId", value: appID}) != nil {
		c.fail(errConflict(fmt.Sprintf("The service principal name %s is already in use.", appID)))
		return
	}
	var sp ServicePrincipal
	if rec := s.findApp(key{name: "appId", value: appID}); rec != nil {
		if s.replicating(rec.created, now) {
			c.fail(errAppNotValidForSP(appID))
			return
		}
		sp = s.spForApplication(rec.app)
	} else if tmpl, ok := s.catalog[appID]; ok {
		sp = tmpl.clone()
	} else {
		c.fail(errAppNotValidForSP(appID))
		return
	}
	sp.ID = newGUID()
	sp.normalize()
	s.sps[sp.ID] = &spRecord{sp: sp, created: now}
	c.replyEntity(http.StatusCreated, &query{}, spResource.set, sp.graphJSON())
}

// spForApplication derives the service principal of one of the tenant's
// own applications, with the scopes and roles its api and appRoles define.
func (s *Server) spForApplication(app Application) ServicePrincipal {
	sp := ServicePrincipal{
		AppID: app.AppID, DisplayName: app.DisplayName, AppDisplayName: app.DisplayName,
		AppOwnerOrganizationID: s.opts.TenantID, AccountEnabled: true, ServicePrincipalType: "Application",
		SignInAudience: app.SignInAudience, ServicePrincipalNames: []string{app.AppID}, Tags: []string{},
	}
	var api struct {
		Scopes []PermissionScope `json:"oauth2PermissionScopes"`
	}
	if raw, ok := app.Other["api"]; ok {
		_ = json.Unmarshal(raw, &api)
	}
	sp.OAuth2PermissionScopes = api.Scopes
	if raw, ok := app.Other["appRoles"]; ok {
		_ = json.Unmarshal(raw, &sp.AppRoles)
	}
	return sp
}

func (c *call) deleteServicePrincipal() {
	if c.key.name == "id" && !isGUID(c.key.value) {
		c.fail(errInvalidObjectID(c.key.value))
		return
	}
	s := c.s
	s.mu.Lock()
	defer s.mu.Unlock()
	rec := s.findSP(c.key)
	if rec == nil || s.replicating(rec.created, s.now()) {
		c.fail(errNotFound(c.key.value))
		return
	}
	delete(s.sps, rec.sp.ID)
	c.noContent()
}
