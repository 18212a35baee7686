//! Active health probes: `GET <base>/models` with each provider's key on an interval. Several
//! failures in a row make a provider degraded, then down (not routed); only several successes
//! in a row bring it back, so one blip never flips it. Verdicts are written behind.

use std::time::{Duration, Instant};

use crate::sidecar::request::App;
use crate::sidecar::request::events::Event;
use crate::sidecar::request::snapshot::Backend;

/// Probes every provider of the current snapshot every `interval`, until the task is dropped.
pub async fn run(app: App, interval: Duration, path: String) {
    let mut tick = tokio::time::interval(interval);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        let snap = app.snapshot.load_full();
        let probes = snap.backends.iter().map(|b| probe(&app, b, &path));
        futures_util::future::join_all(probes).await;
    }
}

async fn probe(app: &App, b: &Backend, path: &str) {
    let started = Instant::now();
    let result = app
        .http
        .get(format!("{}{path}", b.base_url))
        .header(reqwest::header::AUTHORIZATION, b.auth.clone())
        .timeout(b.timeout.min(Duration::from_secs(10)))
        .send()
        .await;
    let latency_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    let status = result.as_ref().ok().map(|r| r.status().as_u16());
    let ok = status.is_some_and(|s| (200..300).contains(&s));
    let (before, after) = b.rt.on_probe(ok);
    if after != before {
        tracing::warn!(provider = %b.name, from = before.text(), to = after.text(), ?status, "provider health changed");
    }
    let (failures, successes) = b.rt.probe_streaks();
    let _ = app.events.send(Event::Health {
        provider: b.id,
        state: after.text(),
        latency_ms,
        status_code: status,
        failures,
        successes,
        at_ms: crate::state::now_ms(),
    });
}
