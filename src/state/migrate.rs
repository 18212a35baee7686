//! Forward-only schema migrations, tracked in `PRAGMA user_version`. Each step runs in its
//! own transaction, so a crash leaves the DB at the previous version, never half-migrated.

use rusqlite::{Connection, TransactionBehavior};

use super::Error;

/// Migration `i` brings the schema from version `i` to `i + 1`. Never edit a shipped step:
/// add a new file.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_init.sql"),
    include_str!("migrations/0002_backup.sql"),
    include_str!("migrations/0003_notify.sql"),
    include_str!("migrations/0004_inspect.sql"),
    include_str!("migrations/0005_heartbeat.sql"),
    include_str!("migrations/0006_clients.sql"),
    include_str!("migrations/0007_messages.sql"),
    include_str!("migrations/0008_key_refs.sql"),
    include_str!("migrations/0009_requests.sql"),
    include_str!("migrations/0010_heartbeat_drive.sql"),
    include_str!("migrations/0011_provider_limits.sql"),
    include_str!("migrations/0012_estimated_usage.sql"),
    include_str!("migrations/0013_client_limits.sql"),
    include_str!("migrations/0014_agent_llm.sql"),
    include_str!("migrations/0015_dialects.sql"),
    include_str!("migrations/0016_budget_holds.sql"),
    include_str!("migrations/0017_message_problems.sql"),
    include_str!("migrations/0018_cooldown_clear.sql"),
    include_str!("migrations/0019_removed_providers.sql"),
    include_str!("migrations/0020_agent_spend.sql"),
    include_str!("migrations/0021_request_log.sql"),
    include_str!("migrations/0022_inspect_marks.sql"),
    include_str!("migrations/0023_backup_remote.sql"),
    include_str!("migrations/0024_request_log_rowid.sql"),
    include_str!("migrations/0025_request_log_answer.sql"),
];

/// The schema version this build writes.
pub(super) fn latest() -> i64 {
    i64::try_from(MIGRATIONS.len()).unwrap_or(i64::MAX)
}

pub(super) fn version(conn: &Connection) -> Result<i64, Error> {
    Ok(conn.pragma_query_value(None, "user_version", |row| row.get(0))?)
}

pub(super) fn run(conn: &mut Connection) -> Result<(), Error> {
    let found = version(conn)?;
    if found > latest() {
        return Err(Error::TooNew {
            found,
            supported: latest(),
        });
    }
    for (index, sql) in MIGRATIONS
        .iter()
        .enumerate()
        .skip(usize::try_from(found).unwrap_or(0))
    {
        // IMMEDIATE: two processes opening a fresh DB at once must not both migrate.
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let current: i64 = tx.pragma_query_value(None, "user_version", |row| row.get(0))?;
        let target = i64::try_from(index + 1).unwrap_or(i64::MAX);
        if current >= target {
            continue;
        }
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", target)?;
        tx.commit()?;
        tracing::debug!(version = target, "migrated state db");
    }
    Ok(())
}
