//! The sidecar's accounting and runtime state, written behind the request path in batches:
//! usage per (provider, model, hour), cooldown events, and provider status changes.

use rusqlite::params;
use serde::Serialize;

use super::providers::ProviderId;
use super::{Error, Tx};

/// Counters of one (provider, model, hour) bucket, added to what is stored.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UsageDelta {
    pub requests: u64,
    pub errors: u64,
    /// Every prompt token (fresh, cache read and cache write).
    pub prompt_tokens: u64,
    /// Every output token (reasoning included).
    pub completion_tokens: u64,
    /// Of the prompt: read from the provider's cache.
    pub cache_read_tokens: u64,
    /// Of the prompt: written to the provider's cache.
    pub cache_write_tokens: u64,
    /// Of the output: reasoning (thinking) tokens, where the provider counts them apart.
    pub reasoning_tokens: u64,
    pub cost_usd: f64,
    pub latency_ms_sum: u64,
    pub ttft_ms_sum: u64,
    pub ttft_count: u64,
    /// Attempts whose tokens are an estimate, not the provider's count.
    pub estimated: u64,
    /// Attempts the upstream answered 429.
    pub rate_limited: u64,
}

/// Adds `delta` to the bucket `(provider, model, hour_start_ms)`.
pub fn add(
    tx: &Tx<'_>,
    provider: ProviderId,
    model: &str,
    hour_start_ms: i64,
    d: &UsageDelta,
) -> Result<(), Error> {
    let mut stmt = tx.0.prepare_cached(
        "INSERT INTO usage_hourly (provider_id, model, hour_start_ms, requests, errors,
            prompt_tokens, completion_tokens, cost_usd, latency_ms_sum, ttft_ms_sum, ttft_count,
            estimated, cache_read_tokens, cache_write_tokens, reasoning_tokens)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)
         ON CONFLICT (provider_id, model, hour_start_ms) DO UPDATE SET
            estimated = estimated + excluded.estimated,
            cache_read_tokens = cache_read_tokens + excluded.cache_read_tokens,
            cache_write_tokens = cache_write_tokens + excluded.cache_write_tokens,
            reasoning_tokens = reasoning_tokens + excluded.reasoning_tokens,
            requests = requests + excluded.requests,
            errors = errors + excluded.errors,
            prompt_tokens = prompt_tokens + excluded.prompt_tokens,
            completion_tokens = completion_tokens + excluded.completion_tokens,
            cost_usd = cost_usd + excluded.cost_usd,
            latency_ms_sum = latency_ms_sum + excluded.latency_ms_sum,
            ttft_ms_sum = ttft_ms_sum + excluded.ttft_ms_sum,
            ttft_count = ttft_count + excluded.ttft_count",
    )?;
    stmt.execute(params![
        provider.0,
        model,
        hour_start_ms,
        d.requests,
        d.errors,
        d.prompt_tokens,
        d.completion_tokens,
        d.cost_usd,
        d.latency_ms_sum,
        d.ttft_ms_sum,
        d.ttft_count,
        d.estimated,
        d.cache_read_tokens,
        d.cache_write_tokens,
        d.reasoning_tokens
    ])?;
    Ok(())
}

/// Records the start of a cooldown and marks the provider `cooling`. Does not bump the
/// providers generation: this is the sidecar's own state, not a configuration change.
pub fn cooldown_started(
    tx: &Tx<'_>,
    provider: ProviderId,
    consecutive: u32,
    cooldown_ms: u64,
    started_at_ms: i64,
    summary: &str,
) -> Result<(), Error> {
    let until = started_at_ms.saturating_add(i64::try_from(cooldown_ms).unwrap_or(i64::MAX));
    tx.0.execute(
        "INSERT INTO cooldown_events (provider_id, consecutive_count, cooldown_ms, summary, started_at_ms)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![provider.0, consecutive, cooldown_ms, summary, started_at_ms],
    )?;
    tx.0.execute(
        "UPDATE providers SET status = 'cooling', cooldown_until_ms = ?2, consecutive_429 = ?3
         WHERE id = ?1 AND status != 'error'",
        params![provider.0, until, consecutive],
    )?;
    Ok(())
}

/// Closes the open cooldown event of a provider and marks it `healthy` again.
pub fn cooldown_ended(tx: &Tx<'_>, provider: ProviderId, ended_at_ms: i64) -> Result<(), Error> {
    tx.0.execute(
        "UPDATE cooldown_events SET ended_at_ms = ?2
         WHERE provider_id = ?1 AND ended_at_ms IS NULL",
        params![provider.0, ended_at_ms],
    )?;
    tx.0.execute(
        "UPDATE providers SET status = 'healthy', cooldown_until_ms = NULL
         WHERE id = ?1 AND status = 'cooling'",
        [provider.0],
    )?;
    Ok(())
}

/// Resets the stored count of consecutive 429s after a success.
pub fn rate_limit_cleared(tx: &Tx<'_>, provider: ProviderId) -> Result<(), Error> {
    tx.0.execute(
        "UPDATE providers SET consecutive_429 = 0 WHERE id = ?1",
        [provider.0],
    )?;
    Ok(())
}

/// Marks a provider's key as rejected upstream (401/403): the sidecar stops routing to it
/// until an operator rotates the key or re-enables the provider.
pub fn key_rejected(tx: &Tx<'_>, provider: ProviderId, detail: &str) -> Result<(), Error> {
    tx.0.execute(
        "UPDATE providers SET status = 'error', status_detail = ?2 WHERE id = ?1",
        params![provider.0, detail],
    )?;
    // A status the CLI reads and the sidecar reloads: bump so every sidecar sees it.
    tx.0.execute(
        "UPDATE generations SET value = value + 1 WHERE name = 'providers'",
        [],
    )?;
    Ok(())
}

/// Client requests of one hour, by what the client saw.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Answers {
    pub requests: u64,
    pub ok: u64,
    pub client_errors: u64,
    pub server_errors: u64,
    /// Errors the sidecar answered itself (no capacity, unknown model, bad token, ...).
    #[expect(clippy::struct_field_names, reason = "its JSON and column name")]
    pub own_answers: u64,
}

impl Answers {
    /// Counts one answer with HTTP `status`; `own` when the sidecar made it.
    pub fn count(&mut self, status: u16, own: bool) {
        self.requests += 1;
        match status {
            500.. => self.server_errors += 1,
            400..500 => self.client_errors += 1,
            _ => self.ok += 1,
        }
        if own && status >= 400 {
            self.own_answers += 1;
        }
    }
}

/// Adds one hour's client answers.
pub fn add_answers(tx: &Tx<'_>, hour_start_ms: i64, a: &Answers) -> Result<(), Error> {
    let mut stmt = tx.0.prepare_cached(
        "INSERT INTO requests_hourly (hour_start_ms, requests, ok, client_errors, server_errors,
            own_answers)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (hour_start_ms) DO UPDATE SET
            requests = requests + excluded.requests,
            ok = ok + excluded.ok,
            client_errors = client_errors + excluded.client_errors,
            server_errors = server_errors + excluded.server_errors,
            own_answers = own_answers + excluded.own_answers",
    )?;
    stmt.execute(params![
        hour_start_ms,
        a.requests,
        a.ok,
        a.client_errors,
        a.server_errors,
        a.own_answers
    ])?;
    Ok(())
}

/// Client answers per period (hour or UTC day) since `since_ms`, newest first.
pub fn answers(tx: &Tx<'_>, since_ms: i64, daily: bool) -> Result<Vec<(i64, Answers)>, Error> {
    let period = if daily {
        "(hour_start_ms / 86400000) * 86400000"
    } else {
        "hour_start_ms"
    };
    let sql = format!(
        "SELECT {period} AS period, SUM(requests), SUM(ok), SUM(client_errors),
                SUM(server_errors), SUM(own_answers)
         FROM requests_hourly WHERE hour_start_ms >= ?1
         GROUP BY period ORDER BY period DESC"
    );
    let mut stmt = tx.0.prepare(&sql)?;
    let rows = stmt.query_map([since_ms], |row| {
        Ok((
            row.get(0)?,
            Answers {
                requests: row.get(1)?,
                ok: row.get(2)?,
                client_errors: row.get(3)?,
                server_errors: row.get(4)?,
                own_answers: row.get(5)?,
            },
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One row of a usage report.
#[derive(Debug, Clone, Serialize)]
pub struct UsageRow {
    /// Start of the period (hour or UTC day), unix ms.
    pub period_start_ms: i64,
    pub provider: String,
    pub model: String,
    pub requests: u64,
    pub errors: u64,
    pub prompt_tokens: u64,
    pub completion_tokens: u64,
    /// Of the prompt tokens: read from the cache, and written to it.
    pub cache_read_tokens: u64,
    pub cache_write_tokens: u64,
    /// Of the completion tokens: reasoning.
    pub reasoning_tokens: u64,
    pub cost_usd: f64,
    pub avg_latency_ms: f64,
    pub avg_ttft_ms: Option<f64>,
    /// Attempts whose tokens (and cost) are estimated.
    pub estimated: u64,
}

/// How a report groups rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Grouping {
    /// By provider and model: the default, not a choice of `--by`.
    #[value(skip)]
    ProviderAndModel,
    Provider,
    Model,
}

/// A provider's name in reports: a removed one's says so.
const PROVIDER_NAME: &str = "COALESCE(p.name, r.name || ' (removed)', '#' || u.provider_id)";

/// Usage since `since_ms`, per hour or per UTC day, grouped as asked, newest period first.
pub fn report(
    tx: &Tx<'_>,
    since_ms: i64,
    daily: bool,
    grouping: Grouping,
) -> Result<Vec<UsageRow>, Error> {
    let period = if daily {
        "(u.hour_start_ms / 86400000) * 86400000"
    } else {
        "u.hour_start_ms"
    };
    let (provider, model) = match grouping {
        Grouping::ProviderAndModel => (PROVIDER_NAME, "u.model"),
        Grouping::Provider => (PROVIDER_NAME, "'*'"),
        Grouping::Model => ("'*'", "u.model"),
    };
    let sql = format!(
        "SELECT {period} AS period, {provider} AS provider, {model} AS model,
                SUM(u.requests), SUM(u.errors), SUM(u.prompt_tokens), SUM(u.completion_tokens),
                SUM(u.cost_usd), SUM(u.latency_ms_sum), SUM(u.ttft_ms_sum), SUM(u.ttft_count),
                SUM(u.estimated), SUM(u.cache_read_tokens), SUM(u.cache_write_tokens),
                SUM(u.reasoning_tokens)
         FROM usage_hourly u LEFT JOIN providers p ON p.id = u.provider_id
              LEFT JOIN removed_providers r ON r.id = u.provider_id
         WHERE u.hour_start_ms >= ?1
         GROUP BY period, provider, model
         ORDER BY period DESC, provider, model"
    );
    let mut stmt = tx.0.prepare(&sql)?;
    let rows = stmt.query_map([since_ms], |row| {
        let requests: u64 = row.get(3)?;
        let latency_sum: u64 = row.get(8)?;
        let ttft_sum: u64 = row.get(9)?;
        let ttft_count: u64 = row.get(10)?;
        #[expect(clippy::cast_precision_loss, reason = "averages for display")]
        Ok(UsageRow {
            period_start_ms: row.get(0)?,
            provider: row.get(1)?,
            model: row.get(2)?,
            requests,
            errors: row.get(4)?,
            prompt_tokens: row.get(5)?,
            completion_tokens: row.get(6)?,
            cost_usd: row.get(7)?,
            avg_latency_ms: if requests == 0 {
                0.0
            } else {
                latency_sum as f64 / requests as f64
            },
            avg_ttft_ms: (ttft_count > 0).then(|| ttft_sum as f64 / ttft_count as f64),
            estimated: row.get(11)?,
            cache_read_tokens: row.get(12)?,
            cache_write_tokens: row.get(13)?,
            reasoning_tokens: row.get(14)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Cooldown events, newest first.
#[derive(Debug, Clone, Serialize)]
pub struct CooldownEvent {
    pub provider_id: i64,
    pub consecutive_count: u32,
    pub cooldown_ms: u64,
    pub summary: String,
    pub started_at_ms: i64,
    pub ended_at_ms: Option<i64>,
}

/// The latest `limit` cooldown events of one provider (or all).
pub fn cooldown_events(
    tx: &Tx<'_>,
    provider: Option<ProviderId>,
    limit: u32,
) -> Result<Vec<CooldownEvent>, Error> {
    let mut stmt = tx.0.prepare(
        "SELECT provider_id, consecutive_count, cooldown_ms, summary, started_at_ms, ended_at_ms
         FROM cooldown_events WHERE ?1 IS NULL OR provider_id = ?1
         ORDER BY started_at_ms DESC, id DESC LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![provider.map(|p| p.0), limit], |row| {
        Ok(CooldownEvent {
            provider_id: row.get(0)?,
            consecutive_count: row.get(1)?,
            cooldown_ms: row.get(2)?,
            summary: row.get(3)?,
            started_at_ms: row.get(4)?,
            ended_at_ms: row.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Totals over all time.
#[derive(Debug, Clone, Serialize)]
pub struct Totals {
    pub requests: u64,
    pub errors: u64,
    pub prompt_tokens: u64,
    pub completion_tokens: u64,
    pub cost_usd: f64,
}

/// Sums of every usage row.
pub fn totals(tx: &Tx<'_>) -> Result<Totals, Error> {
    totals_since(tx, 0)
}

/// Sums of the usage rows of the hours from `since_ms`'s on.
pub fn totals_since(tx: &Tx<'_>, since_ms: i64) -> Result<Totals, Error> {
    Ok(tx.0.query_row(
        "SELECT COALESCE(SUM(requests), 0), COALESCE(SUM(errors), 0), COALESCE(SUM(prompt_tokens), 0),
                COALESCE(SUM(completion_tokens), 0), COALESCE(SUM(cost_usd), 0.0)
         FROM usage_hourly WHERE hour_start_ms >= ?1",
        [since_ms - since_ms.rem_euclid(3_600_000)],
        |row| {
            Ok(Totals {
                requests: row.get(0)?,
                errors: row.get(1)?,
                prompt_tokens: row.get(2)?,
                completion_tokens: row.get(3)?,
                cost_usd: row.get(4)?,
            })
        },
    )?)
}

/// Adds to a client's usage bucket of one hour.
pub fn add_client_usage(
    tx: &Tx<'_>,
    client: &str,
    hour_start_ms: i64,
    d: &UsageDelta,
) -> Result<(), Error> {
    let mut stmt = tx.0.prepare_cached(
        "INSERT INTO usage_clients (client, hour_start_ms, requests, errors, prompt_tokens,
            completion_tokens, cost_usd, cache_read_tokens, cache_write_tokens, reasoning_tokens)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
         ON CONFLICT (client, hour_start_ms) DO UPDATE SET
            cache_read_tokens = cache_read_tokens + excluded.cache_read_tokens,
            cache_write_tokens = cache_write_tokens + excluded.cache_write_tokens,
            reasoning_tokens = reasoning_tokens + excluded.reasoning_tokens,
            requests = requests + excluded.requests,
            errors = errors + excluded.errors,
            prompt_tokens = prompt_tokens + excluded.prompt_tokens,
            completion_tokens = completion_tokens + excluded.completion_tokens,
            cost_usd = cost_usd + excluded.cost_usd",
    )?;
    stmt.execute(params![
        client,
        hour_start_ms,
        d.requests,
        d.errors,
        d.prompt_tokens,
        d.completion_tokens,
        d.cost_usd,
        d.cache_read_tokens,
        d.cache_write_tokens,
        d.reasoning_tokens
    ])?;
    Ok(())
}

/// Stores the latest probe verdict of a provider.
pub fn set_health(
    tx: &Tx<'_>,
    provider: ProviderId,
    state: &str,
    latency_ms: u64,
    status_code: Option<u16>,
    (failures, successes): (u32, u32),
    at_ms: i64,
) -> Result<(), Error> {
    tx.0.execute(
        "INSERT INTO backend_health (provider_id, state, last_latency_ms, last_status_code,
                                     consecutive_failures, consecutive_successes, last_check_at_ms)
         SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7 WHERE EXISTS (SELECT 1 FROM providers WHERE id = ?1)
         ON CONFLICT (provider_id) DO UPDATE SET state = excluded.state,
            last_latency_ms = excluded.last_latency_ms, last_status_code = excluded.last_status_code,
            consecutive_failures = excluded.consecutive_failures,
            consecutive_successes = excluded.consecutive_successes,
            last_check_at_ms = excluded.last_check_at_ms",
        params![provider.0, state, latency_ms, status_code, failures, successes, at_ms],
    )?;
    Ok(())
}

/// Probe state and last latency per provider id.
pub fn health(tx: &Tx<'_>) -> Result<std::collections::HashMap<i64, (String, Option<u64>)>, Error> {
    let mut stmt =
        tx.0.prepare("SELECT provider_id, state, last_latency_ms FROM backend_health")?;
    Ok(stmt
        .query_map([], |row| Ok((row.get(0)?, (row.get(1)?, row.get(2)?))))?
        .collect::<rusqlite::Result<_>>()?)
}

/// Latency buckets of a client's answered attempts: bucket `i` holds latencies up to
/// `LATENCY_BUCKET_MS · 2^i` (the last, everything longer).
pub const LATENCY_BUCKETS: usize = 16;
pub const LATENCY_BUCKET_MS: u64 = 25;

/// One client's upstream attempts in one minute.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClientMinute {
    pub attempts: u64,
    pub rate_limited: u64,
    /// Answered attempts per latency bucket.
    pub latency: [u64; LATENCY_BUCKETS],
}

impl ClientMinute {
    pub fn merge(&mut self, other: &Self) {
        self.attempts += other.attempts;
        self.rate_limited += other.rate_limited;
        for (a, b) in self.latency.iter_mut().zip(other.latency) {
            *a += b;
        }
    }
}

/// Adds a client's minute of attempts.
pub fn add_client_minute(
    tx: &Tx<'_>,
    client: &str,
    minute_ms: i64,
    m: &ClientMinute,
) -> Result<(), Error> {
    tx.0.prepare_cached(
        "INSERT INTO usage_client_minutes (client, minute_ms, attempts, rate_limited)
         VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (client, minute_ms) DO UPDATE SET
            attempts = attempts + excluded.attempts,
            rate_limited = rate_limited + excluded.rate_limited",
    )?
    .execute(params![client, minute_ms, m.attempts, m.rate_limited])?;
    let mut stmt = tx.0.prepare_cached(
        "INSERT INTO usage_client_latency (client, minute_ms, bucket, answers) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (client, minute_ms, bucket) DO UPDATE SET answers = answers + excluded.answers",
    )?;
    for (bucket, answers) in m.latency.iter().enumerate().filter(|(_, n)| **n > 0) {
        stmt.execute(params![client, minute_ms, bucket, answers])?;
    }
    Ok(())
}

/// Each client's attempts since `since_ms`, summed.
pub fn client_minutes_since(
    tx: &Tx<'_>,
    since_ms: i64,
) -> Result<Vec<(String, ClientMinute)>, Error> {
    let mut out: Vec<(String, ClientMinute)> = Vec::new();
    let mut stmt = tx.0.prepare(
        "SELECT client, SUM(attempts), SUM(rate_limited) FROM usage_client_minutes
         WHERE minute_ms >= ?1 GROUP BY client ORDER BY client",
    )?;
    for row in stmt.query_map([since_ms], |row| {
        Ok((row.get::<_, String>(0)?, row.get(1)?, row.get(2)?))
    })? {
        let (client, attempts, rate_limited) = row?;
        out.push((
            client,
            ClientMinute {
                attempts,
                rate_limited,
                latency: [0; LATENCY_BUCKETS],
            },
        ));
    }
    let mut stmt = tx.0.prepare(
        "SELECT client, bucket, SUM(answers) FROM usage_client_latency
         WHERE minute_ms >= ?1 GROUP BY client, bucket",
    )?;
    for row in stmt.query_map([since_ms], |row| {
        Ok((
            row.get::<_, String>(0)?,
            row.get::<_, usize>(1)?,
            row.get(2)?,
        ))
    })? {
        let (client, bucket, answers) = row?;
        if let Some((_, m)) = out.iter_mut().find(|(c, _)| *c == client)
            && let Some(slot) = m.latency.get_mut(bucket)
        {
            *slot = answers;
        }
    }
    Ok(out)
}

/// Drops per-minute client rows older than `before_ms`.
pub fn prune_client_minutes(tx: &Tx<'_>, before_ms: i64) -> Result<(), Error> {
    tx.0.execute(
        "DELETE FROM usage_client_minutes WHERE minute_ms < ?1",
        [before_ms],
    )?;
    tx.0.execute(
        "DELETE FROM usage_client_latency WHERE minute_ms < ?1",
        [before_ms],
    )?;
    Ok(())
}

/// Rolls usage of whole UTC days before `before_ms` up into `daily_stats` (per day and pool).
/// Idempotent: a day is recomputed from `usage_hourly` each time. Returns the days written.
pub fn roll_up_days(tx: &Tx<'_>, before_ms: i64) -> Result<usize, Error> {
    Ok(tx.0.execute(
        "INSERT OR REPLACE INTO daily_stats (day, pool, requests, errors, prompt_tokens,
                                             completion_tokens, cost_usd, providers_used)
         SELECT strftime('%Y-%m-%d', u.hour_start_ms / 1000, 'unixepoch') AS day,
                COALESCE(p.pool, 'primary'), SUM(u.requests), SUM(u.errors), SUM(u.prompt_tokens),
                SUM(u.completion_tokens), SUM(u.cost_usd), COUNT(DISTINCT u.provider_id)
         FROM usage_hourly u LEFT JOIN providers p ON p.id = u.provider_id
         WHERE u.hour_start_ms < ?1
         GROUP BY day, COALESCE(p.pool, 'primary')",
        [before_ms],
    )?)
}

/// Client requests the sidecar answered since `since_ms` (all of them, with a token or not).
pub fn requests_since(tx: &Tx<'_>, since_ms: i64) -> Result<u64, Error> {
    Ok(tx.0.query_row(
        "SELECT COALESCE(SUM(requests), 0) FROM requests_hourly WHERE hour_start_ms >= ?1",
        [since_ms],
        |r| r.get(0),
    )?)
}
