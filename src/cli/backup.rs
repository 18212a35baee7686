//! `bizwings backup …`.

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Subcommand};

use super::{Context, Outcome, parse_duration, remove};
use crate::backup::{self, Category, Kind, MysqlOptions, NewJobRequest};
use crate::output::{self, Done, Mode};

#[derive(Debug, Subcommand)]
pub enum BackupCommand {
    /// Define a backup job
    Add(AddArgs),
    /// List jobs, or the backups of one job
    List {
        /// Show the backups of this job
        name: Option<String>,
    },
    /// Run backup jobs (the built-in `state` job backs up bizwings' own DB)
    #[command(group(clap::ArgGroup::new("jobs").required(true).args(["names", "all"])))]
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
        /// Put it back where it came from: MySQL runs the import; a SQLite DB or file
        /// replaces the job's source (the current one is kept beside it as
        /// SOURCE.before-restore-TIME). Asks first
        #[arg(long, conflicts_with = "to")]
        apply: bool,
        /// With --apply: do not ask (required when stdin is not a terminal)
        #[arg(long, short, requires = "apply")]
        yes: bool,
    },
    /// Copy files into the catalog before changing them (one job per path, `snap-…`, kept 90
    /// days; restore with `backup restore ID --apply`)
    Snapshot {
        /// Files (or directories) to copy
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Where the copies go [default: snapshots/ beside the state DB]
        #[arg(long, value_name = "DIR")]
        dest: Option<PathBuf>,
    },
    /// Show what changed in a file since a backup of it (`diff -u`, backup first)
    Diff {
        /// Catalog id of a single-file backup (see `backup list NAME`)
        id: i64,
    },
    /// The key backups are encrypted under when they leave the host
    #[command(subcommand)]
    Key(KeyCommand),
    /// Backups kept on another host
    #[command(subcommand)]
    Remote(RemoteCommand),
    /// Remove a job (its backups and catalog are kept)
    Rm {
        /// Job name
        name: String,
        /// Do not ask for confirmation (required when stdin is not a terminal)
        #[arg(long, short)]
        yes: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum KeyCommand {
    /// Create the backup key (backup.key beside the DB, or BIZWINGS_BACKUP_KEY_FILE); keep a
    /// copy off this host: without it no remote copy can be restored
    Init,
}

#[derive(Debug, Subcommand)]
pub enum RemoteCommand {
    /// Enter the copies kept at HOST:/dir into the catalog (a new host restoring from them)
    Import {
        /// An inventory host and the remote directory, as given to `backup add --remote`
        #[arg(value_name = "HOST:/DIR")]
        remote: String,
    },
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// Job name
    pub name: String,
    /// What to back up
    #[arg(long, value_enum)]
    pub kind: Kind,
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
    pub category: Option<Category>,
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
    /// Also send each backup, encrypted under the backup key, to HOST:/dir over SFTP (HOST
    /// from `inspect host list`, its host key already trusted)
    #[arg(long, value_name = "HOST:/DIR")]
    pub remote: Option<String>,
}

pub(super) fn run(ctx: &Context, cmd: BackupCommand) -> Outcome {
    match cmd {
        BackupCommand::Add(args) => add(ctx, args),
        BackupCommand::List { name } => list(ctx, name),
        BackupCommand::Run { names, all } => run_jobs(ctx, &names, all),
        BackupCommand::Verify { target, all: _ } => ctx.emit(&backup::Verified {
            backups: backup::verify(
                &mut ctx.open_store()?,
                ctx.optional_key()?.as_ref(),
                target.as_deref(),
            )?,
        }),
        BackupCommand::Prune { dry_run, now } => prune(ctx, dry_run, now.as_deref()),
        BackupCommand::Restore { id, to, apply, yes } => {
            if apply {
                let action = format!("put backup #{id} back over its source");
                super::confirm(yes, &action, "not restored")?;
            }
            let mut store = ctx.open_store()?;
            let key = ctx.optional_key()?;
            ctx.emit(&backup::Restored {
                restore: backup::restore(&mut store, key.as_ref(), id, to.as_deref(), apply)?,
            })
        }
        BackupCommand::Snapshot { paths, dest } => snapshot(ctx, &paths, dest),
        BackupCommand::Key(KeyCommand::Init) => key_init(ctx),
        BackupCommand::Remote(RemoteCommand::Import { remote }) => remote_import(ctx, &remote),
        BackupCommand::Diff { id } => ctx.emit(&backup::diff(&mut ctx.open_store()?, id)?),
        BackupCommand::Rm { name, yes } => {
            let what = format!("backup job {name:?}");
            let said = format!("removed backup job {name} (its backups are kept)");
            remove(ctx, (yes, what, said), &name, |s| backup::remove(s, &name))
        }
    }
}

/// `backup prune`, remote copies included.
fn prune(ctx: &Context, dry_run: bool, now: Option<&str>) -> Outcome {
    let now_ms = super::now_ms(now)?;
    let mut store = ctx.open_store()?;
    let key = ctx.optional_key()?;
    ctx.emit(&backup::Pruned {
        dry_run,
        pruned: backup::prune(&mut store, key.as_ref(), now_ms, dry_run)?,
    })
}

/// `backup key init`: the key made, its file and fingerprint said (never the key).
fn key_init(ctx: &Context) -> Outcome {
    let (path, fingerprint) = backup::init_key(&ctx.db)?;
    ctx.emit(&Done::new(
        format!(
            "created the backup key {} (fingerprint {fingerprint}); keep a copy off this host: without it no remote copy can be restored",
            path.display()
        ),
        serde_json::json!({"key_file": path, "fingerprint": fingerprint}),
    ))
}

/// `backup remote import HOST:/dir`.
fn remote_import(ctx: &Context, remote: &str) -> Outcome {
    let mut store = ctx.open_store()?;
    let imported = backup::import(&mut store, ctx.optional_key()?.as_ref(), remote)?;
    ctx.emit(&Done::new(
        format!(
            "entered {} backup(s) from {remote} into the catalog; `backup list JOB` shows them, `backup restore ID` fetches one",
            imported.len()
        ),
        serde_json::json!({ "imported": imported }),
    ))
}

/// Copies `paths` into the catalog; the copies go to `dest`, else snapshots/ beside the DB.
fn snapshot(ctx: &Context, paths: &[PathBuf], dest: Option<PathBuf>) -> Outcome {
    let dest = dest.unwrap_or_else(|| {
        ctx.db
            .parent()
            .unwrap_or_else(|| std::path::Path::new("."))
            .join("snapshots")
    });
    let jobs = backup::snapshot(&mut ctx.open_store()?, paths, &dest)?;
    ctx.emit(&backup::Ran { jobs })
}

fn list(ctx: &Context, name: Option<String>) -> Outcome {
    let mut store = ctx.open_store()?;
    let jobs = backup::list(&mut store)?;
    let backups = backup::catalog(&mut store, name.as_deref())?;
    if let Some(name) = &name
        && !jobs.iter().any(|j| &j.name == name)
        && backups.is_empty()
    {
        return Err(crate::state::Error::NotFound(format!("backup job {name:?}")).into());
    }
    ctx.emit(&backup::Catalog {
        jobs,
        backups,
        job: name,
    })
}

fn run_jobs(ctx: &Context, names: &[String], all: bool) -> Outcome {
    let mut store = ctx.open_store()?;
    let key = ctx.optional_key()?;
    let show = ctx.mode == Mode::Human && !ctx.quiet;
    let progress = |label: &str| output::progress::bytes(show, label);
    let jobs = backup::run(&mut store, key.as_ref(), names, all, &progress)?;
    if backup::notify_failures(&mut store, &jobs)? > 0 {
        crate::notify::deliver_now(&ctx.db, key.as_ref());
    }
    ctx.emit(&backup::Ran { jobs })
}

fn add(ctx: &Context, args: AddArgs) -> Outcome {
    let (password, key) = ctx
        .password_stdin(args.mysql_password_stdin, "MySQL password")?
        .unzip();
    let request = NewJobRequest {
        name: args.name,
        kind: args.kind,
        source: args.source,
        dest_dir: args.dest,
        retention: args.retention,
        category: args.category,
        mysql: MysqlOptions {
            host: args.mysql_host,
            port: args.mysql_port,
            socket: args.mysql_socket,
            user: args.mysql_user,
            defaults_file: args.mysql_defaults_file,
        },
        mysql_password: password,
        remote: args.remote,
    };
    let job = backup::add(&mut ctx.open_store()?, key.as_ref(), &request)?;
    ctx.emit(&backup::Added { job })
}
