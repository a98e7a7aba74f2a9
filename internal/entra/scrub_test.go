package entra

import (
	"strings"
	"testing"
)

func TestScrubRemovesTokensAndSecrets(t *testing.T) {
	const secret = "abc8Q~0123456789abcdefghijklmnopqrstuvwx"
	const jwt = "eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwcyJ9.c2lnbmF0dXJl"
	msg := `Invalid request: Authorization: Bearer ` + jwt + ` body {"secretText":"` + secret + `"} form client_secret=hunter2&client_assertion=` + jwt
	got := scrub(msg)
	for _, leaked := range []string{secret, jwt, "hunter2", "c2lnbmF0dXJl"} {
		if strings.Contains(got, leaked) {
			t.Errorf("scrubbed message still holds %q: %s", leaked, got)
		}
	}
	if !strings.Contains(got, "Invalid request") {
		t.Errorf("scrubbing removed the message itself: %s", got)
	}
}

func TestScrubRemovesSecretsFromEscapedJSON(t *testing.T) {
	for _, msg := range []string{
		`echo: "{\"client_secret\":\"hunter2\"}"`,
		`echo: "{\\\"password\\\":\\\"hunter2\\\"}"`,
		`client_secret=hunter2`,
		`{"access_token": "hunter2"}`,
	} {
		if got := scrub(msg); strings.Contains(got, "hunter2") {
			t.Errorf("scrub(%s) = %s", msg, got)
		}
	}
}

func TestMarkersRoundTripThroughTheDisplayName(t *testing.T) {
	for _, name := range []string{"unified.to", "", "has [brackets] inside"} {
		stored, err := composeDisplayName(name, "m-abc", "0123abcd")
		if err != nil {
			t.Fatal(err)
		}
		gotName, marker, nonce := parseDisplayName(stored)
		if gotName != name || marker != "m-abc" || nonce != "0123abcd" {
			t.Errorf("%q stored as %q read back as %q, %q, %q", name, stored, gotName, marker, nonce)
		}
	}
	// A secret made elsewhere, even one that looks a little like ours, has no marker.
	for _, stored := range []string{"portal secret", "x [unifiedto:UPPER/0123abcd]", "x [unifiedto:m/xyz]"} {
		if name, marker, _ := parseDisplayName(stored); marker != "" || name != stored {
			t.Errorf("%q parsed as marker %q", stored, marker)
		}
	}
	if _, err := composeDisplayName("x", "Not Valid!", "0123abcd"); err == nil {
		t.Error("an invalid marker was accepted")
	}
	if first, again := NewMarker("a", "b"), NewMarker("a", "b"); first != again || first == NewMarker("ab") || !validMarker.MatchString(NewMarker("x")) {
		t.Error("NewMarker is not a stable, valid, part-separating hash")
	}
}
