//! `bizwings exporter` (also `heartbeat exporter`): the state as Prometheus gauges, and pings
//! over HTTP (see `heartbeat::pings`). The agents keep the seed exporter's names and labels
//! (`agent_heartbeat_status`, `agent_task_stagnation_seconds`, `agent_workboard_pending`,
//! `agent_rounds_used_ratio`, `agent_429_error_rate`, `agent_response_time_seconds`; labels
//! `agent_name`, `agent_label`) so its Grafana dashboard works; backups, inspect results and
//! the alert outbox are `bizwings_*`. An entry point like `admin`: it reads what the
//! subsystems stored, through `state`, with one DB connection for the process, at most once
//! per `--min-interval` however many scrapers ask.

mod gauges;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use self::gauges::Gauges;
use crate::heartbeat::{Error, pings};
use crate::server::{self, Lifecycle};
use crate::state::{self, Store};

struct Exporter {
    store: Mutex<Store>,
    /// `BIZWINGS_PING_KEY`, if set (else a key stored by `heartbeat ping-key --rotate`).
    ping_key: Option<crate::crypto::Secret>,
    gauges: Gauges,
    /// The last rendering and when it was made: scrapes within `min_interval` get it again.
    last: Mutex<Option<(Instant, String)>>,
    min_interval: Duration,
    /// Pings per agent in the current window.
    pings: Mutex<HashMap<String, (Instant, u32)>>,
}

/// Pings one agent may send per [`PING_WINDOW`]; more get 429.
const PINGS_PER_WINDOW: u32 = 10;
const PING_WINDOW: Duration = Duration::from_secs(10);
/// Agent names remembered for the limit at most (a flood of made-up names resets it).
const PING_NAMES_MAX: usize = 10_000;

impl Exporter {
    /// Counts a ping of `name`; `false` when it is over its limit.
    fn ping_allowed(&self, name: &str) -> bool {
        let Ok(mut pings) = self.pings.lock() else {
            return false;
        };
        let now = Instant::now();
        if pings.len() >= PING_NAMES_MAX {
            pings.retain(|_, (start, _)| now.duration_since(*start) < PING_WINDOW);
            if pings.len() >= PING_NAMES_MAX {
                pings.clear();
            }
        }
        let (start, count) = pings.entry(name.to_owned()).or_insert((now, 0));
        if now.duration_since(*start) >= PING_WINDOW {
            (*start, *count) = (now, 0);
        }
        *count += 1;
        *count <= PINGS_PER_WINDOW
    }
}

impl Exporter {
    /// The metrics text, read from the DB at most once per `min_interval`.
    fn render(&self) -> Result<String, String> {
        let mut last = self.last.lock().map_err(|_| "lock poisoned")?;
        if let Some((at, text)) = last.as_ref()
            && at.elapsed() < self.min_interval
        {
            return Ok(text.clone());
        }
        let text = {
            let mut store = self.store.lock().map_err(|_| "state lock poisoned")?;
            self.gauges.render(&mut store)?
        };
        *last = Some((Instant::now(), text.clone()));
        Ok(text)
    }
}

async fn metrics(State(exporter): State<Arc<Exporter>>) -> Response {
    let rendered = tokio::task::spawn_blocking(move || exporter.render())
        .await
        .unwrap_or_else(|e| Err(e.to_string()));
    match rendered {
        Ok(text) => ([(header::CONTENT_TYPE, server::METRICS_CONTENT_TYPE)], text).into_response(),
        Err(e) => (StatusCode::SERVICE_UNAVAILABLE, e).into_response(),
    }
}

fn json(status: StatusCode, body: &serde_json::Value) -> Response {
    (status, axum::Json(body)).into_response()
}

/// `GET|POST /ping/NAME[/start|/fail|/CODE]`.
async fn ping(
    State(exporter): State<Arc<Exporter>>,
    Path(tail): Path<String>,
    method: axum::http::Method,
    headers: HeaderMap,
) -> Response {
    if let Err(refusal) = crate::server::check_browser(&method, &headers, &[], &[]) {
        return json(
            StatusCode::FORBIDDEN,
            &serde_json::json!({"error": refusal.to_string()}),
        );
    }
    let given = crate::server::bearer(&headers).map(str::to_owned);
    let parts: Vec<&str> = tail.split('/').collect();
    let (name, suffix) = match parts.as_slice() {
        [name] if !name.is_empty() => (name.to_string(), None),
        [name, suffix] if !name.is_empty() => (name.to_string(), Some(suffix.to_string())),
        _ => {
            return json(
                StatusCode::NOT_FOUND,
                &serde_json::json!({"error": "use /ping/NAME[/start|/fail|/CODE]"}),
            );
        }
    };
    let Some((kind, message)) = pings::kind_of(suffix.as_deref()) else {
        return json(
            StatusCode::NOT_FOUND,
            &serde_json::json!({"error": "the suffix is start, fail or an exit code 0-255"}),
        );
    };
    let answer = tokio::task::spawn_blocking(move || {
        let mut store = exporter
            .store
            .lock()
            .map_err(|_| Error::State(state::Error::Busy))?;
        if !pings::authorized(&mut store, exporter.ping_key.as_ref(), given.as_deref())? {
            return Ok(None);
        }
        // Counted once authorized: a stranger cannot use up an agent's pings.
        if !exporter.ping_allowed(&name) {
            return Ok(Some(Err(name)));
        }
        pings::ping_now(&mut store, &name, kind, &message).map(|p| Some(Ok(p)))
    })
    .await;
    match answer {
        Ok(Ok(Some(Ok(pinged)))) => json(StatusCode::OK, &serde_json::json!(pinged)),
        Ok(Ok(Some(Err(name)))) => json(
            StatusCode::TOO_MANY_REQUESTS,
            &serde_json::json!({"error": format!(
                "too many pings of {name:?}: at most {PINGS_PER_WINDOW} per {}s",
                PING_WINDOW.as_secs()
            )}),
        ),
        Ok(Ok(None)) => json(
            StatusCode::UNAUTHORIZED,
            &serde_json::json!({"error": "missing or wrong ping key (Authorization: Bearer KEY)"}),
        ),
        Ok(Err(Error::State(state::Error::NotFound(what)))) => json(
            StatusCode::NOT_FOUND,
            &serde_json::json!({"error": format!("{what} not found")}),
        ),
        Ok(Err(e)) => json(
            StatusCode::SERVICE_UNAVAILABLE,
            &serde_json::json!({"error": e.to_string()}),
        ),
        Err(_) => json(
            StatusCode::INTERNAL_SERVER_ERROR,
            &serde_json::json!({"error": "internal error"}),
        ),
    }
}

/// Serves `GET /metrics` and pings on `listen` until SIGTERM or SIGINT. Beyond loopback a
/// ping key is required (`BIZWINGS_PING_KEY` or `heartbeat ping-key --rotate`).
pub fn serve(
    mut store: Store,
    listen: SocketAddr,
    ping_key: Option<crate::crypto::Secret>,
    min_interval: Duration,
) -> Result<(), Error> {
    if !listen.ip().is_loopback() && !pings::key_configured(&mut store, ping_key.as_ref())? {
        return Err(crate::error::Error::Refused(format!(
            "refusing to take pings on {listen} without a ping key: anyone who can reach it could mark jobs done; run `bizwings heartbeat ping-key --rotate` or set BIZWINGS_PING_KEY, or listen on 127.0.0.1"
        )));
    }
    let exporter = Arc::new(Exporter {
        store: Mutex::new(store),
        ping_key,
        gauges: Gauges::new(),
        last: Mutex::new(None),
        min_interval,
        pings: Mutex::new(HashMap::new()),
    });
    let runtime = server::runtime("bizwings-exporter", Some(1))
        .map_err(|e| Error::Unavailable(e.to_string()))?;
    runtime.block_on(async move {
        let life = Lifecycle::start();
        let listener = life
            .bind("", listen)
            .await
            .map_err(|e| Error::Unavailable(e.to_string()))?;
        let router = Router::new()
            .route("/metrics", get(metrics))
            .route("/ping/{*parts}", get(ping).post(ping))
            .with_state(exporter);
        let served = life
            .serve(listener, router, server::Limits::default(), None)
            .await;
        life.finish().await;
        served.map_err(|e| Error::Unavailable(e.to_string()))
    })
}
