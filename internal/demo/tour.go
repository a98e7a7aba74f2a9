package main

import (
	"fmt"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/emulator"
	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/emulator/graphapi"
)

// tour is the demo's story: apply, show, drift, detect, restore, destroy.
func tour(tf *terraform, emu *emulator.Emulator) error {
	step("terraform init (the provider comes from dev_overrides)")
	if err := tf.run("init", "-input=false"); err != nil {
		return err
	}
	step("terraform apply")
	if err := tf.run("apply", "-auto-approve", "-input=false"); err != nil {
		return err
	}
	out, err := tf.outputs()
	if err != nil {
		return err
	}
	fmt.Printf("client_id = %s\nobject_id = %s\n", out["client_id"], out["object_id"])

	step("Someone renames the app registration in the portal")
	if err := emu.Graph.UpdateApplication(out["object_id"], func(app *graphapi.Application) {
		app.DisplayName = "renamed by hand"
	}); err != nil {
		return err
	}
	step("terraform plan detects the drift")
	changed, err := tf.planChanges()
	if err != nil {
		return err
	}
	if !changed {
		return fmt.Errorf("plan found no changes after the app was renamed outside Terraform")
	}
	step("terraform apply restores it")
	if err := tf.run("apply", "-auto-approve", "-input=false"); err != nil {
		return err
	}
	if changed, err := tf.planChanges(); err != nil || changed {
		return fmt.Errorf("plan after restoring: changes=%v err=%v", changed, err)
	}
	step("terraform destroy")
	emu.Log.Reset()
	if err := tf.run("destroy", "-auto-approve", "-input=false"); err != nil {
		return err
	}
	if n := len(emu.Graph.Applications()); n != 0 {
		return fmt.Errorf("%d applications left in the emulator after destroy", n)
	}
	return nil
}
