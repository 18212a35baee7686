-- 0019: the names of removed providers, so usage kept after `provider rm` still says whose it
-- was (it showed `#1`).
CREATE TABLE removed_providers (
    id            INTEGER PRIMARY KEY,
    name          TEXT    NOT NULL,
    removed_at_ms INTEGER NOT NULL
);
