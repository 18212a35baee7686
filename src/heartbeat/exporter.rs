//! `heartbeat exporter`: the agents' state as Prometheus gauges, in the names of the seed's
//! exporter so its Grafana dashboard works: `agent_heartbeat_status` (1 alive, 0 stale or
//! critical), `agent_task_stagnation_seconds`, `agent_workboard_pending`,
//! `agent_rounds_used_ratio`; labels `agent_name`, `agent_label`. One DB connection for the
//! process, read on each scrape (so values match `heartbeat status`), never re-opened.

use std::net::SocketAddr;
use std::sync::atomic::AtomicU64;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::registry::Registry;

use super::{StatusRow, status};
use crate::server::{self, Lifecycle};
use crate::state::{self, Store};

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct AgentLabels {
    agent_name: String,
    agent_label: String,
}

struct Exporter {
    store: Mutex<Store>,
    registry: Registry,
    alive: Family<AgentLabels, Gauge>,
    stagnation: Family<AgentLabels, Gauge>,
    pending: Family<AgentLabels, Gauge>,
    rounds_ratio: Family<AgentLabels, Gauge<f64, AtomicU64>>,
}

impl Exporter {
    fn new(store: Store) -> Self {
        let mut registry = Registry::default();
        let alive = Family::default();
        let stagnation = Family::default();
        let pending = Family::default();
        let rounds_ratio = Family::default();
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
        Self {
            store: Mutex::new(store),
            registry,
            alive,
            stagnation,
            pending,
            rounds_ratio,
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
        for r in &rows {
            self.set(r);
        }
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

/// Serves `GET /metrics` on `listen` until SIGTERM or SIGINT.
pub fn serve_exporter(store: Store, listen: SocketAddr) -> Result<(), server::Error> {
    let exporter = Arc::new(Exporter::new(store));
    server::runtime("bizwings-exporter", Some(1))?.block_on(async move {
        let life = Lifecycle::start();
        let listener = life.bind("", listen).await?;
        let router = Router::new()
            .route("/metrics", get(metrics))
            .with_state(exporter);
        let served = life
            .serve(listener, router, server::Limits::default(), None)
            .await;
        life.finish().await;
        served
    })
}
