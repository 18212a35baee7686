//! `bizwings inspect …`.

use std::collections::BTreeMap;
use std::io::{self, IsTerminal as _, Read as _};
use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Subcommand};

use super::sidecar::parse_duration;
use super::{Context, UsageError};
use crate::crypto::Secret;
use crate::exit::Status;
use crate::inspect::checks::CheckResult;
use crate::inspect::{self, HostReport, HostRequest, RunOptions, status_text};
use crate::output::{self, Mode};

const ABOUT: &str = "\
Run the server checklist over SSH on many hosts at once.

Checks (thresholds: warn / crit, configurable globally with `inspect threshold set` and per
host with `--threshold`): disk use per real filesystem (80/90 %), inodes (80/90 %), 1-minute
load (4/8, or per CPU with load_per_cpu=true), memory used from MemAvailable (85/95 %), systemd
services (nginx, mysql, docker, sshd if installed, or the host's list), docker containers not
Up, required listening ports, journal errors in the last 10 minutes. Each host: one SSH
session, one round trip. Host keys must be known (~/.ssh/known_hosts, or known_hosts beside
the DB); --accept-new trusts a host seen for the first time; a changed key is always refused.

Examples:
  bizwings inspect --all
  bizwings inspect --group web --summary
  bizwings inspect db-1 --nagios
  bizwings inspect --local

Exit codes: 0 all OK, 1 a warning, 2 a critical finding (or a changed host key), 3 a host
could not be checked (unreachable, timed out), 64 usage error.";

#[derive(Debug, Args)]
#[command(long_about = ABOUT, args_conflicts_with_subcommands = true)]
#[expect(
    clippy::struct_excessive_bools,
    reason = "independent command-line switches"
)]
pub struct InspectArgs {
    #[command(subcommand)]
    pub command: Option<InspectCommand>,
    /// Hosts from the inventory [default: all]
    pub hosts: Vec<String>,
    /// Only hosts in this group
    #[arg(long, value_name = "GROUP", conflicts_with = "hosts")]
    pub group: Option<String>,
    /// Every host in the inventory (the default when no host is named)
    #[arg(long, conflicts_with_all = ["hosts", "group"])]
    pub all: bool,
    /// Also check this machine, without SSH (alone when no hosts are in the inventory)
    #[arg(long)]
    pub local: bool,
    /// One line per host in Nagios plugin format, with perfdata
    #[arg(long, conflicts_with = "summary")]
    pub nagios: bool,
    /// One row per host instead of a table per host
    #[arg(long)]
    pub summary: bool,
    /// Hosts checked at once
    #[arg(long, default_value_t = 16, value_parser = clap::value_parser!(u16).range(1..=512))]
    pub concurrency: u16,
    /// Time allowed per host, e.g. 10s
    #[arg(long, default_value = "10s", value_parser = parse_duration)]
    pub timeout: Duration,
    /// Trust and record host keys seen for the first time
    #[arg(long)]
    pub accept_new: bool,
}

#[derive(Debug, Subcommand)]
pub enum InspectCommand {
    /// Manage the inventory
    #[command(subcommand)]
    Host(HostCommand),
    /// Trends of each check over past runs
    History {
        /// Only this host
        host: Option<String>,
        /// How far back, e.g. 7d
        #[arg(long, default_value = "7d", value_parser = parse_duration)]
        since: Duration,
    },
    /// Global thresholds
    #[command(subcommand)]
    Threshold(ThresholdCommand),
}

#[derive(Debug, Subcommand)]
pub enum ThresholdCommand {
    /// Set a global threshold, e.g. disk_warn=75 (stored in system_config as inspect.NAME)
    Set {
        /// NAME=VALUE: disk_warn disk_crit inode_warn inode_crit load_warn load_crit
        /// load_per_cpu mem_warn mem_crit journal_warn journal_crit
        setting: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum HostCommand {
    /// Add a host to the inventory
    Add(HostArgs),
    /// Change a host (only the given settings)
    Set(HostArgs),
    /// List hosts
    List,
    /// Show one host
    Show {
        /// Host name
        name: String,
    },
    /// Remove a host (its history stays)
    Rm {
        /// Host name
        name: String,
    },
}

#[derive(Debug, Args)]
pub struct HostArgs {
    /// Host name in the inventory
    pub name: String,
    /// Address or DNS name [add: required]
    #[arg(long, value_name = "HOST")]
    pub addr: Option<String>,
    /// SSH port [default: 22]
    #[arg(long)]
    pub port: Option<u16>,
    /// SSH user [default: root]
    #[arg(long)]
    pub user: Option<String>,
    /// Private key file
    #[arg(long, value_name = "PATH", conflicts_with = "password_stdin")]
    pub identity: Option<PathBuf>,
    /// Read the SSH password from stdin (stored encrypted)
    #[arg(long)]
    pub password_stdin: bool,
    /// Group (repeatable)
    #[arg(long = "group", value_name = "GROUP")]
    pub groups: Vec<String>,
    /// Services to check, comma-separated [default: nginx,mysql,docker,sshd if installed]
    #[arg(long, value_name = "LIST", value_delimiter = ',')]
    pub services: Option<Vec<String>>,
    /// Ports that must be listening, comma-separated
    #[arg(long, value_name = "LIST", value_delimiter = ',')]
    pub ports: Option<Vec<u16>>,
    /// Threshold for this host, NAME=VALUE (repeatable), e.g. disk_warn=70
    #[arg(long = "threshold", value_name = "NAME=VALUE")]
    pub thresholds: Vec<String>,
}

pub(super) fn run(ctx: &Context, args: InspectArgs, quiet: bool) -> anyhow::Result<u8> {
    match args.command {
        Some(InspectCommand::Host(cmd)) => host(ctx, cmd),
        Some(InspectCommand::History { host, since }) => history(ctx, host.as_deref(), since),
        Some(InspectCommand::Threshold(ThresholdCommand::Set { setting })) => {
            let (name, value) = setting
                .split_once('=')
                .ok_or_else(|| UsageError(format!("expected NAME=VALUE, got {setting:?}")))?;
            let mut store = ctx.open_store()?;
            inspect::set_global_threshold(&mut store, name.trim(), value.trim())?;
            match ctx.mode {
                Mode::Json => output::json(
                    &serde_json::json!({"status": "ok", "threshold": name, "value": value}),
                )?,
                Mode::Human => output::lines([format!(
                    "inspect threshold {name} = {value} (all hosts without their own)"
                )])?,
            }
            Ok(0)
        }
        None => inspect_hosts(ctx, &args, quiet),
    }
}

fn inspect_hosts(ctx: &Context, args: &InspectArgs, quiet: bool) -> anyhow::Result<u8> {
    let mut store = ctx.open_store()?;
    let hosts = inspect::select(&mut store, &args.hosts, args.group.as_deref())?;
    if hosts.is_empty() && !args.local {
        return Err(UsageError(
            "no hosts to inspect: add some with `bizwings inspect host add`, or use --local".into(),
        )
        .into());
    }
    let key = if hosts.iter().any(|h| h.password_sealed.is_some()) {
        ctx.optional_key()?
    } else {
        None
    };
    let opts = RunOptions {
        concurrency: usize::from(args.concurrency),
        timeout: args.timeout,
        accept_new: args.accept_new,
        known_hosts: inspect::own_known_hosts(&ctx.db),
    };
    let show = ctx.mode == Mode::Human
        && !args.nagios
        && !quiet
        && io::stderr().is_terminal()
        && hosts.len() > 1;
    let bar = if show {
        indicatif::ProgressBar::new(0)
    } else {
        indicatif::ProgressBar::hidden()
    };
    let reports = inspect::run(&mut store, key.as_ref(), &hosts, args.local, &opts, &bar)?;
    let status = reports.iter().fold(Status::Ok, |s, r| s.worst(r.status));
    if args.nagios {
        output::lines(reports.iter().map(nagios_line))?;
    } else if ctx.mode == Mode::Json {
        output::json(&serde_json::json!({"status": status_text(status), "hosts": reports}))?;
    } else if args.summary {
        render_summary(&reports)?;
    } else {
        for r in &reports {
            render_host(r)?;
        }
    }
    if ctx.mode == Mode::Human && !args.nagios {
        let count = |s: Status| reports.iter().filter(|r| r.status == s).count();
        output::lines([format!(
            "{} host(s): {} ok, {} warning, {} critical, {} unknown",
            reports.len(),
            count(Status::Ok),
            count(Status::Warning),
            count(Status::Critical),
            count(Status::Unknown)
        )])?;
    }
    Ok(status.code())
}

fn word(s: Status) -> &'static str {
    match s {
        Status::Ok => "OK",
        Status::Warning => "WARN",
        Status::Critical => "CRIT",
        Status::Unknown => "UNKNOWN",
    }
}

fn value_text(c: &CheckResult) -> String {
    c.value.map_or_else(
        || "-".into(),
        |v| format!("{}{}", (v * 100.0).round() / 100.0, c.unit),
    )
}

fn render_host(r: &HostReport) -> io::Result<()> {
    output::lines([format!(
        "{} ({}): {} in {} ms",
        r.host,
        r.addr,
        word(r.status),
        r.duration_ms
    )])?;
    if let Some(error) = &r.error {
        return output::lines([format!("  {error}"), String::new()]);
    }
    output::table(
        ["CHECK", "ITEM", "STATUS", "VALUE", "WARN/CRIT", "DETAIL"],
        r.checks.iter().map(|c| {
            [
                c.check.to_owned(),
                c.item.clone(),
                word(c.status).to_owned(),
                value_text(c),
                match (c.warn, c.crit) {
                    (Some(w), Some(cr)) => format!("{w}/{cr}"),
                    _ => "-".into(),
                },
                c.message.clone(),
            ]
        }),
    )?;
    let hints: Vec<String> = r
        .checks
        .iter()
        .filter_map(|c| {
            c.hint.map(|h| {
                format!(
                    "  hint ({} {}): {}",
                    c.check,
                    c.item,
                    h.replace("NAME", &c.item).replace("PORT", &c.item)
                )
            })
        })
        .collect();
    output::lines(hints.into_iter().chain([String::new()]))
}

fn render_summary(reports: &[HostReport]) -> io::Result<()> {
    output::table(
        ["HOST", "ADDR", "STATUS", "PROBLEMS", "FIRST PROBLEM"],
        reports.iter().map(|r| {
            let problems: Vec<&CheckResult> =
                r.checks.iter().filter(|c| c.status != Status::Ok).collect();
            [
                r.host.clone(),
                r.addr.clone(),
                word(r.status).to_owned(),
                problems.len().to_string(),
                r.error
                    .clone()
                    .or_else(|| problems.first().map(|c| c.message.clone()))
                    .unwrap_or_default(),
            ]
        }),
    )
}

/// `BIZWINGS INSPECT CRITICAL - db-1: disk /data 93% used | 'disk_/'=23%;80;90;0;100 ...`
fn nagios_line(r: &HostReport) -> String {
    let state = match r.status {
        Status::Ok => "OK",
        Status::Warning => "WARNING",
        Status::Critical => "CRITICAL",
        Status::Unknown => "UNKNOWN",
    };
    let problems: Vec<String> = r
        .checks
        .iter()
        .filter(|c| c.status != Status::Ok)
        .map(|c| c.message.clone())
        .chain(r.error.clone())
        .collect();
    let text = if problems.is_empty() {
        "all checks ok".to_owned()
    } else {
        problems.join("; ")
    };
    let perf: Vec<String> = r
        .checks
        .iter()
        .filter_map(|c| {
            let v = c.value?;
            let label = match c.check {
                "load" => c.item.clone(),
                "memory" => "memory".into(),
                "journal" => "journal_errors".into(),
                check => format!("{check}_{}", c.item),
            }
            .replace('\'', "");
            let warn = c.warn.map_or(String::new(), |w| w.to_string());
            let crit = c.crit.map_or(String::new(), |w| w.to_string());
            let bounds = if c.unit == "%" { ";0;100" } else { "" };
            Some(format!("'{label}'={v}{};{warn};{crit}{bounds}", c.unit))
        })
        .collect();
    if perf.is_empty() {
        format!("BIZWINGS INSPECT {state} - {}: {text}", r.host)
    } else {
        format!(
            "BIZWINGS INSPECT {state} - {}: {text} | {}",
            r.host,
            perf.join(" ")
        )
    }
}

fn host(ctx: &Context, cmd: HostCommand) -> anyhow::Result<u8> {
    match cmd {
        HostCommand::Add(args) => save(ctx, &args, false),
        HostCommand::Set(args) => save(ctx, &args, true),
        HostCommand::List => {
            let mut store = ctx.open_store()?;
            let hosts = inspect::hosts(&mut store)?;
            match ctx.mode {
                Mode::Json => output::json(&serde_json::json!({"status": "ok", "hosts": hosts}))?,
                Mode::Human if hosts.is_empty() => {
                    output::lines(["no hosts yet: add one with `bizwings inspect host add`"])?;
                }
                Mode::Human => output::table(
                    [
                        "NAME", "ADDR", "USER", "AUTH", "GROUPS", "SERVICES", "PORTS",
                    ],
                    hosts.iter().map(|h| {
                        [
                            h.name.clone(),
                            format!("{}:{}", h.addr, h.port),
                            h.user.clone(),
                            if h.password_sealed.is_some() {
                                "password".into()
                            } else {
                                h.identity_path
                                    .clone()
                                    .unwrap_or_else(|| "agent/default key".into())
                            },
                            h.groups.clone(),
                            h.services.clone().unwrap_or_else(|| "(default)".into()),
                            h.ports.clone(),
                        ]
                    }),
                )?,
            }
            Ok(0)
        }
        HostCommand::Show { name } => {
            let mut store = ctx.open_store()?;
            let h = inspect::host(&mut store, &name)?;
            match ctx.mode {
                Mode::Json => output::json(&serde_json::json!({"status": "ok", "host": h}))?,
                Mode::Human => output::lines([
                    format!("name:       {}", h.name),
                    format!("address:    {}:{}", h.addr, h.port),
                    format!("user:       {}", h.user),
                    format!(
                        "auth:       {}",
                        if h.password_sealed.is_some() {
                            "password (encrypted)".into()
                        } else {
                            h.identity_path
                                .clone()
                                .unwrap_or_else(|| "agent or ~/.ssh key".into())
                        }
                    ),
                    format!("groups:     {}", h.groups),
                    format!(
                        "services:   {}",
                        h.services
                            .clone()
                            .unwrap_or_else(|| "nginx,mysql,docker,sshd (those installed)".into())
                    ),
                    format!("ports:      {}", h.ports),
                    format!("thresholds: {}", h.thresholds_json),
                ])?,
            }
            Ok(0)
        }
        HostCommand::Rm { name } => {
            let mut store = ctx.open_store()?;
            inspect::remove_host(&mut store, &name)?;
            match ctx.mode {
                Mode::Json => output::json(&serde_json::json!({"status": "ok", "removed": name}))?,
                Mode::Human => output::lines([format!("removed host {name} (its history stays)")])?,
            }
            Ok(0)
        }
    }
}

fn save(ctx: &Context, args: &HostArgs, replace: bool) -> anyhow::Result<u8> {
    let mut store = ctx.open_store()?;
    let existing = if replace {
        Some(inspect::host(&mut store, &args.name)?)
    } else {
        None
    };
    let password = if args.password_stdin {
        let mut text = String::new();
        io::stdin().read_to_string(&mut text)?;
        let text = text.trim_end_matches(['\r', '\n']).to_owned();
        if text.is_empty() {
            return Err(UsageError("the password on stdin is empty".into()).into());
        }
        Some(Secret::new(text))
    } else {
        None
    };
    let mut thresholds: BTreeMap<String, String> = existing
        .as_ref()
        .and_then(|h| serde_json::from_str(&h.thresholds_json).ok())
        .unwrap_or_default();
    for t in &args.thresholds {
        let (k, v) = t
            .split_once('=')
            .ok_or_else(|| UsageError(format!("--threshold expects NAME=VALUE, got {t:?}")))?;
        thresholds.insert(k.trim().to_owned(), v.trim().to_owned());
    }
    let addr = match (&args.addr, &existing) {
        (Some(a), _) => a.clone(),
        (None, Some(h)) => h.addr.clone(),
        (None, None) => return Err(UsageError("--addr is required".into()).into()),
    };
    let split = |s: &str| {
        s.split(',')
            .filter(|x| !x.is_empty())
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    let req = HostRequest {
        name: args.name.clone(),
        addr,
        port: args
            .port
            .or(existing.as_ref().map(|h| h.port))
            .unwrap_or(22),
        user: args
            .user
            .clone()
            .or(existing.as_ref().map(|h| h.user.clone()))
            .unwrap_or_else(|| "root".into()),
        identity: args.identity.clone().or(existing
            .as_ref()
            .and_then(|h| h.identity_path.as_ref().map(PathBuf::from))),
        password,
        groups: if args.groups.is_empty() {
            existing
                .as_ref()
                .map(|h| split(&h.groups))
                .unwrap_or_default()
        } else {
            args.groups.clone()
        },
        services: args.services.clone().or(existing
            .as_ref()
            .and_then(|h| h.services.as_deref().map(split))),
        ports: args.ports.clone().unwrap_or_else(|| {
            existing
                .as_ref()
                .map(|h| h.ports.split(',').filter_map(|p| p.parse().ok()).collect())
                .unwrap_or_default()
        }),
        thresholds,
    };
    let key = if req.password.is_some() {
        Some(ctx.unlock()?.1)
    } else {
        None
    };
    inspect::save_host(&mut store, key.as_ref(), &req, replace)?;
    let h = inspect::host(&mut store, &args.name)?;
    match ctx.mode {
        Mode::Json => output::json(&serde_json::json!({"status": "ok", "host": h}))?,
        Mode::Human => output::lines([format!(
            "{} host {} ({}@{}:{})",
            if replace { "updated" } else { "added" },
            h.name,
            h.user,
            h.addr,
            h.port
        )])?,
    }
    Ok(0)
}

fn history(ctx: &Context, host: Option<&str>, since: Duration) -> anyhow::Result<u8> {
    let mut store = ctx.open_store()?;
    let since_ms = crate::state::now_ms() - i64::try_from(since.as_millis()).unwrap_or(i64::MAX);
    let trends = inspect::history(&mut store, host, since_ms)?;
    let num = |v: Option<f64>| {
        v.map_or_else(
            || "-".into(),
            |v| format!("{}", (v * 100.0).round() / 100.0),
        )
    };
    match ctx.mode {
        Mode::Json => output::json(&serde_json::json!({"status": "ok", "checks": trends}))?,
        Mode::Human if trends.is_empty() => output::lines(["no inspections in that time"])?,
        Mode::Human => output::table(
            [
                "HOST",
                "CHECK",
                "ITEM",
                "RUNS",
                "FIRST",
                "LAST",
                "MIN",
                "MAX",
                "LAST STATUS",
            ],
            trends.iter().map(|t| {
                [
                    t.host.clone(),
                    t.check.clone(),
                    t.item.clone(),
                    t.runs.to_string(),
                    num(t.first),
                    num(t.last),
                    num(t.min),
                    num(t.max),
                    t.last_status.clone(),
                ]
            }),
        )?,
    }
    Ok(0)
}
