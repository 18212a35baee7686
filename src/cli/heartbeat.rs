//! `bizwings heartbeat …`.

use std::net::SocketAddr;
use std::time::Duration;

use clap::{Args, Subcommand};
use serde::Serialize;

use super::{Context, Outcome, confirm_removal, parse_duration};
use crate::heartbeat::{self, AgentSettings, PingKind};
use crate::output::Done;

#[derive(Debug, Subcommand)]
pub enum HeartbeatCommand {
    /// Register an agent or job with a cron schedule
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
        /// Do not ask for confirmation (required when stdin is not a terminal)
        #[arg(long, short)]
        yes: bool,
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
    Run(RunArgs),
    /// One row per agent: state, last beat, pending, stuck, blocked, rounds, next due
    Status,
    /// Create a new key for pings over HTTP (stored hashed; printed once)
    PingKey {
        /// Replace the current key (the old one stops working)
        #[arg(long)]
        rotate: bool,
    },
    /// Serve Prometheus metrics of the agents (the seed exporter's names, real values) and take
    /// pings over HTTP: GET|POST /ping/NAME[/start|/fail|/CODE] with `Authorization: Bearer KEY`
    /// (BIZWINGS_PING_KEY or `heartbeat ping-key --rotate`; required beyond loopback)
    Exporter {
        /// Listen address
        #[arg(long, default_value = "127.0.0.1:9999")]
        listen: SocketAddr,
    },
}



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

/// `{"agent": NAME, "done": VERB}` after rm, pause and resume.
#[derive(Serialize)]
struct AgentDone<'a> {
    agent: &'a str,
    done: &'static str,
}

pub(super) fn run(ctx: &Context, cmd: HeartbeatCommand) -> Outcome {
    let done = |name: &str, verb: &'static str| {
        ctx.emit(&Done::new(
            format!("{verb} agent {name}"),
            AgentDone {
                agent: name,
                done: verb,
            },
        ))
    };
    match cmd {
        HeartbeatCommand::Add(args) => save(ctx, args, false),
        HeartbeatCommand::Set(args) => save(ctx, args, true),
        HeartbeatCommand::List => ctx.emit(&heartbeat::Agents {
            agents: heartbeat::list(&mut ctx.open_store()?)?,
        }),
        HeartbeatCommand::Show { name } => ctx.emit(&heartbeat::Agent {
            verb: None,
            agent: heartbeat::get(&mut ctx.open_store()?, &name)?,
        }),
        HeartbeatCommand::Rm { name, yes } => {
            confirm_removal(yes, &format!("agent {name:?}"))?;
            heartbeat::remove(&mut ctx.open_store()?, &name)?;
            done(&name, "removed")
        }
        HeartbeatCommand::Pause { name } => {
            heartbeat::set_paused(&mut ctx.open_store()?, &name, true)?;
            done(&name, "paused")
        }
        HeartbeatCommand::Resume { name } => {
            heartbeat::set_paused(&mut ctx.open_store()?, &name, false)?;
            done(&name, "resumed")
        }
        HeartbeatCommand::Ping(args) => {
            let kind = PingKind::from_flags(args.start, args.fail, args.exit_code);
            let message = args.message.clone().unwrap_or_else(|| {
                args.exit_code
                    .map_or_else(String::new, |c| format!("exit code {c}"))
            });
            // Evaluated at once, so `heartbeat status` shows the ping; a state change is told now.
            let pinged =
                heartbeat::pings::ping_now(&mut ctx.open_store()?, &args.name, kind, &message)?;
            if pinged.notified {
                crate::notify::deliver_now(&ctx.db, delivery_key(ctx).as_ref());
            }
            ctx.emit(&Done::new("", pinged))
        }
        HeartbeatCommand::Run(args) if args.daemon => {
            let key = delivery_key(ctx);
            heartbeat::daemon(&ctx.db, key.as_ref(), &args.names)?;
            Ok(0)
        }
        HeartbeatCommand::Run(args) => {
            let now = super::now_ms(args.now.as_deref())?;
            let key = delivery_key(ctx);
            let mut store = ctx.open_store()?;
            let agents = heartbeat::run_and_deliver(
                &mut store,
                &ctx.db,
                key.as_ref(),
                &args.names,
                args.force,
                now,
            )?;
            ctx.emit(&heartbeat::Evaluated { agents })
        }
        HeartbeatCommand::Status => ctx.emit(&heartbeat::StatusReport {
            agents: heartbeat::status(&mut ctx.open_store()?, crate::state::now_ms())?,
        }),
        HeartbeatCommand::PingKey { rotate: false } => Err(super::usage(
            "pass --rotate to create a new ping key (the current one stops working)",
        )),
        HeartbeatCommand::PingKey { rotate: true } => {
            ctx.emit(&heartbeat::pings::rotate_ping_key(&mut ctx.open_store()?)?)
        }
        HeartbeatCommand::Exporter { listen } => {
            let key = std::env::var("BIZWINGS_PING_KEY")
                .ok()
                .filter(|k| !k.trim().is_empty())
                .map(|k| crate::crypto::Secret::new(k.trim().to_owned()));
            heartbeat::serve_exporter(ctx.open_store()?, listen, key)?;
            Ok(0)
        }
    }
}

/// The master key for sending notifications, if one is configured and opens the DB; without
/// it they wait in the outbox (for `alert bridge`), which is not an error here.
fn delivery_key(ctx: &Context) -> Option<crate::crypto::MasterKey> {
    ctx.optional_key().ok().flatten()
}

fn save(ctx: &Context, args: AgentArgs, replace: bool) -> Outcome {
    let settings = AgentSettings {
        label: args.label,
        schedule: args.schedule,
        tz: args.tz,
        grace: args.grace,
        sources: args.sources,
        stagnant_after: args.stagnant_after,
        max_rounds: args.max_rounds,
        warn_rounds_pct: args.warn_rounds_pct,
        owner: args.owner,
        escalate: args.escalate,
    };
    let agent = heartbeat::save(&mut ctx.open_store()?, &args.name, settings, replace)?;
    ctx.emit(&heartbeat::Agent {
        verb: Some(if replace { "updated" } else { "added" }),
        agent,
    })
}
