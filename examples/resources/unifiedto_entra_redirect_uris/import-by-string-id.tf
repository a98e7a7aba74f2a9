# The application's object id (not its client id), then /web.
import {
  to = unifiedto_entra_redirect_uris.dynamics
  id = "00000000-0000-0000-0000-000000000000/web"
}
