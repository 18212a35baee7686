//! `sidecar serve`: the OpenAI-compatible proxy in front of many provider keys.
//!
//! Three threads of work, each owning what it touches:
//! - the tokio runtime serves requests from an immutable `Snapshot` (lock-free `ArcSwap`
//!   load) with atomics for buckets and cooldowns; it has no `Store`, so it cannot reach SQLite;
//! - the reloader thread polls the providers generation (and takes SIGHUP), rebuilds the
//!   snapshot and closes expired cooldowns;
//! - the writer thread stores usage and status events in batches.

pub mod admin;
pub mod config;
mod cooldown;
mod dashboard;
mod error;
pub mod limiter;
pub mod metrics;
pub mod peek;
mod probe;
mod proxy;
mod relay;
pub mod route;
pub mod snapshot;
mod writer;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::ops::Deref;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::Duration;

use arc_swap::ArcSwap;
use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};

use self::config::SidecarConfig;
use self::limiter::Clock;
use self::snapshot::{BuildOptions, Runtime, Snapshot};
use self::writer::{Event, EventSender};
use crate::crypto::MasterKey;
use crate::state::providers::{self, ProviderId};
use crate::state::{self, Store, keyring, settings};

/// Errors that stop the sidecar from starting or running.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    State(#[from] state::Error),
    #[error(transparent)]
    Config(#[from] config::Invalid),
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("cannot start: {0}")]
    Runtime(std::io::Error),
    #[error("cannot build the HTTP client: {0}")]
    Http(#[from] reqwest::Error),
    #[error(
        "refusing to serve /v1 on {0} without client tokens: anyone who can reach it could spend the provider keys; add one with `bizwings sidecar client add NAME`, listen on 127.0.0.1, or pass --allow-unauthenticated"
    )]
    Unauthenticated(SocketAddr),
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
}

impl Deref for App {
    type Target = AppInner;
    fn deref(&self) -> &AppInner {
        &self.0
    }
}

/// Where the master key comes from, so a reload can read it again after a rotation.
#[derive(Debug, Clone)]
pub struct KeyConfig {
    pub db: PathBuf,
    pub key_file: Option<PathBuf>,
}

/// Serves until SIGTERM or SIGINT, then drains in-flight requests (bounded by the grace
/// period), flushes usage and returns.
pub fn serve(
    store: &mut Store,
    key: MasterKey,
    keys: KeyConfig,
    flags: &config::Overrides,
) -> Result<(), Error> {
    let cfg = SidecarConfig::resolve(flags, &store.read(settings::all)?)?;
    let clock = Clock::new();
    let opts = BuildOptions {
        emergency_fraction: cfg.emergency_rpm_fraction,
    };
    let mut runtimes = HashMap::new();
    let (rows, generation) = store
        .read(|tx| Ok::<_, state::Error>((providers::list(tx)?, providers::generation(tx)?)))?;
    let metrics = metrics::Metrics::new();
    let mut first = Snapshot::build(rows, generation, &key, &mut runtimes, clock, opts, &metrics);
    first.clients = client_table(store)?;
    if first.clients.is_empty() && !cfg.listen.ip().is_loopback() && !cfg.allow_unauthenticated {
        return Err(Error::Unauthenticated(cfg.listen));
    }
    tracing::info!(
        providers = first.backends.len(),
        models = first.routes.len(),
        "loaded providers"
    );
    let snapshot = Arc::new(ArcSwap::from_pointee(first));
    let (events, writer) = writer::spawn(store.path())?;
    let admin_auth = admin::auth_from(store)?;
    let admin_store = Arc::new(std::sync::Mutex::new(Store::open(store.path())?));
    let admin_key = key.clone();
    let (control, control_rx) = std::sync::mpsc::channel();
    let reloader = {
        let mut reloader = Reloader {
            store: Store::open(store.path())?,
            key,
            keys,
            runtimes,
            snapshot: snapshot.clone(),
            events: events.clone(),
            clock,
            opts,
            generation,
            metrics: metrics.clone(),
            backup_dir: match &cfg.backup_dir {
                Some(choice) => choice.clone(),
                None => Some(
                    store
                        .path()
                        .parent()
                        .filter(|d| !d.as_os_str().is_empty())
                        .unwrap_or(std::path::Path::new("."))
                        .join("backups"),
                ),
            },
            keep_days: cfg.backup_keep_days,
            next_maintenance: std::time::Instant::now(),
        };
        let interval = cfg.reload_interval;
        std::thread::Builder::new()
            .name("bizwings-reloader".into())
            .spawn(move || reloader.run(&control_rx, interval))
            .map_err(Error::Runtime)?
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
    }));
    let mut builder = tokio::runtime::Builder::new_multi_thread();
    if let Some(n) = std::env::var("BIZWINGS_SIDECAR_WORKERS")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        builder.worker_threads(n);
    }
    let runtime = builder
        .enable_all()
        .thread_name("bizwings-sidecar")
        .build()
        .map_err(Error::Runtime)?;
    let admin = admin::Admin::new(admin_store, admin_key, admin_auth);
    let db = store.path().to_owned();
    let served = runtime.block_on(run_server(app, admin, &cfg, control.clone(), db));
    // In-flight streams that outlived the grace period end here; their usage is recorded.
    runtime.shutdown_timeout(Duration::from_secs(1));
    let _ = control.send(Control::Stop);
    let _ = reloader.join();
    // The writer drains and exits once the last event sender (held by the app, the reloader
    // and open streams) is gone; wake it so it need not finish its sleep first.
    writer.thread().unpark();
    let _ = writer.join();
    tracing::info!("sidecar stopped");
    served
}

async fn run_server(
    app: App,
    admin: admin::Admin,
    cfg: &SidecarConfig,
    control: Sender<Control>,
    db: PathBuf,
) -> Result<(), Error> {
    use axum::serve::ListenerExt as _;
    let listener = tokio::net::TcpListener::bind(cfg.listen)
        .await
        .map_err(|source| Error::Listen {
            addr: cfg.listen,
            source,
        })?;
    let addr = listener.local_addr().map_err(Error::Runtime)?;
    let listener = listener.tap_io(|tcp| {
        let _ = tcp.set_nodelay(true);
    });
    if let Some(metrics_addr) = cfg.metrics_listen {
        let metrics_listener =
            tokio::net::TcpListener::bind(metrics_addr)
                .await
                .map_err(|source| Error::Listen {
                    addr: metrics_addr,
                    source,
                })?;
        let bound = metrics_listener.local_addr().map_err(Error::Runtime)?;
        let state = (app.clone(), db);
        let metrics_router = Router::new()
            .route(
                "/metrics",
                get(|State((app, db)): State<(App, PathBuf)>| async move {
                    (
                        [(
                            axum::http::header::CONTENT_TYPE,
                            "application/openmetrics-text; version=1.0.0; charset=utf-8",
                        )],
                        app.metrics.render(&app, &db),
                    )
                }),
            )
            .with_state(state);
        tracing::info!(addr = %bound, "metrics listening on");
        tokio::spawn(async move {
            let _ = axum::serve(metrics_listener, metrics_router).await;
        });
    }
    if let Some(interval) = cfg.health_interval {
        tokio::spawn(probe::run(app.clone(), interval, cfg.health_path.clone()));
    }
    let router = Router::new()
        .route("/health", get(health))
        .route("/v1/models", get(proxy::models))
        .route("/v1/{*rest}", any(proxy::proxy))
        .fallback(not_found)
        .with_state(app.clone())
        .merge(dashboard::router(app, admin.clone()))
        .merge(admin::router(admin));
    tracing::info!(%addr, "listening on");
    let (stopping_tx, stopping_rx) = tokio::sync::watch::channel(false);
    tokio::spawn(signals(control, stopping_tx));
    let mut stopping = stopping_rx.clone();
    let server = axum::serve(listener, router).with_graceful_shutdown(async move {
        let _ = stopping.wait_for(|s| *s).await;
        tracing::info!("shutting down: no new connections, finishing in-flight requests");
    });
    let grace = cfg.shutdown_grace;
    let mut stopped = stopping_rx;
    let deadline = async move {
        let _ = stopped.wait_for(|s| *s).await;
        tokio::time::sleep(grace).await;
    };
    tokio::select! {
        result = server => result.map_err(Error::Runtime),
        () = deadline => {
            tracing::warn!(?grace, "grace period over: dropping the requests still in flight");
            Ok(())
        }
    }
}

/// SIGHUP reloads; SIGTERM and SIGINT start the shutdown.
async fn signals(control: Sender<Control>, stopping: tokio::sync::watch::Sender<bool>) {
    use tokio::signal::unix::{SignalKind, signal};
    let (Ok(mut hup), Ok(mut term), Ok(mut int)) = (
        signal(SignalKind::hangup()),
        signal(SignalKind::terminate()),
        signal(SignalKind::interrupt()),
    ) else {
        tracing::error!("cannot install signal handlers");
        return;
    };
    loop {
        tokio::select! {
            _ = hup.recv() => {
                tracing::info!("SIGHUP: reloading providers");
                let _ = control.send(Control::Reload);
            }
            _ = term.recv() => break,
            _ = int.recv() => break,
        }
    }
    let _ = stopping.send(true);
}

async fn health(State(app): State<App>) -> Response {
    let snap = app.snapshot.load();
    let now = app.clock.now_ns();
    let cooling = snap.backends.iter().filter(|b| b.rt.cooling(now)).count();
    axum::Json(serde_json::json!({
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
    keys: KeyConfig,
    runtimes: HashMap<ProviderId, Arc<Runtime>>,
    snapshot: Arc<ArcSwap<Snapshot>>,
    events: EventSender,
    clock: Clock,
    opts: BuildOptions,
    generation: i64,
    metrics: Arc<metrics::Metrics>,
    /// Where the daily backup of the state DB goes (`None`: off).
    backup_dir: Option<PathBuf>,
    keep_days: u32,
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

    /// Rolls finished days up into `daily_stats`, and writes today's online backup of the state
    /// DB (once a day), keeping `keep_days` of them.
    fn maintain(&mut self) -> Result<(), state::Error> {
        const DAY_MS: i64 = 86_400_000;
        let now = state::now_ms();
        let today = now - now.rem_euclid(DAY_MS);
        let days = self
            .store
            .write(|tx| state::usage::roll_up_days(tx, today))?;
        tracing::debug!(days, "usage rolled up into daily stats");
        let Some(dir) = &self.backup_dir else {
            return Ok(());
        };
        let stamp = |ms: i64| {
            let t = std::time::UNIX_EPOCH + Duration::from_millis(u64::try_from(ms).unwrap_or(0));
            humantime::format_rfc3339_seconds(t).to_string()[..10].replace('-', "")
        };
        let target = dir.join(format!("bizwings-state-{}.db", stamp(now)));
        if !target.exists() {
            std::fs::create_dir_all(dir).map_err(|source| state::Error::CreateDir {
                path: dir.display().to_string(),
                source,
            })?;
            let partial = target.with_extension("db.partial");
            let _ = std::fs::remove_file(&partial);
            state::sqlite_files::online_backup(self.store.path(), &partial)?;
            std::fs::rename(&partial, &target).map_err(|source| state::Error::CreateDir {
                path: target.display().to_string(),
                source,
            })?;
            tracing::info!(file = %target.display(), "daily backup of the state DB written");
        }
        let oldest_kept = stamp(now - i64::from(self.keep_days.saturating_sub(1)) * DAY_MS);
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let day = name
                .strip_prefix("bizwings-state-")
                .and_then(|n| n.strip_suffix(".db"));
            if day.is_some_and(|d| d.len() == 8 && d < oldest_kept.as_str()) {
                tracing::info!(file = %entry.path().display(), "removing a daily backup past its retention");
                let _ = std::fs::remove_file(entry.path());
            }
        }
        Ok(())
    }

    fn close_expired_cooldowns(&self) {
        let now = self.clock.now_ns();
        for b in &self.snapshot.load().backends {
            if !b.rt.cooling(now) && b.rt.cooling_logged.swap(false, Ordering::Relaxed) {
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
        snapshot.clients = client_table(&mut self.store)?;
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

/// Client token hashes → client names, for the request path.
fn client_table(store: &mut Store) -> Result<HashMap<[u8; 32], Arc<str>>, state::Error> {
    Ok(store
        .read(state::usage::clients)?
        .into_iter()
        .filter_map(|c| {
            Some((
                <[u8; 32]>::try_from(c.token_sha256.as_slice()).ok()?,
                Arc::from(c.name.as_str()),
            ))
        })
        .collect())
}

/// Creates a client token for `name` (stored as SHA-256; returned once).
pub fn add_client(store: &mut Store, name: &str) -> Result<String, state::Error> {
    use aes_gcm::aead::rand_core::RngCore as _;
    use sha2::Digest as _;
    let mut bytes = [0u8; 24];
    aes_gcm::aead::OsRng.fill_bytes(&mut bytes);
    let token = format!("bwc_{}", hex::encode(bytes));
    let hash = sha2::Sha256::digest(token.as_bytes());
    store.write(|tx| state::usage::add_client(tx, name, &hash))?;
    Ok(token)
}

/// Usage of the last `hours` hours from the state DB, per hour or per UTC day.
pub fn usage_report(
    store: &mut Store,
    hours: u32,
    daily: bool,
    grouping: state::usage::Grouping,
) -> Result<Vec<state::usage::UsageRow>, state::Error> {
    let since = state::now_ms() - i64::from(hours) * 3_600_000;
    // Align to the period start so the oldest hour or day is reported whole.
    let period: i64 = if daily { 86_400_000 } else { 3_600_000 };
    let since = since - since.rem_euclid(period);
    store.read(|tx| state::usage::report(tx, since, daily, grouping))
}
