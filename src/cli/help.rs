//! What `--help` adds to the clap tree: the long help and examples written in
//! `docs/commands.md`, reflowed so the terminal, not our source, decides where lines break
//! (indented examples and lists stay as written); the examples shown after `--help` and in the
//! man pages' EXAMPLES section, each line run through the parser by a test; and name
//! completion from the state DB.

use clap::Command;
use clap_complete::engine::{ArgValueCandidates, CompletionCandidate};

use crate::state::names::{self, Named};

/// `docs/commands.md`: one `## path` section per command, its text the long help, an `sh`
/// block its examples.
const COMMANDS: &str = include_str!("../../docs/commands.md");

/// The long help and the examples of each section (`bizwings` is the root, path "").
fn sections() -> impl Iterator<Item = (&'static str, &'static str, Option<&'static str>)> {
    COMMANDS.split("\n## ").skip(1).map(|section| {
        let (heading, body) = section.split_once('\n').unwrap_or((section, ""));
        let path = if heading == "bizwings" { "" } else { heading };
        match body.split_once("```sh\n") {
            Some((about, rest)) => {
                let examples = rest.split_once("```").map_or(rest, |(block, _)| block);
                (path, about.trim(), Some(examples.trim_end()))
            }
            None => (path, body.trim(), None),
        }
    })
}

/// The examples of the command at `path`, if it has an `sh` block.
pub(crate) fn of(path: &str) -> Option<&'static str> {
    sections().find(|(p, ..)| *p == path).and_then(|(.., e)| e)
}

/// Every example line with its command path (for the test that parses them all).
pub fn all() -> impl Iterator<Item = (&'static str, &'static str)> {
    sections().flat_map(|(path, _, examples)| {
        examples
            .into_iter()
            .flat_map(str::lines)
            .map(move |l| (path, l))
    })
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
    let written = sections()
        .find(|(p, ..)| *p == path)
        .map(|(_, about, _)| about);
    if let Some(about) = written.filter(|a| !a.is_empty()) {
        cmd = cmd.long_about(reflow(about));
    } else if let Some(about) = cmd.get_long_about().map(ToString::to_string) {
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
