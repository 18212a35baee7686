//! Where an agent's tasks come from: Markdown checklists in a directory, a JSON file, an HTTP
//! URL, or a command printing JSON. Every source yields the same `Task`s; a source that fails
//! says why, and the agent's check becomes UNKNOWN instead of crashing.

use std::fs;
use std::path::Path;
use std::time::{Duration, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

/// Largest JSON document accepted from a file, URL or command.
const MAX_JSON_BYTES: u64 = 4 * 1024 * 1024;
const COMMAND_TIMEOUT: Duration = Duration::from_secs(30);

/// A task's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskStatus {
    Todo,
    InProgress,
    Done,
    Blocked,
}

/// One task, whatever its source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Task {
    pub id: String,
    #[serde(default)]
    pub title: String,
    pub status: TaskStatus,
    /// Unix ms of the last change.
    #[serde(deserialize_with = "de_time")]
    pub updated_at: i64,
    #[serde(default)]
    pub depends_on: Vec<String>,
    #[serde(default)]
    pub rounds: u32,
}

/// `updated_at` as RFC 3339 text or unix seconds.
fn de_time<'de, D: serde::Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum T {
        Text(String),
        Secs(f64),
    }
    match T::deserialize(d)? {
        #[expect(clippy::cast_possible_truncation, reason = "unix seconds to ms")]
        T::Secs(s) => Ok((s * 1000.0) as i64),
        T::Text(t) => chrono::DateTime::parse_from_rfc3339(&t)
            .map(|d| d.timestamp_millis())
            .map_err(|e| serde::de::Error::custom(format!("updated_at {t:?}: {e}"))),
    }
}

pub use crate::state::heartbeat::Source;

impl std::str::FromStr for Source {
    type Err = String;

    /// Parses `markdown:DIR`, `json:PATH`, `http:URL` (or `https://…`) and `command:CMD`.
    fn from_str(text: &str) -> Result<Self, String> {
        let (kind, spec) = text
            .split_once(':')
            .ok_or_else(|| format!("invalid source {text:?}: expected KIND:SPEC with KIND markdown, json, http or command"))?;
        let spec = spec.trim().to_owned();
        if spec.is_empty() {
            return Err(format!("invalid source {text:?}: nothing after the colon"));
        }
        match kind {
            "markdown" => Ok(Self::Markdown(spec)),
            "json" => Ok(Self::Json(spec)),
            "command" => Ok(Self::Command(spec)),
            "http" | "https" => {
                let url = if spec.starts_with("//") {
                    format!("{kind}:{spec}")
                } else {
                    spec
                };
                let parsed = url::Url::parse(&url)
                    .map_err(|e| format!("invalid source URL {url:?}: {e}"))?;
                let literal = parsed.password().is_some()
                    || parsed
                        .query_pairs()
                        .any(|(_, v)| !v.is_empty() && !is_reference(&v));
                if literal {
                    return Err(format!(
                        "the source URL {} holds a password or a query value: write each as ${{VAR}} (read from the environment of `heartbeat run`) so no token is stored or shown",
                        crate::state::heartbeat::masked_url(&url)
                    ));
                }
                Ok(Self::Http(url))
            }
            other => Err(format!(
                "unknown source kind {other:?}: use markdown, json, http or command"
            )),
        }
    }
}

impl Source {
    /// Shown in lists and findings.
    pub fn describe(&self) -> String {
        match self {
            Self::Markdown(s) => format!("markdown:{s}"),
            Self::Json(s) => format!("json:{s}"),
            Self::Http(s) => format!("http:{}", crate::state::heartbeat::masked_url(s)),
            Self::Command(s) => format!("command:{s}"),
        }
    }

    /// Reads the tasks.
    pub fn load(&self) -> Result<Vec<Task>, String> {
        match self {
            Self::Markdown(dir) => markdown_dir(Path::new(dir)),
            Self::Json(path) => {
                let text = crate::input::read_file(Path::new(path), MAX_JSON_BYTES)
                    .map_err(|e| e.to_string())?;
                parse_json(&text).map_err(|e| format!("{path}: {e}"))
            }
            Self::Http(url) => http(&expand(url)?, url),
            Self::Command(cmd) => command(cmd),
        }
    }
}

fn parse_json(text: &str) -> Result<Vec<Task>, String> {
    serde_json::from_str(text).map_err(|e| format!("not a JSON array of tasks: {e}"))
}

/// Whether a query value is a `${VAR}` reference.
fn is_reference(value: &str) -> bool {
    value
        .strip_prefix("${")
        .and_then(|v| v.strip_suffix('}'))
        .is_some_and(|name| {
            !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        })
}

/// A source URL with each `${VAR}` replaced by the variable's value, percent-encoded.
fn expand(url: &str) -> Result<String, String> {
    let mut out = String::with_capacity(url.len());
    let mut rest = url;
    while let Some(at) = rest.find("${") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        let end = after
            .find('}')
            .ok_or_else(|| "an unclosed ${ in the source URL".to_owned())?;
        let name = &after[..end];
        let value = std::env::var(name)
            .map_err(|_| format!("environment variable {name} (in the source URL) is not set"))?;
        out.extend(url::form_urlencoded::byte_serialize(value.as_bytes()));
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// GETs `url` (the expanded form of `shown`, which is what errors name).
fn http(url: &str, shown: &str) -> Result<Vec<Task>, String> {
    let shown = crate::state::heartbeat::masked_url(shown);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .build()
            .map_err(|e| e.to_string())?;
        let response = client
            .get(url)
            .send()
            .await
            .map_err(|e| format!("GET {shown}: {}", e.without_url()))?;
        if !response.status().is_success() {
            return Err(format!("GET {shown}: HTTP {}", response.status()));
        }
        // Counted as it arrives: a chunked answer has no Content-Length to check up front.
        let too_large = || format!("GET {shown}: answer larger than {MAX_JSON_BYTES} bytes");
        let mut body = Vec::new();
        let mut response = response;
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| format!("GET {shown}: {}", e.without_url()))?
        {
            if (body.len() + chunk.len()) as u64 > MAX_JSON_BYTES {
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
        }
        parse_json(&String::from_utf8_lossy(&body)).map_err(|e| format!("GET {shown}: {e}"))
    })
}

/// A command's JSON on stdout (read while it runs, so its size cannot stall it), through
/// `child`: no secret of ours in its environment, killed after the timeout.
fn command(cmd: &str) -> Result<Vec<Task>, String> {
    let limit = usize::try_from(MAX_JSON_BYTES).unwrap_or(usize::MAX);
    let out =
        crate::child::sh(cmd, None, COMMAND_TIMEOUT, limit).map_err(|e| format!("{cmd:?}: {e}"))?;
    if !out.status.success() {
        let tail: Vec<&str> = out.stderr.trim().lines().rev().take(3).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        return Err(format!(
            "{cmd:?} failed ({}): {}",
            out.status,
            tail.join(" | ")
        ));
    }
    if out.stdout_truncated {
        return Err(format!("{cmd:?} printed more than {MAX_JSON_BYTES} bytes"));
    }
    parse_json(&String::from_utf8_lossy(&out.stdout)).map_err(|e| format!("{cmd:?} printed {e}"))
}

/// Every `.md` file of a directory (sorted, not recursive).
fn markdown_dir(dir: &Path) -> Result<Vec<Task>, String> {
    let mut files: Vec<_> = fs::read_dir(dir)
        .map_err(|e| format!("cannot read directory {}: {e}", dir.display()))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    files.sort();
    let mut tasks = Vec::new();
    for path in files {
        // A FIFO or a link to /dev/zero among the cards must not hang or flood the run.
        let text = crate::input::read_file(&path, MAX_JSON_BYTES).map_err(|e| e.to_string())?;
        let mtime = fs::metadata(&path)
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
            .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(0));
        let stem = path
            .file_stem()
            .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
        tasks.extend(markdown(&text, &stem, mtime));
    }
    Ok(tasks)
}

/// Checklist items of one Markdown file: `- [ ]` todo, `- [x]` done, `- [~]` or `- [/]` in
/// progress, `- [!]` blocked; inline `(id: X, depends: Y Z, rounds: 3, updated: RFC3339)`.
/// Without an id, a task is `FILE#N`; without `updated`, the file's mtime.
pub fn markdown(text: &str, file: &str, mtime_ms: i64) -> Vec<Task> {
    let mut tasks = Vec::new();
    for line in text.lines() {
        let line = line.trim_start();
        let Some(rest) = line
            .strip_prefix("- [")
            .or_else(|| line.strip_prefix("* ["))
        else {
            continue;
        };
        let Some((mark, title)) = rest.split_once(']') else {
            continue;
        };
        let status = match mark {
            " " => TaskStatus::Todo,
            "x" | "X" => TaskStatus::Done,
            "~" | "/" => TaskStatus::InProgress,
            "!" => TaskStatus::Blocked,
            _ => continue,
        };
        let mut task = Task {
            id: format!("{file}#{}", tasks.len() + 1),
            title: title.trim().to_owned(),
            status,
            updated_at: mtime_ms,
            depends_on: Vec::new(),
            rounds: 0,
        };
        // Inline fields in the last parentheses of the line.
        if let (Some(open), Some(close)) = (title.rfind('('), title.rfind(')'))
            && open < close
        {
            let fields = &title[open + 1..close];
            let mut recognised = false;
            for field in fields.split(',') {
                let Some((k, v)) = field.split_once(':') else {
                    continue;
                };
                let v = v.trim();
                match k.trim() {
                    "id" => v.clone_into(&mut task.id),
                    "depends" | "depends_on" => {
                        task.depends_on = v.split_whitespace().map(str::to_owned).collect();
                    }
                    "rounds" => task.rounds = v.parse().unwrap_or(0),
                    "updated" | "updated_at" => {
                        if let Ok(t) = chrono::DateTime::parse_from_rfc3339(v) {
                            task.updated_at = t.timestamp_millis();
                        }
                    }
                    _ => continue,
                }
                recognised = true;
            }
            if recognised {
                title[..open].trim().clone_into(&mut task.title);
            }
        }
        tasks.push(task);
    }
    tasks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_source(text: &str) -> Result<Source, String> {
        text.parse()
    }

    #[test]
    fn reads_checklists() {
        let text = "# Board\n- [ ] write the report (id: report, depends: data, rounds: 3)\n- [x] gather data (id: data)\n  - [~] review (updated: 2026-11-26T09:00:00Z)\n- [!] deploy\nnot a task\n- [?] odd\n";
        let tasks = markdown(text, "board", 42);
        assert_eq!(tasks.len(), 4);
        assert_eq!(tasks[0].id, "report");
        assert_eq!(tasks[0].title, "write the report");
        assert_eq!(tasks[0].depends_on, ["data"]);
        assert_eq!(tasks[0].rounds, 3);
        assert_eq!(tasks[0].updated_at, 42);
        assert_eq!(tasks[1].status, TaskStatus::Done);
        assert_eq!(tasks[2].status, TaskStatus::InProgress);
        assert_eq!(tasks[2].id, "board#3");
        assert_eq!(tasks[2].updated_at, 1_795_683_600_000);
        assert_eq!(tasks[3].status, TaskStatus::Blocked);
    }

    #[test]
    fn reads_json_tasks() {
        let tasks = parse_json(r#"[{"id":"a","status":"in_progress","updated_at":"2026-11-26T09:00:00Z","rounds":7},
                                   {"id":"b","status":"todo","updated_at":1795683600,"depends_on":["a"]}]"#)
        .expect("valid");
        assert_eq!(tasks[0].rounds, 7);
        assert_eq!(tasks[1].updated_at, 1_795_683_600_000);
        assert!(parse_json(r#"[{"id":"a","status":"sleeping","updated_at":1}]"#).is_err());
    }

    #[test]
    fn parses_sources() {
        assert_eq!(
            parse_source("markdown:/srv/board").expect("ok"),
            Source::Markdown("/srv/board".into())
        );
        assert_eq!(
            parse_source("http://127.0.0.1:8080/tasks").expect("ok"),
            Source::Http("http://127.0.0.1:8080/tasks".into())
        );
        assert_eq!(
            parse_source("command:tracker list --json").expect("ok"),
            Source::Command("tracker list --json".into())
        );
        assert!(parse_source("ftp:x").is_err());
        assert!(parse_source("json:").is_err());
    }
}
