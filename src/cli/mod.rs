//! The command line: clap structs, dispatch, rendering and exit codes. Thin on purpose: each
//! command resolves its inputs, calls one subsystem function and renders what comes back.

mod alert;
mod backup;
mod generate;
mod heartbeat;
mod init;
mod inspect;
mod provider;
mod sidecar;

use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use clap::{Args, Parser, Subcommand};

use crate::crypto::{KeySource, MasterKey};
use crate::exit::{self, Status};
use crate::logging::{self, LogFormat};
use crate::output::{self, Mode};
use crate::state::{self, Store};
use crate::{config, crypto};

const LONG_ABOUT: &str = "\
One binary for the ops chores of a small team running LLM-backed agents: an OpenAI-compatible
proxy in front of many provider keys, server inspection over SSH, backups, an Alertmanager to
Feishu bridge and heartbeat checks, all sharing one SQLite state file.

Start with `bizwings init`, then `bizwings provider add`.

Exit codes: 0 ok, 1 warning, 2 critical or failed, 3 unknown (could not find out, internal
error), 64 usage error.";

/// Operations toolkit: LLM key proxy, server checks, backups, alerts, heartbeats
#[derive(Debug, Parser)]
#[command(name = "bizwings", version, long_about = LONG_ABOUT, max_term_width = 100)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
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

    /// Less log output on stderr (repeat for less)
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub quiet: u8,

    /// Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]
    #[arg(long, global = true, value_enum, value_name = "FORMAT")]
    pub log_format: Option<LogFormat>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create the state database and a master key file if missing
    #[command(long_about = init::LONG_ABOUT)]
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
    Heartbeat(heartbeat::HeartbeatCommand),
    /// Server checklist over SSH on many hosts at once
    Inspect(inspect::InspectArgs),
    /// SQLite, MySQL and file backups with a checksummed catalog
    #[command(subcommand)]
    Backup(backup::BackupCommand),
    /// Alertmanager webhooks to Feishu cards
    #[command(subcommand)]
    Alert(alert::AlertCommand),
    /// Print a shell completion script to stdout
    Completions(generate::CompletionsArgs),
    /// Write completions and man pages (for packagers and the repo)
    #[command(hide = true)]
    Generate(generate::GenerateArgs),
}

/// A command line that parsed but makes no sense: exit code 64.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// Everything a command needs from the global flags.
pub(crate) struct Context {
    pub(crate) db: PathBuf,
    pub(crate) master_key_file: Option<PathBuf>,
    pub(crate) mode: Mode,
}

impl Context {
    pub(crate) fn open_store(&self) -> anyhow::Result<Store> {
        Store::open(&self.db).with_context(|| format!("opening state db {}", self.db.display()))
    }

    /// The configured master key, or an error that says how to configure one.
    pub(crate) fn master_key(&self) -> anyhow::Result<(MasterKey, KeySource)> {
        config::master_key(self.master_key_file.as_deref(), &self.db)?.ok_or_else(|| {
            anyhow::Error::new(NoMasterKey {
                default: config::default_key_file(&self.db),
            })
        })
    }

    /// The master key when one is configured (checked against the DB), else `None`: for
    /// commands where only some records need it (stored passwords).
    pub(crate) fn optional_key(&self) -> anyhow::Result<Option<MasterKey>> {
        if config::master_key(self.master_key_file.as_deref(), &self.db)?.is_none() {
            return Ok(None);
        }
        Ok(Some(self.unlock()?.1))
    }

    /// Opens the store and checks the master key against it.
    pub(crate) fn unlock(&self) -> anyhow::Result<(Store, MasterKey)> {
        let (key, source) = self.master_key()?;
        let mut store = self.open_store()?;
        config::unlock(&mut store, &key).with_context(|| format!("master key from {source}"))?;
        Ok((store, key))
    }
}

#[derive(Debug, thiserror::Error)]
#[error(
    "no master key configured: run `bizwings init` to create {}, or set BIZWINGS_MASTER_KEY_FILE / BIZWINGS_MASTER_KEY",
    default.display()
)]
struct NoMasterKey {
    default: PathBuf,
}

/// Runs a parsed command line and returns the process exit code.
pub fn run(cli: Cli) -> u8 {
    let g = &cli.global;
    let server = matches!(cli.command, Command::Sidecar(_))
        || matches!(cli.command, Command::Alert(alert::AlertCommand::Bridge(_)))
        || matches!(
            &cli.command,
            Command::Heartbeat(heartbeat::HeartbeatCommand::Exporter { .. })
        )
        || matches!(&cli.command, Command::Heartbeat(heartbeat::HeartbeatCommand::Run(r)) if r.daemon);
    let format = g.log_format.unwrap_or_else(log_format_from_env);
    let level = if server {
        tracing::Level::INFO
    } else {
        tracing::Level::WARN
    };
    logging::init(format, level, g.verbose, g.quiet);
    let ctx = Context {
        db: config::db_path(g.db.as_deref()),
        master_key_file: g.master_key_file.clone(),
        mode: if g.json { Mode::Json } else { Mode::Human },
    };
    let result = match cli.command {
        Command::Init(args) => init::run(&ctx, &args),
        Command::Provider(cmd) => provider::run(&ctx, cmd),
        Command::Completions(args) => generate::completions(&args),
        Command::Generate(args) => generate::run(&args),
        Command::Sidecar(cmd) => sidecar::run(&ctx, cmd),
        Command::Usage(args) => sidecar::usage(&ctx, &args),
        Command::Heartbeat(cmd) => heartbeat::run(&ctx, cmd),
        Command::Inspect(args) => inspect::run(&ctx, args, g.quiet > 0),
        Command::Backup(cmd) => backup::run(&ctx, cmd, g.quiet > 0),
        Command::Alert(cmd) => alert::run(&ctx, cmd),
    };
    match result {
        Ok(code) => code,
        Err(err) if is_broken_pipe(&err) => 0,
        Err(err) => {
            let code = exit_code(&err);
            report_error(&err, ctx.mode, code);
            code
        }
    }
}

fn log_format_from_env() -> LogFormat {
    use clap::ValueEnum as _;
    ["BIZWINGS_LOG_FORMAT", "LOG_FORMAT"]
        .iter()
        .find_map(|name| std::env::var(name).ok())
        .and_then(|v| LogFormat::from_str(&v.to_ascii_lowercase(), true).ok())
        .unwrap_or(LogFormat::Auto)
}

/// Maps an error to its exit code: 64 for bad input, 2 for a refused or failed action, 3 when
/// we could not find out (internal, I/O, DB busy or corrupt).
fn exit_code(err: &anyhow::Error) -> u8 {
    fn state_code(e: &state::Error) -> u8 {
        match e {
            state::Error::Conflict(_) | state::Error::NotFound(_) | state::Error::WrongKey => {
                Status::Critical.code()
            }
            _ => Status::Unknown.code(),
        }
    }
    // `#[error(transparent)]` wrappers hide their inner error from the chain: match them too.
    for cause in err.chain() {
        if cause.is::<UsageError>() {
            return exit::USAGE;
        }
        if cause.is::<NoMasterKey>() || cause.is::<crypto::Error>() {
            return Status::Critical.code();
        }
        if let Some(e) = cause.downcast_ref::<crate::provider::Error>() {
            return match e {
                crate::provider::Error::Invalid(_) => exit::USAGE,
                crate::provider::Error::State(s) => state_code(s),
                crate::provider::Error::Crypto(_) => Status::Critical.code(),
                crate::provider::Error::BackupFile { .. } => Status::Unknown.code(),
            };
        }
        if let Some(e) = cause.downcast_ref::<crate::notify::Error>() {
            return match e {
                crate::notify::Error::Invalid(_) => exit::USAGE,
                crate::notify::Error::State(s) => state_code(s),
                crate::notify::Error::Crypto(_) => Status::Critical.code(),
                crate::notify::Error::Delivery(_) => Status::Unknown.code(),
            };
        }
        if let Some(e) = cause.downcast_ref::<crate::inspect::Error>() {
            return match e {
                crate::inspect::Error::Invalid(_) => exit::USAGE,
                crate::inspect::Error::State(s) => state_code(s),
                crate::inspect::Error::Crypto(_) => Status::Critical.code(),
            };
        }
        if let Some(e) = cause.downcast_ref::<crate::sidecar::Error>() {
            return match e {
                crate::sidecar::Error::Unauthenticated(_) | crate::sidecar::Error::Config(_) => {
                    exit::USAGE
                }
                crate::sidecar::Error::State(s) => state_code(s),
                _ => Status::Unknown.code(),
            };
        }
        if let Some(e) = cause.downcast_ref::<crate::heartbeat::Error>() {
            return match e {
                crate::heartbeat::Error::Invalid(_) => exit::USAGE,
                crate::heartbeat::Error::State(s) => state_code(s),
            };
        }
        if let Some(e) = cause.downcast_ref::<crate::backup::Error>() {
            return match e {
                crate::backup::Error::Invalid(_) => exit::USAGE,
                crate::backup::Error::State(s) => state_code(s),
                crate::backup::Error::Crypto(_) => Status::Critical.code(),
            };
        }
        if let Some(e) = cause.downcast_ref::<state::Error>() {
            return state_code(e);
        }
    }
    Status::Unknown.code()
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|c| {
        c.downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}

/// Prints `error: …` (with its causes) on stderr; under `--json` also a JSON document on
/// stdout, so scripts always get `"status"`.
fn report_error(err: &anyhow::Error, mode: Mode, code: u8) {
    let message = format!("{err:#}");
    let _ = writeln!(io::stderr().lock(), "error: {message}");
    if mode == Mode::Json {
        let status = if code == Status::Critical.code() {
            "critical"
        } else if code == exit::USAGE {
            "usage"
        } else {
            "unknown"
        };
        let _ = output::json(&serde_json::json!({
            "status": status,
            "exit_code": code,
            "error": message,
        }));
    }
}

/// Asks a yes/no question on the terminal; `false` unless the answer starts with y.
pub(crate) fn confirm(question: &str) -> io::Result<bool> {
    let mut err = io::stderr().lock();
    write!(err, "{question} [y/N] ")?;
    err.flush()?;
    let mut answer = String::new();
    io::stdin().read_line(&mut answer)?;
    Ok(answer.trim_start().starts_with(['y', 'Y']))
}

/// Shows a path for messages.
pub(crate) fn shown(path: &Path) -> String {
    path.display().to_string()
}
