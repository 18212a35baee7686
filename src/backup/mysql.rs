//! MySQL/MariaDB through `mysqldump` and `mysql`. The password never appears in argv: it goes
//! in a private option file passed with `--defaults-extra-file`, removed afterwards. Every
//! stage's exit status is checked, and a dump without its closing line is a failure, so a
//! broken dump never becomes an empty-looking "good" archive.

use std::fs::File;
use std::io::{self, Read, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use flate2::Compression;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;

use super::atomic::{PartialFile, Written};
use crate::crypto::Secret;

pub use crate::state::backups::MysqlOptions;

/// A private option file holding the password; removed when dropped.
struct PasswordFile(PathBuf);

impl PasswordFile {
    fn create(password: &Secret) -> io::Result<Self> {
        use std::os::unix::fs::OpenOptionsExt as _;
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let path =
            std::env::temp_dir().join(format!("bizwings-{}-{nanos}.cnf", std::process::id()));
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&path)?;
        let escaped = password.expose().replace('\\', "\\\\").replace('"', "\\\"");
        writeln!(file, "[client]\npassword=\"{escaped}\"")?;
        Ok(Self(path))
    }
}

impl Drop for PasswordFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Connection arguments; an option file must come first on the command line.
fn connection_args(opts: &MysqlOptions, password: Option<&PasswordFile>) -> Vec<String> {
    let mut args = Vec::new();
    if let Some(f) = &opts.defaults_file {
        args.push(format!("--defaults-file={f}"));
    } else if let Some(p) = password {
        args.push(format!("--defaults-extra-file={}", p.0.display()));
    }
    if let Some(h) = &opts.host {
        args.push(format!("--host={h}"));
    }
    if let Some(p) = opts.port {
        args.push(format!("--port={p}"));
    }
    if let Some(s) = &opts.socket {
        args.push(format!("--socket={s}"));
    }
    if let Some(u) = &opts.user {
        args.push(format!("--user={u}"));
    }
    args
}

fn last_lines(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.trim().lines().collect();
    lines[lines.len().saturating_sub(n)..].join(" | ")
}

/// Keeps the last bytes that passed through, to check how a dump ended.
struct Tail(Vec<u8>);

impl Tail {
    const KEEP: usize = 512;

    fn push(&mut self, data: &[u8]) {
        self.0.extend_from_slice(data);
        if self.0.len() > Self::KEEP * 2 {
            self.0.drain(..self.0.len() - Self::KEEP);
        }
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0).into_owned()
    }
}

/// Dumps `databases` (`*` = all) gzipped into `partial`. Returns the file and any warnings
/// mysqldump printed while succeeding.
pub(super) fn dump(
    databases: &str,
    opts: &MysqlOptions,
    password: Option<&Secret>,
    partial: PartialFile,
) -> Result<(Written, String), String> {
    let pw_file = password
        .map(PasswordFile::create)
        .transpose()
        .map_err(|e| format!("cannot write the temporary option file: {e}"))?;
    let mut args = connection_args(opts, pw_file.as_ref());
    args.extend(
        [
            "--single-transaction",
            "--quick",
            "--routines",
            "--events",
            "--triggers",
        ]
        .map(String::from),
    );
    if databases.trim() == "*" {
        args.push("--all-databases".into());
    } else {
        args.push("--databases".into());
        args.extend(
            databases
                .split(',')
                .map(|d| d.trim().to_owned())
                .filter(|d| !d.is_empty()),
        );
    }
    let mut child = Command::new("mysqldump")
        .args(&args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| {
            format!("cannot run mysqldump (is the MySQL/MariaDB client installed?): {e}")
        })?;
    let mut stderr = child.stderr.take().ok_or("no stderr")?;
    let errors = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        text
    });
    let mut stdout = child.stdout.take().ok_or("no stdout")?;
    let mut gz = GzEncoder::new(partial, Compression::default());
    let mut tail = Tail(Vec::new());
    let mut buf = vec![0u8; 1 << 16];
    let copied: io::Result<()> = (|| loop {
        let n = stdout.read(&mut buf)?;
        if n == 0 {
            return Ok(());
        }
        tail.push(&buf[..n]);
        gz.write_all(&buf[..n])?;
    })();
    let status = child.wait().map_err(|e| format!("mysqldump: {e}"))?;
    let stderr_text = errors.join().unwrap_or_default();
    if !status.success() {
        return Err(format!(
            "mysqldump failed ({status}): {}",
            last_lines(&stderr_text, 3)
        ));
    }
    copied.map_err(|e| format!("cannot write the dump: {e}"))?;
    if !tail.text().contains("-- Dump completed") {
        return Err(
            "mysqldump ended without its \"-- Dump completed\" line: the dump is incomplete".into(),
        );
    }
    let partial = gz
        .finish()
        .map_err(|e| format!("cannot finish the gzip stream: {e}"))?;
    let written = partial
        .commit(false)
        .map_err(|e| format!("cannot finish backup file: {e}"))?;
    Ok((written, last_lines(&stderr_text, 3)))
}

/// Decompresses a whole dump and returns its last bytes as text.
pub(super) fn read_dump_tail(path: &Path) -> io::Result<String> {
    let mut gz = GzDecoder::new(File::open(path)?);
    let mut tail = Tail(Vec::new());
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = gz.read(&mut buf)?;
        if n == 0 {
            return Ok(tail.text());
        }
        tail.push(&buf[..n]);
    }
}

/// The pipeline a person would run to import a dump.
pub(super) fn import_command_text(path: &str, opts: &MysqlOptions) -> String {
    let mut args = connection_args(opts, None);
    if opts.defaults_file.is_none() {
        args.push("-p".into());
    }
    format!("gunzip -c {path} | mysql {}", args.join(" "))
}

/// Feeds a dump to `mysql`.
pub(super) fn import(
    path: &Path,
    opts: &MysqlOptions,
    password: Option<&Secret>,
) -> Result<(), String> {
    let pw_file = password
        .map(PasswordFile::create)
        .transpose()
        .map_err(|e| format!("cannot write the temporary option file: {e}"))?;
    let mut child = Command::new("mysql")
        .args(connection_args(opts, pw_file.as_ref()))
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run mysql: {e}"))?;
    let mut stdin = child.stdin.take().ok_or("no stdin")?;
    let file = File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let fed = io::copy(&mut GzDecoder::new(file), &mut stdin);
    drop(stdin);
    let output = child
        .wait_with_output()
        .map_err(|e| format!("mysql: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "mysql import failed ({}): {}",
            output.status,
            last_lines(&String::from_utf8_lossy(&output.stderr), 3)
        ));
    }
    fed.map_err(|e| format!("cannot read the dump: {e}"))?;
    Ok(())
}
