package graphapi

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/microsoftgraph/msgraph-sdk-go/applications"
	"github.com/microsoftgraph/msgraph-sdk-go/models"
)

var secretFormat = regexp.MustCompile(`^[A-Za-z0-9_~.-]{3}8Q~[A-Za-z0-9_~.-]{34}$`)

func (h *harness) addPassword(id string, cred models.PasswordCredentialable) (models.PasswordCredentialable, error) {
	body := applications.NewItemAddPasswordPostRequestBody()
	if cred != nil {
		body.SetPasswordCredential(cred)
	}
	return h.graph.Applications().ByApplicationId(id).AddPassword().Post(ctx(), body, nil)
}

func (h *harness) removePassword(id, keyID string) error {
	k := uuid.MustParse(keyID)
	body := applications.NewItemRemovePasswordPostRequestBody()
	body.SetKeyId(&k)
	return h.graph.Applications().ByApplicationId(id).RemovePassword().Post(ctx(), body, nil)
}

// visibleKeys lists the keyIds a GET of the application shows.
func (h *harness) visibleKeys(id string) []string {
	h.t.Helper()
	app, err := h.graph.Applications().ByApplicationId(id).Get(ctx(), nil)
	if err != nil {
		h.t.Fatal(err)
	}
	var keys []string
	for _, pc := range app.GetPasswordCredentials() {
		keys = append(keys, pc.GetKeyId().String())
	}
	return keys
}

// addPassword with no body: Graph's defaults, the secret format, the hint,
// and the secret text in this answer only.
func TestAddPasswordDefaultsAndSecretOnlyOnce(t *testing.T) {
	h := start(t)
	id := h.newApp(nil)["id"].(string)
	h.log.Reset()
	pc, err := h.addPassword(id, nil)
	if err != nil {
		t.Fatal(err)
	}
	secret, keyID := *pc.GetSecretText(), pc.GetKeyId().String()
	if len(secret) != 40 || !secretFormat.MatchString(secret) {
		t.Errorf("secret %q does not have the 40-character xxx8Q~… format", secret)
	}
	if *pc.GetHint() != secret[:3] {
		t.Errorf("hint %q, want the secret's first 3 characters", *pc.GetHint())
	}
	start, end := *pc.GetStartDateTime(), *pc.GetEndDateTime()
	if !start.Equal(ticks(h.clock.Now())) || !end.Equal(start.AddDate(2, 0, 0)) {
		t.Errorf("start %v end %v: want now and two years later", start, end)
	}
	entries := h.log.Entries()
	if len(entries) != 1 || entries[0].Route != "/v1.0/applications/{id}/addPassword" || entries[0].Note != "keyId="+keyID {
		t.Errorf("log %+v: want the addPassword route noted with the key id", entries)
	}
	if strings.Contains(entries[0].Note, secret) {
		t.Error("the request log holds the secret")
	}

	raw := h.do("GET", "/v1.0/applications/"+id+"?$select=passwordCredentials", nil).must(t, http.StatusOK)
	if strings.Contains(string(raw.body), secret) {
		t.Fatal("a read returned the secret text")
	}
	creds := raw.json(t)["passwordCredentials"].([]any)
	got := creds[0].(map[string]any)
	if v, ok := got["secretText"]; !ok || v != nil || got["hint"] != secret[:3] || got["keyId"] != keyID {
		t.Errorf("read back %v: want secretText null, the hint and the key id", got)
	}
	stored, _ := h.srv.Application(id)
	if stored.PasswordCredentials[0].Hint != secret[:3] {
		t.Errorf("stored %+v", stored.PasswordCredentials[0])
	}
}

// Given dates and name are kept; removePassword removes; an unknown key id
// is a 400 (see removePassword for why not 404).
func TestAddAndRemovePassword(t *testing.T) {
	h := start(t)
	id := h.newApp(nil)["id"].(string)
	cred := models.NewPasswordCredential()
	name := "unified.to"
	startAt := time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)
	endAt := startAt.Add(8760 * time.Hour)
	cred.SetDisplayName(&name)
	cred.SetStartDateTime(&startAt)
	cred.SetEndDateTime(&endAt)
	pc, err := h.addPassword(id, cred)
	if err != nil {
		t.Fatal(err)
	}
	if *pc.GetDisplayName() != name || !pc.GetStartDateTime().Equal(startAt) || !pc.GetEndDateTime().Equal(endAt) {
		t.Errorf("added %v %v %v", *pc.GetDisplayName(), pc.GetStartDateTime(), pc.GetEndDateTime())
	}
	keyID := pc.GetKeyId().String()
	if keys := h.visibleKeys(id); len(keys) != 1 || keys[0] != keyID {
		t.Fatalf("visible %v", keys)
	}
	if got, ok := h.srv.SecretKeyID(id, *pc.GetSecretText()); !ok || got != keyID {
		t.Errorf("SecretKeyID of the new secret = %q, %v; want %s", got, ok, keyID)
	}
	if _, ok := h.srv.SecretKeyID(id, "abc8Q~not-a-secret-of-this-application000"); ok {
		t.Error("SecretKeyID accepted a value that is no secret")
	}
	if err := h.removePassword(id, keyID); err != nil {
		t.Fatal(err)
	}
	if _, ok := h.srv.SecretKeyID(id, *pc.GetSecretText()); ok {
		t.Error("SecretKeyID accepted a removed secret")
	}
	if keys := h.visibleKeys(id); len(keys) != 0 {
		t.Fatalf("visible after remove %v", keys)
	}
	err = h.removePassword(id, keyID)
	if status, code := errCode(t, err); status != 400 || code != "Request_BadRequest" || !strings.Contains(odataError(t, err).Error(), "No password credential found") {
		t.Errorf("removing an unknown key: %d %s %q", status, code, odataError(t, err).Error())
	}
	a := h.do("POST", "/v1.0/applications/"+id+"/addPassword", map[string]any{"passwordCredential": map[string]any{
		"startDateTime": "2026-03-01T00:00:00Z", "endDateTime": "2026-02-01T00:00:00Z"}}).must(t, http.StatusBadRequest)
	if _, msg := a.errorCode(t); msg != "Invalid value specified for property 'endDateTime' of resource 'PasswordCredential'." {
		t.Errorf("end before start: %q", msg)
	}
	h.do("POST", "/v1.0/applications/"+newGUID()+"/addPassword", nil).must(t, http.StatusNotFound)
}

// A tenant policy capping lifetimes refuses longer secrets, the two-year
// default included, with the observed error shape.
func TestCredentialLifetimePolicy(t *testing.T) {
	h := start(t)
	id := h.newApp(nil)["id"].(string)
	h.srv.SetCredentialLifetimePolicy("Max 1 year", 366*24*time.Hour)
	_, err := h.addPassword(id, nil)
	oe := odataError(t, err)
	main := oe.GetErrorEscaped()
	if oe.ResponseStatusCode != 400 || *main.GetCode() != "CredentialInvalidLifetimeAsPerAppPolicy" ||
		*main.GetMessage() != "Credential lifetime exceeds the max value allowed as per assigned policy 'Max 1 year'." {
		t.Fatalf("got %d %s %q", oe.ResponseStatusCode, *main.GetCode(), *main.GetMessage())
	}
	if d := main.GetDetails(); len(d) != 1 || *d[0].GetCode() != "InvalidKeyEndDate" || *d[0].GetTarget() != "EndDate" {
		t.Errorf("details %v", d)
	}
	end := h.clock.Now().Add(90 * 24 * time.Hour)
	cred := models.NewPasswordCredential()
	cred.SetEndDateTime(&end)
	if _, err := h.addPassword(id, cred); err != nil {
		t.Errorf("a 90-day secret under a 1-year policy: %v", err)
	}
	h.srv.SetCredentialLifetimePolicy("", 0)
	if _, err := h.addPassword(id, nil); err != nil {
		t.Errorf("without the policy: %v", err)
	}
}

// With a secret lag, a new secret shows in reads only after the lag and a
// removed one keeps showing for it.
func TestSecretLag(t *testing.T) {
	h := start(t)
	id := h.newApp(nil)["id"].(string)
	h.srv.SetSecretLag(30 * time.Second)
	pc, err := h.addPassword(id, nil)
	if err != nil {
		t.Fatal(err)
	}
	keyID := pc.GetKeyId().String()
	if keys := h.visibleKeys(id); len(keys) != 0 {
		t.Fatalf("visible right after addPassword: %v", keys)
	}
	h.clock.Advance(29 * time.Second)
	if keys := h.visibleKeys(id); len(keys) != 0 {
		t.Fatalf("visible before the lag is over: %v", keys)
	}
	h.clock.Advance(time.Second)
	if keys := h.visibleKeys(id); len(keys) != 1 || keys[0] != keyID {
		t.Fatalf("not visible after the lag: %v", keys)
	}
	if err := h.removePassword(id, keyID); err != nil {
		t.Fatal(err)
	}
	if keys := h.visibleKeys(id); len(keys) != 1 {
		t.Fatalf("a removed secret should linger: %v", keys)
	}
	prop := h.do("GET", "/v1.0/applications/"+id+"/passwordCredentials", nil).must(t, http.StatusOK).json(t)
	if v := prop["value"].([]any); len(v) != 1 || v[0].(map[string]any)["keyId"] != keyID {
		t.Fatalf("GET .../passwordCredentials during the lag: %v", prop)
	}
	h.clock.Advance(30 * time.Second)
	if keys := h.visibleKeys(id); len(keys) != 0 {
		t.Fatalf("still visible after the lag: %v", keys)
	}
	if app, _ := h.srv.Application(id); len(app.PasswordCredentials) != 0 {
		t.Errorf("direct access shows the truth, lag or not: %v", app.PasswordCredentials)
	}
}
