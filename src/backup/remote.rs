//! Backups that leave the host: each backup of a job with a remote (`HOST:/dir`, HOST from the
//! `inspect` inventory, its host key checked the same way) is sent there encrypted under the
//! backup key (`sealed.rs`), as `/dir/JOB/FILE.bwb`. `verify` reads the copy back, `prune`
//! deletes it with its backup, `restore` fetches it when the local file is gone, and
//! `backup remote import` rebuilds a catalog from the copies alone.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::sealed::{self, Meta};
use super::{Error, invalid};
use crate::crypto::MasterKey;
use crate::ssh;
use crate::state::Store;
use crate::state::backups::{self as rows, Entry};

/// Copies end in this, so a directory listing tells them from anything else kept there.
const SUFFIX: &str = ".bwb";
/// Connecting, and each network read and write.
const TIMEOUT: Duration = Duration::from_secs(30);

/// `HOST:/dir`: an inventory host and an absolute directory on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Remote {
    pub host: String,
    pub dir: String,
}

impl Remote {
    pub fn parse(text: &str) -> Result<Self, String> {
        let (host, dir) = text.split_once(':').ok_or_else(|| {
            format!("remote {text:?}: expected HOST:/dir (HOST from `inspect host list`)")
        })?;
        crate::config::validate_name("host", host)?;
        let own = dir.trim_end_matches('/');
        if !dir.starts_with('/')
            || own.is_empty()
            || dir.chars().any(char::is_control)
            || dir.contains("/../")
        {
            return Err(format!(
                "remote {text:?}: the directory must be an absolute path of its own (not /)"
            ));
        }
        Ok(Self {
            host: host.to_owned(),
            dir: own.to_owned(),
        })
    }
}

/// A copy's place in the catalog: `HOST:/dir/JOB/FILE.bwb`.
fn split(remote_path: &str) -> Result<(&str, &str), Error> {
    remote_path
        .split_once(':')
        .ok_or_else(|| invalid(format!("remote copy {remote_path:?}: not HOST:/path")))
}

/// An SFTP session with one inventory host.
pub struct Connection {
    host: String,
    sftp: ssh2::Sftp,
    // The session must outlive its SFTP channel.
    _session: ssh2::Session,
}

/// Logs in to inventory host `host` (its key or stored password, as `inspect` does).
pub fn connect(
    store: &mut Store,
    key: Option<&MasterKey>,
    host: &str,
) -> Result<Connection, Error> {
    let row = store
        .read(|tx| crate::state::inspect::get(tx, host))
        .map_err(|_| invalid(format!("remote host {host:?} is not in the inventory: add it with `bizwings inspect host add`")))?;
    let auth = match (&row.password_sealed, &row.identity_path) {
        (Some(sealed), _) => {
            let key = key.ok_or_else(|| {
                invalid(format!(
                    "host {host} has a stored password: the master key is needed"
                ))
            })?;
            let aad = crate::crypto::aad("inspect_hosts", row.id, "password_sealed");
            ssh::Auth::Password(key.open_string(&aad, sealed)?)
        }
        (None, Some(path)) => ssh::Auth::Identity(PathBuf::from(path)),
        (None, None) => ssh::Auth::Default,
    };
    let known = ssh::KnownHosts {
        user_file: ssh::user_known_hosts(),
        own_file: ssh::own_known_hosts(store.path()),
        accept_new: false,
    };
    let target = ssh::Target {
        addr: &row.addr,
        port: row.port,
        user: &row.user,
        auth: &auth,
    };
    let session = ssh::connect(target, &known, TIMEOUT).map_err(|e| {
        invalid(format!(
            "remote {host}: {e} (trust a new host key with `bizwings inspect {host} --accept-new`)"
        ))
    })?;
    let sftp = session
        .sftp()
        .map_err(|e| invalid(format!("remote {host}: no SFTP: {}", e.message())))?;
    Ok(Connection {
        host: host.to_owned(),
        sftp,
        _session: session,
    })
}

impl Connection {
    fn fail(&self, what: &str, e: &ssh2::Error) -> Error {
        invalid(format!("remote {}: {what}: {}", self.host, e.message()))
    }

    /// Sends `local` sealed under `key` as `dir/JOB/NAME.bwb` (written aside, then renamed);
    /// returns its catalog form.
    pub fn upload(
        &self,
        key: &MasterKey,
        meta: &Meta,
        local: &Path,
        dir: &str,
    ) -> Result<String, Error> {
        let job_dir = format!("{dir}/{}", meta.job);
        for d in [dir, job_dir.as_str()] {
            // An existing directory is fine; a missing one is made private.
            if self.sftp.stat(Path::new(d)).is_err() {
                self.sftp
                    .mkdir(Path::new(d), 0o700)
                    .map_err(|e| self.fail(&format!("cannot create {d}"), &e))?;
            }
        }
        let name = local
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .ok_or_else(|| invalid(format!("{} has no file name", local.display())))?;
        let path = format!("{job_dir}/{name}{SUFFIX}");
        let part = format!("{path}.part");
        let file = std::fs::File::open(local)
            .map_err(|e| invalid(format!("cannot read {}: {e}", local.display())))?;
        let mut out = self
            .sftp
            .create(Path::new(&part))
            .map_err(|e| self.fail(&format!("cannot create {part}"), &e))?;
        sealed::seal(
            key,
            meta,
            std::io::BufReader::new(file),
            std::io::BufWriter::with_capacity(1 << 16, &mut out),
        )
        .map_err(|e| invalid(format!("remote {}: sending {name}: {e}", self.host)))?;
        out.flush()
            .map_err(|e| invalid(format!("remote {}: {e}", self.host)))?;
        drop(out);
        self.sftp
            .rename(Path::new(&part), Path::new(&path), None)
            .map_err(|e| self.fail(&format!("cannot rename {part}"), &e))?;
        Ok(format!("{}:{path}", self.host))
    }

    /// Reads copy `remote_path` back, decrypted into `out`, every chunk and the checksum
    /// checked.
    pub fn fetch(
        &self,
        key: &MasterKey,
        remote_path: &str,
        out: impl std::io::Write,
    ) -> Result<Meta, Error> {
        let (_, path) = split(remote_path)?;
        let file = self
            .sftp
            .open(Path::new(path))
            .map_err(|e| self.fail(&format!("cannot open {path}"), &e))?;
        sealed::open(key, std::io::BufReader::with_capacity(1 << 16, file), out)
            .map_err(|e| invalid(format!("remote copy {remote_path}: {e}")))
    }

    /// Deletes a copy; one already gone is no error.
    pub fn delete(&self, remote_path: &str) -> Result<(), Error> {
        let (_, path) = split(remote_path)?;
        match self.sftp.unlink(Path::new(path)) {
            Ok(()) => Ok(()),
            Err(_) if self.sftp.stat(Path::new(path)).is_err() => Ok(()),
            Err(e) => Err(self.fail(&format!("cannot delete {path}"), &e)),
        }
    }

    /// Every copy under `dir` (one directory per job), with what each says of itself.
    pub fn list(&self, key: &MasterKey, dir: &str) -> Result<Vec<(String, Meta)>, Error> {
        let mut found = Vec::new();
        let jobs = self
            .sftp
            .readdir(Path::new(dir))
            .map_err(|e| self.fail(&format!("cannot list {dir}"), &e))?;
        for (job_dir, stat) in jobs {
            if !stat.is_dir() {
                continue;
            }
            let files = self
                .sftp
                .readdir(&job_dir)
                .map_err(|e| self.fail(&format!("cannot list {}", job_dir.display()), &e))?;
            for (file, stat) in files {
                let path = file.display().to_string();
                if !stat.is_file() || !path.ends_with(SUFFIX) {
                    continue;
                }
                let reader = self
                    .sftp
                    .open(&file)
                    .map_err(|e| self.fail(&format!("cannot open {path}"), &e))?;
                let meta = sealed::read_meta(key, reader)
                    .map_err(|e| invalid(format!("remote copy {path}: {e}")))?;
                found.push((format!("{}:{path}", self.host), meta));
            }
        }
        found.sort_by_key(|(_, m)| m.started_at_ms);
        Ok(found)
    }
}

/// The catalog's description of entry `e`, sealed into its copy.
pub fn meta_of(e: &Entry) -> Meta {
    Meta {
        job: e.job_name.clone(),
        kind: e.kind.clone(),
        path: e.path.clone(),
        size_bytes: e.size_bytes,
        sha256: e.sha256.clone(),
        started_at_ms: e.started_at_ms,
        duration_ms: e.duration_ms,
    }
}

/// The host a catalog copy lives on.
pub fn host_of(remote_path: &str) -> Result<&str, Error> {
    Ok(split(remote_path)?.0)
}

/// Sends the copies of catalog entries `ids` to the job's remote; each sent copy's place goes
/// into the catalog.
pub(super) fn send_copies(
    store: &mut Store,
    key: Option<&MasterKey>,
    remote: &str,
    ids: &[i64],
) -> Result<(), Error> {
    let remote = Remote::parse(remote).map_err(Error::Invalid)?;
    let backup_key = super::backup_key(store)?;
    let conn = connect(store, key, &remote.host)?;
    for &id in ids {
        let e = store.read(|tx| rows::entry(tx, id))?;
        let path = conn.upload(&backup_key, &meta_of(&e), Path::new(&e.path), &remote.dir)?;
        store.write(|tx| rows::set_remote_path(tx, id, &path))?;
    }
    Ok(())
}

/// Connections opened while going through the catalog, one per host; a host that could not
/// be reached is not tried again in the same pass (each try may take the whole timeout).
#[derive(Default)]
pub(super) struct Connections(std::collections::HashMap<String, Result<Connection, String>>);

impl Connections {
    pub(super) fn to(
        &mut self,
        store: &mut Store,
        key: Option<&MasterKey>,
        remote_path: &str,
    ) -> Result<&Connection, Error> {
        let host = split(remote_path)?.0.to_owned();
        let conn = self
            .0
            .entry(host)
            .or_insert_with_key(|host| connect(store, key, host).map_err(|e| e.to_string()));
        conn.as_ref().map_err(|e| invalid(e.clone()))
    }
}

/// A backup found on a remote and entered into the catalog.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Imported {
    pub id: i64,
    pub job: String,
    pub remote_path: String,
    pub path: String,
    pub size_bytes: u64,
    pub started_at_ms: i64,
}

/// `backup remote import HOST:/dir`: enters every copy found there into the catalog (those it
/// holds already are left alone), so a host that lost its disk can restore from them.
pub fn import(
    store: &mut Store,
    key: Option<&MasterKey>,
    remote: &str,
) -> Result<Vec<Imported>, Error> {
    let remote = Remote::parse(remote).map_err(Error::Invalid)?;
    let backup_key = super::backup_key(store)?;
    let found = connect(store, key, &remote.host)?.list(&backup_key, &remote.dir)?;
    let mut imported = Vec::new();
    for (remote_path, m) in found {
        let path = landing(store.path(), &m)?;
        let entry = rows::NewEntry {
            job_name: m.job.clone(),
            kind: m.kind.clone(),
            path: path.clone(),
            size_bytes: m.size_bytes,
            sha256: m.sha256.clone(),
            started_at_ms: m.started_at_ms,
            duration_ms: m.duration_ms,
            warnings: String::new(),
        };
        if let Some(id) = store.write(|tx| rows::import(tx, &entry, &remote_path))? {
            imported.push(Imported {
                id,
                job: m.job,
                remote_path,
                path,
                size_bytes: m.size_bytes,
                started_at_ms: m.started_at_ms,
            });
        }
    }
    Ok(imported)
}

/// Where an imported copy lands when fetched: `fetched/JOB/FILE` beside the DB, never the
/// path the copy names (the other host's layout, and not a place to write on this one).
fn landing(db: &Path, m: &Meta) -> Result<String, Error> {
    crate::config::validate_name("job", &m.job).map_err(Error::Invalid)?;
    let name = Path::new(&m.path)
        .file_name()
        .and_then(|n| n.to_str())
        .filter(|n| !n.starts_with('.'))
        .ok_or_else(|| invalid(format!("a remote copy names no usable file: {:?}", m.path)))?;
    let dir = db
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    Ok(dir
        .join("fetched")
        .join(&m.job)
        .join(name)
        .display()
        .to_string())
}

/// Brings entry `e`'s remote copy back to where the catalog keeps it (its directory made
/// private if missing), decrypted and checked, for a restore.
pub(super) fn fetch_home(
    store: &mut Store,
    key: Option<&MasterKey>,
    e: &Entry,
) -> Result<(), Error> {
    let Some(remote_path) = &e.remote_path else {
        return Ok(());
    };
    let backup_key = super::backup_key(store)?;
    let conn = connect(store, key, host_of(remote_path)?)?;
    let target = Path::new(&e.path);
    if let Some(dir) = target.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|err| invalid(format!("cannot create {}: {err}", dir.display())))?;
    }
    let mut partial = super::atomic::PartialFile::create(target, indicatif::ProgressBar::hidden())
        .map_err(|err| invalid(format!("cannot write {}: {err}", e.path)))?;
    let meta = conn.fetch(&backup_key, remote_path, &mut partial)?;
    if meta.sha256 != e.sha256 {
        return Err(invalid(format!(
            "remote copy {remote_path} is of another backup (sha256 {})",
            meta.sha256
        )));
    }
    partial
        .commit(false)
        .map_err(|err| invalid(format!("cannot finish {}: {err}", e.path)))?;
    Ok(())
}
