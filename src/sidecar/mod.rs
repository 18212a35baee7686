//! `sidecar serve`: the OpenAI-compatible proxy in front of many provider keys.
//!
//! Three threads of work, each owning what it touches:
//! - the tokio runtime serves requests from an immutable `Snapshot` (lock-free `ArcSwap`
//!   load) with atomics for buckets and cooldowns; it has no `Store`, so it cannot reach SQLite;
//! - the reloader thread polls the providers generation (and takes SIGHUP), rebuilds the
//!   snapshot and closes expired cooldowns;
//! - the writer thread stores usage and status events in batches.

pub mod background;
pub mod config;
pub mod manage;
pub mod request;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::Sender;
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};

use self::background::reload::{Control, Reloader};
use self::background::{probe, sync, writer};
use self::config::SidecarConfig;
use self::request::fleet::{Fleet, Settlement};
use self::request::limiter::Clock;
use self::request::limits::Limits;
use self::request::local::{Local, Policy};
use self::request::snapshot::BuildOptions;
use self::request::{AppInner, metrics, proxy};
use crate::crypto::MasterKey;
use crate::exit::{self, Coded, Status};
use crate::server::{self, Lifecycle};
use crate::state::{self, Store, settings};

pub use self::background::reload::Chore;
pub use self::manage::fleet::{FleetClients, clear_cooldown as clear_fleet_cooldown, fleet};
pub use self::manage::{clients, demo, requests, usage};
pub use self::request::App;

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
    #[error("cannot set up TLS for the providers: {0}")]
    Tls(String),
    #[error("cannot start the OpenTelemetry exporter: {0}")]
    Otel(std::io::Error),
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
            Self::Http(_) | Self::Tls(_) | Self::Otel(_) => Status::Unknown.code(),
        }
    }
}

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
        if store.read(state::notify::receivers)?.is_empty() {
            tracing::warn!(
                "no alert receiver: budget and provider notices are sent nowhere (add one with `bizwings alert receiver add`)"
            );
        }
        crate::body::set_budget(cfg.max_buffered_bytes);
        let clock = Clock::new();
        let opts = BuildOptions {
            emergency_fraction: cfg.emergency_rpm_fraction,
        };
        let metrics = metrics::Metrics::new();
        let notices = Arc::new(AtomicBool::new(false));
        let publish = Arc::new(std::sync::OnceLock::new());
        let otel = cfg
            .otlp_endpoint
            .as_ref()
            .map(|url| background::otel::Otel::start(url, &metrics))
            .transpose()
            .map_err(Error::Otel)?;
        let requests = writer::Requests {
            store: cfg.request_log.is_some(),
            otel,
        };
        let (events, writer) =
            writer::spawn(store.path(), notices.clone(), publish.clone(), requests)?;
        let (reloader, first) = Reloader::start(
            store,
            key,
            keys,
            (clock, opts),
            metrics.clone(),
            (events.clone(), notices),
        )?;
        if first.clients.is_empty() && !cfg.listen.ip().is_loopback() && !cfg.allow_unauthenticated
        {
            return Err(Error::Unauthenticated(cfg.listen));
        }
        tracing::info!(
            providers = first.backends.len(),
            models = first.routes.len(),
            "loaded providers"
        );
        let workers = std::env::var("BIZWINGS_SIDECAR_WORKERS")
            .ok()
            .and_then(|v| v.parse().ok());
        let runtime = server::runtime("bizwings-sidecar", workers)?;
        // The Redis connection manager lives on the runtime: create it inside.
        let entered = runtime.enter();
        let limits = limits(&cfg, clock, store.path(), metrics.shared_stalls.clone())?;
        if let Limits::Fleet(fleet) = &limits {
            // Weak: the writer outlives the fleet (which holds event senders the writer waits
            // to see dropped before it exits).
            let fleet = Arc::downgrade(fleet);
            let _ = publish.set(Box::new(move |client, tokens, nusd| {
                if let Some(fleet) = fleet.upgrade() {
                    fleet.settle_later(Settlement::Spent {
                        client,
                        tokens,
                        nusd,
                    });
                }
            }) as writer::PublishSpent);
        }
        let tls = tokio_native_tls::native_tls::TlsConnector::new()
            .map_err(|e| Error::Tls(e.to_string()))?;
        let http = reqwest::Client::builder()
            .use_preconfigured_tls(tls.clone())
            .tcp_nodelay(true)
            .connect_timeout(Duration::from_secs(10))
            .pool_idle_timeout(Duration::from_secs(90))
            .redirect(reqwest::redirect::Policy::none())
            .build()?;
        let upstream = request::upstream::Client::new(tls);
        let app = App::new(AppInner {
            snapshot: reloader.snapshot(),
            upstream,
            http,
            events,
            cfg: cfg.clone(),
            clock,
            queue_depth: AtomicUsize::new(0),
            metrics,
            limits,
            hop: request::proxy::hop_name(),
        });
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

    /// The master key in use, replaced when a rotation is seen (for the admin API).
    pub fn master_key(&self) -> Arc<arc_swap::ArcSwap<MasterKey>> {
        self.reloader.master_key()
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
        reloader.set_chores(chores);
        reloader.set_request_log(cfg.request_log);
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
                        background::scrape::render(&app, &db),
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
    if let Some(fleet) = app.limits.fleet().cloned() {
        life.spawn("shared-sync", sync::run(app.clone(), fleet));
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
        .with_state(app.clone())
        .merge(extra);
    let fleet = app.limits.fleet().cloned();
    // `/v1` is the hot path: it skips the router (the same handler as its route above).
    let fast = server::Fast {
        takes: |path| path.len() > 4 && path.starts_with("/v1/") && path != "/v1/models",
        handle: Arc::new(move |request| {
            let request = request.map(axum::body::Body::new);
            Box::pin(proxy::proxy(State(app.clone()), request))
        }),
    };
    let served = life
        .serve(
            listener,
            server::Routes::new(router, Some(fast)),
            cfg.limits,
            Some(cfg.shutdown_grace),
        )
        .await;
    // Drained: the budget slices this sidecar leased go back to the fleet with what they paid.
    if let Some(fleet) = fleet {
        fleet.release_leases().await;
    }
    life.finish().await;
    Ok(served?)
}

async fn health(State(app): State<App>) -> Response {
    let snap = app.snapshot.load();
    let now = app.clock.now_ns();
    let cooling = snap.backends.iter().filter(|b| b.rt.cooling(now)).count();
    let fleet = app.limits.fleet();
    let shared = fleet.map(
        |f| serde_json::json!({"up": f.is_up(), "members": f.members(), "required": f.required()}),
    );
    // Routing on local limits while the fleet's Redis is away is working, but not as set up.
    let status = match () {
        () if snap.backends.is_empty() => "no_providers",
        () if fleet.is_some_and(|f| !f.is_up()) => "degraded",
        () => "ok",
    };
    axum::Json(serde_json::json!({
        "shared": shared,
        "status": status,
        "providers": snap.backends.len(),
        "cooling": cooling,
        "models": snap.routes.len(),
        "generation": snap.generation,
        "queue_depth": app.queue_depth.load(Ordering::Relaxed),
    }))
    .into_response()
}

async fn not_found(uri: axum::http::Uri) -> Response {
    request::error::Error::UnknownPath(uri.path().to_owned()).into_response()
}

/// Where limits are counted, chosen once: here, or (`--shared`) in the fleet's Redis.
fn limits(
    cfg: &SidecarConfig,
    clock: Clock,
    db: &std::path::Path,
    stalls: prometheus_client::metrics::counter::Counter,
) -> Result<Limits, Error> {
    let local = Local {
        clock,
        homes: Arc::default(),
        policy: Policy {
            cooldown_base: cfg.cooldown_base,
            cooldown_max: cfg.cooldown_max,
            failure_threshold: cfg.failure_threshold,
            emergency_fraction: cfg.emergency_rpm_fraction,
        },
    };
    let Some(fc) = &cfg.fleet else {
        return Ok(Limits::Local(local));
    };
    crate::config::validate_name("fleet", &fc.name).map_err(Error::Shared)?;
    let fleet = Fleet::new(fc, local, db, stalls).map_err(|e| Error::Shared(e.to_string()))?;
    tracing::info!(fleet = %fc.name, required = fc.required, "shared mode: limits and cooldowns live in Redis");
    Ok(Limits::Fleet(fleet))
}
