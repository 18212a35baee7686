//! `bizwings exporter` (also `heartbeat exporter`): the state as Prometheus gauges, and pings
//! over HTTP (see `heartbeat::pings`). The agents keep the seed exporter's names and labels
//! (`agent_heartbeat_status`, `agent_task_stagnation_seconds`, `agent_workboard_pending`,
//! `agent_rounds_used_ratio`, `agent_429_error_rate`, `agent_response_time_seconds`; labels
//! `agent_name`, `agent_label`) so its Grafana dashboard works; backups, inspect results and
//! the alert outbox are `bizwings_*`. An entry point like `admin`: it reads what the
//! subsystems stored, through `state`, with one DB connection for the process, at most once
//! per `--min-interval` however many scrapers ask.

mod badge;
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
    /// Pings per agent in the current window.
    pings: Mutex<HashMap<String, (Instant, u32)>>,
    options: Options,
}

/// What the listener offers besides metrics and pings.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Scrapes within this of the last one get the same values.
    pub min_interval: Duration,
    /// `?create=1` on a ping creates an unknown job.
    pub ping_create: bool,
    /// SVG status badges, served without a key.
    pub badges: bool,
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
            && at.elapsed() < self.options.min_interval
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

/// The query of a ping: a run id, and whether an unknown job is created.
#[derive(Debug, Default, serde::Deserialize)]
struct PingQuery {
    rid: Option<String>,
    create: Option<String>,
}

/// A ping's name and suffix.
struct PingPath {
    name: String,
    suffix: Option<String>,
}

/// Reads a ping's path, the key checked: `None` when the key is missing or wrong. The key comes
/// in `Authorization: Bearer` (`/ping/NAME[/SUFFIX]`), or first in the path as healthchecks.io's
/// slug URLs have it (`/ping/KEY/NAME[/SUFFIX]`; paths are never logged).
fn ping_path(
    store: &mut Store,
    env_key: Option<&crate::crypto::Secret>,
    parts: &[&str],
    bearer: Option<&str>,
) -> Result<Option<PingPath>, Error> {
    let keyed = pings::key_configured(store, env_key)?;
    if keyed && (2..=3).contains(&parts.len()) && pings::authorized(store, env_key, Some(parts[0]))?
    {
        return Ok(Some(PingPath {
            name: parts[1].to_owned(),
            suffix: parts.get(2).map(|s| (*s).to_owned()),
        }));
    }
    if parts.len() > 2 || !pings::authorized(store, env_key, bearer)? {
        return Ok(None);
    }
    Ok(Some(PingPath {
        name: parts[0].to_owned(),
        suffix: parts.get(1).map(|s| (*s).to_owned()),
    }))
}

/// What became of a ping, before it is answered.
enum Pinging {
    Done(pings::Pinged),
    Unauthorized,
    TooMany(String),
    BadSuffix,
}

/// `GET|HEAD|POST /ping/NAME[/start|/fail|/log|/CODE]` with the key in `Authorization:
/// Bearer`, or healthchecks.io's `/ping/KEY/NAME[/…]`; `?rid=` tells overlapping runs apart,
/// `?create=1` creates an unknown job (with `--ping-create`); a POST body is kept (an excerpt).
async fn ping(
    State(exporter): State<Arc<Exporter>>,
    Path(tail): Path<String>,
    axum::extract::Query(query): axum::extract::Query<PingQuery>,
    method: axum::http::Method,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    if let Err(refusal) = crate::server::check_browser(&method, &headers, &[], &[]) {
        return json(
            StatusCode::FORBIDDEN,
            &serde_json::json!({"error": refusal.to_string()}),
        );
    }
    if query.rid.as_deref().is_some_and(|r| !pings::valid_rid(r)) {
        return json(
            StatusCode::BAD_REQUEST,
            &serde_json::json!({"error": "rid is up to 64 letters, digits and dashes (a UUID)"}),
        );
    }
    let create = exporter.options.ping_create && query.create.as_deref() == Some("1");
    let bearer = crate::server::bearer(&headers).map(str::to_owned);
    let answer = tokio::task::spawn_blocking(move || {
        let mut store = exporter
            .store
            .lock()
            .map_err(|_| Error::State(state::Error::Busy))?;
        let parts: Vec<&str> = tail.split('/').collect();
        let Some(path) = ping_path(
            &mut store,
            exporter.ping_key.as_ref(),
            &parts,
            bearer.as_deref(),
        )?
        else {
            return Ok(Pinging::Unauthorized);
        };
        let Some((kind, code)) = pings::kind_of(path.suffix.as_deref()) else {
            return Ok(Pinging::BadSuffix);
        };
        // Counted once authorized: a stranger cannot use up an agent's pings.
        if !exporter.ping_allowed(&path.name) {
            return Ok(Pinging::TooMany(path.name));
        }
        let p = crate::heartbeat::PingOf {
            rid: query.rid,
            code,
            body: String::from_utf8_lossy(&body).into_owned(),
        };
        pings::ping_now(&mut store, &path.name, kind, &p, create).map(Pinging::Done)
    })
    .await;
    match answer {
        Ok(Ok(Pinging::Done(pinged))) => {
            let status = if pinged.created {
                StatusCode::CREATED
            } else {
                StatusCode::OK
            };
            json(status, &serde_json::json!(pinged))
        }
        Ok(Ok(Pinging::TooMany(name))) => json(
            StatusCode::TOO_MANY_REQUESTS,
            &serde_json::json!({"error": format!(
                "too many pings of {name:?}: at most {PINGS_PER_WINDOW} per {}s",
                PING_WINDOW.as_secs()
            )}),
        ),
        Ok(Ok(Pinging::BadSuffix)) => json(
            StatusCode::NOT_FOUND,
            &serde_json::json!({"error": "use /ping/NAME[/start|/fail|/log|/CODE] (CODE 0-255)"}),
        ),
        Ok(Ok(Pinging::Unauthorized)) => json(
            StatusCode::UNAUTHORIZED,
            &serde_json::json!({"error": "missing or wrong ping key (Authorization: Bearer KEY, or /ping/KEY/NAME)"}),
        ),
        Ok(Err(Error::State(state::Error::NotFound(what)))) => json(
            StatusCode::NOT_FOUND,
            &serde_json::json!({"error": format!("{what} not found")}),
        ),
        Ok(Err(e @ Error::Invalid(_))) => json(
            StatusCode::BAD_REQUEST,
            &serde_json::json!({"error": e.to_string()}),
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

/// `GET /badge/NAME.svg` (one agent) and `/badge.svg` (the worst of all), with `--badges`.
async fn badge(State(exporter): State<Arc<Exporter>>, path: Option<Path<String>>) -> Response {
    if !exporter.options.badges {
        return StatusCode::NOT_FOUND.into_response();
    }
    let name = match path {
        None => None,
        Some(Path(file)) => match file.strip_suffix(".svg") {
            Some(name) => Some(name.to_owned()),
            None => return StatusCode::NOT_FOUND.into_response(),
        },
    };
    let svg = tokio::task::spawn_blocking(move || {
        let mut store = exporter.store.lock().ok()?;
        let agents = crate::heartbeat::list(&mut store).ok()?;
        let states: Vec<&str> = agents
            .iter()
            .filter(|a| name.as_ref().is_none_or(|n| *n == a.name))
            .map(|a| a.state.as_str())
            .collect();
        if name.is_some() && states.is_empty() {
            return None;
        }
        Some(badge::svg(name.as_deref().unwrap_or("agents"), &states))
    })
    .await
    .ok()
    .flatten();
    match svg {
        Some(svg) => (
            [
                (header::CONTENT_TYPE, "image/svg+xml"),
                (header::CACHE_CONTROL, "no-cache"),
            ],
            svg,
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// Serves `GET /metrics` and pings on `listen` until SIGTERM or SIGINT. Beyond loopback a
/// ping key is required (`BIZWINGS_PING_KEY` or `heartbeat ping-key --rotate`).
pub fn serve(
    mut store: Store,
    listen: SocketAddr,
    ping_key: Option<crate::crypto::Secret>,
    options: Options,
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
        pings: Mutex::new(HashMap::new()),
        options,
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
            .route("/badge.svg", get(badge))
            .route("/badge/{file}", get(badge))
            .with_state(exporter);
        let served = life
            .serve(listener, router, server::Limits::default(), None)
            .await;
        life.finish().await;
        served.map_err(|e| Error::Unavailable(e.to_string()))
    })
}
