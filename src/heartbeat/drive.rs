//! The driving half of the heartbeat: start an agent's turn (a command, or a POST to its
//! gateway) with the facts of its task sources, spread the agents of one schedule over its
//! period, and run the recovery command of a confirmed stuck task. Task ids and titles come
//! from files anyone with write access can edit: they travel as data (environment values, JSON),
//! never inside a command line.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use serde::Serialize;
use sha2::{Digest as _, Sha256};

use super::rules::TaskIds;
use super::schedule::When;
use crate::state::heartbeat::{AgentRow, Trigger, Triggered};

/// The message of a trigger when the agent sets none.
pub const DEFAULT_MESSAGE: &str =
    "Run your heartbeat check: work the tasks pending in your task sources ({pending}).";
/// How much of what a trigger prints or answers is kept with the beat.
const MAX_EXCERPT: usize = 2048;
/// Agents on one schedule are spread over its period, but over at most this.
const MAX_SPREAD_MS: i64 = 3_600_000;

impl std::str::FromStr for Trigger {
    type Err = String;

    /// Parses `command:CMD` or `http:URL` (`https://…` too).
    fn from_str(text: &str) -> Result<Self, String> {
        let bad = || format!("invalid trigger {text:?}: expected command:CMD or http:URL");
        let (kind, spec) = text.split_once(':').ok_or_else(bad)?;
        let spec = spec.trim();
        if spec.is_empty() {
            return Err(bad());
        }
        match kind {
            "command" => Ok(Self::Command(spec.to_owned())),
            "http" | "https" => {
                let url = if spec.starts_with("//") {
                    format!("{kind}:{spec}")
                } else {
                    spec.to_owned()
                };
                let parsed = url::Url::parse(&url).map_err(|e| format!("{}: {e}", bad()))?;
                if !matches!(parsed.scheme(), "http" | "https") {
                    return Err(bad());
                }
                if parsed.password().is_some() {
                    return Err("the trigger URL holds a password: it would be stored in clear; put the token in an environment variable of `heartbeat run` and name it as the trigger's token variable".into());
                }
                Ok(Self::Http(url))
            }
            _ => Err(bad()),
        }
    }
}

/// What an agent is told when its turn starts (the POST body; a command gets it on stdin and
/// each field in its environment).
#[derive(Debug, Clone, Serialize)]
pub struct Facts {
    pub agent: String,
    pub label: String,
    /// The slot (plus offset) this turn belongs to, RFC 3339.
    pub due_at: String,
    pub pending: Vec<String>,
    pub stuck: Vec<String>,
    pub blocked: Vec<String>,
    /// At the round cap: left for a person.
    pub paused: Vec<String>,
    pub message: String,
}

impl Facts {
    pub fn new(agent: &AgentRow, tasks: &TaskIds, due_ms: i64) -> Self {
        let template = if agent.drive.message.is_empty() {
            DEFAULT_MESSAGE
        } else {
            &agent.drive.message
        };
        let due_at = rfc3339(due_ms);
        let message = fill(
            template,
            &[
                ("agent", &agent.name),
                ("label", &agent.label),
                ("pending", &tasks.pending.join(", ")),
                ("stuck", &tasks.stuck.join(", ")),
                ("blocked", &tasks.blocked.join(", ")),
                ("due", &due_at),
            ],
        );
        Self {
            agent: agent.name.clone(),
            label: agent.label.clone(),
            due_at,
            pending: tasks.pending.clone(),
            stuck: tasks.stuck.clone(),
            blocked: tasks.blocked.clone(),
            paused: tasks.capped.clone(),
            message,
        }
    }

    fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("BIZWINGS_AGENT", self.agent.clone()),
            ("BIZWINGS_AGENT_LABEL", self.label.clone()),
            ("BIZWINGS_DUE_AT", self.due_at.clone()),
            ("BIZWINGS_PENDING", self.pending.join(" ")),
            ("BIZWINGS_STUCK", self.stuck.join(" ")),
            ("BIZWINGS_BLOCKED", self.blocked.join(" ")),
            ("BIZWINGS_PAUSED", self.paused.join(" ")),
            ("BIZWINGS_MESSAGE", self.message.clone()),
        ]
    }
}

/// `{name}` in `template` replaced by its value, in one pass: a value (a task id from a board
/// anyone may edit) that holds `{stuck}` stays as written.
fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let known = after.find('}').and_then(|close| {
            let value = values.iter().find(|(name, _)| *name == &after[..close])?.1;
            Some((value, close))
        });
        if let Some((value, close)) = known {
            out.push_str(value);
            rest = &after[close + 1..];
        } else {
            out.push('{');
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// Starts the agent's turn and waits at most `timeout` for the command to finish or the
/// gateway to answer.
///
/// An HTTP trigger sends `$token_env` as its bearer token, read now: the token lives in the
/// environment of `heartbeat run` (a unit's EnvironmentFile), never in the DB.
pub fn fire(
    trigger: &Trigger,
    token_env: Option<&str>,
    facts: &Facts,
    timeout: Duration,
) -> Triggered {
    let started = Instant::now();
    let body = serde_json::to_vec(facts).unwrap_or_default();
    let (outcome, code, output) = match (trigger, token_env) {
        (Trigger::Command(cmd), _) => run_command(cmd, facts.env(), body, timeout),
        (Trigger::Http(url), None) => post(url, None, body, timeout),
        (Trigger::Http(url), Some(var)) => match std::env::var(var) {
            Ok(token) if !token.trim().is_empty() => post(url, Some(token.trim()), body, timeout),
            _ => (
                "failed",
                None,
                format!("environment variable {var} (the trigger's token) is not set"),
            ),
        },
    };
    Triggered {
        outcome: outcome.into(),
        code,
        duration_ms: i64::try_from(started.elapsed().as_millis()).unwrap_or(i64::MAX),
        output,
        tasks: facts.pending.clone(),
    }
}

/// The recovery command of a confirmed stuck task: `(exit code, excerpt, duration ms)`.
pub fn recover(
    cmd: &str,
    agent: &AgentRow,
    task: &str,
    stuck_since_ms: i64,
    timeout: Duration,
) -> Recovered {
    let started = Instant::now();
    let facts = serde_json::json!({
        "agent": agent.name,
        "label": agent.label,
        "task": task,
        "stuck_since": rfc3339(stuck_since_ms),
    });
    let env = vec![
        ("BIZWINGS_AGENT", agent.name.clone()),
        ("BIZWINGS_AGENT_LABEL", agent.label.clone()),
        ("BIZWINGS_TASK", task.to_owned()),
        ("BIZWINGS_STUCK_SINCE", rfc3339(stuck_since_ms)),
    ];
    let (_, code, output) = run_command(cmd, env, facts.to_string().into_bytes(), timeout);
    let ms = i64::try_from(started.elapsed().as_millis()).unwrap_or(i64::MAX);
    Recovered { code, output, ms }
}

/// The command of `--on-spin command:CMD`, run once when the agent turns critical for
/// spinning: `(exit code, excerpt, duration ms)`.
pub fn on_spin(
    cmd: &str,
    agent: &AgentRow,
    (tokens, nusd): (u64, u64),
    timeout: Duration,
) -> Recovered {
    let started = Instant::now();
    let usd = super::watch::usd(nusd);
    let facts = serde_json::json!({
        "agent": agent.name,
        "label": agent.label,
        "client": agent.client_name(),
        "tokens_since_progress": tokens,
        "cost_since_progress_usd": usd,
    });
    let env = vec![
        ("BIZWINGS_AGENT", agent.name.clone()),
        ("BIZWINGS_AGENT_LABEL", agent.label.clone()),
        ("BIZWINGS_CLIENT", agent.client_name().to_owned()),
        ("BIZWINGS_TOKENS_SINCE_PROGRESS", tokens.to_string()),
        ("BIZWINGS_COST_SINCE_PROGRESS", usd),
    ];
    let (_, code, output) = run_command(cmd, env, facts.to_string().into_bytes(), timeout);
    let ms = i64::try_from(started.elapsed().as_millis()).unwrap_or(i64::MAX);
    Recovered { code, output, ms }
}

/// How a recovery command ended: its exit code (`None`: killed or not started), what it
/// printed, and how long it ran.
pub struct Recovered {
    pub code: Option<i64>,
    pub output: String,
    pub ms: i64,
}

fn run_command(
    cmd: &str,
    env: Vec<(&'static str, String)>,
    stdin: Vec<u8>,
    timeout: Duration,
) -> (&'static str, Option<i64>, String) {
    let input = crate::child::Input {
        env,
        stdin: Some(stdin),
    };
    match crate::child::sh(cmd, input, timeout, MAX_EXCERPT) {
        Ok(out) => {
            let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
            if !out.stderr.trim().is_empty() {
                text.push_str(out.stderr.trim());
            }
            let code = out.status.code().map(i64::from);
            let outcome = if out.status.success() {
                "sent"
            } else {
                "failed"
            };
            (outcome, code, excerpt(&text))
        }
        Err(crate::child::Error::TimedOut(t)) => ("timeout", None, format!("killed after {t:?}")),
        Err(e) => ("failed", None, excerpt(&e.to_string())),
    }
}

/// POSTs the facts; the URL never appears in what is kept (it may hold a token).
fn post(
    url: &str,
    token: Option<&str>,
    body: Vec<u8>,
    timeout: Duration,
) -> (&'static str, Option<i64>, String) {
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => return ("failed", None, e.to_string()),
    };
    runtime.block_on(async {
        let client = match reqwest::Client::builder()
            .timeout(timeout)
            .redirect(reqwest::redirect::Policy::none())
            .build()
        {
            Ok(c) => c,
            Err(e) => return ("failed", None, e.without_url().to_string()),
        };
        let mut request = client
            .post(url)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(body);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let answer = request.send().await;
        let mut response = match answer {
            Ok(r) => r,
            Err(e) if e.is_timeout() => {
                return ("timeout", None, format!("no answer within {timeout:?}"));
            }
            Err(e) => return ("failed", None, e.without_url().to_string()),
        };
        let status = response.status();
        let mut text = Vec::new();
        while text.len() < MAX_EXCERPT {
            match response.chunk().await {
                Ok(Some(chunk)) => text.extend_from_slice(&chunk),
                _ => break,
            }
        }
        let outcome = if status.is_success() {
            "sent"
        } else {
            "failed"
        };
        (
            outcome,
            Some(i64::from(status.as_u16())),
            excerpt(&String::from_utf8_lossy(&text)),
        )
    })
}

fn rfc3339(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .unwrap_or_default()
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

fn excerpt(text: &str) -> String {
    crate::notify::feishu::truncate(text.trim(), MAX_EXCERPT)
}

/// Each agent's delay after its slots. An explicit offset stands. Agents with a trigger and no
/// offset that share a schedule (and zone) are spread evenly over its period (at most an hour),
/// in the order of a hash of their names: fifteen agents on `*/15` start a minute apart, not in
/// the same second, and the order does not depend on when each was added. Agents without a
/// trigger only watch: they are checked on the slot.
pub fn offsets(agents: &[AgentRow]) -> BTreeMap<String, i64> {
    let mut groups: BTreeMap<(&str, &str), Vec<&AgentRow>> = BTreeMap::new();
    let mut out = BTreeMap::new();
    for a in agents {
        match a.drive.offset_ms {
            Some(ms) => {
                out.insert(a.name.clone(), ms);
            }
            None if a.drive.trigger.is_some() => groups
                .entry((a.schedule.as_str(), a.tz.as_str()))
                .or_default()
                .push(a),
            None => {
                out.insert(a.name.clone(), 0);
            }
        }
    }
    for ((schedule, tz), mut members) in groups {
        let window = When::parse(schedule, tz)
            .map_or(0, |w| w.period_ms(0))
            .min(MAX_SPREAD_MS);
        members.sort_by_key(|a| name_hash(&a.name));
        let n = i64::try_from(members.len()).unwrap_or(1);
        for (i, a) in (0_i64..).zip(members) {
            out.insert(a.name.clone(), window * i / n);
        }
    }
    out
}

fn name_hash(name: &str) -> [u8; 8] {
    let digest = Sha256::digest(name.as_bytes());
    let mut first = [0; 8];
    first.copy_from_slice(&digest[..8]);
    first
}

impl Trigger {
    /// The trigger of a discovered workspace: `{agent}` becomes its name.
    pub fn for_agent(&self, name: &str) -> Self {
        match self {
            Self::Command(cmd) => Self::Command(cmd.replace("{agent}", name)),
            Self::Http(url) => Self::Http(url.replace("{agent}", name)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_triggers_and_masks_tokens() {
        assert_eq!(
            "command:wake writer".parse::<Trigger>().expect("valid"),
            Trigger::Command("wake writer".into())
        );
        let http = "https://gw.example/hooks/agent?token=s3cret"
            .parse::<Trigger>()
            .expect("valid");
        assert_eq!(http.describe(), "http:https://gw.example/hooks/agent?***");
        assert!("ftp:x".parse::<Trigger>().is_err());
        assert!("command:".parse::<Trigger>().is_err());
    }

    #[test]
    fn fills_templates_in_one_pass() {
        let values = [("pending", "{stuck}"), ("stuck", "t9")];
        assert_eq!(
            fill("work {pending}; stuck: {stuck}; {unknown} {", &values),
            "work {stuck}; stuck: t9; {unknown} {"
        );
    }
}
