//! What the exporter serves, read from the state DB in one pass: the agents (the seed
//! exporter's names and labels), their LLM calls through the sidecar, the backup jobs, the
//! latest inspect run of each host and the alert outbox.

use std::sync::atomic::AtomicU64;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::registry::Registry;

use crate::heartbeat::{self, StatusRow};
use crate::server::Label;
use crate::state::usage::{ClientMinute, LATENCY_BUCKET_MS};
use crate::state::{self, Store};

/// The window of the per-agent LLM gauges.
pub const LLM_WINDOW_MINUTES: i64 = 15;

type FloatGauge = Gauge<f64, AtomicU64>;

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct AgentLabels {
    agent_name: Label,
    agent_label: Label,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ClientOfLabels {
    agent_name: Label,
    agent_label: Label,
    client: Label,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct TurnLabels {
    agent_name: Label,
    agent_label: Label,
    /// `triggered`, `ran` or `silent`.
    outcome: &'static str,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct JobLabels {
    /// Not `job`: Prometheus gives that label to the scrape job.
    backup: Label,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct CheckLabels {
    host: Label,
    check: Label,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct HostLabels {
    host: Label,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct OutboxLabels {
    /// `pending` or `failed`.
    state: String,
}

/// Every family, registered once.
pub struct Gauges {
    pub registry: Registry,
    alive: Family<AgentLabels, Gauge>,
    stagnation: Family<AgentLabels, Gauge>,
    pending: Family<AgentLabels, Gauge>,
    rounds_ratio: Family<AgentLabels, FloatGauge>,
    trigger_failures: Family<AgentLabels, Gauge>,
    unwatched: Gauge,
    rate_limited: Family<AgentLabels, FloatGauge>,
    response_time: Family<AgentLabels, FloatGauge>,
    tokens_since_progress: Family<AgentLabels, Gauge>,
    cost_since_progress: Family<AgentLabels, FloatGauge>,
    silent_turns: Family<AgentLabels, Gauge>,
    turns: Family<TurnLabels, Gauge>,
    client_of: Family<ClientOfLabels, Gauge>,
    backup_success: Family<JobLabels, Gauge>,
    backup_size: Family<JobLabels, Gauge>,
    backup_ok: Family<JobLabels, Gauge>,
    inspect_status: Family<CheckLabels, Gauge>,
    inspect_run: Family<HostLabels, Gauge>,
    outbox: Family<OutboxLabels, Gauge>,
    outbox_age: Gauge,
}

/// Registers `$field` of `$g` under a name and help text.
macro_rules! register {
    ($registry:expr, $g:expr, $( $name:literal => $field:ident : $help:literal ),+ $(,)?) => {
        $( $registry.register($name, $help, $g.$field.clone()); )+
    };
}

impl Gauges {
    pub fn new() -> Self {
        let mut g = Self {
            registry: Registry::default(),
            alive: Family::default(),
            stagnation: Family::default(),
            pending: Family::default(),
            rounds_ratio: Family::default(),
            trigger_failures: Family::default(),
            unwatched: Gauge::default(),
            rate_limited: Family::default(),
            response_time: Family::default(),
            tokens_since_progress: Family::default(),
            cost_since_progress: Family::default(),
            silent_turns: Family::default(),
            turns: Family::default(),
            client_of: Family::default(),
            backup_success: Family::default(),
            backup_size: Family::default(),
            backup_ok: Family::default(),
            inspect_status: Family::default(),
            inspect_run: Family::default(),
            outbox: Family::default(),
            outbox_age: Gauge::default(),
        };
        let mut registry = Registry::default();
        register!(registry, g,
            "agent_heartbeat_status" => alive: "Agent heartbeat status (1=healthy, 0=stale or critical)",
            "agent_task_stagnation_seconds" => stagnation: "Longest time an in-progress task has gone without progress",
            "agent_workboard_pending" => pending: "Tasks not done",
            "agent_rounds_used_ratio" => rounds_ratio: "Rounds used over the round cap",
            "agent_trigger_failures" => trigger_failures: "Triggers of the agent's turn that failed in a row (0 after one was answered)",
            "heartbeat_unwatched_workspaces" => unwatched: "Agent workspaces under the directories heartbeat discover searched that have no agent",
            "agent_429_error_rate" => rate_limited: "Share of the agent's upstream LLM attempts through the sidecar answered 429, over the last 15 minutes (0 without attempts)",
            "agent_response_time_seconds" => response_time: "Median time of the agent's answered LLM attempts through the sidecar, over the last 15 minutes",
            "agent_tokens_since_progress" => tokens_since_progress: "Tokens the agent's client spent since one of its tasks last moved (added, changed status or went away), as of its last beat",
            "agent_cost_since_progress_usd" => cost_since_progress: "Dollars the agent's client spent since one of its tasks last moved, as of its last beat",
            "agent_silent_turns" => silent_turns: "Triggered turns in a row that showed no life within the agent's turn window",
            "agent_turns_last_hour" => turns: "The agent's turns in the last hour: triggered (the trigger was answered), ran (life followed), silent (none within the window)",
            "agent_client_info" => client_of: "1 for the sidecar client token the agent calls LLMs with: joins the sidecars' bizwings_sidecar_client_* series to agents",
            "bizwings_backup_last_success_timestamp_seconds" => backup_success: "Start time of the job's newest good backup (unix seconds)",
            "bizwings_backup_last_size_bytes" => backup_size: "Size of the job's newest good backup",
            "bizwings_backup_last_run_ok" => backup_ok: "1 when the job's latest run succeeded, 0 when it failed",
            "bizwings_inspect_status" => inspect_status: "Worst result of a check in the host's latest inspect run (0 ok, 1 warning, 2 critical, 3 unknown)",
            "bizwings_inspect_last_run_timestamp_seconds" => inspect_run: "Time of the host's latest inspect run (unix seconds)",
            "bizwings_alert_outbox_messages" => outbox: "Notifications waiting to be sent (pending) and given up on (failed)",
            "bizwings_alert_outbox_oldest_pending_seconds" => outbox_age: "Age of the oldest notification waiting to be sent (0 when none)",
        );
        g.registry = registry;
        g
    }

    /// Reads everything from the DB and renders the text format.
    pub fn render(&self, store: &mut Store) -> Result<String, String> {
        let now = state::now_ms();
        let agents = heartbeat::status(store, now).map_err(|e| e.to_string())?;
        let window_start = now - now.rem_euclid(60_000) - (LLM_WINDOW_MINUTES - 1) * 60_000;
        let (llm, (tallies, turns), jobs, runs, outbox) = store
            .read(|tx| {
                Ok::<_, state::Error>((
                    state::usage::client_minutes_since(tx, window_start)?,
                    (
                        state::tally::all(tx)?,
                        state::heartbeat::activity(tx, now - 3_600_000)?,
                    ),
                    state::backups::summaries(tx)?,
                    state::inspect::latest_runs(tx)?,
                    state::notify::outbox_counts(tx)?,
                ))
            })
            .map_err(|e| e.to_string())?;
        self.turns.clear();
        self.client_of.clear();
        for family in [
            &self.alive,
            &self.stagnation,
            &self.pending,
            &self.trigger_failures,
            &self.tokens_since_progress,
            &self.silent_turns,
        ] {
            family.clear();
        }
        for family in [
            &self.rounds_ratio,
            &self.rate_limited,
            &self.response_time,
            &self.cost_since_progress,
        ] {
            family.clear();
        }
        for r in &agents.agents {
            let llm = llm.iter().find(|(c, _)| *c == r.client).map(|(_, m)| m);
            self.set_agent(r, llm);
            let labels = agent_labels(r);
            self.client_of
                .get_or_create(&ClientOfLabels {
                    agent_name: labels.agent_name.clone(),
                    agent_label: labels.agent_label.clone(),
                    client: r.client.as_str().into(),
                })
                .set(1);
            if let Some(t) = tallies.get(&r.name) {
                let (tokens, nusd) = t.since_progress;
                self.tokens_since_progress
                    .get_or_create(&labels)
                    .set(i64::try_from(tokens).unwrap_or(i64::MAX));
                #[expect(clippy::cast_precision_loss, reason = "dollars for people")]
                self.cost_since_progress
                    .get_or_create(&labels)
                    .set(nusd as f64 / 1e9);
                self.silent_turns
                    .get_or_create(&labels)
                    .set(i64::from(t.silent_turns));
            }
            if let Some(a) = turns
                .iter()
                .find(|a| a.agent == r.name)
                .filter(|_| r.trigger)
            {
                for (outcome, n) in [
                    ("triggered", a.triggers_sent),
                    ("ran", a.turns_ran),
                    ("silent", a.turns_silent),
                ] {
                    self.turns
                        .get_or_create(&TurnLabels {
                            agent_name: labels.agent_name.clone(),
                            agent_label: labels.agent_label.clone(),
                            outcome,
                        })
                        .set(i64::from(n));
                }
            }
        }
        self.unwatched
            .set(i64::try_from(agents.unwatched.len()).unwrap_or(i64::MAX));
        self.set_backups(&jobs);
        self.set_inspect(&runs);
        let (pending, failed, oldest) = outbox;
        self.outbox.clear();
        for (state, n) in [("pending", pending), ("failed", failed)] {
            self.outbox
                .get_or_create(&OutboxLabels {
                    state: state.into(),
                })
                .set(i64::try_from(n).unwrap_or(i64::MAX));
        }
        self.outbox_age
            .set(oldest.map_or(0, |at| (now - at).max(0) / 1000));
        let mut text = String::new();
        prometheus_client::encoding::text::encode(&mut text, &self.registry)
            .map_err(|e| e.to_string())?;
        Ok(text)
    }

    fn set_agent(&self, r: &StatusRow, llm: Option<&ClientMinute>) {
        let labels = agent_labels(r);
        self.alive
            .get_or_create(&labels)
            .set(i64::from(matches!(r.state.as_str(), "ok" | "warning")));
        self.stagnation
            .get_or_create(&labels)
            .set(r.max_stagnation_s);
        self.pending
            .get_or_create(&labels)
            .set(i64::from(r.pending));
        self.rounds_ratio
            .get_or_create(&labels)
            .set(f64::from(r.rounds) / f64::from(r.max_rounds.max(1)));
        if r.trigger {
            self.trigger_failures
                .get_or_create(&labels)
                .set(i64::from(r.trigger_failures));
        }
        let llm = llm.cloned().unwrap_or_default();
        #[expect(clippy::cast_precision_loss, reason = "counts far below 2^52")]
        let rate = if llm.attempts == 0 {
            0.0
        } else {
            llm.rate_limited as f64 / llm.attempts as f64
        };
        self.rate_limited.get_or_create(&labels).set(rate);
        if let Some(median) = median_seconds(&llm.latency) {
            self.response_time.get_or_create(&labels).set(median);
        }
    }

    fn set_backups(&self, jobs: &[state::backups::JobSummary]) {
        for family in [&self.backup_success, &self.backup_size, &self.backup_ok] {
            family.clear();
        }
        for j in jobs {
            let labels = JobLabels {
                backup: j.job.as_str().into(),
            };
            if let Some((at, size)) = j.last_ok {
                self.backup_success.get_or_create(&labels).set(at / 1000);
                self.backup_size
                    .get_or_create(&labels)
                    .set(i64::try_from(size).unwrap_or(i64::MAX));
            }
            let last_ok = j.last_ok.map(|(at, _)| at);
            if last_ok.is_some() || j.last_failure_ms.is_some() {
                let ok = last_ok.unwrap_or(i64::MIN) >= j.last_failure_ms.unwrap_or(i64::MIN);
                self.backup_ok.get_or_create(&labels).set(i64::from(ok));
            }
        }
    }

    fn set_inspect(&self, runs: &[state::inspect::ResultRow]) {
        self.inspect_status.clear();
        self.inspect_run.clear();
        for r in runs {
            let rank = match r.status.as_str() {
                "ok" => 0,
                "warning" => 1,
                "critical" => 2,
                _ => 3,
            };
            let worst = self.inspect_status.get_or_create(&CheckLabels {
                host: r.host.as_str().into(),
                check: r.check_name.as_str().into(),
            });
            if rank > worst.get() {
                worst.set(rank);
            }
            self.inspect_run
                .get_or_create(&HostLabels {
                    host: r.host.as_str().into(),
                })
                .set(r.run_at_ms / 1000);
        }
    }
}

/// The seed exporter's labels: the name, and the label (the name when it has none).
fn agent_labels(r: &StatusRow) -> AgentLabels {
    let shown = if r.label.is_empty() {
        &r.name
    } else {
        &r.label
    };
    AgentLabels {
        agent_name: r.name.as_str().into(),
        agent_label: shown.as_str().into(),
    }
}

/// The median of latency buckets, in seconds, interpolated within its bucket (`None` without
/// answers).
#[expect(clippy::cast_precision_loss, reason = "counts and ms far below 2^52")]
fn median_seconds(buckets: &[u64]) -> Option<f64> {
    let total: u64 = buckets.iter().sum();
    if total == 0 {
        return None;
    }
    let half = total as f64 / 2.0;
    let mut below = 0.0;
    for (i, &n) in buckets.iter().enumerate() {
        let n = n as f64;
        if below + n >= half && n > 0.0 {
            let hi = (LATENCY_BUCKET_MS << i) as f64;
            let lo = if i == 0 { 0.0 } else { hi / 2.0 };
            return Some((lo + (hi - lo) * (half - below) / n) / 1000.0);
        }
        below += n;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::median_seconds;

    #[test]
    fn the_median_is_read_within_its_bucket() {
        assert_eq!(median_seconds(&[0; 16]), None);
        // All in (25, 50] ms: the middle of the bucket.
        let mut b = [0; 16];
        b[1] = 4;
        assert!((median_seconds(&b).expect("median") - 0.0375).abs() < 1e-9);
        // 3 fast, 1 slow: the median stays with the fast ones.
        b[0] = 3;
        b[1] = 0;
        b[8] = 1;
        assert!(median_seconds(&b).expect("median") <= 0.025);
    }
}
