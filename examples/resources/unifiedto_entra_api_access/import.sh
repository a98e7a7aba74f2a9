# The application's object id, a slash, and the API's client id
# (microsoft_graph, dynamics_crm or customer_insights also work after the slash):
terraform import unifiedto_entra_api_access.dynamics 00000000-0000-0000-0000-000000000000/00000007-0000-0000-c000-000000000000
