-- 0025: a denser request log row. Most requests have one attempt, answered: its host, its
-- duration and its start (from the request's) live in these columns, and attempts_json keeps
-- only the attempts the sidecar moved on from ('' when none). A row was ~240 bytes, half of
-- it that one attempt's JSON; the writer's cost per row follows its size.
ALTER TABLE request_log ADD COLUMN host TEXT;
ALTER TABLE request_log ADD COLUMN answer_ms INTEGER;
ALTER TABLE request_log ADD COLUMN answer_offset_ms INTEGER;
