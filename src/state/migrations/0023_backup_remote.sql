-- 0023: backups that leave the host. A job may name a remote destination (an inventory host
-- and a directory, `HOST:/dir`); each backup's encrypted copy there is kept in the catalog.
ALTER TABLE backup_jobs ADD COLUMN remote TEXT;
ALTER TABLE backup_catalog ADD COLUMN remote_path TEXT;
CREATE INDEX backup_catalog_remote ON backup_catalog (remote_path) WHERE remote_path IS NOT NULL;
