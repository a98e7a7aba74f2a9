# The application's object id, a slash, and the API's client id; after the
# slash microsoft_graph, dynamics_crm or customer_insights work too.
import {
  to = unifiedto_entra_api_access.graph
  id = "00000000-0000-0000-0000-000000000000/microsoft_graph"
}

import {
  to = unifiedto_entra_api_access.dynamics
  id = "00000000-0000-0000-0000-000000000000/00000007-0000-0000-c000-000000000000"
}
