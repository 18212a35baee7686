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

/// The tally of `agent`.
pub fn get(tx: &Tx<'_>, agent: &str) -> Result<Tally, Error> {
    Ok(tx
        .0
        .query_row(
            "SELECT spent_tokens, spent_nusd, llm_seen_at_ms, since_progress_tokens,
                    since_progress_nusd, progress_at_ms, tasks_json, turn_at_ms, turn_spent_tokens,
                    silent_turns, spin_acted, forgiven_tokens, forgiven_nusd
             FROM heartbeat_tally WHERE agent = ?1",
            [agent],
            |row| {
                let spent: (Option<i64>, Option<i64>) = (row.get(0)?, row.get(1)?);
                let turn: (Option<i64>, Option<i64>) = (row.get(7)?, row.get(8)?);
                Ok(Tally {
                    spent: spent.0.zip(spent.1).map(|(t, n)| (count(t), count(n))),
                    llm_seen_at_ms: row.get(2)?,
                    since_progress: (count(row.get(3)?), count(row.get(4)?)),
                    progress_at_ms: row.get(5)?,
                    tasks: json_column(row, 6)?,
                    turn: turn.0.map(|at| (at, count(turn.1.unwrap_or(0)))),
                    silent_turns: row.get(9)?,
                    spin_acted: row.get(10)?,
                    forgiven: (count(row.get(11)?), count(row.get(12)?)),
                })
            },
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
    let names: Vec<String> =
        tx.0.prepare("SELECT agent FROM heartbeat_tally")?
            .query_map([], |row| row.get(0))?
            .collect::<rusqlite::Result<_>>()?;
    names
        .into_iter()
        .map(|n| get(tx, &n).map(|t| (n, t)))
        .collect()
}
