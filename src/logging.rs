//! Diagnostics go to stderr through tracing: human text on a terminal, JSON lines under
//! systemd (or when asked), so stdout stays data only.

use std::io::IsTerminal as _;

use clap::ValueEnum;
use tracing_subscriber::EnvFilter;

/// `--log-format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// Human on a terminal or plain stderr, JSON under systemd.
    Auto,
    Human,
    Json,
}

/// Installs the global subscriber. `default_level` is `warn` for one-shot commands (quiet
/// cron mail) and `info` for servers; each `-v` raises it one step and each `-q` lowers it.
/// `BIZWINGS_LOG` (EnvFilter syntax) overrides all of that.
pub fn init(format: LogFormat, default_level: tracing::Level, verbose: u8, quiet: u8) {
    const LEVELS: [&str; 6] = ["off", "error", "warn", "info", "debug", "trace"];
    let base = match default_level {
        tracing::Level::ERROR => 1,
        tracing::Level::WARN => 2,
        tracing::Level::INFO => 3,
        tracing::Level::DEBUG => 4,
        tracing::Level::TRACE => 5,
    };
    let level = (base + usize::from(verbose))
        .saturating_sub(usize::from(quiet))
        .min(LEVELS.len() - 1);
    let filter = EnvFilter::try_from_env("BIZWINGS_LOG")
        .unwrap_or_else(|_| EnvFilter::new(format!("bizwings={}", LEVELS[level])));
    let json = match format {
        LogFormat::Json => true,
        LogFormat::Human => false,
        // systemd sets JOURNAL_STREAM for units whose stderr goes to the journal.
        LogFormat::Auto => std::env::var_os("JOURNAL_STREAM").is_some(),
    };
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    // A second init (tests calling run twice in one process) is harmless: keep the first.
    let _ = if json {
        builder.json().flatten_event(true).try_init()
    } else {
        builder
            .with_ansi(std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none())
            .with_target(false)
            .try_init()
    };
}
