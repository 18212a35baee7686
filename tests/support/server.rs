//! bizwings servers (`sidecar serve`, `alert bridge`) as child processes on 127.0.0.1:0; the
//! port comes from their JSON log.

use std::io::{BufRead as _, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::Env;

pub(crate) struct Server {
    child: Child,
    pub(crate) addr: SocketAddr,
    pub(crate) log: Arc<Mutex<Vec<String>>>,
}

impl Server {
    /// Starts the sidecar with fast test settings plus `args`, and waits until it listens.
    pub(crate) fn sidecar(env: &Env, args: &[&str]) -> Self {
        Self::sidecar_with(env, args, &[])
    }

    /// `sidecar`, with `envs` set (an admin token, say).
    pub(crate) fn sidecar_with(env: &Env, args: &[&str], envs: &[(&str, &str)]) -> Self {
        let mut all = vec![
            "sidecar",
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--metrics-listen",
            "127.0.0.1:0",
            "--reload-interval",
            "200ms",
            "--shutdown-grace",
            "5s",
        ];
        all.extend_from_slice(args);
        Self::start(env, &all, envs)
    }

    /// Starts the alert bridge on a free port plus `args`, with `envs` set.
    pub(crate) fn bridge(env: &Env, args: &[&str], envs: &[(&str, &str)]) -> Self {
        let mut all = vec!["alert", "bridge", "--listen", "127.0.0.1:0"];
        all.extend_from_slice(args);
        Self::start(env, &all, envs)
    }

    /// Runs `bizwings ARGS --log-format json` and waits until it logs "listening on".
    pub(crate) fn start(env: &Env, args: &[&str], envs: &[(&str, &str)]) -> Self {
        let mut cmd = env.cmd().command;
        cmd.args(args)
            .args(["--log-format", "json"])
            .envs(envs.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().expect("spawn server");
        let stderr = child.stderr.take().expect("stderr");
        let log = Arc::new(Mutex::new(Vec::new()));
        let (addr_tx, addr_rx) = std::sync::mpsc::channel();
        let sink = log.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Ok(v) = serde_json::from_str::<serde_json::Value>(&line)
                    && v["message"] == "listening on"
                {
                    let _ = addr_tx.send(v["addr"].as_str().unwrap_or_default().to_owned());
                }
                sink.lock().expect("lock").push(line);
            }
        });
        let Ok(addr) = addr_rx.recv_timeout(Duration::from_secs(20)) else {
            let _ = child.kill();
            panic!(
                "sidecar did not start:\n{}",
                log.lock().expect("lock").join("\n")
            );
        };
        let addr = addr.parse().expect("addr");
        Self { child, addr, log }
    }

    pub(crate) fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    pub(crate) fn signal(&self, name: &str) {
        let status = std::process::Command::new("kill")
            .args([&format!("-{name}"), &self.child.id().to_string()])
            .status()
            .expect("kill");
        assert!(status.success());
    }

    /// SIGTERM, then waits for a clean exit; returns the exit code.
    pub(crate) fn terminate(mut self) -> Option<i32> {
        self.signal("TERM");
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return status.code();
            }
            assert!(
                Instant::now() < deadline,
                "server did not stop after SIGTERM"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The address a "metrics listening on" log line named.
    pub(crate) fn metrics_addr(&self) -> Option<SocketAddr> {
        self.log.lock().expect("lock").iter().find_map(|line| {
            let v: serde_json::Value = serde_json::from_str(line).ok()?;
            (v["message"] == "metrics listening on").then(|| v["addr"].as_str()?.parse().ok())?
        })
    }

    /// The text of the sidecar's `GET /metrics` on its metrics listener.
    pub(crate) async fn sidecar_metrics(&self) -> String {
        let addr = self.metrics_addr().expect("metrics address");
        reqwest::get(format!("http://{addr}/metrics"))
            .await
            .expect("scrape")
            .text()
            .await
            .expect("text")
    }

    pub(crate) fn log_text(&self) -> String {
        self.log.lock().expect("lock").join("\n")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// Waits until a chat request for `model` is answered 200 (a provider added elsewhere is
    /// picked up within a reload); fails with `what` after `within`.
    pub(crate) async fn wait_until_served(&self, model: &str, within: Duration, what: &str) {
        let client = reqwest::Client::new();
        let deadline = Instant::now() + within;
        loop {
            let r = client
                .post(self.url("/v1/chat/completions"))
                .json(&serde_json::json!({"model": model, "messages": []}))
                .send()
                .await
                .expect("send");
            if r.status() == 200 {
                return;
            }
            assert!(Instant::now() < deadline, "{what}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// `heartbeat exporter` on a free port, reading the DB on every scrape.
    pub(crate) fn exporter(env: &Env) -> Self {
        Self::start(
            env,
            &[
                "heartbeat",
                "exporter",
                "--listen",
                "127.0.0.1:0",
                "--min-interval",
                "0s",
            ],
            &[],
        )
    }

    /// The text of `GET /metrics`.
    pub(crate) async fn metrics(&self) -> String {
        reqwest::get(format!("http://{}/metrics", self.addr))
            .await
            .expect("scrape")
            .text()
            .await
            .expect("text")
    }

    /// SIGKILL: no chance to clean up, as in a crash.
    pub(crate) fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
