//! The command line: clap structs, dispatch, rendering and exit codes. Thin on purpose: each
//! command resolves its inputs, calls one subsystem function and renders what comes back.

mod alert;
mod apply;
mod backup;
mod generate;
mod heartbeat;
pub mod help;
mod init;
mod inspect;
mod provider;
mod requests;
mod sidecar;

use std::io::{self, IsTerminal as _, Write as _};
use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};

use crate::config;
use crate::crypto::{MasterKey, Secret};
use crate::error::Error;
use crate::exit::Coded;
use crate::input;
use crate::logging::{self, LogFormat};
use crate::output::{self, Mode};

/// Operations toolkit: LLM key proxy, server checks, backups, alerts, heartbeats
#[derive(Debug, Parser)]
#[command(name = "bizwings", version, max_term_width = 100)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// The command tree with the examples table attached: what `--help`, the man pages and the
/// completions show.
pub fn command() -> clap::Command {
    use clap::CommandFactory as _;
    help::attach(Cli::command())
}

/// Parses the process arguments against [`command`].
pub fn parse() -> Result<Cli, clap::Error> {
    use clap::FromArgMatches as _;
    command()
        .try_get_matches()
        .and_then(|m| Cli::from_arg_matches(&m))
}

/// Flags every command takes.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// State database file [default: /var/lib/bizwings/bizwings.db as root, else
    /// $XDG_STATE_HOME/bizwings/bizwings.db]
    #[arg(
        long,
        global = true,
        env = "BIZWINGS_DB",
        hide_env_values = true,
        value_name = "PATH"
    )]
    pub db: Option<PathBuf>,

    /// File holding the 64-hex-character master key (mode 0600) [default: master.key beside
    /// the DB; BIZWINGS_MASTER_KEY may hold the key itself]
    #[arg(
        long,
        global = true,
        env = "BIZWINGS_MASTER_KEY_FILE",
        hide_env_values = true,
        value_name = "FILE"
    )]
    pub master_key_file: Option<PathBuf>,

    /// Print one machine-readable JSON document on stdout instead of tables
    #[arg(long, global = true)]
    pub json: bool,

    /// More log output on stderr (repeat for more)
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,

    /// Print nothing on success (failures and warnings still print); less log output on
    /// stderr (repeat for less)
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub quiet: u8,

    /// Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]
    #[arg(long, global = true, value_enum, value_name = "FORMAT")]
    pub log_format: Option<LogFormat>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create the state database and a master key file if missing
    Init(init::InitArgs),
    /// OpenAI-compatible multi-pool proxy in front of many provider keys
    #[command(subcommand)]
    Sidecar(sidecar::SidecarCommand),
    /// Manage upstream provider keys, pools and model mappings
    #[command(subcommand)]
    Provider(provider::ProviderCommand),
    /// Token, cost and error reports from the sidecar's accounting
    Usage(sidecar::UsageArgs),
    /// Cron-scheduled liveness and task-progress checks of agents and jobs
    #[command(subcommand)]
    Heartbeat(Box<heartbeat::HeartbeatCommand>),
    /// Server checklist over SSH on many hosts at once
    Inspect(inspect::InspectArgs),
    /// SQLite, MySQL and file backups with a checksummed catalog
    #[command(subcommand)]
    Backup(backup::BackupCommand),
    /// Alertmanager webhooks to Feishu cards
    #[command(subcommand)]
    Alert(alert::AlertCommand),
    /// Serve the state as Prometheus metrics (agents, their LLM calls, backups, inspect
    /// results, the alert outbox) and take heartbeat pings over HTTP
    Exporter(ExporterArgs),
    /// Converge the state to a TOML file (providers, clients, alerts, agents, backups, hosts)
    Apply(apply::ApplyArgs),
    /// Print the state as the TOML file `apply` takes (secrets by reference only)
    Export,
    /// Print a shell completion script to stdout
    Completions(generate::CompletionsArgs),
    /// Write completions and man pages (for packagers and the repo)
    #[command(hide = true)]
    Generate(generate::GenerateArgs),
}

/// How a command ends: the exit code of its report, or a failure that carries its own.
pub(crate) type Outcome = Result<u8, Failure>;

/// An error on its way out, with the exit code it stands for (decided by the error's own
/// [`Coded`] impl, not here).
#[derive(Debug)]
pub struct Failure {
    code: u8,
    error: anyhow::Error,
}

impl<E: Coded + std::error::Error + Send + Sync + 'static> From<E> for Failure {
    fn from(error: E) -> Self {
        Self {
            code: error.exit_code(),
            error: error.into(),
        }
    }
}

impl Failure {
    /// `error`, explained by `context` (`opening state db /x: …`), keeping its exit code.
    pub(crate) fn context<E>(error: E, context: impl std::fmt::Display) -> Self
    where
        E: Coded + std::error::Error + Send + Sync + 'static,
    {
        Self {
            code: error.exit_code(),
            error: anyhow::Error::new(error).context(context.to_string()),
        }
    }
}

/// Bad input found by the command line itself: exit code 64.
pub(crate) fn usage(message: impl Into<String>) -> Failure {
    Error::Invalid(message.into()).into()
}

/// Everything a command needs from the global flags.
pub(crate) struct Context {
    pub(crate) paths: config::Paths,
    pub(crate) mode: Mode,
    pub(crate) quiet: bool,
}

impl std::ops::Deref for Context {
    type Target = config::Paths;
    fn deref(&self) -> &config::Paths {
        &self.paths
    }
}

impl Context {
    /// Prints a report and returns its exit code.
    /// With `-q`, a human report of a success prints nothing (cron mails only what failed).
    pub(crate) fn emit<R: output::Report + ?Sized>(&self, report: &R) -> Outcome {
        if self.quiet && self.mode == Mode::Human && report.status().code() == 0 && !report.once() {
            return Ok(0);
        }
        Ok(output::emit(self.mode, report)?)
    }

    /// A password from the first line of stdin when `asked`, with the master key that will
    /// seal it.
    fn password_stdin(
        &self,
        asked: bool,
        what: &str,
    ) -> Result<Option<(Secret, MasterKey)>, Failure> {
        if !asked {
            return Ok(None);
        }
        let key = self.unlock()?.1;
        let [password] = input::secrets([(Some(input::SecretSource::Stdin), what)], &key)?;
        Ok(password.map(|p| (p, key)))
    }
}

impl Context {
    /// Where the state is and how to print, from the global flags.
    fn of(g: &GlobalArgs) -> Self {
        Self {
            paths: config::Paths {
                db: config::db_path(g.db.as_deref()),
                key_file: g.master_key_file.clone(),
            },
            mode: if g.json { Mode::Json } else { Mode::Human },
            quiet: g.quiet > 0,
        }
    }
}

/// Whether the command is a long-running server, which logs at info by default.
fn is_server(command: &Command) -> bool {
    match command {
        Command::Sidecar(_)
        | Command::Alert(alert::AlertCommand::Bridge(_))
        | Command::Exporter(_) => true,
        Command::Heartbeat(h) => match &**h {
            heartbeat::HeartbeatCommand::Exporter(_) => true,
            heartbeat::HeartbeatCommand::Run(r) => r.daemon,
            _ => false,
        },
        _ => false,
    }
}

/// Runs a parsed command line and returns the process exit code.
pub fn run(cli: Cli) -> u8 {
    let g = &cli.global;
    let format = g.log_format.unwrap_or_else(log_format_from_env);
    let level = if is_server(&cli.command) {
        tracing::Level::INFO
    } else {
        tracing::Level::WARN
    };
    logging::init(format, level, g.verbose, g.quiet);
    let ctx = Context::of(g);
    let result = match cli.command {
        Command::Init(args) => init::run(&ctx, &args),
        Command::Provider(cmd) => provider::run(&ctx, cmd),
        Command::Completions(args) => generate::completions(&args),
        Command::Generate(args) => generate::run(&args),
        Command::Sidecar(cmd) => sidecar::run(&ctx, cmd),
        Command::Usage(args) => sidecar::usage(&ctx, &args),
        Command::Heartbeat(cmd) => heartbeat::run(&ctx, *cmd),
        Command::Inspect(args) => inspect::run(&ctx, args),
        Command::Backup(cmd) => backup::run(&ctx, cmd),
        Command::Alert(cmd) => alert::run(&ctx, cmd),
        Command::Exporter(args) => exporter(&ctx, &args),
        Command::Apply(args) => apply::run(&ctx, &args),
        Command::Export => apply::export(&ctx),
    };
    match result {
        Ok(code) => code,
        Err(failure) if is_broken_pipe(&failure.error) => 0,
        Err(failure) => {
            output::error(ctx.mode, &format!("{:#}", failure.error), failure.code);
            failure.code
        }
    }
}

/// `bizwings exporter` and `heartbeat exporter`.
#[derive(Debug, Args)]
pub struct ExporterArgs {
    /// Listen address; pings beyond loopback need a ping key (BIZWINGS_PING_KEY or
    /// `heartbeat ping-key --rotate`)
    #[arg(long, default_value = "127.0.0.1:9999")]
    pub listen: std::net::SocketAddr,
    /// Scrapes within this of the last one get the same values (the DB is read at most once
    /// per interval)
    #[arg(long, value_name = "DURATION", default_value = "5s", value_parser = parse_duration)]
    pub min_interval: Duration,
    /// A ping with ?create=1 creates an unknown job (daily, 1h grace, UTC) instead of 404
    #[arg(long)]
    pub ping_create: bool,
    /// Serve an SVG status badge per agent (/badge/NAME.svg) and for all (/badge.svg), without
    /// a key: anyone who can reach the listener sees the states
    #[arg(long)]
    pub badges: bool,
}

fn exporter(ctx: &Context, args: &ExporterArgs) -> Outcome {
    let key = std::env::var("BIZWINGS_PING_KEY")
        .ok()
        .filter(|k| !k.trim().is_empty())
        .map(|k| Secret::new(k.trim().to_owned()));
    crate::exporter::serve(
        ctx.open_store()?,
        args.listen,
        key,
        crate::exporter::Options {
            min_interval: args.min_interval,
            ping_create: args.ping_create,
            badges: args.badges,
        },
    )?;
    Ok(0)
}

fn log_format_from_env() -> LogFormat {
    use clap::ValueEnum as _;
    ["BIZWINGS_LOG_FORMAT", "LOG_FORMAT"]
        .iter()
        .find_map(|name| std::env::var(name).ok())
        .and_then(|v| LogFormat::from_str(&v.to_ascii_lowercase(), true).ok())
        .unwrap_or(LogFormat::Auto)
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|c| {
        c.downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}

/// `… rm`: asks about `what` (unless `yes`), removes it and says `said`.
pub(crate) fn remove<T: serde::Serialize, E>(
    ctx: &Context,
    (yes, what, said): (bool, String, String),
    removed: T,
    remove: impl FnOnce(&mut crate::state::Store) -> Result<(), E>,
) -> Outcome
where
    Failure: From<E>,
{
    confirm_removal(yes, &what)?;
    remove(&mut ctx.open_store()?)?;
    ctx.emit(&output::Done::new(said, output::Removed { removed }))
}

/// Asks before a removal: `yes` skips the question; without a terminal to ask on, refuses.
pub(crate) fn confirm_removal(yes: bool, what: &str) -> Result<(), Failure> {
    confirm(yes, &format!("remove {what}"), "not removed")
}

/// Asks "`action`? [y/N]" on the terminal; `yes` skips it; without a terminal, refuses.
pub(crate) fn confirm(yes: bool, action: &str, declined: &str) -> Result<(), Failure> {
    if yes {
        return Ok(());
    }
    if !io::stdin().is_terminal() {
        return Err(Error::Refused(format!(
            "refusing to {action} without --yes (stdin is not a terminal)"
        ))
        .into());
    }
    let mut err = io::stderr().lock();
    write!(err, "{action}? [y/N] ")?;
    err.flush()?;
    let mut answer = String::new();
    io::stdin().read_line(&mut answer)?;
    if answer.trim_start().starts_with(['y', 'Y']) {
        Ok(())
    } else {
        Err(Error::Refused(declined.into()).into())
    }
}

/// A duration with its unit: `30s`, `200ms`, `5m` (`0` alone needs none). A bare number is
/// refused: `--grace 5` silently meaning 5 seconds surprised people who meant minutes.
pub(crate) fn parse_duration(text: &str) -> Result<Duration, String> {
    if text.trim() == "0" {
        return Ok(Duration::ZERO);
    }
    if text.trim().parse::<f64>().is_ok() {
        return Err(format!(
            "{text:?} has no unit: write {t}s, {t}m or {t}h",
            t = text.trim()
        ));
    }
    humantime::parse_duration(text).map_err(|e| format!("{text:?}: {e} (e.g. 30s, 200ms, 5m)"))
}

/// `--now RFC3339` (hidden, for tests and what-ifs), else the clock.
pub(crate) fn now_ms(text: Option<&str>) -> Result<i64, Failure> {
    match text {
        None => Ok(crate::state::now_ms()),
        Some(t) => Ok(chrono::DateTime::parse_from_rfc3339(t)
            .map_err(|e| usage(format!("--now {t:?}: {e}")))?
            .timestamp_millis()),
    }
}
