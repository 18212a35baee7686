-- 0008: where `bizwings apply` read a secret from (`env:VAR` or `file:PATH`; never the
-- secret), so `bizwings export` can write the reference back: a provider's key, a receiver's
-- webhook URL and signing secret, a backup job's MySQL password, an inspected host's password.
ALTER TABLE providers ADD COLUMN key_ref TEXT NOT NULL DEFAULT '';
ALTER TABLE notify_receivers ADD COLUMN url_ref TEXT NOT NULL DEFAULT '';
ALTER TABLE notify_receivers ADD COLUMN secret_ref TEXT NOT NULL DEFAULT '';
ALTER TABLE backup_jobs ADD COLUMN password_ref TEXT NOT NULL DEFAULT '';
ALTER TABLE inspect_hosts ADD COLUMN password_ref TEXT NOT NULL DEFAULT '';
