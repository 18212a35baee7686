//! Upstream providers (one API key + base URL each), their model mappings, and the generation
//! counter that tells a running sidecar to reload.

use std::fmt;
use std::str::FromStr;

use rusqlite::{OptionalExtension as _, Row, params};
use serde::{Deserialize, Serialize};

use super::{Error, Tx, conflict, now_ms};

/// Row id of a provider. Never reused (AUTOINCREMENT).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct ProviderId(pub i64);

impl fmt::Display for ProviderId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// The pool a provider belongs to; pools are tried in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum Pool {
    Primary,
    Fallback,
}

impl Pool {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Primary => "primary",
            Self::Fallback => "fallback",
        }
    }
}

impl fmt::Display for Pool {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Pool {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "primary" => Ok(Self::Primary),
            "fallback" => Ok(Self::Fallback),
            other => Err(format!(
                "unknown pool {other:?} (expected primary or fallback)"
            )),
        }
    }
}

/// An API dialect: the shape of requests, answers, streams and errors a provider serves.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "snake_case")]
pub enum Dialect {
    /// OpenAI chat completions (and completions, embeddings, models).
    Chat,
    /// OpenAI Responses.
    Responses,
    /// Anthropic Messages.
    Messages,
}

impl Dialect {
    pub const ALL: [Self; 3] = [Self::Chat, Self::Responses, Self::Messages];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Chat => "chat",
            Self::Responses => "responses",
            Self::Messages => "messages",
        }
    }

    /// Its place in [`Dialect::ALL`], for per-dialect tables.
    pub fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Dialect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Dialect {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Self::ALL
            .into_iter()
            .find(|d| d.as_str() == s.trim())
            .ok_or_else(|| format!("unknown dialect {s:?} (expected chat, responses or messages)"))
    }
}

/// The dialects a provider serves, each with its base URL (`None`: the chat base URL).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Dialects {
    pub chat: bool,
    pub responses: Option<String>,
    pub messages: Option<String>,
}

impl Default for Dialects {
    fn default() -> Self {
        Self {
            chat: true,
            responses: None,
            messages: None,
        }
    }
}

impl Dialects {
    /// The served dialects, in order.
    pub fn served(&self) -> Vec<Dialect> {
        let mut out = Vec::new();
        if self.chat {
            out.push(Dialect::Chat);
        }
        if self.responses.is_some() {
            out.push(Dialect::Responses);
        }
        if self.messages.is_some() {
            out.push(Dialect::Messages);
        }
        out
    }

    /// `chat,responses`, as stored.
    pub fn list(&self) -> String {
        self.served()
            .iter()
            .map(|d| d.as_str())
            .collect::<Vec<_>>()
            .join(",")
    }

    /// From the stored list and URLs.
    fn from_row(list: &str, responses_url: String, messages_url: String) -> Self {
        let has = |d: Dialect| list.split(',').any(|s| s.trim() == d.as_str());
        Self {
            chat: has(Dialect::Chat),
            responses: has(Dialect::Responses).then_some(responses_url),
            messages: has(Dialect::Messages).then_some(messages_url),
        }
    }
}

/// Fields of a new provider; the key is sealed by the caller once the id is known.
#[derive(Debug, Clone)]
pub struct NewProvider {
    pub name: String,
    pub label: String,
    pub base_url: String,
    pub pool: Pool,
    pub rpm: u32,
    /// Requests in flight at most; 0: no cap.
    pub max_concurrency: u32,
    /// Tokens per minute; 0: no limit.
    pub tpm: u32,
    pub timeout_ms: u64,
    pub enabled: bool,
    pub source: &'static str,
    pub dialects: Dialects,
}

/// Changes to a provider; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProviderPatch {
    pub name: Option<String>,
    pub label: Option<String>,
    pub base_url: Option<String>,
    pub pool: Option<Pool>,
    pub rpm: Option<u32>,
    /// `Some(0)` removes the cap.
    pub max_concurrency: Option<u32>,
    /// `Some(0)` removes the limit.
    pub tpm: Option<u32>,
    pub timeout_ms: Option<u64>,
    pub enabled: Option<bool>,
    pub dialects: Option<Dialects>,
}

/// A canonical model name mapped to a provider's native id, with prices in USD per 1M tokens.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModelMapping {
    pub canonical: String,
    pub native_id: String,
    pub input_usd_per_mtok: f64,
    pub output_usd_per_mtok: f64,
    /// Cached input read; `None`: charged at the input price.
    pub cache_read_usd_per_mtok: Option<f64>,
    /// Input written to the cache; `None`: charged at the input price.
    pub cache_write_usd_per_mtok: Option<f64>,
    pub context_window: Option<u32>,
    pub max_tokens: Option<u32>,
}

impl ModelMapping {
    /// A mapping with zero prices and no limits.
    pub fn new(canonical: impl Into<String>, native_id: impl Into<String>) -> Self {
        Self {
            canonical: canonical.into(),
            native_id: native_id.into(),
            input_usd_per_mtok: 0.0,
            output_usd_per_mtok: 0.0,
            cache_read_usd_per_mtok: None,
            cache_write_usd_per_mtok: None,
            context_window: None,
            max_tokens: None,
        }
    }
}

/// A stored provider. The key is still sealed.
#[derive(Debug, Clone)]
pub struct ProviderRow {
    pub id: ProviderId,
    pub name: String,
    pub label: String,
    pub base_url: String,
    pub api_key_sealed: Vec<u8>,
    pub pool: Pool,
    pub rpm: u32,
    pub timeout_ms: u64,
    pub enabled: bool,
    /// `healthy`, `cooling` or `error`.
    pub status: String,
    pub status_detail: String,
    pub cooldown_until_ms: Option<i64>,
    pub consecutive_429: u32,
    /// When an operator last cleared its cooldown (0: never).
    pub cooldown_cleared_at_ms: i64,
    pub source: String,
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
    /// Where `apply` read the key from (`env:VAR`, `file:PATH`); empty when added by hand.
    pub key_ref: String,
    /// Requests in flight at most; 0: no cap.
    pub max_concurrency: u32,
    /// Tokens per minute; 0: no limit.
    pub tpm: u32,
    pub dialects: Dialects,
    pub models: Vec<ModelMapping>,
}

const PROVIDER_COLUMNS: &str = "id, name, label, base_url, api_key_sealed, pool, rpm, timeout_ms,
    enabled, status, status_detail, cooldown_until_ms, consecutive_429, source, created_at_ms,
    updated_at_ms, key_ref, max_concurrency, tpm, dialects, responses_url, messages_url,
    cooldown_cleared_at_ms";

fn provider_from_row(row: &Row<'_>) -> rusqlite::Result<ProviderRow> {
    let pool: String = row.get(5)?;
    Ok(ProviderRow {
        id: ProviderId(row.get(0)?),
        name: row.get(1)?,
        label: row.get(2)?,
        base_url: row.get(3)?,
        api_key_sealed: row.get(4)?,
        // The CHECK constraint guarantees one of the two.
        pool: pool.parse().unwrap_or(Pool::Primary),
        rpm: row.get(6)?,
        timeout_ms: row.get(7)?,
        enabled: row.get(8)?,
        status: row.get(9)?,
        status_detail: row.get(10)?,
        cooldown_until_ms: row.get(11)?,
        consecutive_429: row.get(12)?,
        cooldown_cleared_at_ms: row.get(22)?,
        source: row.get(13)?,
        created_at_ms: row.get(14)?,
        updated_at_ms: row.get(15)?,
        key_ref: row.get(16)?,
        max_concurrency: row.get(17)?,
        tpm: row.get(18)?,
        dialects: Dialects::from_row(&row.get::<_, String>(19)?, row.get(20)?, row.get(21)?),
        models: Vec::new(),
    })
}

fn mapping_from_row(row: &Row<'_>) -> rusqlite::Result<ModelMapping> {
    Ok(ModelMapping {
        canonical: row.get(0)?,
        native_id: row.get(1)?,
        input_usd_per_mtok: row.get(2)?,
        output_usd_per_mtok: row.get(3)?,
        cache_read_usd_per_mtok: row.get(4)?,
        cache_write_usd_per_mtok: row.get(5)?,
        context_window: row.get(6)?,
        max_tokens: row.get(7)?,
    })
}

const MAPPING_COLUMNS: &str = "canonical, native_id, input_usd_per_mtok, output_usd_per_mtok,
    cache_read_usd_per_mtok, cache_write_usd_per_mtok, context_window, max_tokens";

/// Inserts a provider. `seal` gets the new id and returns the sealed key for it, so the
/// ciphertext is bound to its row; both land in the same transaction.
pub fn insert(
    tx: &Tx<'_>,
    new: &NewProvider,
    seal: impl FnOnce(ProviderId) -> Vec<u8>,
) -> Result<ProviderId, Error> {
    let now = now_ms();
    // A placeholder blob first: the id that the seal binds to is only known after the insert.
    tx.0.execute(
        "INSERT INTO providers (name, label, base_url, api_key_sealed, pool, rpm, timeout_ms,
                                enabled, source, created_at_ms, updated_at_ms, max_concurrency, tpm,
                                dialects, responses_url, messages_url)
         VALUES (?1, ?2, ?3, x'', ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?10, ?11, ?12, ?13, ?14)",
        params![
            new.name,
            new.label,
            new.base_url,
            new.pool.as_str(),
            new.rpm,
            new.timeout_ms,
            new.enabled,
            new.source,
            now,
            new.max_concurrency,
            new.tpm,
            new.dialects.list(),
            new.dialects.responses.as_deref().unwrap_or_default(),
            new.dialects.messages.as_deref().unwrap_or_default()
        ],
    )
    .map_err(|e| conflict(e, || format!("provider {:?}", new.name)))?;
    let id = ProviderId(tx.0.last_insert_rowid());
    set_key(tx, id, &seal(id))?;
    Ok(id)
}

/// Records where the key was read from (`apply`); no change when it is the same.
pub fn set_key_ref(tx: &Tx<'_>, id: ProviderId, key_ref: &str) -> Result<(), Error> {
    tx.0.execute(
        "UPDATE providers SET key_ref = ?2 WHERE id = ?1 AND key_ref != ?2",
        params![id.0, key_ref],
    )?;
    Ok(())
}

/// All providers with their model mappings, ordered by pool then name.
pub fn list(tx: &Tx<'_>) -> Result<Vec<ProviderRow>, Error> {
    let mut stmt = tx.0.prepare(&format!(
        "SELECT {PROVIDER_COLUMNS} FROM providers ORDER BY pool = 'fallback', name"
    ))?;
    let mut providers = stmt
        .query_map([], provider_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut stmt = tx.0.prepare(&format!(
        "SELECT {MAPPING_COLUMNS}, provider_id FROM provider_models ORDER BY provider_id, canonical"
    ))?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let id = ProviderId(row.get(8)?);
        if let Some(p) = providers.iter_mut().find(|p| p.id == id) {
            p.models.push(mapping_from_row(row)?);
        }
    }
    Ok(providers)
}

/// One provider by name, with its mappings.
pub fn find(tx: &Tx<'_>, name: &str) -> Result<Option<ProviderRow>, Error> {
    let provider =
        tx.0.query_row(
            &format!("SELECT {PROVIDER_COLUMNS} FROM providers WHERE name = ?1"),
            [name],
            provider_from_row,
        )
        .optional()?;
    let Some(mut provider) = provider else {
        return Ok(None);
    };
    let mut stmt = tx.0.prepare(&format!(
        "SELECT {MAPPING_COLUMNS} FROM provider_models WHERE provider_id = ?1 ORDER BY canonical"
    ))?;
    provider.models = stmt
        .query_map([provider.id.0], mapping_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Some(provider))
}

/// Like [`find`], but a missing provider is `Error::NotFound`.
pub fn get(tx: &Tx<'_>, name: &str) -> Result<ProviderRow, Error> {
    find(tx, name)?.ok_or_else(|| Error::NotFound(format!("provider {name:?}")))
}

/// Applies a patch. Re-enabling a provider also clears an `error` status, since that is how
/// an operator says "the key works again".
pub fn update(tx: &Tx<'_>, id: ProviderId, patch: &ProviderPatch) -> Result<(), Error> {
    let changed = tx
        .0
        .execute(
            "UPDATE providers SET
                name       = COALESCE(?2, name),
                label      = COALESCE(?3, label),
                base_url   = COALESCE(?4, base_url),
                pool       = COALESCE(?5, pool),
                rpm        = COALESCE(?6, rpm),
                timeout_ms = COALESCE(?7, timeout_ms),
                enabled    = COALESCE(?8, enabled),
                max_concurrency = COALESCE(?10, max_concurrency),
                tpm        = COALESCE(?11, tpm),
                dialects   = COALESCE(?12, dialects),
                responses_url = COALESCE(?13, responses_url),
                messages_url = COALESCE(?14, messages_url),
                status     = CASE WHEN ?8 = 1 AND status = 'error' THEN 'healthy' ELSE status END,
                status_detail = CASE WHEN ?8 = 1 AND status = 'error' THEN '' ELSE status_detail END,
                updated_at_ms = ?9
             WHERE id = ?1",
            params![
                id.0,
                patch.name,
                patch.label,
                patch.base_url,
                patch.pool.map(Pool::as_str),
                patch.rpm,
                patch.timeout_ms,
                patch.enabled,
                now_ms(),
                patch.max_concurrency,
                patch.tpm,
                patch.dialects.as_ref().map(Dialects::list),
                patch
                    .dialects
                    .as_ref()
                    .map(|d| d.responses.clone().unwrap_or_default()),
                patch
                    .dialects
                    .as_ref()
                    .map(|d| d.messages.clone().unwrap_or_default())
            ],
        )
        .map_err(|e| conflict(e, || format!("provider {:?}", patch.name.clone().unwrap_or_default())))?;
    if changed == 0 {
        return Err(Error::NotFound(format!("provider #{id}")));
    }
    bump_generation(tx)
}

/// Replaces the sealed key of a provider; a new key also clears an `error` status.
pub fn set_key(tx: &Tx<'_>, id: ProviderId, sealed: &[u8]) -> Result<(), Error> {
    let changed = tx.0.execute(
        "UPDATE providers SET api_key_sealed = ?2, updated_at_ms = ?3,
                status = CASE WHEN status = 'error' THEN 'healthy' ELSE status END,
                status_detail = CASE WHEN status = 'error' THEN '' ELSE status_detail END
         WHERE id = ?1",
        params![id.0, sealed, now_ms()],
    )?;
    if changed == 0 {
        return Err(Error::NotFound(format!("provider #{id}")));
    }
    bump_generation(tx)
}

/// Adds or replaces one model mapping.
pub fn upsert_model(tx: &Tx<'_>, id: ProviderId, m: &ModelMapping) -> Result<(), Error> {
    tx.0.execute(
        &format!(
            "INSERT INTO provider_models (provider_id, {MAPPING_COLUMNS})
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
             ON CONFLICT (provider_id, canonical) DO UPDATE SET
                native_id = excluded.native_id,
                input_usd_per_mtok = excluded.input_usd_per_mtok,
                output_usd_per_mtok = excluded.output_usd_per_mtok,
                cache_read_usd_per_mtok = excluded.cache_read_usd_per_mtok,
                cache_write_usd_per_mtok = excluded.cache_write_usd_per_mtok,
                context_window = excluded.context_window,
                max_tokens = excluded.max_tokens"
        ),
        params![
            id.0,
            m.canonical,
            m.native_id,
            m.input_usd_per_mtok,
            m.output_usd_per_mtok,
            m.cache_read_usd_per_mtok,
            m.cache_write_usd_per_mtok,
            m.context_window,
            m.max_tokens
        ],
    )?;
    bump_generation(tx)
}

/// Removes one model mapping; `NotFound` when the provider has no such mapping.
pub fn remove_model(tx: &Tx<'_>, id: ProviderId, canonical: &str) -> Result<(), Error> {
    let removed = tx.0.execute(
        "DELETE FROM provider_models WHERE provider_id = ?1 AND canonical = ?2",
        params![id.0, canonical],
    )?;
    if removed == 0 {
        return Err(Error::NotFound(format!("model mapping {canonical:?}")));
    }
    bump_generation(tx)
}

/// Deletes a provider and its mappings (usage history stays).
pub fn delete(tx: &Tx<'_>, id: ProviderId) -> Result<(), Error> {
    // Its usage stays: keep its name for the reports.
    tx.0.execute(
        "INSERT OR REPLACE INTO removed_providers (id, name, removed_at_ms)
         SELECT id, name, ?2 FROM providers WHERE id = ?1",
        params![id.0, super::now_ms()],
    )?;
    let removed =
        tx.0.execute("DELETE FROM providers WHERE id = ?1", [id.0])?;
    if removed == 0 {
        return Err(Error::NotFound(format!("provider #{id}")));
    }
    bump_generation(tx)
}

/// Ends a provider's cooldown for the running sidecars (at their next reload) and in the DB.
pub fn clear_cooldown(tx: &Tx<'_>, id: ProviderId, now_ms: i64) -> Result<(), Error> {
    tx.0.execute(
        "UPDATE providers SET cooldown_until_ms = NULL, consecutive_429 = 0,
                status = CASE WHEN status = 'cooling' THEN 'healthy' ELSE status END,
                cooldown_cleared_at_ms = ?2
         WHERE id = ?1",
        params![id.0, now_ms],
    )?;
    bump_generation(tx)
}

/// The providers generation: changes whenever the CLI changed a provider or mapping.
pub fn generation(tx: &Tx<'_>) -> Result<i64, Error> {
    Ok(tx.0.query_row(
        "SELECT value FROM generations WHERE name = 'providers'",
        [],
        |row| row.get(0),
    )?)
}

/// Tells running sidecars to reload (every provider mutation here already does).
pub fn bump_generation(tx: &Tx<'_>) -> Result<(), Error> {
    tx.0.execute(
        "UPDATE generations SET value = value + 1 WHERE name = 'providers'",
        [],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::Store;

    fn new(name: &str) -> NewProvider {
        NewProvider {
            name: name.into(),
            label: String::new(),
            base_url: "http://127.0.0.1:1/v1".into(),
            pool: Pool::Primary,
            rpm: 40,
            max_concurrency: 0,
            tpm: 0,
            timeout_ms: 1000,
            enabled: true,
            source: "test",
            dialects: Dialects::default(),
        }
    }

    #[test]
    fn insert_seals_with_the_new_id_and_bumps_generation() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut store = Store::open(&dir.path().join("s.db")).expect("open");
        let (id, generation) = store
            .write(|tx| {
                let before = generation(tx)?;
                let id = insert(tx, &new("a"), |id| format!("sealed-{id}").into_bytes())?;
                upsert_model(tx, id, &ModelMapping::new("gpt", "native-gpt"))?;
                Ok::<_, Error>((id, generation(tx)? - before))
            })
            .expect("write");
        assert_eq!(generation, 2);
        let row = store.read(|tx| get(tx, "a")).expect("read");
        assert_eq!(row.api_key_sealed, format!("sealed-{id}").into_bytes());
        assert_eq!(row.models, vec![ModelMapping::new("gpt", "native-gpt")]);
        let err = store
            .write(|tx| insert(tx, &new("a"), |_| vec![1]))
            .expect_err("duplicate");
        assert!(matches!(err, Error::Conflict(_)), "{err:?}");
    }
}
