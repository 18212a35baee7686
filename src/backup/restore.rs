//! `backup restore`: a verified backup back to a new path (never over an existing one), or
//! the MySQL import pipeline.

use std::fs::{self, File};
use std::io;
use std::path::Path;

use flate2::read::GzDecoder;
use serde::Serialize;

use super::atomic::PartialFile;
use super::verify::check;
use super::{Error, Kind, invalid, mysql, password_aad};
use crate::crypto::MasterKey;
use crate::state::Store;
use crate::state::backups as rows;

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
    /// With `--apply` over a file: where the file it replaced was kept.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kept: Option<String>,
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
    // A host that lost its disk (or a catalog rebuilt from a remote): the copy comes home.
    if e.remote_path.is_some() && !Path::new(&e.path).exists() {
        super::remote::fetch_home(store, key, &e)?;
    }
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
        kept: None,
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
            let options = &job.mysql;
            report.command = Some(mysql::import_command_text(&e.path, options));
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
                mysql::import(src, options, password.as_ref()).map_err(Error::Invalid)?;
                report.applied = true;
            }
        }
        _ if apply => {
            let source = over_source(store, &e, &mut report)?;
            copy_over(src, &source, &mut report)?;
        }
        kind => {
            let to = to.ok_or_else(|| {
                invalid("restoring files needs a target path to write to (--to), or --apply to put it back over its source")
            })?;
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
                unpack(&mut archive, to)
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

/// The job's source, where `--apply` puts a SQLite DB or single-file backup back; a directory
/// archive is never merged into a live directory.
fn over_source(
    store: &mut Store,
    e: &rows::Entry,
    report: &mut RestoreReport,
) -> Result<std::path::PathBuf, Error> {
    if e.path.ends_with(".tar.gz") {
        return Err(invalid(
            "a directory archive is restored to a new path (--to): nothing is merged into a live directory",
        ));
    }
    let job = store
        .read(|tx| rows::find(tx, &e.job_name))?
        .ok_or_else(|| {
            invalid(format!(
                "job {:?} no longer exists: give a path with --to",
                e.job_name
            ))
        })?;
    report.to = Some(job.source.clone());
    Ok(std::path::PathBuf::from(job.source))
}

/// Replaces `target` with the backup `src`, atomically, after keeping a copy of what it
/// replaces beside it.
fn copy_over(src: &Path, target: &Path, report: &mut RestoreReport) -> Result<(), Error> {
    let io_fail = |what: String, err: io::Error| invalid(format!("{what}: {err}"));
    if target.exists() {
        let stamp = chrono::Utc::now().format("%Y%m%d-%H%M%S");
        let mut kept = target.as_os_str().to_owned();
        kept.push(format!(".before-restore-{stamp}"));
        fs::copy(target, &kept)
            .map_err(|err| io_fail(format!("cannot keep a copy of {}", target.display()), err))?;
        report.kept = Some(std::path::PathBuf::from(kept).display().to_string());
    }
    let mut partial = PartialFile::create(target, indicatif::ProgressBar::hidden())
        .map_err(|err| io_fail(format!("cannot write {}", target.display()), err))?;
    let mut input = File::open(src).map_err(|err| io_fail(src.display().to_string(), err))?;
    io::copy(&mut input, &mut partial).map_err(|err| io_fail("copy".into(), err))?;
    partial
        .commit(false)
        .map_err(|err| io_fail("finish".into(), err))?;
    report.applied = true;
    Ok(())
}

/// Unpacks like GNU tar and restic: modes are kept; as root, owners are kept too. A restore
/// that cannot give a file back to its owner never leaves it setuid or setgid, so a user's
/// 4755 file cannot come back as a root-owned setuid program.
fn unpack<R: io::Read>(archive: &mut tar::Archive<R>, to: &Path) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt as _;
    let as_root = rustix::process::geteuid().is_root();
    archive.set_preserve_permissions(true);
    archive.set_preserve_ownerships(as_root);
    archive.set_overwrite(false);
    for entry in archive.entries()? {
        let mut entry = entry?;
        let mode = entry.header().mode().unwrap_or(0);
        let kind = entry.header().entry_type();
        let path = entry.path()?.into_owned();
        entry.unpack_in(to)?;
        if !as_root && mode & 0o6000 != 0 && kind.is_file() {
            fs::set_permissions(to.join(&path), fs::Permissions::from_mode(mode & 0o1777))?;
        }
    }
    Ok(())
}
