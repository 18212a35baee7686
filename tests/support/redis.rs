//! A throwaway `redis-server` on a loopback port, nothing persisted; it can be stopped and
//! started again on the same port.

use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub(crate) struct Redis {
    child: Option<Child>,
    pub(crate) addr: SocketAddr,
    /// More `redis-server` flags (`--requirepass …`).
    extra: Vec<String>,
}

impl Redis {
    /// Starts a server, or `None` when redis-server is not installed here. With
    /// BIZWINGS_REQUIRE_REDIS=1 (set by .ci/run) a missing server is a failure.
    pub(crate) fn start() -> Option<Self> {
        Self::start_with(&[])
    }

    /// [`Redis::start`] with more `redis-server` flags.
    pub(crate) fn start_with(extra: &[&str]) -> Option<Self> {
        if Command::new("redis-server")
            .arg("--version")
            .output()
            .is_err()
        {
            assert!(
                std::env::var_os("BIZWINGS_REQUIRE_REDIS").is_none(),
                "BIZWINGS_REQUIRE_REDIS is set but redis-server is not installed"
            );
            #[expect(clippy::print_stderr, reason = "a skipped test says why")]
            {
                eprintln!("skipped: redis-server is not installed (run .ci/run)");
            }
            return None;
        }
        let addr = crate::support::feishu::free_addr();
        let mut redis = Self {
            child: None,
            addr,
            extra: extra.iter().map(|s| (*s).to_owned()).collect(),
        };
        redis.resume();
        Some(redis)
    }

    pub(crate) fn url(&self) -> String {
        format!("redis://{}/0", self.addr)
    }

    /// `redis-cli` against it: what it printed, trimmed.
    pub(crate) fn cli(&self, args: &[&str]) -> String {
        let out = Command::new("redis-cli")
            .args(["-p", &self.addr.port().to_string()])
            .args(args)
            .output()
            .expect("redis-cli");
        assert!(out.status.success(), "redis-cli {args:?}");
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    }

    /// Script calls (EVAL, EVALSHA) it has served, from its own command statistics.
    pub(crate) fn script_calls(&self) -> u64 {
        self.cli(&["INFO", "commandstats"])
            .lines()
            .filter(|l| l.starts_with("cmdstat_evalsha:") || l.starts_with("cmdstat_eval:"))
            .filter_map(|l| {
                l.split("calls=")
                    .nth(1)?
                    .split(',')
                    .next()?
                    .parse::<u64>()
                    .ok()
            })
            .sum()
    }

    /// Kills the server (as a crash would).
    pub(crate) fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts it again on the same port and waits until it answers.
    pub(crate) fn resume(&mut self) {
        let child = Command::new("redis-server")
            .args(["--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
            .args(["--port", &self.addr.port().to_string()])
            .args(&self.extra)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("redis-server");
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(10);
        while std::net::TcpStream::connect(self.addr).is_err() {
            assert!(Instant::now() < deadline, "redis-server did not start");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Redis {
    fn drop(&mut self) {
        self.stop();
    }
}
