//! The request path: what runs for each client request, on the tokio runtime. It reads one
//! immutable [`snapshot::Snapshot`], asks [`limits::Limits`] (local or fleet, chosen once) for
//! every shared count, touches only atomics and channels, and never reaches SQLite: [`App`]
//! has no store to reach it with. What it learns goes to the background as [`events::Event`]s.

pub mod backend;
pub mod budget;
mod cooldown;
pub mod error;
pub mod events;
pub mod fleet;
mod guard;
pub mod limiter;
pub mod limits;
pub mod local;
pub mod metrics;
pub mod peek;
pub mod proxy;
mod relay;
pub mod route;
pub mod snapshot;
mod trail;
pub mod upstream;
pub mod usage;

use std::ops::Deref;
use std::sync::Arc;
use std::sync::atomic::AtomicUsize;

use arc_swap::ArcSwap;

use self::events::EventSender;
use self::limiter::Clock;
use self::limits::Limits;
use self::snapshot::Snapshot;
use crate::sidecar::config::SidecarConfig;

/// Shared by every request. Holds no `Store`: the request path cannot reach SQLite.
#[derive(Clone)]
pub struct App(Arc<AppInner>);

pub struct AppInner {
    pub snapshot: Arc<ArcSwap<Snapshot>>,
    /// The providers' connections, for client requests.
    pub upstream: upstream::Client,
    /// A pooled client for the background's requests (health probes).
    pub http: reqwest::Client,
    pub events: EventSender,
    pub cfg: SidecarConfig,
    pub clock: Clock,
    pub queue_depth: AtomicUsize,
    pub metrics: Arc<metrics::Metrics>,
    /// Where limits and cooldowns are counted: here, or in the fleet's Redis.
    pub limits: Limits,
    /// This sidecar's name in the hop header: a request that already carries it has come
    /// round in a loop (a provider URL that points back here).
    pub hop: axum::http::HeaderValue,
}

impl App {
    pub fn new(inner: AppInner) -> Self {
        Self(Arc::new(inner))
    }
}

impl Deref for App {
    type Target = AppInner;
    fn deref(&self) -> &AppInner {
        &self.0
    }
}
