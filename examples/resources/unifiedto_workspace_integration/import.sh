# Import by <integration_type>/<environment>. Unified.to never returns the
# secret, so supply it in the configuration; the next apply sends it.
terraform import unifiedto_workspace_integration.dynamics microsoftdynamicssales/Production
