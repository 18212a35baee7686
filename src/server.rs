//! One lifecycle for every HTTP listener (sidecar, its metrics, the alert bridge, the
//! heartbeat exporter, and any added later): bind and log the address, one shutdown signal
//! (SIGTERM/SIGINT), SIGHUP as a stream of reloads, named background tasks, and a graceful
//! drain bounded by a grace period. Every connection is held to [`Limits`]: a client that
//! sends half a header, or idles between requests, is cut after the header timeout, and the
//! number of open connections is capped (the next waits in the kernel's backlog).

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use futures_util::FutureExt as _;
use futures_util::future::{BoxFuture, Either};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, watch};
use tokio::task::JoinHandle;

use crate::exit::{Coded, Status};

/// A handler in front of a listener's router, for a hot path that should not pay for routing
/// (the sidecar's `/v1`): the requests whose path it `takes` go to `handle`.
#[derive(Clone)]
pub struct Fast {
    pub takes: fn(&str) -> bool,
    pub handle: Arc<
        dyn Fn(
                hyper::Request<hyper::body::Incoming>,
            ) -> BoxFuture<'static, axum::response::Response>
            + Send
            + Sync,
    >,
}

/// What a listener answers: its router, and optionally a [`Fast`] path in front of it.
#[derive(Clone)]
pub struct Routes {
    router: Router,
    fast: Option<Fast>,
}

impl Routes {
    pub fn new(router: Router, fast: Option<Fast>) -> Self {
        Self { router, fast }
    }
}

impl From<Router> for Routes {
    fn from(router: Router) -> Self {
        Self { router, fast: None }
    }
}

/// The OpenMetrics text format, as every bizwings `/metrics` serves it (prometheus-client).
pub const METRICS_CONTENT_TYPE: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

/// Text from outside (a model name, an agent's label) as a metric label value, escaped as the
/// text format needs when it is encoded: prometheus-client writes a `String` label value as
/// given, so a quote, a backslash or a line break would end the value early, make every scrape
/// of the listener fail, or add a series of its own.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Label(String);

impl From<&str> for Label {
    fn from(text: &str) -> Self {
        Self(text.to_owned())
    }
}

impl From<String> for Label {
    fn from(text: String) -> Self {
        Self(text)
    }
}

impl prometheus_client::encoding::EncodeLabelValue for Label {
    fn encode(
        &self,
        encoder: &mut prometheus_client::encoding::LabelValueEncoder,
    ) -> Result<(), std::fmt::Error> {
        use std::fmt::Write as _;
        let mut rest = self.0.as_str();
        while let Some(at) = rest.find(['\\', '"', '\n']) {
            encoder.write_str(&rest[..at])?;
            encoder.write_str(match rest.as_bytes()[at] {
                b'\\' => "\\\\",
                b'"' => "\\\"",
                _ => "\\n",
            })?;
            rest = &rest[at + 1..];
        }
        encoder.write_str(rest)
    }
}

/// What every connection is held to.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// The whole request header must arrive within this; an idle keep-alive connection is
    /// closed after it too (hyper starts the timer when it waits for the next request).
    pub header_timeout: Duration,
    /// Longest pause between two chunks of a request body (applied by `body::read_limited`).
    pub body_timeout: Duration,
    /// Connections served at once; more wait in the listen backlog.
    pub max_connections: usize,
}

impl Default for Limits {
    /// nginx-like: 30 s for headers and between body chunks, 1024 connections.
    fn default() -> Self {
        Self {
            header_timeout: Duration::from_secs(30),
            body_timeout: Duration::from_secs(30),
            max_connections: 1024,
        }
    }
}

/// Largest request header accepted (nginx's large_client_header_buffers is 4 × 8 KiB).
const MAX_HEADER_BYTES: usize = 64 * 1024;

/// Errors that stop a server from starting or running.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("cannot start: {0}")]
    Runtime(std::io::Error),
}

impl Coded for Error {
    fn exit_code(&self) -> u8 {
        Status::Unknown.code()
    }
}

/// The token of an `Authorization: Bearer` header, trimmed. Tokens come only in headers,
/// never in URLs (which access logs keep).
pub fn bearer(headers: &axum::http::HeaderMap) -> Option<&str> {
    headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
}

/// Why a browser's request was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BrowserRefusal {
    /// The `Host` it named (DNS rebinding).
    Host(String),
    /// The web origin it came from.
    Origin(String),
    /// A `POST` that is not JSON: a form or `text/plain`, which any page may send unasked.
    NotJson,
}

impl std::fmt::Display for BrowserRefusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Host(host) => write!(f, "host {host:?} is not allowed for browser requests"),
            Self::Origin(origin) => write!(f, "requests from web origin {origin:?} are refused"),
            Self::NotJson => f.write_str("browser requests must send application/json"),
        }
    }
}

/// The checks every listener applies to requests from a browser (they carry `Origin` or
/// `Sec-Fetch-*`; other clients are not affected): an allowed origin (`*`: any), a host that is
/// loopback, an IP literal or allowed (no DNS rebinding), and JSON for a `POST`.
pub fn check_browser(
    method: &axum::http::Method,
    headers: &axum::http::HeaderMap,
    allowed_hosts: &[String],
    allowed_origins: &[String],
) -> Result<(), BrowserRefusal> {
    use axum::http::header;
    let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let origin = text(header::ORIGIN.as_str());
    let browser = origin.is_some()
        || headers.contains_key("sec-fetch-site")
        || headers.contains_key("sec-fetch-mode");
    if !browser {
        return Ok(());
    }
    let host = text(header::HOST.as_str()).unwrap_or_default();
    let name = host
        .rsplit_once(':')
        .filter(|(_, port)| port.chars().all(|c| c.is_ascii_digit()))
        .map_or(host, |(name, _)| name)
        .trim_start_matches('[')
        .trim_end_matches(']');
    let host_ok = name.eq_ignore_ascii_case("localhost")
        || name.parse::<std::net::IpAddr>().is_ok()
        || allowed_hosts.iter().any(|h| h.eq_ignore_ascii_case(name));
    if !host_ok {
        return Err(BrowserRefusal::Host(name.to_owned()));
    }
    let origin_ok = match origin {
        Some(o) => allowed_origins.iter().any(|a| a == "*" || a == o),
        None => text("sec-fetch-site").is_none_or(|site| site == "same-origin" || site == "none"),
    };
    if !origin_ok {
        return Err(BrowserRefusal::Origin(
            origin.unwrap_or("(cross-site)").to_owned(),
        ));
    }
    let json = text(header::CONTENT_TYPE.as_str()).is_some_and(|t| {
        t.trim_start()
            .to_ascii_lowercase()
            .starts_with("application/json")
    });
    if *method == axum::http::Method::POST && !json {
        return Err(BrowserRefusal::NotJson);
    }
    Ok(())
}

/// A multi-threaded tokio runtime whose threads are named after the server.
pub fn runtime(name: &str, workers: Option<usize>) -> Result<tokio::runtime::Runtime, Error> {
    let mut builder = tokio::runtime::Builder::new_multi_thread();
    if let Some(n) = workers {
        builder.worker_threads(n);
    }
    builder
        .enable_all()
        .thread_name(name)
        .build()
        .map_err(Error::Runtime)
}

/// The life of one server process. Create it inside the runtime.
pub struct Lifecycle {
    stopping: watch::Receiver<bool>,
    reloads: watch::Receiver<u64>,
    tasks: Vec<(&'static str, JoinHandle<()>)>,
}

impl Lifecycle {
    /// Starts listening for signals: SIGTERM and SIGINT stop, SIGHUP reloads.
    pub fn start() -> Self {
        let (stop_tx, stopping) = watch::channel(false);
        let (reload_tx, reloads) = watch::channel(0u64);
        tokio::spawn(async move {
            use tokio::signal::unix::{SignalKind, signal};
            let (Ok(mut hup), Ok(mut term), Ok(mut int)) = (
                signal(SignalKind::hangup()),
                signal(SignalKind::terminate()),
                signal(SignalKind::interrupt()),
            ) else {
                tracing::error!(
                    "cannot install signal handlers: only SIGKILL will stop this process"
                );
                return;
            };
            loop {
                tokio::select! {
                    _ = hup.recv() => {
                        tracing::info!("SIGHUP: reloading");
                        reload_tx.send_modify(|n| *n += 1);
                    }
                    _ = term.recv() => break,
                    _ = int.recv() => break,
                }
            }
            let _ = stop_tx.send(true);
        });
        Self {
            stopping,
            reloads,
            tasks: Vec::new(),
        }
    }

    /// Binds `addr` and logs `{role}listening on` with the bound address (tests and operators
    /// read it; port 0 picks a free port). `role` is "" for the main listener, else e.g.
    /// "metrics ".
    pub async fn bind(&self, role: &str, addr: SocketAddr) -> Result<TcpListener, Error> {
        let listener = TcpListener::bind(addr)
            .await
            .map_err(|source| Error::Listen { addr, source })?;
        let bound = listener.local_addr().map_err(Error::Runtime)?;
        tracing::info!(addr = %bound, "{role}listening on");
        Ok(listener)
    }

    /// Resolves once a stop was asked for.
    pub fn stopped(&self) -> impl Future<Output = ()> + Send + 'static {
        let mut stopping = self.stopping.clone();
        async move {
            let _ = stopping.wait_for(|s| *s).await;
        }
    }

    /// Changes on every SIGHUP.
    pub fn reloads(&self) -> watch::Receiver<u64> {
        self.reloads.clone()
    }

    /// Runs a background task until it ends or the server stops; it is waited for in
    /// [`Lifecycle::finish`]. A task that ends early is logged by name.
    pub fn spawn(&mut self, name: &'static str, task: impl Future<Output = ()> + Send + 'static) {
        let stopped = self.stopped();
        let handle = tokio::spawn(async move {
            tokio::select! {
                () = task => tracing::debug!(task = name, "background task ended"),
                () = stopped => {}
            }
        });
        self.tasks.push((name, handle));
    }

    /// Serves `router` on `listener`, each connection held to `limits`, until the stop
    /// signal; then lets in-flight requests finish for at most `grace` (none: as long as they
    /// take) while idle connections close at once.
    pub async fn serve(
        &self,
        listener: TcpListener,
        routes: impl Into<Routes>,
        limits: Limits,
        grace: Option<Duration>,
    ) -> Result<(), Error> {
        serve_until(listener, routes, limits, grace, self.stopped()).await
    }

    /// Waits for the background tasks (they stop with the server).
    pub async fn finish(self) {
        for (name, handle) in self.tasks {
            if let Err(err) = handle.await {
                tracing::error!(task = name, error = %err, "background task failed");
            }
        }
    }
}

/// Serves `router` on `listener` until `stopped` resolves; see [`Lifecycle::serve`]. Also for
/// a second listener run as a background task.
pub async fn serve_until(
    listener: TcpListener,
    routes: impl Into<Routes>,
    limits: Limits,
    grace: Option<Duration>,
    stopped: impl Future<Output = ()>,
) -> Result<(), Error> {
    let routes = routes.into();
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let permits = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .max_header_size(MAX_HEADER_BYTES);
    tokio::pin!(stopped);
    loop {
        let permit = tokio::select! {
            permit = permits.clone().acquire_owned() => match permit {
                Ok(p) => p,
                Err(_) => break,
            },
            () = &mut stopped => break,
        };
        let tcp = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((tcp, _)) => tcp,
                Err(err) => {
                    // Out of file descriptors and the like: wait a moment, keep serving.
                    tracing::warn!(error = %err, "cannot accept a connection");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut stopped => break,
        };
        let _ = tcp.set_nodelay(true);
        let routes = routes.clone();
        let service = hyper::service::service_fn(move |request| {
            if let Some(fast) = routes
                .fast
                .as_ref()
                .filter(|f| (f.takes)(request.uri().path()))
            {
                return Either::Left((fast.handle)(request).map(Ok));
            }
            Either::Right(tower_service::Service::call(
                &mut routes.router.clone(),
                request,
            ))
        });
        let connection = graceful.watch(http.serve_connection(TokioIo::new(tcp), service));
        tokio::spawn(async move {
            let _ = connection.await;
            drop(permit);
        });
    }
    tracing::info!("shutting down: no new connections, finishing in-flight requests");
    crate::body::stop();
    match grace {
        None => graceful.shutdown().await,
        Some(grace) => {
            if tokio::time::timeout(grace, graceful.shutdown())
                .await
                .is_err()
            {
                tracing::warn!(
                    ?grace,
                    "grace period over: dropping the requests still in flight"
                );
            }
        }
    }
    Ok(())
}
