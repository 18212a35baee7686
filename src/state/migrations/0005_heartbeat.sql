-- 0005: heartbeat agents and jobs, and their beats.

CREATE TABLE heartbeat_agents (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    name              TEXT    NOT NULL UNIQUE,
    label             TEXT    NOT NULL DEFAULT '',
    schedule          TEXT    NOT NULL,
    tz                TEXT    NOT NULL DEFAULT 'Asia/Shanghai',
    grace_ms          INTEGER NOT NULL DEFAULT 300000,
    sources_json      TEXT    NOT NULL DEFAULT '[]',
    stagnant_after_ms INTEGER NOT NULL DEFAULT 1200000,
    max_rounds        INTEGER NOT NULL DEFAULT 50,
    warn_rounds_pct   REAL    NOT NULL DEFAULT 80,
    owner             TEXT,
    escalate          TEXT,
    paused            INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1)),
    -- The state of the last evaluation: alerts go out only when it changes.
    state             TEXT    NOT NULL DEFAULT 'new',
    last_eval_at_ms   INTEGER,
    last_ping_at_ms   INTEGER,
    -- start, success or fail
    last_ping_kind    TEXT,
    last_ping_message TEXT    NOT NULL DEFAULT '',
    created_at_ms     INTEGER NOT NULL
);

CREATE TABLE heartbeat_beats (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    agent             TEXT    NOT NULL,
    at_ms             INTEGER NOT NULL,
    status            TEXT    NOT NULL,
    pending           INTEGER NOT NULL DEFAULT 0,
    in_progress       INTEGER NOT NULL DEFAULT 0,
    stagnant          INTEGER NOT NULL DEFAULT 0,
    blocked           INTEGER NOT NULL DEFAULT 0,
    rounds            INTEGER NOT NULL DEFAULT 0,
    max_stagnation_s  INTEGER NOT NULL DEFAULT 0,
    findings_json     TEXT    NOT NULL DEFAULT '[]'
);
CREATE INDEX heartbeat_beats_agent_time ON heartbeat_beats (agent, at_ms);
