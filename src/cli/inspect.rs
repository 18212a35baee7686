//! `bizwings inspect …`.

use std::io::{self, IsTerminal as _};
use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Subcommand};
use serde::Serialize;

use super::{Context, Outcome, parse_duration, remove, usage};
use crate::inspect::{self, HostSettings, RunOptions, Threshold, View};
use crate::output::{Done, Mode};

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct InspectArgs {
    #[command(subcommand)]
    pub command: Option<InspectCommand>,
    #[command(flatten)]
    pub run: RunArgs,
}

/// Which hosts, how to reach them and how to show what was found.
#[derive(Debug, Args)]
#[expect(
    clippy::struct_excessive_bools,
    reason = "independent command-line switches"
)]
pub struct RunArgs {
    /// Hosts from the inventory [default: all]
    pub hosts: Vec<String>,
    /// Only hosts in this group
    #[arg(long, value_name = "GROUP", conflicts_with = "hosts")]
    pub group: Option<String>,
    /// Every host in the inventory (the default when no host is named)
    #[arg(long, conflicts_with_all = ["hosts", "group"])]
    pub all: bool,
    /// Check this machine, without SSH; alone unless hosts, --group or --all are given too
    #[arg(long)]
    pub local: bool,
    /// One line per host in Nagios plugin format, with perfdata
    #[arg(long, conflicts_with_all = ["summary", "json"])]
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
    /// Thresholds for every host or for a group
    #[command(subcommand)]
    Threshold(ThresholdCommand),
    /// The deployment SOP's pre-checks for a service, then (with --backup) its backups
    #[command(long_about = PREDEPLOY_ABOUT)]
    Predeploy(PredeployArgs),
}

const PREDEPLOY_ABOUT: &str = "The deployment SOP's pre-checks for a service on one or more hosts: the filesystem of \
--path has more than --min-free % free, CPU (sampled over a second) and memory are under \
--max-cpu / --max-mem %, --port is free or held by --service itself (a redeploy), and each of \
--needs is up (a systemd service active, or :PORT listening). Exit code as for inspect: 0 when \
every check passes. With --backup JOB, the named backup jobs run (here, where bizwings keeps \
its catalog) once every check has passed and before the answer is OK; a failed backup is \
critical.";

#[derive(Debug, Args)]
pub struct PredeployArgs {
    #[command(flatten)]
    pub run: RunArgs,
    /// The service being deployed: its own unit may hold --port (a redeploy)
    #[arg(long, value_name = "NAME")]
    pub service: Option<String>,
    /// The port it will listen on: free, or held by --service
    #[arg(long)]
    pub port: Option<u16>,
    /// Where it is deployed: that filesystem needs --min-free
    #[arg(long, value_name = "PATH", default_value = "/")]
    pub path: String,
    /// What must be up first, comma-separated: systemd services, or :PORT for a listener
    #[arg(long, value_name = "LIST", value_delimiter = ',')]
    pub needs: Vec<String>,
    /// Least free space on --path's filesystem, %
    #[arg(long, value_name = "PCT", default_value_t = 20.0)]
    pub min_free: f64,
    /// Most CPU busy, %
    #[arg(long, value_name = "PCT", default_value_t = 80.0)]
    pub max_cpu: f64,
    /// Most memory used, %
    #[arg(long, value_name = "PCT", default_value_t = 80.0)]
    pub max_mem: f64,
    /// A backup job to run once the checks pass, before answering OK (repeatable)
    #[arg(long = "backup", value_name = "JOB")]
    pub backups: Vec<String>,
}

#[derive(Debug, Subcommand)]
pub enum ThresholdCommand {
    /// Set a threshold for every host, or with --group for that group's hosts, e.g.
    /// disk_warn=75 (a host's own --threshold wins, then its groups', then the global one)
    Set {
        /// Only for the hosts of this group (over the global value)
        #[arg(long, value_name = "GROUP")]
        group: Option<String>,
        /// NAME=VALUE: disk_warn disk_crit inode_warn inode_crit load_warn load_crit
        /// load_per_cpu mem_warn mem_crit journal_warn journal_crit updates_warn updates_crit
        /// log_warn log_crit nginx_5xx_warn nginx_5xx_crit nginx_window_min net_warn net_crit,
        /// and lists: skip ports_allowed logs log_keywords nginx_log
        setting: Threshold,
    },
    /// The thresholds in force, globally or for a group, and where each comes from
    List {
        /// The thresholds the hosts of this group get
        #[arg(long, value_name = "GROUP")]
        group: Option<String>,
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
        /// Do not ask for confirmation (required when stdin is not a terminal)
        #[arg(long, short)]
        yes: bool,
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
    pub thresholds: Vec<Threshold>,
}

/// `{"threshold": NAME, "value": VALUE}`.
#[derive(Serialize)]
struct ThresholdSet {
    threshold: String,
    value: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    group: Option<String>,
}

pub(super) fn run(ctx: &Context, args: InspectArgs) -> Outcome {
    match args.command {
        Some(InspectCommand::Host(cmd)) => host(ctx, cmd),
        Some(InspectCommand::History { host, since }) => {
            let since_ms =
                crate::state::now_ms() - i64::try_from(since.as_millis()).unwrap_or(i64::MAX);
            ctx.emit(&inspect::History {
                checks: inspect::history(&mut ctx.open_store()?, host.as_deref(), since_ms)?,
            })
        }
        Some(InspectCommand::Threshold(ThresholdCommand::Set { setting, group })) => {
            inspect::set_threshold(&mut ctx.open_store()?, group.as_deref(), &setting)?;
            let Threshold { name, value } = setting;
            let scope = group.as_ref().map_or_else(
                || "all hosts without their own".to_owned(),
                |g| format!("hosts of group {g} without their own"),
            );
            ctx.emit(&Done::new(
                format!("inspect threshold {name} = {value} ({scope})"),
                ThresholdSet {
                    threshold: name,
                    value,
                    group,
                },
            ))
        }
        Some(InspectCommand::Threshold(ThresholdCommand::List { group })) => ctx.emit(
            &inspect::threshold_list(&mut ctx.open_store()?, group.as_deref())?,
        ),
        Some(InspectCommand::Predeploy(args)) => predeploy(ctx, args),
        None => inspect_hosts(ctx, &args.run, None, &[]),
    }
}

fn predeploy(ctx: &Context, args: PredeployArgs) -> Outcome {
    let profile = inspect::Predeploy {
        service: args.service,
        port: args.port,
        path: args.path,
        needs: args.needs,
        min_free_pct: args.min_free,
        max_cpu_pct: args.max_cpu,
        max_mem_pct: args.max_mem,
    };
    profile.validate().map_err(usage)?;
    let jobs = crate::backup::list(&mut ctx.open_store()?)?;
    if let Some(unknown) = args
        .backups
        .iter()
        .find(|b| !jobs.iter().any(|j| j.name == **b))
    {
        return Err(usage(format!(
            "no backup job {unknown:?}: see `bizwings backup list`"
        )));
    }
    inspect_hosts(ctx, &args.run, Some(profile), &args.backups)
}

/// Runs the checklist (or the pre-deploy checks) and, when every host passed, the backups.
fn inspect_hosts(
    ctx: &Context,
    args: &RunArgs,
    predeploy: Option<inspect::Predeploy>,
    backups: &[String],
) -> Outcome {
    let mut store = ctx.open_store()?;
    let group = args.group.as_deref();
    let hosts = inspect::targets(&mut store, &args.hosts, group, args.all, args.local)?;
    let key = if hosts.iter().any(|h| h.password_sealed.is_some()) || !backups.is_empty() {
        ctx.optional_key()?
    } else {
        None
    };
    let opts = RunOptions {
        concurrency: usize::from(args.concurrency),
        timeout: args.timeout,
        accept_new: args.accept_new,
        known_hosts: inspect::own_known_hosts(&ctx.db),
        predeploy,
    };
    let bar = progress(ctx, args, hosts.len());
    let mut report = inspect::Inspection {
        hosts: inspect::run(&mut store, key.as_ref(), &hosts, args.local, &opts, &bar)?,
        view: View::of(args.nagios, args.summary),
    };
    if !backups.is_empty() {
        let passed = crate::output::Report::status(&report) == crate::exit::Status::Ok;
        let ran = passed
            .then(|| backups_first(ctx, &mut store, key.as_ref(), backups))
            .transpose()?;
        report
            .hosts
            .push(inspect::backups_before_deploy(backups, ran));
    }
    // Nagios plugins print their line whatever else was asked.
    let mode = if args.nagios { Mode::Human } else { ctx.mode };
    Ok(crate::output::emit(mode, &report)?)
}

/// `--backup`: the jobs run after every pre-check passed, failures notified like `backup run`.
fn backups_first(
    ctx: &Context,
    store: &mut crate::state::Store,
    key: Option<&crate::crypto::MasterKey>,
    jobs: &[String],
) -> Result<Vec<inspect::BackupOutcome>, super::Failure> {
    let hidden = |_: &str| indicatif::ProgressBar::hidden();
    let ran = crate::backup::run(store, key, jobs, false, &hidden)?;
    if crate::backup::notify_failures(store, &ran)? > 0 {
        crate::notify::deliver_now(&ctx.db, key);
    }
    Ok(ran.into_iter().map(backup_outcome).collect())
}

fn backup_outcome(r: crate::backup::RunReport) -> inspect::BackupOutcome {
    inspect::BackupOutcome {
        message: match &r.error {
            Some(error) => format!("failed: {error}"),
            None => format!("backed up {} bytes to {}", r.size_bytes, r.files.join(", ")),
        },
        job: r.job,
        status: r.status,
    }
}

/// A progress bar on a terminal for people, over several hosts; else hidden.
fn progress(ctx: &Context, args: &RunArgs, hosts: usize) -> indicatif::ProgressBar {
    let show = ctx.mode == Mode::Human
        && !args.nagios
        && !ctx.quiet
        && io::stderr().is_terminal()
        && hosts > 1;
    if show {
        indicatif::ProgressBar::new(0)
    } else {
        indicatif::ProgressBar::hidden()
    }
}

fn host(ctx: &Context, cmd: HostCommand) -> Outcome {
    match cmd {
        HostCommand::Add(args) => save(ctx, args, false),
        HostCommand::Set(args) => save(ctx, args, true),
        HostCommand::List => ctx.emit(&inspect::Hosts {
            hosts: inspect::hosts(&mut ctx.open_store()?)?,
        }),
        HostCommand::Show { name } => ctx.emit(&inspect::Host {
            verb: None,
            host: inspect::host(&mut ctx.open_store()?, &name)?,
        }),
        HostCommand::Rm { name, yes } => {
            let what = format!("host {name:?}");
            let said = format!("removed host {name} (its history stays)");
            remove(ctx, (yes, what, said), &name, |s| {
                inspect::remove_host(s, &name)
            })
        }
    }
}

fn save(ctx: &Context, args: HostArgs, replace: bool) -> Outcome {
    if !replace && args.addr.is_none() {
        return Err(usage("--addr is required"));
    }
    let (password, key) = ctx
        .password_stdin(args.password_stdin, "SSH password")?
        .unzip();
    let settings = HostSettings {
        addr: args.addr,
        port: args.port,
        user: args.user,
        identity: args.identity,
        password,
        groups: args.groups,
        services: args.services,
        ports: args.ports,
        thresholds: args.thresholds,
    };
    let host = inspect::save_host(
        &mut ctx.open_store()?,
        key.as_ref(),
        &args.name,
        settings,
        replace,
    )?;
    ctx.emit(&inspect::Host {
        verb: Some(if replace { "updated" } else { "added" }),
        host,
    })
}
