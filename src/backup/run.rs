//! Running jobs: each writes through `PartialFile` (synced, renamed) into its directory under
//! a per-job lock, and is catalogued; a failed job is reported, notified, and never catalogued.

use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};
use std::time::Instant;

use flate2::Compression;
use flate2::write::GzEncoder;
use serde::Serialize;

use super::atomic::{PartialFile, Written};
use super::{Error, Kind, all_jobs, invalid, is_file_list, mysql, password_aad};
use crate::crypto::MasterKey;
use crate::exit::Status;
use crate::notify;
use crate::state::backups::{self as rows, JobRow, NewEntry};
use crate::state::{self, Store, now_ms, sqlite_files};

/// The outcome of one job run.
#[derive(Debug, Clone, Serialize)]
pub struct RunReport {
    pub job: String,
    pub status: Status,
    /// Catalog ids of the files written (one, or one per copied file).
    pub backups: Vec<i64>,
    pub files: Vec<String>,
    pub size_bytes: u64,
    pub duration_ms: u64,
    pub warnings: String,
    pub error: Option<String>,
}

/// Sends a critical notification through the alert routes for every failed job (labels:
/// `alertname=BackupFailed`, `source=backup`, `job`, `severity=critical`). Returns how many
/// messages were queued.
pub fn notify_failures(store: &mut Store, reports: &[RunReport]) -> Result<usize, Error> {
    let mut queued = 0;
    for r in reports.iter().filter(|r| r.status == Status::Critical) {
        let job = notify::escape_markdown(&r.job);
        let body = format!(
            "**Job:** {job}\n**Error:** {}\n**Next:** `bizwings backup run {}` after fixing it; `bizwings backup list {}` shows the last good backup",
            notify::escape_markdown(&notify::feishu::truncate(
                r.error.as_deref().unwrap_or("unknown"),
                2000
            )),
            r.job,
            r.job
        );
        let labels = std::collections::BTreeMap::from([
            ("alertname".to_owned(), "BackupFailed".to_owned()),
            ("source".to_owned(), "backup".to_owned()),
            ("job".to_owned(), r.job.clone()),
            ("severity".to_owned(), "critical".to_owned()),
        ]);
        let message = notify::Message {
            source: "backup".into(),
            title: format!("[CRITICAL] backup {} failed", r.job),
            severity: "critical".into(),
            body,
            id: notify::message_id("backup", &labels, false),
            labels,
            resolved: false,
            links: Vec::new(),
            footer: "bizwings backup".into(),
        };
        queued += notify::route_and_enqueue(store, &message)?.len();
    }
    Ok(queued)
}

/// Runs the named jobs (or all); a failing job does not stop the others.
pub fn run(
    store: &mut Store,
    key: Option<&MasterKey>,
    names: &[String],
    all: bool,
    progress: &dyn Fn(&str) -> indicatif::ProgressBar,
) -> Result<Vec<RunReport>, Error> {
    let jobs = select(store, names, all)?;
    let mut reports = Vec::with_capacity(jobs.len());
    for job in jobs {
        let started_at_ms = now_ms();
        let started = Instant::now();
        let outcome = run_one(&job, key, progress);
        let duration_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        let report = match outcome {
            Ok((written, warnings)) => {
                let ids = store.write(|tx| {
                    written
                        .iter()
                        .map(|w| {
                            rows::record(
                                tx,
                                &NewEntry {
                                    job_name: job.name.clone(),
                                    kind: job.kind.clone(),
                                    path: w.path.display().to_string(),
                                    size_bytes: w.size,
                                    sha256: w.sha256.clone(),
                                    started_at_ms,
                                    duration_ms,
                                    warnings: warnings.clone(),
                                },
                            )
                        })
                        .collect::<Result<Vec<_>, _>>()
                })?;
                let mut report = RunReport {
                    job: job.name.clone(),
                    status: if warnings.is_empty() {
                        Status::Ok
                    } else {
                        Status::Warning
                    },
                    backups: ids,
                    files: written
                        .iter()
                        .map(|w| w.path.display().to_string())
                        .collect(),
                    size_bytes: written.iter().map(|w| w.size).sum(),
                    duration_ms,
                    warnings,
                    error: None,
                };
                if let Some(remote) = &job.remote
                    && let Err(e) = super::remote::send_copies(store, key, remote, &report.backups)
                {
                    let error = format!("kept here, but the copy to {remote} failed: {e}");
                    tracing::error!(job = %job.name, %error, "backup did not leave the host");
                    store.write(|tx| rows::record_failure(tx, &job.name, started_at_ms, &error))?;
                    report.status = Status::Critical;
                    report.error = Some(error);
                }
                report
            }
            Err(error) => {
                tracing::error!(job = %job.name, %error, "backup failed");
                store.write(|tx| rows::record_failure(tx, &job.name, started_at_ms, &error))?;
                RunReport {
                    job: job.name.clone(),
                    status: Status::Critical,
                    backups: Vec::new(),
                    files: Vec::new(),
                    size_bytes: 0,
                    duration_ms,
                    warnings: String::new(),
                    error: Some(error),
                }
            }
        };
        reports.push(report);
    }
    Ok(reports)
}

fn select(store: &mut Store, names: &[String], all: bool) -> Result<Vec<JobRow>, Error> {
    let jobs = all_jobs(store)?;
    if all {
        return Ok(jobs);
    }
    if names.is_empty() {
        return Err(invalid("name the jobs to run, or ask for all of them"));
    }
    names
        .iter()
        .map(|n| {
            jobs.iter()
                .find(|j| &j.name == n)
                .cloned()
                .ok_or_else(|| Error::State(state::Error::NotFound(format!("backup job {n:?}"))))
        })
        .collect()
}

/// The current UTC time as `(YYYYmmdd, HHMMSS)`, for file names that sort by time.
fn utc_stamp() -> (String, String) {
    let text = humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string();
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    (digits[..8].to_owned(), digits[8..14].to_owned())
}

/// `NAME-20261126T092030Z`: the base name of a job's backup file.
fn backup_base(job: &str) -> String {
    let (date, time) = utc_stamp();
    format!("{job}-{date}T{time}Z")
}

/// A free final path in `dir` for `base` + `ext` (a second run in the same second gets `-2`).
fn target_path(dir: &Path, base: &str, ext: &str) -> PathBuf {
    let first = dir.join(format!("{base}{ext}"));
    if !first.exists() {
        return first;
    }
    (2..10_000)
        .map(|n| dir.join(format!("{base}-{n}{ext}")))
        .find(|p| !p.exists())
        .unwrap_or(first)
}

/// Runs one job: the files written and any warnings, or why it failed.
fn run_one(
    job: &JobRow,
    key: Option<&MasterKey>,
    progress: &dyn Fn(&str) -> indicatif::ProgressBar,
) -> Result<(Vec<Written>, String), String> {
    let dest = Path::new(&job.dest_dir);
    create_private_dir(dest).map_err(|e| format!("cannot create {}: {e}", dest.display()))?;
    // One run per job at a time; holding the lock also makes leftover partials safe to remove.
    let lock_path = dest.join(format!(".{}.lock", job.name));
    let lock = File::create(&lock_path)
        .map_err(|e| format!("cannot create {}: {e}", lock_path.display()))?;
    lock.try_lock().map_err(|_| {
        format!(
            "job {} is already running (lock {})",
            job.name,
            lock_path.display()
        )
    })?;
    remove_stale_partials(dest, &job.name);
    let bar = progress(&job.name);
    let io_err = |what: &str, e: io::Error| format!("{what}: {e}");
    match Kind::parse(&job.kind) {
        Kind::Sqlite => {
            let target = target_path(dest, &backup_base(&job.name), ".sqlite");
            let mut partial = PartialFile::create(&target, bar)
                .map_err(|e| io_err("cannot create backup file", e))?;
            let source = Path::new(&job.source);
            // Page by page through `partial`, hashed as written; the backup API (whose copy
            // must be read back) only where this SQLite lacks `sqlite_dbpage`.
            let copied =
                sqlite_files::copy_pages(source, &mut partial).map_err(|e| e.to_string())?;
            if copied.is_none() {
                sqlite_files::online_backup(source, partial.partial_path())
                    .map_err(|e| e.to_string())?;
            }
            let written = partial
                .commit(copied.is_none())
                .map_err(|e| io_err("cannot finish backup file", e))?;
            Ok((vec![written], String::new()))
        }
        Kind::Mysql => run_mysql(job, key, dest, bar),
        Kind::Files if is_file_list(&job.source) => {
            let (date, time) = utc_stamp();
            let stamp = format!("{date}-{time}");
            let mut written = Vec::new();
            for file in job.source.split(',').map(str::trim) {
                let src = Path::new(file);
                let name = src
                    .file_name()
                    .map_or_else(|| "file".into(), |n| n.to_string_lossy().into_owned());
                let target = target_path(dest, &format!("{name}.{stamp}"), ".bak");
                let mut partial = PartialFile::create(&target, bar.clone())
                    .map_err(|e| io_err("cannot create backup file", e))?;
                let mut input =
                    File::open(src).map_err(|e| io_err(&format!("cannot read {file}"), e))?;
                io::copy(&mut input, &mut partial)
                    .map_err(|e| io_err(&format!("cannot copy {file}"), e))?;
                written.push(
                    partial
                        .commit(false)
                        .map_err(|e| io_err("cannot finish backup file", e))?,
                );
            }
            Ok((written, String::new()))
        }
        Kind::Files => {
            let target = target_path(dest, &backup_base(&job.name), ".tar.gz");
            let partial = PartialFile::create(&target, bar)
                .map_err(|e| io_err("cannot create backup file", e))?;
            let mut tar = tar::Builder::new(GzEncoder::new(partial, Compression::default()));
            tar.follow_symlinks(false);
            tar.append_dir_all(".", &job.source)
                .map_err(|e| io_err(&format!("cannot archive {}", job.source), e))?;
            let partial = tar
                .into_inner()
                .and_then(GzEncoder::finish)
                .map_err(|e| io_err("cannot finish archive", e))?;
            let written = partial
                .commit(false)
                .map_err(|e| io_err("cannot finish backup file", e))?;
            Ok((vec![written], String::new()))
        }
    }
}

fn run_mysql(
    job: &JobRow,
    key: Option<&MasterKey>,
    dest: &Path,
    bar: indicatif::ProgressBar,
) -> Result<(Vec<Written>, String), String> {
    let options = &job.mysql;
    let password = match (&job.mysql_password_sealed, key) {
        (Some(sealed), Some(key)) => Some(
            key.open_string(&password_aad(job.id), sealed)
                .map_err(|e| e.to_string())?,
        ),
        (Some(_), None) => {
            return Err(
                "the stored MySQL password needs the master key (BIZWINGS_MASTER_KEY_FILE)".into(),
            );
        }
        (None, _) => None,
    };
    let target = target_path(dest, &backup_base(&job.name), ".sql.gz");
    let partial =
        PartialFile::create(&target, bar).map_err(|e| format!("cannot create backup file: {e}"))?;
    let (written, warnings) = mysql::dump(&job.source, options, password.as_ref(), partial)?;
    Ok((vec![written], warnings))
}

fn create_private_dir(dir: &Path) -> io::Result<()> {
    use std::os::unix::fs::DirBuilderExt as _;
    if dir.is_dir() {
        return Ok(());
    }
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
}

/// Leftovers of an interrupted run of `job` (`job-….partial`): never counted, now removed.
fn remove_stale_partials(dir: &Path, job: &str) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with(&format!("{job}-")) && name.ends_with(".partial") {
            tracing::info!(file = %entry.path().display(), "removing the leftover of an interrupted backup");
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// The sidecar's daily copy of the state DB `db`: `bizwings-state-YYYYMMDD.db` in `dir`, at
/// most one per UTC day, written like every backup here (online backup API into a 0600
/// `.partial`, synced, renamed, in a 0700 directory), keeping the last `keep_days` days.
/// Returns the file written, if one was due.
pub fn daily_state_copy(db: &Path, dir: &Path, keep_days: u32) -> Result<Option<PathBuf>, Error> {
    const PREFIX: &str = "bizwings-state-";
    let io_err = |context: String| move |source| Error::Io { context, source };
    let (today, _) = utc_stamp();
    let target = dir.join(format!("{PREFIX}{today}.db"));
    let mut written = None;
    if !target.exists() {
        create_private_dir(dir).map_err(io_err(format!("cannot create {}", dir.display())))?;
        let partial = PartialFile::create(&target, indicatif::ProgressBar::hidden())
            .map_err(io_err(format!("cannot create {}", target.display())))?;
        sqlite_files::online_backup(db, partial.partial_path())?;
        partial
            .commit(false)
            .map_err(io_err(format!("cannot finish {}", target.display())))?;
        tracing::info!(file = %target.display(), "daily backup of the state DB written");
        written = Some(target);
    }
    let oldest_kept = {
        let t = std::time::SystemTime::now()
            - std::time::Duration::from_secs(u64::from(keep_days.saturating_sub(1)) * 86_400);
        let text = humantime::format_rfc3339_seconds(t).to_string();
        text[..10].replace('-', "")
    };
    for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let day = name
            .strip_prefix(PREFIX)
            .and_then(|n| n.strip_suffix(".db"));
        if day.is_some_and(|d| d.len() == 8 && d < oldest_kept.as_str()) {
            tracing::info!(file = %entry.path().display(), "removing a daily backup past its retention");
            let _ = fs::remove_file(entry.path());
        }
    }
    Ok(written)
}
