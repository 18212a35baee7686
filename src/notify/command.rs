//! Command receivers: `sh -c CMD` with the Feishu-shaped card JSON on stdin (what a relay to
//! a bot expects), through `child` (clean environment, bounded in time). Exit 0 is delivered.

use std::time::Duration;

use super::Verdict;

/// How long a command may take before it counts as failed (and is killed).
const TIMEOUT: Duration = Duration::from_secs(30);

/// Runs `command` with `body` on stdin.
pub(super) fn run(command: &str, body: &str) -> Verdict {
    match crate::child::sh(command, Some(body.as_bytes().to_vec()), TIMEOUT, 0) {
        Ok(out) if out.status.success() => Verdict::Delivered,
        Ok(out) => Verdict::Retry(format!(
            "command exited with {}: {}",
            out.status,
            out.stderr.trim()
        )),
        Err(e) => Verdict::Retry(format!("command {command:?}: {e}")),
    }
}
