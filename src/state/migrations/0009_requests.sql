-- What clients saw, per hour: one client request may take several upstream attempts (which
-- usage_hourly counts per provider), and some are answered by the sidecar itself.
CREATE TABLE requests_hourly (
    hour_start_ms  INTEGER PRIMARY KEY,
    requests       INTEGER NOT NULL DEFAULT 0,
    ok             INTEGER NOT NULL DEFAULT 0, -- 1xx-3xx
    client_errors  INTEGER NOT NULL DEFAULT 0, -- 4xx
    server_errors  INTEGER NOT NULL DEFAULT 0, -- 5xx
    own_answers    INTEGER NOT NULL DEFAULT 0  -- errors the sidecar answered itself
);
