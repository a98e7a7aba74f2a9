package crashtest

import (
	"encoding/json"
	"testing"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/emulator/graphapi"
)

// pendingPrefix starts the serviceManagementReference that marks an
// application whose create has not finished (internal/entra, create.go).
const pendingPrefix = "unifiedto-terraform: create pending"

// pendingMark is the application's serviceManagementReference (which the
// guide never sets, so anything there is the create's mark): "" when it is
// absent, null or empty.
func pendingMark(app graphapi.Application) string {
	raw, ok := app.Other["serviceManagementReference"]
	if !ok {
		return ""
	}
	var mark *string
	if err := json.Unmarshal(raw, &mark); err != nil {
		return string(raw) // not a string: shown as is
	}
	if mark == nil {
		return ""
	}
	return *mark
}

// The check reads the mark as Graph stores it, through the emulator's
// unknown properties: absent, null and "" are no mark; a string is.
func TestPendingMark(t *testing.T) {
	for raw, want := range map[string]string{
		"":                             "",
		"null":                         "",
		`""`:                           "",
		`"` + pendingPrefix + ` 1f2e"`: pendingPrefix + " 1f2e",
	} {
		app := graphapi.Application{}
		if raw != "" {
			app.Other = map[string]json.RawMessage{"serviceManagementReference": json.RawMessage(raw)}
		}
		if got := pendingMark(app); got != want {
			t.Errorf("pendingMark(%s) = %q, want %q", raw, got, want)
		}
	}
}
