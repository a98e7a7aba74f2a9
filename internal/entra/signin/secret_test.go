package signin

import (
	"strings"
	"testing"
)

func TestNewCredential_clientSecret(t *testing.T) {
	e := startEmulator(t)
	e.srv.AddClientSecret(testClientID, testSecret)
	cfg := e.config()
	cfg.ClientSecret = testSecret
	e.mustSignIn(t, cfg)
	if n := e.log.Count("login", "POST", "/{tenant}/oauth2/v2.0/token"); n != 1 {
		t.Errorf("token requests = %d, want 1:\n%s", n, e.log.Summary())
	}
}

// The message a user sees for the commonest mistake: Entra ID's own words,
// the attribute to fix, and what to do, but never the secret.
func TestNewCredential_wrongSecretExplainsAADSTS7000215(t *testing.T) {
	e := startEmulator(t)
	e.srv.AddClientSecret(testClientID, testSecret)
	cfg := e.config()
	cfg.ClientSecret = "wrong~secret~that-must-not-leak"
	msg := signInError(t, cfg, cfg.ClientSecret, testSecret)
	mustContain(t, msg,
		"1. client secret, enabled by client_secret (ARM_CLIENT_SECRET): rejected (HTTP 401): AADSTS7000215: Invalid client secret provided.",
		"To fix: the secret is wrong",
		"Value (not its Secret ID)")
	if strings.Contains(msg, "Trace ID") || strings.Contains(msg, "RESPONSE 401") {
		t.Errorf("message keeps azidentity's response dump instead of one line:\n%s", msg)
	}
}

func TestNewCredential_unknownClientExplainsAADSTS700016(t *testing.T) {
	e := startEmulator(t)
	cfg := e.config()
	cfg.ClientSecret = testSecret
	msg := signInError(t, cfg, testSecret)
	mustContain(t, msg, "AADSTS700016", "check client_id (ARM_CLIENT_ID), tenant_id (ARM_TENANT_ID)")
}
