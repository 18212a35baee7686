//! Child processes bizwings starts on a user's behalf (command receivers, command task
//! sources, heartbeat triggers, the local inspection script): in a clean environment (PATH,
//! HOME and LANG, plus the facts a caller hands over; never our master key or tokens), in their
//! own process group, with stdin written and stdout and stderr drained on their own threads (a
//! chatty child never blocks on a full pipe, whatever the order), bounded in time (the whole
//! group is killed) and in how much output is kept.

use std::io::{Read as _, Write as _};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver};
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

/// What a pipe's reader kept, and whether more was printed.
type Drained = (Vec<u8>, bool);

/// Reads a pipe to its end on its own thread, keeping the first `max` bytes.
fn drain<R: std::io::Read + Send + 'static>(pipe: R, max: u64) -> Receiver<Drained> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut pipe = pipe;
        let mut kept = Vec::new();
        let _ = (&mut pipe).take(max).read_to_end(&mut kept);
        let rest = std::io::copy(&mut pipe, &mut std::io::sink()).unwrap_or(0);
        let _ = tx.send((kept, rest > 0));
    });
    rx
}

/// Kills every process of the group `leader` started (std has no `killpg`).
fn kill_group(leader: u32) {
    if let Some(pid) = i32::try_from(leader)
        .ok()
        .and_then(rustix::process::Pid::from_raw)
    {
        let _ = rustix::process::kill_process_group(pid, rustix::process::Signal::KILL);
    }
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
/// process it started (its own process group), so a hung grandchild cannot outlive it. A
/// child that exits in time but leaves something in the background holding its output open
/// is answered at the deadline too: the group is killed then.
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
    // Not waited for: it ends when the bytes are in, or when nobody is left to read them.
    if let (Some(mut pipe), Some(bytes)) = (child.stdin.take(), stdin) {
        std::thread::spawn(move || {
            let _ = pipe.write_all(&bytes);
        });
    }
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
                kill_group(child.id());
                let _ = child.kill();
                let _ = child.wait();
                return Err(Error::TimedOut(timeout));
            }
            None => std::thread::sleep(Duration::from_millis(10)),
        }
    };
    // Something the child left in the background may hold the pipes open: it has until the
    // deadline, then the group is killed and the readers get a moment to see the end.
    let leader = child.id();
    let collect = |pipe: Option<Receiver<Drained>>| {
        let pipe = pipe?;
        pipe.recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .or_else(|_| {
                kill_group(leader);
                pipe.recv_timeout(Duration::from_secs(1))
            })
            .ok()
    };
    let (stdout, stdout_truncated) = collect(stdout).unwrap_or_default();
    let stderr = collect(stderr)
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
    fn what_a_child_leaves_in_the_background_ends_at_the_deadline() {
        let started = Instant::now();
        let out = sh("sleep 25 & echo $!", None, Duration::from_secs(2), 1000).expect("ran");
        assert!(out.status.success());
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "waited for the background sleep"
        );
        let pid = String::from_utf8_lossy(&out.stdout).trim().to_owned();
        let proc = std::path::PathBuf::from(format!("/proc/{pid}"));
        let gone = (0..50).any(|_| {
            std::thread::sleep(Duration::from_millis(20));
            // A killed child not yet reaped by its (exited) shell's reaper is a zombie: gone too.
            std::fs::read_to_string(proc.join("stat"))
                .map_or(true, |s| s.split_whitespace().nth(2) == Some("Z"))
        });
        assert!(gone, "sleep {pid} outlived the deadline");
    }

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
