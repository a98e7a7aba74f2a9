package graphapi

import (
	"encoding/json"
	"slices"
	"strings"
	"time"
)

// Application is an app registration as Graph holds it. Field names follow
// Graph's property names; properties the emulator does not interpret (api,
// spa, publicClient, info, optionalClaims, ...) are kept verbatim in Other.
type Application struct {
	ID                     string                   `json:"id"`    // object id
	AppID                  string                   `json:"appId"` // client id
	CreatedDateTime        time.Time                `json:"createdDateTime"`
	DeletedDateTime        *time.Time               `json:"deletedDateTime"`
	DisplayName            string                   `json:"displayName"`
	Description            *string                  `json:"description"`
	Notes                  *string                  `json:"notes"`
	SignInAudience         string                   `json:"signInAudience"`
	Tags                   []string                 `json:"tags"`
	UniqueName             *string                  `json:"uniqueName"`
	PublisherDomain        string                   `json:"publisherDomain"`
	IdentifierURIs         []string                 `json:"identifierUris"`
	Web                    Web                      `json:"web"`
	RequiredResourceAccess []RequiredResourceAccess `json:"requiredResourceAccess"`
	PasswordCredentials    []PasswordCredential     `json:"passwordCredentials"`
	KeyCredentials         []KeyCredential          `json:"keyCredentials"`
	// Logo is the image last uploaded by PUT …/logo; Graph shows only its
	// CDN address (info.logoUrl), never the bytes in the object.
	Logo            []byte `json:"-"`
	LogoContentType string `json:"-"`
	// Other holds the remaining writable properties as last written through
	// the API, by property name; absent ones read as Graph's defaults.
	Other map[string]json.RawMessage `json:"-"`
}

// Web is the application's Web platform settings.
type Web struct {
	RedirectURIs          []string              `json:"redirectUris"`
	RedirectURISettings   []RedirectURISetting  `json:"redirectUriSettings"`
	HomePageURL           *string               `json:"homePageUrl"`
	LogoutURL             *string               `json:"logoutUrl"`
	ImplicitGrantSettings ImplicitGrantSettings `json:"implicitGrantSettings"`
}

// RedirectURISetting mirrors one redirect URI with its optional index.
// Graph keeps this list in step with redirectUris.
type RedirectURISetting struct {
	URI   string `json:"uri"`
	Index *int32 `json:"index"`
}

// ImplicitGrantSettings says which tokens the implicit flow may issue.
type ImplicitGrantSettings struct {
	EnableAccessTokenIssuance bool `json:"enableAccessTokenIssuance"`
	EnableIDTokenIssuance     bool `json:"enableIdTokenIssuance"`
}

// RequiredResourceAccess is one API's entry in requiredResourceAccess.
type RequiredResourceAccess struct {
	ResourceAppID  string           `json:"resourceAppId"`
	ResourceAccess []ResourceAccess `json:"resourceAccess"`
}

// ResourceAccess is one requested permission: Type "Scope" (delegated) or
// "Role" (application).
type ResourceAccess struct {
	ID   string `json:"id"`
	Type string `json:"type"`
}

// PasswordCredential is a client secret. The emulator never keeps the
// secret text: it exists only in the addPassword answer, as in Graph.
type PasswordCredential struct {
	CustomKeyIdentifier []byte
	DisplayName         *string
	StartDateTime       time.Time
	EndDateTime         time.Time
	Hint                string
	KeyID               string
}

// KeyCredential is a certificate credential. Graph never returns the key.
type KeyCredential struct {
	CustomKeyIdentifier []byte
	DisplayName         *string
	StartDateTime       time.Time
	EndDateTime         time.Time
	Key                 []byte
	KeyID               string
	Type                string
	Usage               string
}

// graphTime renders a time as Graph does: UTC with 7 fractional digits.
func graphTime(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05.0000000Z")
}

// ticks truncates t to Graph's resolution (100ns, .NET ticks), so that what
// the emulator stores is exactly what it renders.
func ticks(t time.Time) time.Time { return t.UTC().Truncate(100 * time.Nanosecond) }

// MarshalJSON renders the credential as reads show it: secretText null.
func (p PasswordCredential) MarshalJSON() ([]byte, error) {
	return json.Marshal(p.wire(nil))
}

func (p PasswordCredential) wire(secretText *string) map[string]any {
	return map[string]any{
		"customKeyIdentifier": nullableBytes(p.CustomKeyIdentifier),
		"displayName":         p.DisplayName,
		"endDateTime":         graphTime(p.EndDateTime),
		"hint":                p.Hint,
		"keyId":               p.KeyID,
		"secretText":          secretText,
		"startDateTime":       graphTime(p.StartDateTime),
	}
}

// MarshalJSON renders the credential as reads show it: key null.
func (k KeyCredential) MarshalJSON() ([]byte, error) {
	return json.Marshal(map[string]any{
		"customKeyIdentifier": nullableBytes(k.CustomKeyIdentifier),
		"displayName":         k.DisplayName,
		"endDateTime":         graphTime(k.EndDateTime),
		"key":                 nil,
		"keyId":               k.KeyID,
		"startDateTime":       graphTime(k.StartDateTime),
		"type":                k.Type,
		"usage":               k.Usage,
	})
}

func nullableBytes(b []byte) any {
	if b == nil {
		return nil
	}
	return b // encoding/json writes base64, as Graph does for Edm.Binary
}

// MarshalJSON renders the whole object as GET /applications/{id} does,
// every property present, defaults included.
func (a Application) MarshalJSON() ([]byte, error) {
	return json.Marshal(a.graphJSON())
}

// graphJSON is the application's full representation by property name.
func (a Application) graphJSON() map[string]json.RawMessage {
	a = a.clone() // normalize must not touch arrays shared with the store
	a.normalize()
	out := map[string]json.RawMessage{}
	for name, raw := range applicationDefaults {
		out[name] = json.RawMessage(raw)
	}
	for name, raw := range a.Other {
		out[name] = raw
	}
	var deleted any
	if a.DeletedDateTime != nil {
		deleted = graphTime(*a.DeletedDateTime)
	}
	typed := map[string]any{
		"id":                     a.ID,
		"appId":                  a.AppID,
		"createdDateTime":        graphTime(a.CreatedDateTime),
		"deletedDateTime":        deleted,
		"displayName":            a.DisplayName,
		"description":            a.Description,
		"notes":                  a.Notes,
		"signInAudience":         a.SignInAudience,
		"tags":                   a.Tags,
		"uniqueName":             a.UniqueName,
		"publisherDomain":        a.PublisherDomain,
		"identifierUris":         a.IdentifierURIs,
		"web":                    a.Web,
		"requiredResourceAccess": a.RequiredResourceAccess,
		"passwordCredentials":    a.PasswordCredentials,
		"keyCredentials":         a.KeyCredentials,
	}
	for name, v := range typed {
		raw, err := json.Marshal(v)
		if err != nil {
			panic("graphapi: rendering " + name + ": " + err.Error()) // only our own types: cannot happen
		}
		out[name] = raw
	}
	return out
}

// normalize restores the invariants Graph keeps whatever was written:
// non-nullable collections are [] rather than null, and redirectUriSettings
// lists exactly the redirect URIs, in order, keeping known indexes.
func (a *Application) normalize() {
	if a.Tags == nil {
		a.Tags = []string{}
	}
	if a.IdentifierURIs == nil {
		a.IdentifierURIs = []string{}
	}
	if a.RequiredResourceAccess == nil {
		a.RequiredResourceAccess = []RequiredResourceAccess{}
	}
	for i := range a.RequiredResourceAccess {
		if a.RequiredResourceAccess[i].ResourceAccess == nil {
			a.RequiredResourceAccess[i].ResourceAccess = []ResourceAccess{}
		}
	}
	if a.PasswordCredentials == nil {
		a.PasswordCredentials = []PasswordCredential{}
	}
	if a.KeyCredentials == nil {
		a.KeyCredentials = []KeyCredential{}
	}
	if a.Web.RedirectURIs == nil {
		a.Web.RedirectURIs = []string{}
	}
	settings := make([]RedirectURISetting, 0, len(a.Web.RedirectURIs))
	for _, uri := range a.Web.RedirectURIs {
		s := RedirectURISetting{URI: uri}
		for _, old := range a.Web.RedirectURISettings {
			if old.URI == uri {
				s.Index = old.Index
				break
			}
		}
		settings = append(settings, s)
	}
	a.Web.RedirectURISettings = settings
}

// clone is a deep copy, so that nothing handed out aliases the store.
func (a Application) clone() Application {
	c := a
	c.Tags = slices.Clone(a.Tags)
	c.IdentifierURIs = slices.Clone(a.IdentifierURIs)
	c.Logo = slices.Clone(a.Logo)
	c.Description = clonePtr(a.Description)
	c.Notes = clonePtr(a.Notes)
	c.UniqueName = clonePtr(a.UniqueName)
	c.DeletedDateTime = clonePtr(a.DeletedDateTime)
	c.Web.RedirectURIs = slices.Clone(a.Web.RedirectURIs)
	c.Web.HomePageURL = clonePtr(a.Web.HomePageURL)
	c.Web.LogoutURL = clonePtr(a.Web.LogoutURL)
	c.Web.RedirectURISettings = make([]RedirectURISetting, len(a.Web.RedirectURISettings))
	for i, s := range a.Web.RedirectURISettings {
		c.Web.RedirectURISettings[i] = RedirectURISetting{URI: s.URI, Index: clonePtr(s.Index)}
	}
	c.RequiredResourceAccess = make([]RequiredResourceAccess, len(a.RequiredResourceAccess))
	for i, r := range a.RequiredResourceAccess {
		c.RequiredResourceAccess[i] = RequiredResourceAccess{ResourceAppID: r.ResourceAppID, ResourceAccess: slices.Clone(r.ResourceAccess)}
	}
	c.PasswordCredentials = make([]PasswordCredential, len(a.PasswordCredentials))
	for i, p := range a.PasswordCredentials {
		p.CustomKeyIdentifier = slices.Clone(p.CustomKeyIdentifier)
		p.DisplayName = clonePtr(p.DisplayName)
		c.PasswordCredentials[i] = p
	}
	c.KeyCredentials = make([]KeyCredential, len(a.KeyCredentials))
	for i, k := range a.KeyCredentials {
		k.CustomKeyIdentifier = slices.Clone(k.CustomKeyIdentifier)
		k.Key = slices.Clone(k.Key)
		k.DisplayName = clonePtr(k.DisplayName)
		c.KeyCredentials[i] = k
	}
	if a.Other != nil {
		c.Other = make(map[string]json.RawMessage, len(a.Other))
		for k, v := range a.Other {
			c.Other[k] = slices.Clone(v)
		}
	}
	return c
}

func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

// uniqueNameIs reports whether the application's uniqueName is name
// (alternate keys compare case-insensitively, as directory strings do).
func (a *Application) uniqueNameIs(name string) bool {
	return a.UniqueName != nil && strings.EqualFold(*a.UniqueName, name)
}
