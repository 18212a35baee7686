//! Runs the real binary against a private temp state dir.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use tempfile::TempDir;

pub(crate) mod dialects;
pub(crate) mod feishu;
pub(crate) mod fixture;
pub(crate) mod mariadb;
pub(crate) mod redis;
pub(crate) mod server;
pub(crate) mod sshd;
pub(crate) mod upstream;
pub(crate) mod webhook;

/// A private state directory: `state.db` and, after `init`, `master.key`.
pub(crate) struct Env {
    pub(crate) dir: TempDir,
}

impl Env {
    pub(crate) fn new() -> Self {
        Self {
            dir: tempfile::tempdir().expect("tempdir"),
        }
    }

    /// A fresh env with `bizwings init` already run.
    pub(crate) fn initialized() -> Self {
        let env = Self::new();
        env.run(&["init"]).success();
        env
    }

    pub(crate) fn db(&self) -> PathBuf {
        self.dir.path().join("state.db")
    }

    pub(crate) fn key_file(&self) -> PathBuf {
        self.dir.path().join("master.key")
    }

    pub(crate) fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// A command with this env's DB and nothing inherited that could change the outcome.
    pub(crate) fn cmd(&self) -> Cmd {
        let mut command = Command::new(env!("CARGO_BIN_EXE_bizwings"));
        for (name, _) in std::env::vars_os() {
            let name = name.to_string_lossy().into_owned();
            if name.starts_with("BIZWINGS_")
                || name == "SIDECAR_ENCRYPTION_KEY"
                || name == "LOG_FORMAT"
                || name == "JOURNAL_STREAM"
            {
                command.env_remove(name);
            }
        }
        // HOME too, so ~/.ssh/known_hosts and keys of the machine do not leak into tests.
        command
            .env("BIZWINGS_DB", self.db())
            .env("HOME", self.dir.path())
            .env("NO_COLOR", "1");
        Cmd {
            command,
            stdin: None,
        }
    }

    pub(crate) fn run(&self, args: &[&str]) -> Out {
        self.cmd().args(args).run()
    }
}

pub(crate) struct Cmd {
    pub(crate) command: Command,
    stdin: Option<Vec<u8>>,
}

impl Cmd {
    pub(crate) fn args(mut self, args: &[&str]) -> Self {
        self.command.args(args);
        self
    }

    pub(crate) fn env(mut self, name: &str, value: impl AsRef<std::ffi::OsStr>) -> Self {
        self.command.env(name, value);
        self
    }

    pub(crate) fn stdin(mut self, data: &str) -> Self {
        self.stdin = Some(data.as_bytes().to_vec());
        self
    }

    pub(crate) fn run(mut self) -> Out {
        self.command
            .stdin(if self.stdin.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = self.command.spawn().expect("spawn bizwings");
        if let Some(data) = self.stdin.take() {
            // A command that fails before reading stdin closes it: that is not a test failure.
            let _ = child.stdin.take().expect("stdin").write_all(&data);
        }
        let output = child.wait_with_output().expect("wait");
        Out {
            code: output.status.code(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

/// What a run printed and how it exited (`code` is `None` when killed by a signal).
#[derive(Debug)]
pub(crate) struct Out {
    pub(crate) code: Option<i32>,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

impl Out {
    #[track_caller]
    pub(crate) fn code(&self, expected: i32) -> &Self {
        assert_eq!(
            self.code,
            Some(expected),
            "exit code\nstdout:\n{}\nstderr:\n{}",
            self.stdout,
            self.stderr
        );
        self
    }

    #[track_caller]
    pub(crate) fn success(&self) -> &Self {
        self.code(0)
    }

    #[track_caller]
    pub(crate) fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout))
    }

    #[track_caller]
    pub(crate) fn stderr_has(&self, needle: &str) -> &Self {
        assert!(
            self.stderr.contains(needle),
            "stderr lacks {needle:?}:\n{}",
            self.stderr
        );
        self
    }
}

/// Reads a file's bytes, or nothing when it does not exist.
pub(crate) fn bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_default()
}

/// Parses OpenMetrics text with the reference implementation (Python's prometheus_client):
/// `{name: [{labels, value}]}`; panics on text it refuses; `None` when it is not installed.
pub(crate) fn parse_metrics(text: &str) -> Option<serde_json::Value> {
    const PARSE: &str = "import json, sys
from prometheus_client.openmetrics.parser import text_string_to_metric_families
out = {}
for family in text_string_to_metric_families(sys.stdin.read()):
    for s in family.samples:
        out.setdefault(s.name, []).append({'labels': s.labels, 'value': s.value})
print(json.dumps(out))
";
    let python = python_with("prometheus_client")?;
    let mut child = Command::new(&python)
        .args(["-c", PARSE])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("python");
    std::io::Write::write_all(child.stdin.as_mut().expect("stdin"), text.as_bytes())
        .expect("write");
    let out = child.wait_with_output().expect("wait");
    assert!(
        out.status.success(),
        "not valid OpenMetrics: {}\n{text}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(serde_json::from_slice(&out.stdout).expect("json"))
}

/// A Python interpreter that can import `module`: BIZWINGS_TEST_PYTHON (set by `.ci/run`, where
/// a missing module is a failure) or `python3`. `None` (with the reason printed) means skip.
pub(crate) fn python_with(module: &str) -> Option<String> {
    let python = std::env::var("BIZWINGS_TEST_PYTHON").unwrap_or_else(|_| "python3".into());
    let ok = Command::new(&python)
        .args(["-c", &format!("import {module}")])
        .status()
        .is_ok_and(|s| s.success());
    if ok {
        return Some(python);
    }
    assert!(
        std::env::var_os("BIZWINGS_TEST_PYTHON").is_none(),
        "BIZWINGS_TEST_PYTHON cannot import {module}"
    );
    #[expect(clippy::print_stderr, reason = "a skipped test says why")]
    {
        eprintln!("skipped: Python module {module} is missing (run .ci/run)");
    }
    None
}

/// Runs `script` (under `tests/`) with `python` and `args`, `env` set; the one line of JSON it
/// prints. A failing script fails the test with its output.
pub(crate) async fn python_report(
    python: String,
    script: &str,
    args: Vec<String>,
    env: Vec<(&'static str, String)>,
) -> serde_json::Value {
    let script = format!("{}/tests/{script}", env!("CARGO_MANIFEST_DIR"));
    let out = tokio::task::spawn_blocking(move || {
        Command::new(python)
            .arg(script)
            .args(args)
            .envs(env)
            .output()
            .expect("run python")
    })
    .await
    .expect("join");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_str(stdout.trim()).expect("json report")
}

/// Adds sidecar client `name` with `flags`; its token.
pub(crate) fn client_token(env: &Env, name: &str, flags: &[&str]) -> String {
    let out = env
        .cmd()
        .args(&["sidecar", "client", "add", name, "--json"])
        .args(flags)
        .run();
    out.success();
    out.json()["token"].as_str().expect("token").to_owned()
}

/// The first column of every row `sql` returns, joined by `|`, read with Python's sqlite3 (a
/// second writer beside the binary, as a user's tool would be).
pub(crate) fn sqlite(db: &std::path::Path, sql: &str) -> String {
    let out = std::process::Command::new("python3")
        .args([
            "-c",
            "import sqlite3,sys; c=sqlite3.connect(sys.argv[1], isolation_level=None); print('|'.join(str(r[0]) for r in c.execute(sys.argv[2]).fetchall()))",
            db.to_str().expect("utf8"),
            sql,
        ])
        .output()
        .expect("python3");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}
