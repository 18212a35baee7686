-- 0004: the inspection inventory and the results of every run.

CREATE TABLE inspect_hosts (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    name            TEXT    NOT NULL UNIQUE,
    addr            TEXT    NOT NULL,
    port            INTEGER NOT NULL DEFAULT 22,
    user            TEXT    NOT NULL DEFAULT 'root',
    identity_path   TEXT,
    password_sealed BLOB,
    groups          TEXT    NOT NULL DEFAULT '',
    -- NULL: the default list (nginx, mysql, docker, sshd; those installed).
    services        TEXT,
    ports           TEXT    NOT NULL DEFAULT '',
    thresholds_json TEXT    NOT NULL DEFAULT '{}',
    created_at_ms   INTEGER NOT NULL
);

-- One row per check result of a run, for `inspect history` trends.
CREATE TABLE inspect_results (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    run_at_ms  INTEGER NOT NULL,
    host       TEXT    NOT NULL,
    check_name TEXT    NOT NULL,
    item       TEXT    NOT NULL,
    status     TEXT    NOT NULL,
    value      REAL,
    message    TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX inspect_results_host_time ON inspect_results (host, run_at_ms);
