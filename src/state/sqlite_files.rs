//! Operations on SQLite files other than the state DB (backup sources and copies): online
//! backup and integrity checks. Here because this module is the only one that speaks SQL.

use std::path::Path;

use rusqlite::backup::StepResult;
use rusqlite::{Connection, OpenFlags};

use super::Error;

fn open_read_only(path: &Path) -> Result<Connection, Error> {
    Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|source| Error::OpenFile {
        path: path.display().to_string(),
        source,
    })
}

/// Copies the SQLite DB at `src` to `dest` with the online backup API, in one step: one
/// consistent snapshot that never restarts, and (in WAL mode) never blocks the writers.
pub fn online_backup(src: &Path, dest: &Path) -> Result<(), Error> {
    let source = open_read_only(src)?;
    source.busy_timeout(std::time::Duration::from_secs(30))?;
    let mut target = Connection::open(dest).map_err(|source| Error::OpenFile {
        path: dest.display().to_string(),
        source,
    })?;
    let backup =
        rusqlite::backup::Backup::new(&source, &mut target).map_err(|source| Error::Backup {
            path: dest.display().to_string(),
            source,
        })?;

    let failed = |source| Error::Backup {
        path: dest.display().to_string(),
        source,
    };
    let mut waits = 0;
    loop {
        match backup.step(-1).map_err(failed)? {
            StepResult::Done => break,
            // The source is locked (a checkpoint, say): wait, but not forever.
            StepResult::Busy | StepResult::Locked if waits < 600 => {
                waits += 1;
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            StepResult::Busy | StepResult::Locked => return Err(Error::Busy),
            _ => {}
        }
    }
    drop(backup);
    // A backup of a WAL database is a WAL database: fold it into one self-contained file.
    target.pragma_update(None, "journal_mode", "DELETE")?;
    Ok(())
}

/// Writes the SQLite DB at `src` to `out` page by page, from one read transaction (a
/// consistent snapshot that does not block writers in WAL mode), as a self-contained
/// rollback-journal file: the same file the backup API makes, but through `out`, so the
/// caller can hash it as it is written. `Ok(None)` when this SQLite lacks `sqlite_dbpage`.
pub fn copy_pages(src: &Path, out: &mut impl std::io::Write) -> Result<Option<u64>, Error> {
    let conn = open_read_only(src)?;
    conn.busy_timeout(std::time::Duration::from_secs(30))?;
    conn.execute_batch("BEGIN")?;
    let mut stmt = match conn.prepare("SELECT pgno, data FROM sqlite_dbpage") {
        Ok(stmt) => stmt,
        Err(e) if e.to_string().contains("no such table") => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    let mut rows = stmt.query([])?;
    let mut bytes = 0_u64;
    while let Some(row) = rows.next()? {
        let pgno: i64 = row.get(0)?;
        let data = row.get_ref(1)?.as_blob().map_err(|e| {
            Error::Sql(rusqlite::Error::FromSqlConversionFailure(
                1,
                rusqlite::types::Type::Blob,
                Box::new(e),
            ))
        })?;
        if pgno == 1 && data.len() >= 20 && data[18] == 2 && data[19] == 2 {
            // The header says WAL; the copy has no WAL beside it: legacy (rollback) format.
            let mut first = data.to_vec();
            first[18] = 1;
            first[19] = 1;
            out.write_all(&first).map_err(Error::WriteCopy)?;
        } else {
            out.write_all(data).map_err(Error::WriteCopy)?;
        }
        bytes += data.len() as u64;
    }
    Ok(Some(bytes))
}

/// `PRAGMA integrity_check` on a file opened read-only; `Ok(vec!["ok"])` when sound.
pub fn integrity_check(path: &Path) -> Result<Vec<String>, Error> {
    let conn = open_read_only(path)?;
    let mut stmt = conn.prepare("PRAGMA integrity_check")?;
    let rows = stmt.query_map([], |row| row.get::<_, String>(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
