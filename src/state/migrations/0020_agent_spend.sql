-- 0020: agents that spin (spending without moving a task) or whose turns never run, clients
-- paused for it, and pings as healthchecks.io users send them.

-- Spin thresholds, the action at critical, the turn window and acknowledgement (JSON; fields
-- left out take the defaults).
ALTER TABLE heartbeat_agents ADD COLUMN watch_json TEXT NOT NULL DEFAULT '{}';

-- What heartbeat remembers of each agent between beats.
CREATE TABLE heartbeat_tally (
    agent                 TEXT    PRIMARY KEY,
    -- The client's spend so far as last read (NULL: never read): tokens and nano-USD.
    spent_tokens          INTEGER,
    spent_nusd            INTEGER,
    -- When that spend was last seen growing: a sign of life.
    llm_seen_at_ms        INTEGER,
    -- Spent since a task last moved (was added, changed status or went away).
    since_progress_tokens INTEGER NOT NULL DEFAULT 0,
    since_progress_nusd   INTEGER NOT NULL DEFAULT 0,
    progress_at_ms        INTEGER,
    -- Spent since the last beat but forgiven by `heartbeat resume`: left out of the next
    -- beat's spend since progress (not of its spend).
    forgiven_tokens       INTEGER NOT NULL DEFAULT 0,
    forgiven_nusd         INTEGER NOT NULL DEFAULT 0,
    -- Task id → status at the last beat.
    tasks_json            TEXT    NOT NULL DEFAULT '{}',
    -- The oldest trigger answered but not yet judged: when, and the spend then.
    turn_at_ms            INTEGER,
    turn_spent_tokens     INTEGER,
    -- Turns in a row that showed no life within the window.
    silent_turns          INTEGER NOT NULL DEFAULT 0,
    -- The spin action ran (the client paused, or the command run) and is not yet undone.
    spin_acted            INTEGER NOT NULL DEFAULT 0 CHECK (spin_acted IN (0, 1))
);

-- Per beat: spend since the previous beat, tasks moved, and a turn judged at it.
ALTER TABLE heartbeat_beats ADD COLUMN tokens    INTEGER NOT NULL DEFAULT 0;
ALTER TABLE heartbeat_beats ADD COLUMN cost_nusd INTEGER NOT NULL DEFAULT 0;
ALTER TABLE heartbeat_beats ADD COLUMN moved     INTEGER NOT NULL DEFAULT 0;
-- ran or silent; NULL: none judged.
ALTER TABLE heartbeat_beats ADD COLUMN turn      TEXT;

-- Clients the sidecar refuses (429, x-bizwings-limit: paused) until resumed.
CREATE TABLE client_pauses (
    client TEXT    PRIMARY KEY,
    agent  TEXT    NOT NULL,
    reason TEXT    NOT NULL,
    at_ms  INTEGER NOT NULL
);

-- Every ping, with its run id, exit code, the run's duration and an excerpt of its body.
CREATE TABLE heartbeat_pings (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    agent       TEXT    NOT NULL,
    at_ms       INTEGER NOT NULL,
    -- start, success, fail or log
    kind        TEXT    NOT NULL,
    rid         TEXT,
    code        INTEGER,
    duration_ms INTEGER,
    body        TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX heartbeat_pings_agent ON heartbeat_pings (agent, id);
