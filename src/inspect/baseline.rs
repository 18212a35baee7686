//! The security baseline of the operations standard: SSH root and password login as the
//! running sshd reports them, a default-deny inbound firewall, no port open beyond loopback
//! that is not allowed, security updates applied, logs that survive a reboot and auditd. The
//! remote halves are sections of the one script (same round trip); the parsers live here.

use super::checks::{CheckResult, Thresholds, finding};
use crate::exit::Status;

/// `### ssh`: the effective settings of the sshd this session came through (its `-f` config
/// found by walking up the parent processes), from `sshd -T` where this user may run it,
/// else the config file with its `Include`s (first value wins, as in sshd).
pub const SSH: &str = r#"echo '### ssh'
cfg=/etc/ssh/sshd_config; p=$$
while [ "${p:-1}" -gt 1 ]; do
  a=$(tr '\0' ' ' < /proc/$p/cmdline 2>/dev/null)
  case "$a" in *sshd*' -f '*) cfg=$(printf '%s\n' "$a" | sed -n 's/.* -f \([^ ]*\).*/\1/p'); break;; esac
  p=$(sed -n 's/^PPid:[[:space:]]*//p' /proc/$p/status 2>/dev/null)
done
s=$(command -v sshd || echo /usr/sbin/sshd)
if [ -x "$s" ] && t=$("$s" -T -f "$cfg" 2>/dev/null); then
  echo 'source sshd -T'
  printf '%s\n' "$t" | grep -iE '^(permitrootlogin|passwordauthentication|kbdinteractiveauthentication) '
elif [ -r "$cfg" ]; then
  echo 'source file'
  while IFS= read -r l; do
    case "$l" in
      [Ii]nclude[[:space:]]*) for f in ${l#*[[:space:]]}; do case "$f" in /*) ;; *) f="/etc/ssh/$f";; esac; [ -r "$f" ] && cat "$f"; done;;
      *) printf '%s\n' "$l";;
    esac
  done < "$cfg" | grep -iE '^[[:space:]]*(permitrootlogin|passwordauthentication|kbdinteractiveauthentication|match)[[:space:]]'
elif [ -e "$cfg" ]; then echo 'UNREADABLE'
else echo 'NO-SSHD'; fi
"#;

/// `### firewall`: each firewall tool present, its lines prefixed with its name.
pub const FIREWALL: &str = r"echo '### firewall'
if command -v ufw >/dev/null 2>&1; then echo 'ufw: present'; ufw status verbose 2>&1 | head -n 20 | sed 's/^/ufw: /'; fi
if command -v firewall-cmd >/dev/null 2>&1; then echo 'firewalld: present'; firewall-cmd --state 2>&1 | head -n 2 | sed 's/^/firewalld: /'; fi
if command -v nft >/dev/null 2>&1; then echo 'nft: present'; nft list ruleset 2>&1 | grep -iE 'hook input|denied|not permitted' | head -n 20 | sed 's/^/nft: /'; fi
if command -v iptables >/dev/null 2>&1; then echo 'iptables: present'; iptables -S INPUT 2>&1 | head -n 200 | sed 's/^/iptables: /'; fi
echo 'checked'
";

/// `### updates`: pending security updates (a simulation: no lock, no root).
pub const UPDATES: &str = r#"echo '### updates'
if command -v apt-get >/dev/null 2>&1; then
  echo "apt $(apt-get -s -o Debug::NoLocking=1 upgrade 2>/dev/null | grep -c '^Inst .*[Ss]ecurity')"
elif command -v dnf >/dev/null 2>&1; then
  echo "dnf $(dnf -C -q updateinfo list --security 2>/dev/null | grep -c .)"
else
  echo 'NO-PACKAGES'
fi
"#;

/// `### audit`: whether the journal is kept on disk and auditd runs.
pub const AUDIT: &str = r#"echo '### audit'
if [ -d /run/systemd/system ]; then
  st=$(sed -n 's/^[[:space:]]*Storage=//p' /etc/systemd/journald.conf /etc/systemd/journald.conf.d/*.conf 2>/dev/null | tail -n 1)
  case "$st" in persistent) echo 'journal persistent';; volatile|none) echo 'journal volatile';;
    *) if [ -d /var/log/journal ]; then echo 'journal persistent'; else echo 'journal volatile'; fi;; esac
  echo "auditd $(systemctl is-active auditd 2>/dev/null || true)"
else
  echo 'NO-SYSTEMD'
fi
"#;

const SSH_ROOT_HINT: &str = "set `PermitRootLogin prohibit-password` (keys only) or `no` in /etc/ssh/sshd_config, then `sshd -t && systemctl reload ssh`";
const SSH_PASSWORD_HINT: &str = "with keys in place for every user: `PasswordAuthentication no` and `KbdInteractiveAuthentication no` in /etc/ssh/sshd_config, then `sshd -t && systemctl reload ssh`";

/// Root login with a password, and password login at all, as sshd would decide them.
pub fn ssh(lines: &[&str]) -> Vec<CheckResult> {
    match lines.first().map(|l| l.trim()) {
        None | Some("NO-SSHD") => return Vec::new(),
        Some("UNREADABLE") => {
            return vec![finding(
                "ssh",
                "config",
                Status::Unknown,
                "cannot read sshd's configuration as this user".into(),
                "run inspect as a user who may read /etc/ssh/sshd_config (or as root, for `sshd -T`)",
            )];
        }
        Some(_) => {}
    }
    // First value wins, as in sshd; a `Match` block applies only to some connections.
    let mut settings: Vec<(String, String)> = Vec::new();
    for line in &lines[1..] {
        let line = line.trim();
        let mut words = line.split_whitespace();
        let Some(key) = words.next().map(str::to_ascii_lowercase) else {
            continue;
        };
        if key.starts_with('#') {
            continue;
        }
        if key == "match" {
            break;
        }
        let value = words
            .next()
            .unwrap_or("")
            .trim_matches('"')
            .to_ascii_lowercase();
        if !settings.iter().any(|(k, _)| *k == key) {
            settings.push((key, value));
        }
    }
    let get = |key: &str, default: &'static str| {
        settings
            .iter()
            .find(|(k, _)| k == key)
            .map_or(default, |(_, v)| v.as_str())
            .to_owned()
    };
    // OpenSSH's defaults since 7.0 / 8.7.
    let root = get("permitrootlogin", "prohibit-password");
    let password = get("passwordauthentication", "yes") == "yes";
    let keyboard = get("kbdinteractiveauthentication", "yes") == "yes";
    let by_password = password || keyboard;
    let root_status = if root == "yes" && by_password {
        Status::Warning
    } else {
        Status::Ok
    };
    let root_message = match (root.as_str(), by_password) {
        ("yes", true) => "root can log in with a password (PermitRootLogin yes)".to_owned(),
        ("yes", false) => "root may log in, with keys only (no password login)".to_owned(),
        ("no", _) => "root cannot log in over SSH".to_owned(),
        (other, _) => format!("root logs in with keys only (PermitRootLogin {other})"),
    };
    let password_status = if by_password {
        Status::Warning
    } else {
        Status::Ok
    };
    let which = match (password, keyboard) {
        (true, true) => "PasswordAuthentication and KbdInteractiveAuthentication are on",
        (true, false) => "PasswordAuthentication is on",
        (false, true) => "KbdInteractiveAuthentication is on",
        (false, false) => "keys only: password login is off",
    };
    vec![
        finding(
            "ssh",
            "root-login",
            root_status,
            root_message,
            SSH_ROOT_HINT,
        ),
        finding(
            "ssh",
            "password-auth",
            password_status,
            if by_password {
                format!("password login is possible: {which}")
            } else {
                which.to_owned()
            },
            SSH_PASSWORD_HINT,
        ),
    ]
}

const FIREWALL_HINT: &str = "deny inbound by default and allow only what is served, e.g. `ufw default deny incoming && ufw allow 22/tcp && ufw enable` (or an nftables input chain with `policy drop`)";

/// A firewall that is present and active with a default-deny inbound policy.
pub fn firewall(lines: &[&str]) -> Vec<CheckResult> {
    if lines.is_empty() {
        return Vec::new();
    }
    let of = |prefix: &str| -> Vec<&str> {
        lines
            .iter()
            .filter_map(|l| l.strip_prefix(prefix))
            .map(str::trim)
            .collect()
    };
    let tools = [
        ("ufw", of("ufw:")),
        ("firewalld", of("firewalld:")),
        ("nftables", of("nft:")),
        ("iptables", of("iptables:")),
    ];
    let one = |status, message: String| {
        vec![finding(
            "firewall",
            "inbound",
            status,
            message,
            FIREWALL_HINT,
        )]
    };
    if let Some(how) = tools
        .iter()
        .find_map(|(tool, lines)| default_deny(tool, lines))
    {
        return one(Status::Ok, how.to_owned());
    }
    let found: Vec<&str> = tools
        .iter()
        .filter(|(_, lines)| !lines.is_empty())
        .map(|(tool, _)| *tool)
        .collect();
    let denied = tools.iter().flat_map(|(_, lines)| lines).any(|l| {
        let l = l.to_ascii_lowercase();
        [
            "permission denied",
            "not permitted",
            "need to be root",
            "must be root",
        ]
        .iter()
        .any(|w| l.contains(w))
    });
    if denied {
        return vec![finding(
            "firewall",
            "inbound",
            Status::Unknown,
            format!(
                "cannot read the firewall ({}) as this user",
                found.join(", ")
            ),
            "inspect this host as root (or a user allowed to run `nft list ruleset` / `iptables -S`)",
        )];
    }
    one(
        Status::Warning,
        if found.is_empty() {
            "no firewall: none of ufw, firewalld, nftables or iptables is installed".to_owned()
        } else {
            format!(
                "no default-deny inbound policy ({} present)",
                found.join(", ")
            )
        },
    )
}

/// How `tool`'s output shows a default-deny inbound policy, if it does.
fn default_deny(tool: &str, lines: &[&str]) -> Option<&'static str> {
    let denies = |l: &str| ["deny", "reject", "drop"].iter().any(|w| l.contains(w));
    match tool {
        "ufw" => (lines.contains(&"Status: active")
            && lines.iter().any(|l| {
                l.strip_prefix("Default:")
                    .and_then(|d| d.split(',').next())
                    .is_some_and(|incoming| denies(&incoming.to_ascii_lowercase()))
            }))
        .then_some("ufw is active and denies inbound by default"),
        "firewalld" => lines
            .contains(&"running")
            .then_some("firewalld is running (its zones deny what they do not allow)"),
        "nftables" => lines
            .iter()
            .any(|l| {
                l.contains("hook input")
                    && (l.contains("policy drop") || l.contains("policy reject"))
            })
            .then_some("an nftables input chain drops by default"),
        _ => {
            let catch_all = lines
                .iter()
                .rfind(|l| l.starts_with("-A"))
                .is_some_and(|l| {
                    let words: Vec<&str> = l.split_whitespace().collect();
                    words.len() == 4
                        && words[..3] == ["-A", "INPUT", "-j"]
                        && matches!(words[3], "DROP" | "REJECT")
                });
            (lines.contains(&"-P INPUT DROP") || catch_all)
                .then_some("iptables drops inbound by default")
        }
    }
}

/// TCP ports listening beyond loopback that are neither allowed nor required nor the SSH port.
pub fn exposed_ports(
    lines: &[&str],
    t: &Thresholds,
    required: &[u16],
    ssh_port: u16,
) -> Vec<CheckResult> {
    let allowed = t.ports_allowed.trim();
    if allowed == "*" {
        return Vec::new();
    }
    let mut allow: Vec<u16> = allowed
        .split(',')
        .filter_map(|p| p.trim().parse().ok())
        .chain(required.iter().copied())
        .collect();
    allow.push(ssh_port);
    let mut open: Vec<u16> = lines
        .iter()
        .filter_map(|l| {
            let local = *l.split_whitespace().collect::<Vec<_>>().get(3)?;
            let (host, port) = local.rsplit_once(':')?;
            let host = host.trim_matches(['[', ']']);
            let loopback = host.starts_with("127.")
                || host == "::1"
                || host.ends_with("%lo")
                || host == "localhost";
            (!loopback).then(|| port.parse::<u16>().ok()).flatten()
        })
        .filter(|p| !allow.contains(p))
        .collect();
    open.sort_unstable();
    open.dedup();
    let hint = "close or bind to 127.0.0.1 what needs no outside access, or allow it: `inspect host set HOST --threshold ports_allowed=22,80,443,PORT`";
    if open.is_empty() {
        allow.sort_unstable();
        allow.dedup();
        let list: Vec<String> = allow.iter().map(u16::to_string).collect();
        return vec![finding(
            "exposed-ports",
            "tcp",
            Status::Ok,
            format!(
                "nothing listens beyond loopback but allowed ports ({})",
                list.join(", ")
            ),
            hint,
        )];
    }
    open.iter()
        .map(|p| {
            finding(
                "exposed-ports",
                &p.to_string(),
                Status::Warning,
                format!("port {p} listens beyond loopback and is not allowed"),
                hint,
            )
        })
        .collect()
}

/// Pending security updates.
pub fn updates(lines: &[&str], t: &Thresholds) -> Option<CheckResult> {
    let (tool, count) = lines.first()?.split_once(' ')?;
    let count: f64 = count.trim().parse().ok()?;
    let status = if count > t.updates_crit {
        Status::Critical
    } else if count > t.updates_warn {
        Status::Warning
    } else {
        Status::Ok
    };
    let hint = if tool == "apt" {
        "apt-get update && apt-get upgrade (or unattended-upgrades for security updates)"
    } else {
        "dnf upgrade --security (or dnf-automatic)"
    };
    Some(CheckResult {
        value: Some(count),
        warn: Some(t.updates_warn),
        crit: Some(t.updates_crit),
        ..finding(
            "updates",
            "security",
            status,
            format!(
                "{count} security updates pending ({tool}, as of its last package list refresh)"
            ),
            hint,
        )
    })
}

/// A journal kept on disk and auditd running.
pub fn audit(lines: &[&str]) -> Vec<CheckResult> {
    let mut out = Vec::new();
    for line in lines {
        match line.split_once(' ') {
            Some(("journal", kept)) => out.push(finding(
                "audit",
                "journal",
                if kept == "persistent" { Status::Ok } else { Status::Warning },
                format!("the journal is {kept}"),
                "keep logs across reboots: `mkdir -p /var/log/journal && systemctl restart systemd-journald` (or Storage=persistent)",
            )),
            Some(("auditd", state)) => out.push(finding(
                "audit",
                "auditd",
                if state == "active" { Status::Ok } else { Status::Warning },
                if state.is_empty() { "auditd is not running".into() } else { format!("auditd is {state}") },
                "apt-get install auditd (or dnf install audit) && systemctl enable --now auditd",
            )),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_password_login_is_told_from_keys_only() {
        let open = ssh(&[
            "source sshd -T",
            "permitrootlogin yes",
            "passwordauthentication yes",
            "kbdinteractiveauthentication no",
        ]);
        assert_eq!(open[0].status, Status::Warning);
        assert_eq!(open[1].status, Status::Warning);
        let keys = ssh(&[
            "source sshd -T",
            "permitrootlogin yes",
            "passwordauthentication no",
            "kbdinteractiveauthentication no",
        ]);
        assert_eq!(keys[0].status, Status::Ok);
        assert_eq!(keys[1].status, Status::Ok);
        // A config file: first value wins, Match blocks are conditional, defaults apply.
        let file = ssh(&[
            "source file",
            "# PermitRootLogin yes",
            "PasswordAuthentication no",
            "PasswordAuthentication yes",
            "KbdInteractiveAuthentication no",
            "Match User x",
            "PermitRootLogin yes",
        ]);
        assert_eq!(
            file[0].message,
            "root logs in with keys only (PermitRootLogin prohibit-password)"
        );
        assert_eq!(file[1].status, Status::Ok);
    }

    #[test]
    fn firewalls_are_read_from_each_tool() {
        assert_eq!(firewall(&["checked"])[0].status, Status::Warning);
        assert_eq!(
            firewall(&[
                "ufw: Status: active",
                "ufw: Default: deny (incoming), allow (outgoing), disabled (routed)",
                "checked"
            ])[0]
                .status,
            Status::Ok
        );
        assert_eq!(
            firewall(&["ufw: Status: inactive", "checked"])[0].status,
            Status::Warning
        );
        assert_eq!(
            firewall(&[
                "nft: \t\ttype filter hook input priority filter; policy drop;",
                "checked"
            ])[0]
                .status,
            Status::Ok
        );
        assert_eq!(
            firewall(&["iptables: -P INPUT ACCEPT", "checked"])[0].status,
            Status::Warning
        );
        assert_eq!(
            firewall(&[
                "iptables: -P INPUT ACCEPT",
                "iptables: -A INPUT -p tcp --dport 22 -j ACCEPT",
                "iptables: -A INPUT -j DROP",
                "checked"
            ])[0]
                .status,
            Status::Ok
        );
        assert_eq!(firewall(&["iptables: iptables v1.8.9 (nf_tables): Could not fetch rule set generation id: Permission denied (you must be root)", "checked"])[0].status, Status::Unknown);
    }

    #[test]
    fn only_ports_beyond_loopback_count() {
        let ss = [
            "LISTEN 0 128 0.0.0.0:22 0.0.0.0:*",
            "LISTEN 0 128 127.0.0.1:631 0.0.0.0:*",
            "LISTEN 0 128 [::1]:25 [::]:*",
            "LISTEN 0 128 127.0.0.53%lo:53 0.0.0.0:*",
            "LISTEN 0 80 *:3306 *:*",
            "LISTEN 0 511 [::]:80 [::]:*",
        ];
        let t = Thresholds::default();
        let r = exposed_ports(&ss, &t, &[80], 22);
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].item, "3306");
        let t = Thresholds {
            ports_allowed: "3306".into(),
            ..Thresholds::default()
        };
        assert_eq!(exposed_ports(&ss, &t, &[80], 22)[0].status, Status::Ok);
    }
}
