//! `/metrics`: the request path's counters plus gauges read at scrape time (pools, cooldowns,
//! budgets, queue, fleet, DB size), in Prometheus' text format.

use std::path::Path;
use std::sync::atomic::Ordering;

use crate::server::Label;
use crate::sidecar::request::App;
use crate::sidecar::request::backend::Availability;
use crate::sidecar::request::metrics::{BudgetLabels, PoolLabels};

/// Reads the state gauges and renders the text format.
pub fn render(app: &App, db: &Path) -> String {
    let m = &app.metrics;
    let snap = app.snapshot.load();
    let now = app.clock.now_ns();
    m.pool_members.clear();
    let mut cooling = 0;
    for b in &snap.backends {
        let state = b.rt.state(now);
        if state == Availability::Cooling {
            cooling += 1;
        }
        m.pool_members
            .get_or_create(&PoolLabels {
                pool: b.pool.to_string(),
                state: state.text().into(),
            })
            .inc();
    }
    m.cooldowns_active.set(cooling);
    m.budget_limit.clear();
    m.budget_used.clear();
    let now_ms = crate::state::now_ms();
    for gate in snap.clients.values() {
        for meter in &gate.meters {
            let view = meter.view(now_ms);
            let labels = BudgetLabels {
                client: Label::from(&*gate.name),
                unit: view.unit.as_str().into(),
                period: view.period.as_str().into(),
            };
            m.budget_limit.get_or_create(&labels).set(view.limit);
            m.budget_used.get_or_create(&labels).set(view.used);
        }
    }
    m.queue_depth
        .set(i64::try_from(app.queue_depth.load(Ordering::Relaxed)).unwrap_or(i64::MAX));
    if let Some(fleet) = app.limits.fleet() {
        m.shared_up.set(i64::from(fleet.is_up()));
        m.shared_members.set(i64::from(fleet.members()));
    }
    let size =
        |p: &Path| std::fs::metadata(p).map_or(0, |m| i64::try_from(m.len()).unwrap_or(i64::MAX));
    m.db_bytes.set(size(db));
    let mut wal = db.as_os_str().to_owned();
    wal.push("-wal");
    m.wal_bytes.set(size(Path::new(&wal)));
    m.uptime_seconds
        .set(i64::try_from(m.started.elapsed().as_secs()).unwrap_or(i64::MAX));
    let mut text = String::new();
    let _ = prometheus_client::encoding::text::encode(&mut text, &m.registry);
    text
}
