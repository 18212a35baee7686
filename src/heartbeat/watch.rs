//! What joins an agent's LLM calls to its tasks: spend since a task last moved (spinning, and
//! the pause it may bring), and whether a triggered turn showed life within its window.
//!
//! Spend is read as each client's total so far — from this host's DB, or from the fleet when
//! the caller gives one — and remembered per agent between beats (`state::tally`), so the
//! same numbers work on one host and across hosts.

use std::collections::{BTreeMap, HashMap};

use super::rules::{Evaluation, Finding};
use super::sources::{Task, TaskStatus};
use crate::exit::Status;
use crate::state::heartbeat::{AgentRow, SpinAction, Watch};
use crate::state::tally::Tally;
use crate::state::{self, Store, Tx};

/// The fleet's view of the clients, composed by the caller (heartbeat imports no sidecar):
/// spend summed over every sidecar, and pauses every sidecar applies.
pub trait Fleet: Sync {
    /// Each client's spend so far across the fleet: (tokens, nano-USD).
    fn spent(&self, clients: &[String]) -> Result<HashMap<String, (u64, u64)>, String>;
    fn pause(&self, client: &str, reason: &str) -> Result<(), String>;
    fn resume(&self, client: &str) -> Result<(), String>;
}

/// Each client's spend so far, from the fleet or this host's usage tables; a client whose
/// spend could not be read is left out.
pub fn spent(
    store: &mut Store,
    fleet: Option<&dyn Fleet>,
    clients: &[String],
) -> HashMap<String, (u64, u64)> {
    if let Some(fleet) = fleet {
        return fleet.spent(clients).unwrap_or_else(|e| {
            tracing::warn!(error = %e, "the fleet's LLM spend cannot be read; spinning is not judged this time");
            HashMap::new()
        });
    }
    clients
        .iter()
        .filter_map(|c| {
            let (nusd, tokens) = store.read(|tx| state::clients::used_since(tx, c, 0)).ok()?;
            Some((c.clone(), (tokens, nusd)))
        })
        .collect()
}

/// What the watch found at one beat, to store with it.
#[derive(Debug, Clone, Default)]
pub struct Watched {
    pub tally: Tally,
    /// Spend since the previous beat: (tokens, nano-USD).
    pub delta: (u64, u64),
    /// Tasks added, moved or gone since the previous beat.
    pub moved: u32,
    /// A turn judged at this beat: `ran` or `silent`.
    pub turn: Option<&'static str>,
    /// Spinning at critical.
    pub spinning: bool,
}

/// Folds this beat's spend and tasks into the agent's tally, judges the pending turn and the
/// spinning, and notes what it found on `eval`.
pub fn judge(
    agent: &AgentRow,
    mut tally: Tally,
    spent: Option<(u64, u64)>,
    tasks: Option<&[Task]>,
    eval: &mut Evaluation,
    now_ms: i64,
) -> Watched {
    let w = &agent.watch;
    let mut delta = (0, 0);
    if let Some(now) = spent {
        if let Some(before) = tally.spent {
            // A total that went down (Redis forgot, usage rows lost) is a new baseline.
            delta = (
                now.0.saturating_sub(before.0),
                now.1.saturating_sub(before.1),
            );
            if now.0 > before.0 || now.1 > before.1 {
                tally.llm_seen_at_ms = Some(now_ms);
            }
        }
        tally.spent = Some(now);
    }
    let mut moved = 0;
    if let Some(tasks) = tasks {
        let current: BTreeMap<String, String> = tasks
            .iter()
            .map(|t| (t.id.clone(), status_word(t.status).to_owned()))
            .collect();
        if tally.progress_at_ms.is_some() {
            moved = changed(&tally.tasks, &current);
        } else {
            tally.progress_at_ms = Some(now_ms);
        }
        tally.tasks = current;
    }
    if moved > 0 {
        tally.since_progress = (0, 0);
        tally.progress_at_ms = Some(now_ms);
    } else {
        let counted = (
            delta.0.saturating_sub(tally.forgiven.0),
            delta.1.saturating_sub(tally.forgiven.1),
        );
        tally.since_progress.0 = tally.since_progress.0.saturating_add(counted.0);
        tally.since_progress.1 = tally.since_progress.1.saturating_add(counted.1);
    }
    if spent.is_some() {
        tally.forgiven = (0, 0);
    }
    let turn = judge_turn(agent, &mut tally, spent, tasks, now_ms);
    if tally.silent_turns >= w.silent_after.max(1) {
        note(
            eval,
            Status::Critical,
            format!(
                "not working: {} triggered turns in a row showed no life within {} (no LLM call through client {}, no task update, no ping)",
                tally.silent_turns,
                minutes(w.turn_window_ms),
                agent.client_name()
            ),
        );
    }
    let level = if tasks.is_some() {
        spin_level(w, tally.since_progress)
    } else {
        Status::Ok
    };
    if level != Status::Ok {
        let since = tally.progress_at_ms.map_or(String::new(), |at| {
            format!(" ({} ago)", minutes(now_ms - at))
        });
        note(
            eval,
            level,
            format!(
                "spinning: {} tokens ({}) spent since a task last moved{since}; {} at {}",
                tally.since_progress.0,
                usd(tally.since_progress.1),
                level.text(),
                thresholds(w, level)
            ),
        );
    }
    Watched {
        tally,
        delta,
        moved,
        turn,
        spinning: level == Status::Critical,
    }
}

/// Judges the oldest answered turn not yet judged: life since it was triggered (LLM spend,
/// a task update, a ping), or silence past the window.
fn judge_turn(
    agent: &AgentRow,
    tally: &mut Tally,
    spent: Option<(u64, u64)>,
    tasks: Option<&[Task]>,
    now_ms: i64,
) -> Option<&'static str> {
    let (at, tokens_then) = tally.turn?;
    let called = spent.is_some_and(|s| s.0 > tokens_then);
    let updated = tasks.is_some_and(|ts| ts.iter().any(|t| t.updated_at > at));
    let pinged = agent.last_ping_at_ms.is_some_and(|p| p > at);
    if called || updated || pinged {
        tally.turn = None;
        tally.silent_turns = 0;
        Some("ran")
    } else if now_ms >= at + agent.watch.turn_window_ms {
        tally.turn = None;
        tally.silent_turns += 1;
        Some("silent")
    } else {
        None
    }
}

/// After this beat's trigger was answered: the turn it started waits to be judged, unless the
/// answer itself says it ran. An older turn still waiting keeps its time (silent since then).
pub fn triggered(
    watch: &Watch,
    tally: &mut Tally,
    answer: &str,
    now_ms: i64,
) -> Option<&'static str> {
    if watch.ack.as_deref().is_some_and(|ack| answer.contains(ack)) {
        tally.turn = None;
        tally.silent_turns = 0;
        return Some("ran");
    }
    if tally.turn.is_none() {
        tally.turn = Some((now_ms, tally.spent.map_or(0, |s| s.0)));
    }
    None
}

/// When the client was last seen spending, counting this beat's reading.
pub fn life(tally: &Tally, spent: Option<(u64, u64)>, now_ms: i64) -> Option<i64> {
    match (tally.spent, spent) {
        (Some(before), Some(now)) if now.0 > before.0 || now.1 > before.1 => Some(now_ms),
        _ => tally.llm_seen_at_ms,
    }
}

/// Runs the spin action once when the agent turns critical, and lifts its pause once it no
/// longer is (a task moved, the thresholds were raised). Says what it did.
pub fn act(
    store: &mut Store,
    fleet: Option<&dyn Fleet>,
    agent: &AgentRow,
    watched: &mut Watched,
) -> Result<Option<String>, state::Error> {
    let client = agent.client_name();
    let tally = &mut watched.tally;
    if watched.spinning && !tally.spin_acted {
        let Some(action) = &agent.watch.on_spin else {
            return Ok(None);
        };
        tally.spin_acted = true;
        return Ok(Some(match action {
            SpinAction::Pause => {
                let reason = pause_reason(agent, tally.since_progress);
                store.write(|tx| state::clients::pause(tx, client, &agent.name, &reason))?;
                let fleet_said = fleet.map(|f| f.pause(client, &reason));
                format!("paused client {client}{}", fleet_note(fleet_said))
            }
            SpinAction::Command(cmd) => {
                let timeout = std::time::Duration::from_millis(
                    u64::try_from(agent.drive.timeout_ms).unwrap_or(60_000),
                );
                let r = super::drive::on_spin(cmd, agent, tally.since_progress, timeout);
                format!(
                    "ran command:{cmd} (exit {})",
                    r.code.map_or("none".into(), |c| c.to_string())
                )
            }
        }));
    }
    if !watched.spinning && tally.spin_acted {
        tally.spin_acted = false;
        if agent.watch.on_spin == Some(SpinAction::Pause) {
            return store.write(|tx| lift(tx, fleet, client)).map(Some);
        }
    }
    Ok(None)
}

/// `heartbeat resume`: the agent is evaluated again, its spend since progress starts from
/// zero and its client's pause (if it has one) is lifted, here and in the fleet. Says what
/// became of the client.
pub fn resume(
    store: &mut Store,
    name: &str,
    fleet: Option<&dyn Fleet>,
) -> Result<String, super::Error> {
    let agent = super::get(store, name)?;
    super::set_paused(store, name, false)?;
    let client = agent.client_name().to_owned();
    let now = spent(store, fleet, std::slice::from_ref(&client)).remove(&client);
    Ok(store.write(|tx| {
        let mut tally = state::tally::get(tx, name)?;
        // What was spent until now is forgiven: left out of the spend since progress, not of
        // the spend the next beat sees.
        if let (Some(now), Some(seen)) = (now, tally.spent) {
            tally.forgiven = (now.0.saturating_sub(seen.0), now.1.saturating_sub(seen.1));
        }
        tally.since_progress = (0, 0);
        tally.progress_at_ms = Some(state::now_ms());
        tally.spin_acted = false;
        state::tally::save(tx, name, &tally)?;
        lift(tx, fleet, &client)
    })?)
}

/// Lifts the pause of `client`, here and in the fleet.
pub fn lift(tx: &Tx<'_>, fleet: Option<&dyn Fleet>, client: &str) -> Result<String, state::Error> {
    let was = state::clients::unpause(tx, client)?;
    let fleet_said = fleet.map(|f| f.resume(client));
    Ok(format!(
        "{} client {client}{}",
        if was { "resumed" } else { "not paused:" },
        fleet_note(fleet_said)
    ))
}

fn fleet_note(said: Option<Result<(), String>>) -> String {
    match said {
        None => String::new(),
        Some(Ok(())) => " (fleet-wide)".into(),
        Some(Err(e)) => format!(" (on this host only: the fleet's Redis said {e})"),
    }
}

/// What the paused client is told.
fn pause_reason(agent: &AgentRow, since: (u64, u64)) -> String {
    format!(
        "agent {} spent {} tokens ({}) without moving a task; resume with `bizwings heartbeat resume {}`",
        agent.name,
        since.0,
        usd(since.1),
        agent.name
    )
}

fn spin_level(w: &Watch, (tokens, nusd): (u64, u64)) -> Status {
    let over = |limit: u64, v: u64| limit > 0 && v >= limit;
    if over(w.spin_critical_tokens, tokens) || over(w.spin_critical_nusd, nusd) {
        Status::Critical
    } else if over(w.spin_warn_tokens, tokens) || over(w.spin_warn_nusd, nusd) {
        Status::Warning
    } else {
        Status::Ok
    }
}

fn thresholds(w: &Watch, level: Status) -> String {
    let (tokens, nusd) = if level == Status::Critical {
        (w.spin_critical_tokens, w.spin_critical_nusd)
    } else {
        (w.spin_warn_tokens, w.spin_warn_nusd)
    };
    let mut parts = Vec::new();
    if tokens > 0 {
        parts.push(format!("{tokens} tokens"));
    }
    if nusd > 0 {
        parts.push(usd(nusd));
    }
    parts.join(" or ")
}

/// Ids added, gone or in another status.
fn changed(before: &BTreeMap<String, String>, now: &BTreeMap<String, String>) -> u32 {
    let moved_or_new = now
        .iter()
        .filter(|(id, s)| before.get(*id) != Some(s))
        .count();
    let gone = before.keys().filter(|id| !now.contains_key(*id)).count();
    u32::try_from(moved_or_new + gone).unwrap_or(u32::MAX)
}

fn status_word(s: TaskStatus) -> &'static str {
    match s {
        TaskStatus::Todo => "todo",
        TaskStatus::InProgress => "in_progress",
        TaskStatus::Done => "done",
        TaskStatus::Blocked => "blocked",
    }
}

fn note(eval: &mut Evaluation, status: Status, text: String) {
    eval.status = eval.status.worst(status);
    eval.findings.push(Finding { status, text });
}

/// Nano-USD as dollars for people.
pub fn usd(nusd: u64) -> String {
    #[expect(clippy::cast_precision_loss, reason = "dollars for people")]
    let d = nusd as f64 / 1e9;
    format!("${d:.2}")
}

fn minutes(ms: i64) -> String {
    format!("{} min", ms / 60_000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moves_count_new_changed_and_gone_tasks() {
        let map = |pairs: &[(&str, &str)]| {
            pairs
                .iter()
                .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
                .collect::<BTreeMap<_, _>>()
        };
        let before = map(&[("a", "todo"), ("b", "in_progress"), ("c", "todo")]);
        let now = map(&[("a", "todo"), ("b", "done"), ("d", "todo")]);
        assert_eq!(changed(&before, &now), 3, "b moved, d new, c gone");
        assert_eq!(changed(&before, &before), 0);
    }

    #[test]
    fn an_ack_in_the_answer_means_the_turn_ran_and_an_older_turn_keeps_its_time() {
        let w = Watch {
            ack: Some("completed".into()),
            ..Watch::default()
        };
        let mut t = Tally {
            silent_turns: 2,
            spent: Some((100, 0)),
            ..Tally::default()
        };
        assert_eq!(
            triggered(&w, &mut t, "{\"status\":\"completed\"}", 5),
            Some("ran")
        );
        assert_eq!((t.turn, t.silent_turns), (None, 0));
        assert_eq!(triggered(&w, &mut t, "accepted", 7), None);
        assert_eq!(t.turn, Some((7, 100)));
        assert_eq!(triggered(&w, &mut t, "accepted", 9), None);
        assert_eq!(t.turn, Some((7, 100)), "silent since the older trigger");
    }

    #[test]
    fn spin_levels_take_either_unit_and_zero_is_off() {
        let w = Watch::default();
        assert_eq!(spin_level(&w, (499_999, 0)), Status::Ok);
        assert_eq!(spin_level(&w, (500_000, 0)), Status::Warning);
        assert_eq!(spin_level(&w, (0, 10_000_000_000)), Status::Critical);
        let off = Watch {
            spin_critical_tokens: 0,
            spin_warn_tokens: 0,
            ..Watch::default()
        };
        assert_eq!(spin_level(&off, (u64::MAX, 0)), Status::Ok);
    }
}
