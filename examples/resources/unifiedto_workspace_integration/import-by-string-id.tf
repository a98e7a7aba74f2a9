# The integration's id in Unified.to, or <integration_type>/<environment>.
# Unified.to never returns the client secret: the configuration supplies it
# (client_secret_wo), and the next apply sends it.
import {
  to = unifiedto_workspace_integration.dynamics
  id = "microsoftdynamicssales/Production"
}
