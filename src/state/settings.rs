//! `system_config`: the DB layer of configuration (flag > env > this table > default). Keys
//! follow the Sidecar V2 names (`queue_max_depth`, `cooldown_base_seconds`, …).

use std::collections::HashMap;

use rusqlite::params;

use super::{Error, Tx, now_ms};

/// Every stored setting.
pub fn all(tx: &Tx<'_>) -> Result<HashMap<String, String>, Error> {
    let mut stmt = tx.0.prepare("SELECT key, value FROM system_config")?;
    let rows = stmt.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Stores one setting.
pub fn set(tx: &Tx<'_>, key: &str, value: &str) -> Result<(), Error> {
    tx.0.execute(
        "INSERT INTO system_config (key, value, updated_at_ms) VALUES (?1, ?2, ?3)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at_ms = excluded.updated_at_ms",
        params![key, value, now_ms()],
    )?;
    Ok(())
}

/// Deletes one setting; `NotFound` when it was not set.
pub fn delete(tx: &Tx<'_>, key: &str) -> Result<(), Error> {
    if tx
        .0
        .execute("DELETE FROM system_config WHERE key = ?1", [key])?
        == 0
    {
        return Err(Error::NotFound(format!("setting {key:?}")));
    }
    Ok(())
}
