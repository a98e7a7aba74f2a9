# The application's object id (not its client id), then /web:
terraform import unifiedto_entra_redirect_uris.dynamics 00000000-0000-0000-0000-000000000000/web
