//! `heartbeat`: liveness and task-progress checks of agents and jobs on a cron schedule.
//! Each evaluation stores a beat; an agent's state change (not every tick) becomes a message
//! through the notify routes, or to its owner (and its escalation receiver when critical).

mod daemon;
mod discover;
pub mod drive;
pub mod pings;
mod report;
pub mod rules;
mod run;
pub mod schedule;
mod settings;
pub mod sources;
pub mod watch;

pub use self::daemon::{daemon, run_and_deliver};
pub use self::discover::{Workspace, discover};
pub use self::report::{Activity, Agent, Agents, Discovered, Evaluated, StatusReport};
pub use self::run::{AgentReport, run};
pub use self::settings::{
    AgentSettings, DEFAULT_FAIL_AFTER, DEFAULT_GRACE, DEFAULT_MAX_ROUNDS, DEFAULT_STAGNANT,
    DEFAULT_TRIGGER_TIMEOUT, DEFAULT_TZ, DEFAULT_WARN_ROUNDS_PCT, Offset, PingKind, PingOf,
    Recovery, Schedule, Toggle, VarName, agent_row, get, list, ping, remove, save, set_paused,
};

use serde::Serialize;

use self::schedule::When;
use crate::state::Store;
use crate::state::heartbeat as rows;

pub use crate::error::Error;

/// A row of `heartbeat status`.
#[derive(Debug, Clone, Serialize)]
pub struct StatusRow {
    pub name: String,
    pub label: String,
    /// The sidecar client token its LLM calls go through.
    pub client: String,
    pub state: String,
    pub paused: bool,
    pub last_beat_ms: Option<i64>,
    pub pending: u32,
    pub stagnant: u32,
    pub blocked: u32,
    pub rounds: u32,
    pub max_rounds: u32,
    pub max_stagnation_s: i64,
    /// The next start: the next slot plus the agent's offset.
    pub next_due_ms: Option<i64>,
    pub offset_s: i64,
    pub trigger: bool,
    /// Triggers failed in a row.
    pub trigger_failures: u32,
    pub last_ping_ms: Option<i64>,
}

/// One row per agent from its latest beat, and the workspaces under the directories
/// `discover` searched that have no agent.
pub fn status(store: &mut Store, now_ms: i64) -> Result<StatusReport, Error> {
    let agents = list(store)?;
    let unwatched = discover::unwatched(store, &agents)?;
    let offsets = drive::offsets(&agents);
    let mut out = Vec::with_capacity(agents.len());
    for a in agents {
        let beat = store.read(|tx| rows::last_beat(tx, &a.name))?;
        let offset = offsets.get(&a.name).copied().unwrap_or(0);
        let next = When::parse(&a.schedule, &a.tz)
            .ok()
            .and_then(|w| w.next_after(now_ms - offset))
            .map(|n| n + offset);
        out.push(StatusRow {
            client: a.client.clone().unwrap_or_else(|| a.name.clone()),
            name: a.name,
            label: a.label,
            state: a.state,
            paused: a.paused,
            last_beat_ms: beat.as_ref().map(|b| b.at_ms),
            pending: beat.as_ref().map_or(0, |b| b.pending),
            stagnant: beat.as_ref().map_or(0, |b| b.stagnant),
            blocked: beat.as_ref().map_or(0, |b| b.blocked),
            rounds: beat.as_ref().map_or(0, |b| b.rounds),
            max_rounds: a.max_rounds,
            max_stagnation_s: beat.as_ref().map_or(0, |b| b.max_stagnation_s),
            next_due_ms: next,
            offset_s: offset / 1000,
            trigger: a.drive.trigger.is_some(),
            trigger_failures: a.trigger_failures,
            last_ping_ms: a.last_ping_at_ms,
        });
    }
    let receivers = store.read(crate::state::notify::receivers)?.len();
    Ok(StatusReport {
        agents: out,
        unwatched,
        receivers,
    })
}

/// One agent with its latest pings.
pub fn show(store: &mut Store, name: &str) -> Result<Agent, Error> {
    let agent = get(store, name)?;
    let pings = store.read(|tx| rows::pings(tx, name, 10))?;
    Ok(Agent {
        verb: None,
        agent,
        pings,
    })
}

/// What each agent did since `since_ms`: beats, triggers, tasks, incidents, rounds.
pub fn activity(store: &mut Store, since_ms: i64) -> Result<Activity, Error> {
    Ok(Activity {
        since_ms,
        agents: store.read(|tx| rows::activity(tx, since_ms))?,
    })
}
