//! Prometheus metrics of the sidecar (`bizwings_sidecar_*`), served on their own listener.
//! Counters and histograms are recorded where the work happens (lock-free atomics inside
//! prometheus-client); gauges that describe state (pools, queue, DB size) are read at scrape.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;
use serde::Serialize;

use super::usage::Usage;
use crate::server::Label;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RequestLabels {
    pub provider: Label,
    pub model: Label,
    /// `2xx`, `4xx`, `429`, `5xx` or `error` (no answer).
    pub class: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct ProviderLabels {
    pub provider: Label,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct TokenLabels {
    pub provider: Label,
    pub model: Label,
    /// `prompt` or `completion` (every token), and of them `cache_read`, `cache_write`
    /// (prompt) and `reasoning` (completion).
    pub kind: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct ModelLabels {
    pub model: Label,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct PoolLabels {
    pub pool: String,
    /// `available`, `cooling` or `key_rejected`.
    pub state: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RefusalLabels {
    pub client: Label,
    /// `budget` or `rpm`.
    pub reason: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct SpanLabels {
    /// `exported` or `dropped`.
    pub outcome: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct ClientClassLabels {
    pub client: Label,
    pub class: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct ClientLabels {
    pub client: Label,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct BudgetLabels {
    pub client: Label,
    /// `usd` or `tokens`.
    pub unit: String,
    /// `hour`, `day` or `month` (UTC).
    pub period: String,
}

type FloatGauge = Gauge<f64, std::sync::atomic::AtomicU64>;

fn latency_histogram() -> Histogram {
    // 1 ms to ~65 s.
    Histogram::new(exponential_buckets(0.001, 2.0, 17))
}

/// Latency buckets of the live counters: bucket `i` holds times up to `2^i` ms.
const LIVE_BUCKETS: usize = 17;

/// Counts since the start for the dashboard's live charts, which take differences between two
/// readings (prometheus-client offers no way to read its own values back).
#[derive(Debug, Default)]
pub struct Live {
    attempts: AtomicU64,
    /// Answered with 4xx or 5xx other than 429, or not at all.
    errors: AtomicU64,
    rate_limited: AtomicU64,
    tokens: AtomicU64,
    latency: [AtomicU64; LIVE_BUCKETS],
    ttft: [AtomicU64; LIVE_BUCKETS],
}

/// A reading of [`Live`].
#[derive(Debug, Serialize)]
pub struct LiveView {
    pub attempts: u64,
    pub errors: u64,
    pub rate_limited: u64,
    pub tokens: u64,
    /// Upstream attempts per latency bucket, and the buckets' upper bounds in ms.
    pub latency: Vec<u64>,
    pub ttft: Vec<u64>,
    pub bucket_ms: Vec<u64>,
}

fn live_bucket(d: Duration) -> usize {
    let ms = u64::try_from(d.as_millis()).unwrap_or(u64::MAX).max(1);
    (64 - (ms - 1).leading_zeros() as usize).min(LIVE_BUCKETS - 1)
}

impl Live {
    fn record(&self, class: usize, elapsed: Duration, ttft: Option<Duration>, tokens: u64) {
        self.attempts.fetch_add(1, Ordering::Relaxed);
        match CLASSES[class] {
            "429" => self.rate_limited.fetch_add(1, Ordering::Relaxed),
            "4xx" | "5xx" | "error" => self.errors.fetch_add(1, Ordering::Relaxed),
            _ => 0,
        };
        self.tokens.fetch_add(tokens, Ordering::Relaxed);
        self.latency[live_bucket(elapsed)].fetch_add(1, Ordering::Relaxed);
        if let Some(ttft) = ttft {
            self.ttft[live_bucket(ttft)].fetch_add(1, Ordering::Relaxed);
        }
    }

    pub fn view(&self) -> LiveView {
        let read = |a: &[AtomicU64]| a.iter().map(|v| v.load(Ordering::Relaxed)).collect();
        LiveView {
            attempts: self.attempts.load(Ordering::Relaxed),
            errors: self.errors.load(Ordering::Relaxed),
            rate_limited: self.rate_limited.load(Ordering::Relaxed),
            tokens: self.tokens.load(Ordering::Relaxed),
            latency: read(&self.latency),
            ttft: read(&self.ttft),
            bucket_ms: (0..LIVE_BUCKETS).map(|i| 1 << i).collect(),
        }
    }
}

/// Every metric of the sidecar.
pub struct Metrics {
    /// What the dashboard's live charts read.
    pub live: Arc<Live>,
    pub registry: Registry,
    pub requests: Family<RequestLabels, Counter>,
    pub upstream_seconds: Family<ProviderLabels, Histogram>,
    pub request_seconds: Histogram,
    pub ttft_seconds: Family<ProviderLabels, Histogram>,
    pub tokens: Family<TokenLabels, Counter>,
    pub cost_usd: Family<ModelLabels, Counter<f64, std::sync::atomic::AtomicU64>>,
    pub retries: Counter,
    pub emergency: Counter,
    pub queue_wait_seconds: Histogram,
    pub queue_depth: Gauge,
    /// 1 while shared mode reaches Redis, 0 while it does not (absent without --shared).
    pub shared_up: Gauge,
    /// Live sidecars of the fleet last seen.
    pub shared_members: Gauge,
    /// Redis calls that ran out of time (each pauses asking Redis for a second).
    pub shared_stalls: Counter,
    pub pool_members: Family<PoolLabels, Gauge>,
    pub cooldowns_active: Gauge,
    pub client_refusals: Family<RefusalLabels, Counter>,
    /// Per client: upstream attempts by class, and the time of the answered ones — what the
    /// shipped rules sum over every sidecar into each agent's 429 rate and response time.
    pub client_attempts: Family<ClientClassLabels, Counter>,
    pub client_attempt_seconds: Family<ClientLabels, Histogram>,
    /// Spans sent to the OpenTelemetry collector, or dropped (queue full, collector away).
    pub otel_spans: Family<SpanLabels, Counter>,
    pub budget_limit: Family<BudgetLabels, FloatGauge>,
    pub budget_used: Family<BudgetLabels, FloatGauge>,
    pub db_bytes: Gauge,
    pub wal_bytes: Gauge,
    pub uptime_seconds: Gauge,
    pub started: Instant,
}

impl Metrics {
    #[expect(
        clippy::too_many_lines,
        reason = "one registration per metric, in one place"
    )]
    pub fn new() -> Arc<Self> {
        let mut registry = Registry::with_prefix("bizwings_sidecar");
        let m = Self {
            live: Arc::default(),
            registry: Registry::default(),
            requests: Family::default(),
            upstream_seconds: Family::new_with_constructor(latency_histogram),
            request_seconds: latency_histogram(),
            ttft_seconds: Family::new_with_constructor(latency_histogram),
            tokens: Family::default(),
            cost_usd: Family::default(),
            retries: Counter::default(),
            emergency: Counter::default(),
            queue_wait_seconds: latency_histogram(),
            queue_depth: Gauge::default(),
            shared_up: Gauge::default(),
            shared_members: Gauge::default(),
            shared_stalls: Counter::default(),
            pool_members: Family::default(),
            cooldowns_active: Gauge::default(),
            client_refusals: Family::default(),
            client_attempts: Family::default(),
            client_attempt_seconds: Family::new_with_constructor(latency_histogram),
            otel_spans: Family::default(),
            budget_limit: Family::default(),
            budget_used: Family::default(),
            db_bytes: Gauge::default(),
            wal_bytes: Gauge::default(),
            uptime_seconds: Gauge::default(),
            started: Instant::now(),
        };
        registry.register(
            "upstream_requests",
            "Upstream attempts by provider, model and status class",
            m.requests.clone(),
        );
        registry.register(
            "upstream_latency_seconds",
            "Time from sending to the last byte of an upstream answer",
            m.upstream_seconds.clone(),
        );
        registry.register(
            "request_latency_seconds",
            "Time from a client request to its response headers",
            m.request_seconds.clone(),
        );
        registry.register(
            "ttft_seconds",
            "Time to the first streamed byte",
            m.ttft_seconds.clone(),
        );
        registry.register(
            "tokens",
            "Tokens by provider, model and kind",
            m.tokens.clone(),
        );
        registry.register(
            "cost_usd",
            "Cost in USD by model, from the mapping prices",
            m.cost_usd.clone(),
        );
        registry.register(
            "retries",
            "Attempts on another provider after a failure",
            m.retries.clone(),
        );
        registry.register(
            "emergency_requests",
            "Requests sent through the emergency trickle",
            m.emergency.clone(),
        );
        registry.register(
            "queue_wait_seconds",
            "Time spent waiting for a provider with capacity",
            m.queue_wait_seconds.clone(),
        );
        registry.register(
            "queue_depth",
            "Requests waiting for capacity now",
            m.queue_depth.clone(),
        );
        registry.register(
            "shared_up",
            "1 while shared mode reaches Redis, else 0",
            m.shared_up.clone(),
        );
        registry.register(
            "shared_members",
            "Live sidecars of the fleet last seen",
            m.shared_members.clone(),
        );
        registry.register(
            "shared_stalls",
            "Redis calls that ran out of time; each pauses asking Redis for a second",
            m.shared_stalls.clone(),
        );
        registry.register(
            "pool_members",
            "Providers per pool and state",
            m.pool_members.clone(),
        );
        registry.register(
            "cooldowns_active",
            "Providers cooling down now",
            m.cooldowns_active.clone(),
        );
        registry.register(
            "client_refusals",
            "Client requests the sidecar refused for the client's own limits (budget, rpm)",
            m.client_refusals.clone(),
        );
        registry.register(
            "client_attempts",
            "Upstream attempts per client token and status class (sum over sidecars for a fleet)",
            m.client_attempts.clone(),
        );
        registry.register(
            "client_attempt_seconds",
            "Time of a client's answered upstream attempts, from sending to the last byte",
            m.client_attempt_seconds.clone(),
        );
        registry.register(
            "otel_spans",
            "Spans of requests sent to the OpenTelemetry collector (exported) or dropped (queue full, collector away)",
            m.otel_spans.clone(),
        );
        registry.register(
            "client_budget_limit",
            "A client's budget per period, in USD or tokens",
            m.budget_limit.clone(),
        );
        registry.register(
            "client_budget_used",
            "What a client used of its budget in the current period (USD or tokens)",
            m.budget_used.clone(),
        );
        registry.register("db_bytes", "Size of the state DB file", m.db_bytes.clone());
        registry.register(
            "wal_bytes",
            "Size of the state DB's write-ahead log",
            m.wal_bytes.clone(),
        );
        registry.register(
            "uptime_seconds",
            "Seconds since the sidecar started",
            m.uptime_seconds.clone(),
        );
        Arc::new(Self { registry, ..m })
    }
}

impl Metrics {
    /// Counts a request refused for its client's own limits.
    pub fn client_refused(&self, client: &str, why: &super::error::Error) {
        let reason = match why {
            super::error::Error::BudgetExceeded { .. } => "budget",
            _ => "rpm",
        };
        self.client_refusals
            .get_or_create(&RefusalLabels {
                client: client.into(),
                reason: reason.to_owned(),
            })
            .inc();
    }
}

/// Status classes of upstream answers, as labelled; `error` is no answer at all.
const CLASSES: [&str; 6] = ["2xx", "4xx", "429", "5xx", "other", "error"];

fn class_index(status: Option<u16>) -> usize {
    match status {
        Some(200..=299) => 0,
        Some(429) => 2,
        Some(400..=499) => 1,
        Some(500..=599) => 3,
        Some(_) => 4,
        None => 5,
    }
}

/// The metric handles of one (provider, model), resolved once per snapshot: recording an
/// attempt is then a few atomic adds, with no label strings built and no map looked up.
pub struct Handles {
    live: Arc<Live>,
    requests: [Counter; 6],
    upstream_seconds: Histogram,
    ttft_seconds: Histogram,
    /// Per token kind: prompt, completion, cache_read, cache_write, reasoning.
    tokens: [Counter; 5],
    cost_usd: Counter<f64, std::sync::atomic::AtomicU64>,
}

/// The `kind` labels of the token counter, in `Handles::tokens` order.
const TOKEN_KINDS: [&str; 5] = [
    "prompt",
    "completion",
    "cache_read",
    "cache_write",
    "reasoning",
];

impl std::fmt::Debug for Handles {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Handles")
    }
}

impl Handles {
    /// Records one upstream attempt.
    pub fn record(
        &self,
        status: Option<u16>,
        elapsed: Duration,
        ttft: Option<Duration>,
        usage: &Usage,
        cost: f64,
    ) {
        let class = class_index(status);
        self.requests[class].inc();
        self.live.record(class, elapsed, ttft, usage.total());
        self.upstream_seconds.observe(elapsed.as_secs_f64());
        if let Some(ttft) = ttft {
            self.ttft_seconds.observe(ttft.as_secs_f64());
        }
        let counts = [
            usage.prompt(),
            usage.output,
            usage.cache_read,
            usage.cache_write,
            usage.reasoning,
        ];
        for (counter, n) in self.tokens.iter().zip(counts) {
            if n > 0 {
                counter.inc_by(n);
            }
        }
        if cost > 0.0 {
            self.cost_usd.inc_by(cost);
        }
    }
}

/// The metric handles of one client, resolved when its gate is built.
pub struct ClientHandles {
    attempts: [Counter; 6],
    seconds: Histogram,
}

impl std::fmt::Debug for ClientHandles {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ClientHandles")
    }
}

impl ClientHandles {
    /// Records one upstream attempt of the client; the answered ones are timed.
    pub fn record(&self, status: Option<u16>, elapsed: Duration) {
        self.attempts[class_index(status)].inc();
        if status.is_some() {
            self.seconds.observe(elapsed.as_secs_f64());
        }
    }
}

impl Metrics {
    /// The handles of `client`: every class's series exists from now on, at 0 until used.
    pub fn client_handles(&self, client: &str) -> Arc<ClientHandles> {
        let attempts = |class: &str| {
            self.client_attempts
                .get_or_create(&ClientClassLabels {
                    client: client.into(),
                    class: class.into(),
                })
                .clone()
        };
        Arc::new(ClientHandles {
            attempts: CLASSES.map(attempts),
            seconds: self
                .client_attempt_seconds
                .get_or_create(&ClientLabels {
                    client: client.into(),
                })
                .clone(),
        })
    }

    /// The handles of `provider` serving `model` (`-` for paths without a model).
    pub fn handles(&self, provider: &str, model: &str) -> Arc<Handles> {
        let request = |class: &str| {
            self.requests
                .get_or_create(&RequestLabels {
                    provider: provider.into(),
                    model: model.into(),
                    class: class.into(),
                })
                .clone()
        };
        let by_provider = ProviderLabels {
            provider: provider.into(),
        };
        let tokens = |kind: &str| {
            self.tokens
                .get_or_create(&TokenLabels {
                    provider: provider.into(),
                    model: model.into(),
                    kind: kind.into(),
                })
                .clone()
        };
        Arc::new(Handles {
            live: self.live.clone(),
            requests: CLASSES.map(request),
            upstream_seconds: self.upstream_seconds.get_or_create(&by_provider).clone(),
            ttft_seconds: self.ttft_seconds.get_or_create(&by_provider).clone(),
            tokens: TOKEN_KINDS.map(tokens),
            cost_usd: self
                .cost_usd
                .get_or_create(&ModelLabels {
                    model: model.into(),
                })
                .clone(),
        })
    }
}
