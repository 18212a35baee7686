//! Child processes bizwings starts on a user's behalf (command receivers, command task
//! sources, heartbeat triggers, the local inspection script): in a clean environment (PATH,
//! HOME and LANG, plus the facts a caller hands over; never our master key or tokens), in their
//! own process group, with stdin written and stdout and stderr drained on their own threads (a
//! chatty child never blocks on a full pipe, whatever the order), bounded in time (the whole
//! group is killed) and in how much output is kept.

use std::io::{Read as _, Write as _};
use std::process::{Command, ExitStatus, Stdio};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Environment variables a child keeps; everything else is dropped.
const KEPT_ENV: [&str; 3] = ["PATH", "HOME", "LANG"];

/// What a finished child left.
#[derive(Debug)]
pub struct Output {
    pub status: ExitStatus,
    /// At most `max_stdout` bytes.
    pub stdout: Vec<u8>,
    /// More was printed than was kept.
    pub stdout_truncated: bool,
    /// The first few KiB of stderr.
    pub stderr: String,
}

/// Why a child gave no output.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot run {program}: {source}")]
    Spawn {
        program: String,
        source: std::io::Error,
    },
    #[error("did not finish within {0:?}")]
    TimedOut(Duration),
    #[error("{0}")]
    Wait(std::io::Error),
}

/// How much stderr is kept.
const MAX_STDERR: u64 = 4096;

/// Reads a pipe to its end, keeping the first `max` bytes.
fn drain<R: std::io::Read + Send + 'static>(pipe: R, max: u64) -> JoinHandle<(Vec<u8>, bool)> {
    std::thread::spawn(move || {
        let mut pipe = pipe;
        let mut kept = Vec::new();
        let _ = (&mut pipe).take(max).read_to_end(&mut kept);
        let rest = std::io::copy(&mut pipe, &mut std::io::sink()).unwrap_or(0);
        (kept, rest > 0)
    })
}

/// What a child gets besides its command line: facts in its environment, bytes on stdin.
#[derive(Debug, Default)]
pub struct Input {
    pub env: Vec<(&'static str, String)>,
    pub stdin: Option<Vec<u8>>,
}

impl From<Option<Vec<u8>>> for Input {
    fn from(stdin: Option<Vec<u8>>) -> Self {
        Self {
            env: Vec::new(),
            stdin,
        }
    }
}

/// Runs `program args…` with `input` and waits at most `timeout`, then kills it and every
/// process it started (its own process group), so a hung grandchild cannot outlive it.
pub fn run(
    program: &str,
    args: &[&str],
    input: impl Into<Input>,
    timeout: Duration,
    max_stdout: usize,
) -> Result<Output, Error> {
    use std::os::unix::process::CommandExt as _;
    let Input { env, stdin } = input.into();
    let mut command = Command::new(program);
    command.args(args).env_clear().process_group(0);
    for name in KEPT_ENV {
        if let Some(value) = std::env::var_os(name) {
            command.env(name, value);
        }
    }
    command.envs(env);
    let mut child = command
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|source| Error::Spawn {
            program: program.to_owned(),
            source,
        })?;
    let feeder = child.stdin.take().zip(stdin).map(|(mut pipe, bytes)| {
        std::thread::spawn(move || {
            let _ = pipe.write_all(&bytes);
        })
    });
    let stdout = child
        .stdout
        .take()
        .map(|p| drain(p, u64::try_from(max_stdout).unwrap_or(u64::MAX)));
    let stderr = child.stderr.take().map(|p| drain(p, MAX_STDERR));
    let deadline = Instant::now() + timeout;
    let status = loop {
        match child.try_wait().map_err(Error::Wait)? {
            Some(status) => break status,
            None if Instant::now() >= deadline => {
                // std has no killpg: `kill -KILL -PGID` ends the whole group.
                let _ = Command::new("kill")
                    .args(["-KILL", "--", &format!("-{}", child.id())])
                    .stderr(Stdio::null())
                    .status();
                let _ = child.kill();
                let _ = child.wait();
                return Err(Error::TimedOut(timeout));
            }
            None => std::thread::sleep(Duration::from_millis(10)),
        }
    };
    if let Some(f) = feeder {
        let _ = f.join();
    }
    let (stdout, stdout_truncated) = stdout.and_then(|t| t.join().ok()).unwrap_or_default();
    let stderr = stderr
        .and_then(|t| t.join().ok())
        .map(|(bytes, _)| String::from_utf8_lossy(&bytes).into_owned())
        .unwrap_or_default();
    Ok(Output {
        status,
        stdout,
        stdout_truncated,
        stderr,
    })
}

/// `sh -c command`.
pub fn sh(
    command: &str,
    input: impl Into<Input>,
    timeout: Duration,
    max_stdout: usize,
) -> Result<Output, Error> {
    run("sh", &["-c", command], input, timeout, max_stdout)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_output_never_deadlocks_and_is_bounded() {
        let out = sh(
            "head -c 300000 /dev/zero; echo done >&2",
            None,
            Duration::from_secs(10),
            100_000,
        )
        .expect("ran");
        assert!(out.status.success());
        assert_eq!(out.stdout.len(), 100_000);
        assert!(out.stdout_truncated);
        assert_eq!(out.stderr.trim(), "done");
    }

    #[test]
    fn the_environment_is_clean_and_slow_children_are_killed() {
        // Whatever this process has in its environment, the child sees only the kept names.
        let out = sh("env", None, Duration::from_secs(10), 100_000).expect("ran");
        let env = String::from_utf8_lossy(&out.stdout);
        assert!(
            env.lines()
                .all(|l| KEPT_ENV.iter().any(|k| l.starts_with(&format!("{k}=")))
                    || l.starts_with("PWD=")
                    || l.starts_with("SHLVL=")
                    || l.starts_with("_=")),
            "{env}"
        );
        assert!(matches!(
            sh("sleep 5", None, Duration::from_millis(100), 10),
            Err(Error::TimedOut(_))
        ));
    }
}
