//! `heartbeat run --daemon`: evaluate what is due, sleep until the next slot, until SIGTERM
//! or SIGINT (which interrupt the sleep at once).

use std::path::Path;
use std::time::Duration;

use super::watch::Fleet;
use super::{AgentReport, Error, run};
use crate::crypto::MasterKey;
use crate::server::{self, Lifecycle};
use crate::state::{self, Store};

/// The longest sleep between evaluations (a new agent is noticed within it).
const MAX_SLEEP: Duration = Duration::from_secs(60);

/// Runs until stopped. `key` delivers the notifications at once; without it they wait in the
/// outbox for `alert bridge`.
pub fn daemon(
    db: &Path,
    key: Option<&MasterKey>,
    names: &[String],
    fleet: Option<&dyn Fleet>,
) -> Result<(), Error> {
    let runtime = server::runtime("bizwings-heartbeat", Some(1))
        .map_err(|e| Error::Unavailable(e.to_string()))?;
    let mut store = Store::open(db)?;
    runtime.block_on(async {
        let life = Lifecycle::start();
        tracing::info!("heartbeat daemon started");
        loop {
            let reports = run_and_deliver(
                &mut store,
                (db, key),
                (names, false),
                fleet,
                state::now_ms(),
            )?;
            for r in reports.iter().filter(|r| r.evaluated) {
                tracing::info!(agent = %r.name, state = r.status.text(), changed = r.changed, "evaluated");
            }
            let next = reports.iter().filter_map(|r| r.next_due_ms).min();
            let wait = next.map_or(MAX_SLEEP, |n| {
                Duration::from_millis(u64::try_from(n - state::now_ms()).unwrap_or(0))
                    .clamp(Duration::from_millis(200), MAX_SLEEP)
            });
            tokio::select! {
                () = tokio::time::sleep(wait) => {}
                () = life.stopped() => break,
            }
        }
        life.finish().await;
        tracing::info!("heartbeat daemon stopped");
        Ok(())
    })
}

/// Evaluates (see [`run`]), then tries to deliver what the state changes queued.
pub fn run_and_deliver(
    store: &mut Store,
    (db, key): (&Path, Option<&MasterKey>),
    which: (&[String], bool),
    fleet: Option<&dyn Fleet>,
    now_ms: i64,
) -> Result<Vec<AgentReport>, Error> {
    let reports = run(store, which, fleet, now_ms)?;
    // Also what pings over HTTP queued since the last run (that listener has no master key).
    if key.is_some() || reports.iter().any(|r| !r.notified.is_empty()) {
        crate::notify::deliver_now(db, key);
    }
    Ok(reports)
}
