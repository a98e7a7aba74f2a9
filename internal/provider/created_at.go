package provider

import (
	"context"
	"encoding/json"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/entra"
)

// createdAtKey is the private state key under which the application
// resource keeps when it created its application. Graph may answer 404 for
// a new application for a while (replication lag), and its create no
// longer waits that out (internal/entra/create.go), so the refresh of the
// next command tells the client that the application is new
// (entra.Client.NoteCreated) and a 404 is waited out instead of read as a
// deletion. Private state is not shown in plans.
const createdAtKey = "created_at"

// privateState is what both the framework's request and response private
// state offer.
type privateState interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

func rememberCreatedAt(ctx context.Context, p privateState, t time.Time) diag.Diagnostics {
	value, err := json.Marshal(t.UTC().Format(time.RFC3339Nano))
	if err != nil {
		return nil // a formatted time always marshals
	}
	return p.SetKey(ctx, createdAtKey, value)
}

// noteCreatedAt tells graph when objectID was created, if the private
// state p says: Graph may not return it yet.
func noteCreatedAt(ctx context.Context, graph *entra.Client, p privateState, objectID string) {
	if created, ok := createdAt(ctx, p); ok {
		graph.NoteCreated(objectID, created)
	}
}

func createdAt(ctx context.Context, p privateState) (time.Time, bool) {
	value, diags := p.GetKey(ctx, createdAtKey)
	if diags.HasError() || len(value) == 0 {
		return time.Time{}, false
	}
	var s string
	if json.Unmarshal(value, &s) != nil {
		return time.Time{}, false
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	return t, err == nil
}
