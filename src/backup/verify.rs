//! `backup verify`: checksums, and that each kind of file still opens.

use std::fs::File;
use std::io;
use std::path::Path;

use flate2::read::GzDecoder;
use serde::Serialize;

use super::remote::Connections;
use super::{Error, Kind, atomic, mysql};
use crate::crypto::MasterKey;
use crate::exit::Status;
use crate::state::backups::{self as rows, Entry};
use crate::state::{Store, sqlite_files};

/// What `verify` found for one backup.
#[derive(Debug, Clone, Serialize)]
pub struct VerifyReport {
    pub id: i64,
    pub job: String,
    pub path: String,
    pub status: Status,
    pub detail: String,
}

/// Re-checks backups: by catalog id, by job name, or all (`target` `None`); a backup with a
/// remote copy has that copy read back and decrypted too (`key` opens the remote host's
/// stored password, if it has one).
pub fn verify(
    store: &mut Store,
    key: Option<&MasterKey>,
    target: Option<&str>,
) -> Result<Vec<VerifyReport>, Error> {
    let entries = match target {
        Some(t) if t.parse::<i64>().is_ok() => {
            let id = t.parse::<i64>().unwrap_or_default();
            vec![store.read(|tx| rows::entry(tx, id))?]
        }
        Some(job) => store.read(|tx| rows::entries(tx, Some(job), false))?,
        None => store.read(|tx| rows::entries(tx, None, false))?,
    };
    let mut reports = Vec::with_capacity(entries.len());
    let mut remotes = Connections::default();
    for e in entries {
        let remote = e
            .remote_path
            .as_deref()
            .map(|path| check_remote(store, key, &mut remotes, &e, path));
        let (status, detail, new_status) = match (check(&e), remote) {
            (Ok(detail), None | Some(Ok(()))) => (Status::Ok, detail, "ok"),
            (Ok(detail), Some(Err(why))) => (Status::Critical, format!("{detail}; {why}"), "ok"),
            (Err((true, detail)), Some(Ok(()))) => (
                Status::Warning,
                format!(
                    "{detail} here; the remote copy is good (`backup restore {}` fetches it)",
                    e.id
                ),
                "missing",
            ),
            (Err((missing, detail)), remote) => (
                Status::Critical,
                match remote {
                    Some(Err(why)) => format!("{detail}; {why}"),
                    _ => detail,
                },
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

/// Reads entry `e`'s remote copy back through the decryption: every chunk authentic, the
/// plaintext's checksum the catalog's.
fn check_remote(
    store: &mut Store,
    key: Option<&MasterKey>,
    remotes: &mut Connections,
    e: &Entry,
    remote_path: &str,
) -> Result<(), String> {
    let backup_key = super::backup_key(store).map_err(|err| err.to_string())?;
    let conn = remotes
        .to(store, key, remote_path)
        .map_err(|err| err.to_string())?;
    let meta = conn
        .fetch(&backup_key, remote_path, io::sink())
        .map_err(|err| err.to_string())?;
    if meta.sha256 != e.sha256 {
        return Err(format!("remote copy {remote_path} is of another backup"));
    }
    Ok(())
}

/// Checks one backup: `Ok(what was checked)` or `Err((missing, what is wrong))`.
pub(super) fn check(e: &Entry) -> Result<String, (bool, String)> {
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
