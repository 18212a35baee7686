//! `heartbeat`: liveness and task-progress checks of agents and jobs on a cron schedule.
//! Each evaluation stores a beat; an agent's state change (not every tick) becomes a message
//! through the notify routes, or to its owner (and its escalation receiver when critical).

mod daemon;
mod exporter;
pub mod pings;
mod report;
pub mod rules;
pub mod schedule;
pub mod sources;

pub use self::daemon::{daemon, run_and_deliver};
pub use self::exporter::serve_exporter;
pub use self::report::{Agent, Agents, Evaluated, StatusReport};

use std::collections::BTreeMap;
use std::time::Duration;

use serde::Serialize;

use self::rules::{Evaluation, Limits, Ping};
use self::schedule::When;
use self::sources::Source;
use crate::error::invalid;
use crate::exit::Status;
use crate::notify::{self, Message, escape_markdown, feishu};
use crate::state::heartbeat::{self as rows, AgentRow, Beat};
use crate::state::{self, Store};

pub use crate::error::Error;

/// An agent's settings as given on `add` or `set`: `None` keeps the current value (on `add`,
/// the default).
#[derive(Debug, Clone, Default)]
pub struct AgentSettings {
    pub label: Option<String>,
    pub schedule: Option<String>,
    pub tz: Option<String>,
    pub grace: Option<Duration>,
    /// Replaces the list when not empty.
    pub sources: Vec<String>,
    pub stagnant_after: Option<Duration>,
    pub max_rounds: Option<u32>,
    pub warn_rounds_pct: Option<f64>,
    pub owner: Option<String>,
    pub escalate: Option<String>,
}

/// Defaults of the runbook: Asia/Shanghai, 5 min grace, stuck after 20 min, 50 rounds, warn
/// at 80 %.
const DEFAULT_TZ: &str = "Asia/Shanghai";
const DEFAULT_GRACE_MS: i64 = 300_000;
const DEFAULT_STAGNANT_MS: i64 = 1_200_000;
const DEFAULT_MAX_ROUNDS: u32 = 50;
const DEFAULT_WARN_ROUNDS_PCT: f64 = 80.0;

/// Adds an agent (`replace` false) or changes the given settings of one.
pub fn save(
    store: &mut Store,
    name: &str,
    given: AgentSettings,
    replace: bool,
) -> Result<AgentRow, Error> {
    let old = if replace {
        Some(get(store, name)?)
    } else {
        None
    };
    let row = agent_row(name, given, old.as_ref())?;
    store.write(|tx| {
        for receiver in row.owner.iter().chain(&row.escalate) {
            state::notify::receiver(tx, receiver)?;
        }
        rows::save(tx, &row, replace)
    })?;
    get(store, name)
}

/// The agent `given` describes, over `old` (its current settings, if any), checked: name,
/// schedule and zone, sources, round limits. Receivers are checked where it is stored.
pub fn agent_row(
    name: &str,
    given: AgentSettings,
    old: Option<&AgentRow>,
) -> Result<AgentRow, Error> {
    crate::config::validate_name("agent", name).map_err(Error::Invalid)?;
    let schedule = given
        .schedule
        .or_else(|| old.map(|o| o.schedule.clone()))
        .ok_or_else(|| invalid("--schedule is required, e.g. --schedule '*/10 * * * *'"))?;
    let tz = given
        .tz
        .or_else(|| old.map(|o| o.tz.clone()))
        .unwrap_or_else(|| DEFAULT_TZ.into());
    When::parse(&schedule, &tz).map_err(Error::Invalid)?;
    let sources = if given.sources.is_empty() {
        old.map(|o| o.sources.clone()).unwrap_or_default()
    } else {
        given
            .sources
            .iter()
            .map(|s| Source::parse(s))
            .collect::<Result<Vec<_>, _>>()
            .map_err(Error::Invalid)?
    };
    let max_rounds = given
        .max_rounds
        .or(old.map(|o| o.max_rounds))
        .unwrap_or(DEFAULT_MAX_ROUNDS);
    let warn_rounds_pct = given
        .warn_rounds_pct
        .or(old.map(|o| o.warn_rounds_pct))
        .unwrap_or(DEFAULT_WARN_ROUNDS_PCT);
    if max_rounds == 0 || !(0.0..=100.0).contains(&warn_rounds_pct) {
        return Err(invalid(
            "--max-rounds must be at least 1 and --warn-rounds-pct between 0 and 100",
        ));
    }
    let owner = given.owner.or_else(|| old.and_then(|o| o.owner.clone()));
    let escalate = given
        .escalate
        .or_else(|| old.and_then(|o| o.escalate.clone()));
    let row = AgentRow {
        name: name.to_owned(),
        label: given
            .label
            .or_else(|| old.map(|o| o.label.clone()))
            .unwrap_or_default(),
        schedule,
        tz,
        grace_ms: given
            .grace
            .map(ms)
            .or(old.map(|o| o.grace_ms))
            .unwrap_or(DEFAULT_GRACE_MS),
        sources,
        stagnant_after_ms: given
            .stagnant_after
            .map(ms)
            .or(old.map(|o| o.stagnant_after_ms))
            .unwrap_or(DEFAULT_STAGNANT_MS),
        max_rounds,
        warn_rounds_pct,
        owner,
        escalate,
        paused: false,
        state: "new".into(),
        last_eval_at_ms: None,
        last_ping_at_ms: None,
        last_ping_kind: None,
        last_ping_message: String::new(),
        created_at_ms: state::now_ms(),
    };
    Ok(row)
}

fn ms(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

/// All agents.
pub fn list(store: &mut Store) -> Result<Vec<AgentRow>, Error> {
    Ok(store.read(rows::list)?)
}

/// One agent.
pub fn get(store: &mut Store, name: &str) -> Result<AgentRow, Error> {
    Ok(store.read(|tx| rows::get(tx, name))?)
}

/// Removes an agent.
pub fn remove(store: &mut Store, name: &str) -> Result<(), Error> {
    Ok(store.write(|tx| rows::remove(tx, name))?)
}

/// Pauses or resumes an agent.
pub fn set_paused(store: &mut Store, name: &str, paused: bool) -> Result<(), Error> {
    let mut row = get(store, name)?;
    row.paused = paused;
    Ok(store.write(|tx| rows::save(tx, &row, true))?)
}

/// What a job says of its run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PingKind {
    Start,
    Success,
    Fail,
}

impl PingKind {
    /// From the flags of `heartbeat ping`: `--start`, `--fail`, `--exit-code N`.
    pub fn from_flags(start: bool, fail: bool, exit_code: Option<i32>) -> Self {
        if start {
            Self::Start
        } else if fail || exit_code.is_some_and(|c| c != 0) {
            Self::Fail
        } else {
            Self::Success
        }
    }

    pub fn text(self) -> &'static str {
        match self {
            Self::Start => "start",
            Self::Success => "success",
            Self::Fail => "fail",
        }
    }
}

/// Records a ping from a job: `start`, `success` or `fail`.
pub fn ping(
    store: &mut Store,
    name: &str,
    kind: PingKind,
    message: &str,
    now_ms: i64,
) -> Result<(), Error> {
    Ok(store.write(|tx| rows::ping(tx, name, now_ms, kind.text(), message))?)
}

/// One agent's outcome in a run.
#[derive(Debug, Clone, Serialize)]
pub struct AgentReport {
    pub name: String,
    pub label: String,
    /// Whether it was evaluated in this run (due, or forced).
    pub evaluated: bool,
    pub status: Status,
    pub previous: String,
    pub changed: bool,
    #[serde(flatten)]
    pub evaluation: Option<Evaluation>,
    pub next_due_ms: Option<i64>,
    /// Receivers a state change was sent to.
    pub notified: Vec<String>,
}

/// Evaluates the agents that are due at `now_ms` (all named ones when `force`), stores beats,
/// and enqueues a message for every state change. Returns the reports (evaluated ones first).
pub fn run(
    store: &mut Store,
    names: &[String],
    force: bool,
    now_ms: i64,
) -> Result<Vec<AgentReport>, Error> {
    let agents = list(store)?;
    for n in names {
        if !agents.iter().any(|a| &a.name == n) {
            return Err(Error::State(state::Error::NotFound(format!("agent {n:?}"))));
        }
    }
    let mut reports = Vec::new();
    for agent in agents
        .iter()
        .filter(|a| names.is_empty() || names.contains(&a.name))
    {
        let Ok(when) = When::parse(&agent.schedule, &agent.tz) else {
            continue;
        };
        let since = agent.last_eval_at_ms.unwrap_or(agent.created_at_ms);
        let due = (force && !names.is_empty()) || (!agent.paused && when.due(since, now_ms));
        let mut report = AgentReport {
            name: agent.name.clone(),
            label: agent.label.clone(),
            evaluated: due,
            status: agent_status(&agent.state),
            previous: agent.state.clone(),
            changed: false,
            evaluation: None,
            next_due_ms: when.next_after(now_ms),
            notified: Vec::new(),
        };
        if due {
            let evaluation = evaluate(agent, &when, now_ms);
            let status = evaluation.status;
            let beat = Beat {
                agent: agent.name.clone(),
                at_ms: now_ms,
                status: status.text().into(),
                pending: evaluation.pending,
                in_progress: evaluation.in_progress,
                stagnant: evaluation.stagnant,
                blocked: evaluation.blocked,
                rounds: evaluation.rounds,
                max_stagnation_s: evaluation.max_stagnation_s,
                findings: evaluation.findings.clone(),
            };
            let changed =
                agent.state != status.text() && !(agent.state == "new" && status == Status::Ok);
            let notified = if changed {
                alert(store, agent, &evaluation)?
            } else {
                Vec::new()
            };
            store.write(|tx| rows::record(tx, &beat))?;
            report.status = status;
            report.changed = changed;
            report.evaluation = Some(evaluation);
            report.notified = notified;
        }
        reports.push(report);
    }
    reports.sort_by_key(|r| !r.evaluated);
    Ok(reports)
}

fn evaluate(agent: &AgentRow, when: &When, now_ms: i64) -> Evaluation {
    let sources = &agent.sources;
    let mut tasks = Vec::new();
    let mut errors = Vec::new();
    for source in sources {
        match source.load() {
            Ok(t) => tasks.extend(t),
            Err(e) => errors.push(format!("{}: {e}", source.describe())),
        }
    }
    let ping = agent.last_ping_at_ms.map(|at_ms| Ping {
        at_ms,
        kind: agent.last_ping_kind.clone().unwrap_or_default(),
        message: agent.last_ping_message.clone(),
    });
    let limits = Limits {
        stagnant_after_ms: agent.stagnant_after_ms,
        max_rounds: agent.max_rounds,
        warn_rounds_pct: agent.warn_rounds_pct,
        grace_ms: agent.grace_ms,
        period_ms: when.period_ms(now_ms),
    };
    let mut evaluation = rules::evaluate(
        (!sources.is_empty()).then_some(&tasks[..]),
        ping.as_ref(),
        &limits,
        agent.created_at_ms,
        now_ms,
    );
    for e in errors {
        evaluation.status = evaluation.status.worst(Status::Unknown);
        evaluation.findings.push(rules::Finding {
            status: Status::Unknown,
            text: e,
        });
    }
    evaluation
}

/// Sends the state change to the owner (and escalation when critical), else through routes.
fn alert(
    store: &mut Store,
    agent: &AgentRow,
    evaluation: &Evaluation,
) -> Result<Vec<String>, Error> {
    let status = evaluation.status;
    let resolved = status == Status::Ok;
    let severity = match status {
        Status::Critical => "critical",
        Status::Warning | Status::Unknown => "warning",
        Status::Ok => "info",
    };
    let shown = if agent.label.is_empty() {
        agent.name.clone()
    } else {
        format!("{} ({})", agent.label, agent.name)
    };
    let tag = if resolved {
        "RESOLVED".to_owned()
    } else {
        status.text().to_uppercase()
    };
    let title = format!("[{tag}] heartbeat: {shown}");
    // Names and findings come from task sources anyone with write access can edit: they are
    // escaped, so a task title cannot @everyone or plant a link.
    let mut md = vec![
        format!("**Agent:** {}", escape_markdown(&shown)),
        format!("**State:** {} (was {})", status.text(), agent.state),
        format!(
            "**Tasks:** {} pending, {} in progress, {} stuck, {} blocked, {} rounds",
            evaluation.pending,
            evaluation.in_progress,
            evaluation.stagnant,
            evaluation.blocked,
            evaluation.rounds
        ),
    ];
    md.extend(
        evaluation
            .findings
            .iter()
            .filter(|f| f.status != Status::Ok)
            .map(|f| format!("- {}", escape_markdown(&feishu::truncate(&f.text, 500)))),
    );
    let labels = BTreeMap::from([
        ("alertname".to_owned(), "Heartbeat".to_owned()),
        ("source".to_owned(), "heartbeat".to_owned()),
        ("agent".to_owned(), agent.name.clone()),
        ("severity".to_owned(), severity.to_owned()),
    ]);
    let message = Message {
        source: "heartbeat".into(),
        title,
        severity: severity.into(),
        body: md.join("\n"),
        id: notify::message_id("heartbeat", &labels, resolved),
        labels,
        resolved,
        links: Vec::new(),
        footer: "bizwings heartbeat".into(),
    };
    let Some(owner) = &agent.owner else {
        return Ok(notify::route_and_enqueue(store, &message)?);
    };
    let mut receivers = vec![owner.clone()];
    if status == Status::Critical {
        receivers.extend(agent.escalate.clone().filter(|e| e != owner));
    }
    store.write(|tx| notify::enqueue(tx, &message, &receivers))?;
    Ok(receivers)
}

/// The stored state word as a status; a new agent counts as ok.
fn agent_status(state: &str) -> Status {
    if state == "new" {
        Status::Ok
    } else {
        Status::parse(state).unwrap_or(Status::Unknown)
    }
}

/// A row of `heartbeat status`.
#[derive(Debug, Clone, Serialize)]
pub struct StatusRow {
    pub name: String,
    pub label: String,
    pub state: String,
    pub paused: bool,
    pub last_beat_ms: Option<i64>,
    pub pending: u32,
    pub stagnant: u32,
    pub blocked: u32,
    pub rounds: u32,
    pub max_rounds: u32,
    pub max_stagnation_s: i64,
    pub next_due_ms: Option<i64>,
    pub last_ping_ms: Option<i64>,
}

/// One row per agent from its latest beat.
pub fn status(store: &mut Store, now_ms: i64) -> Result<Vec<StatusRow>, Error> {
    let agents = list(store)?;
    let mut out = Vec::with_capacity(agents.len());
    for a in agents {
        let beat = store.read(|tx| rows::last_beat(tx, &a.name))?;
        let next = When::parse(&a.schedule, &a.tz)
            .ok()
            .and_then(|w| w.next_after(now_ms));
        out.push(StatusRow {
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
            last_ping_ms: a.last_ping_at_ms,
        });
    }
    Ok(out)
}
