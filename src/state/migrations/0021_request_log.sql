-- 0021: the request log: one row per client request the sidecar answered or refused, with
-- its attempt chain (JSON: provider, status, ms, why the sidecar moved on). Written by the
-- sidecar's writer in batches; pruned by age and size.
CREATE TABLE request_log (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    at_ms         INTEGER NOT NULL,
    -- The client's x-request-id, or one the sidecar made; returned in the response.
    request_id    TEXT    NOT NULL,
    client        TEXT,
    -- The path after /v1 (e.g. /chat/completions, /messages).
    api           TEXT    NOT NULL,
    model         TEXT,
    stream        INTEGER NOT NULL DEFAULT 0,
    -- What the client got.
    status        INTEGER NOT NULL,
    -- The error code (budget_exceeded, all_providers_cooling, …) or NULL.
    error         TEXT,
    -- Why it was refused or failed, for people.
    reason        TEXT,
    -- The provider that answered last.
    provider      TEXT,
    latency_ms    INTEGER NOT NULL,
    ttft_ms       INTEGER,
    input_tokens  INTEGER NOT NULL DEFAULT 0,
    output_tokens INTEGER NOT NULL DEFAULT 0,
    cache_read_tokens  INTEGER NOT NULL DEFAULT 0,
    cache_write_tokens INTEGER NOT NULL DEFAULT 0,
    reasoning_tokens   INTEGER NOT NULL DEFAULT 0,
    cost_nusd     INTEGER NOT NULL DEFAULT 0,
    attempts_json TEXT    NOT NULL DEFAULT '[]',
    -- For clients that log bodies: the request and answer, capped, credentials redacted.
    request_body  TEXT,
    response_body TEXT
);
ALTER TABLE sidecar_clients ADD COLUMN log_bodies INTEGER NOT NULL DEFAULT 0 CHECK (log_bodies IN (0, 1));
-- One index only: every insert is an append to the table and to it, which keeps the writer's
-- cost per request low. Filters ride the time range (a client over the last hour reads that
-- hour); a request id is found by scanning, newest first.
CREATE INDEX request_log_time ON request_log (at_ms);
