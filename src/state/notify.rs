//! Receivers, routes, the outbox and the alert history of the notify module.

use std::collections::BTreeMap;

use rusqlite::{OptionalExtension as _, Row, params};
use serde::Serialize;

use super::{Error, Tx, conflict, json_column, now_ms, split_list, to_json};

/// A receiver as stored; URL and secret still sealed.
#[derive(Debug, Clone)]
pub struct ReceiverRow {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub url_sealed: Option<Vec<u8>>,
    pub secret_sealed: Option<Vec<u8>>,
    pub command: Option<String>,
    pub mentions: String,
    pub created_at_ms: i64,
}

/// A new receiver; `seal(id, column)` seals its URL and secret once the id is known.
pub struct NewReceiver<'a> {
    pub name: &'a str,
    pub kind: &'a str,
    pub command: Option<&'a str>,
    pub mentions: &'a str,
    pub url: Option<&'a dyn Fn(i64) -> Vec<u8>>,
    pub secret: Option<&'a dyn Fn(i64) -> Vec<u8>>,
}

fn receiver_from_row(row: &Row<'_>) -> rusqlite::Result<ReceiverRow> {
    Ok(ReceiverRow {
        id: row.get(0)?,
        name: row.get(1)?,
        kind: row.get(2)?,
        url_sealed: row.get(3)?,
        secret_sealed: row.get(4)?,
        command: row.get(5)?,
        mentions: row.get(6)?,
        created_at_ms: row.get(7)?,
    })
}

const RECEIVER_COLUMNS: &str =
    "id, name, kind, url_sealed, secret_sealed, command, mentions, created_at_ms";

/// Inserts a receiver.
pub fn add_receiver(tx: &Tx<'_>, r: &NewReceiver<'_>) -> Result<i64, Error> {
    tx.0.execute(
        "INSERT INTO notify_receivers (name, kind, command, mentions, created_at_ms)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![r.name, r.kind, r.command, r.mentions, now_ms()],
    )
    .map_err(|e| conflict(e, || format!("receiver {:?}", r.name)))?;
    let id = tx.0.last_insert_rowid();
    tx.0.execute(
        "UPDATE notify_receivers SET url_sealed = ?2, secret_sealed = ?3 WHERE id = ?1",
        params![id, r.url.map(|f| f(id)), r.secret.map(|f| f(id))],
    )?;
    Ok(id)
}

/// All receivers by name.
pub fn receivers(tx: &Tx<'_>) -> Result<Vec<ReceiverRow>, Error> {
    let mut stmt = tx.0.prepare(&format!(
        "SELECT {RECEIVER_COLUMNS} FROM notify_receivers ORDER BY name"
    ))?;
    Ok(stmt
        .query_map([], receiver_from_row)?
        .collect::<rusqlite::Result<_>>()?)
}

/// One receiver by name.
pub fn receiver(tx: &Tx<'_>, name: &str) -> Result<ReceiverRow, Error> {
    tx.0.query_row(
        &format!("SELECT {RECEIVER_COLUMNS} FROM notify_receivers WHERE name = ?1"),
        [name],
        receiver_from_row,
    )
    .optional()?
    .ok_or_else(|| Error::NotFound(format!("receiver {name:?}")))
}

/// Deletes a receiver and the routes that point at it.
pub fn remove_receiver(tx: &Tx<'_>, name: &str) -> Result<(), Error> {
    if tx
        .0
        .execute("DELETE FROM notify_receivers WHERE name = ?1", [name])?
        == 0
    {
        return Err(Error::NotFound(format!("receiver {name:?}")));
    }
    tx.0.execute("DELETE FROM notify_routes WHERE receiver = ?1", [name])?;
    Ok(())
}

/// A route as stored.
#[derive(Debug, Clone, Serialize)]
pub struct RouteRow {
    pub id: i64,
    pub position: i64,
    pub matchers_json: String,
    pub receiver: String,
    pub continue_matching: bool,
}

/// Appends a route at the end of the order.
pub fn add_route(
    tx: &Tx<'_>,
    matchers_json: &str,
    receiver: &str,
    continue_matching: bool,
) -> Result<i64, Error> {
    tx.0.execute(
        "INSERT INTO notify_routes (position, matchers_json, receiver, continue_matching, created_at_ms)
         VALUES ((SELECT COALESCE(MAX(position), 0) + 1 FROM notify_routes), ?1, ?2, ?3, ?4)",
        params![matchers_json, receiver, continue_matching, now_ms()],
    )?;
    Ok(tx.0.last_insert_rowid())
}

/// Routes in order.
pub fn routes(tx: &Tx<'_>) -> Result<Vec<RouteRow>, Error> {
    let mut stmt = tx.0.prepare(
        "SELECT id, position, matchers_json, receiver, continue_matching
         FROM notify_routes ORDER BY position, id",
    )?;
    Ok(stmt
        .query_map([], |row| {
            Ok(RouteRow {
                id: row.get(0)?,
                position: row.get(1)?,
                matchers_json: row.get(2)?,
                receiver: row.get(3)?,
                continue_matching: row.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}

/// Deletes a route by id.
pub fn remove_route(tx: &Tx<'_>, id: i64) -> Result<(), Error> {
    if tx
        .0
        .execute("DELETE FROM notify_routes WHERE id = ?1", [id])?
        == 0
    {
        return Err(Error::NotFound(format!("route #{id}")));
    }
    Ok(())
}

/// A message to store for one receiver.
#[derive(Debug, Clone)]
pub struct NewMessage<'a> {
    pub receiver: &'a str,
    pub source: &'a str,
    pub title: &'a str,
    pub severity: &'a str,
    pub status: &'a str,
    pub card_json: &'a str,
}

/// Stores a message, due at once.
pub fn enqueue(tx: &Tx<'_>, m: &NewMessage<'_>) -> Result<i64, Error> {
    let now = now_ms();
    let mut stmt = tx.0.prepare_cached(
        "INSERT INTO notify_outbox (receiver, source, title, severity, status, card_json,
                                    next_attempt_at_ms, created_at_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
    )?;
    stmt.execute(params![
        m.receiver,
        m.source,
        m.title,
        m.severity,
        m.status,
        m.card_json,
        now
    ])?;
    Ok(tx.0.last_insert_rowid())
}

/// An outbox row.
#[derive(Debug, Clone, Serialize)]
pub struct OutboxRow {
    pub id: i64,
    pub receiver: String,
    pub source: String,
    pub title: String,
    pub severity: String,
    pub status: String,
    #[serde(skip)]
    pub card_json: String,
    pub state: String,
    pub attempts: u32,
    pub next_attempt_at_ms: i64,
    pub last_error: String,
    pub created_at_ms: i64,
    pub delivered_at_ms: Option<i64>,
}

const OUTBOX_COLUMNS: &str = "id, receiver, source, title, severity, status, card_json, state,
    attempts, next_attempt_at_ms, last_error, created_at_ms, delivered_at_ms";

fn outbox_from_row(row: &Row<'_>) -> rusqlite::Result<OutboxRow> {
    Ok(OutboxRow {
        id: row.get(0)?,
        receiver: row.get(1)?,
        source: row.get(2)?,
        title: row.get(3)?,
        severity: row.get(4)?,
        status: row.get(5)?,
        card_json: row.get(6)?,
        state: row.get(7)?,
        attempts: row.get(8)?,
        next_attempt_at_ms: row.get(9)?,
        last_error: row.get(10)?,
        created_at_ms: row.get(11)?,
        delivered_at_ms: row.get(12)?,
    })
}

/// Pending messages due at `now_ms`, oldest first.
pub fn due(tx: &Tx<'_>, now_ms: i64, limit: u32) -> Result<Vec<OutboxRow>, Error> {
    let mut stmt = tx.0.prepare_cached(&format!(
        "SELECT {OUTBOX_COLUMNS} FROM notify_outbox
         WHERE state = 'pending' AND next_attempt_at_ms <= ?1
         ORDER BY next_attempt_at_ms, id LIMIT ?2"
    ))?;
    Ok(stmt
        .query_map(params![now_ms, limit], outbox_from_row)?
        .collect::<rusqlite::Result<_>>()?)
}

/// The outbox, newest first: pending and failed rows, plus delivered ones when asked.
pub fn outbox(tx: &Tx<'_>, include_delivered: bool, limit: u32) -> Result<Vec<OutboxRow>, Error> {
    let mut stmt = tx.0.prepare(&format!(
        "SELECT {OUTBOX_COLUMNS} FROM notify_outbox
         WHERE ?1 OR state != 'delivered' ORDER BY id DESC LIMIT ?2"
    ))?;
    Ok(stmt
        .query_map(params![include_delivered, limit], outbox_from_row)?
        .collect::<rusqlite::Result<_>>()?)
}

/// One outbox message.
pub fn outbox_entry(tx: &Tx<'_>, id: i64) -> Result<OutboxRow, Error> {
    tx.0.query_row(
        &format!("SELECT {OUTBOX_COLUMNS} FROM notify_outbox WHERE id = ?1"),
        [id],
        outbox_from_row,
    )
    .optional()?
    .ok_or_else(|| Error::NotFound(format!("outbox message {id}")))
}

/// Marks a message delivered.
pub fn delivered(tx: &Tx<'_>, id: i64) -> Result<(), Error> {
    tx.0.execute(
        "UPDATE notify_outbox SET state = 'delivered', attempts = attempts + 1,
                delivered_at_ms = ?2, last_error = '' WHERE id = ?1",
        params![id, now_ms()],
    )?;
    Ok(())
}

/// Records a failed attempt: retried at `next_attempt_at_ms`, or given up (`None`).
pub fn attempt_failed(
    tx: &Tx<'_>,
    id: i64,
    error: &str,
    next_attempt_at_ms: Option<i64>,
) -> Result<(), Error> {
    tx.0.execute(
        "UPDATE notify_outbox SET attempts = attempts + 1, last_error = ?2,
                state = CASE WHEN ?3 IS NULL THEN 'failed' ELSE 'pending' END,
                next_attempt_at_ms = COALESCE(?3, next_attempt_at_ms)
         WHERE id = ?1",
        params![id, error, next_attempt_at_ms],
    )?;
    Ok(())
}

/// Depth and the age of the oldest pending message, for metrics.
pub fn pending_stats(tx: &Tx<'_>) -> Result<(u64, Option<i64>), Error> {
    Ok(tx.0.query_row(
        "SELECT COUNT(*), MIN(created_at_ms) FROM notify_outbox WHERE state = 'pending'",
        [],
        |row| Ok((row.get(0)?, row.get(1)?)),
    )?)
}

/// An alert as received, for `alert history`.
#[derive(Debug, Clone, Serialize)]
pub struct AlertRecord {
    pub received_at_ms: i64,
    pub alertname: String,
    pub status: String,
    pub severity: String,
    pub fingerprint: String,
    pub labels: BTreeMap<String, String>,
    pub annotations: BTreeMap<String, String>,
    pub starts_at: String,
    pub ends_at: String,
    pub receivers: Vec<String>,
}

/// Stores a received alert.
pub fn record_alert(tx: &Tx<'_>, a: &AlertRecord) -> Result<(), Error> {
    let mut stmt = tx.0.prepare_cached(
        "INSERT INTO alert_history (received_at_ms, alertname, status, severity, fingerprint,
            labels_json, annotations_json, starts_at, ends_at, receivers)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    stmt.execute(params![
        a.received_at_ms,
        a.alertname,
        a.status,
        a.severity,
        a.fingerprint,
        to_json(&a.labels),
        to_json(&a.annotations),
        a.starts_at,
        a.ends_at,
        a.receivers.join(",")
    ])?;
    Ok(())
}

/// Alerts received since `since_ms`, newest first.
pub fn alert_history(tx: &Tx<'_>, since_ms: i64, limit: u32) -> Result<Vec<AlertRecord>, Error> {
    let mut stmt = tx.0.prepare(
        "SELECT received_at_ms, alertname, status, severity, fingerprint, labels_json,
                annotations_json, starts_at, ends_at, receivers
         FROM alert_history WHERE received_at_ms >= ?1 ORDER BY id DESC LIMIT ?2",
    )?;
    Ok(stmt
        .query_map(params![since_ms, limit], |row| {
            Ok(AlertRecord {
                received_at_ms: row.get(0)?,
                alertname: row.get(1)?,
                status: row.get(2)?,
                severity: row.get(3)?,
                fingerprint: row.get(4)?,
                labels: json_column(row, 5)?,
                annotations: json_column(row, 6)?,
                starts_at: row.get(7)?,
                ends_at: row.get(8)?,
                receivers: split_list(&row.get::<_, String>(9)?),
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}
