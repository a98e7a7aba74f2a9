# Import by object id, or by client id ("Application (client) ID" in the portal):
terraform import unifiedto_entra_application.dynamics 00000000-0000-0000-0000-000000000000
