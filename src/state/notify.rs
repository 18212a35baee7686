//! Receivers, routes, the outbox and the alert history of the notify module.

use std::collections::BTreeMap;

use rusqlite::{OptionalExtension as _, Row, params};
use serde::{Deserialize, Serialize};

use super::{Error, Tx, conflict, json_column, now_ms, split_list, to_json};

/// A notification before it knows its receiver: built by alert, backup and heartbeat, stored
/// as is, and rendered for each receiver's kind (Feishu card, JSON webhook, command) only when
/// it is sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Message {
    /// Who sent it: `alert`, `backup`, `heartbeat`, `test`.
    pub source: String,
    pub title: String,
    /// As the labels say: `critical`, `warning`, `info` (others are shown as given).
    pub severity: String,
    /// Markdown: `**bold**` lines and `- ` items. Text from outside is escaped by whoever built
    /// the message (`notify::escape_markdown`).
    pub body: String,
    pub labels: BTreeMap<String, String>,
    pub resolved: bool,
    pub links: Vec<Link>,
    /// Who sent it, and when, for a footer.
    pub footer: String,
    /// Stable for one event (source, labels, state), so a receiver can recognise the duplicate
    /// that at-least-once delivery may bring.
    pub id: String,
}

/// A link a message points to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Link {
    pub text: String,
    pub url: String,
}

/// A receiver as stored; URL and secret still sealed.
#[derive(Debug, Clone)]
pub struct ReceiverRow {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub url_sealed: Option<Vec<u8>>,
    pub secret_sealed: Option<Vec<u8>>,
    pub command: Option<String>,
    pub mentions: Vec<String>,
    /// Where `apply` read the URL and the secret from (`env:VAR`, `file:PATH`); empty when
    /// added by hand.
    pub url_ref: String,
    pub secret_ref: String,
}

/// A new receiver; `seal(id, column)` seals its URL and secret once the id is known.
pub struct NewReceiver<'a> {
    pub name: &'a str,
    pub kind: &'a str,
    pub command: Option<&'a str>,
    pub mentions: &'a [String],
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
        mentions: split_list(&row.get::<_, String>(6)?),
        url_ref: row.get(7)?,
        secret_ref: row.get(8)?,
    })
}

const RECEIVER_COLUMNS: &str = "id, name, kind, url_sealed, secret_sealed, command, mentions,
    url_ref, secret_ref";

/// Inserts a receiver.
pub fn add_receiver(tx: &Tx<'_>, r: &NewReceiver<'_>) -> Result<i64, Error> {
    tx.0.execute(
        "INSERT INTO notify_receivers (name, kind, command, mentions, created_at_ms)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![r.name, r.kind, r.command, r.mentions.join(","), now_ms()],
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

/// Replaces a receiver of the same name (a changed kind, URL, secret or mentions) and
/// records where `apply` read its secrets from; its routes stay.
pub fn replace_receiver(
    tx: &Tx<'_>,
    r: &NewReceiver<'_>,
    url_ref: &str,
    secret_ref: &str,
) -> Result<i64, Error> {
    tx.0.execute("DELETE FROM notify_receivers WHERE name = ?1", [r.name])?;
    let id = add_receiver(tx, r)?;
    tx.0.execute(
        "UPDATE notify_receivers SET url_ref = ?2, secret_ref = ?3 WHERE id = ?1",
        params![id, url_ref, secret_ref],
    )?;
    Ok(id)
}

/// Replaces every route with `routes` (matchers, receiver, continue), in this order.
pub fn replace_routes(tx: &Tx<'_>, routes: &[(Vec<Matcher>, String, bool)]) -> Result<(), Error> {
    tx.0.execute("DELETE FROM notify_routes", [])?;
    for (matchers, receiver, continue_matching) in routes {
        add_route(tx, matchers, receiver, *continue_matching)?;
    }
    Ok(())
}

/// One label condition of a route (`label op value`; parsed and compiled in `notify::routes`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Matcher {
    pub label: String,
    pub op: String,
    pub value: String,
}

/// A route as stored.
#[derive(Debug, Clone, Serialize)]
pub struct RouteRow {
    pub id: i64,
    pub position: i64,
    pub matchers: Vec<Matcher>,
    pub receiver: String,
    pub continue_matching: bool,
}

/// Appends a route at the end of the order.
pub fn add_route(
    tx: &Tx<'_>,
    matchers: &[Matcher],
    receiver: &str,
    continue_matching: bool,
) -> Result<i64, Error> {
    tx.0.execute(
        "INSERT INTO notify_routes (position, matchers_json, receiver, continue_matching, created_at_ms)
         VALUES ((SELECT COALESCE(MAX(position), 0) + 1 FROM notify_routes), ?1, ?2, ?3, ?4)",
        params![to_json(&matchers), receiver, continue_matching, now_ms()],
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
                matchers: json_column(row, 2)?,
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

/// Stores `message` for `receiver`, due at once.
pub fn enqueue(tx: &Tx<'_>, receiver: &str, message: &Message) -> Result<i64, Error> {
    let now = now_ms();
    let mut stmt = tx.0.prepare_cached(
        "INSERT INTO notify_outbox (receiver, source, title, severity, status, card_json,
                                    message_json, next_attempt_at_ms, created_at_ms, problem)
         VALUES (?1, ?2, ?3, ?4, ?5, '', ?6, ?7, ?7, ?8)",
    )?;
    stmt.execute(params![
        receiver,
        message.source,
        message.title,
        message.severity,
        if message.resolved {
            "resolved"
        } else {
            "firing"
        },
        to_json(message),
        now,
        problem(message)
    ])?;
    Ok(tx.0.last_insert_rowid())
}

/// What a message is about, whatever its state: its source and labels without `severity`
/// (a recovery often carries another severity than the alert it ends).
fn problem(message: &Message) -> String {
    let mut labels = message.labels.clone();
    labels.remove("severity");
    format!("{}|{}", message.source, to_json(&labels))
}

/// The receivers of the last firing message about the same problem as `message`.
pub fn firing_receivers(tx: &Tx<'_>, message: &Message) -> Result<Vec<String>, Error> {
    let mut stmt = tx.0.prepare_cached(
        "SELECT DISTINCT receiver FROM notify_outbox
         WHERE problem = ?1 AND status = 'firing' AND receiver != ''
           AND created_at_ms = (SELECT max(created_at_ms) FROM notify_outbox
                                WHERE problem = ?1 AND status = 'firing')",
    )?;
    let rows = stmt.query_map([problem(message)], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Records a message no receiver takes, as failed with the reason, so `alert outbox` and the
/// outbox metrics show it.
pub fn unrouted(tx: &Tx<'_>, message: &Message) -> Result<i64, Error> {
    let id = enqueue(tx, "", message)?;
    attempt_failed(
        tx,
        id,
        "no route matches its labels and it names no receiver",
        None,
    )?;
    Ok(id)
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
    pub message: Message,
    pub state: String,
    pub attempts: u32,
    pub next_attempt_at_ms: i64,
    pub last_error: String,
    pub created_at_ms: i64,
    pub delivered_at_ms: Option<i64>,
}

const OUTBOX_COLUMNS: &str = "id, receiver, source, title, severity, status, message_json, state,
    attempts, next_attempt_at_ms, last_error, created_at_ms, delivered_at_ms";

fn outbox_from_row(row: &Row<'_>) -> rusqlite::Result<OutboxRow> {
    let (source, title, severity, status): (String, String, String, String) =
        (row.get(2)?, row.get(3)?, row.get(4)?, row.get(5)?);
    let message_json: String = row.get(6)?;
    // A row queued before 0007 holds a rendered card only: send its title again.
    let message = if message_json.is_empty() {
        Message {
            source: source.clone(),
            title: title.clone(),
            severity: severity.clone(),
            body: String::new(),
            labels: BTreeMap::new(),
            resolved: status == "resolved",
            links: Vec::new(),
            footer: String::new(),
            id: String::new(),
        }
    } else {
        json_column(row, 6)?
    };
    Ok(OutboxRow {
        id: row.get(0)?,
        receiver: row.get(1)?,
        source,
        title,
        severity,
        status,
        message,
        state: row.get(7)?,
        attempts: row.get(8)?,
        next_attempt_at_ms: row.get(9)?,
        last_error: row.get(10)?,
        created_at_ms: row.get(11)?,
        delivered_at_ms: row.get(12)?,
    })
}

/// Pending messages due at `now_ms`: at most `per_receiver` of each receiver, oldest first,
/// so one receiver's backlog never hides another's messages.
pub fn due(
    tx: &Tx<'_>,
    now_ms: i64,
    per_receiver: u32,
    source: Option<&str>,
) -> Result<Vec<OutboxRow>, Error> {
    let mut stmt = tx.0.prepare_cached(&format!(
        "SELECT {OUTBOX_COLUMNS} FROM (
            SELECT *, ROW_NUMBER() OVER (PARTITION BY receiver ORDER BY next_attempt_at_ms, id) AS n
            FROM notify_outbox WHERE state = 'pending' AND next_attempt_at_ms <= ?1
                                 AND (?3 IS NULL OR source = ?3))
         WHERE n <= ?2 ORDER BY next_attempt_at_ms, id"
    ))?;
    Ok(stmt
        .query_map(params![now_ms, per_receiver, source], outbox_from_row)?
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

/// Messages waiting to be sent and given up on, and the oldest waiting one's creation time.
pub fn outbox_counts(tx: &Tx<'_>) -> Result<(u64, u64, Option<i64>), Error> {
    Ok(tx.0.query_row(
        "SELECT COALESCE(SUM(state = 'pending'), 0), COALESCE(SUM(state = 'failed'), 0),
                MIN(CASE WHEN state = 'pending' THEN created_at_ms END)
         FROM notify_outbox",
        [],
        |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
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

/// Drops the history of alerts received before `before_ms`.
pub fn forget_alerts_before(tx: &Tx<'_>, before_ms: i64) -> Result<usize, Error> {
    Ok(tx.0.execute(
        "DELETE FROM alert_history WHERE received_at_ms < ?1",
        [before_ms],
    )?)
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
