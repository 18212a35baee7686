//! `heartbeat discover DIR`: one agent per agent workspace under DIR (a directory holding a
//! `HEARTBEAT.md` or a `board/` of Markdown checklists), so that an agent added to the team is
//! not left without a heartbeat. The directories searched are remembered, and `heartbeat status`
//! names the workspaces still without an agent.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::{AgentSettings, Error, agent_row};
use crate::state::heartbeat as rows;
use crate::state::{self, Store};

/// The seed's schedule of its regular agents.
const DEFAULT_SCHEDULE: &str = "*/15 * * * *";

/// A workspace found under a root.
#[derive(Debug, Clone, Serialize)]
pub struct Workspace {
    pub name: String,
    pub path: PathBuf,
    /// `markdown:DIR/board` when it has a board.
    pub source: Option<String>,
    /// `added`, `exists` or `skipped: why`.
    pub action: String,
}

/// The workspaces directly under `root` (canonical), by name. A workspace or board that is a
/// link out of `root` is left out: discovery must not wire an agent to someone else's files.
fn workspaces(root: &Path) -> Result<Vec<(String, PathBuf, Option<String>)>, String> {
    let entries = std::fs::read_dir(root)
        .map_err(|e| format!("cannot read directory {}: {e}", root.display()))?;
    let inside = |p: &Path| std::fs::canonicalize(p).is_ok_and(|c| c.starts_with(root));
    let mut found: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir() && inside(p))
        .filter_map(|p| {
            let board = p.join("board");
            let has_board = board.is_dir() && inside(&board);
            if !has_board && !p.join("HEARTBEAT.md").is_file() {
                return None;
            }
            let name = p.file_name()?.to_string_lossy().into_owned();
            let source = has_board.then(|| format!("markdown:{}", board.display()));
            Some((name, p, source))
        })
        .collect();
    found.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(found)
}

/// Registers an agent for every workspace under `root` without one (`settings` gives the
/// schedule and the rest; `{agent}` in its trigger becomes the workspace's name). With
/// `dry_run`, only says what it would do. Idempotent.
pub fn discover(
    store: &mut Store,
    root: &Path,
    settings: &AgentSettings,
    dry_run: bool,
) -> Result<Vec<Workspace>, Error> {
    let root = std::fs::canonicalize(root)
        .map_err(|e| Error::Invalid(format!("cannot read directory {}: {e}", root.display())))?;
    let found = workspaces(&root).map_err(Error::Invalid)?;
    let existing = super::list(store)?;
    let mut out = Vec::new();
    let mut rows_to_add = Vec::new();
    for (name, path, source) in found {
        let action = if existing.iter().any(|a| a.name == name) {
            "exists".to_owned()
        } else {
            let mut given = settings.clone();
            given
                .schedule
                .get_or_insert_with(|| super::Schedule(DEFAULT_SCHEDULE.into()));
            given.sources = source
                .iter()
                .map(|s| {
                    super::sources::Source::Markdown(s.trim_start_matches("markdown:").to_owned())
                })
                .collect();
            given.trigger = given.trigger.map(|t| match t {
                super::Toggle::On(t) => super::Toggle::On(t.for_agent(&name)),
                off @ super::Toggle::Off => off,
            });
            match agent_row(&name, given, None) {
                Ok(row) => {
                    rows_to_add.push(row);
                    "added".to_owned()
                }
                Err(e) => format!("skipped: {e}"),
            }
        };
        out.push(Workspace {
            name,
            path,
            source,
            action,
        });
    }
    if !dry_run {
        let root_text = root.display().to_string();
        store.write(|tx| {
            for row in &rows_to_add {
                for receiver in row.owner.iter().chain(&row.escalate) {
                    state::notify::receiver(tx, receiver)?;
                }
                rows::save(tx, row, false)?;
            }
            rows::add_workspace_root(tx, &root_text)
        })?;
    }
    Ok(out)
}

/// The workspaces under the remembered roots that have no agent.
pub fn unwatched(store: &mut Store, agents: &[rows::AgentRow]) -> Result<Vec<PathBuf>, Error> {
    let roots = store.read(rows::workspace_roots)?;
    Ok(roots
        .iter()
        .filter_map(|r| workspaces(Path::new(r)).ok())
        .flatten()
        .filter(|(name, ..)| !agents.iter().any(|a| &a.name == name))
        .map(|(_, path, _)| path)
        .collect())
}
