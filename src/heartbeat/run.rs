//! `heartbeat run`: evaluates the agents that are due, fires their triggers and recoveries at
//! once, records beats and incidents, and turns state changes into messages.

use std::collections::BTreeMap;
use std::time::Duration;

use serde::Serialize;

use super::rules::{self, Evaluation, Limits, Ping};
use super::schedule::When;
use super::sources::Task;
use super::watch::{self, Fleet, Watched};
use super::{Error, drive, list};
use crate::exit::Status;
use crate::notify::{self, Message, escape_markdown, feishu};
use crate::state::heartbeat::{self as rows, AgentRow, Beat, Triggered};
use crate::state::{self, Store};

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
    /// Tokens and dollars its client spent since a task last moved.
    pub tokens_since_progress: u64,
    pub cost_since_progress_usd: f64,
    /// What the spin action did in this run (paused or resumed its client, ran its command).
    pub spin_action: Option<String>,
}

/// Evaluates the agents that are due at `now_ms` (all named ones when `force`), fires the
/// triggers of those with work (at once, each bounded by its timeout), acts on stuck and capped
/// tasks and on spinning, judges earlier turns, stores beats, and enqueues a message for every
/// state change. `fleet`: where LLM spend is read and clients paused beyond this host.
/// Returns the reports (evaluated ones first).
pub fn run(
    store: &mut Store,
    (names, force): (&[String], bool),
    fleet: Option<&dyn Fleet>,
    now_ms: i64,
) -> Result<Vec<AgentReport>, Error> {
    let agents = list(store)?;
    for n in names {
        if !agents.iter().any(|a| &a.name == n) {
            return Err(Error::State(state::Error::NotFound(format!("agent {n:?}"))));
        }
    }
    let offsets = drive::offsets(&agents);
    let mut clients: Vec<String> = agents
        .iter()
        .filter(|a| names.is_empty() || names.contains(&a.name))
        .map(|a| a.client_name().to_owned())
        .collect();
    clients.sort();
    clients.dedup();
    let spent = watch::spent(store, fleet, &clients);
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
            tokens_since_progress: 0,
            cost_since_progress_usd: 0.0,
            spin_action: None,
        });
        if due {
            let tally = store.read(|tx| crate::state::tally::get(tx, &agent.name))?;
            let spent = spent.get(agent.client_name()).copied();
            let llm_ms = watch::life(&tally, spent, now_ms);
            let open_since = store.read(|tx| rows::open_run_since(tx, &agent.name))?;
            let (mut evaluation, tasks) = evaluate(agent, &when, (llm_ms, open_since), now_ms);
            let watched = watch::judge(
                agent,
                tally,
                spent,
                tasks.as_deref(),
                &mut evaluation,
                now_ms,
            );
            let recoveries = store.write(|tx| incidents(tx, agent, &evaluation, now_ms))?;
            turns.push(Turn {
                report: reports.len() - 1,
                agent,
                due_ms: slot.unwrap_or(now_ms),
                evaluation,
                recoveries,
                watched,
            });
        }
    }
    let fired = fire_all(&turns);
    for (
        turn,
        Fired {
            triggered,
            recovered,
        },
    ) in turns.into_iter().zip(fired)
    {
        let index = turn.report;
        finish(
            store,
            (turn, fleet),
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
    (turn, fleet): (Turn<'_>, Option<&dyn Fleet>),
    triggered: Option<Triggered>,
    recovered: &[drive::Recovered],
    now_ms: i64,
    report: &mut AgentReport,
) -> Result<(), Error> {
    let Turn {
        agent,
        mut evaluation,
        recoveries,
        mut watched,
        ..
    } = turn;
    if let Some(t) = triggered.as_ref().filter(|t| t.outcome == "sent") {
        let ran = watch::triggered(&agent.watch, &mut watched.tally, &t.output, now_ms);
        watched.turn = watched.turn.or(ran);
    }
    let spin_action = watch::act(store, fleet, agent, &mut watched)?;
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
        tokens: watched.delta.0,
        cost_nusd: watched.delta.1,
        moved: watched.moved,
        turn: watched.turn,
    };
    let changed = agent.state != status.text() && !(agent.state == "new" && status == Status::Ok);
    let notified = if changed {
        alert(store, agent, &evaluation)?
    } else {
        Vec::new()
    };
    store.write(|tx| {
        for (incident, r) in recoveries.iter().zip(recovered) {
            rows::incident_action(tx, incident.id, r.code, &r.output, r.ms)?;
        }
        rows::record(tx, &beat, failures)?;
        crate::state::tally::save(tx, &agent.name, &watched.tally)
    })?;
    report.tokens_since_progress = watched.tally.since_progress.0;
    #[expect(clippy::cast_precision_loss, reason = "dollars for people")]
    let cost = watched.tally.since_progress.1 as f64 / 1e9;
    report.cost_since_progress_usd = cost;
    report.spin_action = spin_action;
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
    watched: Watched,
}

/// The trigger fires when the agent has workable tasks (or always, if set).
fn should_fire(turn: &Turn<'_>) -> bool {
    turn.agent.drive.trigger.is_some()
        && (turn.agent.drive.always || !turn.evaluation.tasks.pending.is_empty())
}

/// What became of one turn's trigger and recovery commands.
struct Fired {
    triggered: Option<Triggered>,
    recovered: Vec<drive::Recovered>,
}

/// Fires every trigger and recovery command of the run at once, each on its own thread and
/// bounded by the agent's timeout: one that hangs delays nobody else. One result per turn, in
/// order.
fn fire_all(turns: &[Turn<'_>]) -> Vec<Fired> {
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
                        h.join().unwrap_or_else(|_| drive::Recovered {
                            code: None,
                            output: "recovery thread panicked".into(),
                            ms: 0,
                        })
                    })
                    .collect();
                Fired {
                    triggered,
                    recovered,
                }
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

/// The rules over the agent's tasks (returned too; `None` without sources) and pings.
fn evaluate(
    agent: &AgentRow,
    when: &When,
    (llm_ms, open_since): (Option<i64>, Option<i64>),
    now_ms: i64,
) -> (Evaluation, Option<Vec<Task>>) {
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
        open_since,
    });
    let limits = Limits {
        stagnant_after_ms: agent.stagnant_after_ms,
        max_rounds: agent.max_rounds,
        warn_rounds_pct: agent.warn_rounds_pct,
        grace_ms: agent.grace_ms,
        period_ms: when.period_ms(now_ms),
        driven: agent.drive.trigger.is_some(),
    };
    let mut evaluation = rules::evaluate(
        (!sources.is_empty()).then_some(&tasks[..]),
        (ping.as_ref(), llm_ms),
        &limits,
        agent.created_at_ms,
        now_ms,
    );
    let failed = !errors.is_empty();
    for e in errors {
        evaluation.status = evaluation.status.worst(Status::Unknown);
        evaluation.findings.push(rules::Finding {
            status: Status::Unknown,
            text: e,
        });
    }
    // A source that failed to load would look like its tasks went away.
    let complete = !sources.is_empty() && !failed;
    (evaluation, complete.then_some(tasks))
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
