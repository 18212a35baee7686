//! What the request path tells the background: events sent over a channel that never blocks
//! and never reaches SQLite (the writer thread stores them).

use std::sync::Arc;
use std::sync::mpsc::Sender;
use std::time::Duration;

use crate::state::clients;
use crate::state::providers::ProviderId;
use crate::state::usage::UsageDelta;

/// Something the request path wants stored.
#[derive(Debug)]
pub enum Event {
    /// One upstream attempt.
    Usage {
        provider: ProviderId,
        model: Arc<str>,
        client: Option<Arc<str>>,
        at_ms: i64,
        delta: UsageDelta,
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
    /// One client request for the request log, when it is over.
    Request(Box<crate::state::requests::LoggedRequest>),
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
