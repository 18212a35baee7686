//! The request log: one row per client request, with its attempt chain.

use std::borrow::Cow;
use std::sync::Arc;

use rusqlite::{OptionalExtension as _, Row, params_from_iter};
use serde::{Deserialize, Serialize};

use super::{Error, Tx, json_column, to_json};

/// One upstream attempt of a request, and why the sidecar moved on from it. Names are shared
/// with the sidecar's routing table rather than copied: recording an attempt allocates
/// nothing on the request path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attempt {
    pub provider: Arc<str>,
    /// The provider's host.
    #[serde(default)]
    pub host: Arc<str>,
    /// The upstream's status; `None`: no answer (timeout, connection).
    pub status: Option<u16>,
    /// From the attempt's start to its answer (for the one answered: to its end).
    pub ms: u64,
    /// Unix ms of its start.
    pub at_ms: i64,
    /// `answered`, or why it was left: rate limited and the cooldown set, 5xx, key rejected.
    pub outcome: Cow<'static, str>,
}

/// One client request as logged.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LoggedRequest {
    /// The row id: increases with time, for `--follow`.
    pub id: i64,
    pub at_ms: i64,
    pub request_id: String,
    pub client: Option<Arc<str>>,
    pub api: Cow<'static, str>,
    pub model: Option<Arc<str>>,
    pub stream: bool,
    pub status: u16,
    pub error: Option<String>,
    pub reason: Option<String>,
    pub provider: Option<Arc<str>>,
    pub latency_ms: u64,
    pub ttft_ms: Option<u64>,
    pub input_tokens: u64,
    pub output_tokens: u64,
    pub cache_read_tokens: u64,
    pub cache_write_tokens: u64,
    pub reasoning_tokens: u64,
    pub cost_nusd: u64,
    pub attempts: Vec<Attempt>,
    /// For clients that log bodies: the request and the answer, capped, credentials redacted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_body: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_body: Option<String>,
    /// The client's W3C `traceparent`, for its spans (not stored).
    #[serde(skip)]
    pub traceparent: Option<String>,
}

impl LoggedRequest {
    /// Empties the record for reuse, keeping the room of its request id and attempt list.
    pub fn clear(&mut self) {
        let mut request_id = std::mem::take(&mut self.request_id);
        let mut attempts = std::mem::take(&mut self.attempts);
        request_id.clear();
        attempts.clear();
        *self = Self {
            request_id,
            attempts,
            ..Self::default()
        };
    }
}

const COLUMNS: &str = "id, at_ms, request_id, client, api, model, stream, status, error, reason,
    provider, latency_ms, ttft_ms, input_tokens, output_tokens, cache_read_tokens,
    cache_write_tokens, reasoning_tokens, cost_nusd, attempts_json, request_body, response_body,
    host, answer_ms, answer_offset_ms";

fn count(row: &Row<'_>, i: usize) -> rusqlite::Result<u64> {
    Ok(u64::try_from(row.get::<_, i64>(i)?).unwrap_or(0))
}

fn shared(row: &Row<'_>, i: usize) -> rusqlite::Result<Option<Arc<str>>> {
    Ok(row.get::<_, Option<String>>(i)?.map(Arc::from))
}

fn from_row(row: &Row<'_>) -> rusqlite::Result<LoggedRequest> {
    let mut r = LoggedRequest {
        id: row.get(0)?,
        at_ms: row.get(1)?,
        request_id: row.get(2)?,
        client: shared(row, 3)?,
        api: Cow::Owned(row.get(4)?),
        model: shared(row, 5)?,
        stream: row.get(6)?,
        status: row.get(7)?,
        error: row.get(8)?,
        reason: row.get(9)?,
        provider: shared(row, 10)?,
        latency_ms: count(row, 11)?,
        ttft_ms: row
            .get::<_, Option<i64>>(12)?
            .map(|v| u64::try_from(v).unwrap_or(0)),
        input_tokens: count(row, 13)?,
        output_tokens: count(row, 14)?,
        cache_read_tokens: count(row, 15)?,
        cache_write_tokens: count(row, 16)?,
        reasoning_tokens: count(row, 17)?,
        cost_nusd: count(row, 18)?,
        attempts: if row.get_ref(19)?.as_str()?.is_empty() {
            Vec::new()
        } else {
            json_column(row, 19)?
        },
        request_body: row.get(20)?,
        response_body: row.get(21)?,
        traceparent: None,
    };
    // The answered attempt, kept in the row's columns (see `answer`).
    if let (Some(host), Some(provider)) = (row.get::<_, Option<String>>(22)?, &r.provider) {
        r.attempts.push(Attempt {
            provider: provider.clone(),
            host: host.into(),
            status: Some(r.status),
            ms: count(row, 23)?,
            at_ms: r.at_ms + row.get::<_, i64>(24)?,
            outcome: Cow::Borrowed(ANSWERED),
        });
    }
    Ok(r)
}

/// The outcome of the attempt that gave the client its answer.
pub const ANSWERED: &str = "answered";

/// The last attempt when it answered the request plainly, which most requests' only attempt
/// did: it goes in the row's own columns rather than its JSON, a row half the size.
fn answer(r: &LoggedRequest) -> Option<&Attempt> {
    let last = r.attempts.last()?;
    (last.outcome == ANSWERED
        && last.status == Some(r.status)
        && r.provider.as_ref() == Some(&last.provider))
    .then_some(last)
}

fn stored(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

/// The columns a stored request fills, in the order [`bind`] binds them.
const INSERTED: [&str; 24] = [
    "at_ms",
    "request_id",
    "client",
    "api",
    "model",
    "stream",
    "status",
    "error",
    "reason",
    "provider",
    "latency_ms",
    "ttft_ms",
    "input_tokens",
    "output_tokens",
    "cache_read_tokens",
    "cache_write_tokens",
    "reasoning_tokens",
    "cost_nusd",
    "attempts_json",
    "request_body",
    "response_body",
    "host",
    "answer_ms",
    "answer_offset_ms",
];

/// Rows one INSERT stores: a statement per row spent a sixth of the writer's time per row
/// starting and ending statements.
const ROWS_PER_INSERT: usize = 32;

fn insert_sql(rows: usize) -> String {
    let row = format!("({})", vec!["?"; INSERTED.len()].join(", "));
    format!(
        "INSERT INTO request_log ({}) VALUES {}",
        INSERTED.join(", "),
        vec![row; rows].join(", ")
    )
}

/// Stores requests (the writer's batch): [`ROWS_PER_INSERT`] at a time, the rest one by one
/// (two statements to cache, not one per remainder).
pub fn insert<'a>(
    tx: &Tx<'_>,
    requests: impl IntoIterator<Item = &'a LoggedRequest>,
) -> Result<(), Error> {
    let requests: Vec<&LoggedRequest> = requests.into_iter().collect();
    let mut chunks = requests.chunks_exact(ROWS_PER_INSERT);
    if chunks.len() > 0 {
        let mut stmt = tx.0.prepare_cached(&insert_sql(ROWS_PER_INSERT))?;
        for chunk in chunks.by_ref() {
            for (i, r) in chunk.iter().enumerate() {
                bind(&mut stmt, i * INSERTED.len(), r)?;
            }
            stmt.raw_execute()?;
        }
    }
    if !chunks.remainder().is_empty() {
        let mut stmt = tx.0.prepare_cached(&insert_sql(1))?;
        for r in chunks.remainder() {
            bind(&mut stmt, 0, r)?;
            stmt.raw_execute()?;
        }
    }
    Ok(())
}

/// Binds one request's [`INSERTED`] columns from parameter `at + 1` on.
fn bind(stmt: &mut rusqlite::Statement<'_>, at: usize, r: &LoggedRequest) -> Result<(), Error> {
    let answer = answer(r);
    let earlier = &r.attempts[..r.attempts.len() - usize::from(answer.is_some())];
    let attempts_json = if earlier.is_empty() {
        Cow::Borrowed("")
    } else {
        Cow::Owned(to_json(&earlier))
    };
    let values: [&dyn rusqlite::ToSql; INSERTED.len()] = [
        &r.at_ms,
        &r.request_id,
        &r.client.as_deref(),
        &r.api,
        &r.model.as_deref(),
        &r.stream,
        &r.status,
        &r.error,
        &r.reason,
        &r.provider.as_deref(),
        &stored(r.latency_ms),
        &r.ttft_ms.map(stored),
        &stored(r.input_tokens),
        &stored(r.output_tokens),
        &stored(r.cache_read_tokens),
        &stored(r.cache_write_tokens),
        &stored(r.reasoning_tokens),
        &stored(r.cost_nusd),
        &attempts_json,
        &r.request_body,
        &r.response_body,
        &answer.map(|a| &*a.host),
        &answer.map(|a| stored(a.ms)),
        &answer.map(|a| a.at_ms - r.at_ms),
    ];
    for (i, value) in values.into_iter().enumerate() {
        stmt.raw_bind_parameter(at + i + 1, value)?;
    }
    Ok(())
}

/// Which requests a listing shows.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Any of these clients (an agent is given as its client).
    pub clients: Vec<String>,
    pub model: Option<String>,
    /// Any attempt went to this provider.
    pub provider: Option<String>,
    pub status: Option<u16>,
    /// Status 400 or above.
    pub failed: bool,
    pub since_ms: Option<i64>,
    pub slower_than_ms: Option<u64>,
    /// Only rows after this id (`--follow`).
    pub after_id: Option<i64>,
    pub limit: u32,
}

/// The newest requests that match, newest first (oldest first after `after_id`).
pub fn list(tx: &Tx<'_>, f: &Filter) -> Result<Vec<LoggedRequest>, Error> {
    let mut clauses: Vec<String> = Vec::new();
    let mut args: Vec<rusqlite::types::Value> = Vec::new();
    if !f.clients.is_empty() {
        let marks: Vec<String> = f
            .clients
            .iter()
            .map(|c| {
                args.push(c.clone().into());
                format!("?{}", args.len())
            })
            .collect();
        clauses.push(format!("client IN ({})", marks.join(", ")));
    }
    // Each `?` of a clause becomes the next numbered parameter.
    let mut arg = |clause: &str, value: rusqlite::types::Value| {
        args.push(value);
        let n = args.len();
        clauses.push(clause.replace('?', &format!("?{n}")));
    };
    if let Some(m) = &f.model {
        arg("model = ?", m.clone().into());
    }
    if let Some(p) = &f.provider {
        arg(
            "(host IS NOT NULL AND provider = ?
              OR EXISTS (SELECT 1 FROM json_each(NULLIF(attempts_json, '')) WHERE json_extract(value, '$.provider') = ?))",
            p.clone().into(),
        );
    }
    if let Some(s) = f.status {
        arg("status = ?", i64::from(s).into());
    }
    if let Some(since) = f.since_ms {
        arg("at_ms >= ?", since.into());
    }
    if let Some(ms) = f.slower_than_ms {
        arg("latency_ms > ?", stored(ms).into());
    }
    if let Some(after) = f.after_id {
        arg("id > ?", after.into());
    }
    if f.failed {
        clauses.push("status >= 400".into());
    }
    let filter = if clauses.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", clauses.join(" AND "))
    };
    let order = if f.after_id.is_some() { "ASC" } else { "DESC" };
    let sql = format!(
        "SELECT {COLUMNS} FROM request_log {filter} ORDER BY id {order} LIMIT {}",
        f.limit.max(1)
    );
    let mut stmt = tx.0.prepare(&sql)?;
    Ok(stmt
        .query_map(params_from_iter(args), from_row)?
        .collect::<rusqlite::Result<_>>()?)
}

/// One request by its row id, else by its request id (the newest with it).
pub fn get(tx: &Tx<'_>, id: &str) -> Result<LoggedRequest, Error> {
    let by_row = match id.parse::<i64>() {
        Ok(row) => {
            tx.0.query_row(
                &format!("SELECT {COLUMNS} FROM request_log WHERE id = ?1"),
                [row],
                from_row,
            )
            .optional()?
        }
        Err(_) => None,
    };
    if let Some(found) = by_row {
        return Ok(found);
    }
    tx.0.query_row(
        &format!(
            "SELECT {COLUMNS} FROM request_log WHERE request_id = ?1 ORDER BY id DESC LIMIT 1"
        ),
        [id],
        from_row,
    )
    .optional()?
    .ok_or_else(|| Error::NotFound(format!("request {id:?}")))
}

/// The bytes a row takes about, beyond its text: what the size cap counts with.
const ROW_OVERHEAD: i64 = 160;

/// Drops requests older than `before_ms`, then the oldest until the log is under `max_bytes`
/// (estimated from its text and a fixed overhead per row). Returns the rows dropped. The
/// newest row stays, whatever its age: row ids come after it (the table has no
/// AUTOINCREMENT), so an id is never used twice.
pub fn prune(tx: &Tx<'_>, before_ms: i64, max_bytes: u64) -> Result<u64, Error> {
    let mut dropped = tx.0.execute(
        "DELETE FROM request_log WHERE at_ms < ?1 AND id < (SELECT MAX(id) FROM request_log)",
        [before_ms],
    )?;
    let (rows, bytes): (i64, i64) = tx.0.query_row(
        &format!(
            "SELECT COUNT(*), COALESCE(SUM(length(request_id) + length(api) + COALESCE(length(client), 0)
                 + COALESCE(length(model), 0) + COALESCE(length(reason), 0)
                 + COALESCE(length(provider), 0) + length(attempts_json) + COALESCE(length(host), 0)
                 + COALESCE(length(request_body), 0) + COALESCE(length(response_body), 0)), 0)
                 + COUNT(*) * {ROW_OVERHEAD}
             FROM request_log"
        ),
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let max = stored(max_bytes);
    if bytes > max && rows > 0 {
        // Drop the oldest share that brings it to 90 % of the cap.
        let keep = i128::from(rows) * i128::from(max) * 9 / 10 / i128::from(bytes);
        let drop = (rows - i64::try_from(keep).unwrap_or(rows)).min(rows - 1);
        dropped += tx.0.execute(
            "DELETE FROM request_log WHERE id IN (SELECT id FROM request_log ORDER BY id LIMIT ?1)",
            [drop],
        )?;
    }
    Ok(u64::try_from(dropped).unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::Store;

    fn ids(store: &mut Store) -> Vec<i64> {
        let all = Filter {
            limit: 100,
            ..Filter::default()
        };
        let listed = store.read(|tx| list(tx, &all)).expect("lists");
        listed.iter().map(|r| r.id).collect()
    }

    #[test]
    fn every_attempt_chain_reads_back_as_written_the_answer_folded_into_the_row() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut store = Store::open(&dir.path().join("s.db")).expect("opens");
        let attempt = |provider: &str, status, outcome: &'static str, at_ms| Attempt {
            provider: provider.into(),
            host: "127.0.0.1:8080".into(),
            status,
            ms: 7,
            at_ms,
            outcome: outcome.into(),
        };
        let request = |n: i64, status, attempts: Vec<Attempt>| LoggedRequest {
            at_ms: 1_000 + n,
            request_id: format!("r{n}"),
            api: "/chat/completions".into(),
            status,
            provider: attempts.last().map(|a| a.provider.clone()),
            attempts,
            ..LoggedRequest::default()
        };
        let written = [
            // One attempt, answered after a wait in the queue: all in the row's columns.
            request(1, 200, vec![attempt("a", Some(200), ANSWERED, 1_004)]),
            // Failed over: the 429 in the JSON, the answer in the columns.
            request(
                2,
                200,
                vec![
                    attempt("a", Some(429), "rate limited (429): cooling 1s", 1_002),
                    attempt("b", Some(200), ANSWERED, 1_010),
                ],
            ),
            // Answered with an error, and refused before any attempt: JSON as ever.
            request(
                3,
                200,
                vec![attempt("a", Some(200), "answered with an error", 1_003)],
            ),
            request(4, 429, Vec::new()),
        ];
        store.write(|tx| insert(tx, &written)).expect("inserts");
        for (n, want) in (1..).zip(&written) {
            let got = store.read(|tx| get(tx, &n.to_string())).expect("reads");
            assert_eq!(
                got,
                LoggedRequest {
                    id: n,
                    ..want.clone()
                }
            );
        }
        let json: Vec<String> = store
            .read(|tx| -> Result<_, Error> {
                let mut stmt =
                    tx.0.prepare("SELECT attempts_json FROM request_log ORDER BY id")?;
                Ok(stmt
                    .query_map([], |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()?)
            })
            .expect("reads");
        assert_eq!(json[0], "", "a plain answer needs no JSON");
        assert!(
            json[1].contains("429") && !json[1].contains("\"b\""),
            "{}",
            json[1]
        );
        // The provider filter sees both an answer in the columns and an attempt in the JSON.
        let mut by = |p: &str| {
            let f = Filter {
                provider: Some(p.into()),
                limit: 10,
                ..Filter::default()
            };
            let rows = store.read(|tx| list(tx, &f)).expect("lists");
            rows.iter().map(|r| r.id).collect::<Vec<_>>()
        };
        assert_eq!(by("a"), [3, 2, 1]);
        assert_eq!(by("b"), [2]);
    }

    #[test]
    fn a_batch_of_many_inserts_and_lists_every_row_in_order() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut store = Store::open(&dir.path().join("s.db")).expect("opens");
        // Two full multi-row statements and a remainder row by row.
        let n = i64::try_from(ROWS_PER_INSERT * 2 + 5).expect("small");
        let rows: Vec<_> = (0..n)
            .map(|n| LoggedRequest {
                at_ms: n,
                request_id: format!("r{n}"),
                api: "/chat/completions".into(),
                status: 200,
                latency_ms: u64::try_from(n).expect("small"),
                ..LoggedRequest::default()
            })
            .collect();
        store.write(|tx| insert(tx, &rows)).expect("inserts");
        let all = Filter {
            limit: 1000,
            ..Filter::default()
        };
        let mut listed = store.read(|tx| list(tx, &all)).expect("lists");
        listed.reverse();
        let ids: Vec<_> = listed
            .iter()
            .map(|r| (r.request_id.as_str(), r.latency_ms))
            .collect();
        let want: Vec<_> = rows
            .iter()
            .map(|r| (r.request_id.as_str(), r.latency_ms))
            .collect();
        assert_eq!(ids, want);
    }

    #[test]
    fn the_prune_keeps_the_newest_row_so_no_id_is_used_twice() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut store = Store::open(&dir.path().join("s.db")).expect("opens");
        let old = |n: i64| LoggedRequest {
            at_ms: 1_000 + n,
            request_id: format!("r{n}"),
            api: "/chat/completions".into(),
            status: 200,
            ..LoggedRequest::default()
        };
        let rows: Vec<_> = (0..3).map(old).collect();
        store.write(|tx| insert(tx, &rows)).expect("inserts");
        assert_eq!(ids(&mut store), [3, 2, 1]);
        // Every row is past its age, and the cap is below one row: the newest stays.
        let dropped = store.write(|tx| prune(tx, 10_000, 1)).expect("prunes");
        assert_eq!((dropped, ids(&mut store)), (2, vec![3]));
        store.write(|tx| insert(tx, &[old(4)])).expect("inserts");
        assert_eq!(ids(&mut store), [4, 3]);
    }
}
