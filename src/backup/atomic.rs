//! Writing a backup file so that only a complete, synced file ever has the final name:
//! `NAME.partial` first, hashed while written, fsynced, then renamed.

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest as _, Sha256};

/// A file being written under `*.partial`; dropped without `commit`, it is removed.
pub struct PartialFile {
    partial: PathBuf,
    target: PathBuf,
    out: Option<BufWriter<File>>,
    hasher: Sha256,
    size: u64,
    progress: indicatif::ProgressBar,
}

/// What a committed file is.
#[derive(Debug, Clone)]
pub struct Written {
    pub path: PathBuf,
    pub size: u64,
    pub sha256: String,
}

impl PartialFile {
    /// Creates `target.partial` (mode 0600: backups hold data worth protecting).
    pub fn create(target: &Path, progress: indicatif::ProgressBar) -> io::Result<Self> {
        use std::os::unix::fs::OpenOptionsExt as _;
        let mut partial = target.as_os_str().to_owned();
        partial.push(".partial");
        let partial = PathBuf::from(partial);
        let file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&partial)?;
        Ok(Self {
            partial,
            target: target.to_owned(),
            out: Some(BufWriter::with_capacity(1 << 20, file)),
            hasher: Sha256::new(),
            size: 0,
            progress,
        })
    }

    /// The `.partial` path, for writers that need a path (the SQLite backup API).
    pub fn partial_path(&self) -> &Path {
        &self.partial
    }

    /// Syncs, renames to the final name, syncs the directory. `rehash` reads the file back
    /// for writers that wrote through `partial_path` instead of `Write`.
    pub fn commit(mut self, rehash: bool) -> io::Result<Written> {
        let out = self
            .out
            .take()
            .ok_or_else(|| io::Error::other("already committed"))?;
        let file = out.into_inner().map_err(io::IntoInnerError::into_error)?;
        file.sync_all()?;
        drop(file);
        if rehash {
            let mut hasher = Sha256::new();
            self.size = io::copy(&mut File::open(&self.partial)?, &mut hasher)?;
            self.hasher = hasher;
            fs::File::open(&self.partial)?.sync_all()?;
        }
        fs::rename(&self.partial, &self.target)?;
        if let Some(dir) = self.target.parent() {
            File::open(dir)?.sync_all()?;
        }
        self.progress.finish_and_clear();
        Ok(Written {
            path: self.target.clone(),
            size: self.size,
            sha256: hex::encode(std::mem::take(&mut self.hasher).finalize()),
        })
    }
}

impl Write for PartialFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let out = self
            .out
            .as_mut()
            .ok_or_else(|| io::Error::other("already committed"))?;
        let n = out.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.size += n as u64;
        self.progress.inc(n as u64);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.as_mut().map_or(Ok(()), BufWriter::flush)
    }
}

impl Drop for PartialFile {
    fn drop(&mut self) {
        if self.out.is_some() {
            // Not committed: a failed or interrupted backup leaves nothing behind.
            self.out = None;
            let _ = fs::remove_file(&self.partial);
            self.progress.finish_and_clear();
        }
    }
}

/// sha256 of a file, hex.
pub fn sha256_file(path: &Path) -> io::Result<String> {
    let mut hasher = Sha256::new();
    io::copy(&mut File::open(path)?, &mut hasher)?;
    Ok(hex::encode(hasher.finalize()))
}
