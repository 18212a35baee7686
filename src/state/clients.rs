//! Client tokens of the sidecar's `/v1` (hashes only) and the usage reported per client.

use rusqlite::params;
use serde::Serialize;

use super::{Error, Tx};

/// A client token as stored (hash only).
#[derive(Debug, Clone, Serialize)]
pub struct ClientRow {
    pub name: String,
    #[serde(skip)]
    pub token_sha256: Vec<u8>,
    pub created_at_ms: i64,
}

/// Adds a client token (its SHA-256).
pub fn add(tx: &Tx<'_>, name: &str, token_sha256: &[u8]) -> Result<(), Error> {
    tx.0.execute(
        "INSERT INTO sidecar_clients (name, token_sha256, created_at_ms) VALUES (?1, ?2, ?3)",
        params![name, token_sha256, super::now_ms()],
    )
    .map_err(|e| super::conflict(e, || format!("client {name:?}")))?;
    bump_providers_generation(tx)
}

/// Removes a client token.
pub fn remove(tx: &Tx<'_>, name: &str) -> Result<(), Error> {
    if tx
        .0
        .execute("DELETE FROM sidecar_clients WHERE name = ?1", [name])?
        == 0
    {
        return Err(Error::NotFound(format!("client {name:?}")));
    }
    bump_providers_generation(tx)
}

/// Client tokens change what the sidecar accepts: reload like a provider change.
fn bump_providers_generation(tx: &Tx<'_>) -> Result<(), Error> {
    tx.0.execute(
        "UPDATE generations SET value = value + 1 WHERE name = 'providers'",
        [],
    )?;
    Ok(())
}

/// All client tokens.
pub fn list(tx: &Tx<'_>) -> Result<Vec<ClientRow>, Error> {
    let mut stmt = tx
        .0
        .prepare("SELECT name, token_sha256, created_at_ms FROM sidecar_clients ORDER BY name")?;
    Ok(stmt
        .query_map([], |row| {
            Ok(ClientRow {
                name: row.get(0)?,
                token_sha256: row.get(1)?,
                created_at_ms: row.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}

/// Usage per client since `since_ms`.
#[derive(Debug, Clone, Serialize)]
pub struct ClientUsage {
    pub client: String,
    pub requests: u64,
    pub errors: u64,
    pub prompt_tokens: u64,
    pub completion_tokens: u64,
    pub cost_usd: f64,
}

/// Sums per client since `since_ms`.
pub fn usage_since(tx: &Tx<'_>, since_ms: i64) -> Result<Vec<ClientUsage>, Error> {
    let mut stmt = tx.0.prepare(
        "SELECT client, SUM(requests), SUM(errors), SUM(prompt_tokens), SUM(completion_tokens), SUM(cost_usd)
         FROM usage_clients WHERE hour_start_ms >= ?1 GROUP BY client ORDER BY client",
    )?;
    Ok(stmt
        .query_map([since_ms], |row| {
            Ok(ClientUsage {
                client: row.get(0)?,
                requests: row.get(1)?,
                errors: row.get(2)?,
                prompt_tokens: row.get(3)?,
                completion_tokens: row.get(4)?,
                cost_usd: row.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}
