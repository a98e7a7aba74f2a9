package provider

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/entra"
)

// This file ties the secrets of unifiedto_entra_client_secret to their
// resource instance, and says when the resource removes secrets that carry
// its marker but that no state records. The rule and its reasons are in
// docs/design/graph-secrets.md ("unifiedto_entra_client_secret and
// create_before_destroy").

// marker is what every secret of this instance carries in its displayName:
// derived from the configuration, so an apply after a crash derives it
// again. rotate_when_changed is part of it, so a rotation by a changed
// keeper gives the new secret another marker than the old one.
func (m entraClientSecretModel) marker() string {
	parts := []string{"entra_client_secret", strings.ToLower(m.ApplicationObjectID.ValueString()), m.DisplayName.ValueString()}
	if !m.RotateWhenChanged.IsNull() && !m.RotateWhenChanged.IsUnknown() {
		var kv []string
		for k, v := range m.RotateWhenChanged.Elements() {
			kv = append(kv, k+"="+v.String())
		}
		sort.Strings(kv)
		parts = append(parts, kv...)
	}
	return entra.NewMarker(parts...)
}

// removeOlderUntracked removes, when this instance's secret is destroyed,
// the secrets of its marker that are older than it: secrets left by
// creates that were killed before Terraform recorded them.
//
// Create cannot do this. With create_before_destroy and an unchanged
// configuration (-replace, renewal by renew_before) the instance being
// replaced has the same marker, its secret is still the one Unified.to
// uses, and the new instance's Create cannot see its state. So Create
// removes only the earlier attempts of its own call (AddPassword's nonce),
// and the rest waits for this point, when every secret of the marker older
// than this one is known to be nobody's: the instance that replaced it (if
// any) made a newer one.
func removeOlderUntracked(ctx context.Context, graph *entra.Client, state entraClientSecretModel) {
	if !secretKnown(state.StartDate) || !secretKnown(state.ApplicationObjectID) {
		return
	}
	own, err := time.Parse(time.RFC3339, state.StartDate.ValueString())
	if err != nil {
		return
	}
	objectID, marker := state.ApplicationObjectID.ValueString(), state.marker()
	creds, err := graph.ListPasswords(ctx, objectID)
	if err != nil {
		return // best effort: the destroy itself succeeded
	}
	keep := []string{state.KeyID.ValueString()}
	for _, pc := range creds {
		if pc.Marker == marker && !pc.Start.Before(own.Add(-time.Second)) {
			keep = append(keep, pc.KeyID)
		}
	}
	removed, err := graph.RemoveUntrackedPasswords(ctx, objectID, marker, keep...)
	if len(removed) > 0 {
		tflog.Info(ctx, fmt.Sprintf("Removed %d client secrets of application %s that carried this resource's marker but that no state recorded (left by an interrupted apply)", len(removed), objectID),
			map[string]any{"key_ids": removed})
	}
	if err != nil {
		tflog.Warn(ctx, "Removing untracked client secrets failed; the next destroy or rotation tries again", map[string]any{"error": err.Error()})
	}
}
