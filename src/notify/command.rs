//! Command receivers: `sh -c CMD` with the Feishu-shaped card JSON on stdin (what a relay to
//! a bot expects), in a clean environment, bounded in time. Exit 0 is delivered.

use std::io::{Read as _, Write as _};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::Verdict;

/// How long a command may take before it counts as failed (and is killed).
const TIMEOUT: Duration = Duration::from_secs(30);
/// How much of its stderr is kept for the outbox.
const MAX_STDERR: u64 = 2000;

/// Runs `command` with `body` on stdin.
pub(super) fn run(command: &str, body: &str) -> Verdict {
    // Our own secrets (master key, tokens) live in the environment: the child gets none of it.
    let child = Command::new("sh")
        .args(["-c", command])
        .env_clear()
        .env(
            "PATH",
            std::env::var_os("PATH").unwrap_or_else(|| "/usr/bin:/bin".into()),
        )
        .env("LANG", "C.UTF-8")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) => return Verdict::Retry(format!("cannot run {command:?}: {e}")),
    };
    if let Some(mut stdin) = child.stdin.take() {
        let _ = stdin.write_all(body.as_bytes());
    }
    // Drained on its own thread, so a chatty command never blocks on a full pipe.
    let stderr = child.stderr.take().map(|mut err| {
        std::thread::spawn(move || {
            let mut kept = String::new();
            let _ = (&mut err).take(MAX_STDERR).read_to_string(&mut kept);
            let _ = std::io::copy(&mut err, &mut std::io::sink());
            kept
        })
    });
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Verdict::Retry(format!("command did not finish within {TIMEOUT:?}"));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => return Verdict::Retry(format!("command failed: {e}")),
        }
    };
    let stderr = stderr.and_then(|t| t.join().ok()).unwrap_or_default();
    if status.success() {
        Verdict::Delivered
    } else {
        Verdict::Retry(format!("command exited with {status}: {}", stderr.trim()))
    }
}
