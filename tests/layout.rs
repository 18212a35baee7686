//! The architecture's import rule, checked on the source: a subsystem reaches other code only
//! through the shared rooms (`state`, `notify`, `crypto`, `config`, …), never through another
//! subsystem; `state` sits below everything; only the entry points (`cli`, `admin`, `apply`,
//! `exporter`) compose subsystems.

use std::collections::BTreeSet;
use std::path::Path;

const SUBSYSTEMS: [&str; 6] = [
    "sidecar",
    "provider",
    "heartbeat",
    "inspect",
    "backup",
    "alert",
];
const SHARED: [&str; 11] = [
    "state", "config", "crypto", "notify", "exit", "error", "output", "server", "body", "logging",
    "child",
];

/// The rooms a room may import from `crate::`.
fn allowed(room: &str) -> Option<BTreeSet<&'static str>> {
    let mut set: BTreeSet<&'static str> = BTreeSet::new();
    match room {
        "cli" | "admin" | "apply" | "exporter" | "lib" | "main" => return None,
        "state" => set.extend(["state", "exit"]),
        "notify" => set.extend([
            "notify", "state", "config", "crypto", "exit", "error", "output", "child",
        ]),
        r if SUBSYSTEMS.contains(&r) => {
            set.extend(SHARED);
            set.insert(SUBSYSTEMS.iter().find(|s| **s == r).copied()?);
        }
        // The shared leaves themselves: anything shared, no subsystem.
        _ => set.extend(SHARED),
    }
    Some(set)
}

/// The top-level modules a file names as `crate::X` or in `crate::{X, Y::…}`.
fn imported_rooms(text: &str) -> BTreeSet<String> {
    let mut rooms = BTreeSet::new();
    let mut rest = text;
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                let name: String = item
                    .trim()
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    rooms.insert(name);
                }
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                rooms.insert(name);
            }
        }
    }
    rooms
}

/// Every violation in the tree under `src`, as `file: imports X`.
fn violations(src: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![src.to_owned()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("read src").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let rel = path.strip_prefix(src).expect("under src");
            let room = rel
                .components()
                .next()
                .and_then(|c| c.as_os_str().to_str())
                .map(|c| c.trim_end_matches(".rs").to_owned())
                .unwrap_or_default();
            let Some(ok) = allowed(&room) else {
                continue;
            };
            let text = std::fs::read_to_string(&path).expect("read file");
            for imported in imported_rooms(&text) {
                if !ok.contains(imported.as_str()) {
                    found.push(format!("{}: imports crate::{imported}", rel.display()));
                }
            }
        }
    }
    found.sort();
    found
}

#[test]
fn no_subsystem_imports_another() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let found = violations(&src);
    assert!(
        found.is_empty(),
        "the import rule is broken (see ARCHITECTURE.md):\n{}",
        found.join("\n")
    );
}

#[test]
fn the_rule_catches_a_violation() {
    let dir = tempfile::tempdir().expect("tmp");
    let sidecar = dir.path().join("sidecar");
    std::fs::create_dir_all(&sidecar).expect("mkdir");
    std::fs::write(
        sidecar.join("mod.rs"),
        "use crate::state::Store;\nuse crate::{crypto, provider::open_key};\nfn f() { crate::backup::run(); }\n",
    )
    .expect("write");
    std::fs::write(dir.path().join("state.rs"), "use crate::config;\n").expect("write");
    assert_eq!(
        violations(dir.path()),
        [
            "sidecar/mod.rs: imports crate::backup",
            "sidecar/mod.rs: imports crate::provider",
            "state.rs: imports crate::config",
        ]
    );
}
