//! The deployment SOP's pre-checks for one service: the target disk has room, CPU and memory
//! have headroom, the service's port is free (or held by the service itself, for a redeploy),
//! and what it depends on is up. One script, one round trip, like the checklist.

use std::fmt::Write as _;

use super::HostReport;
use super::checks::{self, CheckResult, finding};
use super::logs::quote;
use crate::exit::Status;

/// What a deployment needs of its host.
#[derive(Debug, Clone)]
pub struct Predeploy {
    /// The service being deployed (its systemd unit may already hold the port).
    pub service: Option<String>,
    pub port: Option<u16>,
    /// Where it is deployed: the filesystem that must have room.
    pub path: String,
    /// Services that must be active, or `:PORT`s something must listen on.
    pub needs: Vec<String>,
    pub min_free_pct: f64,
    pub max_cpu_pct: f64,
    pub max_mem_pct: f64,
}

/// A dependency: a systemd service or a local port.
fn needed_port(need: &str) -> Option<u16> {
    need.strip_prefix(':')?.parse().ok()
}

impl Predeploy {
    /// Checks what goes into the script: names and the path.
    pub fn validate(&self) -> Result<(), String> {
        let services = self
            .service
            .iter()
            .chain(self.needs.iter().filter(|n| !n.starts_with(':')));
        if let Some(bad) = services.clone().find(|s| !checks::valid_service(s)) {
            return Err(format!("invalid service name {bad:?}"));
        }
        if let Some(bad) = self
            .needs
            .iter()
            .find(|n| n.starts_with(':') && needed_port(n).is_none())
        {
            return Err(format!(
                "invalid dependency {bad:?}: a service name or :PORT"
            ));
        }
        if !self.path.starts_with('/') || self.path.chars().any(char::is_control) {
            return Err(format!("--path {:?}: an absolute path", self.path));
        }
        for (name, v) in [
            ("--min-free", self.min_free_pct),
            ("--max-cpu", self.max_cpu_pct),
            ("--max-mem", self.max_mem_pct),
        ] {
            if !(0.0..=100.0).contains(&v) {
                return Err(format!("{name} is a percentage: {v}"));
            }
        }
        Ok(())
    }

    /// The remote script.
    pub fn script(&self) -> String {
        let mut s = String::from("export LC_ALL=C\n");
        let _ = writeln!(
            s,
            "echo '### path'; p={}; if [ -e \"$p\" ]; then df -P -k \"$p\" 2>&1 | tail -n +2; else echo 'does not exist'; fi",
            quote(&self.path)
        );
        s.push_str("echo '### cpu'; head -n 1 /proc/stat; sleep 1; head -n 1 /proc/stat\n");
        s.push_str("echo '### meminfo'; cat /proc/meminfo\n");
        s.push_str(
            "echo '### ports'; (ss -H -tln 2>/dev/null || netstat -tln 2>/dev/null | tail -n +3)\n",
        );
        if let Some(port) = self.port {
            let _ = writeln!(
                s,
                r#"echo '### port'
ss -H -tlnp "sport = :{port}" 2>/dev/null | while read -r l; do
  echo "listen $l"
  for p in $(printf '%s\n' "$l" | grep -o 'pid=[0-9]*' | cut -d= -f2 | sort -u); do
    echo "pid $p $(cat /proc/$p/comm 2>/dev/null) $(grep -o '[^/]*\.service' /proc/$p/cgroup 2>/dev/null | head -n 1)"
  done
done"#
            );
        }
        let services: Vec<&str> = self
            .needs
            .iter()
            .filter(|n| !n.starts_with(':'))
            .map(String::as_str)
            .collect();
        if !services.is_empty() {
            let _ = writeln!(
                s,
                "echo '### needs'\nif [ -d /run/systemd/system ]; then for u in {}; do echo \"$u $(systemctl is-active \"$u\" 2>/dev/null)\"; done; else echo 'NO-SYSTEMD'; fi",
                services.join(" ")
            );
        }
        s.push_str("echo '### end'\n");
        s
    }

    /// The pre-checks from the script's output.
    pub fn evaluate(&self, output: &str) -> Result<Vec<CheckResult>, String> {
        let s = checks::sections(output);
        if !s.contains_key("end") {
            return Err("the check script did not finish (output cut short)".into());
        }
        let get = |name: &str| s.get(name).map_or(&[][..], Vec::as_slice);
        let mut out = Vec::new();
        out.push(self.disk(get("path")));
        out.extend(self.cpu(get("cpu")));
        out.extend(self.memory(get("meminfo")));
        if let Some(port) = self.port {
            out.push(self.port(port, get("port")));
        }
        out.extend(self.needs(get("needs"), get("ports")));
        Ok(out)
    }

    fn disk(&self, lines: &[&str]) -> CheckResult {
        let cols: Vec<&str> = lines
            .first()
            .map(|l| l.split_whitespace().collect())
            .unwrap_or_default();
        let (Some(Ok(used)), Some(Ok(avail))) = (
            cols.get(2).map(|v| v.parse::<u64>()),
            cols.get(3).map(|v| v.parse::<u64>()),
        ) else {
            let why = lines.first().copied().unwrap_or("no answer from df");
            return finding(
                "disk",
                &self.path,
                Status::Critical,
                format!("{}: {why}", self.path),
                "create the deployment path first, or give the right --path",
            );
        };
        #[expect(clippy::cast_precision_loss, reason = "percentages")]
        let free = ((avail as f64) * 100.0 / ((used + avail).max(1) as f64)).floor();
        let status = if free < self.min_free_pct {
            Status::Critical
        } else {
            Status::Ok
        };
        CheckResult {
            value: Some(free),
            unit: "% free",
            crit: Some(self.min_free_pct),
            ..finding(
                "disk",
                &self.path,
                status,
                format!(
                    "{free}% free on the filesystem of {} (at least {}% wanted)",
                    self.path, self.min_free_pct
                ),
                "free space first: du -xh PATH --max-depth=2 | sort -rh | head; old releases, logs, docker images",
            )
        }
    }

    fn cpu(&self, lines: &[&str]) -> Option<CheckResult> {
        let sample = |l: &str| -> Option<(u64, u64)> {
            let n: Vec<u64> = l
                .split_whitespace()
                .skip(1)
                .filter_map(|v| v.parse().ok())
                .collect();
            let idle = n.get(3)? + n.get(4).unwrap_or(&0);
            Some((n.iter().sum(), idle))
        };
        let (t0, i0) = sample(lines.first()?)?;
        let (t1, i1) = sample(lines.get(1)?)?;
        let total = t1.saturating_sub(t0).max(1);
        #[expect(clippy::cast_precision_loss, reason = "percentages")]
        let busy = ((total - i1.saturating_sub(i0).min(total)) as f64 * 1000.0 / total as f64)
            .round()
            / 10.0;
        let status = if busy > self.max_cpu_pct {
            Status::Critical
        } else {
            Status::Ok
        };
        Some(CheckResult {
            value: Some(busy),
            unit: "%",
            crit: Some(self.max_cpu_pct),
            ..finding(
                "cpu",
                "busy",
                status,
                format!("CPU {busy}% busy over one second"),
                "wait for a quieter moment, or find the load: top -o %CPU",
            )
        })
    }

    fn memory(&self, lines: &[&str]) -> Option<CheckResult> {
        let limits = checks::Thresholds {
            mem_warn: self.max_mem_pct,
            mem_crit: self.max_mem_pct,
            ..checks::Thresholds::default()
        };
        let mut r = checks::memory(lines, &limits)?;
        r.warn = None;
        Some(r)
    }

    fn port(&self, port: u16, lines: &[&str]) -> CheckResult {
        let item = port.to_string();
        if !lines.iter().any(|l| l.starts_with("listen ")) {
            return finding(
                "port",
                &item,
                Status::Ok,
                format!("port {port} is free"),
                "",
            );
        }
        let holders: Vec<(&str, &str, Option<&str>)> = lines
            .iter()
            .filter_map(|l| l.strip_prefix("pid "))
            .filter_map(|l| {
                let mut w = l.split_whitespace();
                Some((w.next()?, w.next().unwrap_or("?"), w.next()))
            })
            .collect();
        let ours = |unit: Option<&str>| {
            self.service
                .as_deref()
                .is_some_and(|s| unit == Some(&format!("{s}.service")))
        };
        let hint = "see who holds it: ss -tlnp 'sport = :PORT'; stop it, or deploy on another port";
        match holders.as_slice() {
            [] => finding(
                "port",
                &item,
                Status::Unknown,
                format!("port {port} is in use; this user cannot see by whom"),
                "run the pre-checks as root to see the process holding the port",
            ),
            h if h.iter().all(|(_, _, unit)| ours(*unit)) => finding(
                "port",
                &item,
                Status::Ok,
                format!(
                    "port {port} is held by {} itself (a redeploy)",
                    self.service.as_deref().unwrap_or("?")
                ),
                hint,
            ),
            h => {
                let who: Vec<String> = h
                    .iter()
                    .filter(|(_, _, u)| !ours(*u))
                    .map(|(pid, comm, _)| format!("{comm} (pid {pid})"))
                    .collect();
                finding(
                    "port",
                    &item,
                    Status::Critical,
                    format!("port {port} is taken by {}", who.join(", ")),
                    hint,
                )
            }
        }
    }

    fn needs(&self, units: &[&str], ports: &[&str]) -> Vec<CheckResult> {
        let listening = checks::listening(ports);
        self.needs
            .iter()
            .map(|need| {
                if let Some(port) = needed_port(need) {
                    let up = listening.contains(&port);
                    return finding(
                        "needs",
                        need,
                        if up { Status::Ok } else { Status::Critical },
                        if up {
                            format!("something listens on port {port}")
                        } else {
                            format!("nothing listens on port {port}")
                        },
                        "start the dependency first; ss -tln",
                    );
                }
                if units.first() == Some(&"NO-SYSTEMD") {
                    return finding(
                        "needs",
                        need,
                        Status::Unknown,
                        format!("systemd is not running: cannot tell whether {need} is up"),
                        "give the dependency as a port (like :3306) instead",
                    );
                }
                let state = units
                    .iter()
                    .find_map(|l| l.strip_prefix(need.as_str())?.strip_prefix(' '))
                    .unwrap_or("")
                    .trim();
                let up = state == "active";
                finding(
                    "needs",
                    need,
                    if up { Status::Ok } else { Status::Critical },
                    format!(
                        "{need} is {}",
                        if state.is_empty() { "unknown" } else { state }
                    ),
                    "systemctl status NAME; systemctl start NAME",
                )
            })
            .collect()
    }
}

/// One backup job's outcome, as the report shows it.
#[derive(Debug, Clone)]
pub struct BackupOutcome {
    pub job: String,
    pub status: Status,
    pub message: String,
}

/// The backups asked for before a deployment, as one more "host" of the report: what each
/// job did, or that it did not run (`ran` is `None` when a pre-check did not pass).
pub fn backups_before_deploy(jobs: &[String], ran: Option<Vec<BackupOutcome>>) -> HostReport {
    let checks: Vec<CheckResult> = match ran {
        None => jobs
            .iter()
            .map(|job| {
                finding(
                    "backup",
                    job,
                    Status::Warning,
                    "not run: the pre-checks did not pass".into(),
                    "fix what the pre-checks found, then run again",
                )
            })
            .collect(),
        Some(ran) => ran
            .into_iter()
            .map(|r| {
                finding(
                    "backup",
                    &r.job,
                    r.status,
                    r.message,
                    "bizwings backup list NAME; fix the job, then run the pre-checks again",
                )
            })
            .collect(),
    };
    HostReport {
        host: "backup".into(),
        addr: "local".into(),
        status: Status::worst_of(checks.iter().map(|c| c.status)),
        duration_ms: 0,
        checks,
        error: None,
        marks: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile() -> Predeploy {
        Predeploy {
            service: Some("app".into()),
            port: Some(8080),
            path: "/srv".into(),
            needs: vec!["mysql".into(), ":6379".into()],
            min_free_pct: 20.0,
            max_cpu_pct: 80.0,
            max_mem_pct: 80.0,
        }
    }

    #[test]
    fn the_sops_prechecks_on_captured_output() {
        let out = "### path\n/dev/sda1 1000 850 150 85% /\n### cpu\ncpu 100 0 100 800 0 0 0 0\ncpu 150 0 150 900 0 0 0 0\n### meminfo\nMemTotal: 1000 kB\nMemAvailable: 500 kB\n### ports\nLISTEN 0 128 127.0.0.1:6379 0.0.0.0:*\n### port\nlisten LISTEN 0 5 0.0.0.0:8080 0.0.0.0:* users:((\"python3\",pid=42,fd=3))\npid 42 python3 session-1.scope\n### needs\nmysql inactive\n### end\n";
        let r = profile().evaluate(out).expect("complete");
        let find = |c: &str| r.iter().find(|x| x.check == c).expect(c).clone();
        assert_eq!(find("disk").status, Status::Critical, "15% free < 20%");
        assert_eq!(find("cpu").value, Some(50.0));
        assert_eq!(find("memory").status, Status::Ok);
        assert_eq!(
            find("port").message,
            "port 8080 is taken by python3 (pid 42)"
        );
        let needs: Vec<Status> = r
            .iter()
            .filter(|x| x.check == "needs")
            .map(|x| x.status)
            .collect();
        assert_eq!(needs, [Status::Critical, Status::Ok]);
        let redeploy = out.replace("session-1.scope", "app.service");
        let r = profile().evaluate(&redeploy).expect("complete");
        assert_eq!(
            r.iter().find(|x| x.check == "port").expect("port").status,
            Status::Ok
        );
    }

    #[test]
    fn names_going_into_the_script_are_checked() {
        let bad = Predeploy {
            needs: vec!["x; reboot".into()],
            ..profile()
        };
        assert!(bad.validate().is_err());
        let bad = Predeploy {
            path: "srv".into(),
            ..profile()
        };
        assert!(bad.validate().is_err());
        assert!(profile().validate().is_ok());
    }
}
