package login

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/emulator/emuhttp"
)

func TestIssueAccessToken_checkedByScope(t *testing.T) {
	srv := New(Options{TenantID: "AAAAAAAA-1111-2222-3333-444444444444"})
	if srv.TenantID() != "aaaaaaaa-1111-2222-3333-444444444444" {
		t.Errorf("TenantID = %q, want the given GUID in lower case", srv.TenantID())
	}
	token := srv.IssueAccessToken(graphScope)
	if scope, ok := srv.CheckToken(token); !ok || scope != graphScope {
		t.Errorf("CheckToken(issued) = %q, %v", scope, ok)
	}
	if _, ok := srv.CheckToken("forged"); ok {
		t.Error("CheckToken accepts a token it never issued")
	}
	srv.mu.Lock()
	srv.tokens[token] = issued{scope: graphScope, expires: time.Now().Add(-time.Second)}
	srv.mu.Unlock()
	if _, ok := srv.CheckToken(token); ok {
		t.Error("CheckToken accepts an expired token")
	}
}

// Injected throttling reaches MSAL in Entra ID's shape, with the OAuth code
// Entra ID uses rather than emuhttp's generic one.
func TestWriteError_fitsFaulty(t *testing.T) {
	srv := New(Options{})
	var faults emuhttp.Faults
	faults.Throttle(1, time.Second)
	rec := httptest.NewRecorder()
	h := emuhttp.Faulty(&faults, srv.WriteError, srv.Handler())
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/"+srv.TenantID()+"/oauth2/v2.0/token", nil))
	status, body, _ := decode(t, rec.Result())
	if status != http.StatusTooManyRequests || body["error"] != "temporarily_unavailable" || rec.Header().Get("Retry-After") != "1" {
		t.Errorf("answer = %d %v Retry-After %q", status, body, rec.Header().Get("Retry-After"))
	}
}
