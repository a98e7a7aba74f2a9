package graphapi

import (
	"encoding/json"
	"fmt"
	"mime"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"
)

// The consent screen's links (info, an informationalUrl) and the logo.
// docs/design/graph-applications.md, "Branding and consent".

// infoLinks are the writable properties of info; logoUrl is read-only.
var infoLinks = []string{"marketingUrl", "privacyStatementUrl", "supportUrl", "termsOfServiceUrl"}

// maxInfoLink is the longest link Entra ID takes (2048 characters).
const maxInfoLink = 2048

// applyInfo merges a PATCH of info into the application. A logoUrl in the
// body is accepted and ignored: Graph answers 204 to it and changes
// nothing (observed), which is why the logo has its own endpoint.
func applyInfo(app *Application, raw json.RawMessage) *apiError {
	info := app.info()
	if isNull(raw) {
		// Graph is not documented here: null clears the links, as for
		// any complex value; the logo stays, being read-only.
		for _, name := range infoLinks {
			info[name] = nil
		}
		app.setInfo(info)
		return nil
	}
	p, err := parseObject(raw)
	if err != nil {
		return err
	}
	if err := p.only(append([]string{"logoUrl"}, infoLinks...)...); err != nil {
		return err
	}
	for _, name := range infoLinks {
		v, ok := p[name]
		if !ok {
			continue
		}
		link, err := str(v, "info."+name, resApplication)
		if err != nil {
			return err
		}
		// Graph is not documented here: the portal takes http and https
		// links of at most 2048 characters, and the API is assumed to
		// refuse what the portal refuses.
		if link != nil && !validInfoLink(*link) {
			return errInvalidValue("info."+name, resApplication, fmt.Sprintf("%q is not an absolute http or https URL of at most %d characters", *link, maxInfoLink))
		}
		info[name] = link
	}
	app.setInfo(info)
	return nil
}

func validInfoLink(link string) bool {
	u, err := url.Parse(link)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" && utf8.RuneCountInString(link) <= maxInfoLink
}

// info returns the application's info by property name.
func (a *Application) info() map[string]*string {
	raw, ok := a.Other["info"]
	if !ok {
		raw = json.RawMessage(applicationDefaults["info"])
	}
	out := map[string]*string{}
	_ = json.Unmarshal(raw, &out)
	return out
}

func (a *Application) setInfo(info map[string]*string) {
	raw, _ := json.Marshal(info)
	if a.Other == nil {
		a.Other = map[string]json.RawMessage{}
	}
	a.Other["info"] = raw
}

// logoTypes are the image types the logo endpoint takes.
var logoTypes = []string{"image/png", "image/jpeg", "image/gif"}

// putLogo is PUT /applications/{id}/logo: the body is the image itself.
// Graph serves the image from a CDN and shows its address as info.logoUrl.
func (c *call) putLogo() {
	ct, _, _ := mime.ParseMediaType(c.r.Header.Get("Content-Type"))
	if !slices.Contains(logoTypes, ct) {
		// Graph is not documented here: the emulator takes only what the
		// facts name, so a client that sends octet-stream (msgraph-sdk-go's
		// default for streams) fails here.
		c.fail(errBadRequest(fmt.Sprintf("Content-Type '%s' is not a supported logo type; use one of %s.", ct, strings.Join(logoTypes, ", "))))
		return
	}
	if len(c.body) == 0 {
		c.fail(errBadRequest("The logo is empty."))
		return
	}
	s := c.s
	s.mu.Lock()
	defer s.mu.Unlock()
	rec, err := s.lookupApp(c.key, s.now())
	if err != nil {
		c.fail(err)
		return
	}
	rec.app.Logo, rec.app.LogoContentType = slices.Clone(c.body), ct
	info := rec.app.info()
	// Graph is not documented here: the URL changes with every upload,
	// so that a changed logo shows as a changed logoUrl.
	logoURL := "https://aadcdn.msftauthimages.net/" + s.opts.TenantID + "/appbranding/" + newGUID() + "/1/bannerlogo"
	info["logoUrl"] = &logoURL
	rec.app.setInfo(info)
	c.noContent()
}
