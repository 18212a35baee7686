//! Log checks: keyword counts in named application logs since the last run, an nginx access
//! log's 5xx share over a window, and errors and drops per network interface since the last
//! run. What "the last run" read is a mark kept in the state DB per host and passed into the
//! script; every read is bounded from the end.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use super::checks::{CheckResult, Thresholds, finding, level};
use crate::exit::Status;

/// Most bytes of a log read in one run: a file that grew more is read from this far before
/// its end.
const LOG_MAX_BYTES: u64 = 4 << 20;
/// The default access log: checked when it exists (and quietly left out when it does not).
pub const DEFAULT_NGINX_LOG: &str = "/var/log/nginx/access.log";

/// `text` as one single-quoted shell word.
pub fn quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// The application logs watched (paths checked where they are set).
pub fn log_paths(t: &Thresholds) -> Vec<&str> {
    t.logs
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect()
}

/// The script sections for this host: `### log:N` per application log (from its mark),
/// `### nginx` and `### net`.
pub fn script(
    t: &Thresholds,
    marks: &HashMap<String, String>,
    skip: &dyn Fn(&str) -> bool,
) -> String {
    let mut out = String::new();
    if !skip("logs") {
        let keywords = quote(&t.log_keywords.to_ascii_lowercase());
        for (i, path) in log_paths(t).iter().enumerate() {
            let (inode, offset) = marks
                .get(&format!("log:{path}"))
                .and_then(|m| m.split_once(' '))
                .map_or(("", "0"), |(i, o)| (i, o));
            let offset: u64 = offset.parse().unwrap_or(0);
            let _ = write!(
                out,
                r#"echo '### log:{i}'
f={path}
if [ -r "$f" ]; then
  set -- $(stat -Lc '%i %s' "$f" 2>/dev/null); ino=$1; size=${{2:-0}}; from={offset}
  if [ "$ino" != {inode} ] || [ "$size" -lt "$from" ]; then from=0; fi
  if [ $((size - from)) -gt {LOG_MAX_BYTES} ]; then from=$((size - {LOG_MAX_BYTES})); fi
  echo "mark $ino $size $from"
  tail -c +$((from + 1)) "$f" 2>/dev/null | head -c $((size - from)) | awk -v kw={keywords} 'BEGIN {{ n = split(kw, k, ",") }} {{ l = tolower($0); for (i = 1; i <= n; i++) if (index(l, k[i])) c[i]++ }} END {{ for (i = 1; i <= n; i++) print k[i], c[i] + 0 }}'
elif [ -e "$f" ]; then echo 'UNREADABLE'; else echo 'MISSING'; fi
"#,
                path = quote(path),
                inode = quote(inode),
            );
        }
    }
    let nginx = t.nginx_log.trim();
    if !skip("nginx") && !nginx.is_empty() {
        let _ = write!(
            out,
            r#"echo '### nginx'
f={path}
if [ -r "$f" ]; then
  date +%s
  tail -c {LOG_MAX_BYTES} "$f" | awk '{{ if (!match($0, /\[[0-9][0-9]\/[A-Za-z][A-Za-z][A-Za-z]\/[0-9][0-9][0-9][0-9]:[0-9][0-9]:[0-9][0-9]:[0-9][0-9] [+-][0-9][0-9][0-9][0-9]\]/)) next; k = substr($0, RSTART + 1, 17) " " substr($0, RSTART + 22, 5); split($0, q, "\""); split(q[3], s, " "); t[k]++; if (s[1] ~ /^5[0-9][0-9]$/) e[k]++ }} END {{ for (k in t) print k, t[k], e[k] + 0 }}'
elif [ -e "$f" ]; then echo 'UNREADABLE'; else echo 'MISSING'; fi
"#,
            path = quote(nginx),
        );
    }
    if !skip("network") {
        out.push_str("echo '### net'; cat /proc/net/dev 2>/dev/null\n");
    }
    out
}

/// Keyword counts of application log `path` from its `### log:N` section; its new mark goes
/// into `marks`.
pub fn app_log(
    path: &str,
    lines: &[&str],
    t: &Thresholds,
    marks: &mut BTreeMap<String, String>,
) -> CheckResult {
    let hint = "read what came since the last run: tail -n 200 NAME | grep -iE 'error|exception|failed|timeout'";
    match lines.first().copied() {
        Some("MISSING") => {
            return finding(
                "logs",
                path,
                Status::Warning,
                format!("{path} does not exist"),
                "check the path set in the host's `logs` threshold",
            );
        }
        Some("UNREADABLE") => {
            return finding(
                "logs",
                path,
                Status::Unknown,
                format!("cannot read {path} as this user"),
                "give the inspecting user read access (e.g. the adm group) or inspect as root",
            );
        }
        _ => {}
    }
    let mark: Vec<&str> = lines
        .first()
        .map(|l| l.split_whitespace().collect())
        .unwrap_or_default();
    let (Some(&"mark"), Some(inode), Some(size), Some(from)) =
        (mark.first(), mark.get(1), mark.get(2), mark.get(3))
    else {
        return finding(
            "logs",
            path,
            Status::Unknown,
            format!("{path}: no answer from the log check"),
            hint,
        );
    };
    marks.insert(format!("log:{path}"), format!("{inode} {size}"));
    let counts: Vec<(&str, f64)> = lines[1..]
        .iter()
        .filter_map(|l| l.rsplit_once(' '))
        .filter_map(|(k, n)| Some((k, n.parse().ok()?)))
        .collect();
    let total: f64 = counts.iter().map(|(_, n)| n).sum();
    let read = size
        .parse::<u64>()
        .unwrap_or(0)
        .saturating_sub(from.parse().unwrap_or(0));
    let said: Vec<String> = counts.iter().map(|(k, n)| format!("{k} {n}")).collect();
    let status = level(total, t.log_warn, t.log_crit);
    CheckResult {
        value: Some(total),
        warn: Some(t.log_warn),
        crit: Some(t.log_crit),
        ..finding(
            "logs",
            path,
            status,
            format!(
                "{} in {} KiB since the last run",
                said.join(", "),
                read.div_ceil(1024)
            ),
            hint,
        )
    }
}

/// The 5xx share of the access log's requests in the last `nginx_window_min` minutes. The
/// script finds each line's time by its shape, not its field number: a user name with spaces
/// (logged as sent) must not shift it, nor print a line that starts a section.
pub fn nginx(lines: &[&str], t: &Thresholds) -> Option<CheckResult> {
    let path = t.nginx_log.trim();
    let hint = "which URLs fail: awk '$9 ~ /^5/ {print $7}' NAME | sort | uniq -c | sort -rn | head; then the upstream's logs and nginx's error.log";
    match lines.first().copied()? {
        "MISSING" if path == DEFAULT_NGINX_LOG => return None,
        "MISSING" => {
            return Some(finding(
                "nginx",
                path,
                Status::Warning,
                format!("{path} does not exist"),
                "check the host's `nginx_log` threshold",
            ));
        }
        "UNREADABLE" => {
            return Some(finding(
                "nginx",
                path,
                Status::Unknown,
                format!("cannot read {path} as this user"),
                "give the inspecting user read access (the adm group) or inspect as root",
            ));
        }
        _ => {}
    }
    let now: i64 = lines.first()?.trim().parse().ok()?;
    #[expect(clippy::cast_possible_truncation, reason = "a window of minutes")]
    let since = now - (t.nginx_window_min * 60.0) as i64;
    let (mut total, mut failed) = (0_u64, 0_u64);
    for line in &lines[1..] {
        let cols: Vec<&str> = line.split_whitespace().collect();
        let [minute, zone, all, fives] = cols[..] else {
            continue;
        };
        let Ok(at) =
            chrono::DateTime::parse_from_str(&format!("{minute} {zone}"), "%d/%b/%Y:%H:%M %z")
        else {
            continue;
        };
        // A minute counts when it ends inside the window.
        if at.timestamp() + 60 > since && at.timestamp() <= now {
            total += all.parse::<u64>().unwrap_or(0);
            failed += fives.parse::<u64>().unwrap_or(0);
        }
    }
    #[expect(clippy::cast_precision_loss, reason = "a percentage")]
    let pct = if total == 0 {
        0.0
    } else {
        (failed as f64 * 1000.0 / total as f64).round() / 10.0
    };
    let status = level(pct, t.nginx_5xx_warn, t.nginx_5xx_crit);
    Some(CheckResult {
        value: Some(pct),
        unit: "%",
        warn: Some(t.nginx_5xx_warn),
        crit: Some(t.nginx_5xx_crit),
        ..finding(
            "nginx",
            path,
            status,
            format!(
                "{pct}% 5xx: {failed} of {total} requests in the last {} min",
                t.nginx_window_min
            ),
            hint,
        )
    })
}

/// Errors and drops per interface since the last run (since boot on the first), as a share of
/// its packets; new marks go into `marks`.
pub fn network(
    lines: &[&str],
    t: &Thresholds,
    old: &HashMap<String, String>,
    marks: &mut BTreeMap<String, String>,
) -> Vec<CheckResult> {
    let mut out = Vec::new();
    for line in lines {
        let Some((name, counters)) = line.split_once(':') else {
            continue;
        };
        let name = name.trim();
        if name == "lo" || name.starts_with("veth") || name.contains(' ') {
            continue;
        }
        let n: Vec<u64> = counters
            .split_whitespace()
            .filter_map(|v| v.parse().ok())
            .collect();
        if n.len() < 16 {
            continue;
        }
        let (packets, bad) = (n[1] + n[9], n[2] + n[3] + n[10] + n[11]);
        let item = format!("net:{name}");
        let before = old
            .get(&item)
            .and_then(|m| m.split_once(' '))
            .and_then(|(p, b)| Some((p.parse::<u64>().ok()?, b.parse::<u64>().ok()?)));
        marks.insert(item, format!("{packets} {bad}"));
        // Counters that went back mean a reboot (or a re-created interface): count from zero.
        let (dp, db, since) = match before {
            Some((p, b)) if p <= packets && b <= bad => {
                (packets - p, bad - b, "since the last run")
            }
            _ => (packets, bad, "since boot"),
        };
        if packets == 0 {
            continue;
        }
        #[expect(clippy::cast_precision_loss, reason = "a percentage")]
        let pct = if dp == 0 {
            0.0
        } else {
            (db as f64 * 10_000.0 / dp as f64).round() / 100.0
        };
        let status = level(pct, t.net_warn, t.net_crit);
        out.push(CheckResult {
            value: Some(pct),
            unit: "%",
            warn: Some(t.net_warn),
            crit: Some(t.net_crit),
            ..finding("network", name, status, format!("{db} errors and drops in {dp} packets {since}"), "ip -s link show NAME; ethtool -S NAME | grep -iE 'err|drop'; check the cable, duplex and the ring buffer (ethtool -g)")
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keyword_counts_and_the_next_mark() {
        let mut marks = BTreeMap::new();
        let t = Thresholds::default();
        let r = app_log(
            "/var/log/app.log",
            &[
                "mark 42 2048 1024",
                "error 2",
                "exception 0",
                "failed 1",
                "timeout 0",
            ],
            &t,
            &mut marks,
        );
        assert_eq!(r.value, Some(3.0));
        assert_eq!(r.status, Status::Warning);
        assert_eq!(
            r.message,
            "error 2, exception 0, failed 1, timeout 0 in 1 KiB since the last run"
        );
        assert_eq!(marks["log:/var/log/app.log"], "42 2048");
    }

    #[test]
    fn an_access_log_window_in_its_own_zone() {
        let t = Thresholds::default();
        // now = 2026-12-03T10:00:00Z; the log is in +0800.
        let now = 1_796_292_000_i64;
        let lines = [
            &now.to_string()[..],
            "03/Dec/2026:17:55 +0800 100 3",
            "03/Dec/2026:17:20 +0800 100 100",
        ];
        let r = nginx(&lines, &t).expect("result");
        assert_eq!(r.value, Some(3.0));
        assert_eq!(r.status, Status::Warning);
    }

    #[test]
    fn interface_errors_since_the_last_run() {
        let t = Thresholds::default();
        let dev = [
            "Inter-|   Receive",
            " face |bytes",
            "  eth0: 1000 10000 50 50 0 0 0 0 1000 10000 0 0 0 0 0 0",
            "    lo: 1 1 0 0 0 0 0 0 1 1 0 0 0 0 0 0",
        ];
        let mut marks = BTreeMap::new();
        let old = HashMap::from([("net:eth0".to_owned(), "19000 100".to_owned())]);
        let r = network(&dev, &t, &old, &mut marks);
        assert_eq!(r.len(), 1);
        assert_eq!(
            r[0].message,
            "0 errors and drops in 1000 packets since the last run"
        );
        assert_eq!(marks["net:eth0"], "20000 100");
        let r = network(&dev, &t, &HashMap::new(), &mut BTreeMap::new());
        assert_eq!(r[0].value, Some(0.5));
    }

    #[test]
    fn quoting_keeps_a_path_one_word() {
        assert_eq!(quote("/a b/it's"), r"'/a b/it'\''s'");
    }
}
