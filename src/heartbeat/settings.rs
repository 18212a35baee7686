//! An agent's settings: what `add`, `set`, `discover` and `apply` give, checked and merged
//! over the stored ones, with the runbook's defaults; and the plain reads and writes of agents.

use std::str::FromStr;
use std::time::Duration;

use serde::Serialize;

use super::Error;
use super::schedule::When;
use super::sources::Source;
use crate::error::invalid;
use crate::state::heartbeat::{self as rows, AgentRow};
use crate::state::{self, Store};

/// An agent's settings as given on `add` or `set`: `None` keeps the current value (on `add`,
/// the default).
#[derive(Debug, Clone, Default)]
pub struct AgentSettings {
    pub label: Option<String>,
    pub schedule: Option<Schedule>,
    pub tz: Option<String>,
    pub grace: Option<Duration>,
    /// Replaces the list when not empty.
    pub sources: Vec<Source>,
    pub stagnant_after: Option<Duration>,
    pub max_rounds: Option<u32>,
    pub warn_rounds_pct: Option<f64>,
    pub owner: Option<String>,
    pub escalate: Option<String>,
    pub trigger: Option<Toggle<rows::Trigger>>,
    /// The trigger's message template (`{agent}`, `{pending}`, … are filled in).
    pub trigger_message: Option<String>,
    /// The environment variable holding an HTTP trigger's bearer token.
    pub trigger_token_env: Option<Toggle<VarName>>,
    pub trigger_always: Option<bool>,
    pub trigger_timeout: Option<Duration>,
    pub offset: Option<Offset>,
    pub fail_after: Option<u32>,
    /// Run once per confirmed stuck task.
    pub on_stuck: Option<Toggle<Recovery>>,
    /// The sidecar client token the agent calls LLMs with; off: the one of its name.
    pub client: Option<Toggle<String>>,
    /// Spin thresholds: tokens, and nano-USD (0 turns one off).
    pub spin_warn_tokens: Option<u64>,
    pub spin_critical_tokens: Option<u64>,
    pub spin_warn_nusd: Option<u64>,
    pub spin_critical_nusd: Option<u64>,
    pub on_spin: Option<Toggle<rows::SpinAction>>,
    pub turn_window: Option<Duration>,
    pub silent_after: Option<u32>,
    /// Text in a trigger's answer that says the turn ran.
    pub ack: Option<Toggle<String>>,
}

/// A setting that can be given or turned off (`off`): parsed from text at the edge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Toggle<T> {
    Off,
    On(T),
}

impl<T: FromStr> FromStr for Toggle<T>
where
    T::Err: std::fmt::Display,
{
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        if text == "off" {
            Ok(Self::Off)
        } else {
            text.parse()
                .map(Self::On)
                .map_err(|e: T::Err| e.to_string())
        }
    }
}

impl<T> Toggle<T> {
    /// The value, or `None` when turned off.
    fn into_option(self) -> Option<T> {
        match self {
            Self::Off => None,
            Self::On(v) => Some(v),
        }
    }
}

/// A cron schedule (5 fields, or 6 with seconds), checked when it is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule(pub String);

impl FromStr for Schedule {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        When::parse(text, "UTC")?;
        Ok(Self(text.to_owned()))
    }
}

/// When an agent starts after each slot: spread among the agents of its schedule, or a
/// fixed delay.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Offset {
    Auto,
    After(Duration),
}

impl FromStr for Offset {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        if text == "auto" {
            return Ok(Self::Auto);
        }
        humantime::parse_duration(text)
            .map(Self::After)
            .map_err(|e| format!("offset {text:?}: {e} (a duration like 3m, or auto)"))
    }
}

/// The command run on a stuck task (`command:CMD`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recovery(pub String);

impl FromStr for Recovery {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        match text.parse::<rows::Trigger>() {
            Ok(rows::Trigger::Command(cmd)) => Ok(Self(cmd)),
            _ => Err(format!("recovery {text:?}: expected command:CMD")),
        }
    }
}

/// The name of an environment variable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VarName(pub String);

impl FromStr for VarName {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        if !text.is_empty() && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            Ok(Self(text.to_owned()))
        } else {
            Err(format!("{text:?} is not an environment variable name"))
        }
    }
}

/// Defaults of the runbook: Asia/Shanghai, 5 min grace, stuck after 20 min, 50 rounds, warn
/// at 80 %. The one home of each: `add`, `apply` and the help text use these.
pub const DEFAULT_TZ: &str = "Asia/Shanghai";
pub const DEFAULT_GRACE: Duration = Duration::from_secs(300);
pub const DEFAULT_STAGNANT: Duration = Duration::from_secs(1200);
pub const DEFAULT_MAX_ROUNDS: u32 = 50;
pub const DEFAULT_WARN_ROUNDS_PCT: f64 = 80.0;
/// A trigger that takes longer than this is killed and counts as failed.
pub const DEFAULT_TRIGGER_TIMEOUT: Duration = Duration::from_secs(60);
/// Triggers failed in a row before the agent is "not responding".
pub const DEFAULT_FAIL_AFTER: u32 = 3;

/// Adds an agent (`replace` false) or changes the given settings of one.
pub fn save(
    store: &mut Store,
    name: &str,
    given: AgentSettings,
    replace: bool,
) -> Result<AgentRow, Error> {
    let old = if replace {
        Some(get(store, name)?)
    } else {
        None
    };
    let row = agent_row(name, given, old.as_ref())?;
    store.write(|tx| {
        for receiver in row.owner.iter().chain(&row.escalate) {
            state::notify::receiver(tx, receiver)?;
        }
        rows::save(tx, &row, replace)
    })?;
    get(store, name)
}

/// The agent `given` describes, over `old` (its current settings, if any), checked: name,
/// schedule and zone, sources, round limits. Receivers are checked where it is stored.
pub fn agent_row(
    name: &str,
    given: AgentSettings,
    old: Option<&AgentRow>,
) -> Result<AgentRow, Error> {
    crate::config::validate_name("agent", name).map_err(Error::Invalid)?;
    let drive = drive_of(&given, old)?;
    let watch = watch_of(&given, old)?;
    let schedule = given
        .schedule
        .map(|s| s.0)
        .or_else(|| old.map(|o| o.schedule.clone()))
        .ok_or_else(|| invalid("a schedule is required, e.g. '*/10 * * * *'"))?;
    let tz = given
        .tz
        .or_else(|| old.map(|o| o.tz.clone()))
        .unwrap_or_else(|| DEFAULT_TZ.into());
    When::parse(&schedule, &tz).map_err(Error::Invalid)?;
    let sources = if given.sources.is_empty() {
        old.map(|o| o.sources.clone()).unwrap_or_default()
    } else {
        given.sources
    };
    let max_rounds = given
        .max_rounds
        .or(old.map(|o| o.max_rounds))
        .unwrap_or(DEFAULT_MAX_ROUNDS);
    let warn_rounds_pct = given
        .warn_rounds_pct
        .or(old.map(|o| o.warn_rounds_pct))
        .unwrap_or(DEFAULT_WARN_ROUNDS_PCT);
    if max_rounds == 0 || !(0.0..=100.0).contains(&warn_rounds_pct) {
        return Err(invalid(
            "max_rounds must be at least 1 and warn_rounds_pct between 0 and 100",
        ));
    }
    if let Some(label) = &given.label {
        crate::config::validate_text("label", label).map_err(Error::Invalid)?;
    }
    let owner = given.owner.or_else(|| old.and_then(|o| o.owner.clone()));
    let escalate = given
        .escalate
        .or_else(|| old.and_then(|o| o.escalate.clone()));
    let row = AgentRow {
        name: name.to_owned(),
        label: given
            .label
            .or_else(|| old.map(|o| o.label.clone()))
            .unwrap_or_default(),
        schedule,
        tz,
        grace_ms: given
            .grace
            .map(ms)
            .or(old.map(|o| o.grace_ms))
            .unwrap_or(ms(DEFAULT_GRACE)),
        sources,
        stagnant_after_ms: given
            .stagnant_after
            .map(ms)
            .or(old.map(|o| o.stagnant_after_ms))
            .unwrap_or(ms(DEFAULT_STAGNANT)),
        max_rounds,
        warn_rounds_pct,
        owner,
        escalate,
        paused: false,
        state: "new".into(),
        last_eval_at_ms: None,
        last_ping_at_ms: None,
        last_ping_kind: None,
        last_ping_message: String::new(),
        created_at_ms: state::now_ms(),
        drive,
        trigger_failures: 0,
        client: match given.client {
            Some(Toggle::Off) => None,
            Some(Toggle::On(client)) => {
                crate::config::validate_name("client", &client).map_err(Error::Invalid)?;
                Some(client)
            }
            None => old.and_then(|o| o.client.clone()),
        },
        watch,
    };
    Ok(row)
}

/// The watch settings `given` describes over `old`'s.
fn watch_of(given: &AgentSettings, old: Option<&AgentRow>) -> Result<rows::Watch, Error> {
    let old = old.map(|o| o.watch.clone()).unwrap_or_default();
    let watch = rows::Watch {
        spin_warn_tokens: given.spin_warn_tokens.unwrap_or(old.spin_warn_tokens),
        spin_critical_tokens: given
            .spin_critical_tokens
            .unwrap_or(old.spin_critical_tokens),
        spin_warn_nusd: given.spin_warn_nusd.unwrap_or(old.spin_warn_nusd),
        spin_critical_nusd: given.spin_critical_nusd.unwrap_or(old.spin_critical_nusd),
        on_spin: toggled(given.on_spin.as_ref(), old.on_spin),
        turn_window_ms: given.turn_window.map_or(old.turn_window_ms, ms),
        silent_after: given.silent_after.unwrap_or(old.silent_after),
        ack: toggled(given.ack.as_ref(), old.ack),
    };
    if watch.silent_after == 0 || watch.turn_window_ms <= 0 {
        return Err(invalid(
            "silent_after must be at least 1 and turn_window more than 0",
        ));
    }
    if let Some(ack) = &watch.ack {
        crate::config::validate_text("ack", ack).map_err(Error::Invalid)?;
    }
    Ok(watch)
}

/// `given` when it is given (`off`: none), else `old`.
fn toggled<T: Clone>(given: Option<&Toggle<T>>, old: Option<T>) -> Option<T> {
    match given {
        Some(t) => t.clone().into_option(),
        None => old,
    }
}

/// The driving settings `given` describes over `old`'s.
fn drive_of(given: &AgentSettings, old: Option<&AgentRow>) -> Result<rows::Drive, Error> {
    let old = old.map(|o| o.drive.clone());
    let trigger = match given.trigger.clone() {
        Some(t) => t.into_option(),
        None => old.as_ref().and_then(|o| o.trigger.clone()),
    };
    let on_stuck = match given.on_stuck.clone() {
        Some(t) => t.into_option().map(|r| r.0),
        None => old.as_ref().and_then(|o| o.on_stuck.clone()),
    };
    let offset_ms = match given.offset {
        Some(Offset::Auto) => None,
        Some(Offset::After(d)) => Some(ms(d)),
        None => old.as_ref().and_then(|o| o.offset_ms),
    };
    let fail_after = given
        .fail_after
        .or(old.as_ref().map(|o| o.fail_after))
        .unwrap_or(DEFAULT_FAIL_AFTER);
    let timeout_ms = given
        .trigger_timeout
        .map(ms)
        .or(old.as_ref().map(|o| o.timeout_ms))
        .unwrap_or(ms(DEFAULT_TRIGGER_TIMEOUT));
    if fail_after == 0 || timeout_ms <= 0 {
        return Err(invalid(
            "fail_after must be at least 1 and trigger_timeout more than 0",
        ));
    }
    let token_env = match given.trigger_token_env.clone() {
        Some(t) => t.into_option().map(|v| v.0),
        None => old.as_ref().and_then(|o| o.token_env.clone()),
    };
    Ok(rows::Drive {
        trigger,
        token_env,
        message: given
            .trigger_message
            .clone()
            .or_else(|| old.as_ref().map(|o| o.message.clone()))
            .unwrap_or_default(),
        always: given
            .trigger_always
            .or(old.as_ref().map(|o| o.always))
            .unwrap_or(false),
        timeout_ms,
        offset_ms,
        fail_after,
        on_stuck,
    })
}

fn ms(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

/// All agents.
pub fn list(store: &mut Store) -> Result<Vec<AgentRow>, Error> {
    Ok(store.read(rows::list)?)
}

/// One agent.
pub fn get(store: &mut Store, name: &str) -> Result<AgentRow, Error> {
    Ok(store.read(|tx| rows::get(tx, name))?)
}

/// Removes an agent.
pub fn remove(store: &mut Store, name: &str) -> Result<(), Error> {
    Ok(store.write(|tx| rows::remove(tx, name))?)
}

/// Pauses or resumes an agent.
pub fn set_paused(store: &mut Store, name: &str, paused: bool) -> Result<(), Error> {
    let mut row = get(store, name)?;
    row.paused = paused;
    Ok(store.write(|tx| rows::save(tx, &row, true))?)
}

/// What a job says of its run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PingKind {
    Start,
    Success,
    Fail,
    /// Output kept with the agent's pings; its state is left alone.
    Log,
}

impl PingKind {
    /// From the flags of `heartbeat ping`: `--start`, `--fail`, `--exit-code N`.
    pub fn from_flags(start: bool, fail: bool, exit_code: Option<i32>) -> Self {
        if start {
            Self::Start
        } else if fail || exit_code.is_some_and(|c| c != 0) {
            Self::Fail
        } else {
            Self::Success
        }
    }

    pub fn text(self) -> &'static str {
        match self {
            Self::Start => "start",
            Self::Success => "success",
            Self::Fail => "fail",
            Self::Log => "log",
        }
    }
}

/// A ping as a job sends it.
#[derive(Debug, Clone, Default)]
pub struct PingOf {
    pub rid: Option<String>,
    pub code: Option<i32>,
    /// What it sent with the ping (a bounded excerpt is kept).
    pub body: String,
}

/// The most of a ping's body kept, in bytes.
pub const PING_BODY_KEPT: usize = 10_000;

/// Records a ping from a job; returns the run's duration when the ping ends one.
pub fn ping(
    store: &mut Store,
    name: &str,
    kind: PingKind,
    p: &PingOf,
    now_ms: i64,
) -> Result<Option<i64>, Error> {
    let mut end = p.body.len().min(PING_BODY_KEPT);
    while !p.body.is_char_boundary(end) {
        end -= 1;
    }
    let record = rows::PingRecord {
        kind: kind.text(),
        rid: p.rid.as_deref(),
        code: p.code,
        body: &p.body[..end],
    };
    Ok(store.write(|tx| rows::ping(tx, name, now_ms, &record))?)
}
