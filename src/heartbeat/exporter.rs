//! `heartbeat exporter`: the agents' state as Prometheus gauges, in the names of the seed's
//! exporter so its Grafana dashboard works: `agent_heartbeat_status` (1 alive, 0 stale or
//! critical), `agent_task_stagnation_seconds`, `agent_workboard_pending`,
//! `agent_rounds_used_ratio`; labels `agent_name`, `agent_label`. Beyond the seed's:
//! `agent_trigger_failures` (triggers failed in a row: an agent that does not answer) and
//! `heartbeat_unwatched_workspaces` (workspaces `discover` found with no agent). One DB connection for the
//! process, read on each scrape (so values match `heartbeat status`), never re-opened. The
//! same listener takes pings over HTTP (see `pings`).

use std::net::SocketAddr;
use std::sync::atomic::AtomicU64;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::registry::Registry;

use super::{Error, StatusRow, pings, status};
use crate::server::{self, Lifecycle};
use crate::state::{self, Store};

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct AgentLabels {
    agent_name: String,
    agent_label: String,
}

struct Exporter {
    store: Mutex<Store>,
    /// `BIZWINGS_PING_KEY`, if set (else a key stored by `heartbeat ping-key --rotate`).
    ping_key: Option<crate::crypto::Secret>,
    registry: Registry,
    alive: Family<AgentLabels, Gauge>,
    stagnation: Family<AgentLabels, Gauge>,
    pending: Family<AgentLabels, Gauge>,
    rounds_ratio: Family<AgentLabels, Gauge<f64, AtomicU64>>,
    trigger_failures: Family<AgentLabels, Gauge>,
    unwatched: Gauge,
}

impl Exporter {
    fn new(store: Store) -> Self {
        let mut registry = Registry::default();
        let alive = Family::default();
        let stagnation = Family::default();
        let pending = Family::default();
        let rounds_ratio = Family::default();
        let trigger_failures = Family::default();
        let unwatched = Gauge::default();
        registry.register(
            "agent_heartbeat_status",
            "Agent heartbeat status (1=healthy, 0=stale or critical)",
            alive.clone(),
        );
        registry.register(
            "agent_task_stagnation_seconds",
            "Longest time an in-progress task has gone without progress",
            stagnation.clone(),
        );
        registry.register("agent_workboard_pending", "Tasks not done", pending.clone());
        registry.register(
            "agent_rounds_used_ratio",
            "Rounds used over the round cap",
            rounds_ratio.clone(),
        );
        registry.register(
            "agent_trigger_failures",
            "Triggers of the agent's turn that failed in a row (0 after one was answered)",
            trigger_failures.clone(),
        );
        registry.register(
            "heartbeat_unwatched_workspaces",
            "Agent workspaces under the directories heartbeat discover searched that have no agent",
            unwatched.clone(),
        );
        Self {
            store: Mutex::new(store),
            ping_key: None,
            registry,
            alive,
            stagnation,
            pending,
            rounds_ratio,
            trigger_failures,
            unwatched,
        }
    }

    /// Reads the agents and renders the gauges; removed agents disappear.
    fn render(&self) -> Result<String, String> {
        let rows = {
            let mut store = self.store.lock().map_err(|_| "state lock poisoned")?;
            status(&mut store, state::now_ms()).map_err(|e| e.to_string())?
        };
        self.alive.clear();
        self.stagnation.clear();
        self.pending.clear();
        self.rounds_ratio.clear();
        self.trigger_failures.clear();
        for r in &rows.agents {
            self.set(r);
        }
        self.unwatched
            .set(i64::try_from(rows.unwatched.len()).unwrap_or(i64::MAX));
        let mut text = String::new();
        prometheus_client::encoding::text::encode(&mut text, &self.registry)
            .map_err(|e| e.to_string())?;
        Ok(text)
    }

    fn set(&self, r: &StatusRow) {
        let labels = AgentLabels {
            agent_name: r.name.clone(),
            agent_label: if r.label.is_empty() {
                r.name.clone()
            } else {
                r.label.clone()
            },
        };
        self.alive
            .get_or_create(&labels)
            .set(i64::from(matches!(r.state.as_str(), "ok" | "warning")));
        self.stagnation
            .get_or_create(&labels)
            .set(r.max_stagnation_s);
        self.pending
            .get_or_create(&labels)
            .set(i64::from(r.pending));
        self.rounds_ratio
            .get_or_create(&labels)
            .set(f64::from(r.rounds) / f64::from(r.max_rounds.max(1)));
        if r.trigger {
            self.trigger_failures
                .get_or_create(&labels)
                .set(i64::from(r.trigger_failures));
        }
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
    headers: HeaderMap,
) -> Response {
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
        pings::ping_now(&mut store, &name, kind, &message).map(Some)
    })
    .await;
    match answer {
        Ok(Ok(Some(pinged))) => json(StatusCode::OK, &serde_json::json!(pinged)),
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
pub fn serve_exporter(
    mut store: Store,
    listen: SocketAddr,
    ping_key: Option<crate::crypto::Secret>,
) -> Result<(), Error> {
    if !listen.ip().is_loopback() && !pings::key_configured(&mut store, ping_key.as_ref())? {
        return Err(crate::error::Error::Refused(format!(
            "refusing to take pings on {listen} without a ping key: anyone who can reach it could mark jobs done; run `bizwings heartbeat ping-key --rotate` or set BIZWINGS_PING_KEY, or listen on 127.0.0.1"
        )));
    }
    let mut exporter = Exporter::new(store);
    exporter.ping_key = ping_key;
    let exporter = Arc::new(exporter);
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
