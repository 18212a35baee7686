-- 0012: attempts whose tokens were estimated (a stream that ended without its usage chunk:
-- client hang-up, upstream cut, a provider that sends none), so costs are never lost and the
-- estimate is never mistaken for a count.
ALTER TABLE usage_hourly ADD COLUMN estimated INTEGER NOT NULL DEFAULT 0;
