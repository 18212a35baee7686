//! The SSH stack `inspect` and `backup` share (libssh2, blocking, on the caller's thread):
//! connect with a timeout, check the host key against known_hosts, authenticate; then run a
//! script in one exec, or open SFTP.

use std::io::Read as _;
use std::net::{TcpStream, ToSocketAddrs as _};
use std::path::{Path, PathBuf};
use std::time::Duration;

use ssh2::{CheckResult, HashType, KnownHostFileKind, Session};

use crate::crypto::Secret;

/// How to log in.
#[derive(Debug, Clone)]
pub enum Auth {
    /// A private key file.
    Identity(PathBuf),
    Password(Secret),
    /// The ssh-agent, then ~/.ssh/id_ed25519, ~/.ssh/id_rsa.
    Default,
}

/// Where host keys are trusted from.
#[derive(Debug, Clone)]
pub struct KnownHosts {
    /// `~/.ssh/known_hosts`, read only.
    pub user_file: Option<PathBuf>,
    /// bizwings' own file beside the state DB; `--accept-new` adds to it.
    pub own_file: PathBuf,
    pub accept_new: bool,
}

/// Why a host could not be reached. `Refused` is a security finding (changed key).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    Unreachable(String),
    #[error("{0}")]
    Refused(String),
}

fn unreachable(msg: impl Into<String>) -> Error {
    Error::Unreachable(msg.into())
}

/// Where to log in, and how.
#[derive(Debug, Clone, Copy)]
pub struct Target<'a> {
    pub addr: &'a str,
    pub port: u16,
    pub user: &'a str,
    pub auth: &'a Auth,
}

/// Runs `script` on the target; the whole exchange is bounded by `timeout`.
pub fn run(
    to: Target<'_>,
    known: &KnownHosts,
    script: &str,
    timeout: Duration,
) -> Result<String, Error> {
    let target = format!("{}:{}", to.addr, to.port);
    let session = connect(to, known, timeout)?;
    let mut channel = session.channel_session().map_err(|e| {
        unreachable(format!(
            "cannot open a channel on {target}: {}",
            e.message()
        ))
    })?;
    channel
        .exec("sh -s")
        .map_err(|e| unreachable(format!("cannot start a shell on {target}: {}", e.message())))?;
    std::io::Write::write_all(&mut channel, script.as_bytes())
        .and_then(|()| channel.send_eof().map_err(std::io::Error::other))
        .map_err(|e| unreachable(format!("cannot send the checks to {target}: {e}")))?;
    let mut output = String::new();
    channel
        .read_to_string(&mut output)
        .map_err(|e| unreachable(format!("no answer from {target} within {timeout:?}: {e}")))?;
    let _ = channel.wait_close();
    Ok(output)
}

/// A logged-in session with the target, its host key checked; every read and write on it is
/// bounded by `timeout`.
pub fn connect(to: Target<'_>, known: &KnownHosts, timeout: Duration) -> Result<Session, Error> {
    let Target {
        addr,
        port,
        user,
        auth,
    } = to;
    let target = format!("{addr}:{port}");
    let socket = target
        .to_socket_addrs()
        .map_err(|e| unreachable(format!("cannot resolve {target}: {e}")))?
        .next()
        .ok_or_else(|| unreachable(format!("cannot resolve {target}")))?;
    let tcp = TcpStream::connect_timeout(&socket, timeout)
        .map_err(|e| unreachable(format!("cannot connect to {target}: {e}")))?;
    let _ = tcp.set_read_timeout(Some(timeout));
    let mut session = Session::new().map_err(|e| unreachable(e.to_string()))?;
    session.set_timeout(u32::try_from(timeout.as_millis()).unwrap_or(u32::MAX));
    session.set_tcp_stream(tcp);
    session.handshake().map_err(|e| {
        unreachable(format!(
            "ssh handshake with {target} failed: {}",
            e.message()
        ))
    })?;
    check_host_key(&session, addr, port, known)?;
    authenticate(&session, user, auth)
        .map_err(|e| unreachable(format!("cannot log in to {target} as {user}: {e}")))?;
    Ok(session)
}

fn authenticate(session: &Session, user: &str, auth: &Auth) -> Result<(), String> {
    match auth {
        Auth::Identity(path) => session
            .userauth_pubkey_file(user, None, path, None)
            .map_err(|e| format!("key {} rejected: {}", path.display(), e.message())),
        Auth::Password(pw) => session
            .userauth_password(user, pw.expose())
            .map_err(|e| format!("password rejected: {}", e.message())),
        Auth::Default => {
            if session.userauth_agent(user).is_ok() && session.authenticated() {
                return Ok(());
            }
            let home = std::env::var_os("HOME")
                .map(PathBuf::from)
                .unwrap_or_default();
            for name in ["id_ed25519", "id_ecdsa", "id_rsa"] {
                let key = home.join(".ssh").join(name);
                if key.exists() && session.userauth_pubkey_file(user, None, &key, None).is_ok() {
                    return Ok(());
                }
            }
            Err("no agent identity or ~/.ssh key was accepted (give the host an identity file or a password)".into())
        }
    }
}

/// The key's SHA256 fingerprint as OpenSSH prints it.
fn fingerprint(session: &Session) -> String {
    use base64::Engine as _;
    session.host_key_hash(HashType::Sha256).map_or_else(
        || "unknown".into(),
        |h| {
            format!(
                "SHA256:{}",
                base64::engine::general_purpose::STANDARD_NO_PAD.encode(h)
            )
        },
    )
}

/// Hosts are checked in parallel: one known_hosts writer at a time, or additions would be lost.
static WRITING: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn check_host_key(
    session: &Session,
    host: &str,
    port: u16,
    known: &KnownHosts,
) -> Result<(), Error> {
    let (key, key_type) = session
        .host_key()
        .ok_or_else(|| unreachable("the server sent no host key"))?;
    let mut verdicts = Vec::new();
    for file in known
        .user_file
        .iter()
        .chain(std::iter::once(&known.own_file))
    {
        let mut kh = session
            .known_hosts()
            .map_err(|e| unreachable(e.to_string()))?;
        if file.exists() && kh.read_file(file, KnownHostFileKind::OpenSSH).is_err() {
            tracing::warn!(file = %file.display(), "cannot read known_hosts file");
            continue;
        }
        verdicts.push((file, kh.check_port(host, port, key)));
    }
    let shown = if port == 22 {
        host.to_owned()
    } else {
        format!("[{host}]:{port}")
    };
    if let Some((file, _)) = verdicts
        .iter()
        .find(|(_, v)| matches!(v, CheckResult::Mismatch))
    {
        return Err(Error::Refused(format!(
            "HOST KEY CHANGED for {shown} (now {}): refusing to connect. If the server was really reinstalled, remove its old line (ssh-keygen -R '{shown}' -f {}) and rerun with --accept-new",
            fingerprint(session),
            file.display()
        )));
    }
    if verdicts
        .iter()
        .any(|(_, v)| matches!(v, CheckResult::Match))
    {
        return Ok(());
    }
    // Not a failure of the host: it could not be checked yet (UNKNOWN, not CRITICAL).
    if !known.accept_new {
        return Err(unreachable(format!(
            "unknown host key for {shown} ({}): verify it, then rerun with --accept-new to trust it (it is then kept in {})",
            fingerprint(session),
            known.own_file.display()
        )));
    }
    let _guard = WRITING
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let mut kh = session
        .known_hosts()
        .map_err(|e| unreachable(e.to_string()))?;
    if known.own_file.exists() {
        let _ = kh.read_file(&known.own_file, KnownHostFileKind::OpenSSH);
    }
    kh.add(
        &shown,
        key,
        "added by bizwings --accept-new",
        key_type.into(),
    )
    .and_then(|()| kh.write_file(&known.own_file, KnownHostFileKind::OpenSSH))
    .map_err(|e| {
        unreachable(format!(
            "cannot record the host key in {}: {}",
            known.own_file.display(),
            e.message()
        ))
    })?;
    tracing::info!(host = %shown, fingerprint = %fingerprint(session), "trusted a new host key");
    Ok(())
}

/// `~/.ssh/known_hosts` when there is a home.
pub fn user_known_hosts() -> Option<PathBuf> {
    std::env::var_os("HOME").map(|h| Path::new(&h).join(".ssh/known_hosts"))
}

/// The known_hosts file bizwings manages: `known_hosts` beside the DB.
pub fn own_known_hosts(db: &Path) -> PathBuf {
    db.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join("known_hosts")
}
