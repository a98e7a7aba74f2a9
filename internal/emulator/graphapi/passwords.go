package graphapi

import (
	"crypto/rand"
	"fmt"
	"math/big"
	"net/http"
	"strings"
	"time"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/emulator/emuhttp"
)

// secretAlphabet is what Entra's client secrets are made of.
const secretAlphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_~.-"

// defaultSecretYears is addPassword's default lifetime: end = start + 2 years.
const defaultSecretYears = 2

// newSecret returns a secret in the current format (observed): three
// characters, "8Q~", then 34 more; 40 in all.
func newSecret() string {
	var b strings.Builder
	pick := func(n int) {
		for range n {
			i, _ := rand.Int(rand.Reader, big.NewInt(int64(len(secretAlphabet))))
			b.WriteByte(secretAlphabet[i.Int64()])
		}
	}
	pick(3)
	b.WriteString("8Q~")
	pick(34)
	return b.String()
}

// view is the application as a read sees it: with a secret lag, secrets
// added less than the lag ago are not there yet and secrets removed less
// than the lag ago still are. Callers hold s.mu.
func (s *Server) view(rec *appRecord, now time.Time) Application {
	app := rec.app.clone()
	lag := s.knobs.secretLag
	if lag <= 0 {
		rec.removed = nil
		return app
	}
	visible := app.PasswordCredentials[:0]
	for _, pc := range app.PasswordCredentials {
		if !now.Before(rec.added[pc.KeyID].Add(lag)) {
			visible = append(visible, pc)
		}
	}
	kept := rec.removed[:0]
	for _, r := range rec.removed {
		if now.Before(r.at.Add(lag)) {
			kept = append(kept, r)
			visible = append(visible, r.cred)
		}
	}
	rec.removed = kept
	app.PasswordCredentials = visible
	return app
}

// listPasswordCredentials is GET applications/{id}/passwordCredentials: the
// property on its own, as reads see it (secret lag included).
func (c *call) listPasswordCredentials() {
	s := c.s
	s.mu.Lock()
	now := s.now()
	rec, err := s.lookupApp(c.key, now)
	var creds []PasswordCredential
	var id string
	if err == nil {
		creds, id = s.view(rec, now).PasswordCredentials, rec.app.ID
	}
	s.mu.Unlock()
	if err != nil {
		c.fail(err)
		return
	}
	c.reply(http.StatusOK, map[string]any{
		"@odata.context": c.contextURL("applications('" + id + "')/passwordCredentials"),
		"value":          creds,
	})
}

// addPassword is POST applications/{id}/addPassword. The secret text is in
// this answer only; the emulator keeps its hint and a hash to verify it
// (SecretKeyID), never the text.
func (c *call) addPassword() {
	p, err := parseProps(c.body)
	if err != nil {
		c.fail(err)
		return
	}
	if err := p.only("passwordCredential"); err != nil {
		c.fail(err)
		return
	}
	in := props{}
	if raw, ok := p["passwordCredential"]; ok && !isNull(raw) {
		if in, err = parseObject(raw); err != nil {
			c.fail(err)
			return
		}
	}
	// keyId, hint and secretText are the service's to choose: accepted, ignored.
	if err := in.only("customKeyIdentifier", "displayName", "endDateTime", "hint", "keyId", "secretText", "startDateTime"); err != nil {
		c.fail(err)
		return
	}
	s := c.s
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	rec, err := s.lookupApp(c.key, now)
	if err != nil {
		c.fail(err)
		return
	}
	pc, err := s.newPasswordCredential(in, now)
	if err != nil {
		c.fail(err)
		return
	}
	secret := newSecret()
	pc.Hint = secret[:3]
	rec.app.PasswordCredentials = append(rec.app.PasswordCredentials, pc)
	rec.added[pc.KeyID] = now
	s.rememberSecret(secret, pc.KeyID)
	emuhttp.SetNote(c.r, "keyId="+pc.KeyID)
	out := pc.wire(&secret)
	out["@odata.context"] = c.contextURL("microsoft.graph.passwordCredential")
	c.reply(http.StatusOK, out)
}

// newPasswordCredential applies addPassword's defaults and the tenant's
// lifetime policy. Callers hold s.mu.
func (s *Server) newPasswordCredential(in props, now time.Time) (PasswordCredential, *apiError) {
	const res = "PasswordCredential"
	pc := PasswordCredential{KeyID: newGUID(), StartDateTime: ticks(now)}
	var err *apiError
	if pc.DisplayName, err = str(in["displayName"], "displayName", res); err != nil {
		return pc, err
	}
	if pc.CustomKeyIdentifier, err = binary(in["customKeyIdentifier"], "customKeyIdentifier", res); err != nil {
		return pc, err
	}
	start, err := timestamp(in["startDateTime"], "startDateTime", res)
	if err != nil {
		return pc, err
	}
	if start != nil {
		pc.StartDateTime = *start
	}
	end, err := timestamp(in["endDateTime"], "endDateTime", res)
	if err != nil {
		return pc, err
	}
	pc.EndDateTime = pc.StartDateTime.AddDate(defaultSecretYears, 0, 0)
	if end != nil {
		pc.EndDateTime = *end
	}
	if !pc.EndDateTime.After(pc.StartDateTime) {
		return pc, errInvalidValue("endDateTime", res, "endDateTime must be later than startDateTime")
	}
	if max := s.knobs.policyMax; max > 0 && pc.EndDateTime.Sub(pc.StartDateTime) > max {
		msg := fmt.Sprintf("Credential lifetime exceeds the max value allowed as per assigned policy '%s'.", s.knobs.policyName)
		return pc, &apiError{status: http.StatusBadRequest, code: "CredentialInvalidLifetimeAsPerAppPolicy", message: msg,
			details: []errorDetail{{Code: "InvalidKeyEndDate", Message: msg, Target: "EndDate"}}}
	}
	return pc, nil
}

// removePassword is POST applications/{id}/removePassword.
//
// Graph is not documented here for a keyId the application does not have.
// The emulator answers 400 Request_BadRequest "No password credential found
// with keyId '…'." rather than 404, because a 404 from this endpoint must
// keep meaning "the application is missing or not replicated yet" for the
// client's retry logic; internal/entra recognises this answer as "already
// removed".
func (c *call) removePassword() {
	p, err := parseProps(c.body)
	if err != nil {
		c.fail(err)
		return
	}
	if err := p.only("keyId"); err != nil {
		c.fail(err)
		return
	}
	keyID, err := guid(p["keyId"], "keyId", "removePassword")
	if err != nil {
		c.fail(err)
		return
	}
	emuhttp.SetNote(c.r, "keyId="+keyID)
	s := c.s
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	rec, err := s.lookupApp(c.key, now)
	if err != nil {
		c.fail(err)
		return
	}
	for i, pc := range rec.app.PasswordCredentials {
		if pc.KeyID == keyID {
			rec.app.PasswordCredentials = append(rec.app.PasswordCredentials[:i], rec.app.PasswordCredentials[i+1:]...)
			delete(rec.added, keyID)
			if s.knobs.secretLag > 0 {
				rec.removed = append(rec.removed, removedSecret{cred: pc, at: now})
			}
			c.noContent()
			return
		}
	}
	c.fail(errBadRequest(fmt.Sprintf("No password credential found with keyId '%s'.", keyID)))
}
