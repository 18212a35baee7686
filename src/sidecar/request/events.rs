//! What the request path tells the background: events sent over a channel that never blocks
//! and never reaches SQLite (the writer thread stores them).

use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::state::clients;
use crate::state::providers::ProviderId;
use crate::state::requests::LoggedRequest;
use crate::state::usage::UsageDelta;

/// Something the request path wants stored.
#[derive(Debug)]
pub enum Event {
    /// One upstream attempt; the answered one carries its request's record (when requests are
    /// logged): one send for both.
    Usage {
        provider: ProviderId,
        model: Arc<str>,
        client: Option<Arc<str>>,
        at_ms: i64,
        delta: UsageDelta,
        record: Option<Box<LoggedRequest>>,
    },
    /// One client request answered, with the status the client got; `own` when the sidecar
    /// answered itself rather than passing an upstream's answer on.
    Answered {
        at_ms: i64,
        status: u16,
        own: bool,
    },
    CooldownStarted {
        provider: ProviderId,
        consecutive: u32,
        cooldown: Duration,
        at_ms: i64,
        summary: String,
    },
    CooldownEnded {
        provider: ProviderId,
        at_ms: i64,
    },
    RateLimitCleared {
        provider: ProviderId,
    },
    KeyRejected {
        provider: ProviderId,
        detail: String,
    },
    /// An active probe's verdict.
    Health {
        provider: ProviderId,
        state: &'static str,
        latency_ms: u64,
        status_code: Option<u16>,
        failures: u32,
        successes: u32,
        at_ms: i64,
    },
    /// A request's reservation on a client's budget, journaled while it is in flight.
    Held(clients::BudgetHold),
    /// That reservation settled (its usage is stored instead).
    Released {
        id: i64,
    },
    /// One client request for the request log, refused or failed (an answered one comes with
    /// its usage).
    Request(Box<LoggedRequest>),
    /// A client's budget reached a level for the first time in its period on this sidecar.
    Budget {
        client: Arc<str>,
        budget: clients::Budget,
        period_start_ms: i64,
        level: clients::NoticeLevel,
        used: u64,
    },
}

/// The sending side; cheap to clone, never blocks.
pub type EventSender = Sender<Event>;

/// Request records for reuse. The writer hands each record back once it is stored, its request
/// id's and attempt list's room kept: a logged request allocates nothing in the steady state,
/// and no thread frees what another allocated (glibc's cross-thread frees were a third of the
/// writer's CPU).
#[expect(clippy::vec_box, reason = "the boxes themselves are what is reused")]
pub struct Records(Mutex<Vec<Box<LoggedRequest>>>);

/// One pool per process: the records are plain data.
pub static RECORDS: Records = Records(Mutex::new(Vec::new()));

/// Records kept for reuse at most: a write's worth and what arrives while it is written.
const RECORDS_KEPT: usize = 1024;

impl Records {
    /// An empty record: a kept one, else a new one.
    pub fn take(&self) -> Box<LoggedRequest> {
        self.0
            .lock()
            .ok()
            .and_then(|mut kept| kept.pop())
            .unwrap_or_default()
    }

    /// Keeps `records` for reuse, emptied (what is over the cap is freed).
    pub fn give_back(&self, records: impl IntoIterator<Item = Box<LoggedRequest>>) {
        let mut records: Vec<_> = records.into_iter().collect();
        for r in &mut records {
            r.clear();
        }
        if let Ok(mut kept) = self.0.lock() {
            let room = RECORDS_KEPT.saturating_sub(kept.len());
            records.truncate(room);
            kept.append(&mut records);
        }
    }
}
