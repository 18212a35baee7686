//! What `heartbeat` commands report, for people and for `--json`.

use serde::Serialize;

use super::{AgentReport, StatusRow};
use crate::exit::Status;
use crate::output::{Human, Report, utc};
use crate::state::heartbeat::AgentRow;

fn sources_text(a: &AgentRow) -> String {
    if a.sources.is_empty() {
        "(pings)".into()
    } else {
        a.sources
            .iter()
            .map(super::sources::Source::describe)
            .collect::<Vec<_>>()
            .join(" ")
    }
}

fn trigger_text(a: &AgentRow) -> String {
    let d = &a.drive;
    let Some(trigger) = &d.trigger else {
        return "-".into();
    };
    let offset = d
        .offset_ms
        .map_or_else(|| "auto".into(), |ms| format!("{}s", ms / 1000));
    let token = d
        .token_env
        .as_ref()
        .map_or(String::new(), |v| format!(", token from ${v}"));
    format!(
        "{}{token}, {}timeout {}s, offset {offset}, critical after {} failures",
        trigger.describe(),
        if d.always { "always, " } else { "" },
        d.timeout_ms / 1000,
        d.fail_after
    )
}

/// One agent: after `add`/`set` (`verb`), or `show`.
#[derive(Debug, Serialize)]
#[expect(clippy::struct_field_names, reason = "the JSON shape: {agent, pings}")]
pub struct Agent {
    #[serde(skip)]
    pub verb: Option<&'static str>,
    pub agent: AgentRow,
    /// Its latest pings, newest first (`heartbeat show`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub pings: Vec<crate::state::heartbeat::PingRow>,
}

impl Report for Agent {
    fn human(&self, out: &mut Human) {
        let a = &self.agent;
        if let Some(verb) = self.verb {
            out.line(format!(
                "{verb} agent {} ({} in {})",
                a.name, a.schedule, a.tz
            ));
            return;
        }
        let opt = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
        for line in [
            format!("name:      {}", a.name),
            format!(
                "label:     {}",
                if a.label.is_empty() { "-" } else { &a.label }
            ),
            format!("schedule:  {} ({})", a.schedule, a.tz),
            format!(
                "llm:       through sidecar client {}",
                a.client.as_deref().unwrap_or(&a.name)
            ),
            format!("sources:   {}", sources_text(a)),
            format!("grace:     {}s", a.grace_ms / 1000),
            format!(
                "stuck:     after {}s without progress",
                a.stagnant_after_ms / 1000
            ),
            format!(
                "rounds:    cap {}, warn at {}%",
                a.max_rounds, a.warn_rounds_pct
            ),
            format!(
                "owner:     {}",
                a.owner.clone().unwrap_or_else(|| "(routes)".into())
            ),
            format!("escalate:  {}", opt(&a.escalate)),
            format!("trigger:   {}", trigger_text(a)),
            format!(
                "on stuck:  {}",
                a.drive
                    .on_stuck
                    .as_deref()
                    .map_or("-".into(), |c| format!("command:{c}"))
            ),
            format!(
                "state:     {}{}",
                a.state,
                if a.paused { " (paused)" } else { "" }
            ),
            format!(
                "last check: {}",
                a.last_eval_at_ms
                    .map_or_else(|| "never".into(), |at| format!("{} UTC", utc(at)))
            ),
            format!(
                "last ping: {}",
                a.last_ping_at_ms.map_or_else(
                    || "never".into(),
                    |at| format!(
                        "{} UTC {} {}",
                        utc(at),
                        a.last_ping_kind.as_deref().unwrap_or(""),
                        a.last_ping_message
                    )
                    .trim_end()
                    .to_owned()
                )
            ),
        ] {
            out.line(line);
        }
        for line in watch_lines(a) {
            out.line(line);
        }
        for p in &self.pings {
            let took = p
                .duration_ms
                .map_or(String::new(), |ms| format!(" after {}s", ms / 1000));
            let rid = p
                .rid
                .as_deref()
                .map_or(String::new(), |r| format!(" rid {r}"));
            let body: String = p.body.chars().take(80).collect();
            out.line(format!(
                "  ping {} UTC {}{took}{rid} {}",
                utc(p.at_ms),
                p.kind,
                body.escape_debug()
            ));
        }
    }
}

/// What `heartbeat show` says of the spin thresholds and the turn rule.
fn watch_lines(a: &AgentRow) -> [String; 2] {
    [
        format!(
            "spinning:  warn at {} tokens or {}, critical at {} tokens or {} (0: off); on spin: {}",
            a.watch.spin_warn_tokens,
            super::watch::usd(a.watch.spin_warn_nusd),
            a.watch.spin_critical_tokens,
            super::watch::usd(a.watch.spin_critical_nusd),
            a.watch
                .on_spin
                .clone()
                .map_or_else(|| "-".into(), String::from)
        ),
        format!(
            "turns:     life within {}s of a trigger; not working after {} silent{}",
            a.watch.turn_window_ms / 1000,
            a.watch.silent_after,
            a.watch
                .ack
                .as_deref()
                .map_or(String::new(), |ack| format!("; ack {ack:?}"))
        ),
    ]
}

/// `heartbeat list`.
#[derive(Debug, Serialize)]
pub struct Agents {
    pub agents: Vec<AgentRow>,
}

impl Report for Agents {
    fn human(&self, out: &mut Human) {
        if self.agents.is_empty() {
            out.line("no agents yet: add one with `bizwings heartbeat add`");
            return;
        }
        out.table(
            [
                "NAME", "SCHEDULE", "ZONE", "SOURCES", "OWNER", "STATE", "PAUSED",
            ],
            self.agents.iter().map(|a| {
                [
                    a.name.clone(),
                    a.schedule.clone(),
                    a.tz.clone(),
                    sources_text(a),
                    a.owner.clone().unwrap_or_else(|| "(routes)".into()),
                    a.state.clone(),
                    if a.paused { "yes" } else { "no" }.into(),
                ]
            }),
        );
    }
}

/// `heartbeat run`: the agents evaluated now (and when the others are due).
#[derive(Debug, Serialize)]
pub struct Evaluated {
    pub agents: Vec<AgentReport>,
}

impl Report for Evaluated {
    fn status(&self) -> Status {
        Status::worst_of(self.agents.iter().filter(|r| r.evaluated).map(|r| r.status))
    }

    fn human(&self, out: &mut Human) {
        let evaluated: Vec<&AgentReport> = self.agents.iter().filter(|r| r.evaluated).collect();
        if evaluated.is_empty() {
            out.line("no agent is due");
            return;
        }
        out.table(
            [
                "AGENT", "STATE", "PENDING", "STUCK", "BLOCKED", "ROUNDS", "TRIGGER", "FINDINGS",
            ],
            evaluated.iter().map(|r| {
                let e = r.evaluation.as_ref();
                [
                    r.name.clone(),
                    if r.changed {
                        format!("{} (was {})", r.status, r.previous)
                    } else {
                        r.status.to_string()
                    },
                    e.map_or(0, |e| e.pending).to_string(),
                    e.map_or(0, |e| e.stagnant).to_string(),
                    e.map_or(0, |e| e.blocked).to_string(),
                    e.map_or(0, |e| e.rounds).to_string(),
                    r.trigger.as_ref().map_or_else(
                        || "-".into(),
                        |t| format!("{} in {}ms", t.outcome, t.duration_ms),
                    ),
                    e.map(|e| {
                        e.findings
                            .iter()
                            .filter(|f| f.status != Status::Ok)
                            .map(|f| f.text.clone())
                            .collect::<Vec<_>>()
                            .join("; ")
                    })
                    .unwrap_or_default(),
                ]
            }),
        );
    }
}

/// `heartbeat status`.
#[derive(Debug, Serialize)]
pub struct StatusReport {
    pub agents: Vec<StatusRow>,
    /// Workspaces under the directories `discover` searched that have no agent.
    pub unwatched: Vec<std::path::PathBuf>,
    /// Alert receivers configured: with none, state changes are sent nowhere.
    pub receivers: usize,
}

impl Report for StatusReport {
    /// The worst state of the agents that are not paused: cron can alert on the exit code.
    fn status(&self) -> Status {
        Status::worst_of(
            self.agents
                .iter()
                .filter(|a| !a.paused)
                .map(|a| match a.state.as_str() {
                    "new" => Status::Ok,
                    s => Status::parse(s).unwrap_or(Status::Unknown),
                }),
        )
    }

    fn human(&self, out: &mut Human) {
        if self.agents.is_empty() {
            out.line("no agents yet");
            return;
        }
        out.table(
            [
                "AGENT",
                "STATE",
                "LAST BEAT (UTC)",
                "PENDING",
                "STUCK",
                "BLOCKED",
                "ROUNDS",
                "NEXT START (UTC)",
            ],
            self.agents.iter().map(|r| {
                [
                    r.name.clone(),
                    if r.paused {
                        format!("{} (paused)", r.state)
                    } else {
                        r.state.clone()
                    },
                    r.last_beat_ms.map_or_else(|| "never".into(), utc),
                    r.pending.to_string(),
                    r.stagnant.to_string(),
                    r.blocked.to_string(),
                    format!("{}/{}", r.rounds, r.max_rounds),
                    r.next_due_ms.map_or_else(|| "-".into(), utc),
                ]
            }),
        );
        for path in &self.unwatched {
            out.line(format!(
                "no agent watches the workspace {} (bizwings heartbeat discover)",
                path.display()
            ));
        }
        if self.receivers == 0 {
            out.line(
                "no alert receiver: state changes are sent nowhere (kept as failed in `alert outbox`); add one with `bizwings alert receiver add`",
            );
        }
    }
}

/// `heartbeat report`: what each agent did in a window.
#[derive(Debug, Serialize)]
pub struct Activity {
    pub since_ms: i64,
    pub agents: Vec<crate::state::heartbeat::Activity>,
}

impl Report for Activity {
    fn human(&self, out: &mut Human) {
        out.line(format!("since {} UTC", utc(self.since_ms)));
        out.table(
            [
                "AGENT",
                "BEATS",
                "TRIGGERED",
                "FAILED",
                "RAN",
                "SILENT",
                "TASKS WORKED",
                "MOVED",
                "TOKENS",
                "COST",
                "PER TASK MOVED",
                "STUCK",
                "RECOVERED",
                "ROUND CAPS",
                "ROUNDS",
            ],
            self.agents.iter().map(|a| {
                [
                    a.agent.clone(),
                    a.beats.to_string(),
                    a.triggers_sent.to_string(),
                    a.triggers_failed.to_string(),
                    a.turns_ran.to_string(),
                    a.turns_silent.to_string(),
                    a.tasks_worked.to_string(),
                    a.tasks_moved.to_string(),
                    a.tokens.to_string(),
                    format!("${:.2}", a.cost_usd),
                    a.cost_per_task_moved_usd
                        .map_or_else(|| "-".into(), |c| format!("${c:.2}")),
                    a.stuck_incidents.to_string(),
                    a.recoveries.to_string(),
                    a.round_caps.to_string(),
                    a.rounds.to_string(),
                ]
            }),
        );
    }
}

/// `heartbeat discover`: each workspace found and what was done with it.
#[derive(Debug, Serialize)]
pub struct Discovered {
    pub dry_run: bool,
    pub workspaces: Vec<super::Workspace>,
}

impl Report for Discovered {
    fn human(&self, out: &mut Human) {
        if self.workspaces.is_empty() {
            out.line("no workspace found (a directory with HEARTBEAT.md or a board/)");
            return;
        }
        out.table(
            [
                "WORKSPACE",
                "PATH",
                "SOURCE",
                if self.dry_run { "WOULD BE" } else { "RESULT" },
            ],
            self.workspaces.iter().map(|w| {
                [
                    w.name.clone(),
                    w.path.display().to_string(),
                    w.source.clone().unwrap_or_else(|| "-".into()),
                    w.action.clone(),
                ]
            }),
        );
    }
}
