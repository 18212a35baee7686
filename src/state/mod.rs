//! The one SQLite state file shared by every subsystem. This module is the only code that
//! imports rusqlite or writes SQL; callers get typed functions and row structs.
//!
//! Opening always does the same things: create the parent directory (0700) and the file (0600),
//! WAL, `synchronous=NORMAL`, `busy_timeout`, foreign keys, then forward migrations. Writes use
//! `BEGIN IMMEDIATE`, so two processes writing at once queue on the lock instead of failing with
//! "database is locked" when a read transaction tries to upgrade.
//!
//! Secrets arrive here already sealed: this module never sees a plaintext key.

#![allow(
    clippy::disallowed_types,
    reason = "the state module is where the connection lives"
)]

mod migrate;

pub mod backups;
pub mod clients;
pub mod heartbeat;
pub mod import;
pub mod inspect;
pub mod keyring;
pub mod names;
pub mod notify;
pub mod providers;
pub mod requests;
pub mod secrets;
pub mod settings;
pub mod sqlite_files;
pub mod tally;
pub mod usage;

use std::fs;
use std::os::unix::fs::{DirBuilderExt as _, OpenOptionsExt as _};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rusqlite::{Connection, ErrorCode, TransactionBehavior};

/// How long a writer waits for another process's transaction before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Errors of the state DB. `Busy` and `Corrupt` are told apart so callers can say what to do.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot create state directory {path}: {source}")]
    CreateDir {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot open state db {path}: {source}")]
    Open {
        path: String,
        source: rusqlite::Error,
    },
    #[error("state db {path} is not a SQLite database or is corrupt: {source}")]
    Corrupt {
        path: String,
        source: rusqlite::Error,
    },
    #[error(
        "state db is locked by another process for more than {}s; retry, or find the stuck process with `fuser <db>`",
        BUSY_TIMEOUT.as_secs()
    )]
    Busy,
    #[error(
        "state db schema version {found} is newer than this bizwings supports ({supported}); upgrade bizwings"
    )]
    TooNew { found: i64, supported: i64 },
    #[error("{0} already exists")]
    Conflict(String),
    #[error("no state db at {path}: run `bizwings init` first (or check --db / BIZWINGS_DB)")]
    Missing { path: String },
    #[error("{0} not found")]
    NotFound(String),
    #[error(
        "master key does not match this database; set the key it was created with (BIZWINGS_MASTER_KEY or BIZWINGS_MASTER_KEY_FILE), or restore the key file from backup"
    )]
    WrongKey,
    /// A SQLite file other than the state DB (a backup source or copy).
    #[error("cannot open SQLite file {path}: {source}")]
    OpenFile {
        path: String,
        source: rusqlite::Error,
    },
    #[error("cannot write backup {path}: {source}")]
    Backup {
        path: String,
        source: rusqlite::Error,
    },
    #[error("cannot write the copy: {0}")]
    WriteCopy(std::io::Error),
    #[error("state db error: {0}")]
    Sql(rusqlite::Error),
}

impl crate::exit::Coded for Error {
    /// Refusals (duplicate, missing, wrong key) are critical; the rest means we could not
    /// find out.
    fn exit_code(&self) -> u8 {
        use crate::exit::Status;
        match self {
            Self::Conflict(_) | Self::NotFound(_) | Self::WrongKey | Self::Missing { .. } => {
                Status::Critical.code()
            }
            _ => Status::Unknown.code(),
        }
    }
}

impl From<rusqlite::Error> for Error {
    fn from(err: rusqlite::Error) -> Self {
        match err.sqlite_error_code() {
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => Self::Busy,
            _ => Self::Sql(err),
        }
    }
}

/// An open state DB. Not `Sync`: each thread or process opens its own.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

/// A transaction handed to the typed functions of the submodules.
pub struct Tx<'a>(rusqlite::Transaction<'a>);

impl Store {
    /// Opens (creating if needed) and migrates the state DB at `path`.
    /// Opens the state DB at `path`, which must exist: only `bizwings init` creates one, so a
    /// mistyped `--db` is an error instead of a new, empty state.
    pub fn open_existing(path: &Path) -> Result<Self, Error> {
        if !path.exists() {
            return Err(Error::Missing {
                path: path.display().to_string(),
            });
        }
        Self::open(path)
    }

    pub fn open(path: &Path) -> Result<Self, Error> {
        let shown = path.display().to_string();
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
            && !dir.exists()
        {
            fs::DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(dir)
                .map_err(|source| Error::CreateDir {
                    path: dir.display().to_string(),
                    source,
                })?;
        }
        // Create the file ourselves so it is 0600 from the first byte; SQLite gives the
        // -wal and -shm files the same mode as the main file.
        if !path.exists() {
            fs::OpenOptions::new()
                .write(true)
                .create(true)
                .truncate(false)
                .mode(0o600)
                .open(path)
                .map_err(|source| Error::CreateDir {
                    path: shown.clone(),
                    source,
                })?;
        }
        let conn = Connection::open(path).map_err(|source| Error::Open {
            path: shown.clone(),
            source,
        })?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        let corrupt = |source| match &source {
            rusqlite::Error::SqliteFailure(e, _)
                if matches!(e.code, ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) =>
            {
                Error::Corrupt {
                    path: shown.clone(),
                    source,
                }
            }
            _ => Error::from(source),
        };
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(corrupt)?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        let mut store = Self {
            conn,
            path: path.to_owned(),
        };
        migrate::run(&mut store.conn)?;
        Ok(store)
    }

    /// The DB file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` in a write transaction (`BEGIN IMMEDIATE`), committing on `Ok`.
    pub fn write<T, E: From<Error>>(
        &mut self,
        f: impl FnOnce(&Tx<'_>) -> Result<T, E>,
    ) -> Result<T, E> {
        self.transaction(TransactionBehavior::Immediate, f)
    }

    /// Runs `f` in a read transaction: one consistent snapshot, never blocks writers (WAL).
    pub fn read<T, E: From<Error>>(
        &mut self,
        f: impl FnOnce(&Tx<'_>) -> Result<T, E>,
    ) -> Result<T, E> {
        self.transaction(TransactionBehavior::Deferred, f)
    }

    fn transaction<T, E: From<Error>>(
        &mut self,
        behavior: TransactionBehavior,
        f: impl FnOnce(&Tx<'_>) -> Result<T, E>,
    ) -> Result<T, E> {
        let tx = self
            .conn
            .transaction_with_behavior(behavior)
            .map_err(Error::from)?;
        let tx = Tx(tx);
        let value = f(&tx)?;
        tx.0.commit().map_err(Error::from)?;
        Ok(value)
    }

    /// Writes a consistent copy of the whole DB to `dest` with SQLite's online backup API;
    /// other processes may keep writing meanwhile.
    pub fn backup_to(&self, dest: &Path) -> Result<(), Error> {
        self.conn
            .backup(rusqlite::MAIN_DB, dest, None)
            .map_err(|source| Error::Backup {
                path: dest.display().to_string(),
                source,
            })
    }
}

/// Current time as UTC unix milliseconds, the unit of every `*_ms` column.
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// Maps a UNIQUE constraint failure to `Conflict(what)`.
/// A JSON column as its type: JSON stays inside `state`, callers get typed values. A value
/// this version cannot read is an error, never silently a default.
fn json_column<T: serde::de::DeserializeOwned>(
    row: &rusqlite::Row<'_>,
    i: usize,
) -> rusqlite::Result<T> {
    let text: String = row.get(i)?;
    serde_json::from_str(&text).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
    })
}

/// A comma-separated column as its items (empty items dropped).
fn split_list(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A value for a JSON column.
fn to_json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "null".into())
}

fn conflict(err: rusqlite::Error, what: impl FnOnce() -> String) -> Error {
    match err.sqlite_error_code() {
        Some(ErrorCode::ConstraintViolation) => Error::Conflict(what()),
        _ => Error::from(err),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_creates_private_file_and_migrates() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("sub/dir/state.db");
        let mut store = Store::open(&path).expect("opens");
        let mode = fs::metadata(&path).expect("exists").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let dir_mode = fs::metadata(path.parent().expect("parent"))
            .expect("dir")
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(dir_mode, 0o700);
        let version = store.read(|tx| migrate::version(&tx.0)).expect("reads");
        assert_eq!(version, migrate::latest());
        drop(store);
        // Re-opening an up-to-date DB is a no-op.
        Store::open(&path).expect("reopens");
    }

    #[test]
    fn refuses_a_file_that_is_not_sqlite() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("junk.db");
        fs::write(&path, vec![0x42; 8192]).expect("write");
        let err = Store::open(&path).expect_err("must fail");
        assert!(matches!(err, Error::Corrupt { .. }), "{err:?}");
    }
}
