//! What heartbeat keeps of each agent between beats: its client's spend as last read, spend
//! since a task last moved, the tasks as they were, and the oldest turn not yet judged.

use std::collections::BTreeMap;

use rusqlite::{OptionalExtension as _, params};

use super::{Error, Tx, json_column, to_json};

/// One agent's tally (the default for an agent never tallied).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    /// The client's spend so far as last read: (tokens, nano-USD).
    pub spent: Option<(u64, u64)>,
    /// When that spend was last seen growing.
    pub llm_seen_at_ms: Option<i64>,
    /// (tokens, nano-USD) spent since a task last moved.
    pub since_progress: (u64, u64),
    pub progress_at_ms: Option<i64>,
    /// Spent since the last beat but forgiven by `heartbeat resume`.
    pub forgiven: (u64, u64),
    /// Task id → status at the last beat.
    pub tasks: BTreeMap<String, String>,
    /// The oldest trigger answered and not yet judged, and the client's tokens then.
    pub turn: Option<(i64, u64)>,
    pub silent_turns: u32,
    /// The spin action ran and is not undone.
    pub spin_acted: bool,
}

fn count(v: i64) -> u64 {
    u64::try_from(v).unwrap_or(0)
}

fn stored(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

const COLUMNS: &str = "spent_tokens, spent_nusd, llm_seen_at_ms, since_progress_tokens,
    since_progress_nusd, progress_at_ms, tasks_json, turn_at_ms, turn_spent_tokens, silent_turns,
    spin_acted, forgiven_tokens, forgiven_nusd";

/// A tally from `COLUMNS` starting at column `at`.
fn from_row_at(row: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<Tally> {
    let spent: (Option<i64>, Option<i64>) = (row.get(at)?, row.get(at + 1)?);
    let turn: (Option<i64>, Option<i64>) = (row.get(at + 7)?, row.get(at + 8)?);
    Ok(Tally {
        spent: spent.0.zip(spent.1).map(|(t, n)| (count(t), count(n))),
        llm_seen_at_ms: row.get(at + 2)?,
        since_progress: (count(row.get(at + 3)?), count(row.get(at + 4)?)),
        progress_at_ms: row.get(at + 5)?,
        tasks: json_column(row, at + 6)?,
        turn: turn.0.map(|when| (when, count(turn.1.unwrap_or(0)))),
        silent_turns: row.get(at + 9)?,
        spin_acted: row.get(at + 10)?,
        forgiven: (count(row.get(at + 11)?), count(row.get(at + 12)?)),
    })
}

/// The tally of `agent`.
pub fn get(tx: &Tx<'_>, agent: &str) -> Result<Tally, Error> {
    Ok(tx
        .0
        .query_row(
            &format!("SELECT {COLUMNS} FROM heartbeat_tally WHERE agent = ?1"),
            [agent],
            |row| from_row_at(row, 0),
        )
        .optional()?
        .unwrap_or_default())
}

/// Stores the tally of `agent`.
pub fn save(tx: &Tx<'_>, agent: &str, t: &Tally) -> Result<(), Error> {
    tx.0.execute(
        "INSERT OR REPLACE INTO heartbeat_tally (agent, spent_tokens, spent_nusd, llm_seen_at_ms,
             since_progress_tokens, since_progress_nusd, progress_at_ms, tasks_json, turn_at_ms,
             turn_spent_tokens, silent_turns, spin_acted, forgiven_tokens, forgiven_nusd)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        params![
            agent,
            t.spent.map(|s| stored(s.0)),
            t.spent.map(|s| stored(s.1)),
            t.llm_seen_at_ms,
            stored(t.since_progress.0),
            stored(t.since_progress.1),
            t.progress_at_ms,
            to_json(&t.tasks),
            t.turn.map(|t| t.0),
            t.turn.map(|t| stored(t.1)),
            t.silent_turns,
            t.spin_acted,
            stored(t.forgiven.0),
            stored(t.forgiven.1),
        ],
    )?;
    Ok(())
}

/// Every agent's tally, by name (for the exporter).
pub fn all(tx: &Tx<'_>) -> Result<BTreeMap<String, Tally>, Error> {
    let mut stmt =
        tx.0.prepare(&format!("SELECT agent, {COLUMNS} FROM heartbeat_tally"))?;
    Ok(stmt
        .query_map([], |row| {
            // The tally's columns follow the name.
            let name: String = row.get(0)?;
            Ok((name, from_row_at(row, 1)?))
        })?
        .collect::<rusqlite::Result<_>>()?)
}
