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
    /// for writers that wrote through `partial_path` instead of `Write` (SQLite's backup API,
    /// where this SQLite lacks `sqlite_dbpage`: it rewrites the header page last, so no
    /// running digest can follow its writes).
    pub fn commit(mut self, rehash: bool) -> io::Result<Written> {
        let out = self
            .out
            .take()
            .ok_or_else(|| io::Error::other("already committed"))?;
        let file = out.into_inner().map_err(io::IntoInnerError::into_error)?;
        file.sync_all()?;
        drop(file);
        if rehash {
            (self.size, self.hasher) = hash_file(&self.partial)?;
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
        let before = self.size;
        self.size += n as u64;
        // The bar moves per MiB: per 4 KiB page its bookkeeping would cost more than the copy.
        if self.size >> 20 != before >> 20 {
            self.progress.set_position(self.size);
        }
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
    hash_file(path).map(|(_, hasher)| hex::encode(hasher.finalize()))
}

/// The size and running digest of a file, read in 1 MiB blocks (not `io::copy`'s 8 KiB).
fn hash_file(path: &Path) -> io::Result<(u64, Sha256)> {
    use std::io::Read as _;
    let mut file = File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0; 1 << 20];
    let mut size = 0;
    loop {
        let n = match file.read(&mut buf) {
            Ok(0) => return Ok((size, hasher)),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        hasher.update(&buf[..n]);
        size += n as u64;
    }
}
