//! Reading a Sidecar V2 database (the Python tool bizwings replaces), for `provider import`.
//! Opened read-only; nothing is written to it.

use std::collections::BTreeMap;
use std::path::Path;

use rusqlite::{Connection, OpenFlags};
use serde::Deserialize;

use super::Error;

/// A row of V2's `backends` table.
#[derive(Debug, Clone)]
pub struct V2Backend {
    pub id: String,
    pub name: String,
    pub label: String,
    pub api_base_url: String,
    /// `nonce_hex:ciphertext_hex`, AES-256-GCM without associated data.
    pub api_key_encrypted: String,
    pub timeout_seconds: f64,
    pub rpm_limit: u32,
    pub pool: String,
    pub enabled: bool,
    /// Canonical model name → V2's mapping.
    pub model_mappings: BTreeMap<String, V2Mapping>,
}

/// Sidecar V2's shape of a model mapping (its DB and admin API): prices per token under `cost`.
#[derive(Debug, Clone, Deserialize)]
pub struct V2Mapping {
    #[serde(default)]
    pub native_id: Option<String>,
    #[serde(default)]
    pub cost: BTreeMap<String, f64>,
    pub context_window: Option<u32>,
    pub max_tokens: Option<u32>,
}

/// A row of V2's `backend_usage_logs` (one backend and hour; V2 keeps no model split that
/// survives, see DESIGN.md).
#[derive(Debug, Clone)]
pub struct V2Usage {
    pub backend_id: String,
    pub model: String,
    pub prompt_tokens: u64,
    pub completion_tokens: u64,
    pub cost: f64,
    pub requests: u64,
    pub errors: u64,
    pub avg_latency_ms: u64,
    pub ttft_ms: u64,
    /// `%Y-%m-%dT%H:00:00Z`.
    pub hour_bucket: String,
}

/// Reads the backends and, where the table exists, the usage of a V2 database.
pub fn read_sidecar_v2(path: &Path) -> Result<(Vec<V2Backend>, Vec<V2Usage>), Error> {
    let shown = path.display().to_string();
    let conn =
        Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(|source| {
            Error::Open {
                path: shown.clone(),
                source,
            }
        })?;
    let corrupt = |source| Error::Corrupt {
        path: shown.clone(),
        source,
    };
    let mut stmt = conn
        .prepare(
            "SELECT id, name, COALESCE(label, ''), api_base_url, api_key_encrypted, timeout_seconds,
                    rpm_limit, pool, enabled, COALESCE(model_mappings_json, '{}')
             FROM backends ORDER BY created_at, name",
        )
        .map_err(corrupt)?;
    let backends = stmt
        .query_map([], |row| {
            Ok(V2Backend {
                id: row.get(0)?,
                name: row.get(1)?,
                label: row.get(2)?,
                api_base_url: row.get(3)?,
                api_key_encrypted: row.get(4)?,
                timeout_seconds: row.get(5)?,
                rpm_limit: row.get(6)?,
                pool: row.get(7)?,
                enabled: row.get(8)?,
                // V2 wrote this column loosely: one it cannot read maps no models, as in V2.
                model_mappings: serde_json::from_str(&row.get::<_, String>(9)?).unwrap_or_default(),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let has_usage: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'backend_usage_logs')",
        [],
        |row| row.get(0),
    )?;
    let usage = if has_usage {
        let mut stmt = conn.prepare(
            "SELECT backend_id, COALESCE(model, 'unknown'), COALESCE(prompt_tokens, 0),
                    COALESCE(completion_tokens, 0), COALESCE(cost, 0), COALESCE(request_count, 0),
                    COALESCE(error_count, 0), COALESCE(avg_latency_ms, 0), COALESCE(ttft_ms, 0), hour_bucket
             FROM backend_usage_logs",
        )?;
        stmt.query_map([], |row| {
            Ok(V2Usage {
                backend_id: row.get(0)?,
                model: row.get(1)?,
                prompt_tokens: row.get(2)?,
                completion_tokens: row.get(3)?,
                cost: row.get(4)?,
                requests: row.get(5)?,
                errors: row.get(6)?,
                avg_latency_ms: row.get(7)?,
                ttft_ms: row.get(8)?,
                hour_bucket: row.get(9)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?
    } else {
        Vec::new()
    };
    Ok((backends, usage))
}
