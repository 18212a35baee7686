//! Throwaway OpenSSH servers on 127.0.0.1 (the ssh2-rs pattern): generated host key, client
//! key and authorized_keys in a temp dir, `sshd -D -f <tmp>/sshd_config` on a free port.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tempfile::TempDir;

/// A client key pair shared by a test's servers.
pub(crate) struct ClientKey {
    _dir: TempDir,
    pub(crate) private: PathBuf,
    pub(crate) public: String,
}

impl ClientKey {
    pub(crate) fn new() -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let private = dir.path().join("id_ed25519");
        keygen(&private);
        let public = std::fs::read_to_string(dir.path().join("id_ed25519.pub")).expect("pub");
        Self {
            _dir: dir,
            private,
            public,
        }
    }
}

fn keygen(path: &Path) {
    let status = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-f"])
        .arg(path)
        .stdout(Stdio::null())
        .status()
        .expect("ssh-keygen");
    assert!(status.success());
}

pub(crate) struct Sshd {
    child: Child,
    pub(crate) addr: SocketAddr,
    dir: TempDir,
}

/// Whether sshd can run here; with BIZWINGS_REQUIRE_SSHD=1 (set by .ci/run) it must.
pub(crate) fn available() -> bool {
    let ok = Path::new("/usr/sbin/sshd").exists()
        && Command::new("ssh-keygen").arg("-?").output().is_ok();
    assert!(
        ok || std::env::var_os("BIZWINGS_REQUIRE_SSHD").is_none(),
        "BIZWINGS_REQUIRE_SSHD is set but sshd is missing"
    );
    ok
}

impl Sshd {
    /// Starts sshd on `addr` (port 0 for a free one) accepting `client` for the current user,
    /// and passwords when `passwords` is set.
    pub(crate) fn start(client: &ClientKey, addr: Option<SocketAddr>, passwords: bool) -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        keygen(&dir.path().join("host_key"));
        std::fs::write(dir.path().join("authorized_keys"), &client.public)
            .expect("authorized_keys");
        let addr = addr.unwrap_or_else(crate::support::feishu::free_addr);
        let config = format!(
            "Port {port}\nListenAddress 127.0.0.1\nHostKey {dir}/host_key\nPidFile {dir}/sshd.pid\n\
             AuthorizedKeysFile {dir}/authorized_keys\nPasswordAuthentication {pw}\nKbdInteractiveAuthentication no\n\
             UsePAM no\nStrictModes no\nPermitRootLogin yes\nMaxStartups 100:30:200\nMaxSessions 50\nLogLevel ERROR\n\
             Subsystem sftp internal-sftp\n",
            port = addr.port(),
            dir = dir.path().display(),
            pw = if passwords { "yes" } else { "no" },
        );
        std::fs::write(dir.path().join("sshd_config"), config).expect("config");
        // Privilege separation wants this directory when sshd runs as root.
        let _ = std::fs::create_dir_all("/run/sshd");
        let child = Command::new("/usr/sbin/sshd")
            .args(["-D", "-e", "-f"])
            .arg(dir.path().join("sshd_config"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("sshd");
        let sshd = Self { child, addr, dir };
        let deadline = Instant::now() + Duration::from_secs(10);
        while std::net::TcpStream::connect(addr).is_err() {
            assert!(Instant::now() < deadline, "sshd did not start on {addr}");
            std::thread::sleep(Duration::from_millis(20));
        }
        sshd
    }

    /// The server's host key line for a known_hosts file.
    pub(crate) fn known_hosts_line(&self) -> String {
        let key = std::fs::read_to_string(self.dir.path().join("host_key.pub")).expect("host key");
        format!(
            "[127.0.0.1]:{} {}",
            self.addr.port(),
            key.split_whitespace().take(2).collect::<Vec<_>>().join(" ")
        )
    }
}

impl Drop for Sshd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
