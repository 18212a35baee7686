-- 0002: backup jobs and their catalog.

CREATE TABLE backup_jobs (
    id                    INTEGER PRIMARY KEY AUTOINCREMENT,
    name                  TEXT    NOT NULL UNIQUE,
    kind                  TEXT    NOT NULL CHECK (kind IN ('sqlite', 'mysql', 'files')),
    -- sqlite: the DB file; files: a directory (tar.gz) or a comma-separated list of files
    -- (timestamped copies); mysql: a comma-separated list of databases, or '*' for all.
    source                TEXT    NOT NULL,
    dest_dir              TEXT    NOT NULL,
    category              TEXT    NOT NULL CHECK (category IN ('db', 'config', 'data', 'logs')),
    retention_ms          INTEGER NOT NULL CHECK (retention_ms > 0),
    -- mysql connection: host, port, socket, user, defaults_file (JSON object).
    options_json          TEXT    NOT NULL DEFAULT '{}',
    mysql_password_sealed BLOB,
    created_at_ms         INTEGER NOT NULL
);

-- One row per backup file. Rows outlive their job (job_name is kept) so history stays readable.
CREATE TABLE backup_catalog (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    job_name       TEXT    NOT NULL,
    kind           TEXT    NOT NULL,
    path           TEXT    NOT NULL,
    size_bytes     INTEGER NOT NULL,
    sha256         TEXT    NOT NULL,
    started_at_ms  INTEGER NOT NULL,
    duration_ms    INTEGER NOT NULL,
    -- ok: a good backup; pruned: deleted by retention; missing/corrupt: found so by verify.
    status         TEXT    NOT NULL CHECK (status IN ('ok', 'pruned', 'corrupt', 'missing')),
    warnings       TEXT    NOT NULL DEFAULT '',
    verified_at_ms INTEGER
);
CREATE INDEX backup_catalog_job_time ON backup_catalog (job_name, started_at_ms);

-- Failed runs: what went wrong and when (nothing in the catalog points at them).
CREATE TABLE backup_failures (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    job_name      TEXT    NOT NULL,
    started_at_ms INTEGER NOT NULL,
    error         TEXT    NOT NULL
);
