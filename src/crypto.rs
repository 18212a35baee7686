//! Secrets at rest: the master key, AES-256-GCM sealing, and masking for display.
//!
//! Pure apart from reading a key file: no SQL here. A sealed value is
//! `version(1) || nonce(12) || ciphertext+tag`, and its associated data names the
//! row and column it belongs to, so a ciphertext copied into another row fails to open.

use std::fmt;
use std::fs;
use std::io::Write as _;
use std::os::unix::fs::{OpenOptionsExt as _, PermissionsExt as _};
use std::path::{Path, PathBuf};

use aes_gcm::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use aes_gcm::{Aes256Gcm, Key, Nonce};

const SEALED_VERSION: u8 = 1;
const NONCE_LEN: usize = 12;
/// Plaintext of the key check value stored in the DB (see `state::keyring`).
const KEY_CHECK_PLAINTEXT: &[u8] = b"bizwings master key check v1";
const KEY_CHECK_AAD: &str = "bizwings:keyring:check";

/// Errors of key loading and sealing.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("master key must be 64 hex characters (32 bytes), got {0} characters")]
    KeyLength(usize),
    #[error("master key is not valid hex: {0}")]
    KeyHex(#[from] hex::FromHexError),
    #[error(
        "master key file {path} is readable by group or others (mode {mode:o}); run `chmod 600 {path}`"
    )]
    KeyFileInsecure { path: String, mode: u32 },
    #[error("cannot read master key file {path}: {source}")]
    KeyFileRead {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot write master key file {path}: {source}")]
    KeyFileWrite {
        path: String,
        source: std::io::Error,
    },
    #[error("stored secret for {0} is not in a format this version understands")]
    Format(String),
    #[error(
        "cannot decrypt the stored secret for {0}: the master key does not match it or the value was tampered with"
    )]
    Open(String),
}

impl crate::exit::Coded for Error {
    /// A key that is missing, malformed or wrong refuses the command.
    fn exit_code(&self) -> u8 {
        crate::exit::Status::Critical.code()
    }
}

/// The 256-bit master key. Debug output never shows it.
#[derive(Clone)]
pub struct MasterKey {
    cipher: Aes256Gcm,
    /// Short public fingerprint so operators can tell keys apart without seeing them.
    fingerprint: String,
}

impl fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "MasterKey({})", self.fingerprint)
    }
}

impl MasterKey {
    /// Parses 64 hex characters (surrounding whitespace ignored).
    pub fn from_hex(text: &str) -> Result<Self, Error> {
        let text = text.trim();
        if text.len() != 64 {
            return Err(Error::KeyLength(text.chars().count()));
        }
        let bytes = hex::decode(text)?;
        Ok(Self::from_bytes(&bytes))
    }

    fn from_bytes(bytes: &[u8]) -> Self {
        let key = Key::<Aes256Gcm>::from_slice(bytes);
        let cipher = Aes256Gcm::new(key);
        // A keyed, deterministic tag over a fixed label: identifies the key, reveals nothing.
        // The all-zero nonce is used for this one fixed input only.
        let probe = cipher
            .encrypt(
                Nonce::from_slice(&[0u8; NONCE_LEN]),
                Payload {
                    msg: b"",
                    aad: b"bizwings:fingerprint",
                },
            )
            .unwrap_or_default();
        let fingerprint = hex::encode(&probe[..probe.len().min(4)]);
        Self {
            cipher,
            fingerprint,
        }
    }

    /// Creates a fresh random key and returns it with its hex form (for a key file).
    pub fn generate() -> (Self, String) {
        let key = Aes256Gcm::generate_key(OsRng);
        let text = hex::encode(key);
        (Self::from_bytes(&key), text)
    }

    /// Reads a key file, refusing one that group or others can read.
    pub fn from_file(path: &Path) -> Result<Self, Error> {
        let shown = path.display().to_string();
        let meta = fs::metadata(path).map_err(|source| Error::KeyFileRead {
            path: shown.clone(),
            source,
        })?;
        let mode = meta.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            return Err(Error::KeyFileInsecure { path: shown, mode });
        }
        let text = fs::read_to_string(path).map_err(|source| Error::KeyFileRead {
            path: shown,
            source,
        })?;
        Self::from_hex(&text)
    }

    /// Short, non-secret identifier of this key (for summaries and logs).
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// Encrypts `plaintext` bound to `aad` (which must name the owning row and column).
    pub fn seal(&self, aad: &str, plaintext: &[u8]) -> Vec<u8> {
        let nonce = Aes256Gcm::generate_nonce(&mut OsRng);
        let ciphertext = self
            .cipher
            .encrypt(
                &nonce,
                Payload {
                    msg: plaintext,
                    aad: aad.as_bytes(),
                },
            )
            .expect("AES-GCM encryption of an in-memory buffer cannot fail");
        let mut out = Vec::with_capacity(1 + NONCE_LEN + ciphertext.len());
        out.push(SEALED_VERSION);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&ciphertext);
        out
    }

    /// Decrypts a value made by [`MasterKey::seal`] with the same `aad`.
    pub fn open(&self, aad: &str, sealed: &[u8]) -> Result<Vec<u8>, Error> {
        if sealed.len() < 1 + NONCE_LEN + 16 || sealed[0] != SEALED_VERSION {
            return Err(Error::Format(aad.to_owned()));
        }
        let (nonce, ciphertext) = sealed[1..].split_at(NONCE_LEN);
        self.cipher
            .decrypt(
                Nonce::from_slice(nonce),
                Payload {
                    msg: ciphertext,
                    aad: aad.as_bytes(),
                },
            )
            .map_err(|_| Error::Open(aad.to_owned()))
    }

    /// Decrypts a UTF-8 secret.
    pub fn open_string(&self, aad: &str, sealed: &[u8]) -> Result<Secret, Error> {
        let bytes = self.open(aad, sealed)?;
        String::from_utf8(bytes)
            .map(Secret::new)
            .map_err(|_| Error::Format(aad.to_owned()))
    }

    /// Decrypts a value the way Sidecar V2 stored it: `nonce_hex:ciphertext_hex`, AES-256-GCM
    /// without associated data (`what` names the value in errors).
    pub fn open_sidecar_v2(&self, what: &str, value: &str) -> Result<Secret, Error> {
        let (nonce, ciphertext) = value
            .split_once(':')
            .ok_or_else(|| Error::Format(what.to_owned()))?;
        let nonce = hex::decode(nonce).map_err(|_| Error::Format(what.to_owned()))?;
        let ciphertext = hex::decode(ciphertext).map_err(|_| Error::Format(what.to_owned()))?;
        if nonce.len() != NONCE_LEN {
            return Err(Error::Format(what.to_owned()));
        }
        let plain = self
            .cipher
            .decrypt(Nonce::from_slice(&nonce), ciphertext.as_slice())
            .map_err(|_| Error::Open(what.to_owned()))?;
        String::from_utf8(plain)
            .map(Secret::new)
            .map_err(|_| Error::Format(what.to_owned()))
    }

    /// A key check value: stored once per DB so a wrong key is detected up front.
    pub fn key_check(&self) -> Vec<u8> {
        self.seal(KEY_CHECK_AAD, KEY_CHECK_PLAINTEXT)
    }

    /// Whether `check` was made by [`MasterKey::key_check`] with this key.
    pub fn matches(&self, check: &[u8]) -> bool {
        self.open(KEY_CHECK_AAD, check)
            .is_ok_and(|p| p == KEY_CHECK_PLAINTEXT)
    }
}

/// Writes a new key file with mode 0600, refusing to overwrite an existing file.
pub fn write_key_file(path: &Path, hex_key: &str) -> Result<(), Error> {
    let shown = path.display().to_string();
    let write = || -> std::io::Result<()> {
        let mut file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(path)?;
        writeln!(file, "{hex_key}")?;
        file.sync_all()
    };
    write().map_err(|source| Error::KeyFileWrite {
        path: shown,
        source,
    })
}

/// Compares two byte strings in time that depends only on their length, so a token cannot be
/// guessed byte by byte from response times.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Associated data for a sealed column of a row: `bizwings:{table}:{id}:{column}`.
pub fn aad(table: &str, id: i64, column: &str) -> String {
    format!("bizwings:{table}:{id}:{column}")
}

/// Associated data of a provider's sealed upstream key: shared by `provider` (seals) and
/// `sidecar` (opens), which must not import each other.
pub fn provider_key_aad(provider_id: i64) -> String {
    aad("providers", provider_id, "api_key_sealed")
}

/// Where the master key came from, for messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeySource {
    File(PathBuf),
    Env(&'static str),
}

impl fmt::Display for KeySource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::File(p) => write!(f, "key file {}", p.display()),
            Self::Env(name) => write!(f, "environment variable {name}"),
        }
    }
}

/// A plaintext secret. Debug and Display print it masked; `expose` is the only way in.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: String) -> Self {
        Self(value)
    }

    /// The plaintext. Call only where the value leaves for its real destination.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The masked form shown to people: first 6 + `****` + last 4, or `ab****` when short.
    pub fn masked(&self) -> String {
        mask(&self.0)
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

/// Masks a secret for display. Keys under 16 characters show only 2 leading characters,
/// so that the shown part never approaches the hidden part.
pub fn mask(secret: &str) -> String {
    let chars: Vec<char> = secret.chars().collect();
    if chars.len() >= 16 {
        let head: String = chars[..6].iter().collect();
        let tail: String = chars[chars.len() - 4..].iter().collect();
        format!("{head}****{tail}")
    } else {
        let head: String = chars.iter().take(2.min(chars.len() / 2)).collect();
        format!("{head}****")
    }
}

/// `N` random bytes from the OS (span and trace ids).
pub fn random_bytes<const N: usize>() -> [u8; N] {
    use aes_gcm::aead::rand_core::RngCore as _;
    let mut bytes = [0; N];
    aes_gcm::aead::OsRng.fill_bytes(&mut bytes);
    bytes
}

/// A fresh random bearer token: `PREFIX_` and 48 hex characters (192 bits). Callers store
/// only its SHA-256 and show the token once.
pub fn new_token(prefix: &str) -> String {
    use aes_gcm::aead::rand_core::RngCore as _;
    let mut bytes = [0u8; 24];
    aes_gcm::aead::OsRng.fill_bytes(&mut bytes);
    format!("{prefix}_{}", hex::encode(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEX: &str = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

    #[test]
    fn seal_open_round_trip_and_aad_binding() {
        let key = MasterKey::from_hex(HEX).expect("valid key");
        let sealed = key.seal("bizwings:providers:1:api_key", b"sk-secret");
        assert_eq!(
            key.open("bizwings:providers:1:api_key", &sealed)
                .expect("opens"),
            b"sk-secret"
        );
        assert!(matches!(
            key.open("bizwings:providers:2:api_key", &sealed),
            Err(Error::Open(_))
        ));
        let other = MasterKey::generate().0;
        assert!(other.open("bizwings:providers:1:api_key", &sealed).is_err());
        assert_ne!(
            key.seal("a", b"x"),
            key.seal("a", b"x"),
            "nonce is random per value"
        );
    }

    #[test]
    fn key_check_detects_other_key() {
        let key = MasterKey::from_hex(HEX).expect("valid key");
        let check = key.key_check();
        assert!(key.matches(&check));
        assert!(!MasterKey::generate().0.matches(&check));
        assert_eq!(
            key.fingerprint(),
            MasterKey::from_hex(HEX).expect("valid").fingerprint()
        );
    }

    #[test]
    fn rejects_bad_hex() {
        assert!(matches!(
            MasterKey::from_hex("abcd"),
            Err(Error::KeyLength(4))
        ));
        assert!(matches!(
            MasterKey::from_hex(&"zz".repeat(32)),
            Err(Error::KeyHex(_))
        ));
    }

    #[test]
    fn masks() {
        assert_eq!(mask("sk-abcdefghijklmnopqrstuvwxyz"), "sk-abc****wxyz");
        assert_eq!(mask("abcdef"), "ab****");
        assert_eq!(mask("a"), "****");
        assert_eq!(
            format!("{:?}", Secret::new("sk-1234567890abcdef".into())),
            "sk-123****cdef"
        );
    }
}
