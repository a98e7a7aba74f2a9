# "<application object id>/<key id>"; the portal shows the key id as
# "Secret ID" under Certificates & secrets. Graph never returns a secret's
# value again, so an imported secret has no `value`: whatever needs the value
# (the Unified.to integration) needs a new secret.
import {
  to = unifiedto_entra_client_secret.dynamics
  id = "00000000-0000-0000-0000-000000000000/11111111-1111-1111-1111-111111111111"
}
