-- 0024: the request log keyed by its plain rowid. AUTOINCREMENT made every record a second
-- write (its counter in sqlite_sequence), a fifth of the writer's cost per row. Ids still only
-- grow: the prune never deletes the newest row, so `--follow` never sees one used twice.
-- The columns are those of 0021 (described there).
CREATE TABLE request_log_new (
    id            INTEGER PRIMARY KEY,
    at_ms         INTEGER NOT NULL,
    request_id    TEXT    NOT NULL,
    client        TEXT,
    api           TEXT    NOT NULL,
    model         TEXT,
    stream        INTEGER NOT NULL DEFAULT 0,
    status        INTEGER NOT NULL,
    error         TEXT,
    reason        TEXT,
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
    request_body  TEXT,
    response_body TEXT
);
INSERT INTO request_log_new (id, at_ms, request_id, client, api, model, stream, status, error,
    reason, provider, latency_ms, ttft_ms, input_tokens, output_tokens, cache_read_tokens,
    cache_write_tokens, reasoning_tokens, cost_nusd, attempts_json, request_body, response_body)
SELECT id, at_ms, request_id, client, api, model, stream, status, error,
    reason, provider, latency_ms, ttft_ms, input_tokens, output_tokens, cache_read_tokens,
    cache_write_tokens, reasoning_tokens, cost_nusd, attempts_json, request_body, response_body
FROM request_log;
DROP TABLE request_log;
ALTER TABLE request_log_new RENAME TO request_log;
CREATE INDEX request_log_time ON request_log (at_ms);
