package main

import (
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/emulator"
	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/emulator/graphapi"
	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/emulator/unifiedapi"
)

// tour is the demo's story: apply the whole guide, show the result, drift
// in Entra and in Unified.to, detect it, restore it, destroy.
func tour(tf *terraform, emu *emulator.Emulator) error {
	// No `terraform init`: with dev_overrides Terraform says it is not
	// needed, and it would still ask the registry for the provider, which
	// fails offline. The provider comes straight from the build above.
	step("terraform apply: every step of the guide in one apply")
	if err := measured(emu, "apply from empty", func() error { return tf.run("apply", "-auto-approve", "-input=false") }); err != nil {
		return err
	}
	out, err := tf.outputs()
	if err != nil {
		return err
	}
	for _, k := range []string{"client_id", "object_id", "redirect_uris", "secret_expires", "integration_active", "dashboard_url"} {
		fmt.Printf("%-18s = %s\n", k, out[k])
	}

	step("A customer's user connects: Unified.to's authorize URL for the integration")
	if err := showCustomerConnect(emu, out["client_id"]); err != nil {
		return err
	}

	if err := measured(emu, "plan with nothing changed", func() error {
		changed, err := tf.planChanges()
		if err == nil && changed {
			err = fmt.Errorf("the plan right after apply has changes")
		}
		return err
	}); err != nil {
		return err
	}

	step("Someone edits things by hand: a redirect URI in the portal, a permission removed, the integration switched off in Unified.to")
	objectID := out["object_id"]
	if err := emu.Graph.UpdateApplication(objectID, func(app *graphapi.Application) {
		app.Web.RedirectURIs = append(app.Web.RedirectURIs, "https://added-by-hand.example.com/callback")
		app.RequiredResourceAccess = app.RequiredResourceAccess[:len(app.RequiredResourceAccess)-1]
	}); err != nil {
		return err
	}
	if err := emu.Unified[region].UpdateWorkspaceIntegration("microsoftdynamicssales", "Production", func(wi *unifiedapi.WorkspaceIntegration) { wi.IsActive = false }); err != nil {
		return err
	}

	step("terraform plan detects all three")
	changed, err := tf.planChanges()
	if err != nil {
		return err
	}
	if !changed {
		return fmt.Errorf("plan found no changes after edits outside Terraform")
	}

	step("terraform apply restores them")
	if err := tf.run("apply", "-auto-approve", "-input=false"); err != nil {
		return err
	}
	if changed, err := tf.planChanges(); err != nil {
		return err
	} else if changed {
		return fmt.Errorf("the plan after restoring still has changes")
	}

	step("terraform destroy")
	if err := tf.run("destroy", "-auto-approve", "-input=false"); err != nil {
		return err
	}
	if n := len(emu.Graph.Applications()); n != 0 {
		return fmt.Errorf("%d applications left in Microsoft Graph after destroy", n)
	}
	if _, ok := emu.Unified[region].WorkspaceIntegration("microsoftdynamicssales", "Production"); ok {
		return fmt.Errorf("the integration is still configured in Unified.to after destroy")
	}
	return nil
}

// measured runs one terraform command and prints its wall time and the
// requests it made, by service: the figures a reviewer asks for.
func measured(emu *emulator.Emulator, what string, run func() error) error {
	emu.Log.Reset()
	start := time.Now()
	err := run()
	elapsed := time.Since(start)
	fmt.Printf("\n-- %s: %s, requests: login %d, graph %d, unified %d\n", what, elapsed.Round(time.Millisecond),
		emu.Log.Count("login", "", ""), emu.Log.Count("graph", "", ""), countPrefix(emu, "unified-"))
	_, _ = indent(os.Stdout).Write([]byte(emu.Log.Summary()))
	return err
}

func countPrefix(emu *emulator.Emulator, prefix string) int {
	n := 0
	for _, e := range emu.Log.Entries() {
		if strings.HasPrefix(e.Service, prefix) {
			n++
		}
	}
	return n
}
