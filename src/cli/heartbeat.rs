//! `bizwings heartbeat …`.

use std::collections::HashMap;
use std::time::Duration;

use clap::{Args, Subcommand};
use serde::Serialize;

use super::{Context, Outcome, confirm_removal, parse_duration};
use crate::heartbeat::watch::Fleet;
use crate::heartbeat::{
    self, AgentSettings, Offset, PingKind, Recovery, Schedule, Toggle, VarName,
};
use crate::output::Done;
use crate::sidecar::FleetClients;
use crate::state::heartbeat::{Source, SpinAction, Trigger};

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
    /// Evaluate a paused agent again; also lifts the pause of its client (--on-spin pause) and
    /// counts its spend since progress from zero
    Resume {
        /// Agent name
        name: String,
        /// The fleet whose sidecars lift the client's pause too
        #[command(flatten)]
        shared: super::sidecar::SharedArgs,
    },
    /// Report from the job itself: success (default), --start, --fail or --exit-code N
    Ping(PingArgs),
    /// Check the agents that are due (from cron or a timer), or keep checking with --daemon
    Run(RunArgs),
    /// One row per agent: state, last beat, pending, stuck, blocked, rounds, next start
    Status,
    /// Per agent over a window: beats, triggers sent and failed, tasks worked, stuck
    /// incidents and recoveries, round caps, rounds
    Report {
        /// The window, ending now
        #[arg(long, value_name = "DURATION", default_value = "24h", value_parser = parse_duration)]
        since: Duration,
    },
    /// Add an agent for every workspace under DIR that has none (HEARTBEAT.md or board/)
    Discover(DiscoverArgs),
    /// Create the key for pings over HTTP, or with --rotate a new one (stored hashed; printed once)
    PingKey {
        /// Replace the current key (the old one stops working)
        #[arg(long)]
        rotate: bool,
    },
    /// The same as `bizwings exporter`
    Exporter(super::ExporterArgs),
}

#[derive(Debug, Args)]
pub struct AgentArgs {
    /// Agent or job name
    pub name: String,
    #[command(flatten)]
    pub settings: SettingsArgs,
}

#[derive(Debug, Args)]
pub struct SettingsArgs {
    /// Crontab schedule (5 fields), e.g. "*/15 * * * *" [add: required; discover: */15]
    #[arg(long, value_name = "CRON")]
    pub schedule: Option<Schedule>,
    /// Time zone of the schedule [default: Asia/Shanghai]
    #[arg(long, value_name = "ZONE")]
    pub tz: Option<String>,
    /// Slack after a period before the agent counts as stale; bounds a run after --start [default: 5m]
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub grace: Option<Duration>,
    /// Task source KIND:SPEC (repeatable; replaces the list on `set`)
    #[arg(long = "source", value_name = "KIND:SPEC")]
    pub sources: Vec<Source>,
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
    /// What starts the agent's turn when it has work: command:CMD or http:URL (POST of JSON);
    /// off removes it
    #[arg(long, value_name = "command:CMD|http:URL")]
    pub trigger: Option<Toggle<Trigger>>,
    /// The trigger's message; {agent}, {label}, {pending}, {stuck}, {blocked} and {due} are
    /// filled in
    #[arg(long, value_name = "TEXT")]
    pub trigger_message: Option<String>,
    /// Environment variable of `heartbeat run` whose value an HTTP trigger sends as its bearer
    /// token (the token itself is never stored); off removes it
    #[arg(long, value_name = "VAR")]
    pub trigger_token_env: Option<Toggle<VarName>>,
    /// Trigger even when nothing is pending [default: false]
    #[arg(long, value_name = "BOOL", num_args = 0..=1, default_missing_value = "true")]
    pub trigger_always: Option<bool>,
    /// A trigger still running after this is killed and counts as failed [default: 1m]
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub trigger_timeout: Option<Duration>,
    /// Start this long after each slot, or auto: spread over the period among the agents with a
    /// trigger on the same schedule [default: auto]
    #[arg(long, value_name = "DURATION|auto")]
    pub offset: Option<Offset>,
    /// Failed triggers in a row that make the agent critical ("not responding") [default: 3]
    #[arg(long, value_name = "N")]
    pub fail_after: Option<u32>,
    /// Run this once per task stuck at two beats in a row (command:CMD), or off
    #[arg(long, value_name = "command:CMD")]
    pub on_stuck: Option<Toggle<Recovery>>,
    /// The sidecar client token the agent calls LLMs with, for its agent_429_error_rate and
    /// agent_response_time_seconds; off: the client of its own name [default: its name]
    #[arg(long, value_name = "CLIENT")]
    pub client: Option<Toggle<String>>,
    /// Warning when the agent's client spent this many tokens since a task last moved (k and M
    /// suffixes; 0: off) [default: 500k]
    #[arg(long, value_name = "TOKENS", value_parser = parse_count)]
    pub spin_warn_tokens: Option<u64>,
    /// Critical at this many tokens since a task last moved (0: off) [default: 2M]
    #[arg(long, value_name = "TOKENS", value_parser = parse_count)]
    pub spin_critical_tokens: Option<u64>,
    /// Warning when the agent's client spent this many dollars since a task last moved (0: off)
    /// [default: 2]
    #[arg(long, value_name = "USD", value_parser = parse_usd)]
    pub spin_warn_usd: Option<u64>,
    /// Critical at this many dollars since a task last moved (0: off) [default: 10]
    #[arg(long, value_name = "USD", value_parser = parse_usd)]
    pub spin_critical_usd: Option<u64>,
    /// At critical spinning also: pause (the sidecar refuses the agent's client with 429
    /// `x-bizwings-limit: paused` until `heartbeat resume`), command:CMD (run once), or off
    #[arg(long, value_name = "pause|command:CMD")]
    pub on_spin: Option<Toggle<SpinAction>>,
    /// After a trigger was answered, the agent must show life within this: LLM calls through its
    /// client, a task update or a ping [default: 10m]
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub turn_window: Option<Duration>,
    /// Silent turns in a row that make the agent critical ("not working") [default: 3]
    #[arg(long, value_name = "N")]
    pub silent_after: Option<u32>,
    /// Text in the trigger's answer that says the turn ran (e.g. a gateway's "completed"); off
    /// removes it
    #[arg(long, value_name = "TEXT")]
    pub ack: Option<Toggle<String>>,
}

/// A count with an optional k or M suffix.
fn parse_count(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let (number, scale) = match t.as_bytes().last() {
        Some(b'k' | b'K') => (&t[..t.len() - 1], 1e3),
        Some(b'm' | b'M') => (&t[..t.len() - 1], 1e6),
        _ => (t, 1.0),
    };
    match number.parse::<f64>() {
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "checked finite, not negative and below 1e18"
        )]
        Ok(n) if n.is_finite() && n >= 0.0 && n * scale < 1e18 => Ok((n * scale).round() as u64),
        _ => Err(format!("{text:?} is not a count (like 500k or 2M)")),
    }
}

/// Dollars (a leading `$` is allowed) as nano-USD.
fn parse_usd(text: &str) -> Result<u64, String> {
    match text.trim().trim_start_matches('$').parse::<f64>() {
        Ok(n) if n.is_finite() && (0.0..1e9).contains(&n) => Ok(crate::state::clients::nano_usd(n)),
        _ => Err(format!(
            "{text:?} is not an amount of dollars (like 2 or 0.50)"
        )),
    }
}

impl From<SettingsArgs> for AgentSettings {
    fn from(a: SettingsArgs) -> Self {
        Self {
            label: a.label,
            schedule: a.schedule,
            tz: a.tz,
            grace: a.grace,
            sources: a.sources,
            stagnant_after: a.stagnant_after,
            max_rounds: a.max_rounds,
            warn_rounds_pct: a.warn_rounds_pct,
            owner: a.owner,
            escalate: a.escalate,
            trigger: a.trigger,
            trigger_message: a.trigger_message,
            trigger_token_env: a.trigger_token_env,
            trigger_always: a.trigger_always,
            trigger_timeout: a.trigger_timeout,
            offset: a.offset,
            fail_after: a.fail_after,
            on_stuck: a.on_stuck,
            client: a.client,
            spin_warn_tokens: a.spin_warn_tokens,
            spin_critical_tokens: a.spin_critical_tokens,
            spin_warn_nusd: a.spin_warn_usd,
            spin_critical_nusd: a.spin_critical_usd,
            on_spin: a.on_spin,
            turn_window: a.turn_window,
            silent_after: a.silent_after,
            ack: a.ack,
        }
    }
}

#[derive(Debug, Args)]
pub struct DiscoverArgs {
    /// Directory whose subdirectories are agent workspaces (HEARTBEAT.md or board/)
    pub dir: std::path::PathBuf,
    /// Only say what would be added
    #[arg(long)]
    pub dry_run: bool,
    /// Settings of each new agent ({agent} in --trigger becomes the workspace's name)
    #[command(flatten)]
    pub settings: SettingsArgs,
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
    /// Run id: tells overlapping runs apart and measures each from its --start
    #[arg(long, value_name = "ID")]
    pub rid: Option<String>,
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
    /// The fleet whose sidecars the agents' LLM calls may go through: spend is read, and
    /// clients paused, fleet-wide
    #[command(flatten)]
    pub shared: super::sidecar::SharedArgs,
}

/// `{"agent": NAME, "done": VERB}` after rm, pause and resume.
#[derive(Serialize)]
struct AgentDone<'a> {
    agent: &'a str,
    done: &'static str,
}

pub(super) fn run(ctx: &Context, cmd: HeartbeatCommand) -> Outcome {
    match cmd {
        HeartbeatCommand::Add(args) => save(ctx, args, false),
        HeartbeatCommand::Set(args) => save(ctx, args, true),
        HeartbeatCommand::List => ctx.emit(&heartbeat::Agents {
            agents: heartbeat::list(&mut ctx.open_store()?)?,
        }),
        HeartbeatCommand::Show { name } => {
            ctx.emit(&heartbeat::show(&mut ctx.open_store()?, &name)?)
        }
        HeartbeatCommand::Rm { name, yes } => {
            confirm_removal(yes, &format!("agent {name:?}"))?;
            heartbeat::remove(&mut ctx.open_store()?, &name)?;
            done(ctx, &name, "removed")
        }
        HeartbeatCommand::Pause { name } => pause(ctx, &name, true),
        HeartbeatCommand::Resume { name, shared } => resume(ctx, &name, &shared),
        HeartbeatCommand::Ping(args) => ping(ctx, &args),
        HeartbeatCommand::Run(args) => run_agents(ctx, &args),
        HeartbeatCommand::Status => ctx.emit(&heartbeat::status(
            &mut ctx.open_store()?,
            crate::state::now_ms(),
        )?),
        HeartbeatCommand::Report { since } => {
            let since_ms = crate::state::now_ms() - i64::try_from(since.as_millis()).unwrap_or(0);
            ctx.emit(&heartbeat::activity(&mut ctx.open_store()?, since_ms)?)
        }
        HeartbeatCommand::Discover(args) => discover(ctx, args),
        HeartbeatCommand::PingKey { rotate } => ping_key(ctx, rotate),
        HeartbeatCommand::Exporter(args) => super::exporter(ctx, &args),
    }
}

/// The first ping key without `--rotate`; replacing one needs it.
fn ping_key(ctx: &Context, rotate: bool) -> Outcome {
    let mut store = ctx.open_store()?;
    if !rotate && heartbeat::pings::key_configured(&mut store, None)? {
        return Err(super::usage(
            "a ping key exists: pass --rotate to replace it (the current one stops working)",
        ));
    }
    ctx.emit(&heartbeat::pings::rotate_ping_key(&mut store)?)
}

fn pause(ctx: &Context, name: &str, paused: bool) -> Outcome {
    heartbeat::set_paused(&mut ctx.open_store()?, name, paused)?;
    done(ctx, name, if paused { "paused" } else { "resumed" })
}

fn resume(ctx: &Context, name: &str, shared: &super::sidecar::SharedArgs) -> Outcome {
    let fleet = fleet_of(shared)?;
    let client = heartbeat::watch::resume(
        &mut ctx.open_store()?,
        name,
        fleet.as_ref().map(|f| f as &dyn Fleet),
    )?;
    ctx.emit(&Done::new(
        format!("resumed agent {name}; {client}"),
        AgentDone {
            agent: name,
            done: "resumed",
        },
    ))
}

/// The fleet of `--shared`, if one is given.
fn fleet_of(shared: &super::sidecar::SharedArgs) -> Result<Option<FleetClients>, super::Failure> {
    Ok(shared
        .url()?
        .map(|url| FleetClients::new(url, shared.fleet_name())))
}

impl Fleet for FleetClients {
    fn spent(&self, clients: &[String]) -> Result<HashMap<String, (u64, u64)>, String> {
        FleetClients::spent(self, clients)
    }

    fn pause(&self, client: &str, reason: &str) -> Result<(), String> {
        FleetClients::pause(self, client, Some(reason))
    }

    fn resume(&self, client: &str) -> Result<(), String> {
        FleetClients::pause(self, client, None)
    }
}

fn done(ctx: &Context, name: &str, verb: &'static str) -> Outcome {
    ctx.emit(&Done::new(
        format!("{verb} agent {name}"),
        AgentDone {
            agent: name,
            done: verb,
        },
    ))
}

fn ping(ctx: &Context, args: &PingArgs) -> Outcome {
    let kind = PingKind::from_flags(args.start, args.fail, args.exit_code);
    if args
        .rid
        .as_deref()
        .is_some_and(|r| !heartbeat::pings::valid_rid(r))
    {
        return Err(super::usage("--rid is up to 64 letters, digits and dashes"));
    }
    let p = heartbeat::PingOf {
        rid: args.rid.clone(),
        code: args.exit_code,
        body: args.message.clone().unwrap_or_default(),
    };
    let pinged = heartbeat::pings::ping_now(&mut ctx.open_store()?, &args.name, kind, &p, false)?;
    ctx.emit(&Done::new("", pinged))
}

fn run_agents(ctx: &Context, args: &RunArgs) -> Outcome {
    let key = delivery_key(ctx);
    let fleet = fleet_of(&args.shared)?;
    let fleet = fleet.as_ref().map(|f| f as &dyn Fleet);
    if args.daemon {
        heartbeat::daemon(&ctx.db, key.as_ref(), &args.names, fleet)?;
        return Ok(0);
    }
    let now = super::now_ms(args.now.as_deref())?;
    let mut store = ctx.open_store()?;
    let agents = heartbeat::run_and_deliver(
        &mut store,
        (&ctx.db, key.as_ref()),
        (&args.names, args.force),
        fleet,
        now,
    )?;
    ctx.emit(&heartbeat::Evaluated { agents })
}

fn discover(ctx: &Context, args: DiscoverArgs) -> Outcome {
    let settings = AgentSettings::from(args.settings);
    let workspaces =
        heartbeat::discover(&mut ctx.open_store()?, &args.dir, &settings, args.dry_run)?;
    ctx.emit(&heartbeat::Discovered {
        dry_run: args.dry_run,
        workspaces,
    })
}

/// The master key for sending notifications, if one is configured and opens the DB; without
/// it they wait in the outbox (for `alert bridge`), which is not an error here.
fn delivery_key(ctx: &Context) -> Option<crate::crypto::MasterKey> {
    ctx.optional_key().ok().flatten()
}

fn save(ctx: &Context, args: AgentArgs, replace: bool) -> Outcome {
    if !replace && args.settings.schedule.is_none() {
        return Err(super::usage(
            "--schedule is required, e.g. --schedule '*/10 * * * *'",
        ));
    }
    let settings = AgentSettings::from(args.settings);
    let agent = heartbeat::save(&mut ctx.open_store()?, &args.name, settings, replace)?;
    ctx.emit(&heartbeat::Agent {
        verb: Some(if replace { "updated" } else { "added" }),
        agent,
        pings: Vec::new(),
    })
}
