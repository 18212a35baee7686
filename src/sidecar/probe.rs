//! Active health probes: `GET <base>/models` with each provider's key on an interval. Several
//! failures in a row make a provider degraded, then down (not routed); only several successes
//! in a row bring it back, so one blip never flips it. Verdicts are written behind.

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use super::App;
use super::snapshot::{Backend, DEGRADED, DOWN, HEALTHY};
use super::writer::Event;

/// Failures in a row before degraded, and before down.
const DEGRADED_AFTER: u32 = 2;
const DOWN_AFTER: u32 = 3;
/// Successes in a row before a degraded or down provider is healthy again.
const HEALTHY_AFTER: u32 = 2;

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

/// The state name stored and shown.
pub fn state_name(health: u8) -> &'static str {
    match health {
        DOWN => "down",
        DEGRADED => "degraded",
        _ => "healthy",
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
    let rt = &b.rt;
    let before = rt.health.load(Ordering::Relaxed);
    let after = if ok {
        rt.probe_failures.store(0, Ordering::Relaxed);
        let successes = rt.probe_successes.fetch_add(1, Ordering::Relaxed) + 1;
        if before == HEALTHY || successes >= HEALTHY_AFTER {
            HEALTHY
        } else {
            before
        }
    } else {
        rt.probe_successes.store(0, Ordering::Relaxed);
        let failures = rt.probe_failures.fetch_add(1, Ordering::Relaxed) + 1;
        if failures >= DOWN_AFTER {
            DOWN
        } else if failures >= DEGRADED_AFTER {
            DEGRADED
        } else {
            before
        }
    };
    rt.health.store(after, Ordering::Relaxed);
    if after != before {
        tracing::warn!(provider = %b.name, from = state_name(before), to = state_name(after), ?status, "provider health changed");
    }
    let _ = app.events.send(Event::Health {
        provider: b.id,
        state: state_name(after),
        latency_ms,
        status_code: status,
        failures: rt.probe_failures.load(Ordering::Relaxed),
        successes: rt.probe_successes.load(Ordering::Relaxed),
        at_ms: crate::state::now_ms(),
    });
}
