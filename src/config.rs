//! Where things are and which master key to use: the settings that must be known before the
//! state DB can be opened (and so can never come from it).

use std::env;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::crypto::{self, KeySource, MasterKey};
use crate::error::Error;
use crate::output;
use crate::state::{self, Store, keyring};

/// Name of the key file `bizwings init` creates next to the DB.
pub const DEFAULT_KEY_FILE: &str = "master.key";

/// The DB path: `--db`/`BIZWINGS_DB`, else `/var/lib/bizwings/bizwings.db` for root, else
/// `$XDG_STATE_HOME/bizwings/bizwings.db` (`~/.local/state/bizwings/bizwings.db`).
pub fn db_path(flag: Option<&Path>) -> PathBuf {
    if let Some(path) = flag {
        return path.to_owned();
    }
    if is_root() {
        return PathBuf::from("/var/lib/bizwings/bizwings.db");
    }
    let base = env::var_os("XDG_STATE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/state")))
        .unwrap_or_else(|| PathBuf::from("."));
    base.join("bizwings/bizwings.db")
}

fn is_root() -> bool {
    rustix::process::geteuid().is_root()
}

/// The default key file for a DB: `master.key` beside it.
pub fn default_key_file(db: &Path) -> PathBuf {
    db.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join(DEFAULT_KEY_FILE)
}

/// The backup key's file: `BIZWINGS_BACKUP_KEY_FILE`, else `backup.key` beside the DB.
pub fn backup_key_file(db: &Path) -> PathBuf {
    env::var_os("BIZWINGS_BACKUP_KEY_FILE")
        .filter(|v| !v.is_empty())
        .map_or_else(
            || default_key_file(db).with_file_name("backup.key"),
            PathBuf::from,
        )
}

/// The key backups are encrypted under when they leave the host, kept like the master key (a
/// private file of 64 hex characters), never in the DB; `None` when there is none yet.
pub fn backup_key(db: &Path) -> Result<Option<MasterKey>, crypto::Error> {
    let path = backup_key_file(db);
    if !path.exists() {
        return Ok(None);
    }
    MasterKey::from_file(&path).map(Some)
}

/// Finds the master key. Order: `--master-key-file`/`BIZWINGS_MASTER_KEY_FILE`,
/// `BIZWINGS_MASTER_KEY`, the seed's `SIDECAR_ENCRYPTION_KEY`, then `master.key` beside the DB.
/// `Ok(None)` means none is configured anywhere.
pub fn master_key(
    file_flag: Option<&Path>,
    db: &Path,
) -> Result<Option<(MasterKey, KeySource)>, crypto::Error> {
    if let Some(path) = file_flag {
        return Ok(Some((
            MasterKey::from_file(path)?,
            KeySource::File(path.to_owned()),
        )));
    }
    for name in ["BIZWINGS_MASTER_KEY", "SIDECAR_ENCRYPTION_KEY"] {
        if let Some(value) = env::var(name).ok().filter(|v| !v.trim().is_empty()) {
            return Ok(Some((MasterKey::from_hex(&value)?, KeySource::Env(name))));
        }
    }
    let default = default_key_file(db);
    if default.exists() {
        return Ok(Some((
            MasterKey::from_file(&default)?,
            KeySource::File(default),
        )));
    }
    Ok(None)
}

/// Longest name of a provider, host, job, agent, receiver or client.
const MAX_NAME_LEN: usize = 64;

/// Checks the name of anything stored by name (`what`: "provider", "host", …): 1–64 of
/// `A-Z a-z 0-9 . _ -`, not starting with `-`, so it is safe in URLs, labels and shells.
pub fn validate_name(what: &str, name: &str) -> Result<(), String> {
    let ok_chars = name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if name.is_empty() || name.len() > MAX_NAME_LEN || !ok_chars || name.starts_with('-') {
        return Err(format!(
            "invalid {what} name {name:?}: use 1-{MAX_NAME_LEN} letters, digits, '.', '_' or '-', not starting with '-'"
        ));
    }
    Ok(())
}

/// Checks free text that is shown in tables, cards and metrics (a label): no control
/// characters (a terminal escape would rewrite the screen of whoever lists it), at most 256
/// characters.
pub fn validate_text(what: &str, text: &str) -> Result<(), String> {
    if text.chars().any(char::is_control) || text.chars().count() > 256 {
        return Err(format!(
            "invalid {what} {text:?}: expected at most 256 characters and no control characters"
        ));
    }
    Ok(())
}

/// Checks `key` against the DB's key check value (storing one if the DB has none yet).
pub fn unlock(store: &mut Store, key: &MasterKey) -> Result<(), state::Error> {
    store.write(|tx| keyring::ensure(tx, |check| key.matches(check), || key.key_check()))
}

/// Where the state DB and the master key are, and how to open them: what every command
/// needs from the global flags.
#[derive(Debug, Clone)]
pub struct Paths {
    pub db: PathBuf,
    /// `--master-key-file`; `None`: the environment, then `master.key` beside the DB.
    pub key_file: Option<PathBuf>,
}

impl Paths {
    /// The state DB, which `bizwings init` must have created.
    pub fn open_store(&self) -> Result<Store, Error> {
        Ok(Store::open_existing(&self.db)?)
    }

    /// The configured master key, or an error that says how to configure one.
    pub fn master_key(&self) -> Result<(MasterKey, KeySource), Error> {
        master_key(self.key_file.as_deref(), &self.db)?.ok_or_else(|| Error::NoMasterKey {
            default_file: default_key_file(&self.db),
        })
    }

    /// The master key when one is configured (checked against the DB), else `None`: for
    /// commands where only some records need it (stored passwords, notifications).
    pub fn optional_key(&self) -> Result<Option<MasterKey>, Error> {
        if master_key(self.key_file.as_deref(), &self.db)?.is_none() {
            return Ok(None);
        }
        Ok(Some(self.unlock()?.1))
    }

    /// Opens the store and checks the master key against it.
    pub fn unlock(&self) -> Result<(Store, MasterKey), Error> {
        // A missing DB is the clearer error: the key is usually missing for the same reason.
        let mut store = self.open_store()?;
        let (key, _) = self.master_key()?;
        unlock(&mut store, &key)?;
        Ok((store, key))
    }
}

/// What `bizwings init` found or created.
#[derive(Debug, Serialize)]
pub struct InitReport {
    pub db: PathBuf,
    pub db_created: bool,
    pub key_source: String,
    pub key_file_created: bool,
    pub key_fingerprint: String,
    /// The DB's directory was writable by others and lost those bits.
    pub dir_tightened: bool,
}

impl output::Report for InitReport {
    fn human(&self, out: &mut output::Human) {
        let verb = if self.db_created {
            "created"
        } else {
            "checked"
        };
        out.line(format!("{verb} state db {}", self.db.display()));
        if self.dir_tightened {
            out.line("its directory was writable by others: no longer (chmod go-w)");
        }
        if self.key_file_created {
            out.line(format!(
                "created master key: {} (fingerprint {})",
                self.key_source, self.key_fingerprint
            ));
            out.line(
                "back this file up apart from the DB: without it stored secrets cannot be recovered",
            );
        } else {
            out.line(format!(
                "master key matches: {} (fingerprint {})",
                self.key_source, self.key_fingerprint
            ));
        }
    }
}

/// Creates (or checks) the state DB at `db` and its master key: the configured one, or a new
/// key file at `key_file` (default beside the DB) when none is configured and the DB holds no
/// secrets yet.
pub fn init(db: &Path, key_file: Option<&Path>) -> Result<InitReport, Error> {
    let dir_tightened = guard_dir(db)?;
    let db_created = !db.exists();
    let mut store = Store::open(db)?;
    let has_secrets = store.read(keyring::check)?.is_some();
    let found = match key_file {
        Some(path) if !path.exists() => None,
        _ => master_key(key_file, db)?,
    };
    let (key, source, key_file_created) = if let Some((key, source)) = found {
        (key, source, false)
    } else {
        if has_secrets {
            return Err(Error::Invalid(format!(
                "{} already holds secrets under a master key, but none is configured; set BIZWINGS_MASTER_KEY_FILE to that key's file",
                db.display()
            )));
        }
        let path = key_file.map_or_else(|| default_key_file(db), Path::to_owned);
        let (key, hex_key) = MasterKey::generate();
        crypto::write_key_file(&path, &hex_key)?;
        (key, KeySource::File(path), true)
    };
    unlock(&mut store, &key)?;
    Ok(InitReport {
        db: db.to_owned(),
        db_created,
        key_source: source.to_string(),
        key_file_created,
        key_fingerprint: key.fingerprint().to_owned(),
        dir_tightened,
    })
}

/// Whoever can write the DB's directory can swap the DB or the key file beside it: a
/// directory of ours that others may write loses those bits (`true`); another user's, or a
/// shared one like `/tmp` (sticky), is refused.
fn guard_dir(db: &Path) -> Result<bool, Error> {
    use std::os::unix::fs::{MetadataExt as _, PermissionsExt as _};
    let Some(dir) = db.parent().filter(|d| !d.as_os_str().is_empty()) else {
        return Ok(false);
    };
    let Ok(meta) = std::fs::metadata(dir) else {
        return Ok(false);
    };
    let mode = meta.mode() & 0o7777;
    if mode & 0o022 == 0 {
        return Ok(false);
    }
    if meta.uid() != rustix::process::geteuid().as_raw() || mode & 0o1000 != 0 {
        return Err(Error::Refused(format!(
            "{} is writable by others (mode {mode:o}) and shared or not yours: anyone could swap the state DB or its key; use a directory of your own",
            dir.display()
        )));
    }
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(mode & !0o022)).map_err(
        |source| Error::Io {
            context: format!("tightening {}", dir.display()),
            source,
        },
    )?;
    Ok(true)
}
