-- 0011: limits of a key beyond requests per minute, as providers set them: requests in flight
-- and tokens per minute. 0: no limit.
ALTER TABLE providers ADD COLUMN max_concurrency INTEGER NOT NULL DEFAULT 0 CHECK (max_concurrency >= 0);
ALTER TABLE providers ADD COLUMN tpm INTEGER NOT NULL DEFAULT 0 CHECK (tpm >= 0);
