-- 0011: a cap on a key's requests in flight (providers limit concurrent requests per key too).
-- 0: no cap.
ALTER TABLE providers ADD COLUMN max_concurrency INTEGER NOT NULL DEFAULT 0 CHECK (max_concurrency >= 0);
