//! `alert bridge`: receives Alertmanager webhooks, stores every alert for every receiver it
//! routes to in the outbox (one transaction) before answering 200, and delivers from the
//! outbox in the background. An alert that was answered 200 survives a crash or a restart.

pub mod alertmanager;
pub mod render;

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::{Path, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use base64::Engine as _;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::registry::Registry;
use serde_json::json;

use self::render::Style;
use crate::body::BodyError;
use crate::crypto::MasterKey;
use crate::exit::{Coded, Status};
use crate::notify::{self, Deliverer, Message};
use crate::server::{self, Lifecycle};
use crate::state::notify::{self as rows, AlertRecord};
use crate::state::{self, Store, now_ms};

/// Largest webhook body accepted (Alertmanager groups are far smaller).
const MAX_BODY_BYTES: usize = 1024 * 1024;
/// Alerts taken from one POST; the rest are dropped and counted, as Alertmanager's own
/// `max_alerts` does (a group that large is a storm no one reads card by card).
const MAX_ALERTS_PER_POST: usize = 1000;
/// How long the history of received alerts is kept.
const HISTORY_KEPT: Duration = Duration::from_secs(30 * 24 * 3600);
/// Longest pause between two chunks of a webhook body.
const BODY_TIMEOUT: Duration = Duration::from_secs(30);

/// Errors that stop the bridge.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    State(#[from] state::Error),
    #[error(transparent)]
    Server(#[from] server::Error),
    #[error("cannot build the HTTP client: {0}")]
    Http(#[from] reqwest::Error),
    #[error(
        "refusing to listen on {0} without a token: anyone who can reach it could page your on-call; set BIZWINGS_ALERT_TOKEN (or BIZWINGS_ALERT_BASIC_AUTH), listen on 127.0.0.1, or pass --allow-unauthenticated"
    )]
    Unauthenticated(SocketAddr),
}

impl Coded for Error {
    fn exit_code(&self) -> u8 {
        match self {
            Self::Unauthenticated(_) => Status::Critical.code(),
            Self::State(e) => e.exit_code(),
            Self::Server(e) => e.exit_code(),
            Self::Http(_) => Status::Unknown.code(),
        }
    }
}

/// How callers must authenticate, if at all (Alertmanager's `http_config` does both).
#[derive(Debug, Clone, Default)]
pub struct Auth {
    pub bearer: Option<String>,
    /// `user:password`.
    pub basic: Option<String>,
}

impl Auth {
    /// From `BIZWINGS_ALERT_TOKEN` (Bearer) and `BIZWINGS_ALERT_BASIC_AUTH` (user:password).
    pub fn from_env() -> Result<Self, crate::error::Error> {
        let var = |name: &str| std::env::var(name).ok().filter(|t| !t.is_empty());
        let auth = Self {
            bearer: var("BIZWINGS_ALERT_TOKEN"),
            basic: var("BIZWINGS_ALERT_BASIC_AUTH"),
        };
        if auth.basic.as_ref().is_some_and(|b| !b.contains(':')) {
            return Err(crate::error::invalid(
                "BIZWINGS_ALERT_BASIC_AUTH must be user:password",
            ));
        }
        Ok(auth)
    }
}

/// Bridge settings.
#[derive(Debug, Clone)]
pub struct BridgeConfig {
    pub listen: SocketAddr,
    pub style: Style,
    pub max_age: Duration,
    pub auth: Auth,
    /// Listen beyond loopback without a token.
    pub allow_unauthenticated: bool,
}

struct Metrics {
    registry: Registry,
    received: Counter,
    rejected: Counter,
    outbox_depth: Gauge,
    oldest_pending_seconds: Gauge,
}

struct Bridge {
    store: Arc<Mutex<Store>>,
    cfg: BridgeConfig,
    wake: tokio::sync::Notify,
    metrics: Metrics,
}

/// The bridge's metrics, registered under `bizwings_alert_`.
fn metrics_registry(counts: &notify::DeliveryCounts) -> Metrics {
    let mut registry = Registry::with_prefix("bizwings_alert");
    let metrics = Metrics {
        received: Counter::default(),
        rejected: Counter::default(),
        outbox_depth: Gauge::default(),
        oldest_pending_seconds: Gauge::default(),
        registry: Registry::default(),
    };
    registry.register(
        "received_alerts",
        "Alerts accepted and stored",
        metrics.received.clone(),
    );
    registry.register(
        "rejected_requests",
        "Webhook requests refused (bad input or auth)",
        metrics.rejected.clone(),
    );
    registry.register("delivered", "Messages delivered", counts.delivered.clone());
    registry.register(
        "retries",
        "Delivery attempts that will be retried",
        counts.retries.clone(),
    );
    registry.register("failures", "Messages given up on", counts.failures.clone());
    registry.register(
        "outbox_depth",
        "Messages waiting for delivery",
        metrics.outbox_depth.clone(),
    );
    registry.register(
        "oldest_pending_age_seconds",
        "Age of the oldest waiting message",
        metrics.oldest_pending_seconds.clone(),
    );
    Metrics {
        registry,
        ..metrics
    }
}

/// Serves until SIGTERM or SIGINT.
pub fn serve(store: Store, key: &MasterKey, cfg: &BridgeConfig) -> Result<(), Error> {
    let open = cfg.auth.bearer.is_none() && cfg.auth.basic.is_none();
    if open && !cfg.listen.ip().is_loopback() && !cfg.allow_unauthenticated {
        return Err(Error::Unauthenticated(cfg.listen));
    }
    let store = Arc::new(Mutex::new(store));
    let deliverer = Deliverer::new(store.clone(), key.clone(), cfg.max_age)?;
    let metrics = metrics_registry(&deliverer.counts);
    let bridge = Arc::new(Bridge {
        store,
        cfg: cfg.clone(),
        wake: tokio::sync::Notify::new(),
        metrics,
    });
    server::runtime("bizwings-alert", None)?.block_on(run(bridge, deliverer, cfg.listen))
}

async fn run(bridge: Arc<Bridge>, deliverer: Deliverer, listen: SocketAddr) -> Result<(), Error> {
    let mut life = Lifecycle::start();
    let listener = life.bind("", listen).await?;
    life.spawn("deliverer", deliver(bridge.clone(), deliverer));
    let router = Router::new()
        .route("/webhook", post(webhook))
        .route("/webhook/{receiver}", post(webhook_to))
        .route("/health", get(health))
        .route("/metrics", get(metrics_text))
        .with_state(bridge);
    let served = life
        .serve(listener, router, server::Limits::default(), None)
        .await;
    life.finish().await;
    tracing::info!("alert bridge stopped");
    Ok(served?)
}

/// Starts delivering what is due (each receiver on its own task), then sleeps until a new
/// alert arrives or a second passes.
async fn deliver(bridge: Arc<Bridge>, deliverer: Deliverer) {
    loop {
        if let Err(err) = deliverer.start_due().await {
            tracing::error!(error = %err, "delivery pass failed");
        }
        tokio::select! {
            () = tokio::time::sleep(Duration::from_secs(1)) => {}
            () = bridge.wake.notified() => {}
        }
    }
}

fn json_error(status: StatusCode, message: &str) -> Response {
    (
        status,
        axum::Json(json!({"status": "error", "error": message})),
    )
        .into_response()
}

fn authorized(auth: &Auth, headers: &HeaderMap) -> bool {
    if auth.bearer.is_none() && auth.basic.is_none() {
        return true;
    }
    let Some(given) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    if let (Some(token), Some(given)) = (&auth.bearer, given.strip_prefix("Bearer "))
        && crate::crypto::constant_time_eq(token.as_bytes(), given.trim().as_bytes())
    {
        return true;
    }
    if let (Some(basic), Some(given)) = (&auth.basic, given.strip_prefix("Basic ")) {
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(given.trim())
            .unwrap_or_default();
        if crate::crypto::constant_time_eq(basic.as_bytes(), &decoded) {
            return true;
        }
    }
    false
}

async fn webhook(State(bridge): State<Arc<Bridge>>, req: Request) -> Response {
    accept(bridge, None, req).await
}

async fn webhook_to(
    State(bridge): State<Arc<Bridge>>,
    Path(receiver): Path<String>,
    req: Request,
) -> Response {
    accept(bridge, Some(receiver), req).await
}

async fn accept(bridge: Arc<Bridge>, receiver: Option<String>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    // Alertmanager is no browser: a page that posts here (a forged alert) is refused.
    if let Err(refusal) = crate::server::check_browser(&parts.method, &parts.headers, &[], &[]) {
        bridge.metrics.rejected.inc();
        return json_error(StatusCode::FORBIDDEN, &refusal.to_string());
    }
    if !authorized(&bridge.cfg.auth, &parts.headers) {
        bridge.metrics.rejected.inc();
        let mut r = json_error(StatusCode::UNAUTHORIZED, "missing or wrong credentials");
        r.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            header::HeaderValue::from_static("Bearer"),
        );
        return r;
    }
    let body = match crate::body::read_limited(body, MAX_BODY_BYTES, BODY_TIMEOUT).await {
        Ok(body) => body,
        Err(e) => {
            bridge.metrics.rejected.inc();
            let (status, message) = match e {
                BodyError::TooLarge => (
                    StatusCode::PAYLOAD_TOO_LARGE,
                    format!("body is larger than {MAX_BODY_BYTES} bytes"),
                ),
                BodyError::Stalled => (StatusCode::REQUEST_TIMEOUT, "body stalled".into()),
                BodyError::Busy => (StatusCode::SERVICE_UNAVAILABLE, "busy, retry".into()),
                BodyError::Broken => (StatusCode::BAD_REQUEST, "body broken".into()),
            };
            return json_error(status, &message);
        }
    };
    let payload = match alertmanager::parse(&body) {
        Ok(p) => p,
        Err(message) => {
            bridge.metrics.rejected.inc();
            return json_error(StatusCode::BAD_REQUEST, &message);
        }
    };
    let total = payload.alerts.len();
    let b = bridge.clone();
    let stored =
        tokio::task::spawn_blocking(move || store_alerts(&b, &payload, receiver.as_deref())).await;
    match stored {
        Ok(Ok((alerts, queued))) => {
            bridge
                .metrics
                .received
                .inc_by(u64::try_from(alerts).unwrap_or(0));
            bridge.wake.notify_one();
            let truncated = total.saturating_sub(alerts);
            if truncated > 0 {
                tracing::warn!(
                    truncated,
                    "a webhook brought more than {MAX_ALERTS_PER_POST} alerts; the rest were dropped"
                );
            }
            axum::Json(
                json!({"status": "ok", "alerts": alerts, "queued": queued, "truncated": truncated}),
            )
            .into_response()
        }
        Ok(Err(err)) if matches!(err, state::Error::NotFound(_)) => {
            json_error(StatusCode::NOT_FOUND, &err.to_string())
        }
        Ok(Err(err)) => {
            tracing::error!(error = %err, "cannot store alerts");
            // Not 2xx, so Alertmanager keeps the alerts and sends them again.
            json_error(
                StatusCode::SERVICE_UNAVAILABLE,
                &format!("cannot store the alerts: {err}"),
            )
        }
        Err(_) => json_error(StatusCode::INTERNAL_SERVER_ERROR, "internal error"),
    }
}

/// Routes and renders every alert, then stores history and outbox rows in one transaction.
fn store_alerts(
    bridge: &Bridge,
    payload: &alertmanager::Payload,
    direct: Option<&str>,
) -> Result<(usize, usize), state::Error> {
    let mut store = bridge.store.lock().map_err(|_| state::Error::Busy)?;
    let routes = notify::load_routes(&mut store)?;
    let receivers = store.read(rows::receivers)?;
    if let Some(name) = direct
        && !receivers.iter().any(|r| r.name == name)
    {
        return Err(state::Error::NotFound(format!("receiver {name:?}")));
    }
    let now = now_ms();
    let mut queued = 0;
    let alerts = &payload.alerts[..payload.alerts.len().min(MAX_ALERTS_PER_POST)];
    store.write(|tx| {
        let kept_since = now - i64::try_from(HISTORY_KEPT.as_millis()).unwrap_or(i64::MAX);
        rows::forget_alerts_before(tx, kept_since)?;
        for alert in alerts {
            let matched = match direct {
                Some(name) => vec![name.to_owned()],
                None => notify::routes::receivers_for(&routes, &alert.labels),
            };
            let message = render::message(alert, &bridge.cfg.style);
            let targets = notify::enqueue(tx, &message, &matched)?;
            queued += targets.len();
            rows::record_alert(
                tx,
                &AlertRecord {
                    received_at_ms: now,
                    alertname: alert.name().to_owned(),
                    status: alert.status.clone(),
                    severity: alert.severity().to_owned(),
                    fingerprint: alert.fingerprint.clone(),
                    labels: alert.labels.clone(),
                    annotations: alert.annotations.clone(),
                    starts_at: alert.starts_at.clone(),
                    ends_at: alert.ends_at.clone(),
                    receivers: targets.clone(),
                },
            )?;
        }
        Ok::<_, state::Error>(())
    })?;
    Ok((alerts.len(), queued))
}

fn pending(bridge: &Bridge) -> Result<(u64, Option<i64>), state::Error> {
    let mut store = bridge.store.lock().map_err(|_| state::Error::Busy)?;
    let (pending, _failed, oldest) = store.read(rows::outbox_counts)?;
    Ok((pending, oldest))
}

async fn health(State(bridge): State<Arc<Bridge>>) -> Response {
    let b = bridge.clone();
    match tokio::task::spawn_blocking(move || pending(&b)).await {
        Ok(Ok((depth, oldest))) => axum::Json(json!({
            "status": "ok",
            "outbox_pending": depth,
            "oldest_pending_age_seconds": oldest.map(|t| (now_ms() - t) / 1000),
        }))
        .into_response(),
        _ => json_error(StatusCode::SERVICE_UNAVAILABLE, "state DB unavailable"),
    }
}

async fn metrics_text(State(bridge): State<Arc<Bridge>>) -> Response {
    let b = bridge.clone();
    if let Ok(Ok((depth, oldest))) = tokio::task::spawn_blocking(move || pending(&b)).await {
        bridge
            .metrics
            .outbox_depth
            .set(i64::try_from(depth).unwrap_or(i64::MAX));
        bridge
            .metrics
            .oldest_pending_seconds
            .set(oldest.map_or(0, |t| (now_ms() - t) / 1000));
    }
    let mut text = String::new();
    if prometheus_client::encoding::text::encode(&mut text, &bridge.metrics.registry).is_err() {
        return json_error(StatusCode::INTERNAL_SERVER_ERROR, "cannot encode metrics");
    }
    ([(header::CONTENT_TYPE, server::METRICS_CONTENT_TYPE)], text).into_response()
}

/// A sample alert for `alert test`.
/// A sample alert's message, for `alert test`.
pub fn sample_message(severity: &str) -> Message {
    let style = Style {
        tz: chrono_tz::Asia::Shanghai,
        dashboard_url: None,
        footer: "bizwings alert test".into(),
    };
    let alert = alertmanager::Alert {
        status: "firing".into(),
        labels: BTreeMap::from([
            ("alertname".to_owned(), "BizwingsTest".to_owned()),
            ("severity".to_owned(), severity.to_owned()),
            ("instance".to_owned(), "bizwings".to_owned()),
        ]),
        annotations: BTreeMap::from([
            ("summary".to_owned(), "bizwings alert test".to_owned()),
            (
                "description".to_owned(),
                "A test message: if you can read this, the receiver works.".to_owned(),
            ),
        ]),
        starts_at: chrono::Utc::now().to_rfc3339(),
        ends_at: String::new(),
        generator_url: String::new(),
        fingerprint: String::new(),
    };
    let mut message = render::message(&alert, &style);
    message.source = "test".into();
    message
}
