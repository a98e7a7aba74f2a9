// Command terraform-provider-unifiedto is a Terraform provider that turns
// Unified.to's Microsoft Dynamics 365 OAuth setup (an Entra ID app
// registration, its redirect URI, secret and permissions, and the Unified.to
// integration that receives them) into code.
package main

import (
	"context"
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/provider"
)

// The documentation tools live in tools/go.mod so that this module requires
// only what the provider runs.
//go:generate go tool -modfile=tools/go.mod tfplugindocs generate --provider-name unifiedto

// version is set by goreleaser.
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()
	quietLogsUnlessAsked()
	limitMemoryUnlessAsked()

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: "registry.terraform.io/unifiedto-community/unifiedto",
		Debug:   debug,
	})
	if err != nil {
		log.Fatal(err.Error())
	}
}
