-- 0013: what a client may spend. Budgets per period (UTC hour, day or calendar month) in
-- nano-USD or tokens, a request rate (0: none), and the budget notices already sent, so each
-- level is told once per period however many sidecars or restarts see it.
ALTER TABLE sidecar_clients ADD COLUMN rpm INTEGER NOT NULL DEFAULT 0 CHECK (rpm >= 0);

CREATE TABLE client_budgets (
    client TEXT    NOT NULL REFERENCES sidecar_clients (name) ON DELETE CASCADE,
    unit   TEXT    NOT NULL CHECK (unit IN ('usd', 'tokens')),
    period TEXT    NOT NULL CHECK (period IN ('hour', 'day', 'month')),
    amount INTEGER NOT NULL CHECK (amount > 0),
    PRIMARY KEY (client, unit, period)
);

CREATE TABLE budget_notices (
    client          TEXT    NOT NULL,
    unit            TEXT    NOT NULL,
    period          TEXT    NOT NULL,
    period_start_ms INTEGER NOT NULL,
    level           TEXT    NOT NULL CHECK (level IN ('warning', 'exceeded')),
    at_ms           INTEGER NOT NULL,
    PRIMARY KEY (client, unit, period, period_start_ms, level)
);
