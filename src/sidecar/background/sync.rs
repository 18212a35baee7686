//! Shared mode's background half: says this sidecar is alive, learns how many are, keeps the
//! local fallback buckets at RPM ÷ members, and brings the fleet's key errors and cooldowns into
//! the local state (for routing while Redis is away, the dashboard and `/metrics`).

use std::sync::Arc;
use std::time::Duration;

use crate::sidecar::request::App;
use crate::sidecar::request::backend::Availability;
use crate::sidecar::request::events::Event;
use crate::sidecar::request::fleet::{self, Fleet};
use crate::state;

/// Runs for the sidecar's life (a named task of its lifecycle).
pub async fn run(app: App, fleet: Arc<Fleet>) {
    let mut tick = tokio::time::interval(fleet::SYNC_EVERY);
    let mut last_requests = 0;
    loop {
        tick.tick().await;
        let requests = fleet.arrivals();
        let per_minute = (requests - last_requests) * 60_000
            / u64::try_from(fleet::SYNC_EVERY.as_millis()).unwrap_or(1000);
        last_requests = requests;
        let snap = app.snapshot.load_full();
        let seen = fleet.sync(&snap, per_minute).await;
        let members = fleet.members();
        let now_ms = state::now_ms();
        for (i, b) in snap.backends.iter().enumerate() {
            b.rt.set_share(b.rpm, members, app.cfg.emergency_rpm_fraction);
            let Some(&fleet::Seen {
                key_error_ms,
                cool_until_ms,
            }) = seen.as_ref().and_then(|f| f.get(i))
            else {
                continue;
            };
            // A key error newer than this host's last change of the provider applies here too.
            if key_error_ms > b.changed_at_ms
                && b.rt.state(app.clock.now_ns()) != Availability::KeyRejected
            {
                b.rt.on_key_rejected();
                tracing::error!(provider = %b.name, "another sidecar of the fleet saw this key rejected");
                let _ = app.events.send(Event::KeyRejected {
                    provider: b.id,
                    detail: "rejected upstream, seen by another sidecar of the fleet".into(),
                });
            }
            if cool_until_ms > now_ms {
                let left =
                    Duration::from_millis(u64::try_from(cool_until_ms - now_ms).unwrap_or(0));
                // Recorded here too, so this host's `provider list` and dashboard show it.
                if !b.rt.cooling(app.clock.now_ns()) {
                    let _ = app.events.send(Event::CooldownStarted {
                        provider: b.id,
                        consecutive: 0,
                        cooldown: left,
                        at_ms: now_ms,
                        summary: "seen by another sidecar of the fleet".into(),
                    });
                }
                b.rt.cool_for(app.clock.now_ns(), left);
            }
        }
    }
}
