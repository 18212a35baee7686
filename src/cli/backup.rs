//! `bizwings backup …`.

use std::io::{self, IsTerminal as _, Read as _};
use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::{Args, Subcommand, ValueEnum};

use super::sidecar::parse_duration;
use super::{Context, UsageError};
use crate::backup::{self, Category, Kind, MysqlOptions, NewJobRequest};
use crate::crypto::Secret;
use crate::exit::Status;
use crate::output::{self, Mode};

#[derive(Debug, Subcommand)]
pub enum BackupCommand {
    /// Define a backup job
    #[command(long_about = ADD_ABOUT)]
    Add(AddArgs),
    /// List jobs, or the backups of one job
    List {
        /// Show the backups of this job
        name: Option<String>,
    },
    /// Run backup jobs (the built-in `state` job backs up bizwings' own DB)
    #[command(long_about = RUN_ABOUT)]
    Run {
        /// Jobs to run
        names: Vec<String>,
        /// Run every job
        #[arg(long, conflicts_with = "names")]
        all: bool,
    },
    /// Re-check backups: checksum, and that each can be read back
    Verify {
        /// A backup id or a job name [default: all backups]
        target: Option<String>,
        /// Check every backup (the default)
        #[arg(long, conflicts_with = "target")]
        all: bool,
    },
    /// Delete backups past their job's retention (never a job's newest good backup)
    Prune {
        /// Show what would be deleted, delete nothing
        #[arg(long)]
        dry_run: bool,
        /// Pretend it is this time (RFC 3339), for tests and what-ifs
        #[arg(long, hide = true, value_name = "TIME")]
        now: Option<String>,
    },
    /// Restore a backup by id (see `backup list NAME`)
    Restore {
        /// Catalog id of the backup
        id: i64,
        /// Where to restore a SQLite DB or file (a new path), or a directory archive (an
        /// empty or new directory)
        #[arg(long, value_name = "PATH")]
        to: Option<PathBuf>,
        /// For MySQL: run the import instead of printing the command
        #[arg(long)]
        apply: bool,
    },
    /// Remove a job (its backups and catalog are kept)
    Rm {
        /// Job name
        name: String,
        /// Do not ask for confirmation (required when stdin is not a terminal)
        #[arg(long, short)]
        yes: bool,
    },
}

const ADD_ABOUT: &str = "\
Define a backup job.

Kinds:
  sqlite  --source is a SQLite file, copied with the online backup API (safe while written)
  mysql   --source is '*' (all databases) or a comma-separated list; mysqldump
          --single-transaction --quick --routines --events, gzipped while streaming
  files   --source is a directory (a .tar.gz is written) or a comma-separated list of files
          (each copied to NAME.YYYYmmdd-HHMMSS.bak)

Retention defaults to the runbook's: database 30d, config 90d, data 7d, logs 90d; the class
follows from the kind (a directory is data, a file list is config) unless --category says.
The MySQL password is read from stdin with --mysql-password-stdin and stored encrypted, or
comes from --mysql-defaults-file; it never appears on a command line.

Examples:
  bizwings backup add app-db --kind sqlite --source /srv/app/app.db --dest /var/backups/app
  printf %s \"$PW\" | bizwings backup add shop --kind mysql --source shop,crm \\
      --mysql-user backup --mysql-password-stdin --dest /var/backups/mysql
  bizwings backup add nginx-conf --kind files --source /etc/nginx/nginx.conf,/etc/hosts \\
      --dest /var/backups/config

Exit codes: 0 added, 2 refused (duplicate name), 64 invalid input.";

const RUN_ABOUT: &str = "\
Run backup jobs.

Each backup is written as NAME-<UTC time>.<ext>.partial, synced and renamed, and its size and
sha256 go into the catalog. A job that fails leaves no partial file and nothing in the catalog;
the other jobs still run.

Exit codes: 0 all good, 1 a job succeeded with warnings, 2 a job failed, 64 usage error.";

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum KindArg {
    Sqlite,
    Mysql,
    Files,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum CategoryArg {
    Db,
    Config,
    Data,
    Logs,
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// Job name
    pub name: String,
    /// What to back up
    #[arg(long, value_enum)]
    pub kind: KindArg,
    /// The SQLite file, the databases ('*' for all), or the directory or files
    #[arg(long, value_name = "SOURCE")]
    pub source: String,
    /// Directory for the backup files (created 0700 if missing)
    #[arg(long, value_name = "DIR")]
    pub dest: PathBuf,
    /// How long backups are kept, e.g. 30d, 12h [default: by category]
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub retention: Option<Duration>,
    /// Retention class [default: db for sqlite/mysql, data for a directory, config for files]
    #[arg(long, value_enum)]
    pub category: Option<CategoryArg>,
    /// MySQL host
    #[arg(long, value_name = "HOST")]
    pub mysql_host: Option<String>,
    /// MySQL port
    #[arg(long, value_name = "PORT")]
    pub mysql_port: Option<u16>,
    /// MySQL socket
    #[arg(long, value_name = "PATH")]
    pub mysql_socket: Option<String>,
    /// MySQL user
    #[arg(long, value_name = "USER")]
    pub mysql_user: Option<String>,
    /// MySQL option file with the credentials
    #[arg(long, value_name = "FILE", conflicts_with = "mysql_password_stdin")]
    pub mysql_defaults_file: Option<String>,
    /// Read the MySQL password from stdin (stored encrypted)
    #[arg(long)]
    pub mysql_password_stdin: bool,
}

pub(super) fn run(ctx: &Context, cmd: BackupCommand, quiet: bool) -> anyhow::Result<u8> {
    match cmd {
        BackupCommand::Add(args) => add(ctx, args),
        BackupCommand::List { name } => list(ctx, name.as_deref()),
        BackupCommand::Run { names, all } => run_jobs(ctx, &names, all, quiet),
        BackupCommand::Verify { target, all: _ } => verify(ctx, target.as_deref()),
        BackupCommand::Prune { dry_run, now } => prune(ctx, dry_run, now),
        BackupCommand::Restore { id, to, apply } => restore(ctx, id, to.as_deref(), apply),
        BackupCommand::Rm { name, yes } => remove(ctx, &name, yes),
    }
}

fn run_jobs(ctx: &Context, names: &[String], all: bool, quiet: bool) -> anyhow::Result<u8> {
    let mut store = ctx.open_store()?;
    let key = ctx.optional_key()?;
    let show = ctx.mode == Mode::Human && !quiet;
    let progress = |label: &str| output::progress::bytes(show, label);
    let reports = backup::run(&mut store, key.as_ref(), names, all, &progress)?;
    if backup::notify_failures(&mut store, &reports)? > 0 {
        if let Some(key) = &key {
            if let Err(err) = crate::notify::deliver_pending(&ctx.db, key) {
                tracing::warn!(error = %err, "failure notifications stay in the outbox");
            }
        } else {
            tracing::warn!("no master key: failure notifications wait in the outbox");
        }
    }
    let status = reports.iter().fold(Status::Ok, |s, r| s.worst(r.status));
    match ctx.mode {
        Mode::Json => {
            output::json(&serde_json::json!({"status": status, "jobs": reports}))?;
        }
        Mode::Human => output::table(
            ["JOB", "STATUS", "SIZE", "SECONDS", "FILE / ERROR"],
            reports.iter().map(|r| {
                [
                    r.job.clone(),
                    status_word(r.status).into(),
                    human_size(r.size_bytes),
                    format!("{}.{}", r.duration_ms / 1000, r.duration_ms % 1000 / 100),
                    r.error.clone().unwrap_or_else(|| {
                        let files = r.files.join(", ");
                        if r.warnings.is_empty() {
                            files
                        } else {
                            format!("{files} (warning: {})", r.warnings)
                        }
                    }),
                ]
            }),
        )?,
    }
    Ok(status.code())
}

fn verify(ctx: &Context, target: Option<&str>) -> anyhow::Result<u8> {
    let mut store = ctx.open_store()?;
    let reports = backup::verify(&mut store, target)?;
    let status = reports.iter().fold(Status::Ok, |s, r| s.worst(r.status));
    match ctx.mode {
        Mode::Json => {
            output::json(&serde_json::json!({"status": status, "backups": reports}))?;
        }
        Mode::Human if reports.is_empty() => output::lines(["no backups to verify"])?,
        Mode::Human => output::table(
            ["ID", "JOB", "STATUS", "DETAIL"],
            reports.iter().map(|r| {
                [
                    r.id.to_string(),
                    r.job.clone(),
                    status_word(r.status).into(),
                    r.detail.clone(),
                ]
            }),
        )?,
    }
    Ok(status.code())
}

fn prune(ctx: &Context, dry_run: bool, now: Option<String>) -> anyhow::Result<u8> {
    let now_ms = match now {
        Some(text) => {
            let t = humantime::parse_rfc3339_weak(&text)
                .map_err(|e| UsageError(format!("--now {text:?}: {e}")))?;
            let ms = t
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_millis());
            i64::try_from(ms).unwrap_or(i64::MAX)
        }
        None => crate::state::now_ms(),
    };
    let mut store = ctx.open_store()?;
    let reports = backup::prune(&mut store, now_ms, dry_run)?;
    match ctx.mode {
        Mode::Json => output::json(
            &serde_json::json!({"status": "ok", "dry_run": dry_run, "pruned": reports}),
        )?,
        Mode::Human if reports.is_empty() => output::lines(["nothing past its retention"])?,
        Mode::Human => output::table(
            [
                "ID",
                "JOB",
                "AGE DAYS",
                if dry_run { "WOULD DELETE" } else { "DELETED" },
            ],
            reports.iter().map(|r| {
                [
                    r.id.to_string(),
                    r.job.clone(),
                    format!("{:.1}", r.age_days),
                    r.path.clone(),
                ]
            }),
        )?,
    }
    Ok(0)
}

fn restore(ctx: &Context, id: i64, to: Option<&Path>, apply: bool) -> anyhow::Result<u8> {
    let mut store = ctx.open_store()?;
    let key = ctx.optional_key()?;
    let report = backup::restore(&mut store, key.as_ref(), id, to, apply)?;
    match ctx.mode {
        Mode::Json => {
            output::json(&serde_json::json!({"status": "ok", "restore": report}))?;
        }
        Mode::Human => match (&report.command, report.applied) {
            (Some(command), false) => output::lines([
                "to import this dump, run (or repeat with --apply):".to_owned(),
                format!("  {command}"),
            ])?,
            _ => output::lines([format!(
                "restored backup #{} of {} from {}{}",
                report.id,
                report.job,
                report.from,
                report
                    .to
                    .as_deref()
                    .map(|t| format!(" to {t}"))
                    .unwrap_or_default()
            )])?,
        },
    }
    Ok(0)
}

fn remove(ctx: &Context, name: &str, yes: bool) -> anyhow::Result<u8> {
    let confirmed = yes
        || (io::stdin().is_terminal() && super::confirm(&format!("remove backup job {name:?}?"))?);
    if !confirmed {
        return Err(UsageError(format!(
            "not removed: pass --yes to remove backup job {name:?}"
        ))
        .into());
    }
    let mut store = ctx.open_store()?;
    backup::remove(&mut store, name)?;
    match ctx.mode {
        Mode::Json => output::json(&serde_json::json!({"status": "ok", "removed": name}))?,
        Mode::Human => {
            output::lines([format!("removed backup job {name} (its backups are kept)")])?;
        }
    }
    Ok(0)
}

fn add(ctx: &Context, args: AddArgs) -> anyhow::Result<u8> {
    let password = if args.mysql_password_stdin {
        let mut text = String::new();
        io::stdin().read_to_string(&mut text)?;
        let text = text.trim_end_matches(['\r', '\n']).to_owned();
        if text.is_empty() {
            return Err(UsageError("the MySQL password on stdin is empty".into()).into());
        }
        Some(Secret::new(text))
    } else {
        None
    };
    let key = if password.is_some() {
        Some(ctx.unlock()?.1)
    } else {
        None
    };
    let mut store = ctx.open_store()?;
    let view = backup::add(
        &mut store,
        key.as_ref(),
        &NewJobRequest {
            name: args.name,
            kind: match args.kind {
                KindArg::Sqlite => Kind::Sqlite,
                KindArg::Mysql => Kind::Mysql,
                KindArg::Files => Kind::Files,
            },
            source: args.source,
            dest_dir: args.dest,
            retention: args.retention,
            category: args.category.map(|c| match c {
                CategoryArg::Db => Category::Db,
                CategoryArg::Config => Category::Config,
                CategoryArg::Data => Category::Data,
                CategoryArg::Logs => Category::Logs,
            }),
            mysql: MysqlOptions {
                host: args.mysql_host,
                port: args.mysql_port,
                socket: args.mysql_socket,
                user: args.mysql_user,
                defaults_file: args.mysql_defaults_file,
            },
            mysql_password: password,
        },
    )?;
    match ctx.mode {
        Mode::Json => output::json(&serde_json::json!({"status": "ok", "job": view}))?,
        Mode::Human => output::lines([format!(
            "added backup job {} ({:?} of {} into {}, kept {:.0} days)",
            view.name, view.kind, view.source, view.dest_dir, view.retention_days
        )])?,
    }
    Ok(0)
}

fn list(ctx: &Context, name: Option<&str>) -> anyhow::Result<u8> {
    let mut store = ctx.open_store()?;
    let jobs = backup::list(&mut store)?;
    let entries = backup::catalog(&mut store, name)?;
    if let Some(name) = name
        && !jobs.iter().any(|j| j.name == name)
        && entries.is_empty()
    {
        return Err(crate::state::Error::NotFound(format!("backup job {name:?}")).into());
    }
    if ctx.mode == Mode::Json {
        output::json(&serde_json::json!({"status": "ok", "jobs": jobs, "backups": entries}))?;
        return Ok(0);
    }
    if name.is_none() {
        output::table(
            [
                "JOB",
                "KIND",
                "SOURCE",
                "DEST",
                "KEEP DAYS",
                "LAST GOOD BACKUP",
            ],
            jobs.iter().map(|j| {
                [
                    j.name.clone(),
                    format!("{:?}", j.kind).to_lowercase(),
                    j.source.clone(),
                    j.dest_dir.clone(),
                    format!("{:.0}", j.retention_days),
                    j.last_backup.as_ref().map_or_else(
                        || "never".into(),
                        |e| format!("#{} {}", e.id, output::utc(e.started_at_ms)),
                    ),
                ]
            }),
        )?;
        return Ok(0);
    }
    if entries.is_empty() {
        output::lines(["no backups yet: run `bizwings backup run NAME`"])?;
        return Ok(0);
    }
    output::table(
        ["ID", "WHEN (UTC)", "STATUS", "SIZE", "SHA256", "FILE"],
        entries.iter().map(|e| {
            [
                e.id.to_string(),
                output::utc(e.started_at_ms),
                e.status.clone(),
                human_size(e.size_bytes),
                e.sha256[..12.min(e.sha256.len())].to_owned(),
                e.path.clone(),
            ]
        }),
    )?;
    Ok(0)
}

fn status_word(s: Status) -> &'static str {
    match s {
        Status::Ok => "OK",
        Status::Warning => "WARN",
        Status::Critical => "FAILED",
        Status::Unknown => "UNKNOWN",
    }
}

fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    #[expect(clippy::cast_precision_loss, reason = "display only")]
    let mut size = bytes as f64;
    let mut unit = 0;
    while size >= 1024.0 && unit < UNITS.len() - 1 {
        size /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{size:.1} {}", UNITS[unit])
    }
}
