//! What `inspect` reports: a table per host, a summary, Nagios lines, or JSON; hosts and
//! trends.

use serde::Serialize;

use super::checks::CheckResult;
use super::{HostReport, Trend};
use crate::exit::Status;
use crate::output::{Human, Report};
use crate::state::inspect::HostRow;

/// How `inspect` shows its findings to people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum View {
    /// A table per host, with hints.
    #[default]
    Full,
    /// One row per host.
    Summary,
    /// One Nagios plugin line per host, with perfdata.
    Nagios,
}

impl View {
    /// Nagios wins over the summary, the summary over the full tables.
    pub fn of(nagios: bool, summary: bool) -> Self {
        match (nagios, summary) {
            (true, _) => Self::Nagios,
            (false, true) => Self::Summary,
            (false, false) => Self::Full,
        }
    }
}

/// The hosts checked in one run.
#[derive(Debug, Serialize)]
pub struct Inspection {
    pub hosts: Vec<HostReport>,
    #[serde(skip)]
    pub view: View,
}

impl Report for Inspection {
    fn status(&self) -> Status {
        Status::worst_of(self.hosts.iter().map(|r| r.status))
    }

    fn human(&self, out: &mut Human) {
        match self.view {
            View::Nagios => {
                for r in &self.hosts {
                    out.line(nagios_line(r));
                }
                return;
            }
            View::Summary => render_summary(&self.hosts, out),
            View::Full => {
                for r in &self.hosts {
                    render_host(r, out);
                }
            }
        }
        let count = |s: Status| self.hosts.iter().filter(|r| r.status == s).count();
        out.line(format!(
            "{} host(s): {} ok, {} warning, {} critical, {} unknown",
            self.hosts.len(),
            count(Status::Ok),
            count(Status::Warning),
            count(Status::Critical),
            count(Status::Unknown)
        ));
    }
}

fn value_text(c: &CheckResult) -> String {
    c.value.map_or_else(
        || "-".into(),
        |v| format!("{}{}", (v * 100.0).round() / 100.0, c.unit),
    )
}

fn render_host(r: &HostReport, out: &mut Human) {
    out.line(format!(
        "{} ({}): {} in {} ms",
        r.host,
        r.addr,
        r.status.text(),
        r.duration_ms
    ));
    if let Some(error) = &r.error {
        out.line(format!("  {error}"));
        out.line("");
        return;
    }
    out.table(
        ["CHECK", "ITEM", "STATUS", "VALUE", "WARN/CRIT", "DETAIL"],
        r.checks.iter().map(|c| {
            [
                c.check.to_owned(),
                c.item.clone(),
                c.status.text().to_owned(),
                value_text(c),
                match (c.warn, c.crit) {
                    (Some(w), Some(cr)) => format!("{w}/{cr}"),
                    _ => "-".into(),
                },
                c.message.clone(),
            ]
        }),
    );
    let hints: Vec<String> = r
        .checks
        .iter()
        .filter_map(|c| {
            c.hint.map(|h| {
                format!(
                    "  hint ({} {}): {}",
                    c.check,
                    c.item,
                    h.replace("NAME", &c.item).replace("PORT", &c.item)
                )
            })
        })
        .collect();
    for hint in hints {
        out.line(hint);
    }
    out.line("");
}

fn render_summary(reports: &[HostReport], out: &mut Human) {
    out.table(
        ["HOST", "ADDR", "STATUS", "PROBLEMS", "FIRST PROBLEM"],
        reports.iter().map(|r| {
            let problems: Vec<&CheckResult> =
                r.checks.iter().filter(|c| c.status != Status::Ok).collect();
            [
                r.host.clone(),
                r.addr.clone(),
                r.status.text().to_owned(),
                problems.len().to_string(),
                r.error
                    .clone()
                    .or_else(|| problems.first().map(|c| c.message.clone()))
                    .unwrap_or_default(),
            ]
        }),
    );
}

/// `BIZWINGS INSPECT CRITICAL - db-1: disk /data 93% used | 'disk_/'=23%;80;90;0;100 ...`
fn nagios_line(r: &HostReport) -> String {
    let state = r.status.nagios();
    let problems: Vec<String> = r
        .checks
        .iter()
        .filter(|c| c.status != Status::Ok)
        .map(|c| c.message.clone())
        .chain(r.error.clone())
        .collect();
    let text = if problems.is_empty() {
        "all checks ok".to_owned()
    } else {
        problems.join("; ")
    };
    let perf: Vec<String> = r
        .checks
        .iter()
        .filter_map(|c| {
            let v = c.value?;
            let label = match c.check {
                "load" => c.item.clone(),
                "memory" => "memory".into(),
                "journal" => "journal_errors".into(),
                check => format!("{check}_{}", c.item),
            }
            .replace('\'', "");
            let warn = c.warn.map_or(String::new(), |w| w.to_string());
            let crit = c.crit.map_or(String::new(), |w| w.to_string());
            let bounds = if c.unit == "%" { ";0;100" } else { "" };
            Some(format!("'{label}'={v}{};{warn};{crit}{bounds}", c.unit))
        })
        .collect();
    if perf.is_empty() {
        format!("BIZWINGS INSPECT {state} - {}: {text}", r.host)
    } else {
        format!(
            "BIZWINGS INSPECT {state} - {}: {text} | {}",
            r.host,
            perf.join(" ")
        )
    }
}

/// `inspect host add|set|show`: one host (`verb` after a change).
#[derive(Debug, Serialize)]
pub struct Host {
    #[serde(skip)]
    pub verb: Option<&'static str>,
    pub host: HostRow,
}

fn auth_text(h: &HostRow, default: &str) -> String {
    if h.password_sealed.is_some() {
        "password".into()
    } else {
        h.identity_path.clone().unwrap_or_else(|| default.into())
    }
}

impl Report for Host {
    fn human(&self, out: &mut Human) {
        let h = &self.host;
        if let Some(verb) = self.verb {
            out.line(format!(
                "{verb} host {} ({}@{}:{})",
                h.name, h.user, h.addr, h.port
            ));
            return;
        }
        let list = |v: &[String]| v.join(",");
        for line in [
            format!("name:       {}", h.name),
            format!("address:    {}:{}", h.addr, h.port),
            format!("user:       {}", h.user),
            format!("auth:       {}", auth_text(h, "agent or ~/.ssh key")),
            format!("groups:     {}", list(&h.groups)),
            format!(
                "services:   {}",
                h.services
                    .as_deref()
                    .map_or_else(|| "nginx,mysql,docker,sshd (those installed)".into(), list)
            ),
            format!("ports:      {}", ports_text(&h.ports)),
            format!(
                "thresholds: {}",
                h.thresholds
                    .iter()
                    .map(|(k, v)| format!("{k}={v}"))
                    .collect::<Vec<_>>()
                    .join(" ")
            ),
        ] {
            out.line(line);
        }
    }
}

fn ports_text(ports: &[u16]) -> String {
    ports
        .iter()
        .map(u16::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

/// `inspect host list`.
#[derive(Debug, Serialize)]
pub struct Hosts {
    pub hosts: Vec<HostRow>,
}

impl Report for Hosts {
    fn human(&self, out: &mut Human) {
        if self.hosts.is_empty() {
            out.line("no hosts yet: add one with `bizwings inspect host add`");
            return;
        }
        out.table(
            [
                "NAME", "ADDR", "USER", "AUTH", "GROUPS", "SERVICES", "PORTS",
            ],
            self.hosts.iter().map(|h| {
                [
                    h.name.clone(),
                    format!("{}:{}", h.addr, h.port),
                    h.user.clone(),
                    auth_text(h, "agent/default key"),
                    h.groups.join(","),
                    h.services
                        .as_ref()
                        .map_or_else(|| "(default)".into(), |s| s.join(",")),
                    ports_text(&h.ports),
                ]
            }),
        );
    }
}

/// One global threshold in force.
#[derive(Debug, Serialize)]
pub struct Threshold {
    pub name: String,
    pub value: serde_json::Value,
    /// `default` or `global` (set with `inspect threshold set`).
    pub source: &'static str,
}

/// `inspect threshold list`.
#[derive(Debug, Serialize)]
pub struct Thresholds {
    pub thresholds: Vec<Threshold>,
}

impl Report for Thresholds {
    fn human(&self, out: &mut Human) {
        out.table(
            ["NAME", "VALUE", "SOURCE"],
            self.thresholds
                .iter()
                .map(|t| [t.name.clone(), t.value.to_string(), t.source.to_owned()]),
        );
    }
}

/// `inspect history`.
#[derive(Debug, Serialize)]
pub struct History {
    pub checks: Vec<Trend>,
}

impl Report for History {
    fn human(&self, out: &mut Human) {
        if self.checks.is_empty() {
            out.line("no inspections in that time");
            return;
        }
        let num = |v: Option<f64>| {
            v.map_or_else(
                || "-".into(),
                |v| format!("{}", (v * 100.0).round() / 100.0),
            )
        };
        out.table(
            [
                "HOST",
                "CHECK",
                "ITEM",
                "RUNS",
                "FIRST",
                "LAST",
                "MIN",
                "MAX",
                "LAST STATUS",
            ],
            self.checks.iter().map(|t| {
                [
                    t.host.clone(),
                    t.check.clone(),
                    t.item.clone(),
                    t.runs.to_string(),
                    num(t.first),
                    num(t.last),
                    num(t.min),
                    num(t.max),
                    t.last_status.clone(),
                ]
            }),
        );
    }
}
