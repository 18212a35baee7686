-- 0006: client tokens of the sidecar (stored as SHA-256 only) and usage per client.

CREATE TABLE sidecar_clients (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    name          TEXT    NOT NULL UNIQUE,
    token_sha256  BLOB    NOT NULL UNIQUE,
    created_at_ms INTEGER NOT NULL
);

CREATE TABLE usage_clients (
    client            TEXT    NOT NULL,
    hour_start_ms     INTEGER NOT NULL,
    requests          INTEGER NOT NULL DEFAULT 0,
    errors            INTEGER NOT NULL DEFAULT 0,
    prompt_tokens     INTEGER NOT NULL DEFAULT 0,
    completion_tokens INTEGER NOT NULL DEFAULT 0,
    cost_usd          REAL    NOT NULL DEFAULT 0,
    PRIMARY KEY (client, hour_start_ms)
);
