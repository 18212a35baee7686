//! `heartbeat`: liveness and task-progress checks of agents and jobs on a cron schedule.
//! Each evaluation stores a beat; an agent's state change (not every tick) becomes a message
//! through the notify routes, or to its owner (and its escalation receiver when critical).

mod daemon;
mod discover;
pub mod drive;
pub mod pings;
mod report;
pub mod rules;
pub mod schedule;
pub mod sources;

pub use self::daemon::{daemon, run_and_deliver};
pub use self::discover::{Workspace, discover};
pub use self::report::{Activity, Agent, Agents, Discovered, Evaluated, StatusReport};

use std::collections::BTreeMap;
use std::time::Duration;

use serde::Serialize;

use self::rules::{Evaluation, Limits, Ping};
use self::schedule::When;
use self::sources::Source;
use crate::error::invalid;
use crate::exit::Status;
use crate::notify::{self, Message, escape_markdown, feishu};
use crate::state::heartbeat::{self as rows, AgentRow, Beat, Triggered};
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
    /// `command:CMD` or `http:URL`; `off` removes it.
    pub trigger: Option<String>,
    /// The trigger's message template (`{agent}`, `{pending}`, … are filled in).
    pub trigger_message: Option<String>,
    /// The environment variable holding an HTTP trigger's bearer token; `off` removes it.
    pub trigger_token_env: Option<String>,
    pub trigger_always: Option<bool>,
    pub trigger_timeout: Option<Duration>,
    /// A duration after each slot, or `auto` (spread among the agents of the schedule).
    pub offset: Option<String>,
    pub fail_after: Option<u32>,
    /// `command:CMD` run once per confirmed stuck task; `off` removes it.
    pub on_stuck: Option<String>,
    /// The sidecar client token the agent calls LLMs with; `off`: the one of its name.
    pub client: Option<String>,
}

/// Defaults of the runbook: Asia/Shanghai, 5 min grace, stuck after 20 min, 50 rounds, warn
/// at 80 %.
const DEFAULT_TZ: &str = "Asia/Shanghai";
const DEFAULT_GRACE_MS: i64 = 300_000;
const DEFAULT_STAGNANT_MS: i64 = 1_200_000;
const DEFAULT_MAX_ROUNDS: u32 = 50;
const DEFAULT_WARN_ROUNDS_PCT: f64 = 80.0;
/// A trigger that takes longer than this is killed and counts as failed.
const DEFAULT_TRIGGER_TIMEOUT_MS: i64 = 60_000;
/// Triggers failed in a row before the agent is "not responding".
const DEFAULT_FAIL_AFTER: u32 = 3;

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
    let drive = drive_of(&given, old)?;
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
        drive,
        trigger_failures: 0,
        client: match given.client.as_deref() {
            Some("off") => None,
            Some(client) => {
                crate::config::validate_name("client", client).map_err(Error::Invalid)?;
                Some(client.to_owned())
            }
            None => old.and_then(|o| o.client.clone()),
        },
    };
    Ok(row)
}

/// The driving settings `given` describes over `old`'s.
fn drive_of(given: &AgentSettings, old: Option<&AgentRow>) -> Result<rows::Drive, Error> {
    let old = old.map(|o| o.drive.clone());
    let trigger = match given.trigger.as_deref() {
        Some("off") => None,
        Some(text) => Some(rows::Trigger::parse(text).map_err(Error::Invalid)?),
        None => old.as_ref().and_then(|o| o.trigger.clone()),
    };
    let on_stuck = match given.on_stuck.as_deref() {
        Some("off") => None,
        Some(text) => match rows::Trigger::parse(text) {
            Ok(rows::Trigger::Command(cmd)) => Some(cmd),
            _ => {
                return Err(invalid(format!(
                    "invalid --on-stuck {text:?}: expected command:CMD or off"
                )));
            }
        },
        None => old.as_ref().and_then(|o| o.on_stuck.clone()),
    };
    let offset_ms = match given.offset.as_deref() {
        Some("auto") => None,
        Some(text) => Some(ms(humantime::parse_duration(text).map_err(|e| {
            invalid(format!(
                "invalid --offset {text:?}: {e} (a duration like 3m, or auto)"
            ))
        })?)),
        None => old.as_ref().and_then(|o| o.offset_ms),
    };
    let fail_after = given
        .fail_after
        .or(old.as_ref().map(|o| o.fail_after))
        .unwrap_or(DEFAULT_FAIL_AFTER);
    let timeout_ms = given
        .trigger_timeout
        .map(ms)
        .or(old.as_ref().map(|o| o.timeout_ms))
        .unwrap_or(DEFAULT_TRIGGER_TIMEOUT_MS);
    if fail_after == 0 || timeout_ms <= 0 {
        return Err(invalid(
            "--fail-after must be at least 1 and --trigger-timeout more than 0",
        ));
    }
    let token_env = match given.trigger_token_env.as_deref() {
        Some("off") => None,
        Some(var)
            if !var.is_empty() && var.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') =>
        {
            Some(var.to_owned())
        }
        Some(var) => {
            return Err(invalid(format!(
                "invalid --trigger-token-env {var:?}: expected a variable name"
            )));
        }
        None => old.as_ref().and_then(|o| o.token_env.clone()),
    };
    Ok(rows::Drive {
        trigger,
        token_env,
        message: given
            .trigger_message
            .clone()
            .or_else(|| old.as_ref().map(|o| o.message.clone()))
            .unwrap_or_default(),
        always: given
            .trigger_always
            .or(old.as_ref().map(|o| o.always))
            .unwrap_or(false),
        timeout_ms,
        offset_ms,
        fail_after,
        on_stuck,
    })
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
    /// The trigger fired in this run.
    pub trigger: Option<Triggered>,
}

/// Evaluates the agents that are due at `now_ms` (all named ones when `force`), fires the
/// triggers of those with work (at once, each bounded by its timeout), acts on stuck and capped
/// tasks, stores beats, and enqueues a message for every state change. Returns the reports
/// (evaluated ones first).
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
    let offsets = drive::offsets(&agents);
    let mut reports = Vec::new();
    let mut turns = Vec::new();
    for agent in agents
        .iter()
        .filter(|a| names.is_empty() || names.contains(&a.name))
    {
        let Ok(when) = When::parse(&agent.schedule, &agent.tz) else {
            continue;
        };
        let offset = offsets.get(&agent.name).copied().unwrap_or(0);
        let since = agent.last_eval_at_ms.unwrap_or(agent.created_at_ms);
        let slot = when
            .next_after(since - offset)
            .map(|s| s + offset)
            .filter(|s| *s <= now_ms);
        let due = (force && !names.is_empty()) || (!agent.paused && slot.is_some());
        reports.push(AgentReport {
            name: agent.name.clone(),
            label: agent.label.clone(),
            evaluated: due,
            status: agent_status(&agent.state),
            previous: agent.state.clone(),
            changed: false,
            evaluation: None,
            next_due_ms: when.next_after(now_ms - offset).map(|n| n + offset),
            notified: Vec::new(),
            trigger: None,
        });
        if due {
            let evaluation = evaluate(agent, &when, now_ms);
            let recoveries = store.write(|tx| incidents(tx, agent, &evaluation, now_ms))?;
            turns.push(Turn {
                report: reports.len() - 1,
                agent,
                due_ms: slot.unwrap_or(now_ms),
                evaluation,
                recoveries,
            });
        }
    }
    let fired = fire_all(&turns);
    for (turn, (triggered, recovered)) in turns.into_iter().zip(fired) {
        let index = turn.report;
        finish(
            store,
            turn,
            triggered,
            &recovered,
            now_ms,
            &mut reports[index],
        )?;
    }
    reports.sort_by_key(|r| !r.evaluated);
    Ok(reports)
}

/// Records what became of a turn: the trigger's result (and the not-responding finding it
/// may bring), the recoveries, the beat, and the message of a state change.
fn finish(
    store: &mut Store,
    turn: Turn<'_>,
    triggered: Option<Triggered>,
    recovered: &[(Option<i64>, String, i64)],
    now_ms: i64,
    report: &mut AgentReport,
) -> Result<(), Error> {
    let Turn {
        agent,
        mut evaluation,
        recoveries,
        ..
    } = turn;
    let failures = match &triggered {
        Some(t) if t.outcome == "sent" => 0,
        Some(_) => agent.trigger_failures + 1,
        None => agent.trigger_failures,
    };
    if failures >= agent.drive.fail_after.max(1) {
        let last = triggered.as_ref().map_or(String::new(), |t| {
            let http = matches!(agent.drive.trigger, Some(rows::Trigger::Http(_)));
            format!(" (last: {})", trigger_result(t, http))
        });
        evaluation.status = evaluation.status.worst(Status::Critical);
        evaluation.findings.push(rules::Finding {
            status: Status::Critical,
            text: format!("not responding: {failures} triggers in a row failed{last}"),
        });
    }
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
        trigger: triggered.clone(),
    };
    let changed = agent.state != status.text() && !(agent.state == "new" && status == Status::Ok);
    let notified = if changed {
        alert(store, agent, &evaluation)?
    } else {
        Vec::new()
    };
    store.write(|tx| {
        for (incident, (code, output, ms)) in recoveries.iter().zip(recovered) {
            rows::incident_action(tx, incident.id, *code, output, *ms)?;
        }
        rows::record(tx, &beat, failures)
    })?;
    report.status = status;
    report.changed = changed;
    report.evaluation = Some(evaluation);
    report.notified = notified;
    report.trigger = triggered;
    Ok(())
}

/// An agent evaluated in this run, waiting for its trigger and recoveries.
struct Turn<'a> {
    report: usize,
    agent: &'a AgentRow,
    due_ms: i64,
    evaluation: Evaluation,
    recoveries: Vec<rows::Incident>,
}

/// The trigger fires when the agent has workable tasks (or always, if set).
fn should_fire(turn: &Turn<'_>) -> bool {
    turn.agent.drive.trigger.is_some()
        && (turn.agent.drive.always || !turn.evaluation.tasks.pending.is_empty())
}

/// Fires every trigger and recovery command of the run at once, each on its own thread and
/// bounded by the agent's timeout: one that hangs delays nobody else.
#[expect(clippy::type_complexity, reason = "one result per turn, in order")]
fn fire_all(turns: &[Turn<'_>]) -> Vec<(Option<Triggered>, Vec<(Option<i64>, String, i64)>)> {
    std::thread::scope(|scope| {
        let handles: Vec<_> = turns
            .iter()
            .map(|turn| {
                let timeout = Duration::from_millis(
                    u64::try_from(turn.agent.drive.timeout_ms).unwrap_or(60_000),
                );
                let trigger = should_fire(turn).then(|| {
                    let facts = drive::Facts::new(turn.agent, &turn.evaluation.tasks, turn.due_ms);
                    let trigger = turn.agent.drive.trigger.as_ref();
                    let token_env = turn.agent.drive.token_env.as_deref();
                    scope.spawn(move || trigger.map(|t| drive::fire(t, token_env, &facts, timeout)))
                });
                let recoveries: Vec<_> = turn
                    .recoveries
                    .iter()
                    .filter_map(|incident| {
                        let cmd = turn.agent.drive.on_stuck.as_deref()?;
                        Some(scope.spawn(move || {
                            drive::recover(
                                cmd,
                                turn.agent,
                                &incident.task,
                                incident.opened_at_ms,
                                timeout,
                            )
                        }))
                    })
                    .collect();
                (trigger, recoveries)
            })
            .collect();
        handles
            .into_iter()
            .map(|(trigger, recoveries)| {
                let triggered = trigger.and_then(|h| h.join().ok().flatten());
                let recovered = recoveries
                    .into_iter()
                    .map(|h| {
                        h.join()
                            .unwrap_or((None, "recovery thread panicked".into(), 0))
                    })
                    .collect();
                (triggered, recovered)
            })
            .collect()
    })
}

/// How the last trigger ended, for the not-responding finding.
fn trigger_result(t: &Triggered, http: bool) -> String {
    match (t.outcome.as_str(), t.code) {
        ("timeout", _) => "timed out".into(),
        (_, Some(code)) if http => format!("HTTP {code}"),
        (_, Some(code)) => format!("exit code {code}"),
        (outcome, None) => outcome.into(),
    }
}

/// Opens, confirms and closes the agent's incidents from this evaluation. A task stuck at two
/// beats in a row is confirmed once (its recovery runs then); a task newly at its round cap
/// tells the escalation receiver once. Returns the incidents whose recovery is to run.
fn incidents(
    tx: &state::Tx<'_>,
    agent: &AgentRow,
    evaluation: &Evaluation,
    now_ms: i64,
) -> Result<Vec<rows::Incident>, state::Error> {
    let open = rows::open_incidents(tx, &agent.name)?;
    let mut recover = Vec::new();
    for (kind, now_ids) in [
        ("stuck", &evaluation.tasks.stuck),
        ("round_cap", &evaluation.tasks.capped),
    ] {
        for incident in open.iter().filter(|i| i.kind == kind) {
            if !now_ids.contains(&incident.task) {
                rows::close_incident(tx, incident.id, now_ms)?;
            }
        }
        for task in now_ids {
            match open.iter().find(|i| i.kind == kind && &i.task == task) {
                Some(i) if i.confirmed_at_ms.is_none() => {
                    rows::confirm_incident(tx, i.id, now_ms)?;
                    if agent.drive.on_stuck.is_some() {
                        recover.push(rows::Incident {
                            confirmed_at_ms: Some(now_ms),
                            ..i.clone()
                        });
                    }
                }
                Some(_) => {}
                None if kind == "stuck" => {
                    rows::open_incident(tx, &agent.name, task, kind, now_ms, false)?;
                }
                None => {
                    rows::open_incident(tx, &agent.name, task, kind, now_ms, true)?;
                    round_cap_notice(tx, agent, task)?;
                }
            }
        }
    }
    Ok(recover)
}

/// Tells the escalation receiver (else the owner, else the routes) that a task was paused at
/// its round cap.
fn round_cap_notice(tx: &state::Tx<'_>, agent: &AgentRow, task: &str) -> Result<(), state::Error> {
    let labels = BTreeMap::from([
        ("alertname".to_owned(), "RoundCap".to_owned()),
        ("source".to_owned(), "heartbeat".to_owned()),
        ("agent".to_owned(), agent.name.clone()),
        ("task".to_owned(), task.to_owned()),
        ("severity".to_owned(), "critical".to_owned()),
    ]);
    let message = Message {
        source: "heartbeat".into(),
        title: format!("[ROUND CAP] heartbeat: {}", agent.name),
        severity: "critical".into(),
        body: format!(
            "**Agent:** {}\n**Task:** {} reached its cap of {} rounds and is paused: it is left out of the agent's triggers until someone looks.",
            escape_markdown(&agent.name),
            escape_markdown(task),
            agent.max_rounds
        ),
        id: notify::message_id("heartbeat", &labels, false),
        labels,
        resolved: false,
        links: Vec::new(),
        footer: "bizwings heartbeat".into(),
    };
    match agent.escalate.as_ref().or(agent.owner.as_ref()) {
        Some(receiver) => notify::enqueue(tx, &message, std::slice::from_ref(receiver)).map(|_| ()),
        None => notify::route_and_enqueue_tx(tx, &message).map(|_| ()),
    }
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
    Ok(StatusReport {
        agents: out,
        unwatched,
    })
}

/// What each agent did since `since_ms`: beats, triggers, tasks, incidents, rounds.
pub fn activity(store: &mut Store, since_ms: i64) -> Result<Activity, Error> {
    Ok(Activity {
        since_ms,
        agents: store.read(|tx| rows::activity(tx, since_ms))?,
    })
}
