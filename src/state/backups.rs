//! Backup jobs and the catalog of backup files.

use rusqlite::{OptionalExtension as _, Row, params};
use serde::{Deserialize, Serialize};

use super::{Error, Tx, conflict, json_column, now_ms, to_json};

/// How a MySQL job reaches the server. All optional: mysqldump's own defaults (and
/// `~/.my.cnf`) apply.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MysqlOptions {
    pub host: Option<String>,
    pub port: Option<u16>,
    pub socket: Option<String>,
    pub user: Option<String>,
    /// An option file with the credentials (used instead of a stored password).
    pub defaults_file: Option<String>,
}

/// A job as stored. The MySQL password, if any, is still sealed.
#[derive(Debug, Clone, Serialize)]
pub struct JobRow {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub source: String,
    pub dest_dir: String,
    pub category: String,
    pub retention_ms: i64,
    pub mysql: MysqlOptions,
    #[serde(skip)]
    pub mysql_password_sealed: Option<Vec<u8>>,
    pub created_at_ms: i64,
    /// Where `apply` read the password from (`env:VAR`, `file:PATH`); empty otherwise.
    #[serde(skip)]
    pub password_ref: String,
    /// Where an encrypted copy of each backup goes: `HOST:/dir` (an inventory host).
    pub remote: Option<String>,
}

/// Fields of a new job; the password is sealed by the caller once the id is known.
#[derive(Debug, Clone)]
pub struct NewJob {
    pub name: String,
    pub kind: String,
    pub source: String,
    pub dest_dir: String,
    pub category: String,
    pub retention_ms: i64,
    pub mysql: MysqlOptions,
    pub remote: Option<String>,
}

const JOB_COLUMNS: &str = "id, name, kind, source, dest_dir, category, retention_ms, options_json,
    mysql_password_sealed, created_at_ms, password_ref, remote";

fn job_from_row(row: &Row<'_>) -> rusqlite::Result<JobRow> {
    Ok(JobRow {
        id: row.get(0)?,
        name: row.get(1)?,
        kind: row.get(2)?,
        source: row.get(3)?,
        dest_dir: row.get(4)?,
        category: row.get(5)?,
        retention_ms: row.get(6)?,
        mysql: json_column(row, 7)?,
        mysql_password_sealed: row.get(8)?,
        created_at_ms: row.get(9)?,
        password_ref: row.get(10)?,
        remote: row.get(11)?,
    })
}

/// Records where `apply` read a job's password from.
pub fn set_password_ref(tx: &Tx<'_>, name: &str, password_ref: &str) -> Result<(), Error> {
    tx.0.execute(
        "UPDATE backup_jobs SET password_ref = ?2 WHERE name = ?1",
        params![name, password_ref],
    )?;
    Ok(())
}

/// Inserts a job; `seal` (when given) returns the sealed password for the new id.
pub fn insert(
    tx: &Tx<'_>,
    job: &NewJob,
    seal: Option<&dyn Fn(i64) -> Vec<u8>>,
) -> Result<i64, Error> {
    tx.0.execute(
        "INSERT INTO backup_jobs (name, kind, source, dest_dir, category, retention_ms,
                                  options_json, created_at_ms, remote)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            job.name,
            job.kind,
            job.source,
            job.dest_dir,
            job.category,
            job.retention_ms,
            to_json(&job.mysql),
            now_ms(),
            job.remote
        ],
    )
    .map_err(|e| conflict(e, || format!("backup job {:?}", job.name)))?;
    let id = tx.0.last_insert_rowid();
    if let Some(seal) = seal {
        tx.0.execute(
            "UPDATE backup_jobs SET mysql_password_sealed = ?2 WHERE id = ?1",
            params![id, seal(id)],
        )?;
    }
    Ok(id)
}

/// All jobs by name.
pub fn list(tx: &Tx<'_>) -> Result<Vec<JobRow>, Error> {
    let mut stmt = tx.0.prepare(&format!(
        "SELECT {JOB_COLUMNS} FROM backup_jobs ORDER BY name"
    ))?;
    Ok(stmt
        .query_map([], job_from_row)?
        .collect::<rusqlite::Result<_>>()?)
}

/// One job by name.
pub fn find(tx: &Tx<'_>, name: &str) -> Result<Option<JobRow>, Error> {
    Ok(tx
        .0
        .query_row(
            &format!("SELECT {JOB_COLUMNS} FROM backup_jobs WHERE name = ?1"),
            [name],
            job_from_row,
        )
        .optional()?)
}

/// Deletes a job (its catalog stays).
pub fn delete(tx: &Tx<'_>, name: &str) -> Result<(), Error> {
    if tx
        .0
        .execute("DELETE FROM backup_jobs WHERE name = ?1", [name])?
        == 0
    {
        return Err(Error::NotFound(format!("backup job {name:?}")));
    }
    Ok(())
}

/// A backup file in the catalog.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    pub id: i64,
    pub job_name: String,
    pub kind: String,
    pub path: String,
    pub size_bytes: u64,
    pub sha256: String,
    pub started_at_ms: i64,
    pub duration_ms: u64,
    pub status: String,
    pub warnings: String,
    pub verified_at_ms: Option<i64>,
    /// Its encrypted copy on another host (`HOST:/path`), if one was sent.
    pub remote_path: Option<String>,
}

/// A finished backup to record.
#[derive(Debug, Clone)]
pub struct NewEntry {
    pub job_name: String,
    pub kind: String,
    pub path: String,
    pub size_bytes: u64,
    pub sha256: String,
    pub started_at_ms: i64,
    pub duration_ms: u64,
    pub warnings: String,
}

const ENTRY_COLUMNS: &str = "id, job_name, kind, path, size_bytes, sha256, started_at_ms,
    duration_ms, status, warnings, verified_at_ms, remote_path";

fn entry_from_row(row: &Row<'_>) -> rusqlite::Result<Entry> {
    Ok(Entry {
        id: row.get(0)?,
        job_name: row.get(1)?,
        kind: row.get(2)?,
        path: row.get(3)?,
        size_bytes: row.get(4)?,
        sha256: row.get(5)?,
        started_at_ms: row.get(6)?,
        duration_ms: row.get(7)?,
        status: row.get(8)?,
        warnings: row.get(9)?,
        verified_at_ms: row.get(10)?,
        remote_path: row.get(11)?,
    })
}

/// Records a good backup; returns its catalog id.
pub fn record(tx: &Tx<'_>, e: &NewEntry) -> Result<i64, Error> {
    tx.0.execute(
        "INSERT INTO backup_catalog (job_name, kind, path, size_bytes, sha256, started_at_ms,
                                     duration_ms, status, warnings)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'ok', ?8)",
        params![
            e.job_name,
            e.kind,
            e.path,
            e.size_bytes,
            e.sha256,
            e.started_at_ms,
            e.duration_ms,
            e.warnings
        ],
    )?;
    Ok(tx.0.last_insert_rowid())
}

/// Records where an entry's encrypted copy went.
pub fn set_remote_path(tx: &Tx<'_>, id: i64, remote_path: &str) -> Result<(), Error> {
    tx.0.execute(
        "UPDATE backup_catalog SET remote_path = ?2 WHERE id = ?1",
        params![id, remote_path],
    )?;
    Ok(())
}

/// Records a backup found on a remote (a catalog rebuilt on another host), once: `None` when
/// the catalog already holds that remote copy.
pub fn import(tx: &Tx<'_>, e: &NewEntry, remote_path: &str) -> Result<Option<i64>, Error> {
    let known: Option<i64> =
        tx.0.query_row(
            "SELECT id FROM backup_catalog WHERE remote_path = ?1",
            [remote_path],
            |r| r.get(0),
        )
        .optional()?;
    if known.is_some() {
        return Ok(None);
    }
    let id = record(tx, e)?;
    set_remote_path(tx, id, remote_path)?;
    Ok(Some(id))
}

/// Records a failed run.
pub fn record_failure(
    tx: &Tx<'_>,
    job_name: &str,
    started_at_ms: i64,
    error: &str,
) -> Result<(), Error> {
    tx.0.execute(
        "INSERT INTO backup_failures (job_name, started_at_ms, error) VALUES (?1, ?2, ?3)",
        params![job_name, started_at_ms, error],
    )?;
    Ok(())
}

/// Catalog entries, newest first; of one job when `job` is given; pruned ones only if asked.
pub fn entries(tx: &Tx<'_>, job: Option<&str>, include_pruned: bool) -> Result<Vec<Entry>, Error> {
    let mut stmt = tx.0.prepare(&format!(
        "SELECT {ENTRY_COLUMNS} FROM backup_catalog
         WHERE (?1 IS NULL OR job_name = ?1) AND (?2 OR status != 'pruned')
         ORDER BY started_at_ms DESC, id DESC"
    ))?;
    Ok(stmt
        .query_map(params![job, include_pruned], entry_from_row)?
        .collect::<rusqlite::Result<_>>()?)
}

/// One catalog entry.
pub fn entry(tx: &Tx<'_>, id: i64) -> Result<Entry, Error> {
    tx.0.query_row(
        &format!("SELECT {ENTRY_COLUMNS} FROM backup_catalog WHERE id = ?1"),
        [id],
        entry_from_row,
    )
    .optional()?
    .ok_or_else(|| Error::NotFound(format!("backup #{id}")))
}

/// Sets an entry's status; `verified` also stamps the verification time.
pub fn set_status(tx: &Tx<'_>, id: i64, status: &str, verified: bool) -> Result<(), Error> {
    tx.0.execute(
        "UPDATE backup_catalog SET status = ?2,
                verified_at_ms = CASE WHEN ?3 THEN ?4 ELSE verified_at_ms END
         WHERE id = ?1",
        params![id, status, verified, now_ms()],
    )?;
    Ok(())
}

/// Where a job stands, for metrics: its newest good backup and its newest failure.
#[derive(Debug, Clone)]
pub struct JobSummary {
    pub job: String,
    /// Start time and size of the newest backup still in the catalog as good.
    pub last_ok: Option<(i64, u64)>,
    pub last_failure_ms: Option<i64>,
}

/// One summary per job that exists, and for the built-in `state` job once it ran.
pub fn summaries(tx: &Tx<'_>) -> Result<Vec<JobSummary>, Error> {
    let mut stmt = tx.0.prepare(
        "WITH j (name) AS (
            SELECT name FROM backup_jobs
            UNION SELECT job_name FROM backup_catalog WHERE job_name = 'state'
            UNION SELECT job_name FROM backup_failures WHERE job_name = 'state')
         SELECT j.name,
                (SELECT started_at_ms FROM backup_catalog c
                  WHERE c.job_name = j.name AND c.status = 'ok' ORDER BY started_at_ms DESC, id DESC LIMIT 1),
                (SELECT size_bytes FROM backup_catalog c
                  WHERE c.job_name = j.name AND c.status = 'ok' ORDER BY started_at_ms DESC, id DESC LIMIT 1),
                (SELECT MAX(started_at_ms) FROM backup_failures f WHERE f.job_name = j.name)
         FROM j ORDER BY j.name",
    )?;
    Ok(stmt
        .query_map([], |row| {
            let at: Option<i64> = row.get(1)?;
            let size: Option<u64> = row.get(2)?;
            Ok(JobSummary {
                job: row.get(0)?,
                last_ok: at.zip(size),
                last_failure_ms: row.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}
