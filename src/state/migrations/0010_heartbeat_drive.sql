-- 0010: heartbeats that drive the agents: a trigger per agent (command or HTTP POST), its
-- result with each beat, and incidents (a task stuck at two beats in a row, a task at its
-- round cap) so that each is acted on once.

ALTER TABLE heartbeat_agents ADD COLUMN trigger_json       TEXT;
ALTER TABLE heartbeat_agents ADD COLUMN trigger_message    TEXT    NOT NULL DEFAULT '';
-- The NAME of the environment variable holding the HTTP trigger's bearer token, never the token.
ALTER TABLE heartbeat_agents ADD COLUMN trigger_token_env  TEXT;
ALTER TABLE heartbeat_agents ADD COLUMN trigger_always     INTEGER NOT NULL DEFAULT 0 CHECK (trigger_always IN (0, 1));
ALTER TABLE heartbeat_agents ADD COLUMN trigger_timeout_ms INTEGER NOT NULL DEFAULT 60000;
-- NULL: spread automatically among the agents of the same schedule.
ALTER TABLE heartbeat_agents ADD COLUMN offset_ms          INTEGER;
ALTER TABLE heartbeat_agents ADD COLUMN fail_after         INTEGER NOT NULL DEFAULT 3;
ALTER TABLE heartbeat_agents ADD COLUMN on_stuck           TEXT;
-- Triggers failed in a row (0 after one that was answered).
ALTER TABLE heartbeat_agents ADD COLUMN trigger_failures   INTEGER NOT NULL DEFAULT 0;

-- sent, failed or timeout; NULL: no trigger at this beat.
ALTER TABLE heartbeat_beats ADD COLUMN trigger_outcome TEXT;
-- The command's exit code or the HTTP status.
ALTER TABLE heartbeat_beats ADD COLUMN trigger_code    INTEGER;
ALTER TABLE heartbeat_beats ADD COLUMN trigger_ms      INTEGER;
ALTER TABLE heartbeat_beats ADD COLUMN trigger_output  TEXT NOT NULL DEFAULT '';
-- The pending task ids the trigger named.
ALTER TABLE heartbeat_beats ADD COLUMN trigger_tasks_json TEXT NOT NULL DEFAULT '[]';

CREATE TABLE heartbeat_incidents (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    agent           TEXT    NOT NULL,
    task            TEXT    NOT NULL,
    -- stuck or round_cap
    kind            TEXT    NOT NULL,
    opened_at_ms    INTEGER NOT NULL,
    -- stuck: seen at a second beat in a row; round_cap: at once.
    confirmed_at_ms INTEGER,
    -- The --on-stuck command's result.
    action_code     INTEGER,
    action_output   TEXT    NOT NULL DEFAULT '',
    action_ms       INTEGER,
    closed_at_ms    INTEGER
);
CREATE INDEX heartbeat_incidents_open ON heartbeat_incidents (agent, kind, closed_at_ms);
