//! Heartbeat agents (and jobs) and their beats.

use rusqlite::{OptionalExtension as _, Row, params};
use serde::{Deserialize, Serialize};

use super::{Error, Tx, conflict, json_column, to_json};
use crate::exit::Status;

/// A configured task source, `KIND:SPEC` (stored as JSON; loaded by `heartbeat::sources`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "spec", rename_all = "snake_case")]
pub enum Source {
    Markdown(String),
    Json(String),
    Http(String),
    Command(String),
}

/// One observation of a beat worth telling a person.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Finding {
    pub status: Status,
    pub text: String,
}

/// An agent as stored.
#[derive(Debug, Clone, Serialize)]
pub struct AgentRow {
    pub name: String,
    pub label: String,
    pub schedule: String,
    pub tz: String,
    pub grace_ms: i64,
    pub sources: Vec<Source>,
    pub stagnant_after_ms: i64,
    pub max_rounds: u32,
    pub warn_rounds_pct: f64,
    pub owner: Option<String>,
    pub escalate: Option<String>,
    pub paused: bool,
    pub state: String,
    pub last_eval_at_ms: Option<i64>,
    pub last_ping_at_ms: Option<i64>,
    pub last_ping_kind: Option<String>,
    pub last_ping_message: String,
    pub created_at_ms: i64,
}

const COLUMNS: &str = "name, label, schedule, tz, grace_ms, sources_json, stagnant_after_ms, max_rounds,
    warn_rounds_pct, owner, escalate, paused, state, last_eval_at_ms, last_ping_at_ms, last_ping_kind,
    last_ping_message, created_at_ms";

fn from_row(row: &Row<'_>) -> rusqlite::Result<AgentRow> {
    Ok(AgentRow {
        name: row.get(0)?,
        label: row.get(1)?,
        schedule: row.get(2)?,
        tz: row.get(3)?,
        grace_ms: row.get(4)?,
        sources: json_column(row, 5)?,
        stagnant_after_ms: row.get(6)?,
        max_rounds: row.get(7)?,
        warn_rounds_pct: row.get(8)?,
        owner: row.get(9)?,
        escalate: row.get(10)?,
        paused: row.get(11)?,
        state: row.get(12)?,
        last_eval_at_ms: row.get(13)?,
        last_ping_at_ms: row.get(14)?,
        last_ping_kind: row.get(15)?,
        last_ping_message: row.get(16)?,
        created_at_ms: row.get(17)?,
    })
}

/// Inserts an agent, or (`replace`) rewrites the settings of an existing one, keeping its
/// state and pings.
pub fn save(tx: &Tx<'_>, a: &AgentRow, replace: bool) -> Result<(), Error> {
    if replace {
        let n = tx.0.execute(
            "UPDATE heartbeat_agents SET label = ?2, schedule = ?3, tz = ?4, grace_ms = ?5,
                    sources_json = ?6, stagnant_after_ms = ?7, max_rounds = ?8, warn_rounds_pct = ?9,
                    owner = ?10, escalate = ?11, paused = ?12
             WHERE name = ?1",
            params![a.name, a.label, a.schedule, a.tz, a.grace_ms, to_json(&a.sources), a.stagnant_after_ms,
                    a.max_rounds, a.warn_rounds_pct, a.owner, a.escalate, a.paused],
        )?;
        if n == 0 {
            return Err(Error::NotFound(format!("agent {:?}", a.name)));
        }
        return Ok(());
    }
    tx.0.execute(
        "INSERT INTO heartbeat_agents (name, label, schedule, tz, grace_ms, sources_json,
            stagnant_after_ms, max_rounds, warn_rounds_pct, owner, escalate, paused, created_at_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        params![
            a.name,
            a.label,
            a.schedule,
            a.tz,
            a.grace_ms,
            to_json(&a.sources),
            a.stagnant_after_ms,
            a.max_rounds,
            a.warn_rounds_pct,
            a.owner,
            a.escalate,
            a.paused,
            a.created_at_ms
        ],
    )
    .map_err(|e| conflict(e, || format!("agent {:?}", a.name)))?;
    Ok(())
}

/// All agents by name.
pub fn list(tx: &Tx<'_>) -> Result<Vec<AgentRow>, Error> {
    let mut stmt = tx.0.prepare(&format!(
        "SELECT {COLUMNS} FROM heartbeat_agents ORDER BY name"
    ))?;
    Ok(stmt
        .query_map([], from_row)?
        .collect::<rusqlite::Result<_>>()?)
}

/// One agent.
pub fn get(tx: &Tx<'_>, name: &str) -> Result<AgentRow, Error> {
    tx.0.query_row(
        &format!("SELECT {COLUMNS} FROM heartbeat_agents WHERE name = ?1"),
        [name],
        from_row,
    )
    .optional()?
    .ok_or_else(|| Error::NotFound(format!("agent {name:?}")))
}

/// Removes an agent (its beats stay).
pub fn remove(tx: &Tx<'_>, name: &str) -> Result<(), Error> {
    if tx
        .0
        .execute("DELETE FROM heartbeat_agents WHERE name = ?1", [name])?
        == 0
    {
        return Err(Error::NotFound(format!("agent {name:?}")));
    }
    Ok(())
}

/// Records a ping from the job itself.
pub fn ping(tx: &Tx<'_>, name: &str, at_ms: i64, kind: &str, message: &str) -> Result<(), Error> {
    let n = tx.0.execute(
        "UPDATE heartbeat_agents SET last_ping_at_ms = ?2, last_ping_kind = ?3, last_ping_message = ?4
         WHERE name = ?1",
        params![name, at_ms, kind, message],
    )?;
    if n == 0 {
        return Err(Error::NotFound(format!("agent {name:?}")));
    }
    Ok(())
}

/// A beat: the result of one evaluation.
#[derive(Debug, Clone, Serialize)]
pub struct Beat {
    pub agent: String,
    pub at_ms: i64,
    pub status: String,
    pub pending: u32,
    pub in_progress: u32,
    pub stagnant: u32,
    pub blocked: u32,
    pub rounds: u32,
    pub max_stagnation_s: i64,
    pub findings: Vec<Finding>,
}

/// Stores a beat and the agent's new state.
pub fn record(tx: &Tx<'_>, beat: &Beat) -> Result<(), Error> {
    tx.0.execute(
        "INSERT INTO heartbeat_beats (agent, at_ms, status, pending, in_progress, stagnant, blocked,
                                      rounds, max_stagnation_s, findings_json)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![beat.agent, beat.at_ms, beat.status, beat.pending, beat.in_progress, beat.stagnant,
                beat.blocked, beat.rounds, beat.max_stagnation_s, to_json(&beat.findings)],
    )?;
    tx.0.execute(
        "UPDATE heartbeat_agents SET state = ?2, last_eval_at_ms = ?3 WHERE name = ?1",
        params![beat.agent, beat.status, beat.at_ms],
    )?;
    Ok(())
}

/// The latest beat of an agent.
pub fn last_beat(tx: &Tx<'_>, agent: &str) -> Result<Option<Beat>, Error> {
    Ok(tx
        .0
        .query_row(
            "SELECT agent, at_ms, status, pending, in_progress, stagnant, blocked, rounds,
                    max_stagnation_s, findings_json
             FROM heartbeat_beats WHERE agent = ?1 ORDER BY at_ms DESC, id DESC LIMIT 1",
            [agent],
            |row| {
                Ok(Beat {
                    agent: row.get(0)?,
                    at_ms: row.get(1)?,
                    status: row.get(2)?,
                    pending: row.get(3)?,
                    in_progress: row.get(4)?,
                    stagnant: row.get(5)?,
                    blocked: row.get(6)?,
                    rounds: row.get(7)?,
                    max_stagnation_s: row.get(8)?,
                    findings: json_column(row, 9)?,
                })
            },
        )
        .optional()?)
}
