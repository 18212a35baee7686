//! The names of things, for shell completion: cheap, read-only, no secrets.

use super::{Error, Tx};

/// What to name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Named {
    Provider,
    Agent,
    Host,
    BackupJob,
    Receiver,
    Client,
}

/// The names of `what`, sorted.
pub fn names(tx: &Tx<'_>, what: Named) -> Result<Vec<String>, Error> {
    let table = match what {
        Named::Provider => "providers",
        Named::Agent => "heartbeat_agents",
        Named::Host => "inspect_hosts",
        Named::BackupJob => "backup_jobs",
        Named::Receiver => "notify_receivers",
        Named::Client => "sidecar_clients",
    };
    let mut stmt =
        tx.0.prepare(&format!("SELECT name FROM {table} ORDER BY name"))?;
    let rows = stmt.query_map([], |row| row.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
