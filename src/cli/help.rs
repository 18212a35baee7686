//! What `--help` adds to the clap tree: long help reflowed so the terminal, not our source,
//! decides where lines break (indented examples and lists stay as written), and copyable
//! examples for the commands whose long help has none, shown after `--help` and in the man
//! pages' EXAMPLES section. One table, so a test can run every line through the parser and
//! find the leaf commands still without one.

use clap::Command;
use clap_complete::engine::{ArgValueCandidates, CompletionCandidate};

use crate::state::names::{self, Named};

/// Command path (without `bizwings`) → example lines.
const EXAMPLES: &[(&str, &str)] = &[
    (
        "alert bridge",
        "BIZWINGS_ALERT_TOKEN=... bizwings alert bridge --listen 127.0.0.1:9094 --tz Asia/Shanghai",
    ),
    (
        "alert history",
        "bizwings alert history --since 24h --limit 20",
    ),
    ("alert outbox", "bizwings alert outbox --all --json"),
    ("alert receiver list", "bizwings alert receiver list"),
    (
        "alert receiver rm",
        "bizwings alert receiver rm ops-feishu --yes",
    ),
    (
        "alert route add",
        "bizwings alert route add --match severity=critical --match team=db --receiver dba-feishu\nbizwings alert route add --receiver ops-feishu          # catch-all, last",
    ),
    ("alert route list", "bizwings alert route list"),
    ("alert route rm", "bizwings alert route rm 3 --yes"),
    (
        "alert test",
        "bizwings alert test ops-feishu --severity critical",
    ),
    (
        "backup list",
        "bizwings backup list\nbizwings backup list app-db --json",
    ),
    ("backup prune", "bizwings backup prune --dry-run"),
    (
        "backup restore",
        "bizwings backup restore 42 --to /tmp/restore-check\nbizwings backup restore 42 --apply     # over the source: stop its writers first",
    ),
    ("backup rm", "bizwings backup rm app-db --yes"),
    (
        "backup run",
        "bizwings backup run --all\nbizwings -q backup run app-db state",
    ),
    (
        "backup verify",
        "bizwings backup verify\nbizwings backup verify app-db",
    ),
    (
        "completions",
        "bizwings completions bash > /etc/bash_completion.d/bizwings\nbizwings completions zsh > \"${fpath[1]}/_bizwings\"",
    ),
    ("export", "bizwings export > bizwings.toml"),
    (
        "heartbeat add",
        "bizwings heartbeat add writer --schedule '*/10 * * * *' --source markdown:/srv/agents/writer/board\nbizwings heartbeat add nightly-export --schedule '15 3 * * *' --grace 30m",
    ),
    (
        "heartbeat exporter",
        "bizwings heartbeat exporter --listen 127.0.0.1:9999",
    ),
    ("heartbeat list", "bizwings heartbeat list --json"),
    ("heartbeat pause", "bizwings heartbeat pause writer"),
    (
        "heartbeat ping",
        "bizwings heartbeat ping nightly-export --start\nbizwings heartbeat ping nightly-export --exit-code 0",
    ),
    ("heartbeat ping-key", "bizwings heartbeat ping-key --rotate"),
    ("heartbeat resume", "bizwings heartbeat resume writer"),
    ("heartbeat rm", "bizwings heartbeat rm writer --yes"),
    (
        "heartbeat run",
        "bizwings heartbeat run --once\nbizwings heartbeat run writer --force",
    ),
    (
        "heartbeat set",
        "bizwings heartbeat set writer --grace 15m --max-rounds 80",
    ),
    ("heartbeat show", "bizwings heartbeat show writer"),
    ("heartbeat status", "bizwings heartbeat status --json"),
    (
        "inspect history",
        "bizwings inspect history web-1 --since 7d",
    ),
    (
        "inspect host add",
        "bizwings inspect host add web-1 --addr 10.0.0.11 --identity ~/.ssh/ops_ed25519 --group web --ports 80,443",
    ),
    ("inspect host list", "bizwings inspect host list"),
    ("inspect host rm", "bizwings inspect host rm web-1 --yes"),
    (
        "inspect host set",
        "bizwings inspect host set web-1 --services nginx,sshd --threshold disk_warn=85",
    ),
    (
        "inspect host show",
        "bizwings inspect host show web-1 --json",
    ),
    ("inspect threshold list", "bizwings inspect threshold list"),
    (
        "inspect threshold set",
        "bizwings inspect threshold set disk_crit=95\nbizwings inspect threshold set disk_warn=85",
    ),
    ("provider disable", "bizwings provider disable ds-1"),
    ("provider enable", "bizwings provider enable ds-1"),
    (
        "provider import",
        "bizwings provider import --sidecar-v2-db /opt/sidecar/sidecar.db --old-key-file /opt/sidecar/.key",
    ),
    (
        "provider list",
        "bizwings provider list\nbizwings provider list --json",
    ),
    (
        "provider map",
        "bizwings provider map ds-1 gpt-4o-mini deepseek-chat --in-price 0.27 --out-price 1.10",
    ),
    ("provider rm", "bizwings provider rm ds-1 --yes"),
    (
        "provider rotate-key",
        "printf %s \"$NEW_KEY\" | bizwings provider rotate-key ds-1 --key-stdin",
    ),
    (
        "provider set",
        "bizwings provider set ds-1 --rpm 120 --timeout 90s\nbizwings provider set ds-1 --pool fallback",
    ),
    ("provider show", "bizwings provider show ds-1"),
    ("provider unmap", "bizwings provider unmap ds-1 gpt-4o-mini"),
    (
        "sidecar admin-token",
        "bizwings sidecar admin-token\nbizwings sidecar admin-token --rotate",
    ),
    (
        "sidecar client add",
        "bizwings sidecar client add writer-agent",
    ),
    ("sidecar client list", "bizwings sidecar client list"),
    (
        "sidecar client rm",
        "bizwings sidecar client rm writer-agent --yes",
    ),
    (
        "sidecar fleet",
        "BIZWINGS_SHARED_URL=redis://:PASSWORD@10.0.0.5:6379/0 bizwings sidecar fleet --fleet prod",
    ),
    (
        "usage",
        "bizwings usage\nbizwings usage --daily --hours 720 --by provider",
    ),
];

/// The examples of the command at `path`, if the table has them.
pub(crate) fn of(path: &str) -> Option<&'static str> {
    EXAMPLES.iter().find(|(p, _)| *p == path).map(|(_, e)| *e)
}

/// Every example line with its command path (for the test that parses them all).
pub fn all() -> impl Iterator<Item = (&'static str, &'static str)> {
    EXAMPLES
        .iter()
        .flat_map(|(path, lines)| lines.lines().map(move |l| (*path, l)))
}

/// The arguments of the command at `path` that name something stored, for the dynamic
/// completion engine (`COMPLETE=bash bizwings`).
fn completed_names(path: &str) -> Vec<(&'static str, Named)> {
    let mut words = path.split(' ');
    let what = match (words.next(), words.next()) {
        (Some("provider"), _) => Named::Provider,
        (Some("heartbeat"), _) => Named::Agent,
        (Some("inspect"), _) => Named::Host,
        (Some("backup"), _) => Named::BackupJob,
        (Some("alert"), _) => Named::Receiver,
        (Some("sidecar"), Some("client")) => Named::Client,
        _ => return Vec::new(),
    };
    // `add` names something new; its other arguments (a route's receiver) name stored things.
    let adding = path.ends_with(" add");
    ["name", "names", "host", "hosts", "target"]
        .into_iter()
        .filter(|id| !(adding && *id == "name"))
        .map(|id| (id, what))
        .chain([("receiver", Named::Receiver)])
        .collect()
}

/// The stored names of `what` in the DB of `BIZWINGS_DB` (or the default); none when there is
/// no DB: completion never creates one.
fn stored_names(what: Named) -> Vec<CompletionCandidate> {
    let flag = std::env::var_os("BIZWINGS_DB").map(std::path::PathBuf::from);
    let db = crate::config::db_path(flag.as_deref());
    let Ok(mut store) = crate::state::Store::open_existing(&db) else {
        return Vec::new();
    };
    store
        .read(|tx| names::names(tx, what))
        .unwrap_or_default()
        .into_iter()
        .map(CompletionCandidate::new)
        .collect()
}

/// The paragraphs of `text` as one line each, except those with indented or bulleted lines
/// (examples, lists), which keep their breaks.
fn reflow(text: &str) -> String {
    text.split("\n\n")
        .map(|para| {
            let verbatim = para
                .lines()
                .any(|l| l.starts_with([' ', '-', '*']) || l.ends_with('\\'));
            if verbatim {
                para.to_owned()
            } else {
                para.lines().map(str::trim).collect::<Vec<_>>().join(" ")
            }
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// `cmd` with its long help reflowed and each table entry as an `Examples:` block after it.
pub(crate) fn attach(cmd: Command) -> Command {
    attach_at(cmd, "")
}

fn attach_at(mut cmd: Command, parent: &str) -> Command {
    let path = if parent.is_empty() {
        String::new()
    } else if parent == "bizwings" {
        cmd.get_name().to_owned()
    } else {
        format!("{parent} {}", cmd.get_name())
    };
    if let Some(about) = cmd.get_long_about().map(ToString::to_string) {
        cmd = cmd.long_about(reflow(&about));
    }
    let completed = completed_names(&path);
    if !completed.is_empty() {
        // `mut_args` keeps the order (and so the positions) of the arguments.
        cmd = cmd.mut_args(
            |arg| match completed.iter().find(|(id, _)| arg.get_id() == *id) {
                Some(&(_, what)) => arg.add(ArgValueCandidates::new(move || stored_names(what))),
                None => arg,
            },
        );
    }
    if let Some(lines) = of(&path) {
        let block = lines.lines().collect::<Vec<_>>().join("\n  ");
        cmd = cmd.after_long_help(format!("Examples:\n  {block}"));
    }
    let here = if parent.is_empty() {
        "bizwings".to_owned()
    } else {
        path
    };
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_owned())
        .collect();
    for name in names {
        let here = here.clone();
        cmd = cmd.mut_subcommand(name, move |sub| attach_at(sub, &here));
    }
    cmd
}
