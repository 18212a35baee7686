//! The encrypted form of a backup that leaves the host: AES-256-GCM under the backup key, in
//! chunks, so a copy of any size streams through a fixed buffer. Each chunk is sealed with its
//! file's random id, its index and whether it is the last as associated data: a changed,
//! reordered, dropped or truncated chunk fails to open. Chunk 0 holds what the catalog knows of
//! the backup, so a catalog can be rebuilt from the copies alone.
//!
//! Layout: `BIZWINGS-BACKUP1\n`, 16 random bytes (the file id), then records of a 4-byte
//! big-endian length and a sealed chunk (`crypto::MasterKey::seal`'s format).

use std::io::{self, Read, Write};

use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};

use crate::crypto::MasterKey;

const MAGIC: &[u8] = b"BIZWINGS-BACKUP1\n";
/// Plaintext bytes per chunk.
const CHUNK: usize = 1 << 20;
/// A record longer than a sealed chunk (version, nonce, tag) is not ours.
const MAX_RECORD: usize = CHUNK + 64;

/// What the catalog knows of a backup, carried inside its copy.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Meta {
    pub job: String,
    pub kind: String,
    /// Where the backup lives on the host that made it.
    pub path: String,
    pub size_bytes: u64,
    /// Of the plaintext.
    pub sha256: String,
    pub started_at_ms: i64,
    pub duration_ms: u64,
}

fn aad(id: &str, index: u64, part: &str) -> String {
    format!("bizwings-backup:{id}:{index}:{part}")
}

fn record(out: &mut impl Write, sealed: &[u8]) -> io::Result<()> {
    let len = u32::try_from(sealed.len()).map_err(io::Error::other)?;
    out.write_all(&len.to_be_bytes())?;
    out.write_all(sealed)
}

/// Reads up to a whole chunk (short only at the end of `input`).
fn fill(input: &mut impl Read, buf: &mut Vec<u8>) -> io::Result<()> {
    buf.clear();
    input.take(CHUNK as u64).read_to_end(buf)?;
    Ok(())
}

/// Encrypts `input` with `meta` into `out`.
pub fn seal(
    key: &MasterKey,
    meta: &Meta,
    mut input: impl Read,
    mut out: impl Write,
) -> io::Result<()> {
    let id = hex::encode(crate::crypto::random_bytes::<16>());
    out.write_all(MAGIC)?;
    out.write_all(&hex::decode(&id).map_err(io::Error::other)?)?;
    let meta = serde_json::to_vec(meta).map_err(io::Error::other)?;
    record(&mut out, &key.seal(&aad(&id, 0, "meta"), &meta))?;
    let (mut this, mut next) = (Vec::with_capacity(CHUNK), Vec::with_capacity(CHUNK));
    fill(&mut input, &mut this)?;
    let mut index = 1;
    loop {
        fill(&mut input, &mut next)?;
        let last = next.is_empty();
        let part = if last { "last" } else { "more" };
        record(&mut out, &key.seal(&aad(&id, index, part), &this))?;
        if last {
            return out.flush();
        }
        std::mem::swap(&mut this, &mut next);
        index += 1;
    }
}

/// A sealed copy being read.
struct Opener<R> {
    input: R,
    id: String,
    index: u64,
}

impl<R: Read> Opener<R> {
    fn start(mut input: R) -> Result<Self, String> {
        let mut head = vec![0_u8; MAGIC.len() + 16];
        input
            .read_exact(&mut head)
            .map_err(|e| format!("not a bizwings backup copy (too short: {e})"))?;
        if &head[..MAGIC.len()] != MAGIC {
            return Err("not a bizwings backup copy (wrong header)".into());
        }
        Ok(Self {
            input,
            id: hex::encode(&head[MAGIC.len()..]),
            index: 0,
        })
    }

    /// The next record's bytes; `None` at a clean end of the input.
    fn next_record(&mut self) -> Result<Option<Vec<u8>>, String> {
        let mut len = [0_u8; 4];
        match self.input.read_exact(&mut len) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(None),
            Err(e) => return Err(format!("cannot read the copy: {e}")),
        }
        let len = u32::from_be_bytes(len) as usize;
        if len > MAX_RECORD {
            return Err(format!("chunk {} is damaged (length {len})", self.index));
        }
        let mut sealed = vec![0_u8; len];
        self.input
            .read_exact(&mut sealed)
            .map_err(|e| format!("chunk {} is cut short: {e}", self.index))?;
        Ok(Some(sealed))
    }

    fn meta(&mut self, key: &MasterKey) -> Result<Meta, String> {
        let sealed = self.next_record()?.ok_or("the copy holds nothing")?;
        let plain = key.open(&aad(&self.id, 0, "meta"), &sealed).map_err(|_| {
            "cannot decrypt the copy: another backup key, or a damaged copy".to_owned()
        })?;
        self.index = 1;
        serde_json::from_slice(&plain)
            .map_err(|e| format!("the copy's description is unreadable: {e}"))
    }
}

/// Reads only what the copy says of itself.
pub fn read_meta(key: &MasterKey, input: impl Read) -> Result<Meta, String> {
    Opener::start(input)?.meta(key)
}

/// Decrypts a copy into `out`, checking every chunk, the end, and the plaintext's checksum
/// against the one sealed inside; returns what it says of itself.
pub fn open(key: &MasterKey, input: impl Read, mut out: impl Write) -> Result<Meta, String> {
    let mut opener = Opener::start(input)?;
    let meta = opener.meta(key)?;
    let mut hash = Sha256::new();
    loop {
        let index = opener.index;
        let sealed = opener
            .next_record()?
            .ok_or_else(|| format!("the copy is cut short after chunk {}", index - 1))?;
        let (plain, last) = match key.open(&aad(&opener.id, index, "more"), &sealed) {
            Ok(plain) => (plain, false),
            Err(_) => (
                key.open(&aad(&opener.id, index, "last"), &sealed)
                    .map_err(|_| format!("chunk {index} does not decrypt: the copy was changed"))?,
                true,
            ),
        };
        hash.update(&plain);
        out.write_all(&plain)
            .map_err(|e| format!("cannot write the restored bytes: {e}"))?;
        opener.index += 1;
        if last {
            break;
        }
    }
    if opener.next_record()?.is_some() {
        return Err("the copy has data after its last chunk".into());
    }
    let sha = hex::encode(hash.finalize());
    if sha != meta.sha256 {
        return Err(format!(
            "the decrypted bytes do not match the checksum (sha256 {sha}, expected {})",
            meta.sha256
        ));
    }
    Ok(meta)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(data: &[u8]) -> Meta {
        Meta {
            job: "j".into(),
            kind: "files".into(),
            path: "/backup/x".into(),
            size_bytes: data.len() as u64,
            sha256: hex::encode(Sha256::digest(data)),
            started_at_ms: 1,
            duration_ms: 2,
        }
    }

    #[test]
    fn round_trips_any_size_and_refuses_any_change() {
        let (key, _) = MasterKey::generate();
        for size in [0, 10, CHUNK, CHUNK + 1, 2 * CHUNK + 7] {
            let data: Vec<u8> = (0..size)
                .map(|i| u8::try_from(i % 251).unwrap_or(0))
                .collect();
            let mut sealed = Vec::new();
            seal(&key, &meta(&data), &data[..], &mut sealed).expect("seal");
            let mut back = Vec::new();
            let m = open(&key, &sealed[..], &mut back).expect("open");
            assert_eq!(back, data, "size {size}");
            assert_eq!(m.job, "j");
            if size > 100 {
                assert!(
                    !sealed.windows(64).any(|w| w == &data[..64]),
                    "no plaintext inside"
                );
            }
            // A flipped byte, a dropped tail, a wrong key.
            let mut bent = sealed.clone();
            let at = bent.len() - 20;
            bent[at] ^= 1;
            assert!(open(&key, &bent[..], io::sink()).is_err());
            if size > CHUNK {
                let cut = &sealed[..sealed.len() - 100];
                assert!(open(&key, cut, io::sink()).is_err());
            }
            assert!(open(&MasterKey::generate().0, &sealed[..], io::sink()).is_err());
        }
    }
}
