//! `heartbeat`: liveness and task-progress checks of agents and jobs on a cron schedule.
//! Each evaluation stores a beat; an agent's state change (not every tick) becomes a message
//! through the notify routes, or to its owner (and its escalation receiver when critical).

pub mod rules;
pub mod schedule;
pub mod sources;

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use serde::Serialize;

use self::rules::{Evaluation, Limits, Ping};
use self::schedule::When;
use self::sources::Source;
use crate::exit::Status;
use crate::notify::{self, Message, feishu};
use crate::state::heartbeat::{self as rows, AgentRow, Beat};
use crate::state::{self, Store};

/// Errors of agent management (a failing agent is a report, not an error).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad input: exit code 64.
    #[error("{0}")]
    Invalid(String),
    #[error(transparent)]
    State(#[from] state::Error),
}

/// An agent as asked for.
#[derive(Debug, Clone)]
pub struct AgentRequest {
    pub name: String,
    pub label: String,
    pub schedule: String,
    pub tz: String,
    pub grace: Duration,
    pub sources: Vec<String>,
    pub stagnant_after: Duration,
    pub max_rounds: u32,
    pub warn_rounds_pct: f64,
    pub owner: Option<String>,
    pub escalate: Option<String>,
}

fn ms(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

/// Adds an agent, or (`replace`) changes one.
pub fn save(store: &mut Store, req: &AgentRequest, replace: bool) -> Result<(), Error> {
    crate::config::validate_name("agent", &req.name).map_err(Error::Invalid)?;
    When::parse(&req.schedule, &req.tz).map_err(Error::Invalid)?;
    let sources = req
        .sources
        .iter()
        .map(|s| Source::parse(s))
        .collect::<Result<Vec<_>, _>>()
        .map_err(Error::Invalid)?;
    if req.max_rounds == 0 || !(0.0..=100.0).contains(&req.warn_rounds_pct) {
        return Err(Error::Invalid(
            "--max-rounds must be at least 1 and --warn-rounds-pct between 0 and 100".into(),
        ));
    }
    for receiver in req.owner.iter().chain(&req.escalate) {
        store.read(|tx| state::notify::receiver(tx, receiver))?;
    }
    let row = AgentRow {
        name: req.name.clone(),
        label: req.label.clone(),
        schedule: req.schedule.clone(),
        tz: req.tz.clone(),
        grace_ms: ms(req.grace),
        sources_json: serde_json::to_string(&sources).unwrap_or_else(|_| "[]".into()),
        stagnant_after_ms: ms(req.stagnant_after),
        max_rounds: req.max_rounds,
        warn_rounds_pct: req.warn_rounds_pct,
        owner: req.owner.clone(),
        escalate: req.escalate.clone(),
        paused: false,
        state: "new".into(),
        last_eval_at_ms: None,
        last_ping_at_ms: None,
        last_ping_kind: None,
        last_ping_message: String::new(),
        created_at_ms: state::now_ms(),
    };
    Ok(store.write(|tx| rows::save(tx, &row, replace))?)
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

/// Records a ping from a job: `start`, `success` or `fail`.
pub fn ping(
    store: &mut Store,
    name: &str,
    kind: &str,
    message: &str,
    now_ms: i64,
) -> Result<(), Error> {
    Ok(store.write(|tx| rows::ping(tx, name, now_ms, kind, message))?)
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
            status: parse_status(&agent.state),
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
                status: status_text(status).into(),
                pending: evaluation.pending,
                in_progress: evaluation.in_progress,
                stagnant: evaluation.stagnant,
                blocked: evaluation.blocked,
                rounds: evaluation.rounds,
                max_stagnation_s: evaluation.max_stagnation_s,
                findings_json: serde_json::to_string(&evaluation.findings)
                    .unwrap_or_else(|_| "[]".into()),
            };
            let changed = agent.state != status_text(status)
                && !(agent.state == "new" && status == Status::Ok);
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
    let sources: Vec<Source> = serde_json::from_str(&agent.sources_json).unwrap_or_default();
    let mut tasks = Vec::new();
    let mut errors = Vec::new();
    for source in &sources {
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
        status_text(status).to_uppercase()
    };
    let title = format!("[{tag}] heartbeat: {shown}");
    let mut md = vec![
        format!("**Agent:** {shown}"),
        format!("**State:** {} (was {})", status_text(status), agent.state),
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
            .map(|f| format!("- {}", feishu::truncate(&f.text, 500))),
    );
    let card = feishu::card(
        &title,
        feishu::template(severity, resolved),
        &md.join("\n"),
        None,
        "bizwings heartbeat",
    );
    let message = Message {
        source: "heartbeat",
        title,
        severity: severity.into(),
        resolved,
        card,
    };
    let receivers: Vec<String> = if let Some(owner) = &agent.owner {
        let mut r = vec![owner.clone()];
        if status == Status::Critical {
            r.extend(agent.escalate.clone().filter(|e| e != owner));
        }
        r
    } else {
        let labels = BTreeMap::from([
            ("alertname".to_owned(), "Heartbeat".to_owned()),
            ("source".to_owned(), "heartbeat".to_owned()),
            ("agent".to_owned(), agent.name.clone()),
            ("severity".to_owned(), severity.to_owned()),
        ]);
        return Ok(notify::route_and_enqueue(store, &labels, &message)?);
    };
    store.write(|tx| notify::enqueue(tx, &message, &receivers))?;
    Ok(receivers)
}

/// `ok`, `warning`, `critical`, `unknown`.
pub fn status_text(s: Status) -> &'static str {
    crate::inspect::status_text(s)
}

fn parse_status(s: &str) -> Status {
    match s {
        "ok" | "new" => Status::Ok,
        "warning" => Status::Warning,
        "critical" => Status::Critical,
        _ => Status::Unknown,
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

/// A gauge family: name, help, and how to read its value from a row.
type Family = (&'static str, &'static str, fn(&StatusRow) -> f64);

/// Prometheus text in the names of the seed's exporter, so its Grafana dashboard works:
/// `agent_heartbeat_status` (1 alive, 0 stale or critical), `agent_task_stagnation_seconds`,
/// `agent_workboard_pending`, `agent_rounds_used_ratio`; labels `agent_name`, `agent_label`.
pub fn metrics_text(rows: &[StatusRow]) -> String {
    use std::fmt::Write as _;
    let escape = |s: &str| {
        s.replace('\\', "\\\\")
            .replace('"', "\\\"")
            .replace('\n', "\\n")
    };
    let mut out = String::new();
    let families: [Family; 4] = [
        (
            "agent_heartbeat_status",
            "Agent heartbeat status (1=healthy, 0=stale or critical)",
            |r: &StatusRow| f64::from(u8::from(matches!(r.state.as_str(), "ok" | "warning"))),
        ),
        (
            "agent_task_stagnation_seconds",
            "Longest time an in-progress task has gone without progress",
            |r: &StatusRow| {
                #[expect(clippy::cast_precision_loss, reason = "seconds")]
                let s = r.max_stagnation_s as f64;
                s
            },
        ),
        (
            "agent_workboard_pending",
            "Tasks not done",
            |r: &StatusRow| f64::from(r.pending),
        ),
        (
            "agent_rounds_used_ratio",
            "Rounds used over the round cap",
            |r: &StatusRow| f64::from(r.rounds) / f64::from(r.max_rounds.max(1)),
        ),
    ];
    for (name, help, value) in families {
        let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} gauge");
        for r in rows {
            let label = if r.label.is_empty() {
                &r.name
            } else {
                &r.label
            };
            let _ = writeln!(
                out,
                "{name}{{agent_name=\"{}\",agent_label=\"{}\"}} {}",
                escape(&r.name),
                escape(label),
                value(r)
            );
        }
    }
    out
}

/// Serves `metrics_text` on `GET /metrics` until SIGTERM or SIGINT, reading the DB per scrape.
pub fn serve_exporter(db: PathBuf, listen: SocketAddr) -> Result<(), std::io::Error> {
    use axum::response::IntoResponse as _;
    use axum::routing::get;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(listen).await?;
        tracing::info!(addr = %listener.local_addr()?, "listening on");
        let app = axum::Router::new().route(
            "/metrics",
            get(move || {
                let db = db.clone();
                async move {
                    let text = tokio::task::spawn_blocking(move || {
                        let mut store = Store::open(&db).map_err(|e| e.to_string())?;
                        status(&mut store, state::now_ms())
                            .map(|rows| metrics_text(&rows))
                            .map_err(|e| e.to_string())
                    })
                    .await
                    .unwrap_or_else(|e| Err(e.to_string()));
                    match text {
                        Ok(t) => {
                            ([("content-type", "text/plain; version=0.0.4")], t).into_response()
                        }
                        Err(e) => (axum::http::StatusCode::SERVICE_UNAVAILABLE, e).into_response(),
                    }
                }
            }),
        );
        axum::serve(listener, app)
            .with_graceful_shutdown(crate::signals::terminated())
            .await
    })
}
