-- 0016: the reservations of requests in flight on client budgets, journaled by the sidecar's
-- writer (added when admitted, removed when settled) so that a sidecar killed mid-request
-- counts them as spent after its restart until they lapse, instead of forgetting them.
CREATE TABLE budget_holds (
    id              INTEGER NOT NULL,
    client          TEXT    NOT NULL,
    unit            TEXT    NOT NULL,
    period_start_ms INTEGER NOT NULL,
    amount          INTEGER NOT NULL,
    lapses_at_ms    INTEGER NOT NULL,
    PRIMARY KEY (id, unit, period_start_ms)
);
CREATE INDEX budget_holds_client ON budget_holds (client, unit, period_start_ms);
