//! `bizwings sidecar serve` and `bizwings usage`.

use std::net::SocketAddr;
use std::time::Duration;

use clap::{Args, Subcommand};

use super::{Context, Outcome, parse_duration, usage as usage_error};
use crate::sidecar::config::{DEFAULT_FLEET, Overrides, SharedUrl};
use crate::sidecar::{self, Sidecar};
use crate::state::clients::Budget;
use crate::state::usage::Grouping;
use crate::{admin, backup, provider};

#[derive(Debug, Subcommand)]
pub enum SidecarCommand {
    /// Serve the OpenAI-compatible proxy on /v1/* (and /health)
    Serve(Box<ServeArgs>),
    /// Client tokens for /v1 (once one exists, every request needs one)
    #[command(subcommand)]
    Client(ClientCommand),
    /// The request log: who asked for what, each attempt and why the sidecar moved on
    Requests(Box<super::requests::RequestsArgs>),
    /// One logged request with its attempt chain, by its x-request-id
    Request {
        /// The request id (x-request-id, as the response carried it)
        id: String,
    },
    /// The live sidecars of a fleet (shared mode), read from its Redis
    Fleet(SharedArgs),
    /// Create the admin API token of the dashboard (stored hashed; printed once)
    AdminToken {
        /// Replace the current token (the old one stops working)
        #[arg(long)]
        rotate: bool,
    },
}

/// A duration, or `off`.
#[derive(Debug, Clone, Copy)]
pub struct OptionalDuration(Option<Duration>);

fn parse_optional_duration(text: &str) -> Result<OptionalDuration, String> {
    if text == "off" {
        return Ok(OptionalDuration(None));
    }
    parse_duration(text).map(|d| OptionalDuration(Some(d)))
}

/// `--metrics-listen`: an address, or `off`.
#[derive(Debug, Clone, Copy)]
pub struct MetricsListen(Option<SocketAddr>);

fn parse_metrics_listen(text: &str) -> Result<MetricsListen, String> {
    if text == "off" {
        return Ok(MetricsListen(None));
    }
    text.parse()
        .map(|a| MetricsListen(Some(a)))
        .map_err(|e| format!("{text:?}: {e} (an address like 127.0.0.1:9191, or off)"))
}

#[derive(Debug, Args)]
#[expect(
    clippy::struct_excessive_bools,
    reason = "on/off flags of the command line, each its own"
)]
pub struct ServeArgs {
    /// Address of the proxy [default: 127.0.0.1:9190, or SIDECAR_HOST:SIDECAR_PORT]
    #[arg(
        long,
        env = "BIZWINGS_SIDECAR_LISTEN",
        hide_env_values = true,
        value_name = "ADDR"
    )]
    pub listen: Option<SocketAddr>,
    /// Address of the Prometheus /metrics listener, or "off" [default: 127.0.0.1:9191]
    #[arg(long, env = "BIZWINGS_SIDECAR_METRICS_LISTEN", hide_env_values = true, value_name = "ADDR", value_parser = parse_metrics_listen)]
    pub metrics_listen: Option<MetricsListen>,
    /// First 429 cooldown; it doubles with each 429 in a row [default: 30s]
    #[arg(long, env = "BIZWINGS_SIDECAR_COOLDOWN_BASE", hide_env_values = true, value_name = "DURATION", value_parser = parse_duration)]
    pub cooldown_base: Option<Duration>,
    /// Longest 429 cooldown [default: 600s]
    #[arg(long, env = "BIZWINGS_SIDECAR_COOLDOWN_MAX", hide_env_values = true, value_name = "DURATION", value_parser = parse_duration)]
    pub cooldown_max: Option<Duration>,
    /// Upstream attempts per request, across providers [default: 5]
    #[arg(long, env = "BIZWINGS_SIDECAR_MAX_RETRIES", hide_env_values = true, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=50))]
    pub max_retries: Option<u32>,
    /// Requests that may wait for a rate-limited provider at once [default: 500]
    #[arg(
        long,
        env = "BIZWINGS_SIDECAR_QUEUE_MAX_DEPTH",
        hide_env_values = true,
        value_name = "N"
    )]
    pub queue_max_depth: Option<usize>,
    /// How long a request may wait in the queue [default: 30s]
    #[arg(long, env = "BIZWINGS_SIDECAR_QUEUE_TIMEOUT", hide_env_values = true, value_name = "DURATION", value_parser = parse_duration)]
    pub queue_timeout: Option<Duration>,
    /// Share of a provider's RPM still used while every provider is cooling [default: 0.1]
    #[arg(
        long,
        env = "BIZWINGS_SIDECAR_EMERGENCY_RPM_FRACTION",
        hide_env_values = true,
        value_name = "FRACTION"
    )]
    pub emergency_rpm_fraction: Option<f64>,
    /// Largest request body accepted, in bytes [default: 10485760]
    #[arg(
        long,
        env = "BIZWINGS_SIDECAR_MAX_BODY_BYTES",
        hide_env_values = true,
        value_name = "BYTES"
    )]
    pub max_body_bytes: Option<usize>,
    /// How often provider changes are looked for [default: 1s]
    #[arg(long, env = "BIZWINGS_SIDECAR_RELOAD_INTERVAL", hide_env_values = true, value_name = "DURATION", value_parser = parse_duration)]
    pub reload_interval: Option<Duration>,
    /// How often each provider is probed with GET <base>/models, or "off" [default: 60s]
    #[arg(long, env = "BIZWINGS_SIDECAR_HEALTH_INTERVAL", hide_env_values = true, value_name = "DURATION", value_parser = parse_optional_duration)]
    pub health_interval: Option<OptionalDuration>,
    /// Directory of the daily online backup of the state DB, or "off" [default: backups/ beside the DB]
    #[arg(
        long,
        env = "BIZWINGS_SIDECAR_BACKUP_DIR",
        hide_env_values = true,
        value_name = "DIR"
    )]
    pub backup_dir: Option<String>,
    /// Daily backups kept [default: 7]
    #[arg(long, env = "BIZWINGS_SIDECAR_BACKUP_KEEP_DAYS", hide_env_values = true, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub backup_keep_days: Option<u32>,
    /// How long the request log keeps each request (`sidecar requests`), or "off" [default: 7d]
    #[arg(long, env = "BIZWINGS_SIDECAR_REQUEST_LOG", hide_env_values = true, value_name = "DURATION", value_parser = parse_optional_duration)]
    pub request_log: Option<OptionalDuration>,
    /// What the request log may take in the DB, in bytes (the oldest go first) [default: 1073741824]
    #[arg(
        long,
        env = "BIZWINGS_SIDECAR_REQUEST_LOG_MAX_BYTES",
        hide_env_values = true,
        value_name = "BYTES"
    )]
    pub request_log_max_bytes: Option<u64>,
    /// Send a span per request (and per upstream attempt) to this OpenTelemetry collector, as
    /// OTLP/HTTP protobuf: its base URL, e.g. http://127.0.0.1:4318 (/v1/traces is added)
    #[arg(
        long,
        env = "BIZWINGS_SIDECAR_OTLP_ENDPOINT",
        hide_env_values = true,
        value_name = "URL"
    )]
    pub otlp_endpoint: Option<String>,
    /// Serve /v1 on a non-loopback address even without client tokens
    #[arg(long)]
    pub allow_unauthenticated: bool,
    /// Try it without a key: two in-process providers, demo and demo-backup, answer the
    /// models demo-chat and demo-embed (creates the state DB if there is none)
    #[arg(long)]
    pub demo: bool,
    /// With --demo: percent of the demo provider's answers that are 429, to watch failover
    /// and cooldowns [default: 0]
    #[arg(long, value_name = "PERCENT", requires = "demo", value_parser = clap::value_parser!(u8).range(0..=100))]
    pub demo_429: Option<u8>,
    /// A client must send a whole request header within this; an idle keep-alive connection
    /// is closed after it too [default: 30s]
    #[arg(long, env = "BIZWINGS_SIDECAR_HEADER_TIMEOUT", hide_env_values = true, value_name = "DURATION", value_parser = parse_duration)]
    pub header_timeout: Option<Duration>,
    /// Longest pause between two chunks of a request body before it is cut with 408 [default: 30s]
    #[arg(long, env = "BIZWINGS_SIDECAR_BODY_TIMEOUT", hide_env_values = true, value_name = "DURATION", value_parser = parse_duration)]
    pub body_timeout: Option<Duration>,
    /// Connections served at once; more wait for a free slot [default: 1024]
    #[arg(long, env = "BIZWINGS_SIDECAR_MAX_CONNECTIONS", hide_env_values = true, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub max_connections: Option<u32>,
    /// Bytes of request bodies held in memory at once, across requests; beyond it, 503 [default: 67108864]
    #[arg(
        long,
        env = "BIZWINGS_SIDECAR_MAX_BUFFERED_BYTES",
        hide_env_values = true,
        value_name = "BYTES"
    )]
    pub max_buffered_bytes: Option<usize>,
    /// Host name browsers may use to reach /v1, besides loopback and the listen address (repeatable)
    #[arg(
        long = "allowed-host",
        env = "BIZWINGS_SIDECAR_ALLOWED_HOSTS",
        value_delimiter = ',',
        value_name = "HOST"
    )]
    pub allowed_hosts: Vec<String>,
    /// Web origin whose pages may call /v1, e.g. https://app.example.com, or * (repeatable)
    #[arg(
        long = "allowed-origin",
        env = "BIZWINGS_SIDECAR_ALLOWED_ORIGINS",
        value_delimiter = ',',
        value_name = "ORIGIN"
    )]
    pub allowed_origins: Vec<String>,
    /// A /v1 path besides the routed ones (chat, completions, embeddings, responses, messages)
    /// to pass to a provider unpriced, with everything under it, e.g. /v1/files (repeatable).
    /// Others get 404. A client with budgets needs --allow-passthrough for them
    #[arg(
        long = "passthrough",
        env = "BIZWINGS_SIDECAR_PASSTHROUGH",
        value_delimiter = ',',
        value_name = "PATH"
    )]
    pub passthrough_paths: Vec<String>,
    #[command(flatten)]
    pub shared: SharedArgs,
    /// While Redis is away, refuse requests (503) instead of routing on local limits of RPM ÷ sidecars
    #[arg(long)]
    pub shared_required: bool,
    /// Admit every budgeted request in Redis one by one, instead of leasing this sidecar a
    /// slice of each busy client's budget to admit against (then each request costs Redis an
    /// admission and a settlement besides its pick, and the fleet's count is current to the
    /// request rather than to a quarter second)
    #[arg(long)]
    pub shared_exact_budgets: bool,
    /// Longest a Redis call may hold a request before this sidecar routes on local limits for a
    /// second; raise it when Redis is across a slow link [default: 50ms]
    #[arg(long, env = "BIZWINGS_SHARED_TIMEOUT", hide_env_values = true, value_name = "DURATION", value_parser = parse_duration)]
    pub shared_timeout: Option<Duration>,
    /// How long in-flight requests may run on after SIGTERM [default: 30s]
    #[arg(long, env = "BIZWINGS_SIDECAR_SHUTDOWN_GRACE", hide_env_values = true, value_name = "DURATION", value_parser = parse_duration)]
    pub shutdown_grace: Option<Duration>,
}

pub(super) fn run(ctx: &Context, cmd: SidecarCommand) -> Outcome {
    match cmd {
        SidecarCommand::Serve(args) => serve(ctx, &args),
        SidecarCommand::Client(ClientCommand::Add { name, limits }) => ctx.emit(
            &sidecar::clients::add(&mut ctx.open_store()?, &name, &limits.into())?,
        ),
        SidecarCommand::Client(ClientCommand::Set { name, limits }) => ctx.emit(
            &sidecar::clients::set(&mut ctx.open_store()?, &name, &limits.into())?,
        ),
        SidecarCommand::Client(ClientCommand::List) => {
            ctx.emit(&sidecar::clients::list(&mut ctx.open_store()?)?)
        }
        SidecarCommand::Client(ClientCommand::Rm { name, yes }) => {
            let what = format!("client {name:?} (its token stops working)");
            let said = format!("removed client {name}");
            super::remove(ctx, (yes, what, said), &name, |s| {
                sidecar::clients::remove(s, &name)
            })
        }
        SidecarCommand::Requests(args) => super::requests::list(ctx, &args),
        SidecarCommand::Request { id } => super::requests::show(ctx, &id),
        SidecarCommand::Fleet(args) => {
            let url = args.url()?.ok_or_else(|| {
                usage_error("give the fleet's Redis with --shared or BIZWINGS_SHARED_URL")
            })?;
            ctx.emit(&sidecar::fleet(&url, args.fleet_name())?)
        }
        SidecarCommand::AdminToken { rotate } => {
            ctx.emit(&admin::create_token(&mut ctx.open_store()?, rotate)?)
        }
    }
}

/// The proxy, with the admin API and dashboard on its listener and the daily copy of the state
/// DB on its maintenance tick.
fn serve(ctx: &Context, args: &ServeArgs) -> Outcome {
    if args.demo && !ctx.db.exists() {
        crate::config::init(&ctx.db, ctx.key_file.as_deref())?;
    }
    let (mut store, key) = ctx.unlock()?;
    if args.demo {
        let upstreams = sidecar::demo::start(args.demo_429.unwrap_or(0))
            .map_err(|e| super::Failure::context(e, "cannot start the demo upstream"))?;
        provider::ensure_demo(&mut store, &key, upstreams, &sidecar::demo::MODELS)?;
    }
    let overrides = overrides(args)?;
    let sidecar = Sidecar::start(&mut store, key.clone(), ctx.paths.clone(), &overrides)?;
    let admin = admin::router(admin::open(&ctx.db, sidecar.master_key())?, sidecar.app());
    let mut chores: Vec<sidecar::Chore> = Vec::new();
    if let (Some(dir), keep_days) = sidecar.backup_plan() {
        let db = ctx.db.clone();
        chores.push(Box::new(move || {
            if let Err(err) = backup::daily_state_copy(&db, &dir, keep_days) {
                tracing::error!(error = %err, "daily backup of the state DB failed; will retry within the hour");
            }
        }));
    }
    sidecar.serve(admin, chores)?;
    if args.demo {
        let demo = [sidecar::demo::PRIMARY, sidecar::demo::FALLBACK];
        provider::retire_demo(&mut store, &key, demo)?;
    }
    Ok(0)
}

/// What the flags of `serve` say; the rest comes from the DB's settings and the defaults.
fn overrides(args: &ServeArgs) -> Result<Overrides, super::Failure> {
    Ok(Overrides {
        listen: args.listen,
        metrics_listen: args.metrics_listen.map(|m| m.0),
        cooldown_base: args.cooldown_base,
        cooldown_max: args.cooldown_max,
        max_retries: args.max_retries,
        queue_max_depth: args.queue_max_depth,
        queue_timeout: args.queue_timeout,
        emergency_rpm_fraction: args.emergency_rpm_fraction,
        max_body_bytes: args.max_body_bytes,
        reload_interval: args.reload_interval,
        shutdown_grace: args.shutdown_grace,
        allow_unauthenticated: args.allow_unauthenticated,
        health_interval: args.health_interval.map(|d| d.0),
        backup_dir: args
            .backup_dir
            .as_deref()
            .map(|d| (d != "off").then(|| std::path::PathBuf::from(d))),
        backup_keep_days: args.backup_keep_days,
        header_timeout: args.header_timeout,
        body_timeout: args.body_timeout,
        max_connections: args.max_connections.map(|n| n as usize),
        max_buffered_bytes: args.max_buffered_bytes,
        allowed_hosts: args.allowed_hosts.clone(),
        allowed_origins: args.allowed_origins.clone(),
        passthrough_paths: args.passthrough_paths.clone(),
        shared_url: args.shared.url()?,
        fleet: args.shared.fleet.clone(),
        shared_required: args.shared_required,
        shared_exact_budgets: args.shared_exact_budgets,
        shared_timeout: args.shared_timeout,
        request_log: args.request_log.map(|d| d.0),
        request_log_max_bytes: args.request_log_max_bytes,
        otlp_endpoint: args.otlp_endpoint.clone(),
    })
}

/// Where a fleet shares its limits: the flags of `serve` and `fleet`.
#[derive(Debug, Args)]
pub struct SharedArgs {
    /// Share each provider's limits and cooldowns with every sidecar of the fleet through this
    /// Redis (or Valkey): redis://HOST:6379/0 or rediss://… A password belongs in
    /// BIZWINGS_SHARED_URL or --shared-url-file, never on the command line
    #[arg(
        long = "shared",
        env = "BIZWINGS_SHARED_URL",
        hide_env_values = true,
        value_name = "URL"
    )]
    pub url: Option<String>,
    /// Read the shared-mode Redis URL from this file (mode 0600 if it holds a password)
    #[arg(long = "shared-url-file", value_name = "FILE", conflicts_with = "url")]
    pub url_file: Option<std::path::PathBuf>,
    /// Name of the fleet: sidecars with the same name share limits [default: bizwings]
    #[arg(
        long,
        env = "BIZWINGS_FLEET",
        hide_env_values = true,
        value_name = "NAME"
    )]
    pub fleet: Option<String>,
}

impl SharedArgs {
    /// The fleet's name, or the default.
    pub(super) fn fleet_name(&self) -> &str {
        self.fleet.as_deref().unwrap_or(DEFAULT_FLEET)
    }

    /// The Redis URL of `--shared`, `BIZWINGS_SHARED_URL` or `--shared-url-file`.
    pub(super) fn url(&self) -> Result<Option<String>, super::Failure> {
        let shared = SharedUrl {
            given: self.url.clone(),
            file: self.url_file.clone(),
        };
        Ok(shared.resolve()?)
    }
}

#[derive(Debug, Subcommand)]
pub enum ClientCommand {
    /// Create a client token for NAME and print it once (only its hash is stored)
    Add {
        /// Client name (an agent, a team)
        name: String,
        #[command(flatten)]
        limits: ClientLimitArgs,
    },
    /// Change a client's request rate or budgets (running sidecars apply it within a second)
    Set {
        /// Client name
        name: String,
        #[command(flatten)]
        limits: ClientLimitArgs,
    },
    /// List clients, their limits and what they used of their budgets
    List,
    /// Remove a client: its token stops working within a second
    Rm {
        /// Client name
        name: String,
        /// Do not ask for confirmation (required when stdin is not a terminal)
        #[arg(long, short)]
        yes: bool,
    },
}

#[derive(Debug, Args)]
pub struct ClientLimitArgs {
    /// A budget per UTC period: AMOUNT UNIT/PERIOD, e.g. 20usd/day, $0.50/hour,
    /// 2M-tokens/month (repeatable; replaces the budget of the same unit and period). Over
    /// it, requests get 429 `budget_exceeded` until the period renews
    #[arg(long = "budget", value_name = "BUDGET")]
    pub budgets: Vec<Budget>,
    /// Remove every budget first (with --budget: replace them all)
    #[arg(long)]
    pub clear_budgets: bool,
    /// Requests per minute this client may send (0: no limit); over it, 429 `client_rate_limited`
    #[arg(long, value_name = "N")]
    pub rpm: Option<u32>,
    /// Let this client through the /v1 paths the sidecar passes unpriced (`serve --passthrough`:
    /// files, audio, batches…) although it has a budget; without it they get 403
    /// `passthrough_refused` [default: false]
    #[arg(long, value_name = "BOOL", num_args = 0..=1, default_missing_value = "true")]
    pub allow_passthrough: Option<bool>,
    /// Keep this client's request and answer bodies in the request log (16 KiB each, bearer
    /// tokens, provider keys and bizwings tokens redacted; streamed answers are not kept)
    /// [default: false]
    #[arg(long, value_name = "BOOL", num_args = 0..=1, default_missing_value = "true")]
    pub log_bodies: Option<bool>,
}

impl From<ClientLimitArgs> for sidecar::clients::Limits {
    fn from(a: ClientLimitArgs) -> Self {
        Self {
            rpm: a.rpm,
            clear_budgets: a.clear_budgets,
            budgets: a.budgets,
            passthrough: a.allow_passthrough,
            log_bodies: a.log_bodies,
        }
    }
}

#[derive(Debug, Args)]
pub struct UsageArgs {
    /// Report the last N hours [default: 24, or 720 with --daily]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=87_600))]
    pub hours: Option<u32>,
    /// One row per UTC day instead of per hour
    #[arg(long)]
    pub daily: bool,
    /// Sum over models (provider) or over providers (model) [default: both]
    #[arg(long, value_enum)]
    pub by: Option<Grouping>,
}

pub(super) fn usage(ctx: &Context, args: &UsageArgs) -> Outcome {
    let hours = args.hours.unwrap_or(if args.daily { 720 } else { 24 });
    let grouping = args.by.unwrap_or(Grouping::ProviderAndModel);
    let mut store = ctx.open_store()?;
    ctx.emit(&sidecar::usage::report(
        &mut store, hours, args.daily, grouping,
    )?)
}
