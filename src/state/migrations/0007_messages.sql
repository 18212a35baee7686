-- 0007: the outbox keeps neutral messages, rendered for each receiver's kind at send time;
-- receivers may also be generic JSON webhooks. Old rows keep their card_json; the columns
-- of a new row that it no longer uses stay empty.

ALTER TABLE notify_outbox ADD COLUMN message_json TEXT NOT NULL DEFAULT '';

-- SQLite cannot change a CHECK constraint in place: copy into a table with the new one.
CREATE TABLE notify_receivers_0007 (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    name          TEXT    NOT NULL UNIQUE,
    kind          TEXT    NOT NULL CHECK (kind IN ('feishu', 'command', 'webhook')),
    url_sealed    BLOB,
    secret_sealed BLOB,
    command       TEXT,
    mentions      TEXT    NOT NULL DEFAULT '',
    created_at_ms INTEGER NOT NULL
);
INSERT INTO notify_receivers_0007 (id, name, kind, url_sealed, secret_sealed, command, mentions, created_at_ms)
    SELECT id, name, kind, url_sealed, secret_sealed, command, mentions, created_at_ms FROM notify_receivers;
DROP TABLE notify_receivers;
ALTER TABLE notify_receivers_0007 RENAME TO notify_receivers;
