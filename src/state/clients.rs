//! Client tokens of the sidecar's `/v1` (hashes only) and the usage reported per client.

use std::collections::HashMap;

use rusqlite::params;
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ValueRef};
use serde::Serialize;

use super::{Error, Tx};

/// A client token as stored (hash only), with its limits.
#[derive(Debug, Clone, Serialize)]
pub struct ClientRow {
    pub name: String,
    #[serde(skip)]
    pub token_sha256: Vec<u8>,
    pub created_at_ms: i64,
    /// Requests per minute; 0: no limit.
    pub rpm: u32,
    /// Let through paths the sidecar does not price, despite its limits.
    pub passthrough: bool,
    /// Keep its requests' bodies in the request log (capped, credentials redacted).
    pub log_bodies: bool,
    #[serde(skip)]
    pub budgets: Vec<Budget>,
}

/// What a budget counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BudgetUnit {
    /// Amounts in nano-USD (10⁻⁹ USD), so sums are exact.
    Usd,
    Tokens,
}

/// The UTC period a budget renews at: the top of the hour, midnight, the first of the month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    Hour,
    Day,
    Month,
}

/// A limit on what a client may use per period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Budget {
    pub unit: BudgetUnit,
    pub period: Period,
    /// Nano-USD or tokens.
    pub amount: u64,
}

impl BudgetUnit {
    /// Of an amount in nano-USD and tokens, the one this unit counts.
    pub fn of(self, (nano_usd, tokens): (u64, u64)) -> u64 {
        match self {
            Self::Usd => nano_usd,
            Self::Tokens => tokens,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Usd => "usd",
            Self::Tokens => "tokens",
        }
    }
}

impl FromSql for BudgetUnit {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let text = value.as_str()?;
        [Self::Usd, Self::Tokens]
            .into_iter()
            .find(|u| u.as_str() == text)
            .ok_or_else(|| FromSqlError::Other(format!("unknown budget unit {text:?}").into()))
    }
}

impl Period {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Hour => "hour",
            Self::Day => "day",
            Self::Month => "month",
        }
    }
}

impl FromSql for Period {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let text = value.as_str()?;
        [Self::Hour, Self::Day, Self::Month]
            .into_iter()
            .find(|p| p.as_str() == text)
            .ok_or_else(|| FromSqlError::Other(format!("unknown budget period {text:?}").into()))
    }
}

/// A budget level told once per period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeLevel {
    /// 80 % used.
    Warning,
    /// All used.
    Exceeded,
}

impl NoticeLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Warning => "warning",
            Self::Exceeded => "exceeded",
        }
    }
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

/// Pauses a client for the sidecars of this host: they refuse it until resumed. `agent` is
/// the agent whose watch paused it; `reason` is said to the client.
pub fn pause(tx: &Tx<'_>, client: &str, agent: &str, reason: &str) -> Result<(), Error> {
    tx.0.execute(
        "INSERT OR REPLACE INTO client_pauses (client, agent, reason, at_ms) VALUES (?1, ?2, ?3, ?4)",
        params![client, agent, reason, super::now_ms()],
    )?;
    bump_providers_generation(tx)
}

/// Lifts a client's pause; false when it was not paused.
pub fn unpause(tx: &Tx<'_>, client: &str) -> Result<bool, Error> {
    let n =
        tx.0.execute("DELETE FROM client_pauses WHERE client = ?1", [client])?;
    if n > 0 {
        bump_providers_generation(tx)?;
    }
    Ok(n > 0)
}

/// Paused clients → why.
pub fn pauses(tx: &Tx<'_>) -> Result<HashMap<String, String>, Error> {
    Ok(tx
        .0
        .prepare("SELECT client, reason FROM client_pauses")?
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?)
}

/// Client tokens change what the sidecar accepts: reload like a provider change.
fn bump_providers_generation(tx: &Tx<'_>) -> Result<(), Error> {
    tx.0.execute(
        "UPDATE generations SET value = value + 1 WHERE name = 'providers'",
        [],
    )?;
    Ok(())
}

/// All client tokens, with their limits.
pub fn list(tx: &Tx<'_>) -> Result<Vec<ClientRow>, Error> {
    let mut stmt = tx.0.prepare(
        "SELECT name, token_sha256, created_at_ms, rpm, passthrough, log_bodies FROM sidecar_clients
         ORDER BY name",
    )?;
    let mut clients: Vec<ClientRow> = stmt
        .query_map([], |row| {
            Ok(ClientRow {
                name: row.get(0)?,
                token_sha256: row.get(1)?,
                created_at_ms: row.get(2)?,
                rpm: row.get(3)?,
                passthrough: row.get(4)?,
                log_bodies: row.get(5)?,
                budgets: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt = tx.0.prepare(
        "SELECT client, unit, period, amount FROM client_budgets ORDER BY client, unit, period",
    )?;
    let rows = stmt.query_map([], |row| {
        Ok((
            row.get::<_, String>(0)?,
            Budget {
                unit: row.get(1)?,
                period: row.get(2)?,
                amount: row.get(3)?,
            },
        ))
    })?;
    for row in rows {
        let (client, budget) = row?;
        if let Some(c) = clients.iter_mut().find(|c| c.name == client) {
            c.budgets.push(budget);
        }
    }
    Ok(clients)
}

/// Changes a client's limits: `rpm` when given; `clear` drops every budget first; each of
/// `budgets` replaces the one of its unit and period.
pub fn set_limits(
    tx: &Tx<'_>,
    name: &str,
    (rpm, passthrough, log_bodies): (Option<u32>, Option<bool>, Option<bool>),
    clear: bool,
    budgets: &[Budget],
) -> Result<(), Error> {
    let exists: bool = tx.0.query_row(
        "SELECT EXISTS (SELECT 1 FROM sidecar_clients WHERE name = ?1)",
        [name],
        |row| row.get(0),
    )?;
    if !exists {
        return Err(Error::NotFound(format!("client {name:?}")));
    }
    if let Some(rpm) = rpm {
        tx.0.execute(
            "UPDATE sidecar_clients SET rpm = ?2 WHERE name = ?1",
            params![name, rpm],
        )?;
    }
    if let Some(allow) = passthrough {
        tx.0.execute(
            "UPDATE sidecar_clients SET passthrough = ?2 WHERE name = ?1",
            params![name, allow],
        )?;
    }
    if let Some(log) = log_bodies {
        tx.0.execute(
            "UPDATE sidecar_clients SET log_bodies = ?2 WHERE name = ?1",
            params![name, log],
        )?;
    }
    if clear {
        tx.0.execute("DELETE FROM client_budgets WHERE client = ?1", [name])?;
    }
    for b in budgets {
        tx.0.execute(
            "INSERT INTO client_budgets (client, unit, period, amount) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (client, unit, period) DO UPDATE SET amount = excluded.amount",
            params![name, b.unit.as_str(), b.period.as_str(), b.amount],
        )?;
    }
    bump_providers_generation(tx)
}

/// What a client used since `since_ms`: nano-USD and tokens.
pub fn used_since(tx: &Tx<'_>, client: &str, since_ms: i64) -> Result<(u64, u64), Error> {
    let (cost, tokens): (f64, i64) = tx.0.query_row(
        "SELECT COALESCE(SUM(cost_usd), 0), COALESCE(SUM(prompt_tokens + completion_tokens), 0)
         FROM usage_clients WHERE client = ?1 AND hour_start_ms >= ?2",
        params![client, since_ms],
        |row| Ok((row.get(0)?, row.get(1)?)),
    )?;
    Ok((nano_usd(cost), u64::try_from(tokens).unwrap_or(0)))
}

/// USD as whole nano-USD (what budgets count in).
#[expect(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    reason = "costs are positive and far below 2^64 nano-USD"
)]
pub fn nano_usd(usd: f64) -> u64 {
    (usd * 1e9).round().max(0.0) as u64
}

/// Records that `level` of a budget was reached in the period starting at `period_start_ms`;
/// false when it already was (by this or another sidecar).
pub fn record_notice(
    tx: &Tx<'_>,
    client: &str,
    budget: &Budget,
    period_start_ms: i64,
    level: NoticeLevel,
) -> Result<bool, Error> {
    Ok(tx.0.execute(
        "INSERT OR IGNORE INTO budget_notices (client, unit, period, period_start_ms, level, at_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            client,
            budget.unit.as_str(),
            budget.period.as_str(),
            period_start_ms,
            level.as_str(),
            super::now_ms()
        ],
    )? == 1)
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
        .query_map([since_ms], |row| client_usage(row, 0))?
        .collect::<rusqlite::Result<_>>()?)
}

/// A `ClientUsage` from the columns client, requests, errors, prompt and completion tokens and
/// cost, from column `at` on.
fn client_usage(row: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<ClientUsage> {
    Ok(ClientUsage {
        client: row.get(at)?,
        requests: row.get(at + 1)?,
        errors: row.get(at + 2)?,
        prompt_tokens: row.get(at + 3)?,
        completion_tokens: row.get(at + 4)?,
        cost_usd: row.get(at + 5)?,
    })
}

/// What one client used in one hour or UTC day.
#[derive(Debug, Clone, Serialize)]
pub struct ClientPeriod {
    pub period_start_ms: i64,
    #[serde(flatten)]
    pub usage: ClientUsage,
}

/// Usage per client and hour (or UTC day) since `since_ms`, oldest first.
pub fn usage_by_period(
    tx: &Tx<'_>,
    since_ms: i64,
    daily: bool,
) -> Result<Vec<ClientPeriod>, Error> {
    let period = if daily {
        "(hour_start_ms / 86400000) * 86400000"
    } else {
        "hour_start_ms"
    };
    let mut stmt = tx.0.prepare(&format!(
        "SELECT {period} AS period, client, SUM(requests), SUM(errors), SUM(prompt_tokens),
                SUM(completion_tokens), SUM(cost_usd)
         FROM usage_clients WHERE hour_start_ms >= ?1
         GROUP BY period, client ORDER BY period, client"
    ))?;
    Ok(stmt
        .query_map([since_ms], |row| {
            Ok(ClientPeriod {
                period_start_ms: row.get(0)?,
                usage: client_usage(row, 1)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}

/// When each client was last seen: the minute of its latest attempt (kept two days), else the
/// hour of its latest usage.
pub fn last_seen(tx: &Tx<'_>) -> Result<Vec<(String, i64)>, Error> {
    let mut stmt = tx.0.prepare(
        "SELECT client, MAX(at) FROM (
            SELECT client, MAX(minute_ms) AS at FROM usage_client_minutes GROUP BY client
            UNION ALL
            SELECT client, MAX(hour_start_ms) AS at FROM usage_clients GROUP BY client)
         GROUP BY client ORDER BY client",
    )?;
    Ok(stmt
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?)
}

/// A request's reservations on its client's budgets, journaled while it is in flight.
#[derive(Debug, Clone)]
pub struct BudgetHold {
    pub id: i64,
    pub client: std::sync::Arc<str>,
    /// Per budget: its unit, its period's start and the amount reserved.
    pub amounts: Vec<(BudgetUnit, i64, u64)>,
    pub lapses_at_ms: i64,
}

/// Journals a request's reservations.
pub fn add_hold(tx: &Tx<'_>, h: &BudgetHold) -> Result<(), Error> {
    let mut stmt = tx.0.prepare_cached(
        "INSERT OR REPLACE INTO budget_holds (id, client, unit, period_start_ms, amount, lapses_at_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for (unit, period_start_ms, amount) in &h.amounts {
        stmt.execute(params![
            h.id,
            &*h.client,
            unit.as_str(),
            period_start_ms,
            amount,
            h.lapses_at_ms
        ])?;
    }
    Ok(())
}

/// The reservation settled: its request's usage is stored instead.
pub fn release_hold(tx: &Tx<'_>, id: i64) -> Result<(), Error> {
    tx.0.prepare_cached("DELETE FROM budget_holds WHERE id = ?1")?
        .execute([id])?;
    Ok(())
}

/// What a client's unsettled reservations hold in a budget's period (left by a sidecar that
/// was killed mid-request), until they lapse at `now_ms`.
pub fn held(
    tx: &Tx<'_>,
    client: &str,
    unit: BudgetUnit,
    period_start_ms: i64,
    now_ms: i64,
) -> Result<u64, Error> {
    let sum: i64 = tx.0.query_row(
        "SELECT COALESCE(SUM(amount), 0) FROM budget_holds
         WHERE client = ?1 AND unit = ?2 AND period_start_ms = ?3 AND lapses_at_ms > ?4",
        params![client, unit.as_str(), period_start_ms, now_ms],
        |row| row.get(0),
    )?;
    Ok(u64::try_from(sum).unwrap_or(0))
}

/// Drops reservations that lapsed.
pub fn prune_holds(tx: &Tx<'_>, now_ms: i64) -> Result<usize, Error> {
    Ok(tx.0.execute(
        "DELETE FROM budget_holds WHERE lapses_at_ms <= ?1",
        [now_ms],
    )?)
}
