//! Managing upstream providers: validation, sealing keys, and master key rotation.
//!
//! The CLI and (later) the admin API both come through here, so a value is validated the same
//! way whichever door it came in by. Plaintext keys exist only in memory, as `Secret`s.

pub mod report;

use std::fs;
use std::os::unix::fs::OpenOptionsExt as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Serialize;

use crate::crypto::{self, MasterKey, Secret};
use crate::state::providers::{
    self as rows, Dialect, Dialects, ModelMapping, NewProvider, Pool, ProviderPatch, ProviderRow,
};
use crate::state::usage::{self as accounting, CooldownEvent};
use crate::state::{self, Store, keyring, secrets};

/// Largest RPM accepted; beyond this a typo is likelier than a real quota.
const MAX_RPM: u32 = 1_000_000;
/// Test hook: abort the process after this many re-encrypted rows, to prove a crash mid-rotation
/// leaves the DB readable with the old key.
const CRASH_AFTER_ROWS_ENV: &str = "BIZWINGS_TEST_CRASH_AFTER_ROWS";

pub use crate::error::Error;
use crate::error::invalid;

/// A provider as shown to people and scripts. The key is masked.
#[derive(Debug, Clone, Serialize)]
pub struct ProviderView {
    pub id: i64,
    pub name: String,
    pub label: String,
    pub base_url: String,
    pub pool: Pool,
    pub enabled: bool,
    pub status: String,
    pub status_detail: String,
    pub rpm: u32,
    /// Requests in flight at most; 0: no cap.
    pub max_concurrency: u32,
    /// Tokens per minute; 0: no limit.
    pub tpm: u32,
    pub timeout_secs: f64,
    pub key: String,
    /// The API dialects it serves, each with its base URL (empty: `base_url`).
    pub dialects: Dialects,
    pub models: Vec<ModelMapping>,
    pub cooldown_until_ms: Option<i64>,
    pub source: String,
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
    /// The active probe's verdict (`healthy`, `degraded`, `down`) once a sidecar probed it.
    pub health: Option<String>,
    pub probe_latency_ms: Option<u64>,
    /// The latest cooldowns, newest first (only filled by `show`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recent_cooldowns: Option<Vec<CooldownEvent>>,
}

impl ProviderView {
    fn new(row: ProviderRow, key: &MasterKey) -> Result<Self, Error> {
        let secret = open_key(key, &row)?;
        Ok(Self {
            id: row.id.0,
            name: row.name,
            label: row.label,
            base_url: row.base_url,
            pool: row.pool,
            enabled: row.enabled,
            status: row.status,
            status_detail: row.status_detail,
            rpm: row.rpm,
            max_concurrency: row.max_concurrency,
            tpm: row.tpm,
            dialects: row.dialects,
            #[expect(clippy::cast_precision_loss, reason = "timeouts are far below 2^52 ms")]
            timeout_secs: row.timeout_ms as f64 / 1000.0,
            key: secret.masked(),
            models: row.models,
            cooldown_until_ms: row.cooldown_until_ms,
            source: row.source,
            created_at_ms: row.created_at_ms,
            updated_at_ms: row.updated_at_ms,
            health: None,
            probe_latency_ms: None,
            recent_cooldowns: None,
        })
    }
}

/// Associated data of a provider's sealed key.
fn key_aad(id: rows::ProviderId) -> String {
    crypto::provider_key_aad(id.0)
}

/// Decrypts a provider's upstream key.
fn open_key(key: &MasterKey, row: &ProviderRow) -> Result<Secret, Error> {
    Ok(key.open_string(&key_aad(row.id), &row.api_key_sealed)?)
}

/// Requests per minute of a key added without `--rpm` (the CLI, `apply` and the admin API).
pub const DEFAULT_RPM: u32 = 40;
/// Upstream timeout of a provider added without one.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(120);

/// Everything needed to add a provider.
#[derive(Debug, Clone)]
pub struct NewProviderRequest {
    pub name: String,
    pub base_url: String,
    pub label: String,
    pub pool: Pool,
    pub rpm: u32,
    /// Requests in flight at most; 0: no cap.
    pub max_concurrency: u32,
    /// Tokens per minute; 0: no limit.
    pub tpm: u32,
    pub timeout: Duration,
    pub enabled: bool,
    pub models: Vec<ModelMapping>,
    pub key: Secret,
    pub dialects: Dialects,
}

/// Model mappings from `--model CANONICAL[=NATIVE]` and `--price CANONICAL=IN,OUT` (USD per
/// 1M tokens) specs.
pub fn parse_models(models: &[String], prices: &[String]) -> Result<Vec<ModelMapping>, Error> {
    let mut mappings = models
        .iter()
        .map(|spec| {
            let (canonical, native) = spec.split_once('=').unwrap_or((spec, spec));
            ModelMapping::new(canonical, native)
        })
        .collect::<Vec<_>>();
    for spec in prices {
        let bad = || {
            invalid(format!(
                "invalid price {spec:?}: expected CANONICAL=IN,OUT[,CACHE_READ[,CACHE_WRITE]] in USD per 1M tokens, e.g. deepseek-chat=0.27,1.10,0.07"
            ))
        };
        let (canonical, list) = spec.split_once('=').ok_or_else(bad)?;
        let parts: Vec<&str> = list.split(',').collect();
        let ([input, output] | [input, output, _] | [input, output, _, _]) = parts[..] else {
            return Err(bad());
        };
        let optional = |i: usize| {
            parts
                .get(i)
                .map(|p| p.trim().parse::<f64>().map_err(|_| bad()))
                .transpose()
        };
        let mapping = mappings
            .iter_mut()
            .find(|m| m.canonical == canonical)
            .ok_or_else(|| {
                invalid(format!(
                    "price {spec:?} names a model that is not among the models given"
                ))
            })?;
        mapping.input_usd_per_mtok = input.trim().parse().map_err(|_| bad())?;
        mapping.output_usd_per_mtok = output.trim().parse().map_err(|_| bad())?;
        mapping.cache_read_usd_per_mtok = optional(2)?;
        mapping.cache_write_usd_per_mtok = optional(3)?;
    }
    Ok(mappings)
}

/// The dialects as a command, the admin API or a file gives them; `None` where not given.
#[derive(Debug, Default, Clone)]
pub struct DialectChange {
    pub dialects: Option<Vec<Dialect>>,
    pub responses_url: Option<String>,
    pub messages_url: Option<String>,
}

impl DialectChange {
    /// Whether nothing is given.
    pub fn is_empty(&self) -> bool {
        self.dialects.is_none() && self.responses_url.is_none() && self.messages_url.is_none()
    }

    /// The dialects served after this change: the list (when given) names them, a URL given
    /// for one adds it; what is not given stays as in `old` (a new provider: chat only).
    /// Messages and Responses URLs are checked like the base URL; empty means "at the chat
    /// base URL".
    pub fn over(&self, old: Option<&Dialects>) -> Result<Dialects, Error> {
        let mut d = old.cloned().unwrap_or_default();
        if let Some(list) = &self.dialects {
            d.chat = list.contains(&Dialect::Chat);
            d.responses = list
                .contains(&Dialect::Responses)
                .then(|| d.responses.clone().unwrap_or_default());
            d.messages = list
                .contains(&Dialect::Messages)
                .then(|| d.messages.clone().unwrap_or_default());
        }
        let url = |u: &str| {
            if u.is_empty() {
                Ok(String::new())
            } else {
                validate_url(u)
            }
        };
        if let Some(u) = &self.responses_url {
            d.responses = Some(url(u)?);
        }
        if let Some(u) = &self.messages_url {
            d.messages = Some(url(u)?);
        }
        if d.served().is_empty() {
            return Err(invalid(
                "a provider must serve at least one dialect (chat, responses, messages)",
            ));
        }
        Ok(d)
    }
}

/// Checks a provider name (see `config::validate_name`).
pub fn validate_name(name: &str) -> Result<(), Error> {
    crate::config::validate_name("provider", name).map_err(Error::Invalid)
}

/// Checks and normalises a base URL: http(s), a host, no credentials, query or fragment, and
/// no trailing slash (paths such as `/chat/completions` are appended to it).
pub fn validate_url(text: &str) -> Result<String, Error> {
    let url = url::Url::parse(text.trim())
        .map_err(|e| invalid(format!("invalid base URL {text:?}: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none_or(str::is_empty) {
        return Err(invalid(format!(
            "invalid base URL {text:?}: expected http:// or https:// and a host, e.g. https://api.example.com/v1"
        )));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(invalid(format!(
            "invalid base URL {text:?}: credentials belong in the key, not the URL"
        )));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(invalid(format!(
            "invalid base URL {text:?}: remove the query string or fragment"
        )));
    }
    let base = url.as_str().trim_end_matches('/');
    // The sidecar appends the endpoint itself: one given here would be doubled.
    if let Some(endpoint) = ENDPOINTS.iter().find(|e| base.ends_with(*e)) {
        return Err(invalid(format!(
            "invalid base URL {text:?}: it ends in the endpoint {endpoint}, which the sidecar adds itself; use {}",
            &base[..base.len() - endpoint.len()]
        )));
    }
    Ok(base.to_owned())
}

/// Endpoint paths a base URL must not end in (the longest first).
const ENDPOINTS: [&str; 6] = [
    "/chat/completions",
    "/messages/count_tokens",
    "/completions",
    "/embeddings",
    "/responses",
    "/messages",
];

/// Warns about a chat base URL without a version segment (`/v1`, `/v4`…): most providers
/// need one, and without it requests go to `…/chat/completions` at the root.
fn warn_unversioned(base_url: &str) {
    let versioned = url::Url::parse(base_url).is_ok_and(|u| {
        u.path_segments().is_some_and(|mut s| {
            s.any(|seg| {
                seg.len() > 1
                    && seg.starts_with('v')
                    && seg[1..].chars().all(|c| c.is_ascii_digit())
            })
        })
    });
    if !versioned {
        tracing::warn!(
            url = base_url,
            "the base URL has no version segment such as /v1: requests go to {base_url}/chat/completions; add it unless the provider really serves there"
        );
    }
}

/// Checks an RPM limit.
pub fn validate_rpm(rpm: u32) -> Result<(), Error> {
    if rpm == 0 || rpm > MAX_RPM {
        return Err(invalid(format!(
            "invalid rpm {rpm}: expected 1 to {MAX_RPM} requests per minute"
        )));
    }
    Ok(())
}

/// Checks a request timeout and returns it in milliseconds.
pub fn validate_timeout(timeout: Duration) -> Result<u64, Error> {
    let ms = u64::try_from(timeout.as_millis()).unwrap_or(u64::MAX);
    if ms == 0 || ms > 3_600_000 {
        return Err(invalid(format!(
            "invalid timeout {timeout:?}: expected more than 0 and at most 1 hour"
        )));
    }
    Ok(ms)
}

/// Checks a model mapping: names non-empty without whitespace, prices finite and not negative.
pub fn validate_mapping(m: &ModelMapping) -> Result<(), Error> {
    for (what, value) in [
        ("canonical model", &m.canonical),
        ("native model id", &m.native_id),
    ] {
        let plain = !value.chars().any(|c| c.is_whitespace() || c.is_control());
        if value.is_empty() || value.len() > 256 || !plain {
            return Err(invalid(format!(
                "invalid {what} {value:?}: expected 1-256 characters without spaces or control characters"
            )));
        }
    }
    let prices = [
        m.input_usd_per_mtok,
        m.output_usd_per_mtok,
        m.cache_read_usd_per_mtok.unwrap_or_default(),
        m.cache_write_usd_per_mtok.unwrap_or_default(),
    ];
    if prices.iter().any(|p| !p.is_finite() || *p < 0.0) {
        return Err(invalid(format!(
            "invalid price for {:?}: prices are USD per 1M tokens, 0 or more",
            m.canonical
        )));
    }
    Ok(())
}

/// Checks an upstream key read from stdin, a file or the environment.
pub fn validate_key(key: &Secret) -> Result<(), Error> {
    let text = key.expose();
    if text.is_empty() {
        return Err(invalid("the upstream key is empty"));
    }
    if text.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(invalid(
            "the upstream key contains whitespace or control characters; pass exactly one key",
        ));
    }
    Ok(())
}

/// Adds a provider with its models, all in one transaction.
pub fn add(
    store: &mut Store,
    key: &MasterKey,
    req: NewProviderRequest,
) -> Result<ProviderView, Error> {
    validate_name(&req.name)?;
    let base_url = validate_url(&req.base_url)?;
    warn_unversioned(&base_url);
    validate_rpm(req.rpm)?;
    let timeout_ms = validate_timeout(req.timeout)?;
    validate_key(&req.key)?;
    crate::config::validate_text("label", &req.label).map_err(Error::Invalid)?;
    for m in &req.models {
        validate_mapping(m)?;
    }
    let new = NewProvider {
        name: req.name.clone(),
        label: req.label,
        base_url,
        pool: req.pool,
        rpm: req.rpm,
        max_concurrency: req.max_concurrency,
        tpm: req.tpm,
        timeout_ms,
        enabled: req.enabled,
        source: "cli",
        dialects: req.dialects,
    };
    let row = store.write(|tx| {
        let id = rows::insert(tx, &new, |id| {
            key.seal(&key_aad(id), req.key.expose().as_bytes())
        })?;
        for m in &req.models {
            rows::upsert_model(tx, id, m)?;
        }
        rows::get(tx, &req.name)
    })?;
    ProviderView::new(row, key)
}

/// Points the provider `req.name` at `req.base_url` and enables it, adding it as `req` on
/// the first run: how `sidecar serve --demo` keeps its in-process providers current.
fn ensure(
    store: &mut Store,
    key: &MasterKey,
    req: NewProviderRequest,
) -> Result<ProviderView, Error> {
    let patch = ProviderPatch {
        base_url: Some(req.base_url.clone()),
        enabled: Some(true),
        dialects: Some(req.dialects.clone()),
        ..ProviderPatch::default()
    };
    match set(store, key, &req.name, patch) {
        Err(Error::State(state::Error::NotFound(_))) => add(store, key, req),
        other => other,
    }
}

/// Points the providers `sidecar serve --demo` stands in for (name, base URL, pool) at its
/// in-process upstream, adding them on the first run: each serves `models` (name, USD per 1M
/// input and output tokens) in all three dialects.
pub fn ensure_demo(
    store: &mut Store,
    key: &MasterKey,
    upstreams: [(&str, String, Pool); 2],
    models: &[(&str, f64, f64)],
) -> Result<(), Error> {
    let models: Vec<ModelMapping> = models
        .iter()
        .map(|&(name, input, output)| ModelMapping {
            input_usd_per_mtok: input,
            output_usd_per_mtok: output,
            ..ModelMapping::new(name, name)
        })
        .collect();
    for (name, base_url, pool) in upstreams {
        let request = NewProviderRequest {
            name: name.into(),
            base_url,
            label: "in-process demo (sidecar serve --demo)".into(),
            pool,
            rpm: 60,
            max_concurrency: 0,
            tpm: 0,
            timeout: Duration::from_secs(30),
            enabled: true,
            models: models.clone(),
            key: Secret::new("demo-key-not-a-secret".into()),
            dialects: Dialects {
                chat: true,
                responses: Some(String::new()),
                messages: Some(String::new()),
            },
        };
        ensure(store, key, request)?;
    }
    Ok(())
}

/// Disables the demo's providers when the demo upstream stops with its sidecar: left enabled
/// they would be listed in `/v1/models` and answer 502 from a dead port. `--demo` enables them
/// again.
pub fn retire_demo(store: &mut Store, key: &MasterKey, names: [&str; 2]) -> Result<(), Error> {
    for name in names {
        let patch = ProviderPatch {
            enabled: Some(false),
            ..ProviderPatch::default()
        };
        set(store, key, name, patch)?;
    }
    Ok(())
}

/// All providers, keys masked.
pub fn list(store: &mut Store, key: &MasterKey) -> Result<Vec<ProviderView>, Error> {
    let (rows, health) =
        store.read(|tx| Ok::<_, state::Error>((rows::list(tx)?, accounting::health(tx)?)))?;
    rows.into_iter()
        .map(|r| {
            let probe = health.get(&r.id.0).cloned();
            let mut view = ProviderView::new(r, key)?;
            if let Some((state, latency)) = probe {
                view.health = Some(state);
                view.probe_latency_ms = latency;
            }
            Ok(view)
        })
        .collect()
}

/// How many cooldowns `show` lists.
const SHOWN_COOLDOWNS: u32 = 20;

/// One provider, key masked, with its latest cooldowns.
pub fn show(store: &mut Store, key: &MasterKey, name: &str) -> Result<ProviderView, Error> {
    let (row, cooldowns, health) = store.read(|tx| {
        let row = rows::get(tx, name)?;
        let cooldowns = accounting::cooldown_events(tx, Some(row.id), SHOWN_COOLDOWNS)?;
        Ok::<_, state::Error>((row, cooldowns, accounting::health(tx)?))
    })?;
    let probe = health.get(&row.id.0).cloned();
    let mut view = ProviderView::new(row, key)?;
    if let Some((state, latency)) = probe {
        view.health = Some(state);
        view.probe_latency_ms = latency;
    }
    view.recent_cooldowns = Some(cooldowns);
    Ok(view)
}

/// Changes fields of a provider (validated like `add`).
pub fn set(
    store: &mut Store,
    key: &MasterKey,
    name: &str,
    mut patch: ProviderPatch,
) -> Result<ProviderView, Error> {
    if patch == ProviderPatch::default() {
        return Err(invalid(
            "nothing to change: give a new name, url, pool, rpm, tpm, max_concurrency, timeout, label or dialects",
        ));
    }
    if let Some(new_name) = &patch.name {
        validate_name(new_name)?;
    }
    if let Some(label) = &patch.label {
        crate::config::validate_text("label", label).map_err(Error::Invalid)?;
    }
    if let Some(url) = &patch.base_url {
        let url = validate_url(url)?;
        warn_unversioned(&url);
        patch.base_url = Some(url);
    }
    if let Some(rpm) = patch.rpm {
        validate_rpm(rpm)?;
    }
    if let Some(ms) = patch.timeout_ms {
        validate_timeout(Duration::from_millis(ms))?;
    }
    let row = store.write(|tx| {
        let row = rows::get(tx, name)?;
        rows::update(tx, row.id, &patch)?;
        rows::get(tx, patch.name.as_deref().unwrap_or(name))
    })?;
    ProviderView::new(row, key)
}

/// [`set`], with the dialects given as a change over what is stored.
pub fn change(
    store: &mut Store,
    key: &MasterKey,
    name: &str,
    mut patch: ProviderPatch,
    dialects: &DialectChange,
) -> Result<ProviderView, Error> {
    if !dialects.is_empty() {
        let current = store.read(|tx| rows::get(tx, name))?.dialects;
        patch.dialects = Some(dialects.over(Some(&current))?);
    }
    set(store, key, name, patch)
}

/// Ends a provider's cooldown now: in the DB, and for running sidecars at their next reload.
pub fn clear_cooldown(
    store: &mut Store,
    key: &MasterKey,
    name: &str,
) -> Result<ProviderView, Error> {
    let row = store.write(|tx| {
        let row = rows::get(tx, name)?;
        rows::clear_cooldown(tx, row.id, state::now_ms())?;
        rows::get(tx, name)
    })?;
    ProviderView::new(row, key)
}

/// Adds or replaces a model mapping.
pub fn map(
    store: &mut Store,
    key: &MasterKey,
    name: &str,
    mapping: &ModelMapping,
) -> Result<ProviderView, Error> {
    validate_mapping(mapping)?;
    let row = store.write(|tx| {
        let row = rows::get(tx, name)?;
        rows::upsert_model(tx, row.id, mapping)?;
        rows::get(tx, name)
    })?;
    ProviderView::new(row, key)
}

/// Removes a model mapping.
pub fn unmap(
    store: &mut Store,
    key: &MasterKey,
    name: &str,
    canonical: &str,
) -> Result<ProviderView, Error> {
    let row = store.write(|tx| {
        let row = rows::get(tx, name)?;
        rows::remove_model(tx, row.id, canonical)?;
        rows::get(tx, name)
    })?;
    ProviderView::new(row, key)
}

/// Deletes providers and their model mappings (usage history is kept), all or none: one
/// name that does not exist removes nothing.
pub fn remove(store: &mut Store, names: &[String]) -> Result<Vec<report::RemovedProvider>, Error> {
    Ok(store.write(|tx| {
        names
            .iter()
            .map(|name| {
                let row = rows::get(tx, name)?;
                rows::delete(tx, row.id)?;
                Ok::<_, state::Error>(report::RemovedProvider {
                    id: row.id.0,
                    name: name.clone(),
                })
            })
            .collect::<Result<Vec<_>, _>>()
    })?)
}

/// Replaces one provider's upstream key.
pub fn rotate_key(
    store: &mut Store,
    key: &MasterKey,
    name: &str,
    new_key: &Secret,
) -> Result<ProviderView, Error> {
    validate_key(new_key)?;
    let row = store.write(|tx| {
        let row = rows::get(tx, name)?;
        rows::set_key(
            tx,
            row.id,
            &key.seal(&key_aad(row.id), new_key.expose().as_bytes()),
        )?;
        rows::get(tx, name)
    })?;
    ProviderView::new(row, key)
}

/// What a master key rotation did.
#[derive(Debug, Serialize)]
pub struct MasterRotationReport {
    pub secrets_reencrypted: usize,
    pub backup_path: PathBuf,
    pub new_key_file: PathBuf,
    pub new_key_file_created: bool,
    pub old_key_fingerprint: String,
    pub new_key_fingerprint: String,
}

/// Loads the new master key from `path`, creating the file with a fresh key if it is missing.
/// Returns whether it was created.
pub fn load_or_create_key_file(path: &Path) -> Result<(MasterKey, bool), Error> {
    if path.exists() {
        return Ok((MasterKey::from_file(path)?, false));
    }
    let (key, hex_key) = MasterKey::generate();
    crypto::write_key_file(path, &hex_key)?;
    Ok((key, true))
}

/// Re-encrypts every stored secret under `new` in one transaction, after an online backup of
/// the DB next to it. A crash before the commit leaves everything under `old`; after it,
/// everything is under `new`: never a mix.
pub fn rotate_master(
    store: &mut Store,
    old: &MasterKey,
    new_key_file: &Path,
) -> Result<MasterRotationReport, Error> {
    let (new, created) = load_or_create_key_file(new_key_file)?;
    if new.fingerprint() == old.fingerprint() {
        return Err(invalid(format!(
            "{} holds the current master key; give a new key file (a missing file is created with a fresh key)",
            new_key_file.display()
        )));
    }
    let backup_path = backup_beside(store)?;
    let crash_after = std::env::var(CRASH_AFTER_ROWS_ENV)
        .ok()
        .and_then(|v| v.parse::<usize>().ok());
    let count = store.write(|tx| {
        // Inside the write lock: a concurrent `provider add` either committed before (and is
        // re-encrypted here) or waits and then sees the new key check and refuses the old key.
        keyring::ensure(tx, |c| old.matches(c), || old.key_check())?;
        let cells = secrets::all(tx)?;
        for (done, cell) in cells.iter().enumerate() {
            if crash_after == Some(done) {
                tracing::error!(
                    rows = done,
                    "test hook: aborting in the middle of master key rotation"
                );
                std::process::abort();
            }
            let aad = crypto::aad(cell.table, cell.id, cell.column);
            let plain = old.open(&aad, &cell.sealed)?;
            secrets::replace(tx, cell, &new.seal(&aad, &plain))?;
        }
        keyring::replace(tx, &new.key_check())?;
        // A running sidecar reloads, finds the key check changed, and reads its key again.
        rows::bump_generation(tx)?;
        Ok::<_, Error>(cells.len())
    })?;
    Ok(MasterRotationReport {
        secrets_reencrypted: count,
        backup_path,
        new_key_file: new_key_file.to_owned(),
        new_key_file_created: created,
        old_key_fingerprint: old.fingerprint().to_owned(),
        new_key_fingerprint: new.fingerprint().to_owned(),
    })
}

/// Writes `<db>.bak-<unix ms>` (mode 0600) beside the DB with SQLite's online backup API.
fn backup_beside(store: &Store) -> Result<PathBuf, Error> {
    let mut name = store.path().as_os_str().to_owned();
    name.push(format!(".bak-{}", state::now_ms()));
    let path = PathBuf::from(name);
    fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&path)
        .map_err(|source| Error::Io {
            context: format!("cannot create backup file {}", path.display()),
            source,
        })?;
    store.backup_to(&path)?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validates_urls() {
        assert_eq!(
            validate_url("https://api.example.com/v1/").expect("ok"),
            "https://api.example.com/v1"
        );
        assert_eq!(
            validate_url("http://127.0.0.1:8080").expect("ok"),
            "http://127.0.0.1:8080"
        );
        for bad in [
            "ftp://x",
            "not a url",
            "https://u:p@x/v1",
            "https://x/v1?k=1",
            "file:///etc",
        ] {
            assert!(validate_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn validates_names_and_numbers() {
        assert!(validate_name("deepseek-1.main_2").is_ok());
        for bad in ["", "-x", "a b", "ü", &"x".repeat(65)] {
            assert!(validate_name(bad).is_err(), "{bad:?}");
        }
        assert!(validate_rpm(0).is_err());
        assert!(validate_rpm(40).is_ok());
        assert!(validate_timeout(Duration::ZERO).is_err());
        assert!(validate_key(&Secret::new("sk-1 2".into())).is_err());
        let mut m = ModelMapping::new("gpt", "native");
        m.input_usd_per_mtok = -1.0;
        assert!(validate_mapping(&m).is_err());
    }
}

/// What `import` did with each Sidecar V2 backend.
#[derive(Debug, Serialize)]
pub struct ImportReport {
    pub imported: Vec<String>,
    /// `(name, why)` for backends left out, e.g. one that already exists (imports are idempotent).
    pub skipped: Vec<(String, String)>,
    pub usage_rows: usize,
}

pub use crate::state::import::V2Mapping;

/// V2 mappings (canonical name → mapping) as ours, prices converted to USD per 1M tokens.
pub fn mappings_from_v2(v2: std::collections::BTreeMap<String, V2Mapping>) -> Vec<ModelMapping> {
    v2.into_iter()
        .map(|(canonical, m)| {
            let per_mtok = |k: &str| m.cost.get(k).copied().unwrap_or(0.0) * 1e6;
            ModelMapping {
                native_id: m
                    .native_id
                    .clone()
                    .filter(|n| !n.is_empty())
                    .unwrap_or_else(|| canonical.clone()),
                input_usd_per_mtok: per_mtok("input"),
                output_usd_per_mtok: per_mtok("output"),
                cache_read_usd_per_mtok: Some(per_mtok("cacheRead")).filter(|p| *p > 0.0),
                cache_write_usd_per_mtok: Some(per_mtok("cacheWrite")).filter(|p| *p > 0.0),
                context_window: m.context_window,
                max_tokens: m.max_tokens,
                canonical,
            }
        })
        .collect()
}

/// Imports providers, model mappings and (for newly imported providers) usage history from a
/// Sidecar V2 database, re-encrypting each key under our master key. Backends whose name
/// already exists are skipped, so running it again imports nothing twice.
pub fn import_sidecar_v2(
    store: &mut Store,
    key: &MasterKey,
    v2_db: &Path,
    old_key: &MasterKey,
) -> Result<ImportReport, Error> {
    let (backends, usage) = state::import::read_sidecar_v2(v2_db)?;
    let existing: Vec<String> = store
        .read(rows::list)?
        .into_iter()
        .map(|p| p.name)
        .collect();
    let mut report = ImportReport {
        imported: Vec::new(),
        skipped: Vec::new(),
        usage_rows: 0,
    };
    let mut new_ids = std::collections::HashMap::new();
    for b in backends {
        if existing.contains(&b.name) {
            report.skipped.push((b.name, "already exists".into()));
            continue;
        }
        let secret =
            match old_key.open_sidecar_v2(&format!("backend {}", b.name), &b.api_key_encrypted) {
                Ok(s) => s,
                Err(e) => {
                    report.skipped.push((b.name, e.to_string()));
                    continue;
                }
            };
        let models = mappings_from_v2(b.model_mappings.clone());
        let request = NewProviderRequest {
            name: b.name.clone(),
            base_url: b.api_base_url.clone(),
            label: b.label.clone(),
            pool: b.pool.parse().unwrap_or(Pool::Primary),
            rpm: b.rpm_limit.max(1),
            max_concurrency: 0,
            tpm: 0,
            timeout: Duration::try_from_secs_f64(b.timeout_seconds)
                .unwrap_or(Duration::from_secs(120)),
            enabled: b.enabled,
            models,
            key: secret,
            dialects: Dialects::default(),
        };
        match add(store, key, request) {
            Ok(view) => {
                new_ids.insert(b.id.clone(), rows::ProviderId(view.id));
                report.imported.push(b.name);
            }
            Err(e) => report.skipped.push((b.name, e.to_string())),
        }
    }
    let usage: Vec<_> = usage
        .into_iter()
        .filter(|u| new_ids.contains_key(&u.backend_id))
        .collect();
    store.write(|tx| {
        for u in &usage {
            let Ok(hour) = chrono::DateTime::parse_from_rfc3339(&u.hour_bucket) else {
                continue;
            };
            let delta = accounting::UsageDelta {
                requests: u.requests,
                errors: u.errors,
                prompt_tokens: u.prompt_tokens,
                completion_tokens: u.completion_tokens,
                cost_usd: u.cost,
                latency_ms_sum: u.avg_latency_ms * u.requests,
                ttft_ms_sum: u.ttft_ms * u.requests,
                ttft_count: if u.ttft_ms > 0 { u.requests } else { 0 },
                ..Default::default()
            };
            accounting::add(
                tx,
                new_ids[&u.backend_id],
                &u.model,
                hour.timestamp_millis(),
                &delta,
            )?;
        }
        Ok::<_, state::Error>(())
    })?;
    report.usage_rows = usage.len();
    Ok(report)
}
