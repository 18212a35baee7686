-- 0022: where `inspect` stopped reading each host's logs and network counters, so the next run
-- counts only what came since (a log's inode and size; an interface's packets and errors).
CREATE TABLE inspect_marks (
    host     TEXT    NOT NULL,
    item     TEXT    NOT NULL,
    mark     TEXT    NOT NULL,
    at_ms    INTEGER NOT NULL,
    PRIMARY KEY (host, item)
);
