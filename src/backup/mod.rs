//! Backups that cron can run and a person can trust: SQLite (online backup API), MySQL
//! (mysqldump, gzipped while streaming), and files (tar.gz of a directory, or timestamped
//! copies of config files). Every file is written as `.partial`, synced and renamed; its
//! sha256 goes into the catalog; `verify` re-checks it; `prune` applies retention but never
//! deletes a job's newest good backup; `restore` puts one back.

mod atomic;
mod jobs;
mod mysql;
mod prune;
mod remote;
mod report;
mod restore;
pub mod retention;
mod run;
mod sealed;
mod snapshot;
mod verify;

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};

pub use self::jobs::{add, catalog, list, new_job, remove};
pub use self::mysql::MysqlOptions;
pub use self::prune::{PruneReport, prune};
pub use self::remote::import;
pub use self::report::{Added, Catalog, Pruned, Ran, Restored, Verified};
pub use self::restore::{RestoreReport, restore};
pub use self::run::{RunReport, daily_state_copy, notify_failures, run};
pub use self::snapshot::{diff, snapshot};
pub use self::verify::{VerifyReport, verify};
use crate::crypto::{self, MasterKey, Secret};
use crate::state::backups::{self as rows, Entry, JobRow};
use crate::state::{self, Store};

/// The name of the built-in job that backs up the state DB itself.
pub const STATE_JOB: &str = "state";
const DAY_MS: i64 = 86_400_000;

pub use crate::error::Error;
use crate::error::invalid;

/// What a job backs up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Sqlite,
    Mysql,
    Files,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Db,
    Config,
    Data,
    Logs,
}

impl Category {
    pub fn as_str(self) -> &'static str {
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
    /// `HOST:/dir`: an encrypted copy of each backup goes there.
    pub remote: Option<String>,
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
    pub remote: Option<String>,
    pub built_in: bool,
    pub last_backup: Option<Entry>,
}

/// `backup key init`: a new backup key in its file (never over an existing one); returns the
/// file and the key's fingerprint.
pub fn init_key(db: &Path) -> Result<(PathBuf, String), Error> {
    let path = crate::config::backup_key_file(db);
    let (key, hex) = MasterKey::generate();
    crypto::write_key_file(&path, &hex)?;
    Ok((path, key.fingerprint().to_owned()))
}

/// The backup key, which a job with a remote needs.
fn backup_key(store: &Store) -> Result<MasterKey, Error> {
    crate::config::backup_key(store.path())?.ok_or_else(|| {
        invalid(format!(
            "backups that leave the host are encrypted: create the backup key with `bizwings backup key init` (or set BIZWINGS_BACKUP_KEY_FILE); expected at {}",
            crate::config::backup_key_file(store.path()).display()
        ))
    })
}

pub fn password_aad(id: i64) -> String {
    crypto::aad("backup_jobs", id, "mysql_password_sealed")
}

/// Whether `source` of a files job names files to copy (a list) rather than a directory.
fn is_file_list(source: &str) -> bool {
    source.contains(',') || Path::new(source).is_file()
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
        mysql: MysqlOptions::default(),
        mysql_password_sealed: None,
        created_at_ms: 0,
        password_ref: String::new(),
        remote: None,
    }
}

fn all_jobs(store: &mut Store) -> Result<Vec<JobRow>, state::Error> {
    let mut jobs = vec![state_job(store)];
    jobs.extend(store.read(rows::list)?);
    Ok(jobs)
}
