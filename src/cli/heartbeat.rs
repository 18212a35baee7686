//! `bizwings heartbeat …`.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use clap::{Args, Subcommand};

use super::sidecar::parse_duration;
use super::{Context, UsageError};
use crate::exit::Status;
use crate::heartbeat::{self, AgentReport, AgentRequest};
use crate::output::{self, Mode};

#[derive(Debug, Subcommand)]
pub enum HeartbeatCommand {
    /// Register an agent or job with a cron schedule
    #[command(long_about = ADD_ABOUT)]
    Add(AgentArgs),
    /// Change an agent (only the given settings)
    Set(AgentArgs),
    /// List agents and jobs
    List,
    /// Show one agent
    Show {
        /// Agent name
        name: String,
    },
    /// Remove an agent (its beats stay)
    Rm {
        /// Agent name
        name: String,
    },
    /// Stop evaluating an agent until resumed
    Pause {
        /// Agent name
        name: String,
    },
    /// Evaluate a paused agent again
    Resume {
        /// Agent name
        name: String,
    },
    /// Report from the job itself: success (default), --start, --fail or --exit-code N
    Ping(PingArgs),
    /// Check the agents that are due (from cron or a timer), or keep checking with --daemon
    #[command(long_about = RUN_ABOUT)]
    Run(RunArgs),
    /// One row per agent: state, last beat, pending, stuck, blocked, rounds, next due
    Status,
    /// Serve Prometheus metrics of the agents (the seed exporter's names, real values)
    Exporter {
        /// Listen address
        #[arg(long, default_value = "127.0.0.1:9999")]
        listen: SocketAddr,
    },
}

const ADD_ABOUT: &str = "\
Register an agent or job with a cron schedule.

Task sources (repeatable --source KIND:SPEC): markdown:DIR (checklists in *.md: `- [ ]` todo,
`- [x]` done, `- [~]` in progress, `- [!]` blocked, inline `(id: X, depends: Y, rounds: 3)`),
json:PATH or http://URL (a JSON array of {id, status, updated_at, depends_on, rounds}), and
command:CMD (a command printing that JSON). A job without sources reports itself with
`heartbeat ping`.

Example (the runbook's plan: every 10 minutes, Asia/Shanghai, stuck after 20 minutes):
  bizwings heartbeat add writer --schedule '*/10 * * * *' --source markdown:/srv/agents/writer/board \\
      --owner oncall --escalate coordinator";

const RUN_ABOUT: &str = "\
Check the agents that are due.

From cron or a systemd timer, `heartbeat run --once` evaluates each agent whose schedule had a
slot since its last check (once, however many were missed), stores a beat, and sends a
notification when an agent's state changed. `--daemon` keeps its own schedule until SIGTERM.

Exit codes: 0 all ok, 1 a warning, 2 a critical agent (stale, failed, round cap), 3 a task
source could not be read.";

#[derive(Debug, Args)]
pub struct AgentArgs {
    /// Agent or job name
    pub name: String,
    /// Crontab schedule (5 fields), e.g. "*/15 * * * *" [add: required]
    #[arg(long, value_name = "CRON")]
    pub schedule: Option<String>,
    /// Time zone of the schedule [default: Asia/Shanghai]
    #[arg(long, value_name = "ZONE")]
    pub tz: Option<String>,
    /// Slack after a period before the agent counts as stale; bounds a run after --start [default: 5m]
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub grace: Option<Duration>,
    /// Task source KIND:SPEC (repeatable; replaces the list on `set`)
    #[arg(long = "source", value_name = "KIND:SPEC")]
    pub sources: Vec<String>,
    /// An in-progress task without an update for this long is stuck [default: 20m]
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub stagnant_after: Option<Duration>,
    /// Round cap per task [default: 50]
    #[arg(long, value_name = "N")]
    pub max_rounds: Option<u32>,
    /// Warn at this share of the round cap [default: 80]
    #[arg(long, value_name = "PCT")]
    pub warn_rounds_pct: Option<f64>,
    /// Receiver told of every state change (instead of the alert routes)
    #[arg(long, value_name = "RECEIVER")]
    pub owner: Option<String>,
    /// Receiver also told when the agent turns critical
    #[arg(long, value_name = "RECEIVER")]
    pub escalate: Option<String>,
    /// Display name
    #[arg(long)]
    pub label: Option<String>,
}

#[derive(Debug, Args)]
pub struct PingArgs {
    /// Agent or job name
    pub name: String,
    /// The run starts now (the grace period bounds its length)
    #[arg(long, conflicts_with_all = ["fail", "exit_code"])]
    pub start: bool,
    /// The run failed
    #[arg(long, conflicts_with = "exit_code")]
    pub fail: bool,
    /// The run's exit code: 0 is success, anything else a failure
    #[arg(long, value_name = "N")]
    pub exit_code: Option<i32>,
    /// A note kept with the ping
    #[arg(long, value_name = "TEXT")]
    pub message: Option<String>,
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// Only these agents
    pub names: Vec<String>,
    /// Each due agent once, then exit (the default)
    #[arg(long, conflicts_with = "daemon")]
    pub once: bool,
    /// Keep running on the agents' schedules until SIGTERM
    #[arg(long)]
    pub daemon: bool,
    /// Evaluate the named agents now, due or not
    #[arg(long, requires = "names")]
    pub force: bool,
    /// Pretend it is this time (RFC 3339), for tests and what-ifs
    #[arg(long, hide = true, env = "BIZWINGS_NOW", value_name = "TIME")]
    pub now: Option<String>,
}

fn now_ms(text: Option<&str>) -> anyhow::Result<i64> {
    match text {
        None => Ok(crate::state::now_ms()),
        Some(t) => Ok(chrono::DateTime::parse_from_rfc3339(t)
            .map_err(|e| UsageError(format!("--now {t:?}: {e}")))?
            .timestamp_millis()),
    }
}

pub(super) fn run(ctx: &Context, cmd: HeartbeatCommand) -> anyhow::Result<u8> {
    match cmd {
        HeartbeatCommand::Add(args) => save(ctx, &args, false),
        HeartbeatCommand::Set(args) => save(ctx, &args, true),
        HeartbeatCommand::List => list(ctx),
        HeartbeatCommand::Show { name } => {
            let mut store = ctx.open_store()?;
            let a = heartbeat::get(&mut store, &name)?;
            match ctx.mode {
                Mode::Json => output::json(&serde_json::json!({"status": "ok", "agent": a}))?,
                Mode::Human => output::lines([serde_json::to_string_pretty(&a)?])?,
            }
            Ok(0)
        }
        HeartbeatCommand::Rm { name } => {
            done(ctx, &name, "removed", |s| heartbeat::remove(s, &name))
        }
        HeartbeatCommand::Pause { name } => done(ctx, &name, "paused", |s| {
            heartbeat::set_paused(s, &name, true)
        }),
        HeartbeatCommand::Resume { name } => done(ctx, &name, "resumed", |s| {
            heartbeat::set_paused(s, &name, false)
        }),
        HeartbeatCommand::Ping(args) => {
            let kind = if args.start {
                "start"
            } else if args.fail || args.exit_code.is_some_and(|c| c != 0) {
                "fail"
            } else {
                "success"
            };
            let message = args.message.clone().unwrap_or_else(|| {
                args.exit_code
                    .map_or_else(String::new, |c| format!("exit code {c}"))
            });
            let mut store = ctx.open_store()?;
            heartbeat::ping(
                &mut store,
                &args.name,
                kind,
                &message,
                crate::state::now_ms(),
            )?;
            match ctx.mode {
                Mode::Json => output::json(
                    &serde_json::json!({"status": "ok", "agent": args.name, "ping": kind}),
                )?,
                Mode::Human => {}
            }
            Ok(0)
        }
        HeartbeatCommand::Run(args) if args.daemon => daemon(ctx, &args),
        HeartbeatCommand::Run(args) => {
            let now = now_ms(args.now.as_deref())?;
            let reports = run_once(ctx, &args.names, args.force, now)?;
            render_run(ctx, &reports)?;
            Ok(reports
                .iter()
                .filter(|r| r.evaluated)
                .fold(Status::Ok, |s, r| s.worst(r.status))
                .code())
        }
        HeartbeatCommand::Status => status_table(ctx),
        HeartbeatCommand::Exporter { listen } => {
            heartbeat::serve_exporter(ctx.db.clone(), listen)?;
            Ok(0)
        }
    }
}

fn done(
    ctx: &Context,
    name: &str,
    verb: &str,
    f: impl FnOnce(&mut crate::state::Store) -> Result<(), heartbeat::Error>,
) -> anyhow::Result<u8> {
    let mut store = ctx.open_store()?;
    f(&mut store)?;
    match ctx.mode {
        Mode::Json => {
            output::json(&serde_json::json!({"status": "ok", "agent": name, "done": verb}))?;
        }
        Mode::Human => output::lines([format!("{verb} agent {name}")])?,
    }
    Ok(0)
}

fn save(ctx: &Context, args: &AgentArgs, replace: bool) -> anyhow::Result<u8> {
    let mut store = ctx.open_store()?;
    let existing = if replace {
        Some(heartbeat::get(&mut store, &args.name)?)
    } else {
        None
    };
    let schedule = match (&args.schedule, &existing) {
        (Some(s), _) => s.clone(),
        (None, Some(e)) => e.schedule.clone(),
        (None, None) => {
            return Err(UsageError(
                "--schedule is required, e.g. --schedule '*/10 * * * *'".into(),
            )
            .into());
        }
    };
    let existing_sources: Vec<String> = existing
        .as_ref()
        .and_then(|e| serde_json::from_str::<Vec<heartbeat::sources::Source>>(&e.sources_json).ok())
        .map(|s| s.iter().map(heartbeat::sources::Source::describe).collect())
        .unwrap_or_default();
    let ms = |d: Option<Duration>, old: Option<i64>, default: u64| {
        d.unwrap_or_else(|| {
            Duration::from_millis(old.map_or(default, |o| u64::try_from(o).unwrap_or(default)))
        })
    };
    let req = AgentRequest {
        name: args.name.clone(),
        label: args
            .label
            .clone()
            .or(existing.as_ref().map(|e| e.label.clone()))
            .unwrap_or_default(),
        schedule,
        tz: args
            .tz
            .clone()
            .or(existing.as_ref().map(|e| e.tz.clone()))
            .unwrap_or_else(|| "Asia/Shanghai".into()),
        grace: ms(args.grace, existing.as_ref().map(|e| e.grace_ms), 300_000),
        sources: if args.sources.is_empty() {
            existing_sources
        } else {
            args.sources.clone()
        },
        stagnant_after: ms(
            args.stagnant_after,
            existing.as_ref().map(|e| e.stagnant_after_ms),
            1_200_000,
        ),
        max_rounds: args
            .max_rounds
            .or(existing.as_ref().map(|e| e.max_rounds))
            .unwrap_or(50),
        warn_rounds_pct: args
            .warn_rounds_pct
            .or(existing.as_ref().map(|e| e.warn_rounds_pct))
            .unwrap_or(80.0),
        owner: args
            .owner
            .clone()
            .or(existing.as_ref().and_then(|e| e.owner.clone())),
        escalate: args
            .escalate
            .clone()
            .or(existing.as_ref().and_then(|e| e.escalate.clone())),
    };
    heartbeat::save(&mut store, &req, replace)?;
    match ctx.mode {
        Mode::Json => output::json(
            &serde_json::json!({"status": "ok", "agent": heartbeat::get(&mut store, &args.name)?}),
        )?,
        Mode::Human => output::lines([format!(
            "{} agent {} ({} in {})",
            if replace { "updated" } else { "added" },
            req.name,
            req.schedule,
            req.tz
        )])?,
    }
    Ok(0)
}

/// Evaluates, then tries to deliver what the state changes queued.
fn run_once(
    ctx: &Context,
    names: &[String],
    force: bool,
    now: i64,
) -> anyhow::Result<Vec<AgentReport>> {
    let mut store = ctx.open_store()?;
    let reports = heartbeat::run(&mut store, names, force, now)?;
    if reports.iter().any(|r| !r.notified.is_empty()) {
        match crate::config::master_key(ctx.master_key_file.as_deref(), &ctx.db) {
            Ok(Some((key, _))) => {
                if let Err(err) = crate::notify::deliver_pending(&ctx.db, &key) {
                    tracing::warn!(error = %err, "notifications stay in the outbox");
                }
            }
            _ => {
                tracing::warn!(
                    "no master key: notifications wait in the outbox for `alert bridge`"
                );
            }
        }
    }
    Ok(reports)
}

fn render_run(ctx: &Context, reports: &[AgentReport]) -> anyhow::Result<()> {
    let status = reports
        .iter()
        .filter(|r| r.evaluated)
        .fold(Status::Ok, |s, r| s.worst(r.status));
    match ctx.mode {
        Mode::Json => output::json(
            &serde_json::json!({"status": heartbeat::status_text(status), "agents": reports}),
        )?,
        Mode::Human => {
            let evaluated: Vec<&AgentReport> = reports.iter().filter(|r| r.evaluated).collect();
            if evaluated.is_empty() {
                output::lines(["no agent is due"])?;
                return Ok(());
            }
            output::table(
                [
                    "AGENT", "STATE", "PENDING", "STUCK", "BLOCKED", "ROUNDS", "FINDINGS",
                ],
                evaluated.iter().map(|r| {
                    let e = r.evaluation.as_ref();
                    [
                        r.name.clone(),
                        format!(
                            "{}{}",
                            heartbeat::status_text(r.status),
                            if r.changed {
                                format!(" (was {})", r.previous)
                            } else {
                                String::new()
                            }
                        ),
                        e.map_or(0, |e| e.pending).to_string(),
                        e.map_or(0, |e| e.stagnant).to_string(),
                        e.map_or(0, |e| e.blocked).to_string(),
                        e.map_or(0, |e| e.rounds).to_string(),
                        e.map(|e| {
                            e.findings
                                .iter()
                                .filter(|f| f.status != Status::Ok)
                                .map(|f| f.text.clone())
                                .collect::<Vec<_>>()
                                .join("; ")
                        })
                        .unwrap_or_default(),
                    ]
                }),
            )?;
        }
    }
    Ok(())
}

/// `run --daemon`: evaluate what is due, sleep until the next slot, until SIGTERM/SIGINT.
fn daemon(ctx: &Context, args: &RunArgs) -> anyhow::Result<u8> {
    let stop = Arc::new(AtomicBool::new(false));
    let flag = stop.clone();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let signals = std::thread::spawn(move || {
        runtime.block_on(crate::signals::terminated());
        flag.store(true, Ordering::SeqCst);
    });
    tracing::info!("heartbeat daemon started");
    while !stop.load(Ordering::SeqCst) {
        let reports = run_once(ctx, &args.names, false, crate::state::now_ms())?;
        for r in reports.iter().filter(|r| r.evaluated) {
            tracing::info!(agent = %r.name, state = heartbeat::status_text(r.status), changed = r.changed, "evaluated");
        }
        let next = reports.iter().filter_map(|r| r.next_due_ms).min();
        let wait_ms = next.map_or(60_000, |n| (n - crate::state::now_ms()).clamp(200, 60_000));
        let until = std::time::Instant::now()
            + Duration::from_millis(u64::try_from(wait_ms).unwrap_or(60_000));
        while std::time::Instant::now() < until && !stop.load(Ordering::SeqCst) {
            std::thread::sleep(Duration::from_millis(200));
        }
    }
    drop(signals);
    tracing::info!("heartbeat daemon stopped");
    Ok(0)
}

fn list(ctx: &Context) -> anyhow::Result<u8> {
    let mut store = ctx.open_store()?;
    let agents = heartbeat::list(&mut store)?;
    match ctx.mode {
        Mode::Json => output::json(&serde_json::json!({"status": "ok", "agents": agents}))?,
        Mode::Human if agents.is_empty() => {
            output::lines(["no agents yet: add one with `bizwings heartbeat add`"])?;
        }
        Mode::Human => output::table(
            [
                "NAME", "SCHEDULE", "ZONE", "SOURCES", "OWNER", "STATE", "PAUSED",
            ],
            agents.iter().map(|a| {
                let sources: Vec<heartbeat::sources::Source> =
                    serde_json::from_str(&a.sources_json).unwrap_or_default();
                [
                    a.name.clone(),
                    a.schedule.clone(),
                    a.tz.clone(),
                    if sources.is_empty() {
                        "(pings)".into()
                    } else {
                        sources
                            .iter()
                            .map(heartbeat::sources::Source::describe)
                            .collect::<Vec<_>>()
                            .join(" ")
                    },
                    a.owner.clone().unwrap_or_else(|| "(routes)".into()),
                    a.state.clone(),
                    if a.paused { "yes" } else { "no" }.into(),
                ]
            }),
        )?,
    }
    Ok(0)
}

fn status_table(ctx: &Context) -> anyhow::Result<u8> {
    let mut store = ctx.open_store()?;
    let rows = heartbeat::status(&mut store, crate::state::now_ms())?;
    match ctx.mode {
        Mode::Json => output::json(&serde_json::json!({"status": "ok", "agents": rows}))?,
        Mode::Human if rows.is_empty() => output::lines(["no agents yet"])?,
        Mode::Human => output::table(
            [
                "AGENT",
                "STATE",
                "LAST BEAT (UTC)",
                "PENDING",
                "STUCK",
                "BLOCKED",
                "ROUNDS",
                "NEXT DUE (UTC)",
            ],
            rows.iter().map(|r| {
                [
                    r.name.clone(),
                    if r.paused {
                        format!("{} (paused)", r.state)
                    } else {
                        r.state.clone()
                    },
                    r.last_beat_ms.map_or_else(|| "never".into(), output::utc),
                    r.pending.to_string(),
                    r.stagnant.to_string(),
                    r.blocked.to_string(),
                    format!("{}/{}", r.rounds, r.max_rounds),
                    r.next_due_ms.map_or_else(|| "-".into(), output::utc),
                ]
            }),
        )?,
    }
    Ok(0)
}
