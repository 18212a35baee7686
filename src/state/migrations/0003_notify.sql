-- 0003: notification receivers, routes, the durable outbox, and the alert history.

-- A Feishu custom bot (its webhook URL is itself a credential, so it is sealed too) or a
-- command that gets the card JSON on stdin.
CREATE TABLE notify_receivers (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    name          TEXT    NOT NULL UNIQUE,
    kind          TEXT    NOT NULL CHECK (kind IN ('feishu', 'command')),
    url_sealed    BLOB,
    secret_sealed BLOB,
    command       TEXT,
    mentions      TEXT    NOT NULL DEFAULT '',
    created_at_ms INTEGER NOT NULL
);

-- Ordered label matchers; the first match wins unless continue_matching.
CREATE TABLE notify_routes (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    position          INTEGER NOT NULL,
    matchers_json     TEXT    NOT NULL,
    receiver          TEXT    NOT NULL,
    continue_matching INTEGER NOT NULL DEFAULT 0 CHECK (continue_matching IN (0, 1)),
    created_at_ms     INTEGER NOT NULL
);

-- One row per message and receiver, stored before anything is sent.
CREATE TABLE notify_outbox (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    receiver           TEXT    NOT NULL,
    source             TEXT    NOT NULL,
    title              TEXT    NOT NULL,
    severity           TEXT    NOT NULL,
    status             TEXT    NOT NULL,
    card_json          TEXT    NOT NULL,
    state              TEXT    NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed')),
    attempts           INTEGER NOT NULL DEFAULT 0,
    next_attempt_at_ms INTEGER NOT NULL,
    last_error         TEXT    NOT NULL DEFAULT '',
    created_at_ms      INTEGER NOT NULL,
    delivered_at_ms    INTEGER
);
CREATE INDEX notify_outbox_due ON notify_outbox (state, next_attempt_at_ms);

-- What the alert bridge received.
CREATE TABLE alert_history (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    received_at_ms  INTEGER NOT NULL,
    alertname       TEXT    NOT NULL,
    status          TEXT    NOT NULL,
    severity        TEXT    NOT NULL,
    fingerprint     TEXT    NOT NULL DEFAULT '',
    labels_json     TEXT    NOT NULL,
    annotations_json TEXT   NOT NULL,
    starts_at       TEXT    NOT NULL DEFAULT '',
    ends_at         TEXT    NOT NULL DEFAULT '',
    receivers       TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX alert_history_time ON alert_history (received_at_ms);
