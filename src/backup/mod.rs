//! Backups that cron can run and a person can trust: SQLite (online backup API), MySQL
//! (mysqldump, gzipped while streaming), and files (tar.gz of a directory, or timestamped
//! copies of config files). Every file is written as `.partial`, synced and renamed; its
//! sha256 goes into the catalog; `verify` re-checks it; `prune` applies retention but never
//! deletes a job's newest good backup; `restore` puts one back.

mod atomic;
mod mysql;
pub mod retention;

use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use flate2::Compression;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use serde::{Deserialize, Serialize};

use self::atomic::{PartialFile, Written};
pub use self::mysql::MysqlOptions;
use crate::crypto::{self, MasterKey, Secret};
use crate::exit::Status;
use crate::state::backups::{self as rows, Entry, JobRow, NewEntry, NewJob};
use crate::state::{self, Store, now_ms, sqlite_files};

/// The name of the built-in job that backs up the state DB itself.
pub const STATE_JOB: &str = "state";
const DAY_MS: i64 = 86_400_000;

/// Errors that stop a backup command before or between jobs; a failing job is a report.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad input: exit code 64.
    #[error("{0}")]
    Invalid(String),
    #[error(transparent)]
    State(#[from] state::Error),
    #[error(transparent)]
    Crypto(#[from] crypto::Error),
}

fn invalid(msg: impl Into<String>) -> Error {
    Error::Invalid(msg.into())
}

/// What a job backs up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Sqlite,
    Mysql,
    Files,
}

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Self::Sqlite => "sqlite",
            Self::Mysql => "mysql",
            Self::Files => "files",
        }
    }

    fn parse(s: &str) -> Self {
        match s {
            "mysql" => Self::Mysql,
            "files" => Self::Files,
            _ => Self::Sqlite,
        }
    }
}

/// Retention classes of the runbook: database 30 d, config 90 d, data 7 d, logs 90 d.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Db,
    Config,
    Data,
    Logs,
}

impl Category {
    fn as_str(self) -> &'static str {
        match self {
            Self::Db => "db",
            Self::Config => "config",
            Self::Data => "data",
            Self::Logs => "logs",
        }
    }

    /// The runbook's default retention for this class.
    pub fn default_retention(self) -> Duration {
        let days = match self {
            Self::Db => 30,
            Self::Config | Self::Logs => 90,
            Self::Data => 7,
        };
        Duration::from_secs(days * 86_400)
    }
}

/// A new job as asked for.
#[derive(Debug, Clone)]
pub struct NewJobRequest {
    pub name: String,
    pub kind: Kind,
    pub source: String,
    pub dest_dir: PathBuf,
    pub retention: Option<Duration>,
    pub category: Option<Category>,
    pub mysql: MysqlOptions,
    pub mysql_password: Option<Secret>,
}

/// A job as shown.
#[derive(Debug, Clone, Serialize)]
pub struct JobView {
    pub name: String,
    pub kind: Kind,
    pub source: String,
    pub dest_dir: String,
    pub category: String,
    pub retention_days: f64,
    pub built_in: bool,
    pub last_backup: Option<Entry>,
}

fn password_aad(id: i64) -> String {
    crypto::aad("backup_jobs", id, "mysql_password_sealed")
}

/// Whether `source` of a files job names files to copy (a list) rather than a directory.
fn is_file_list(source: &str) -> bool {
    source.contains(',') || Path::new(source).is_file()
}

/// Adds a job after checking that its source exists and its settings make sense.
pub fn add(
    store: &mut Store,
    key: Option<&MasterKey>,
    req: &NewJobRequest,
) -> Result<JobView, Error> {
    crate::config::validate_name("job", &req.name).map_err(Error::Invalid)?;
    if req.name == STATE_JOB {
        return Err(invalid(format!(
            "{STATE_JOB:?} is the built-in job for the state DB; pick another name"
        )));
    }
    if !req.dest_dir.is_absolute() {
        return Err(invalid(format!(
            "--dest must be an absolute path, got {}",
            req.dest_dir.display()
        )));
    }
    let category = match req.kind {
        Kind::Sqlite => {
            if !Path::new(&req.source).is_file() {
                return Err(invalid(format!(
                    "SQLite source {} is not a file",
                    req.source
                )));
            }
            req.category.unwrap_or(Category::Db)
        }
        Kind::Mysql => {
            if req.source.trim().is_empty() {
                return Err(invalid(
                    "--source for mysql is '*' (all databases) or a comma-separated list of databases",
                ));
            }
            req.category.unwrap_or(Category::Db)
        }
        Kind::Files if is_file_list(&req.source) => {
            for file in req.source.split(',').map(str::trim) {
                if !Path::new(file).is_file() {
                    return Err(invalid(format!("{file} is not a file")));
                }
            }
            req.category.unwrap_or(Category::Config)
        }
        Kind::Files => {
            if !Path::new(&req.source).is_dir() {
                return Err(invalid(format!(
                    "files source {} is neither a directory nor a list of files",
                    req.source
                )));
            }
            req.category.unwrap_or(Category::Data)
        }
    };
    let retention = req
        .retention
        .unwrap_or_else(|| category.default_retention());
    let retention_ms = i64::try_from(retention.as_millis()).unwrap_or(i64::MAX);
    if retention_ms <= 0 {
        return Err(invalid("--retention must be longer than zero"));
    }
    if req.mysql_password.is_some() && key.is_none() {
        return Err(invalid(
            "storing a MySQL password needs the master key: run `bizwings init`",
        ));
    }
    let new = NewJob {
        name: req.name.clone(),
        kind: req.kind.as_str().to_owned(),
        source: req.source.clone(),
        dest_dir: req.dest_dir.display().to_string(),
        category: category.as_str().to_owned(),
        retention_ms,
        options_json: serde_json::to_string(&req.mysql).unwrap_or_else(|_| "{}".into()),
    };
    let seal = |id: i64| -> Vec<u8> {
        match (key, &req.mysql_password) {
            (Some(key), Some(pw)) => key.seal(&password_aad(id), pw.expose().as_bytes()),
            _ => Vec::new(),
        }
    };
    let with_password = req.mysql_password.is_some();
    store.write(|tx| {
        rows::insert(
            tx,
            &new,
            with_password.then_some(&seal as &dyn Fn(i64) -> Vec<u8>),
        )?;
        Ok::<_, state::Error>(())
    })?;
    Ok(list(store)?
        .into_iter()
        .find(|j| j.name == req.name)
        .ok_or_else(|| state::Error::NotFound(format!("backup job {:?}", req.name)))?)
}

/// The built-in job: the state DB itself, into `backups/` beside it.
fn state_job(store: &Store) -> JobRow {
    let db = store.path();
    let dir = db
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    JobRow {
        id: 0,
        name: STATE_JOB.into(),
        kind: "sqlite".into(),
        source: db.display().to_string(),
        dest_dir: dir.join("backups").display().to_string(),
        category: "db".into(),
        retention_ms: 30 * DAY_MS,
        options_json: "{}".into(),
        mysql_password_sealed: None,
        created_at_ms: 0,
    }
}

fn all_jobs(store: &mut Store) -> Result<Vec<JobRow>, state::Error> {
    let mut jobs = vec![state_job(store)];
    jobs.extend(store.read(rows::list)?);
    Ok(jobs)
}

/// Jobs with their latest good backup.
pub fn list(store: &mut Store) -> Result<Vec<JobView>, Error> {
    let jobs = all_jobs(store)?;
    let entries = store.read(|tx| rows::entries(tx, None, false))?;
    Ok(jobs
        .into_iter()
        .map(|j| {
            #[expect(clippy::cast_precision_loss, reason = "days for display")]
            let retention_days = j.retention_ms as f64 / DAY_MS as f64;
            JobView {
                last_backup: entries
                    .iter()
                    .find(|e| e.job_name == j.name && e.status == "ok")
                    .cloned(),
                kind: Kind::parse(&j.kind),
                built_in: j.name == STATE_JOB,
                name: j.name,
                source: j.source,
                dest_dir: j.dest_dir,
                category: j.category,
                retention_days,
            }
        })
        .collect())
}

/// Catalog entries (newest first), of one job or all.
pub fn catalog(store: &mut Store, job: Option<&str>) -> Result<Vec<Entry>, Error> {
    Ok(store.read(|tx| rows::entries(tx, job, false))?)
}

/// Removes a job; its backups and catalog stay.
pub fn remove(store: &mut Store, name: &str) -> Result<(), Error> {
    Ok(store.write(|tx| rows::delete(tx, name))?)
}

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
        let title = format!("[CRITICAL] backup {} failed", r.job);
        let text = format!(
            "**Job:** {}\n**Error:** {}\n**Next:** `bizwings backup run {}` after fixing it; `bizwings backup list {}` shows the last good backup",
            r.job,
            crate::notify::feishu::truncate(r.error.as_deref().unwrap_or("unknown"), 2000),
            r.job,
            r.job
        );
        let card = crate::notify::feishu::card(&title, "red", &text, None, "bizwings backup");
        let labels = std::collections::BTreeMap::from([
            ("alertname".to_owned(), "BackupFailed".to_owned()),
            ("source".to_owned(), "backup".to_owned()),
            ("job".to_owned(), r.job.clone()),
            ("severity".to_owned(), "critical".to_owned()),
        ]);
        let message = crate::notify::Message {
            source: "backup",
            title,
            severity: "critical".into(),
            resolved: false,
            card,
        };
        queued += crate::notify::route_and_enqueue(store, &labels, &message)?.len();
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
                RunReport {
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
                }
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
        return Err(invalid("name the jobs to run, or give --all"));
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
            let partial = PartialFile::create(&target, bar)
                .map_err(|e| io_err("cannot create backup file", e))?;
            sqlite_files::online_backup(Path::new(&job.source), partial.partial_path())
                .map_err(|e| e.to_string())?;
            let written = partial
                .commit(true)
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
    let options: MysqlOptions = serde_json::from_str(&job.options_json).unwrap_or_default();
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
    let (written, warnings) = mysql::dump(&job.source, &options, password.as_ref(), partial)?;
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

/// What `verify` found for one backup.
#[derive(Debug, Clone, Serialize)]
pub struct VerifyReport {
    pub id: i64,
    pub job: String,
    pub path: String,
    pub status: Status,
    pub detail: String,
}

/// Re-checks backups: by catalog id, by job name, or all (`target` `None`).
pub fn verify(store: &mut Store, target: Option<&str>) -> Result<Vec<VerifyReport>, Error> {
    let entries = match target {
        Some(t) if t.parse::<i64>().is_ok() => {
            let id = t.parse::<i64>().unwrap_or_default();
            vec![store.read(|tx| rows::entry(tx, id))?]
        }
        Some(job) => store.read(|tx| rows::entries(tx, Some(job), false))?,
        None => store.read(|tx| rows::entries(tx, None, false))?,
    };
    let mut reports = Vec::with_capacity(entries.len());
    for e in entries {
        let (status, detail, new_status) = match check(&e) {
            Ok(detail) => (Status::Ok, detail, "ok"),
            Err((missing, detail)) => (
                Status::Critical,
                detail,
                if missing { "missing" } else { "corrupt" },
            ),
        };
        store.write(|tx| rows::set_status(tx, e.id, new_status, true))?;
        reports.push(VerifyReport {
            id: e.id,
            job: e.job_name,
            path: e.path,
            status,
            detail,
        });
    }
    Ok(reports)
}

/// Checks one backup: `Ok(what was checked)` or `Err((missing, what is wrong))`.
fn check(e: &Entry) -> Result<String, (bool, String)> {
    let path = Path::new(&e.path);
    if !path.exists() {
        return Err((true, format!("{} is missing", e.path)));
    }
    let sha = atomic::sha256_file(path)
        .map_err(|err| (false, format!("cannot read {}: {err}", e.path)))?;
    if sha != e.sha256 {
        return Err((
            false,
            format!(
                "{} does not match its checksum (sha256 {sha}, catalog {})",
                e.path, e.sha256
            ),
        ));
    }
    let bad = |detail: String| (false, format!("{}: {detail}", e.path));
    match (Kind::parse(&e.kind), e.path.as_str()) {
        (Kind::Sqlite, _) => {
            let result = sqlite_files::integrity_check(path).map_err(|err| bad(err.to_string()))?;
            if result != ["ok"] {
                return Err(bad(format!("integrity_check: {}", result.join("; "))));
            }
            Ok("sha256 ok, integrity_check ok".into())
        }
        (Kind::Mysql, _) => {
            let tail = mysql::read_dump_tail(path)
                .map_err(|err| bad(format!("gzip stream unreadable: {err}")))?;
            if !tail.contains("-- Dump completed") {
                return Err(bad(
                    "dump is incomplete (no \"-- Dump completed\" line)".into()
                ));
            }
            Ok("sha256 ok, gzip stream ok, dump complete".into())
        }
        (Kind::Files, p) if p.ends_with(".tar.gz") => {
            let mut archive = tar::Archive::new(GzDecoder::new(
                File::open(path).map_err(|err| bad(err.to_string()))?,
            ));
            let mut count = 0;
            for entry in archive.entries().map_err(|err| bad(err.to_string()))? {
                let mut entry = entry.map_err(|err| bad(format!("tar listing: {err}")))?;
                io::copy(&mut entry, &mut io::sink())
                    .map_err(|err| bad(format!("tar member: {err}")))?;
                count += 1;
            }
            Ok(format!("sha256 ok, archive readable ({count} entries)"))
        }
        (Kind::Files, _) => Ok("sha256 ok".into()),
    }
}

/// One backup that retention removes (or would, with `dry_run`).
#[derive(Debug, Clone, Serialize)]
pub struct PruneReport {
    pub id: i64,
    pub job: String,
    pub path: String,
    pub age_days: f64,
    pub deleted: bool,
}

/// Applies retention as of `now_ms`. Backups of jobs that no longer exist are kept.
pub fn prune(store: &mut Store, now_ms: i64, dry_run: bool) -> Result<Vec<PruneReport>, Error> {
    let jobs = all_jobs(store)?;
    let entries = store.read(|tx| rows::entries(tx, None, false))?;
    let mut reports = Vec::new();
    for job in &jobs {
        let good: Vec<&Entry> = entries
            .iter()
            .filter(|e| e.job_name == job.name && e.status == "ok")
            .collect();
        let stamps: Vec<(i64, i64)> = good.iter().map(|e| (e.id, e.started_at_ms)).collect();
        for id in retention::expired(&stamps, job.retention_ms, now_ms) {
            let Some(e) = good.iter().find(|e| e.id == id) else {
                continue;
            };
            if !dry_run {
                match fs::remove_file(&e.path) {
                    Ok(()) => {}
                    Err(err) if err.kind() == io::ErrorKind::NotFound => {}
                    Err(err) => {
                        tracing::error!(path = %e.path, error = %err, "cannot delete expired backup");
                        continue;
                    }
                }
                store.write(|tx| rows::set_status(tx, e.id, "pruned", false))?;
            }
            #[expect(clippy::cast_precision_loss, reason = "days for display")]
            let age_days = (now_ms - e.started_at_ms) as f64 / DAY_MS as f64;
            reports.push(PruneReport {
                id: e.id,
                job: e.job_name.clone(),
                path: e.path.clone(),
                age_days,
                deleted: !dry_run,
            });
        }
    }
    Ok(reports)
}

/// What `restore` did or would do.
#[derive(Debug, Clone, Serialize)]
pub struct RestoreReport {
    pub id: i64,
    pub job: String,
    pub from: String,
    pub to: Option<String>,
    /// For MySQL without `--apply`: the command that would import it.
    pub command: Option<String>,
    pub applied: bool,
}

/// Restores backup `id`: SQLite and copied files to the file `to`, archives into the
/// directory `to`; MySQL prints the import pipeline, or runs it with `apply`.
pub fn restore(
    store: &mut Store,
    key: Option<&MasterKey>,
    id: i64,
    to: Option<&Path>,
    apply: bool,
) -> Result<RestoreReport, Error> {
    let e = store.read(|tx| rows::entry(tx, id))?;
    check(&e)
        .map_err(|(_, detail)| invalid(format!("refusing to restore backup #{id}: {detail}")))?;
    let src = Path::new(&e.path);
    let mut report = RestoreReport {
        id,
        job: e.job_name.clone(),
        from: e.path.clone(),
        to: to.map(|p| p.display().to_string()),
        command: None,
        applied: false,
    };
    let io_fail = |what: String, err: io::Error| invalid(format!("{what}: {err}"));
    match Kind::parse(&e.kind) {
        Kind::Mysql => {
            let job = store
                .read(|tx| rows::find(tx, &e.job_name))?
                .ok_or_else(|| {
                    invalid(format!(
                        "job {:?} no longer exists: its connection settings are gone",
                        e.job_name
                    ))
                })?;
            let options: MysqlOptions = serde_json::from_str(&job.options_json).unwrap_or_default();
            report.command = Some(mysql::import_command_text(&e.path, &options));
            if apply {
                let password = match (&job.mysql_password_sealed, key) {
                    (Some(sealed), Some(key)) => {
                        Some(key.open_string(&password_aad(job.id), sealed)?)
                    }
                    (Some(_), None) => {
                        return Err(invalid("the stored MySQL password needs the master key"));
                    }
                    (None, _) => None,
                };
                mysql::import(src, &options, password.as_ref()).map_err(Error::Invalid)?;
                report.applied = true;
            }
        }
        kind => {
            let to = to.ok_or_else(|| invalid("give --to PATH"))?;
            if to.exists()
                && (kind != Kind::Files
                    || !e.path.ends_with(".tar.gz")
                    || fs::read_dir(to).is_ok_and(|mut d| d.next().is_some()))
            {
                return Err(invalid(format!(
                    "{} already exists; restore to a new path (nothing is overwritten)",
                    to.display()
                )));
            }
            if e.path.ends_with(".tar.gz") {
                fs::create_dir_all(to)
                    .map_err(|err| io_fail(format!("cannot create {}", to.display()), err))?;
                let mut archive = tar::Archive::new(GzDecoder::new(
                    File::open(src).map_err(|err| io_fail(e.path.clone(), err))?,
                ));
                archive.set_preserve_permissions(true);
                archive
                    .unpack(to)
                    .map_err(|err| io_fail(format!("cannot unpack into {}", to.display()), err))?;
            } else {
                let mut partial = PartialFile::create(to, indicatif::ProgressBar::hidden())
                    .map_err(|err| io_fail(format!("cannot create {}", to.display()), err))?;
                let mut input = File::open(src).map_err(|err| io_fail(e.path.clone(), err))?;
                io::copy(&mut input, &mut partial).map_err(|err| io_fail("copy".into(), err))?;
                partial
                    .commit(false)
                    .map_err(|err| io_fail("finish".into(), err))?;
            }
            report.applied = true;
        }
    }
    Ok(report)
}
