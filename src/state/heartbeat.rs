//! Heartbeat agents (and jobs) and their beats.

use rusqlite::{OptionalExtension as _, Row, params};
use serde::{Deserialize, Serialize};

use super::{Error, Tx, conflict, json_column, to_json};
use crate::exit::Status;

/// A configured task source, `KIND:SPEC` (stored as JSON; loaded by `heartbeat::sources`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "spec", rename_all = "snake_case")]
pub enum Source {
    Markdown(String),
    Json(String),
    Http(String),
    Command(String),
}

impl Source {
    /// The same source with an HTTP URL's password and query masked, for showing.
    pub fn masked(&self) -> Self {
        match self {
            Self::Http(url) => Self::Http(masked_url(url)),
            other => other.clone(),
        }
    }
}

/// A URL with its password and query (where tokens hide) masked.
pub fn masked_url(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) => {
            if u.password().is_some() {
                let _ = u.set_password(Some("***"));
            }
            if u.query().is_some() {
                u.set_query(Some("***"));
            }
            u.to_string()
        }
        Err(_) => "(invalid URL)".into(),
    }
}

fn masked_sources<S: serde::Serializer>(sources: &[Source], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(sources.iter().map(Source::masked))
}

/// What starts an agent's turn: a command, or a POST of JSON to a URL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "spec", rename_all = "snake_case")]
pub enum Trigger {
    Command(String),
    Http(String),
}

impl Trigger {
    /// `command:CMD` or `http:URL`, with a URL's password and query (where tokens hide) masked.
    pub fn describe(&self) -> String {
        match self {
            Self::Command(cmd) => format!("command:{cmd}"),
            Self::Http(url) => format!("http:{}", masked_url(url)),
        }
    }
}

#[expect(
    clippy::ref_option,
    reason = "the signature serde's serialize_with calls"
)]
fn masked<S: serde::Serializer>(t: &Option<Trigger>, s: S) -> Result<S::Ok, S::Error> {
    match t {
        Some(t) => s.serialize_some(&t.describe()),
        None => s.serialize_none(),
    }
}

/// How an agent is driven: what triggers its turn, when, and what runs on a stuck task.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Drive {
    /// Shown masked: a URL's query or password may hold a token.
    #[serde(serialize_with = "masked")]
    pub trigger: Option<Trigger>,
    /// The message the trigger carries ("" for the default).
    pub message: String,
    /// The environment variable whose value an HTTP trigger sends as its bearer token.
    pub token_env: Option<String>,
    /// Trigger even without pending work.
    pub always: bool,
    pub timeout_ms: i64,
    /// Delay after each slot; `None` spreads the agents of one schedule evenly.
    pub offset_ms: Option<i64>,
    /// Triggers failed in a row that make the agent critical.
    pub fail_after: u32,
    /// Command run once per confirmed stuck task.
    pub on_stuck: Option<String>,
}

/// One observation of a beat worth telling a person.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Finding {
    pub status: Status,
    pub text: String,
}

/// An agent as stored.
#[derive(Debug, Clone, Serialize)]
pub struct AgentRow {
    pub name: String,
    pub label: String,
    pub schedule: String,
    pub tz: String,
    pub grace_ms: i64,
    /// Shown masked (see [`Source::masked`]); stored as given.
    #[serde(serialize_with = "masked_sources")]
    pub sources: Vec<Source>,
    pub stagnant_after_ms: i64,
    pub max_rounds: u32,
    pub warn_rounds_pct: f64,
    pub owner: Option<String>,
    pub escalate: Option<String>,
    pub paused: bool,
    pub state: String,
    pub last_eval_at_ms: Option<i64>,
    pub last_ping_at_ms: Option<i64>,
    pub last_ping_kind: Option<String>,
    pub last_ping_message: String,
    pub created_at_ms: i64,
    #[serde(flatten)]
    pub drive: Drive,
    pub trigger_failures: u32,
    /// The sidecar client token the agent calls LLMs with (`None`: the one of its name).
    pub client: Option<String>,
    #[serde(flatten)]
    pub watch: Watch,
}

impl AgentRow {
    /// The client its LLM calls go through.
    pub fn client_name(&self) -> &str {
        self.client.as_deref().unwrap_or(&self.name)
    }
}

/// What is watched beyond the tasks: spending without progress, and whether triggered turns
/// ran. Amounts of 0 turn a threshold off.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Watch {
    pub spin_warn_tokens: u64,
    pub spin_critical_tokens: u64,
    pub spin_warn_nusd: u64,
    pub spin_critical_nusd: u64,
    /// What happens at critical spinning, besides the message.
    pub on_spin: Option<SpinAction>,
    /// How long after a trigger the agent has to show life.
    pub turn_window_ms: i64,
    /// Silent turns in a row that make the agent critical ("not working").
    pub silent_after: u32,
    /// Text in the trigger's answer that says the turn ran.
    pub ack: Option<String>,
}

/// The runbook's defaults: warn at 500k tokens or $2 since the last task moved, critical at
/// 2M tokens or $10; a turn shows life within 10 minutes; 3 silent turns are critical.
impl Default for Watch {
    fn default() -> Self {
        Self {
            spin_warn_tokens: 500_000,
            spin_critical_tokens: 2_000_000,
            spin_warn_nusd: 2_000_000_000,
            spin_critical_nusd: 10_000_000_000,
            on_spin: None,
            turn_window_ms: 600_000,
            silent_after: 3,
            ack: None,
        }
    }
}

/// The action at critical spinning: `pause` or `command:CMD`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub enum SpinAction {
    /// The sidecar refuses the agent's client until `heartbeat resume`.
    Pause,
    Command(String),
}

impl std::str::FromStr for SpinAction {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        match text.split_once(':') {
            _ if text == "pause" => Ok(Self::Pause),
            Some(("command", cmd)) if !cmd.trim().is_empty() => Ok(Self::Command(cmd.to_owned())),
            _ => Err(format!(
                "spin action {text:?}: expected pause or command:CMD"
            )),
        }
    }
}

impl TryFrom<String> for SpinAction {
    type Error = String;
    fn try_from(text: String) -> Result<Self, String> {
        text.parse()
    }
}

impl From<SpinAction> for String {
    fn from(a: SpinAction) -> Self {
        match a {
            SpinAction::Pause => "pause".into(),
            SpinAction::Command(cmd) => format!("command:{cmd}"),
        }
    }
}

const COLUMNS: &str = "name, label, schedule, tz, grace_ms, sources_json, stagnant_after_ms, max_rounds,
    warn_rounds_pct, owner, escalate, paused, state, last_eval_at_ms, last_ping_at_ms, last_ping_kind,
    last_ping_message, created_at_ms, trigger_json, trigger_message, trigger_always, trigger_timeout_ms,
    offset_ms, fail_after, on_stuck, trigger_failures, trigger_token_env, client, watch_json";

fn from_row(row: &Row<'_>) -> rusqlite::Result<AgentRow> {
    Ok(AgentRow {
        name: row.get(0)?,
        label: row.get(1)?,
        schedule: row.get(2)?,
        tz: row.get(3)?,
        grace_ms: row.get(4)?,
        sources: json_column(row, 5)?,
        stagnant_after_ms: row.get(6)?,
        max_rounds: row.get(7)?,
        warn_rounds_pct: row.get(8)?,
        owner: row.get(9)?,
        escalate: row.get(10)?,
        paused: row.get(11)?,
        state: row.get(12)?,
        last_eval_at_ms: row.get(13)?,
        last_ping_at_ms: row.get(14)?,
        last_ping_kind: row.get(15)?,
        last_ping_message: row.get(16)?,
        created_at_ms: row.get(17)?,
        drive: Drive {
            trigger: optional_json(row, 18)?,
            message: row.get(19)?,
            always: row.get(20)?,
            timeout_ms: row.get(21)?,
            offset_ms: row.get(22)?,
            fail_after: row.get(23)?,
            on_stuck: row.get(24)?,
            token_env: row.get(26)?,
        },
        trigger_failures: row.get(25)?,
        client: row.get(27)?,
        watch: json_column(row, 28)?,
    })
}

fn optional_json<T: serde::de::DeserializeOwned>(
    row: &Row<'_>,
    i: usize,
) -> rusqlite::Result<Option<T>> {
    match row.get_ref(i)? {
        rusqlite::types::ValueRef::Null => Ok(None),
        _ => json_column(row, i).map(Some),
    }
}

/// Inserts an agent, or (`replace`) rewrites the settings of an existing one, keeping its
/// state and pings.
pub fn save(tx: &Tx<'_>, a: &AgentRow, replace: bool) -> Result<(), Error> {
    if replace {
        let n = tx.0.execute(
            "UPDATE heartbeat_agents SET label = ?2, schedule = ?3, tz = ?4, grace_ms = ?5,
                    sources_json = ?6, stagnant_after_ms = ?7, max_rounds = ?8, warn_rounds_pct = ?9,
                    owner = ?10, escalate = ?11, paused = ?12, trigger_json = ?13, trigger_message = ?14,
                    trigger_always = ?15, trigger_timeout_ms = ?16, offset_ms = ?17, fail_after = ?18,
                    on_stuck = ?19, trigger_token_env = ?20, client = ?21, watch_json = ?22
             WHERE name = ?1",
            params![a.name, a.label, a.schedule, a.tz, a.grace_ms, to_json(&a.sources), a.stagnant_after_ms,
                    a.max_rounds, a.warn_rounds_pct, a.owner, a.escalate, a.paused, trigger_json(&a.drive),
                    a.drive.message, a.drive.always, a.drive.timeout_ms, a.drive.offset_ms,
                    a.drive.fail_after, a.drive.on_stuck, a.drive.token_env, a.client, to_json(&a.watch)],
        )?;
        if n == 0 {
            return Err(Error::NotFound(format!("agent {:?}", a.name)));
        }
        return Ok(());
    }
    tx.0.execute(
        "INSERT INTO heartbeat_agents (name, label, schedule, tz, grace_ms, sources_json,
            stagnant_after_ms, max_rounds, warn_rounds_pct, owner, escalate, paused, created_at_ms,
            trigger_json, trigger_message, trigger_always, trigger_timeout_ms, offset_ms, fail_after,
            on_stuck, trigger_token_env, client, watch_json)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23)",
        params![
            a.name,
            a.label,
            a.schedule,
            a.tz,
            a.grace_ms,
            to_json(&a.sources),
            a.stagnant_after_ms,
            a.max_rounds,
            a.warn_rounds_pct,
            a.owner,
            a.escalate,
            a.paused,
            a.created_at_ms,
            trigger_json(&a.drive),
            a.drive.message,
            a.drive.always,
            a.drive.timeout_ms,
            a.drive.offset_ms,
            a.drive.fail_after,
            a.drive.on_stuck,
            a.drive.token_env,
            a.client,
            to_json(&a.watch),
        ],
    )
    .map_err(|e| conflict(e, || format!("agent {:?}", a.name)))?;
    Ok(())
}

fn trigger_json(drive: &Drive) -> Option<String> {
    drive.trigger.as_ref().map(to_json)
}

/// All agents by name.
pub fn list(tx: &Tx<'_>) -> Result<Vec<AgentRow>, Error> {
    let mut stmt = tx.0.prepare(&format!(
        "SELECT {COLUMNS} FROM heartbeat_agents ORDER BY name"
    ))?;
    Ok(stmt
        .query_map([], from_row)?
        .collect::<rusqlite::Result<_>>()?)
}

/// One agent.
pub fn get(tx: &Tx<'_>, name: &str) -> Result<AgentRow, Error> {
    tx.0.query_row(
        &format!("SELECT {COLUMNS} FROM heartbeat_agents WHERE name = ?1"),
        [name],
        from_row,
    )
    .optional()?
    .ok_or_else(|| Error::NotFound(format!("agent {name:?}")))
}

/// Removes an agent (its beats stay).
pub fn remove(tx: &Tx<'_>, name: &str) -> Result<(), Error> {
    if tx
        .0
        .execute("DELETE FROM heartbeat_agents WHERE name = ?1", [name])?
        == 0
    {
        return Err(Error::NotFound(format!("agent {name:?}")));
    }
    Ok(())
}

/// A ping as received: what it says, its run id, exit code and an excerpt of its body.
#[derive(Debug, Clone, Default)]
pub struct PingRecord<'a> {
    /// `start`, `success`, `fail` or `log`.
    pub kind: &'a str,
    pub rid: Option<&'a str>,
    pub code: Option<i32>,
    /// Kept with the ping; its start is the agent's last ping message.
    pub body: &'a str,
}

/// Pings kept per agent.
const PINGS_KEPT: i64 = 200;

/// Records a ping from the job itself; a `log` leaves the agent's state alone. Returns how long
/// the run took when this ping ends one (from its start with the same run id).
pub fn ping(tx: &Tx<'_>, name: &str, at_ms: i64, p: &PingRecord<'_>) -> Result<Option<i64>, Error> {
    let exists: Option<i64> =
        tx.0.query_row(
            "SELECT 1 FROM heartbeat_agents WHERE name = ?1",
            [name],
            |r| r.get(0),
        )
        .optional()?;
    if exists.is_none() {
        return Err(Error::NotFound(format!("agent {name:?}")));
    }
    let rid = p.rid.unwrap_or("");
    let duration_ms = if matches!(p.kind, "success" | "fail") {
        tx.0.query_row(
            "SELECT MAX(at_ms) FROM heartbeat_pings WHERE agent = ?1 AND COALESCE(rid, '') = ?2
               AND kind = 'start' AND at_ms > COALESCE((SELECT MAX(at_ms) FROM heartbeat_pings
                 WHERE agent = ?1 AND COALESCE(rid, '') = ?2 AND kind IN ('success', 'fail')), -1)",
            params![name, rid],
            |r| r.get::<_, Option<i64>>(0),
        )?
        .map(|started| at_ms - started)
    } else {
        None
    };
    tx.0.execute(
        "INSERT INTO heartbeat_pings (agent, at_ms, kind, rid, code, duration_ms, body)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![name, at_ms, p.kind, p.rid, p.code, duration_ms, p.body],
    )?;
    tx.0.execute(
        "DELETE FROM heartbeat_pings WHERE agent = ?1 AND id <= (SELECT id FROM heartbeat_pings
           WHERE agent = ?1 ORDER BY id DESC LIMIT 1 OFFSET ?2)",
        params![name, PINGS_KEPT],
    )?;
    if p.kind != "log" {
        let message: String = match p.code {
            Some(code) if p.body.is_empty() => format!("exit code {code}"),
            _ => p.body.chars().take(200).collect(),
        };
        tx.0.execute(
            "UPDATE heartbeat_agents SET last_ping_at_ms = ?2, last_ping_kind = ?3,
                    last_ping_message = ?4
             WHERE name = ?1",
            params![name, at_ms, p.kind, message],
        )?;
    }
    Ok(duration_ms)
}

/// When the oldest run still open started: a `start` with no end after it, per run id.
pub fn open_run_since(tx: &Tx<'_>, agent: &str) -> Result<Option<i64>, Error> {
    Ok(tx.0.query_row(
        "SELECT MIN(started) FROM (
           SELECT MAX(CASE WHEN kind = 'start' THEN at_ms END) AS started,
                  MAX(CASE WHEN kind IN ('success', 'fail') THEN at_ms END) AS ended
           FROM heartbeat_pings WHERE agent = ?1 GROUP BY COALESCE(rid, ''))
         WHERE started IS NOT NULL AND (ended IS NULL OR ended < started)",
        [agent],
        |r| r.get(0),
    )?)
}

/// A ping as stored, for `heartbeat show` and the report.
#[derive(Debug, Clone, Serialize)]
pub struct PingRow {
    pub at_ms: i64,
    pub kind: String,
    pub rid: Option<String>,
    pub code: Option<i32>,
    pub duration_ms: Option<i64>,
    pub body: String,
}

/// The latest `limit` pings of an agent, newest first.
pub fn pings(tx: &Tx<'_>, agent: &str, limit: u32) -> Result<Vec<PingRow>, Error> {
    let mut stmt = tx.0.prepare(
        "SELECT at_ms, kind, rid, code, duration_ms, body FROM heartbeat_pings
         WHERE agent = ?1 ORDER BY id DESC LIMIT ?2",
    )?;
    Ok(stmt
        .query_map(params![agent, limit], |r| {
            Ok(PingRow {
                at_ms: r.get(0)?,
                kind: r.get(1)?,
                rid: r.get(2)?,
                code: r.get(3)?,
                duration_ms: r.get(4)?,
                body: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}

/// A beat: the result of one evaluation.
#[derive(Debug, Clone, Serialize)]
pub struct Beat {
    pub agent: String,
    pub at_ms: i64,
    pub status: String,
    pub pending: u32,
    pub in_progress: u32,
    pub stagnant: u32,
    pub blocked: u32,
    pub rounds: u32,
    pub max_stagnation_s: i64,
    pub findings: Vec<Finding>,
    /// The trigger fired at this beat, if one was.
    pub trigger: Option<Triggered>,
    /// The agent's client's spend since the previous beat.
    pub tokens: u64,
    pub cost_nusd: u64,
    /// Tasks added, moved or gone since the previous beat.
    pub moved: u32,
    /// A turn judged at this beat: `ran` or `silent`.
    pub turn: Option<&'static str>,
}

/// What became of a trigger.
#[derive(Debug, Clone, Serialize)]
pub struct Triggered {
    /// `sent` (exit 0 or HTTP 2xx), `failed` or `timeout`.
    pub outcome: String,
    /// The command's exit code or the HTTP status.
    pub code: Option<i64>,
    pub duration_ms: i64,
    /// A bounded excerpt of what it printed or answered.
    pub output: String,
    /// The pending task ids it named.
    pub tasks: Vec<String>,
}

/// Stores a beat, the agent's new state and its count of triggers failed in a row.
pub fn record(tx: &Tx<'_>, beat: &Beat, trigger_failures: u32) -> Result<(), Error> {
    let t = beat.trigger.as_ref();
    tx.0.execute(
        "INSERT INTO heartbeat_beats (agent, at_ms, status, pending, in_progress, stagnant, blocked,
                                      rounds, max_stagnation_s, findings_json, trigger_outcome,
                                      trigger_code, trigger_ms, trigger_output, trigger_tasks_json,
                                      tokens, cost_nusd, moved, turn)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
        params![beat.agent, beat.at_ms, beat.status, beat.pending, beat.in_progress, beat.stagnant,
                beat.blocked, beat.rounds, beat.max_stagnation_s, to_json(&beat.findings),
                t.map(|t| &t.outcome), t.and_then(|t| t.code), t.map(|t| t.duration_ms),
                t.map_or("", |t| &t.output), to_json(&t.map_or(&[][..], |t| &t.tasks)),
                i64::try_from(beat.tokens).unwrap_or(i64::MAX),
                i64::try_from(beat.cost_nusd).unwrap_or(i64::MAX), beat.moved, beat.turn],
    )?;
    tx.0.execute(
        "UPDATE heartbeat_agents SET state = ?2, last_eval_at_ms = ?3, trigger_failures = ?4
         WHERE name = ?1",
        params![beat.agent, beat.status, beat.at_ms, trigger_failures],
    )?;
    Ok(())
}

/// A task stuck at two beats in a row, or at its round cap: acted on once while open.
#[derive(Debug, Clone, Serialize)]
pub struct Incident {
    pub id: i64,
    pub agent: String,
    pub task: String,
    /// `stuck` or `round_cap`.
    pub kind: String,
    pub opened_at_ms: i64,
    pub confirmed_at_ms: Option<i64>,
}

/// The open incidents of an agent.
pub fn open_incidents(tx: &Tx<'_>, agent: &str) -> Result<Vec<Incident>, Error> {
    let mut stmt = tx.0.prepare(
        "SELECT id, agent, task, kind, opened_at_ms, confirmed_at_ms FROM heartbeat_incidents
         WHERE agent = ?1 AND closed_at_ms IS NULL ORDER BY id",
    )?;
    Ok(stmt
        .query_map([agent], |row| {
            Ok(Incident {
                id: row.get(0)?,
                agent: row.get(1)?,
                task: row.get(2)?,
                kind: row.get(3)?,
                opened_at_ms: row.get(4)?,
                confirmed_at_ms: row.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}

/// Opens an incident (confirmed at once when `confirmed`); returns its id.
pub fn open_incident(
    tx: &Tx<'_>,
    agent: &str,
    task: &str,
    kind: &str,
    at_ms: i64,
    confirmed: bool,
) -> Result<i64, Error> {
    tx.0.execute(
        "INSERT INTO heartbeat_incidents (agent, task, kind, opened_at_ms, confirmed_at_ms)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![agent, task, kind, at_ms, confirmed.then_some(at_ms)],
    )?;
    Ok(tx.0.last_insert_rowid())
}

/// Marks an open incident confirmed.
pub fn confirm_incident(tx: &Tx<'_>, id: i64, at_ms: i64) -> Result<(), Error> {
    tx.0.execute(
        "UPDATE heartbeat_incidents SET confirmed_at_ms = ?2 WHERE id = ?1",
        params![id, at_ms],
    )?;
    Ok(())
}

/// Stores the result of the action taken on an incident (`code` None: it did not finish).
pub fn incident_action(
    tx: &Tx<'_>,
    id: i64,
    code: Option<i64>,
    output: &str,
    duration_ms: i64,
) -> Result<(), Error> {
    tx.0.execute(
        "UPDATE heartbeat_incidents SET action_code = ?2, action_output = ?3, action_ms = ?4
         WHERE id = ?1",
        params![id, code, output, duration_ms],
    )?;
    Ok(())
}

/// Closes an incident: its task moved on.
pub fn close_incident(tx: &Tx<'_>, id: i64, at_ms: i64) -> Result<(), Error> {
    tx.0.execute(
        "UPDATE heartbeat_incidents SET closed_at_ms = ?2 WHERE id = ?1",
        params![id, at_ms],
    )?;
    Ok(())
}

/// What one agent did since a time: the rows of `heartbeat report`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Activity {
    pub agent: String,
    pub beats: u32,
    pub triggers_sent: u32,
    pub triggers_failed: u32,
    /// Distinct pending tasks named by the triggers that were answered.
    pub tasks_worked: u32,
    pub stuck_incidents: u32,
    /// `--on-stuck` runs that exited 0.
    pub recoveries: u32,
    pub round_caps: u32,
    /// The highest round count seen.
    pub rounds: u32,
    /// Answered turns that then showed life, and those that did not within their window.
    pub turns_ran: u32,
    pub turns_silent: u32,
    /// What its client spent (as seen at its beats).
    pub tokens: u64,
    pub cost_usd: f64,
    /// Tasks added, moved or gone.
    pub tasks_moved: u32,
    /// `cost_usd` over `tasks_moved` (None: no task moved).
    pub cost_per_task_moved_usd: Option<f64>,
}

/// Per agent (every stored agent, and any other with beats since), its activity since `since_ms`.
pub fn activity(tx: &Tx<'_>, since_ms: i64) -> Result<Vec<Activity>, Error> {
    use std::collections::{BTreeMap, BTreeSet};
    fn entry(
        rows: &mut BTreeMap<String, (Activity, BTreeSet<String>)>,
        agent: String,
    ) -> &mut (Activity, BTreeSet<String>) {
        rows.entry(agent.clone()).or_insert_with(|| {
            let fresh = Activity {
                agent,
                ..Activity::default()
            };
            (fresh, BTreeSet::new())
        })
    }
    let mut rows = BTreeMap::new();
    for a in list(tx)? {
        entry(&mut rows, a.name);
    }
    let mut stmt = tx.0.prepare(
        "SELECT agent, trigger_outcome, trigger_tasks_json, rounds, tokens, cost_nusd, moved, turn
         FROM heartbeat_beats WHERE at_ms >= ?1",
    )?;
    let mut beats = stmt.query([since_ms])?;
    let mut nusd: BTreeMap<String, i64> = BTreeMap::new();
    while let Some(row) = beats.next()? {
        let outcome: Option<String> = row.get(1)?;
        let turn: Option<String> = row.get(7)?;
        let agent: String = row.get(0)?;
        *nusd.entry(agent.clone()).or_default() += row.get::<_, i64>(5)?;
        let (a, worked) = entry(&mut rows, agent);
        a.beats += 1;
        a.rounds = a.rounds.max(row.get(3)?);
        a.tokens += u64::try_from(row.get::<_, i64>(4)?).unwrap_or(0);
        a.tasks_moved += row.get::<_, u32>(6)?;
        match turn.as_deref() {
            Some("ran") => a.turns_ran += 1,
            Some("silent") => a.turns_silent += 1,
            _ => {}
        }
        match outcome.as_deref() {
            Some("sent") => {
                a.triggers_sent += 1;
                worked.extend(json_column::<Vec<String>>(row, 2)?);
            }
            Some(_) => a.triggers_failed += 1,
            None => {}
        }
    }
    let mut stmt = tx.0.prepare(
        "SELECT agent, kind, action_code FROM heartbeat_incidents WHERE confirmed_at_ms >= ?1",
    )?;
    let mut incidents = stmt.query([since_ms])?;
    while let Some(row) = incidents.next()? {
        let kind: String = row.get(1)?;
        let code: Option<i64> = row.get(2)?;
        let (a, _) = entry(&mut rows, row.get(0)?);
        if kind == "stuck" {
            a.stuck_incidents += 1;
            a.recoveries += u32::from(code == Some(0));
        } else {
            a.round_caps += 1;
        }
    }
    Ok(rows
        .into_values()
        .map(|(mut a, worked)| {
            a.tasks_worked = u32::try_from(worked.len()).unwrap_or(u32::MAX);
            #[expect(clippy::cast_precision_loss, reason = "dollars for people")]
            let cost = nusd.get(&a.agent).copied().unwrap_or(0) as f64 / 1e9;
            a.cost_usd = cost;
            a.cost_per_task_moved_usd =
                (a.tasks_moved > 0).then(|| cost / f64::from(a.tasks_moved));
            a
        })
        .collect())
}

/// The latest beat of an agent.
pub fn last_beat(tx: &Tx<'_>, agent: &str) -> Result<Option<Beat>, Error> {
    Ok(tx
        .0
        .query_row(
            "SELECT agent, at_ms, status, pending, in_progress, stagnant, blocked, rounds,
                    max_stagnation_s, findings_json
             FROM heartbeat_beats WHERE agent = ?1 ORDER BY at_ms DESC, id DESC LIMIT 1",
            [agent],
            |row| {
                Ok(Beat {
                    agent: row.get(0)?,
                    at_ms: row.get(1)?,
                    status: row.get(2)?,
                    pending: row.get(3)?,
                    in_progress: row.get(4)?,
                    stagnant: row.get(5)?,
                    blocked: row.get(6)?,
                    rounds: row.get(7)?,
                    max_stagnation_s: row.get(8)?,
                    findings: json_column(row, 9)?,
                    trigger: None,
                    tokens: 0,
                    cost_nusd: 0,
                    moved: 0,
                    turn: None,
                })
            },
        )
        .optional()?)
}

/// Where `heartbeat discover` looked for workspaces (kept in `system_config`).
const ROOTS_KEY: &str = "heartbeat_workspace_roots";

/// The directories `heartbeat discover` searched.
pub fn workspace_roots(tx: &Tx<'_>) -> Result<Vec<String>, Error> {
    let Some(text) = super::settings::all(tx)?.remove(ROOTS_KEY) else {
        return Ok(Vec::new());
    };
    serde_json::from_str(&text).map_err(|e| {
        Error::Sql(rusqlite::Error::FromSqlConversionFailure(
            0,
            rusqlite::types::Type::Text,
            Box::new(e),
        ))
    })
}

/// Remembers a searched directory.
pub fn add_workspace_root(tx: &Tx<'_>, root: &str) -> Result<(), Error> {
    let mut roots = workspace_roots(tx)?;
    if !roots.iter().any(|r| r == root) {
        roots.push(root.to_owned());
        super::settings::set(tx, ROOTS_KEY, &to_json(&roots))?;
    }
    Ok(())
}
