# Import by the Workspaceintegration's id (as Unified.to's
# GET /unified/workspaceintegration lists it) ...
terraform import unifiedto_workspace_integration.dynamics 6538293fbbdb8281e3da9830

# ... or by <integration_type>/<environment>. Unified.to never returns the
# secret, so supply it in the configuration; the next apply sends it.
terraform import unifiedto_workspace_integration.dynamics microsoftdynamicssales/Production
