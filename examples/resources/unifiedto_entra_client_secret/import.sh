# Import by "<application object id>/<key id>"; the portal shows the key id as
# "Secret ID" under Certificates & secrets.
#
# Microsoft Graph never returns a secret's value after creating it, so after
# an import `value` is null: whatever needs the value needs a new secret
# (change rotate_when_changed, or `terraform apply -replace=...`).
# end_date_relative, renew_before and rotate_when_changed are not stored in
# Graph either: an imported secret configured with end_date_relative or
# rotate_when_changed is replaced at the next apply.
terraform import unifiedto_entra_client_secret.dynamics 00000000-0000-0000-0000-000000000000/11111111-1111-1111-1111-111111111111
