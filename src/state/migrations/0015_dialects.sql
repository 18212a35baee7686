-- 0015: agent front doors. A provider serves one or more API dialects (chat, responses,
-- messages), each at its own base URL (empty: the chat base URL); cached input has prices of
-- its own (NULL: charged at the input price); usage counts cache reads, cache writes and
-- reasoning tokens beside the prompt and completion totals (old rows: none of either); a
-- client may be let through pass-through paths despite its limits.

ALTER TABLE providers ADD COLUMN dialects TEXT NOT NULL DEFAULT 'chat';
ALTER TABLE providers ADD COLUMN responses_url TEXT NOT NULL DEFAULT '';
ALTER TABLE providers ADD COLUMN messages_url TEXT NOT NULL DEFAULT '';

-- The cache prices become optional: until now nothing charged them, so 0 meant "not set".
CREATE TABLE provider_models_0015 (
    provider_id              INTEGER NOT NULL REFERENCES providers (id) ON DELETE CASCADE,
    canonical                TEXT    NOT NULL,
    native_id                TEXT    NOT NULL,
    input_usd_per_mtok       REAL    NOT NULL DEFAULT 0,
    output_usd_per_mtok      REAL    NOT NULL DEFAULT 0,
    cache_read_usd_per_mtok  REAL,
    cache_write_usd_per_mtok REAL,
    context_window           INTEGER,
    max_tokens               INTEGER,
    PRIMARY KEY (provider_id, canonical)
);
INSERT INTO provider_models_0015
    SELECT provider_id, canonical, native_id, input_usd_per_mtok, output_usd_per_mtok,
           NULLIF(cache_read_usd_per_mtok, 0), NULLIF(cache_write_usd_per_mtok, 0),
           context_window, max_tokens
    FROM provider_models;
DROP TABLE provider_models;
ALTER TABLE provider_models_0015 RENAME TO provider_models;
CREATE INDEX provider_models_canonical ON provider_models (canonical);

ALTER TABLE usage_hourly ADD COLUMN cache_read_tokens INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_hourly ADD COLUMN cache_write_tokens INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_hourly ADD COLUMN reasoning_tokens INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_clients ADD COLUMN cache_read_tokens INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_clients ADD COLUMN cache_write_tokens INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_clients ADD COLUMN reasoning_tokens INTEGER NOT NULL DEFAULT 0;

ALTER TABLE sidecar_clients ADD COLUMN passthrough INTEGER NOT NULL DEFAULT 0 CHECK (passthrough IN (0, 1));
