-- 0017: each outbox row names the problem its message is about (source and labels without
-- severity), so a resolved message reaches whoever got the message it resolves even when its
-- own severity routes elsewhere or nowhere.
ALTER TABLE notify_outbox ADD COLUMN problem TEXT NOT NULL DEFAULT '';
CREATE INDEX notify_outbox_problem ON notify_outbox (problem, id);
