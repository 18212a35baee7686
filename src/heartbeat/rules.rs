//! The heartbeat rules of the runbook: pending work, stuck tasks (no progress for 20 minutes),
//! tasks waiting on unfinished dependencies (blocked, never counted as stuck), the round cap
//! (warn at 80 % of 50, critical at the cap), stale agents (no sign of life within period +
//! grace), and job pings (failed, or started and not finished within the grace).

use std::collections::HashMap;

use serde::Serialize;

use super::sources::{Task, TaskStatus};
use crate::exit::Status;

/// What an evaluation needs besides the tasks.
#[derive(Debug, Clone)]
pub struct Limits {
    pub stagnant_after_ms: i64,
    pub max_rounds: u32,
    pub warn_rounds_pct: f64,
    pub grace_ms: i64,
    /// The schedule's period at evaluation time.
    pub period_ms: i64,
    /// Driven by a trigger: judged by its turns (answered, then ran), not by staleness — an
    /// agent with nothing to do is not triggered and rightly quiet.
    pub driven: bool,
}

/// The latest ping of a job, if any.
#[derive(Debug, Clone)]
pub struct Ping {
    pub at_ms: i64,
    /// `start`, `success` or `fail`.
    pub kind: String,
    pub message: String,
    /// When the oldest run still open started (per run id: a start with no end after it).
    pub open_since: Option<i64>,
}

pub use crate::state::heartbeat::Finding;

/// The result of evaluating one agent.
#[derive(Debug, Clone, Serialize)]
pub struct Evaluation {
    pub status: Status,
    pub pending: u32,
    pub in_progress: u32,
    pub stagnant: u32,
    pub blocked: u32,
    pub rounds: u32,
    pub max_stagnation_s: i64,
    pub findings: Vec<Finding>,
    /// Which tasks are which: what a trigger names.
    pub tasks: TaskIds,
}

/// The ids of the open tasks, by what can be done with them.
#[derive(Debug, Clone, Default, Serialize)]
pub struct TaskIds {
    /// Workable: not done, not blocked, not at the round cap (stuck ones included).
    pub pending: Vec<String>,
    pub stuck: Vec<String>,
    pub blocked: Vec<String>,
    /// At the round cap: paused, left out of triggers until someone looks.
    pub capped: Vec<String>,
}

impl Evaluation {
    fn note(&mut self, status: Status, text: String) {
        self.status = self.status.worst(status);
        self.findings.push(Finding { status, text });
    }
}

/// Evaluates `tasks` (None: the agent has no task sources) and `ping` at `now_ms`; `llm_ms`
/// is when the agent's client was last seen calling an LLM. `created_at_ms` stands in for the
/// last sign of life of an agent never heard from.
pub fn evaluate(
    tasks: Option<&[Task]>,
    (ping, llm_ms): (Option<&Ping>, Option<i64>),
    limits: &Limits,
    created_at_ms: i64,
    now_ms: i64,
) -> Evaluation {
    let mut eval = Evaluation {
        status: Status::Ok,
        pending: 0,
        in_progress: 0,
        stagnant: 0,
        blocked: 0,
        rounds: 0,
        max_stagnation_s: 0,
        findings: Vec::new(),
        tasks: TaskIds::default(),
    };
    let mut last_sign = ping.map(|p| p.at_ms).max(llm_ms);
    if let Some(updated) = tasks.and_then(|t| tasks_of(&mut eval, t, limits, now_ms)) {
        last_sign = Some(last_sign.map_or(updated, |s| s.max(updated)));
    }
    if let Some(p) = ping {
        if p.kind == "fail" {
            eval.note(
                Status::Critical,
                format!("the last run failed{}", suffix(&p.message)),
            );
        }
        if let Some(open) = p.open_since.filter(|at| now_ms - at > limits.grace_ms) {
            eval.note(
                Status::Critical,
                format!(
                    "a run started {} min ago and has not finished",
                    (now_ms - open) / 60_000
                ),
            );
        }
    }
    let sign = last_sign.unwrap_or(created_at_ms);
    let silent_ms = now_ms - sign;
    if !limits.driven && silent_ms > limits.period_ms + limits.grace_ms {
        let what = if last_sign.is_some() {
            "no ping, task update or LLM call"
        } else {
            "never heard from"
        };
        eval.note(
            Status::Critical,
            format!(
                "stale: {what} for {} min (period + grace is {} min)",
                silent_ms / 60_000,
                (limits.period_ms + limits.grace_ms) / 60_000
            ),
        );
    }
    eval
}

/// Counts and classifies the open tasks, notes stuck ones and the round cap. Returns the
/// latest update of an open task (a sign of life).
fn tasks_of(eval: &mut Evaluation, tasks: &[Task], limits: &Limits, now_ms: i64) -> Option<i64> {
    let mut last_sign: Option<i64> = None;
    let done: HashMap<&str, bool> = tasks
        .iter()
        .map(|t| (t.id.as_str(), t.status == TaskStatus::Done))
        .collect();
    for t in tasks.iter().filter(|t| t.status != TaskStatus::Done) {
        eval.pending += 1;
        last_sign = Some(last_sign.map_or(t.updated_at, |s| s.max(t.updated_at)));
        let waiting: Vec<&str> = t
            .depends_on
            .iter()
            .filter(|d| !done.get(d.as_str()).copied().unwrap_or(false))
            .map(String::as_str)
            .collect();
        if t.status == TaskStatus::Blocked || !waiting.is_empty() {
            eval.blocked += 1;
            eval.tasks.blocked.push(t.id.clone());
            if !waiting.is_empty() {
                eval.findings.push(Finding {
                    status: Status::Ok,
                    text: format!("{} waits for {}", t.id, waiting.join(", ")),
                });
            }
            continue;
        }
        if t.status == TaskStatus::InProgress {
            eval.in_progress += 1;
            let idle_ms = now_ms - t.updated_at;
            if idle_ms > limits.stagnant_after_ms {
                eval.stagnant += 1;
                eval.tasks.stuck.push(t.id.clone());
                eval.max_stagnation_s = eval.max_stagnation_s.max(idle_ms / 1000);
                eval.note(
                    Status::Warning,
                    format!("{} has made no progress for {} min", t.id, idle_ms / 60_000),
                );
            }
        }
        eval.rounds = eval.rounds.max(t.rounds);
        if t.rounds >= limits.max_rounds.max(1) {
            eval.tasks.capped.push(t.id.clone());
        } else {
            eval.tasks.pending.push(t.id.clone());
        }
    }
    let max = limits.max_rounds.max(1);
    if eval.rounds >= max {
        eval.note(
            Status::Critical,
            format!(
                "{} of {max} rounds used: the cap is reached ({} paused)",
                eval.rounds,
                eval.tasks.capped.join(", ")
            ),
        );
    } else if f64::from(eval.rounds) >= f64::from(max) * limits.warn_rounds_pct / 100.0 {
        eval.note(
            Status::Warning,
            format!("{} of {max} rounds used", eval.rounds),
        );
    }
    last_sign
}

fn suffix(message: &str) -> String {
    if message.is_empty() {
        String::new()
    } else {
        format!(": {message}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: i64 = 60_000;
    const NOW: i64 = 1_000 * MIN;

    fn task(id: &str, status: TaskStatus, age_min: i64, deps: &[&str], rounds: u32) -> Task {
        Task {
            id: id.into(),
            title: String::new(),
            status,
            updated_at: NOW - age_min * MIN,
            depends_on: deps.iter().map(|d| (*d).to_owned()).collect(),
            rounds,
        }
    }

    fn limits() -> Limits {
        Limits {
            stagnant_after_ms: 20 * MIN,
            max_rounds: 50,
            warn_rounds_pct: 80.0,
            grace_ms: 5 * MIN,
            period_ms: 10 * MIN,
            driven: false,
        }
    }

    #[test]
    fn stuck_blocked_and_rounds() {
        let tasks = vec![
            task("a", TaskStatus::InProgress, 25, &[], 3),
            task("b", TaskStatus::InProgress, 30, &["c"], 0),
            task("c", TaskStatus::Todo, 1, &[], 0),
            task("d", TaskStatus::Done, 100, &[], 0),
        ];
        let e = evaluate(Some(&tasks), (None, None), &limits(), 0, NOW);
        assert_eq!(
            (e.pending, e.in_progress, e.stagnant, e.blocked),
            (3, 1, 1, 1)
        );
        assert_eq!(e.status, Status::Warning);
        assert_eq!(e.max_stagnation_s, 25 * 60);
        let warn = evaluate(
            Some(&[task("r", TaskStatus::InProgress, 1, &[], 40)]),
            (None, None),
            &limits(),
            0,
            NOW,
        );
        assert_eq!(warn.status, Status::Warning);
        let crit = evaluate(
            Some(&[task("r", TaskStatus::InProgress, 1, &[], 50)]),
            (None, None),
            &limits(),
            0,
            NOW,
        );
        assert_eq!(crit.status, Status::Critical);
        let fine = evaluate(
            Some(&[task("r", TaskStatus::InProgress, 1, &[], 39)]),
            (None, None),
            &limits(),
            0,
            NOW,
        );
        assert_eq!(fine.status, Status::Ok);
    }

    #[test]
    fn pings_and_staleness() {
        let ping = |kind: &str, age_min: i64| Ping {
            at_ms: NOW - age_min * MIN,
            kind: kind.into(),
            message: String::new(),
            open_since: (kind == "start").then_some(NOW - age_min * MIN),
        };
        assert_eq!(
            evaluate(None, (Some(&ping("success", 5)), None), &limits(), 0, NOW).status,
            Status::Ok
        );
        assert_eq!(
            evaluate(None, (Some(&ping("success", 16)), None), &limits(), 0, NOW).status,
            Status::Critical,
            "stale"
        );
        assert_eq!(
            evaluate(None, (Some(&ping("fail", 1)), None), &limits(), 0, NOW).status,
            Status::Critical
        );
        assert_eq!(
            evaluate(None, (Some(&ping("start", 3)), None), &limits(), 0, NOW).status,
            Status::Ok
        );
        assert_eq!(
            evaluate(None, (Some(&ping("start", 6)), None), &limits(), 0, NOW).status,
            Status::Critical
        );
        assert_eq!(
            evaluate(None, (None, None), &limits(), NOW - 5 * MIN, NOW).status,
            Status::Ok,
            "new agent gets a period"
        );
        assert_eq!(
            evaluate(None, (None, None), &limits(), NOW - 20 * MIN, NOW).status,
            Status::Critical
        );
        assert_eq!(
            evaluate(
                None,
                (None, Some(NOW - MIN)),
                &limits(),
                NOW - 20 * MIN,
                NOW
            )
            .status,
            Status::Ok,
            "an LLM call is a sign of life"
        );
        let driven = Limits {
            driven: true,
            ..limits()
        };
        assert_eq!(
            evaluate(None, (None, None), &driven, NOW - 20 * MIN, NOW).status,
            Status::Ok,
            "a driven agent is judged by its turns"
        );
    }
}
