//! `sidecar serve`: the OpenAI-compatible proxy in front of many provider keys.
//!
//! Three threads of work, each owning what it touches:
//! - the tokio runtime serves requests from an immutable `Snapshot` (lock-free `ArcSwap`
//!   load) with atomics for buckets and cooldowns; it has no `Store`, so it cannot reach SQLite;
//! - the reloader thread polls the providers generation (and takes SIGHUP), rebuilds the
//!   snapshot and closes expired cooldowns;
//! - the writer thread stores usage and status events in batches.

pub mod backend;
pub mod budget;
pub mod clients;
pub mod config;
mod cooldown;
pub mod demo;
mod error;
pub mod limiter;
pub mod metrics;
pub mod peek;
mod probe;
mod proxy;
mod relay;
pub mod route;
pub mod shared;
pub mod snapshot;
pub mod usage;
mod writer;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::ops::Deref;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::Duration;

use arc_swap::ArcSwap;
use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};

use self::backend::BackendState;
use self::config::SidecarConfig;
use self::limiter::Clock;
use self::snapshot::{BuildOptions, Snapshot};
use self::writer::{Event, EventSender};
use crate::crypto::MasterKey;
use crate::exit::{self, Coded, Status};
use crate::server::{self, Lifecycle};
use crate::state::providers::{self, ProviderId};
use crate::state::{self, Store, keyring, settings};

/// Errors that stop the sidecar from starting or running.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    State(#[from] state::Error),
    #[error(transparent)]
    Config(#[from] config::Invalid),
    #[error(transparent)]
    Server(#[from] server::Error),
    #[error("cannot build the HTTP client: {0}")]
    Http(#[from] reqwest::Error),
    #[error("shared mode: {0}")]
    Shared(String),
    #[error(
        "refusing to serve /v1 on {0} without client tokens: anyone who can reach it could spend the provider keys; add one with `bizwings sidecar client add NAME`, listen on 127.0.0.1, or pass --allow-unauthenticated"
    )]
    Unauthenticated(SocketAddr),
}

impl Coded for Error {
    fn exit_code(&self) -> u8 {
        match self {
            Self::Unauthenticated(_) => exit::Status::Critical.code(),
            Self::Config(_) | Self::Shared(_) => exit::USAGE,
            Self::State(e) => e.exit_code(),
            Self::Server(e) => e.exit_code(),
            Self::Http(_) => Status::Unknown.code(),
        }
    }
}

/// Shared by every request. Holds no `Store`: the request path cannot reach SQLite.
#[derive(Clone)]
pub struct App(Arc<AppInner>);

pub struct AppInner {
    snapshot: Arc<ArcSwap<Snapshot>>,
    /// One pooled client for every upstream.
    http: reqwest::Client,
    events: EventSender,
    cfg: SidecarConfig,
    clock: Clock,
    queue_depth: AtomicUsize,
    metrics: Arc<metrics::Metrics>,
    /// Shared mode's connection to the fleet, if `--shared`.
    shared: Option<Arc<shared::Shared>>,
}

impl Deref for App {
    type Target = AppInner;
    fn deref(&self) -> &AppInner {
        &self.0
    }
}

/// Work of other subsystems run on the sidecar's maintenance tick (about hourly), composed by
/// the caller: the sidecar itself imports no other subsystem.
pub type Chore = Box<dyn FnMut() + Send>;

/// A sidecar ready to serve: configuration resolved, first snapshot built, writer running.
pub struct Sidecar {
    app: App,
    cfg: SidecarConfig,
    reloader: Reloader,
    writer: std::thread::JoinHandle<()>,
    db: PathBuf,
    runtime: tokio::runtime::Runtime,
}

impl Sidecar {
    /// Resolves the settings, builds the first snapshot and starts the usage writer. Refuses
    /// to serve `/v1` beyond loopback without client tokens.
    pub fn start(
        store: &mut Store,
        key: MasterKey,
        keys: crate::config::Paths,
        flags: &config::Overrides,
    ) -> Result<Self, Error> {
        let cfg = SidecarConfig::resolve(flags, &store.read(settings::all)?)?;
        crate::body::set_budget(cfg.max_buffered_bytes);
        let clock = Clock::new();
        let opts = BuildOptions {
            emergency_fraction: cfg.emergency_rpm_fraction,
        };
        let mut runtimes = HashMap::new();
        let (rows, generation) = store
            .read(|tx| Ok::<_, state::Error>((providers::list(tx)?, providers::generation(tx)?)))?;
        let metrics = metrics::Metrics::new();
        let mut first =
            Snapshot::build(rows, generation, &key, &mut runtimes, clock, opts, &metrics);
        let mut gates = clients::GateRuntimes::default();
        first.clients = clients::table(store, &mut gates)?;
        if first.clients.is_empty() && !cfg.listen.ip().is_loopback() && !cfg.allow_unauthenticated
        {
            return Err(Error::Unauthenticated(cfg.listen));
        }
        tracing::info!(
            providers = first.backends.len(),
            models = first.routes.len(),
            "loaded providers"
        );
        let snapshot = Arc::new(ArcSwap::from_pointee(first));
        let notices = Arc::new(AtomicBool::new(false));
        let (events, writer) = writer::spawn(store.path(), notices.clone())?;
        let reloader = Reloader {
            store: Store::open(store.path())?,
            key,
            keys,
            runtimes,
            gates,
            notices,
            snapshot: snapshot.clone(),
            events: events.clone(),
            clock,
            opts,
            generation,
            metrics: metrics.clone(),
            chores: Vec::new(),
            next_maintenance: std::time::Instant::now(),
        };
        let workers = std::env::var("BIZWINGS_SIDECAR_WORKERS")
            .ok()
            .and_then(|v| v.parse().ok());
        let runtime = server::runtime("bizwings-sidecar", workers)?;
        // The Redis connection manager lives on the runtime: create it inside.
        let entered = runtime.enter();
        let shared = match &cfg.shared {
            Some((url, fleet, required)) => {
                crate::config::validate_name("fleet", fleet).map_err(Error::Shared)?;
                let shared = shared::Shared::new(url, fleet, *required)
                    .map_err(|e| Error::Shared(e.to_string()))?;
                tracing::info!(%fleet, required, "shared mode: limits and cooldowns live in Redis");
                Some(shared)
            }
            None => None,
        };
        let http = reqwest::Client::builder()
            .tcp_nodelay(true)
            .connect_timeout(Duration::from_secs(10))
            .pool_idle_timeout(Duration::from_secs(90))
            .redirect(reqwest::redirect::Policy::none())
            .build()?;
        let app = App(Arc::new(AppInner {
            snapshot,
            http,
            events,
            cfg: cfg.clone(),
            clock,
            queue_depth: AtomicUsize::new(0),
            metrics,
            shared,
        }));
        drop(entered);
        Ok(Self {
            app,
            cfg,
            reloader,
            writer,
            db: store.path().to_owned(),
            runtime,
        })
    }

    /// The shared request state, for routers that show the live state (the dashboard).
    pub fn app(&self) -> App {
        self.app.clone()
    }

    /// Where the daily copy of the state DB goes (`None`: off) and how many days are kept.
    pub fn backup_plan(&self) -> (Option<PathBuf>, u32) {
        let dir = match &self.cfg.backup_dir {
            Some(choice) => choice.clone(),
            None => Some(
                self.db
                    .parent()
                    .filter(|d| !d.as_os_str().is_empty())
                    .unwrap_or(std::path::Path::new("."))
                    .join("backups"),
            ),
        };
        (dir, self.cfg.backup_keep_days)
    }

    /// Serves `/v1`, `/health` and `extra` (the admin API and dashboard) until SIGTERM or
    /// SIGINT, then drains in-flight requests (bounded by the grace period), flushes usage and
    /// returns. `chores` run on the maintenance tick.
    pub fn serve(self, extra: Router, chores: Vec<Chore>) -> Result<(), Error> {
        let Self {
            app,
            cfg,
            mut reloader,
            writer,
            db,
            runtime,
        } = self;
        reloader.chores = chores;
        let (control, control_rx) = std::sync::mpsc::channel();
        let interval = cfg.reload_interval;
        let reloader = std::thread::Builder::new()
            .name("bizwings-reloader".into())
            .spawn(move || reloader.run(&control_rx, interval))
            .map_err(server::Error::Runtime)?;
        let served = runtime.block_on(run_server(app, extra, &cfg, control.clone(), db));
        // In-flight streams that outlived the grace period end here; their usage is recorded.
        runtime.shutdown_timeout(Duration::from_secs(1));
        let _ = control.send(Control::Stop);
        let _ = reloader.join();
        // The writer drains and exits once the last event sender (held by the app, the
        // reloader and open streams) is gone; wake it so it need not finish its sleep first.
        writer.thread().unpark();
        let _ = writer.join();
        tracing::info!("sidecar stopped");
        served
    }
}

async fn run_server(
    app: App,
    extra: Router,
    cfg: &SidecarConfig,
    control: Sender<Control>,
    db: PathBuf,
) -> Result<(), Error> {
    let mut life = Lifecycle::start();
    let listener = life.bind("", cfg.listen).await?;
    if let Ok(bound) = listener.local_addr() {
        tracing::info!(
            proxy = %format_args!("http://{bound}/v1"),
            dashboard = %format_args!("http://{bound}/dashboard"),
            "ready: point OpenAI clients at the proxy; the dashboard asks for the admin token (`bizwings sidecar admin-token` creates one)"
        );
    }
    if let Some(metrics_addr) = cfg.metrics_listen {
        let metrics_listener = life.bind("metrics ", metrics_addr).await?;
        let router = Router::new()
            .route(
                "/metrics",
                get(|State((app, db)): State<(App, PathBuf)>| async move {
                    (
                        [(
                            axum::http::header::CONTENT_TYPE,
                            server::METRICS_CONTENT_TYPE,
                        )],
                        app.metrics.render(&app, &db),
                    )
                }),
            )
            .with_state((app.clone(), db));
        let stopped = life.stopped();
        let limits = cfg.limits;
        life.spawn("metrics", async move {
            let _ = server::serve_until(metrics_listener, router, limits, None, stopped).await;
        });
    }
    if let Some(interval) = cfg.health_interval {
        life.spawn(
            "health-probes",
            probe::run(app.clone(), interval, cfg.health_path.clone()),
        );
    }
    if let Some(shared) = app.shared.clone() {
        life.spawn("shared-sync", sync_fleet(app.clone(), shared));
    }
    let mut reloads = life.reloads();
    life.spawn("sighup", async move {
        while reloads.changed().await.is_ok() {
            let _ = control.send(Control::Reload);
        }
    });
    let router = Router::new()
        .route("/health", get(health))
        .route("/v1/models", get(proxy::models))
        .route("/v1/{*rest}", any(proxy::proxy))
        .fallback(not_found)
        .with_state(app)
        .merge(extra);
    let served = life
        .serve(listener, router, cfg.limits, Some(cfg.shutdown_grace))
        .await;
    life.finish().await;
    Ok(served?)
}

/// Shared mode's background half: says this sidecar is alive, learns how many are, keeps the
/// local fallback buckets at RPM ÷ members, and brings the fleet's key errors and cooldowns into
/// the local state (for routing after a fallback, the dashboard and `/metrics`).
async fn sync_fleet(app: App, shared: Arc<shared::Shared>) {
    let mut tick = tokio::time::interval(shared::SYNC_EVERY);
    let mut last_requests = 0;
    loop {
        tick.tick().await;
        let requests = shared.requests.load(Ordering::Relaxed);
        let per_minute = (requests - last_requests) * 60_000
            / u64::try_from(shared::SYNC_EVERY.as_millis()).unwrap_or(1000);
        last_requests = requests;
        let snap = app.snapshot.load_full();
        let fleet = shared.sync(&snap, per_minute).await;
        let members = shared.members();
        let now_ms = state::now_ms();
        for (i, b) in snap.backends.iter().enumerate() {
            b.rt.set_share(b.rpm / members, app.cfg.emergency_rpm_fraction);
            let Some(&(key_error_ms, cool_until_ms)) = fleet.as_ref().and_then(|f| f.get(i)) else {
                continue;
            };
            // A key error newer than this host's last change of the provider applies here too.
            if key_error_ms > b.changed_at_ms
                && b.rt.state(app.clock.now_ns()) != backend::Availability::KeyRejected
            {
                b.rt.on_key_rejected();
                tracing::error!(provider = %b.name, "another sidecar of the fleet saw this key rejected");
                let _ = app.events.send(Event::KeyRejected {
                    provider: b.id,
                    detail: "rejected upstream, seen by another sidecar of the fleet".into(),
                });
            }
            if cool_until_ms > now_ms {
                let left =
                    Duration::from_millis(u64::try_from(cool_until_ms - now_ms).unwrap_or(0));
                b.rt.cool_for(app.clock.now_ns(), left);
            }
        }
    }
}

/// `sidecar fleet`: the live members of a fleet.
#[derive(Debug, serde::Serialize)]
pub struct FleetReport {
    pub fleet: String,
    pub members: Vec<shared::Member>,
}

impl crate::output::Report for FleetReport {
    fn human(&self, out: &mut crate::output::Human) {
        if self.members.is_empty() {
            out.line(format!("no live sidecar in fleet {}", self.fleet));
            return;
        }
        out.table(
            [
                "HOST",
                "PID",
                "VERSION",
                "STARTED (UTC)",
                "LAST SEEN (UTC)",
                "REQ/MIN",
                "SHARED",
            ],
            self.members.iter().map(|m| {
                [
                    m.host.clone(),
                    m.pid.to_string(),
                    m.version.clone(),
                    crate::output::utc(m.started_at_ms),
                    crate::output::utc(m.last_seen_ms),
                    m.requests_per_minute.to_string(),
                    if m.shared_up { "up" } else { "down" }.into(),
                ]
            }),
        );
    }
}

/// Reads a fleet's live members from its Redis.
pub fn fleet(url: &str, fleet: &str) -> Result<FleetReport, crate::error::Error> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| crate::error::Error::Unavailable(e.to_string()))?;
    let members = runtime
        .block_on(shared::members(url, fleet))
        .map_err(crate::error::Error::Unavailable)?;
    Ok(FleetReport {
        fleet: fleet.to_owned(),
        members,
    })
}

/// What the dashboard shows of one backend, classified once (see [`backend::BackendState`]).
#[derive(Debug, serde::Serialize)]
pub struct BackendLive {
    pub name: String,
    pub pool: providers::Pool,
    pub state: backend::Availability,
    pub health: backend::Health,
    pub rpm: u32,
    pub tokens_available: u64,
    pub cooldown_left_s: f64,
}

impl App {
    /// Every backend's live state, now.
    pub fn live(&self) -> Vec<BackendLive> {
        let snap = self.snapshot.load();
        let now = self.clock.now_ns();
        snap.backends
            .iter()
            .map(|b| BackendLive {
                name: b.name.clone(),
                pool: b.pool,
                state: b.rt.state(now),
                health: b.rt.health(),
                rpm: b.rpm,
                tokens_available: b.rt.tokens_available(now),
                cooldown_left_s: b.rt.cooldown_left(now).as_secs_f64(),
            })
            .collect()
    }

    /// Requests waiting in the queue now.
    /// Counts since the start, for the dashboard's live charts.
    pub fn live_counts(&self) -> metrics::LiveView {
        self.metrics.live.view()
    }

    pub fn queue_depth(&self) -> usize {
        self.queue_depth.load(Ordering::Relaxed)
    }

    /// Shared mode as the dashboard and admin API show it: fleet, whether Redis answers, the
    /// live members (`None` without `--shared`).
    pub async fn fleet(&self) -> Option<serde_json::Value> {
        let shared = self.shared.as_ref()?;
        let members = shared.list_members().await;
        Some(serde_json::json!({
            "fleet": shared.fleet(),
            "up": shared.is_up(),
            "required": shared.required,
            "members": members,
        }))
    }
}

async fn health(State(app): State<App>) -> Response {
    let snap = app.snapshot.load();
    let now = app.clock.now_ns();
    let cooling = snap.backends.iter().filter(|b| b.rt.cooling(now)).count();
    let shared = app.shared.as_ref().map(
        |s| serde_json::json!({"up": s.is_up(), "members": s.members(), "required": s.required}),
    );
    axum::Json(serde_json::json!({
        "shared": shared,
        "status": if snap.backends.is_empty() { "no_providers" } else { "ok" },
        "providers": snap.backends.len(),
        "cooling": cooling,
        "models": snap.routes.len(),
        "generation": snap.generation,
        "queue_depth": app.queue_depth.load(Ordering::Relaxed),
    }))
    .into_response()
}

async fn not_found(uri: axum::http::Uri) -> Response {
    error::Error::UnknownPath(uri.path().to_owned()).into_response()
}

enum Control {
    Reload,
    Stop,
}

/// Keeps the snapshot in step with the DB; owns the runtime state map between snapshots.
struct Reloader {
    store: Store,
    key: MasterKey,
    /// Where the master key comes from, so a reload can read it again after a rotation.
    keys: crate::config::Paths,
    runtimes: HashMap<ProviderId, Arc<BackendState>>,
    /// Client rate buckets and budget meters, kept across snapshots like `runtimes`.
    gates: clients::GateRuntimes,
    /// Set by the writer when it queued notifications (budget notices) to deliver.
    notices: Arc<AtomicBool>,
    snapshot: Arc<ArcSwap<Snapshot>>,
    events: EventSender,
    clock: Clock,
    opts: BuildOptions,
    generation: i64,
    metrics: Arc<metrics::Metrics>,
    chores: Vec<Chore>,
    next_maintenance: std::time::Instant,
}

/// How often the daily roll-up and backup are looked after.
const MAINTENANCE_EVERY: Duration = Duration::from_secs(3600);

impl Reloader {
    fn run(&mut self, control: &Receiver<Control>, interval: Duration) {
        loop {
            let forced = match control.recv_timeout(interval) {
                Ok(Control::Reload) => true,
                Ok(Control::Stop) | Err(RecvTimeoutError::Disconnected) => {
                    // Cooldowns that ran out since the last tick are recorded as over at exit.
                    self.close_expired_cooldowns();
                    return;
                }
                Err(RecvTimeoutError::Timeout) => false,
            };
            self.close_expired_cooldowns();
            self.deliver_notices();
            if let Err(err) = self.reload(forced) {
                tracing::error!(error = %err, "reloading providers failed; keeping the current ones");
            }
            if std::time::Instant::now() >= self.next_maintenance {
                self.next_maintenance = std::time::Instant::now() + MAINTENANCE_EVERY;
                if let Err(err) = self.maintain() {
                    tracing::error!(error = %err, "daily roll-up or backup failed; will retry within the hour");
                }
            }
        }
    }

    /// Rolls finished days up into `daily_stats`, then runs the chores (the daily copy of
    /// the state DB).
    fn maintain(&mut self) -> Result<(), state::Error> {
        const DAY_MS: i64 = 86_400_000;
        let now = state::now_ms();
        let today = now - now.rem_euclid(DAY_MS);
        let days = self.store.write(|tx| {
            // Per-minute client rows serve windows of minutes (the exporter's); a day is plenty.
            state::usage::prune_client_minutes(tx, now - 2 * DAY_MS)?;
            state::usage::roll_up_days(tx, today)
        })?;
        tracing::debug!(days, "usage rolled up into daily stats");
        for chore in &mut self.chores {
            chore();
        }
        Ok(())
    }

    /// Sends what the writer queued (budget notices) on a thread of its own, so a slow
    /// receiver never holds up reloads. What cannot be sent stays in the outbox.
    fn deliver_notices(&self) {
        if !self.notices.swap(false, Ordering::Relaxed) {
            return;
        }
        let (db, key) = (self.store.path().to_owned(), self.key.clone());
        let _ = std::thread::Builder::new()
            .name("bizwings-notify".into())
            .spawn(move || crate::notify::deliver_now(&db, Some(&key)));
    }

    fn close_expired_cooldowns(&self) {
        let now = self.clock.now_ns();
        for b in &self.snapshot.load().backends {
            if b.rt.take_ended_cooldown(now) {
                tracing::info!(provider = %b.name, "cooldown over");
                let _ = self.events.send(Event::CooldownEnded {
                    provider: b.id,
                    at_ms: state::now_ms(),
                });
            }
        }
    }

    fn reload(&mut self, forced: bool) -> Result<(), state::Error> {
        let generation = self.store.read(providers::generation)?;
        if generation == self.generation && !forced {
            return Ok(());
        }
        // A master key rotation changes the key check: read the key again from its source.
        let check = self.store.read(keyring::check)?;
        if check.as_deref().is_some_and(|c| !self.key.matches(c)) {
            match crate::config::master_key(self.keys.key_file.as_deref(), &self.keys.db) {
                Ok(Some((key, source))) if check.as_deref().is_some_and(|c| key.matches(c)) => {
                    tracing::info!(%source, "master key changed; using the new one");
                    self.key = key;
                }
                _ => {
                    self.generation = generation;
                    return Err(state::Error::WrongKey);
                }
            }
        }
        let (rows, generation) = self
            .store
            .read(|tx| Ok::<_, state::Error>((providers::list(tx)?, providers::generation(tx)?)))?;
        let mut snapshot = Snapshot::build(
            rows,
            generation,
            &self.key,
            &mut self.runtimes,
            self.clock,
            self.opts,
            &self.metrics,
        );
        snapshot.clients = clients::table(&mut self.store, &mut self.gates)?;
        tracing::info!(
            providers = snapshot.backends.len(),
            models = snapshot.routes.len(),
            generation,
            "providers reloaded"
        );
        self.snapshot.store(Arc::new(snapshot));
        self.generation = generation;
        Ok(())
    }
}
