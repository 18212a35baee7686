//! The immutable routing table the request path reads: backends with decrypted keys, model
//! routes per pool, and the `/v1/models` body. Rebuilt in the background on every provider
//! change and swapped in whole (`ArcSwap`), so a request never sees half a change.
//!
//! Per-backend live state (token buckets, cooldown) is a `BackendState`, shared by `Arc`
//! across snapshots: a reload changes the configuration, not what was used.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;
use std::sync::atomic::AtomicUsize;
use std::time::Duration;

use axum::http::HeaderValue;
use bytes::Bytes;

use super::backend::BackendState;
use super::limiter::Clock;
use super::upstream::Target;
use super::usage::Prices;
use crate::crypto::MasterKey;
use crate::state::providers::{Dialect, Pool, ProviderId, ProviderRow};

/// A model as one backend serves it.
#[derive(Debug, Clone)]
pub struct ModelEntry {
    pub native_id: String,
    /// Metric handles of this provider serving this model.
    pub handles: Arc<super::metrics::Handles>,
    pub prices: Prices,
}

/// One upstream key, ready to use.
#[derive(Debug)]
pub struct Backend {
    pub id: ProviderId,
    pub name: Arc<str>,
    /// Metric handles for `/v1` paths that name no model.
    pub passthrough: Arc<super::metrics::Handles>,
    pub pool: Pool,
    /// The chat base URL, without a trailing slash; request paths after `/v1` are appended.
    pub base_url: String,
    /// The host of `base_url`, for the request log and spans (`server.address`).
    pub host: Arc<str>,
    /// Per dialect it serves (in `Dialect::ALL` order), the base URL its paths go under.
    pub bases: [Option<String>; 3],
    /// `Bearer <key>`, marked sensitive so it never shows in debug output.
    pub auth: HeaderValue,
    /// The bare key, for Anthropic's `x-api-key`; sensitive too.
    pub api_key: HeaderValue,
    pub timeout: Duration,
    pub rpm: u32,
    /// Requests in flight at most; 0: no cap.
    pub max_in_flight: u32,
    /// Tokens per minute; 0: no limit.
    pub tpm: u32,
    /// When the provider last changed on this host (unix ms): a fleet key error older than this
    /// is about a key this host no longer uses.
    pub changed_at_ms: i64,
    pub models: HashMap<String, ModelEntry>,
    /// Pre-parsed upstream URLs of the model paths it serves (`/chat/completions`,
    /// `/messages`, …).
    pub model_urls: Vec<(&'static str, Target)>,
    pub rt: Arc<BackendState>,
}

/// How soon a request waiting on providers at their concurrency cap looks again.
const SLOT_POLL: Duration = Duration::from_millis(10);

impl Backend {
    /// Whether it serves `dialect`.
    pub fn serves(&self, dialect: Dialect) -> bool {
        self.bases[dialect.index()].is_some()
    }

    /// The upstream URL of a path after `/v1` in `dialect`: the model paths' URLs are parsed
    /// once per snapshot; other paths are rare.
    pub fn url(&self, dialect: Dialect, tail: &str) -> Result<Cow<'_, Target>, String> {
        match self.model_urls.iter().find(|(t, _)| *t == tail) {
            Some((_, target)) => Ok(Cow::Borrowed(target)),
            None => Target::parse(&upstream(
                self.bases[dialect.index()]
                    .as_deref()
                    .unwrap_or(&self.base_url),
                dialect,
                tail,
            ))
            .map(Cow::Owned),
        }
    }

    /// Takes a place among the requests in flight and reserves `tokens` of the TPM limit
    /// (each only when set); `Err` says how long until it could, taking nothing.
    pub fn take_limits(&self, tokens: u64, now_ns: u64) -> Result<(), Duration> {
        if !self.rt.try_enter(self.max_in_flight) {
            return Err(SLOT_POLL);
        }
        if !self.rt.try_reserve(self.tpm, tokens, now_ns) {
            self.rt.leave(self.max_in_flight);
            return Err(self.rt.token_wait(tokens, now_ns));
        }
        Ok(())
    }

    /// Gives back what `take_limits` took, for a pick that did not happen.
    pub fn give_back_limits(&self, tokens: u64, now_ns: u64) {
        self.rt.unreserve(self.tpm, tokens, now_ns);
        self.rt.leave(self.max_in_flight);
    }
}

/// Paths under `/v1` whose body names a model to route on, by dialect.
pub const MODEL_PATHS: [(&str, Dialect); 6] = [
    ("/chat/completions", Dialect::Chat),
    ("/completions", Dialect::Chat),
    ("/embeddings", Dialect::Chat),
    ("/responses", Dialect::Responses),
    ("/messages", Dialect::Messages),
    ("/messages/count_tokens", Dialect::Messages),
];

/// A path after `/v1` under a dialect's base URL: Anthropic's base URL (what
/// `ANTHROPIC_BASE_URL` would be) has no `/v1`, OpenAI's has it.
fn upstream(base: &str, dialect: Dialect, tail: &str) -> String {
    match dialect {
        Dialect::Messages => format!("{base}/v1{tail}"),
        Dialect::Chat | Dialect::Responses => format!("{base}{tail}"),
    }
}

/// The base URL of each dialect `row` serves; an empty one is the chat base URL (for
/// Messages without its `/v1`).
fn bases(row: &ProviderRow) -> [Option<String>; 3] {
    let or_base = |url: &str, dialect: Dialect| {
        if !url.is_empty() {
            return url.to_owned();
        }
        match dialect {
            Dialect::Messages => row
                .base_url
                .strip_suffix("/v1")
                .unwrap_or(&row.base_url)
                .to_owned(),
            _ => row.base_url.clone(),
        }
    };
    let d = &row.dialects;
    [
        d.chat.then(|| row.base_url.clone()),
        d.responses
            .as_deref()
            .map(|u| or_base(u, Dialect::Responses)),
        d.messages.as_deref().map(|u| or_base(u, Dialect::Messages)),
    ]
}

/// The candidates for one model, grouped by pool in routing order.
#[derive(Debug)]
pub struct Route {
    /// Backend indexes per pool, primary first.
    pub pools: Vec<Vec<usize>>,
    /// Round-robin start, so equal candidates share the load.
    pub next: AtomicUsize,
    /// The FIFO wait queue of this route: one permit, held by the waiter at the head.
    pub queue_head: tokio::sync::Semaphore,
    /// The highest prices among its backends: what a client's budget reserves for a request
    /// before the backend is known.
    pub max_prices: Prices,
}

impl Default for Route {
    fn default() -> Self {
        Self::new(Vec::new())
    }
}

impl Route {
    /// One backend alone: where a stored response lives.
    pub fn pinned(idx: usize, max_prices: Prices) -> Self {
        Self {
            max_prices,
            ..Self::new(vec![vec![idx]])
        }
    }

    fn new(pools: Vec<Vec<usize>>) -> Self {
        Self {
            pools,
            next: AtomicUsize::new(0),
            queue_head: tokio::sync::Semaphore::new(1),
            max_prices: Prices::default(),
        }
    }
}

/// The routing table.
#[derive(Debug, Default)]
pub struct Snapshot {
    pub backends: Vec<Backend>,
    /// Per dialect (in `Dialect::ALL` order): canonical model name → its route among the
    /// backends that serve the dialect.
    pub routes: [HashMap<Arc<str>, Route>; 3],
    /// Every backend that serves chat, for `/v1/*` paths that name no model.
    pub any: Route,
    /// Pre-rendered `GET /v1/models` body.
    pub models_body: Bytes,
    /// The providers generation this snapshot was built from.
    pub generation: i64,
    /// SHA-256 of each client token → the client and its limits. Empty: `/v1` is open
    /// (loopback only).
    pub clients: HashMap<[u8; 32], Arc<super::budget::Gate>>,
}

/// Settings that shape a snapshot.
#[derive(Debug, Clone, Copy)]
pub struct BuildOptions {
    pub emergency_fraction: f64,
}

/// The routing table of one provider's models, with their metric handles resolved once.
fn model_entries(
    row: &ProviderRow,
    metrics: &super::metrics::Metrics,
) -> HashMap<String, ModelEntry> {
    row.models
        .iter()
        .map(|m| {
            let entry = ModelEntry {
                handles: metrics.handles(&row.name, &m.canonical),
                native_id: m.native_id.clone(),
                prices: Prices::per_mtok(
                    m.input_usd_per_mtok,
                    m.output_usd_per_mtok,
                    m.cache_read_usd_per_mtok,
                    m.cache_write_usd_per_mtok,
                ),
            };
            (m.canonical.clone(), entry)
        })
        .collect()
}

/// A provider's state the first time this sidecar sees it: a cooldown stored in the DB is
/// carried over (a restart must not forget it), and a clear from before this start is history.
fn first_state(row: &ProviderRow, clock: Clock, opts: BuildOptions, now_ms: i64) -> BackendState {
    let rt = BackendState::new(row.rpm, opts.emergency_fraction);
    rt.clear_cooldown_since(row.cooldown_cleared_at_ms);
    if let Some(until_ms) = row.cooldown_until_ms.filter(|u| *u > now_ms) {
        let left = Duration::from_millis(u64::try_from(until_ms - now_ms).unwrap_or(0));
        rt.restore_cooldown(clock, left, row.consecutive_429);
    }
    rt
}

impl Snapshot {
    /// Builds a snapshot from provider rows. Disabled providers and those whose key was
    /// rejected (`error`) are left out; a key that cannot be decrypted is logged and skipped.
    /// `runtimes` carries bucket and cooldown state from the previous snapshot and is pruned
    /// to the providers that still exist.
    pub fn build(
        rows: Vec<ProviderRow>,
        generation: i64,
        key: &MasterKey,
        runtimes: &mut HashMap<ProviderId, Arc<BackendState>>,
        clock: Clock,
        opts: BuildOptions,
        metrics: &super::metrics::Metrics,
    ) -> Self {
        let now_ms = crate::state::now_ms();
        let mut backends = Vec::with_capacity(rows.len());
        runtimes.retain(|id, _| rows.iter().any(|r| r.id == *id));
        for row in rows {
            if !row.enabled || row.status == "error" {
                runtimes.remove(&row.id);
                continue;
            }
            let aad = crate::crypto::provider_key_aad(row.id.0);
            let secret = match key.open_string(&aad, &row.api_key_sealed) {
                Ok(secret) => secret,
                Err(err) => {
                    tracing::error!(provider = %row.name, error = %err, "skipping provider: cannot decrypt its key");
                    continue;
                }
            };
            let (Ok(mut auth), Ok(mut api_key)) = (
                HeaderValue::from_str(&format!("Bearer {}", secret.expose())),
                HeaderValue::from_str(secret.expose()),
            ) else {
                tracing::error!(provider = %row.name, "skipping provider: key is not a valid header value");
                continue;
            };
            auth.set_sensitive(true);
            api_key.set_sensitive(true);
            let rt = runtimes
                .entry(row.id)
                .or_insert_with(|| Arc::new(first_state(&row, clock, opts, now_ms)))
                .clone();
            rt.clear_cooldown_since(row.cooldown_cleared_at_ms);
            rt.reconfigure(row.rpm, opts.emergency_fraction);
            rt.set_tpm(row.tpm);
            let models = model_entries(&row, metrics);
            let bases = bases(&row);
            let model_urls = MODEL_PATHS
                .iter()
                .filter_map(|(tail, dialect)| {
                    let base = bases[dialect.index()].as_deref()?;
                    Target::parse(&upstream(base, *dialect, tail))
                        .ok()
                        .map(|target| (*tail, target))
                })
                .collect();
            let passthrough = metrics.handles(&row.name, "-");
            backends.push(Backend {
                passthrough,
                id: row.id,
                name: Arc::from(row.name),
                pool: row.pool,
                host: url::Url::parse(&row.base_url)
                    .ok()
                    .and_then(|u| u.host_str().map(Arc::from))
                    .unwrap_or_default(),
                base_url: row.base_url,
                bases,
                auth,
                api_key,
                timeout: Duration::from_millis(row.timeout_ms),
                rpm: row.rpm,
                max_in_flight: row.max_concurrency,
                tpm: row.tpm,
                changed_at_ms: row.updated_at_ms,
                models,
                model_urls,
                rt,
            });
        }
        let canonical: BTreeSet<&str> = backends
            .iter()
            .flat_map(|b| b.models.keys().map(String::as_str))
            .collect();
        let routes = Dialect::ALL.map(|dialect| {
            canonical
                .iter()
                .filter_map(|model| {
                    let serves = |b: &Backend| b.serves(dialect) && b.models.contains_key(*model);
                    let pools = by_pool(&backends, &serves);
                    let max_prices = max_prices(&backends, model);
                    let route = Route {
                        max_prices,
                        ..Route::new(pools)
                    };
                    (!route.pools.is_empty()).then(|| (Arc::from(*model), route))
                })
                .collect()
        });
        let any = Route::new(by_pool(&backends, &|b| b.serves(Dialect::Chat)));
        let models_body = models_body(&canonical);
        Self {
            backends,
            routes,
            any,
            models_body,
            generation,
            clients: HashMap::new(),
        }
    }
}

/// Indexes of the backends that pass `filter`, grouped by pool in routing order.
fn by_pool(backends: &[Backend], filter: &dyn Fn(&Backend) -> bool) -> Vec<Vec<usize>> {
    [Pool::Primary, Pool::Fallback]
        .iter()
        .map(|pool| {
            backends
                .iter()
                .enumerate()
                .filter(|(_, b)| b.pool == *pool && filter(b))
                .map(|(i, _)| i)
                .collect::<Vec<_>>()
        })
        .filter(|v| !v.is_empty())
        .collect()
}

/// The highest prices of `model` among `backends`.
fn max_prices(backends: &[Backend], model: &str) -> Prices {
    backends
        .iter()
        .filter_map(|b| b.models.get(model))
        .fold(Prices::default(), |max, e| max.max(e.prices))
}

/// `GET /v1/models` in OpenAI's list shape.
fn models_body(models: &BTreeSet<&str>) -> Bytes {
    let data: Vec<serde_json::Value> = models
        .iter()
        .map(|id| serde_json::json!({"id": id, "object": "model", "created": 0, "owned_by": "bizwings"}))
        .collect();
    Bytes::from(serde_json::json!({"object": "list", "data": data}).to_string())
}
