-- 0014: what an agent's LLM calls look like through the sidecar. An agent may name the client
-- token it calls with (NULL: the one named like the agent). Per client and minute: upstream
-- attempts, those answered 429, and the latencies of the answered ones in buckets (bucket i
-- holds latencies up to 25 ms · 2^i), so a median over any window of minutes can be read back.
ALTER TABLE heartbeat_agents ADD COLUMN client TEXT;

CREATE TABLE usage_client_minutes (
    client       TEXT    NOT NULL,
    minute_ms    INTEGER NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    rate_limited INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (client, minute_ms)
);

CREATE TABLE usage_client_latency (
    client    TEXT    NOT NULL,
    minute_ms INTEGER NOT NULL,
    bucket    INTEGER NOT NULL,
    answers   INTEGER NOT NULL,
    PRIMARY KEY (client, minute_ms, bucket)
);
