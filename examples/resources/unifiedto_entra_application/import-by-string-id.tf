# The object id or the client id ("Application (client) ID" in the portal).
import {
  to = unifiedto_entra_application.dynamics
  id = "00000000-0000-0000-0000-000000000000"
}
