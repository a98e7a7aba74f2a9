package graphapi

import (
	"crypto/x509"
	"encoding/json"
	"slices"
	"sort"
	"strings"
	"time"
)

const resApplication = "Application"

// applyApplication applies a POST (creating) or PATCH body to app: the
// properties given change, the others stay; collections are replaced whole
// and complex values merge (OData PATCH semantics, which is why the azuread
// provider can PATCH web.redirectUris alone without losing web.homePageUrl).
// The result still has to pass validateApplication.
func applyApplication(app *Application, p props, creating bool, now time.Time) *apiError {
	names := make([]string, 0, len(p))
	for k := range p {
		names = append(names, k)
	}
	sort.Strings(names) // deterministic: the first bad property is always the same one
	current := app.graphJSON()
	for _, name := range names {
		raw := p[name]
		if !isApplicationProperty(name) {
			return errInvalidProperty(name)
		}
		if applicationIgnored[name] {
			continue
		}
		if applicationReadOnly[name] {
			if !unchanged(raw, current[name]) {
				return errReadOnly(name)
			}
			continue
		}
		if err := applyProperty(app, name, raw, now); err != nil {
			return err
		}
	}
	app.normalize()
	return nil
}

// unchanged reports whether a read-only property is sent with its current
// value; times compare as instants, whatever their precision.
func unchanged(sent, current json.RawMessage) bool {
	if sameJSON(sent, current) {
		return true
	}
	var a, b string
	if json.Unmarshal(sent, &a) != nil || json.Unmarshal(current, &b) != nil {
		return false
	}
	ta, ea := time.Parse(time.RFC3339Nano, a)
	tb, eb := time.Parse(time.RFC3339Nano, b)
	return ea == nil && eb == nil && ticks(ta).Equal(ticks(tb))
}

func applyProperty(app *Application, name string, raw json.RawMessage, now time.Time) *apiError {
	var err *apiError
	switch name {
	case "displayName":
		var v *string
		if v, err = str(raw, name, resApplication); v != nil {
			app.DisplayName = *v
		} else if err == nil {
			app.DisplayName = "" // null: refused by validation, as a missing name
		}
	case "description":
		app.Description, err = str(raw, name, resApplication)
	case "notes":
		app.Notes, err = str(raw, name, resApplication)
	case "signInAudience":
		var v *string
		if v, err = str(raw, name, resApplication); err == nil && v == nil {
			err = errInvalidValue(name, resApplication, "signInAudience cannot be null")
		} else if v != nil {
			app.SignInAudience = *v
		}
	case "uniqueName":
		app.UniqueName, err = str(raw, name, resApplication)
	case "tags":
		app.Tags, err = stringList(raw, name, resApplication)
	case "identifierUris":
		app.IdentifierURIs, err = stringList(raw, name, resApplication)
	case "web":
		err = applyWeb(&app.Web, raw)
	case "info":
		err = applyInfo(app, raw)
	case "requiredResourceAccess":
		app.RequiredResourceAccess, err = parseRequiredResourceAccess(raw)
	case "passwordCredentials":
		err = checkPasswordCredentials(app.PasswordCredentials, raw)
	case "keyCredentials":
		app.KeyCredentials, err = parseKeyCredentials(app.KeyCredentials, raw, now)
	default:
		if app.Other == nil {
			app.Other = map[string]json.RawMessage{}
		}
		old, ok := app.Other[name]
		if !ok {
			old = json.RawMessage(applicationDefaults[name])
		}
		app.Other[name] = mergeJSON(old, raw)
	}
	return err
}

func applyWeb(web *Web, raw json.RawMessage) *apiError {
	if isNull(raw) {
		*web = Web{}
		return nil
	}
	p, err := parseObject(raw)
	if err != nil {
		return err
	}
	if err := p.only("redirectUris", "redirectUriSettings", "homePageUrl", "logoutUrl", "implicitGrantSettings"); err != nil {
		return err
	}
	if v, ok := p["redirectUriSettings"]; ok {
		var settings []RedirectURISetting
		if isNull(v) || json.Unmarshal(v, &settings) != nil {
			return errInvalidValue("web.redirectUriSettings", resApplication, "expected a collection of {uri, index}")
		}
		web.RedirectURISettings = settings
		web.RedirectURIs = make([]string, len(settings))
		for i, s := range settings {
			web.RedirectURIs[i] = s.URI
		}
	}
	if v, ok := p["redirectUris"]; ok {
		if web.RedirectURIs, err = stringList(v, "web.redirectUris", resApplication); err != nil {
			return err
		}
	}
	if v, ok := p["homePageUrl"]; ok {
		if web.HomePageURL, err = str(v, "web.homePageUrl", resApplication); err != nil {
			return err
		}
	}
	if v, ok := p["logoutUrl"]; ok {
		if web.LogoutURL, err = str(v, "web.logoutUrl", resApplication); err != nil {
			return err
		}
	}
	if v, ok := p["implicitGrantSettings"]; ok {
		if isNull(v) {
			web.ImplicitGrantSettings = ImplicitGrantSettings{}
			return nil
		}
		ig, err := parseObject(v)
		if err != nil {
			return err
		}
		if err := ig.only("enableAccessTokenIssuance", "enableIdTokenIssuance"); err != nil {
			return err
		}
		if b, ok := ig["enableAccessTokenIssuance"]; ok {
			if web.ImplicitGrantSettings.EnableAccessTokenIssuance, err = boolean(b, "web.implicitGrantSettings.enableAccessTokenIssuance", resApplication); err != nil {
				return err
			}
		}
		if b, ok := ig["enableIdTokenIssuance"]; ok {
			if web.ImplicitGrantSettings.EnableIDTokenIssuance, err = boolean(b, "web.implicitGrantSettings.enableIdTokenIssuance", resApplication); err != nil {
				return err
			}
		}
	}
	return nil
}

func parseRequiredResourceAccess(raw json.RawMessage) ([]RequiredResourceAccess, *apiError) {
	var items []json.RawMessage
	if isNull(raw) || json.Unmarshal(raw, &items) != nil {
		return nil, errInvalidValue("requiredResourceAccess", resApplication, "expected a collection")
	}
	out := make([]RequiredResourceAccess, 0, len(items))
	for _, item := range items {
		p, err := parseObject(item)
		if err != nil {
			return nil, err
		}
		if err := p.only("resourceAppId", "resourceAccess"); err != nil {
			return nil, err
		}
		rra := RequiredResourceAccess{ResourceAccess: []ResourceAccess{}}
		if rra.ResourceAppID, err = guid(p["resourceAppId"], "resourceAppId", "RequiredResourceAccess"); err != nil {
			return nil, err
		}
		var accesses []json.RawMessage
		if v, ok := p["resourceAccess"]; ok && (isNull(v) || json.Unmarshal(v, &accesses) != nil) {
			return nil, errInvalidValue("resourceAccess", "RequiredResourceAccess", "expected a collection")
		}
		for _, a := range accesses {
			ap, err := parseObject(a)
			if err != nil {
				return nil, err
			}
			if err := ap.only("id", "type"); err != nil {
				return nil, err
			}
			ra := ResourceAccess{}
			if ra.ID, err = guid(ap["id"], "id", "ResourceAccess"); err != nil {
				return nil, err
			}
			t, err := str(ap["type"], "type", "ResourceAccess")
			if err != nil || t == nil || (*t != "Scope" && *t != "Role") {
				return nil, errInvalidValue("type", "ResourceAccess", `type must be "Scope" (delegated) or "Role" (application)`)
			}
			ra.Type = *t
			rra.ResourceAccess = append(rra.ResourceAccess, ra)
		}
		out = append(out, rra)
	}
	return out, nil
}

// checkPasswordCredentials accepts passwordCredentials in a body only when
// they are exactly the secrets the application has (a client PATCHing back
// what it read); adding or removing secrets takes addPassword and
// removePassword. The message is Graph's (observed).
func checkPasswordCredentials(current []PasswordCredential, raw json.RawMessage) *apiError {
	refuse := errBadRequest("New password credentials must be generated using service actions.")
	var items []struct {
		KeyID      *string `json:"keyId"`
		SecretText *string `json:"secretText"`
	}
	if isNull(raw) || json.Unmarshal(raw, &items) != nil {
		return errInvalidValue("passwordCredentials", resApplication, "expected a collection")
	}
	var sent, have []string
	for _, it := range items {
		if it.KeyID == nil || it.SecretText != nil {
			return refuse
		}
		sent = append(sent, strings.ToLower(*it.KeyID))
	}
	for _, pc := range current {
		have = append(have, pc.KeyID)
	}
	slices.Sort(sent)
	slices.Sort(have)
	if !slices.Equal(sent, have) {
		return refuse
	}
	return nil
}

// parseKeyCredentials reads certificate credentials, which unlike secrets
// are set by PATCH. Reads never return the key, so an entry with a known
// keyId and no key keeps the stored one.
func parseKeyCredentials(current []KeyCredential, raw json.RawMessage, now time.Time) ([]KeyCredential, *apiError) {
	const res = "KeyCredential"
	var items []json.RawMessage
	if isNull(raw) || json.Unmarshal(raw, &items) != nil {
		return nil, errInvalidValue("keyCredentials", resApplication, "expected a collection")
	}
	out := make([]KeyCredential, 0, len(items))
	for _, item := range items {
		p, err := parseObject(item)
		if err != nil {
			return nil, err
		}
		if err := p.only("customKeyIdentifier", "displayName", "endDateTime", "key", "keyId", "startDateTime", "type", "usage"); err != nil {
			return nil, err
		}
		k := KeyCredential{KeyID: newGUID()}
		if v, ok := p["keyId"]; ok && !isNull(v) {
			if k.KeyID, err = guid(v, "keyId", res); err != nil {
				return nil, err
			}
		}
		for _, old := range current {
			if old.KeyID == k.KeyID {
				k = old
			}
		}
		if k.CustomKeyIdentifier, err = binary(p["customKeyIdentifier"], "customKeyIdentifier", res); err != nil {
			return nil, err
		}
		if k.DisplayName, err = str(p["displayName"], "displayName", res); err != nil {
			return nil, err
		}
		if v, ok := p["key"]; ok && !isNull(v) {
			if k.Key, err = binary(v, "key", res); err != nil {
				return nil, err
			}
			if cert, perr := x509.ParseCertificate(k.Key); perr == nil {
				k.StartDateTime, k.EndDateTime = ticks(cert.NotBefore), ticks(cert.NotAfter)
			}
		}
		if len(k.Key) == 0 {
			return nil, errInvalidValue("key", res, "a new key credential needs its key")
		}
		for prop, dst := range map[string]*string{"type": &k.Type, "usage": &k.Usage} {
			if v, err := str(p[prop], prop, res); err != nil {
				return nil, err
			} else if v != nil {
				*dst = *v
			}
		}
		if k.Type == "" || k.Usage == "" {
			return nil, errInvalidValue("type", res, "type (AsymmetricX509Cert) and usage (Verify) are required")
		}
		if t, err := timestamp(p["startDateTime"], "startDateTime", res); err != nil {
			return nil, err
		} else if t != nil {
			k.StartDateTime = *t
		}
		if t, err := timestamp(p["endDateTime"], "endDateTime", res); err != nil {
			return nil, err
		} else if t != nil {
			k.EndDateTime = *t
		}
		if k.StartDateTime.IsZero() {
			k.StartDateTime = ticks(now)
		}
		if k.EndDateTime.IsZero() {
			k.EndDateTime = k.StartDateTime.AddDate(1, 0, 0)
		}
		out = append(out, k)
	}
	return out, nil
}
