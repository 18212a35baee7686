//! What the dashboard and admin API show of a running sidecar: its backends, clients,
//! queue, live counts and fleet, read from the request path's atomics.

use std::sync::atomic::Ordering;

use serde::Serialize;

use crate::sidecar::request::App;
use crate::sidecar::request::backend;
use crate::sidecar::request::budget::BudgetUse;
use crate::sidecar::request::metrics;
use crate::state::{self, providers};

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

/// A client's limits as a running sidecar holds them: budgets with what is reserved by the
/// requests in flight.
#[derive(Debug, Serialize)]
pub struct LiveClient {
    pub name: String,
    pub rpm: u32,
    pub budgets: Vec<BudgetUse>,
}

impl App {
    /// Every backend's live state, now.
    pub fn live(&self) -> Vec<BackendLive> {
        let snap = self.snapshot.load();
        let now = self.clock.now_ns();
        snap.backends
            .iter()
            .map(|b| BackendLive {
                name: b.name.to_string(),
                pool: b.pool,
                state: b.rt.state(now),
                health: b.rt.health(),
                rpm: b.rpm,
                tokens_available: b.rt.tokens_available(now),
                cooldown_left_s: b.rt.cooldown_left(now).as_secs_f64(),
            })
            .collect()
    }

    /// Counts since the start, for the dashboard's live charts.
    pub fn live_counts(&self) -> metrics::LiveView {
        self.metrics.live.view()
    }

    /// Requests waiting in the queue now.
    pub fn queue_depth(&self) -> usize {
        self.queue_depth.load(Ordering::Relaxed)
    }

    /// Shared mode as the dashboard and admin API show it: fleet, whether Redis answers, the
    /// live members (`None` without `--shared`).
    pub async fn fleet(&self) -> Option<serde_json::Value> {
        let fleet = self.limits.fleet()?;
        let members = fleet.list_members().await;
        Some(serde_json::json!({
            "fleet": fleet.fleet(),
            "up": fleet.is_up(),
            "required": fleet.required(),
            "members": members,
        }))
    }

    /// The clients' limits now, by name.
    pub fn clients(&self) -> Vec<LiveClient> {
        let now = state::now_ms();
        let mut clients: Vec<LiveClient> = self
            .snapshot
            .load()
            .clients
            .values()
            .map(|g| LiveClient {
                name: g.name.to_string(),
                rpm: g.rpm,
                budgets: g.meters.iter().map(|m| m.view(now)).collect(),
            })
            .collect();
        clients.sort_by(|a, b| a.name.cmp(&b.name));
        clients
    }
}
