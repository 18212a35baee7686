//! What comes into the process besides the command line: secrets from stdin, an environment
//! variable or a file, and every file a setting names (boards, task lists, key and URL files).
//!
//! A named file is read only if it is a regular file, opened without blocking and cut off at a
//! cap: a FIFO would hang the reader (and every agent after it), a link to `/dev/zero` would
//! fill memory.

use std::fs::File;
use std::io::{self, IsTerminal as _, Read as _};
use std::os::unix::fs::{MetadataExt as _, OpenOptionsExt as _};
use std::path::{Path, PathBuf};

use crate::crypto::{MasterKey, Secret};
use crate::error::{Error, invalid};

/// The most a setting file (a task board, a JSON task list) may hold.
pub const MAX_SETTING_FILE: u64 = 4 << 20;
/// The most a file holding one secret (a key, a URL) may hold.
pub const MAX_SECRET_FILE: u64 = 64 << 10;

/// Where a secret comes from; never the command line itself.
#[derive(Debug, Clone)]
pub enum SecretSource {
    Stdin,
    File(PathBuf),
    Env(String),
}

/// Reads a secret from its source, trimmed (a trailing newline from `echo` or an editor).
/// `master` is the key the secret will be sealed with: a file holding it is refused.
pub fn secret(source: SecretSource, master: &MasterKey) -> Result<Secret, Error> {
    let [secret] = secrets([(Some(source), "secret")], master)?;
    secret.ok_or_else(|| invalid("no secret given"))
}

/// A secret from an environment variable.
pub fn env_secret(var: &str) -> Result<Secret, Error> {
    std::env::var(var)
        .map(|v| Secret::new(v.trim().to_owned()))
        .map_err(|_| {
            invalid(format!(
                "environment variable {var} is not set or not valid UTF-8"
            ))
        })
}

/// Secrets from several sources at once, in order; each `Stdin` takes the next non-empty line
/// of stdin (a URL, then its signing secret). `what` names each in errors.
pub fn secrets<const N: usize>(
    sources: [(Option<SecretSource>, &str); N],
    master: &MasterKey,
) -> Result<[Option<Secret>; N], Error> {
    let mut lines = if sources
        .iter()
        .any(|(s, _)| matches!(s, Some(SecretSource::Stdin)))
    {
        stdin_lines()?
    } else {
        Vec::new()
    }
    .into_iter();
    let mut out = [const { None }; N];
    for (slot, (source, what)) in out.iter_mut().zip(sources) {
        *slot = match source {
            None => None,
            Some(SecretSource::Stdin) => {
                Some(Secret::new(lines.next().ok_or_else(|| {
                    invalid(format!("no {what} on stdin: it is empty"))
                })?))
            }
            Some(SecretSource::Env(var)) => Some(env_secret(&var)?),
            Some(SecretSource::File(path)) => Some(secret_file(&path, master)?),
        };
    }
    Ok(out)
}

/// The non-empty, trimmed lines of stdin (secrets given one per line).
fn stdin_lines() -> Result<Vec<String>, Error> {
    if io::stdin().is_terminal() {
        tracing::warn!("reading from the terminal: paste, then press Enter and Ctrl-D");
    }
    let mut text = String::new();
    io::stdin()
        .take(MAX_SETTING_FILE)
        .read_to_string(&mut text)
        .map_err(|source| io_error("reading stdin", source))?;
    Ok(text
        .lines()
        .map(|l| l.trim().to_owned())
        .filter(|l| !l.is_empty())
        .collect())
}

/// A file holding one secret on one line: it must belong to this user and be closed to
/// others, and must not hold the master key — else a slip in a setting would send the master
/// key upstream as a bearer token.
pub fn secret_file(path: &Path, master: &MasterKey) -> Result<Secret, Error> {
    let (file, meta) = open_regular(path)?;
    if meta.uid() != rustix::process::geteuid().as_raw() || meta.mode() & 0o004 != 0 {
        return Err(invalid(format!(
            "{}: a secret file must belong to this user and not be readable by others (chmod 600)",
            path.display()
        )));
    }
    let text = read_capped(file, path, MAX_SECRET_FILE)?;
    if MasterKey::from_hex(&text).is_ok_and(|k| k.fingerprint() == master.fingerprint()) {
        return Err(invalid(format!(
            "{}: this is a master key file, not an upstream secret",
            path.display()
        )));
    }
    let value = text.trim();
    if value.is_empty() || value.contains(['\n', '\r']) {
        return Err(invalid(format!(
            "{}: expected one secret on one line",
            path.display()
        )));
    }
    Ok(Secret::new(value.to_owned()))
}

/// Reads a file a setting names: regular files only, at most `cap` bytes.
pub fn read_file(path: &Path, cap: u64) -> Result<String, Error> {
    let (file, _) = open_regular(path)?;
    read_capped(file, path, cap)
}

/// Opens without blocking (a FIFO with no writer would wait forever) and refuses anything but
/// a regular file, links followed.
fn open_regular(path: &Path) -> Result<(File, std::fs::Metadata), Error> {
    let shown = || format!("reading {}", path.display());
    let file = File::options()
        .read(true)
        .custom_flags(rustix::fs::OFlags::NONBLOCK.bits().cast_signed())
        .open(path)
        .map_err(|source| io_error(shown(), source))?;
    let meta = file
        .metadata()
        .map_err(|source| io_error(shown(), source))?;
    if !meta.is_file() {
        return Err(invalid(format!("{} is not a regular file", path.display())));
    }
    Ok((file, meta))
}

fn read_capped(file: File, path: &Path, cap: u64) -> Result<String, Error> {
    let mut bytes = Vec::new();
    file.take(cap + 1)
        .read_to_end(&mut bytes)
        .map_err(|source| io_error(format!("reading {}", path.display()), source))?;
    if bytes.len() as u64 > cap {
        return Err(invalid(format!(
            "{} is larger than {} KiB",
            path.display(),
            cap >> 10
        )));
    }
    String::from_utf8(bytes).map_err(|_| invalid(format!("{} is not UTF-8 text", path.display())))
}

fn io_error(context: impl Into<String>, source: io::Error) -> Error {
    Error::Io {
        context: context.into(),
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt as _;

    #[test]
    fn only_small_regular_files_are_read() {
        let dir = tempfile::tempdir().expect("ok");
        let fifo = dir.path().join("fifo");
        assert!(
            std::process::Command::new("mkfifo")
                .arg(&fifo)
                .status()
                .expect("ok")
                .success()
        );
        let err = read_file(&fifo, 1024).expect_err("refused").to_string();
        assert!(err.contains("not a regular file"), "{err}");
        let zero = dir.path().join("zero");
        std::os::unix::fs::symlink("/dev/zero", &zero).expect("ok");
        let err = read_file(&zero, 1024).expect_err("refused").to_string();
        assert!(err.contains("not a regular file"), "{err}");
        let big = dir.path().join("big");
        std::fs::write(&big, vec![b'a'; 2048]).expect("ok");
        let err = read_file(&big, 1024).expect_err("refused").to_string();
        assert!(err.contains("larger than 1 KiB"), "{err}");
        assert_eq!(read_file(&big, 4096).expect("ok").len(), 2048);
    }

    #[test]
    fn a_secret_file_is_private_one_line_and_not_the_master_key() {
        let dir = tempfile::tempdir().expect("ok");
        let path = dir.path().join("key");
        let write = |text: &str, mode: u32| {
            std::fs::write(&path, text).expect("ok");
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).expect("ok");
        };
        let master = MasterKey::from_hex(&"ab".repeat(32)).expect("ok");
        let read = || secret_file(&path, &master);
        write("sk-upstream\n", 0o600);
        assert_eq!(read().expect("ok").expose(), "sk-upstream");
        write("sk-upstream\n", 0o644);
        assert!(
            read()
                .expect_err("refused")
                .to_string()
                .contains("chmod 600")
        );
        write("one\ntwo\n", 0o600);
        assert!(
            read()
                .expect_err("refused")
                .to_string()
                .contains("one line")
        );
        write(&format!("{}\n", "ab".repeat(32)), 0o600);
        assert!(
            read()
                .expect_err("refused")
                .to_string()
                .contains("master key")
        );
        // Another 64-hex secret is just a secret.
        write(&"cd".repeat(32), 0o600);
        assert!(read().is_ok());
    }
}
