//! The checklist: one shell script gathers everything in a single round trip, and these
//! parsers turn its sections into results against thresholds. Parsing happens here, in Rust,
//! so it is tested on captured real output (`tests/fixtures/inspect/`).

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use crate::exit::Status;

/// Filesystem types that are not real disks.
const PSEUDO_FS: &[&str] = &[
    "tmpfs",
    "devtmpfs",
    "overlay",
    "squashfs",
    "proc",
    "sysfs",
    "cgroup",
    "cgroup2",
    "devpts",
    "mqueue",
    "nsfs",
    "ramfs",
    "autofs",
    "efivarfs",
    "fuse.lxcfs",
    "tracefs",
    "debugfs",
    "securityfs",
    "pstore",
    "bpf",
    "configfs",
    "fusectl",
    "hugetlbfs",
    "binfmt_misc",
    "rpc_pipefs",
];

/// Services checked when a host lists none: those of them that are installed.
pub const DEFAULT_SERVICES: &[&str] = &["nginx", "mysql", "docker", "sshd"];

/// Every check, by the name results carry (and `skip` takes).
pub const CHECKS: &[&str] = &[
    "disk",
    "inode",
    "load",
    "memory",
    "services",
    "docker",
    "ports",
    "journal",
    "ssh",
    "firewall",
    "exposed-ports",
    "updates",
    "audit",
    "logs",
    "nginx",
    "network",
];

/// Settings given as text, not numbers.
const TEXT_SETTINGS: &[&str] = &["skip", "ports_allowed", "logs", "log_keywords", "nginx_log"];

/// Thresholds; each value may be set globally (`system_config` key `inspect.NAME`) and per host.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Thresholds {
    pub disk_warn: f64,
    pub disk_crit: f64,
    pub inode_warn: f64,
    pub inode_crit: f64,
    pub load_warn: f64,
    pub load_crit: f64,
    /// Divide the load by the number of CPUs before comparing.
    pub load_per_cpu: bool,
    pub mem_warn: f64,
    pub mem_crit: f64,
    /// Journal `-p err` entries in the last 10 minutes: warn above, crit above.
    pub journal_warn: f64,
    pub journal_crit: f64,
    /// Checks left out, comma-separated: a check (`firewall`) or one item of it
    /// (`ssh:password-auth`).
    pub skip: String,
    /// Ports that may listen beyond loopback besides the SSH port and the required ports,
    /// comma-separated; `*`: any.
    pub ports_allowed: String,
    /// Pending security updates: warn above, crit above.
    pub updates_warn: f64,
    pub updates_crit: f64,
    /// Application logs watched for `log_keywords`, comma-separated absolute paths.
    pub logs: String,
    pub log_keywords: String,
    /// Lines with a keyword since the last run: warn above, crit above.
    pub log_warn: f64,
    pub log_crit: f64,
    /// The nginx access log (combined format); empty: not checked.
    pub nginx_log: String,
    /// Its 5xx share (%) over the last `nginx_window_min` minutes: warn above, crit above.
    pub nginx_5xx_warn: f64,
    pub nginx_5xx_crit: f64,
    pub nginx_window_min: f64,
    /// Errors and drops per interface since the last run, % of its packets.
    pub net_warn: f64,
    pub net_crit: f64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Self {
            disk_warn: 80.0,
            disk_crit: 90.0,
            inode_warn: 80.0,
            inode_crit: 90.0,
            load_warn: 4.0,
            load_crit: 8.0,
            load_per_cpu: false,
            mem_warn: 85.0,
            mem_crit: 95.0,
            journal_warn: 0.0,
            journal_crit: 100.0,
            skip: String::new(),
            ports_allowed: String::new(),
            updates_warn: 0.0,
            updates_crit: 50.0,
            logs: String::new(),
            log_keywords: "error,exception,failed,timeout".into(),
            log_warn: 0.0,
            log_crit: 100.0,
            nginx_log: super::logs::DEFAULT_NGINX_LOG.into(),
            nginx_5xx_warn: 1.0,
            nginx_5xx_crit: 5.0,
            nginx_window_min: 10.0,
            net_warn: 1.0,
            net_crit: 5.0,
        }
    }
}

impl Thresholds {
    /// Applies `KEY=VALUE` overrides (from the DB or a host) on top of `self`.
    pub fn with(mut self, overrides: &BTreeMap<String, String>) -> Result<Self, String> {
        let mut json = serde_json::to_value(self).map_err(|e| e.to_string())?;
        for (key, value) in overrides {
            let parsed: serde_json::Value = if TEXT_SETTINGS.contains(&key.as_str()) {
                serde_json::Value::String(value.trim().to_owned())
            } else if key == "load_per_cpu" {
                serde_json::Value::Bool(
                    value
                        .parse()
                        .map_err(|_| format!("{key} must be true or false"))?,
                )
            } else {
                serde_json::json!(
                    value
                        .parse::<f64>()
                        .map_err(|_| format!("{key} must be a number, got {value:?}"))?
                )
            };
            json[key] = parsed;
        }
        self = serde_json::from_value(json).map_err(|e| format!("unknown threshold: {e}"))?;
        self.validate()?;
        Ok(self)
    }

    /// Each warning level is at most its critical level, none is negative, and percentages
    /// stay within 100.
    fn validate(&self) -> Result<(), String> {
        let pairs = [
            ("disk", self.disk_warn, self.disk_crit, Some(100.0)),
            ("inode", self.inode_warn, self.inode_crit, Some(100.0)),
            ("load", self.load_warn, self.load_crit, None),
            ("mem", self.mem_warn, self.mem_crit, Some(100.0)),
            ("journal", self.journal_warn, self.journal_crit, None),
            ("updates", self.updates_warn, self.updates_crit, None),
            ("log", self.log_warn, self.log_crit, None),
            (
                "nginx_5xx",
                self.nginx_5xx_warn,
                self.nginx_5xx_crit,
                Some(100.0),
            ),
            ("net", self.net_warn, self.net_crit, Some(100.0)),
        ];
        for (name, warn, crit, max) in pairs {
            if !(warn >= 0.0 && crit >= 0.0) {
                return Err(format!("{name}_warn and {name}_crit must not be negative"));
            }
            if let Some(max) = max
                && crit > max
            {
                return Err(format!(
                    "{name}_crit is a percentage: {crit} is above {max}"
                ));
            }
            if warn > crit {
                return Err(format!(
                    "{name}_warn ({warn}) must not be above {name}_crit ({crit}); lower the warning or raise the critical level first"
                ));
            }
        }
        if !(self.nginx_window_min > 0.0 && self.nginx_window_min <= 1440.0) {
            return Err("nginx_window_min must be between 1 and 1440 minutes".into());
        }
        self.validate_text()
    }

    fn validate_text(&self) -> Result<(), String> {
        for entry in self
            .skip
            .split(',')
            .map(str::trim)
            .filter(|e| !e.is_empty())
        {
            let check = entry.split_once(':').map_or(entry, |(c, _)| c);
            if !CHECKS.contains(&check) {
                return Err(format!(
                    "skip: unknown check {check:?}; checks: {}",
                    CHECKS.join(", ")
                ));
            }
        }
        let allowed = self.ports_allowed.trim();
        if allowed != "*"
            && let Some(bad) = allowed
                .split(',')
                .map(str::trim)
                .find(|p| !p.is_empty() && p.parse::<u16>().is_err())
        {
            return Err(format!(
                "ports_allowed: {bad:?} is not a port (a list like 22,80,443, or *)"
            ));
        }
        let paths = super::logs::log_paths(self);
        if paths.len() > 20 {
            return Err("logs: at most 20 files".into());
        }
        let nginx = self.nginx_log.trim();
        for path in paths
            .iter()
            .copied()
            .chain((!nginx.is_empty()).then_some(nginx))
        {
            if !path.starts_with('/') || path.len() > 1024 || path.chars().any(char::is_control) {
                return Err(format!(
                    "{path:?}: a log is an absolute path without control characters"
                ));
            }
        }
        let keywords: Vec<&str> = self.log_keywords.split(',').map(str::trim).collect();
        if keywords.iter().any(|k| {
            k.is_empty()
                || k.len() > 64
                || !k
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, ' ' | '_' | '.' | '-' | ':'))
        }) {
            return Err(
                "log_keywords: comma-separated words of letters, digits, space, _ . - :".into(),
            );
        }
        Ok(())
    }

    /// Whether `check` (or `check:item`) is left out.
    pub fn skips(&self, check: &str, item: Option<&str>) -> bool {
        self.skip
            .split(',')
            .map(str::trim)
            .any(|e| e == check || item.is_some_and(|i| e.split_once(':') == Some((check, i))))
    }
}

/// The remote script. `SERVICES` and `PORTS` are replaced by validated words.
pub const SCRIPT: &str = r#"export LC_ALL=C
echo '### df'; df -P -k -T 2>/dev/null
echo '### inodes'; df -P -i -T 2>/dev/null
echo '### loadavg'; cat /proc/loadavg
echo '### nproc'; nproc 2>/dev/null || getconf _NPROCESSORS_ONLN
echo '### meminfo'; cat /proc/meminfo
echo '### services'
if [ -d /run/systemd/system ]; then
  for s in SERVICES; do
    if [ -n "$(systemctl list-unit-files --no-legend "$s.service" 2>/dev/null)" ]; then
      echo "$s $(systemctl is-active "$s" 2>/dev/null)"
    else
      echo "$s not-installed"
    fi
  done
else
  echo 'NO-SYSTEMD'
fi
echo '### docker'
if command -v docker >/dev/null 2>&1 && [ -S /var/run/docker.sock ]; then
  docker ps -a --format '{{.Names}}|{{.Status}}' 2>&1 || echo 'DOCKER-ERROR'
else
  echo 'NO-DOCKER'
fi
echo '### ports'; (ss -H -tln 2>/dev/null || netstat -tln 2>/dev/null | tail -n +3)
echo '### journal'
if command -v journalctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
  journalctl -p err --since '-10min' -q --no-pager 2>/dev/null | wc -l
else
  echo 'NO-JOURNAL'
fi
"#;

/// The script for these services (names already validated), with the baseline and log
/// sections that are not skipped, the logs read from their `marks`.
pub fn script(services: &[String], t: &Thresholds, marks: &HashMap<String, String>) -> String {
    use super::baseline;
    let mut script = SCRIPT.replace("SERVICES", &services.join(" "));
    for (check, section) in [
        ("ssh", baseline::SSH),
        ("firewall", baseline::FIREWALL),
        ("updates", baseline::UPDATES),
        ("audit", baseline::AUDIT),
    ] {
        if !t.skips(check, None) {
            script.push_str(section);
        }
    }
    script.push_str(&super::logs::script(t, marks, &|check| {
        t.skips(check, None)
    }));
    script.push_str("echo '### end'\n");
    script
}

/// A service name safe to put in the script.
pub fn valid_service(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 128
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '@' | '.' | '_' | '-'))
}

/// One check result.
#[derive(Debug, Clone, Serialize)]
pub struct CheckResult {
    pub check: &'static str,
    pub item: String,
    pub status: Status,
    pub value: Option<f64>,
    pub unit: &'static str,
    pub warn: Option<f64>,
    pub crit: Option<f64>,
    pub message: String,
    /// What to try next, from the troubleshooting manual (only when not OK).
    pub hint: Option<&'static str>,
}

/// Splits the script output into its `### name` sections.
pub fn sections(output: &str) -> BTreeMap<&str, Vec<&str>> {
    let mut map: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    let mut current = None;
    for line in output.lines() {
        if let Some(name) = line.strip_prefix("### ") {
            current = Some(name.trim());
            map.entry(name.trim()).or_default();
        } else if let Some(name) = current {
            map.entry(name).or_default().push(line);
        }
    }
    map
}

/// A finding without a value; the hint only when it is not OK.
pub(super) fn finding(
    check: &'static str,
    item: &str,
    status: Status,
    message: String,
    hint: &'static str,
) -> CheckResult {
    CheckResult {
        check,
        item: item.to_owned(),
        status,
        value: None,
        unit: "",
        warn: None,
        crit: None,
        message,
        hint: (status != Status::Ok && !hint.is_empty()).then_some(hint),
    }
}

pub(super) fn level(value: f64, warn: f64, crit: f64) -> Status {
    if value > crit {
        Status::Critical
    } else if value > warn {
        Status::Warning
    } else {
        Status::Ok
    }
}

fn hint_if(status: Status, hint: &'static str) -> Option<&'static str> {
    (status != Status::Ok).then_some(hint)
}

const DISK_HINT: &str = "largest dirs: du -xh / --max-depth=2 | sort -rh | head; then journalctl --vacuum-time=7d, docker system prune -f, rotate or archive app logs";
const INODE_HINT: &str = "many small files: find / -xdev -type f | cut -d/ -f2,3 | sort | uniq -c | sort -rn | head (mail queues, caches, session dirs)";
const LOAD_HINT: &str =
    "top -o %CPU; ps aux --sort=-%cpu | head; check for stuck I/O with vmstat 1 5";
const MEM_HINT: &str = "ps aux --sort=-%mem | head; free -h; look for leaks or raise limits before the OOM killer acts";

/// Disk or inode use per real filesystem, from `df -P -k -T` or `df -P -i -T`, computed like
/// df: used / (used + available), rounded up.
pub fn usage(lines: &[&str], inodes: bool, t: &Thresholds) -> Vec<CheckResult> {
    let (check, warn, crit, hint) = if inodes {
        ("inode", t.inode_warn, t.inode_crit, INODE_HINT)
    } else {
        ("disk", t.disk_warn, t.disk_crit, DISK_HINT)
    };
    let mut seen = Vec::new();
    let mut out = Vec::new();
    for line in lines.iter().skip(1) {
        let cols: Vec<&str> = line.split_whitespace().collect();
        if cols.len() < 7 || PSEUDO_FS.contains(&cols[1]) {
            continue;
        }
        let (Ok(total), Ok(used), Ok(avail)) = (
            cols[2].parse::<u64>(),
            cols[3].parse::<u64>(),
            cols[4].parse::<u64>(),
        ) else {
            continue;
        };
        let mount = cols[6..].join(" ");
        // The same device mounted twice (bind mounts) is one filesystem.
        if total == 0 || seen.contains(&cols[0]) {
            continue;
        }
        seen.push(cols[0]);
        #[expect(clippy::cast_precision_loss, reason = "percentages")]
        let pct = ((used as f64) * 100.0 / ((used + avail).max(1) as f64)).ceil();
        let status = level(pct, warn, crit);
        out.push(CheckResult {
            check,
            item: mount.clone(),
            status,
            value: Some(pct),
            unit: "%",
            warn: Some(warn),
            crit: Some(crit),
            message: format!("{check} {mount} {pct}% used"),
            hint: hint_if(status, hint),
        });
    }
    out
}

/// 1-minute load, optionally per CPU.
pub fn load(loadavg: &[&str], nproc: &[&str], t: &Thresholds) -> Option<CheckResult> {
    let load1: f64 = loadavg.first()?.split_whitespace().next()?.parse().ok()?;
    let cpus: f64 = nproc
        .first()
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(1.0);
    let value = if t.load_per_cpu {
        load1 / cpus.max(1.0)
    } else {
        load1
    };
    let status = level(value, t.load_warn, t.load_crit);
    Some(CheckResult {
        check: "load",
        item: if t.load_per_cpu {
            "load1/cpu".into()
        } else {
            "load1".into()
        },
        status,
        value: Some(value),
        unit: "",
        warn: Some(t.load_warn),
        crit: Some(t.load_crit),
        message: format!("load {load1:.2} on {cpus} CPUs"),
        hint: hint_if(status, LOAD_HINT),
    })
}

/// Memory used, from MemTotal and MemAvailable.
pub fn memory(meminfo: &[&str], t: &Thresholds) -> Option<CheckResult> {
    let field = |name: &str| -> Option<f64> {
        meminfo
            .iter()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse().ok())
    };
    let total = field("MemTotal:")?;
    let available = field("MemAvailable:")?;
    let pct = ((total - available) * 100.0 / total.max(1.0) * 10.0).round() / 10.0;
    let status = level(pct, t.mem_warn, t.mem_crit);
    Some(CheckResult {
        check: "memory",
        item: "ram".into(),
        status,
        value: Some(pct),
        unit: "%",
        warn: Some(t.mem_warn),
        crit: Some(t.mem_crit),
        message: format!(
            "memory {pct}% used ({:.1} GiB available)",
            available / 1024.0 / 1024.0
        ),
        hint: hint_if(status, MEM_HINT),
    })
}

/// Configured services: active is OK, installed but not active is critical, not installed is
/// reported as such (OK for the default list, warning for a service the host lists).
pub fn services(lines: &[&str], explicit: bool) -> Vec<CheckResult> {
    if lines.first() == Some(&"NO-SYSTEMD") {
        return vec![CheckResult {
            check: "services",
            item: "systemd".into(),
            status: Status::Ok,
            value: None,
            unit: "",
            warn: None,
            crit: None,
            message: "systemd is not running here; services skipped".into(),
            hint: None,
        }];
    }
    lines
        .iter()
        .filter_map(|l| l.split_once(' '))
        .map(|(name, state)| {
            let (status, message, hint) = match state.trim() {
                "active" => (Status::Ok, format!("{name} is active"), None),
                "not-installed" => (
                    if explicit { Status::Warning } else { Status::Ok },
                    format!("{name} is not installed"),
                    explicit.then_some("the host lists a service that has no unit: check the name or remove it with `inspect host set`"),
                ),
                other => (
                    Status::Critical,
                    format!("{name} is {other}"),
                    Some("systemctl status NAME; journalctl -u NAME -n 50 --no-pager; then systemctl restart NAME"),
                ),
            };
            CheckResult {
                check: "services",
                item: name.to_owned(),
                status,
                value: None,
                unit: "",
                warn: None,
                crit: None,
                message,
                hint,
            }
        })
        .collect()
}

/// Docker containers not Up (docker absent: skipped).
pub fn docker(lines: &[&str]) -> Vec<CheckResult> {
    let result = |item: String, status, message| CheckResult {
        check: "docker",
        item,
        status,
        value: None,
        unit: "",
        warn: None,
        crit: None,
        message,
        hint: hint_if(
            status,
            "docker logs --tail 50 NAME; docker inspect NAME --format '{{.State}}'; docker start NAME",
        ),
    };
    match lines.first() {
        Some(&"NO-DOCKER") | None => vec![],
        Some(l) if lines.contains(&"DOCKER-ERROR") || l.starts_with("Cannot connect") => {
            vec![result(
                "daemon".into(),
                Status::Unknown,
                format!("docker is not answering: {l}"),
            )]
        }
        Some(_) => lines
            .iter()
            .filter_map(|l| l.split_once('|'))
            .map(|(name, state)| {
                let up = state.starts_with("Up");
                let status = if up { Status::Ok } else { Status::Critical };
                result(
                    name.to_owned(),
                    status,
                    format!("container {name}: {state}"),
                )
            })
            .collect(),
    }
}

/// The ports listening, from `ss -H -tln` (or netstat).
pub fn listening(lines: &[&str]) -> Vec<u16> {
    lines
        .iter()
        .filter_map(|l| {
            let cols: Vec<&str> = l.split_whitespace().collect();
            // The local address is the 4th column in both `ss -H -tln` (State Recv-Q Send-Q
            // Local Peer) and `netstat -tln` (Proto Recv-Q Send-Q Local Foreign State).
            let local = cols.get(3)?;
            local.rsplit(':').next()?.parse().ok()
        })
        .collect()
}

/// Required ports listening, from `ss -H -tln` (or netstat).
pub fn ports(lines: &[&str], required: &[u16]) -> Vec<CheckResult> {
    let listening = listening(lines);
    required
        .iter()
        .map(|port| {
            let up = listening.contains(port);
            let status = if up { Status::Ok } else { Status::Critical };
            CheckResult {
                check: "ports",
                item: port.to_string(),
                status,
                value: None,
                unit: "",
                warn: None,
                crit: None,
                message: if up {
                    format!("port {port} is listening")
                } else {
                    format!("nothing listens on port {port}")
                },
                hint: hint_if(
                    status,
                    "ss -tlnp | grep PORT; systemctl status of the service that owns it",
                ),
            }
        })
        .collect()
}

/// Journal error entries in the last 10 minutes.
pub fn journal(lines: &[&str], t: &Thresholds) -> Option<CheckResult> {
    let first = lines.first()?.trim();
    if first == "NO-JOURNAL" {
        return None;
    }
    let count: f64 = first.parse().ok()?;
    let status = level(count, t.journal_warn, t.journal_crit);
    Some(CheckResult {
        check: "journal",
        item: "errors/10min".into(),
        status,
        value: Some(count),
        unit: "",
        warn: Some(t.journal_warn),
        crit: Some(t.journal_crit),
        message: format!("{count} journal errors in the last 10 minutes"),
        hint: hint_if(status, "journalctl -p err --since -10min --no-pager"),
    })
}

/// What a host's results are judged against.
#[derive(Debug, Clone, Copy)]
pub struct Judge<'a> {
    pub thresholds: &'a Thresholds,
    pub required_ports: &'a [u16],
    pub explicit_services: bool,
    /// The port SSH reached the host on (allowed beyond loopback).
    pub ssh_port: u16,
    /// Where the last run stopped reading (logs, interfaces).
    pub marks: &'a HashMap<String, String>,
}

/// Every check from one script output, and the new marks.
pub fn evaluate(
    output: &str,
    judge: &Judge<'_>,
) -> Result<(Vec<CheckResult>, BTreeMap<String, String>), String> {
    use super::{baseline, logs};
    let t = judge.thresholds;
    let s = sections(output);
    if !s.contains_key("end") {
        return Err("the check script did not finish (output cut short)".into());
    }
    let get = |name: &str| s.get(name).map_or(&[][..], Vec::as_slice);
    let mut marks = BTreeMap::new();
    let mut out = usage(get("df"), false, t);
    out.extend(usage(get("inodes"), true, t));
    out.extend(load(get("loadavg"), get("nproc"), t));
    out.extend(memory(get("meminfo"), t));
    out.extend(services(get("services"), judge.explicit_services));
    out.extend(docker(get("docker")));
    out.extend(ports(get("ports"), judge.required_ports));
    out.extend(journal(get("journal"), t));
    out.extend(baseline::ssh(get("ssh")));
    out.extend(baseline::firewall(get("firewall")));
    if s.contains_key("ports") && !t.skips("exposed-ports", None) {
        out.extend(baseline::exposed_ports(
            get("ports"),
            t,
            judge.required_ports,
            judge.ssh_port,
        ));
    }
    out.extend(baseline::updates(get("updates"), t));
    out.extend(baseline::audit(get("audit")));
    for (i, path) in logs::log_paths(t).iter().enumerate() {
        if let Some(lines) = s.get(format!("log:{i}").as_str()) {
            out.push(logs::app_log(path, lines, t, &mut marks));
        }
    }
    out.extend(logs::nginx(get("nginx"), t));
    out.extend(logs::network(get("net"), t, judge.marks, &mut marks));
    out.retain(|r| !t.skips(r.check, Some(&r.item)));
    Ok((out, marks))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> String {
        std::fs::read_to_string(format!(
            "{}/tests/fixtures/inspect/{name}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .expect("fixture")
    }

    #[test]
    fn df_like_df_on_real_output() {
        let out = fixture("debian12-web.txt");
        let s = sections(&out);
        let disks = usage(&s["df"], false, &Thresholds::default());
        let items: Vec<&str> = disks.iter().map(|d| d.item.as_str()).collect();
        assert_eq!(
            items,
            ["/", "/boot", "/var/lib/mysql data"],
            "pseudo filesystems skipped, spaces kept"
        );
        assert_eq!(disks[0].value, Some(23.0));
        assert_eq!(disks[2].value, Some(93.0));
        assert_eq!(disks[2].status, Status::Critical);
        assert!(disks[2].hint.is_some_and(|h| h.contains("du -xh")));
        let inodes = usage(&s["inodes"], true, &Thresholds::default());
        assert_eq!(inodes[0].value, Some(3.0));
    }

    #[test]
    fn the_whole_checklist_on_real_output() {
        let t = Thresholds::default();
        let marks = HashMap::new();
        let judge = Judge {
            thresholds: &t,
            required_ports: &[22, 80, 443],
            explicit_services: false,
            ssh_port: 22,
            marks: &marks,
        };
        let (results, _) = evaluate(&fixture("debian12-web.txt"), &judge).expect("complete");
        let find = |check: &str, item: &str| {
            results
                .iter()
                .find(|r| r.check == check && r.item == item)
                .expect(item)
                .clone()
        };
        assert_eq!(find("load", "load1").value, Some(0.8));
        assert_eq!(find("memory", "ram").value, Some(40.0));
        assert_eq!(find("services", "nginx").status, Status::Ok);
        assert_eq!(
            find("services", "mysql").status,
            Status::Critical,
            "installed but failed"
        );
        assert_eq!(
            find("services", "docker").message,
            "docker is not installed"
        );
        assert_eq!(find("services", "docker").status, Status::Ok);
        assert_eq!(find("docker", "worker").status, Status::Critical);
        assert_eq!(find("docker", "web").status, Status::Ok);
        assert_eq!(find("ports", "443").status, Status::Critical);
        assert_eq!(find("ports", "22").status, Status::Ok);
        assert_eq!(find("journal", "errors/10min").status, Status::Warning);
    }

    #[test]
    fn per_cpu_load_and_overrides() {
        let t = Thresholds::default()
            .with(
                &[
                    ("load_per_cpu".to_owned(), "true".to_owned()),
                    ("load_warn".to_owned(), "0.5".to_owned()),
                ]
                .into(),
            )
            .expect("valid");
        let r = load(&["3.20 1.0 0.5 1/100 1"], &["4"], &t).expect("load");
        assert_eq!(r.value, Some(0.8));
        assert_eq!(r.status, Status::Warning);
        assert!(
            Thresholds::default()
                .with(&[("disk_wran".to_owned(), "1".to_owned())].into())
                .is_err()
        );
        assert!(
            Thresholds::default()
                .with(&[("disk_warn".to_owned(), "x".to_owned())].into())
                .is_err()
        );
    }

    #[test]
    fn cut_output_is_an_error_not_a_pass() {
        let marks = HashMap::new();
        let judge = Judge {
            thresholds: &Thresholds::default(),
            required_ports: &[],
            explicit_services: false,
            ssh_port: 22,
            marks: &marks,
        };
        assert!(evaluate("### df\nFilesystem\n", &judge).is_err());
    }

    #[test]
    fn service_names_are_validated() {
        assert!(valid_service("nginx") && valid_service("getty@tty1"));
        assert!(!valid_service("x; rm -rf /") && !valid_service(""));
    }
}
