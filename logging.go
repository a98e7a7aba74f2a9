package main

import "os"

// logLevelVariables are the variables with which a user asks Terraform for
// logs that include a provider's (TF_LOG, TF_LOG_PROVIDER) or asks the
// plugin SDKs for theirs.
var logLevelVariables = []string{
	"TF_LOG", "TF_LOG_PROVIDER", "TF_LOG_PROVIDER_UNIFIEDTO",
	"TF_LOG_SDK", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_SDK_PROTO",
}

// quietLogsUnlessAsked turns the plugin's logs off when none of
// logLevelVariables is set. Terraform starts the plugin with its own
// environment, so then it discards every line of them; yet the plugin
// framework would still format each of its trace lines as JSON, which was
// a quarter of the plugin's CPU on a large plan (README, Performance).
// When any of them is set, nothing changes.
func quietLogsUnlessAsked() {
	for _, name := range logLevelVariables {
		if os.Getenv(name) != "" {
			return
		}
	}
	_ = os.Setenv("TF_LOG_SDK", "off")
	_ = os.Setenv("TF_LOG_PROVIDER", "off")
}
