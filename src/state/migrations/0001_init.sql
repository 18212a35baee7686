-- 0001: providers (upstream keys), model mappings, sidecar accounting, config, key check.
-- Times are UTC unix milliseconds. Secrets are AES-256-GCM blobs (see crypto.rs).

CREATE TABLE keyring (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    check_sealed  BLOB    NOT NULL,
    created_at_ms INTEGER NOT NULL
);

-- Bumped by every provider change made outside the sidecar, which polls it to reload.
CREATE TABLE generations (
    name  TEXT    PRIMARY KEY,
    value INTEGER NOT NULL
);
INSERT INTO generations (name, value) VALUES ('providers', 0);

-- AUTOINCREMENT: ids are never reused, so usage history and sealed values of a removed
-- provider can never be attributed to a new one.
CREATE TABLE providers (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    name              TEXT    NOT NULL UNIQUE,
    label             TEXT    NOT NULL DEFAULT '',
    base_url          TEXT    NOT NULL,
    api_key_sealed    BLOB    NOT NULL,
    pool              TEXT    NOT NULL DEFAULT 'primary' CHECK (pool IN ('primary', 'fallback')),
    rpm               INTEGER NOT NULL DEFAULT 40 CHECK (rpm > 0),
    timeout_ms        INTEGER NOT NULL DEFAULT 120000 CHECK (timeout_ms > 0),
    enabled           INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
    status            TEXT    NOT NULL DEFAULT 'healthy' CHECK (status IN ('healthy', 'cooling', 'error')),
    status_detail     TEXT    NOT NULL DEFAULT '',
    cooldown_until_ms INTEGER,
    consecutive_429   INTEGER NOT NULL DEFAULT 0,
    source            TEXT    NOT NULL DEFAULT 'cli',
    created_at_ms     INTEGER NOT NULL,
    updated_at_ms     INTEGER NOT NULL
);

-- canonical model name -> the provider's native id and its prices (USD per 1M tokens).
CREATE TABLE provider_models (
    provider_id              INTEGER NOT NULL REFERENCES providers (id) ON DELETE CASCADE,
    canonical                TEXT    NOT NULL,
    native_id                TEXT    NOT NULL,
    input_usd_per_mtok       REAL    NOT NULL DEFAULT 0,
    output_usd_per_mtok      REAL    NOT NULL DEFAULT 0,
    cache_read_usd_per_mtok  REAL    NOT NULL DEFAULT 0,
    cache_write_usd_per_mtok REAL    NOT NULL DEFAULT 0,
    context_window           INTEGER,
    max_tokens               INTEGER,
    PRIMARY KEY (provider_id, canonical)
);
CREATE INDEX provider_models_canonical ON provider_models (canonical);

-- Keyed by (provider, model, hour): every model keeps its own row.
-- No foreign key: history outlives a removed provider.
CREATE TABLE usage_hourly (
    provider_id       INTEGER NOT NULL,
    model             TEXT    NOT NULL,
    hour_start_ms     INTEGER NOT NULL,
    requests          INTEGER NOT NULL DEFAULT 0,
    errors            INTEGER NOT NULL DEFAULT 0,
    prompt_tokens     INTEGER NOT NULL DEFAULT 0,
    completion_tokens INTEGER NOT NULL DEFAULT 0,
    cost_usd          REAL    NOT NULL DEFAULT 0,
    latency_ms_sum    INTEGER NOT NULL DEFAULT 0,
    ttft_ms_sum       INTEGER NOT NULL DEFAULT 0,
    ttft_count        INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (provider_id, model, hour_start_ms)
);
CREATE INDEX usage_hourly_hour ON usage_hourly (hour_start_ms);

CREATE TABLE cooldown_events (
    id                INTEGER PRIMARY KEY,
    provider_id       INTEGER NOT NULL,
    consecutive_count INTEGER NOT NULL,
    cooldown_ms       INTEGER NOT NULL,
    summary           TEXT    NOT NULL DEFAULT '',
    started_at_ms     INTEGER NOT NULL,
    ended_at_ms       INTEGER
);
CREATE INDEX cooldown_events_provider_time ON cooldown_events (provider_id, started_at_ms);

CREATE TABLE backend_health (
    provider_id          INTEGER PRIMARY KEY REFERENCES providers (id) ON DELETE CASCADE,
    state                TEXT    NOT NULL DEFAULT 'healthy' CHECK (state IN ('healthy', 'degraded', 'down')),
    last_latency_ms      INTEGER,
    last_status_code     INTEGER,
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    consecutive_successes INTEGER NOT NULL DEFAULT 0,
    last_check_at_ms     INTEGER
);

-- The DB layer of configuration (flag > env > system_config > default).
CREATE TABLE system_config (
    key           TEXT    PRIMARY KEY,
    value         TEXT    NOT NULL,
    updated_at_ms INTEGER NOT NULL
);

CREATE TABLE daily_stats (
    day               TEXT    NOT NULL,
    pool              TEXT    NOT NULL CHECK (pool IN ('primary', 'fallback')),
    requests          INTEGER NOT NULL DEFAULT 0,
    errors            INTEGER NOT NULL DEFAULT 0,
    prompt_tokens     INTEGER NOT NULL DEFAULT 0,
    completion_tokens INTEGER NOT NULL DEFAULT 0,
    cost_usd          REAL    NOT NULL DEFAULT 0,
    providers_used    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (day, pool)
);
