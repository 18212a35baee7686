//! The architecture's import rules, checked on the source (see ARCHITECTURE.md):
//! - each top-level room imports from `crate::` only the rooms its row allows: a subsystem only
//!   the shared rooms, never another subsystem; the shared rooms only those below them; the
//!   entry points (`cli`, `admin`, `apply`, `exporter`) only what they compose;
//! - inside `sidecar/`, the request path imports no background or management code, and
//!   neither of those imports the other, so the three sub-rooms form no circle.

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
const SHARED: [&str; 13] = [
    "state", "config", "crypto", "notify", "exit", "error", "output", "server", "body", "logging",
    "child", "input", "ssh",
];

/// The rooms a top-level room may import from `crate::` (besides itself).
fn allowed(room: &str) -> BTreeSet<&'static str> {
    let below: &[&'static str] = match room {
        "cli" => {
            let mut ok = set(&["admin", "apply", "exporter"]);
            ok.extend(SUBSYSTEMS);
            ok.extend(SHARED);
            return ok;
        }
        "admin" => &["sidecar", "provider"],
        "apply" => &SUBSYSTEMS,
        "exporter" => &["heartbeat"],
        r if SUBSYSTEMS.contains(&r) => &[],
        // The shared rooms, each only what sits below it.
        "notify" => {
            return set(&[
                "state", "config", "crypto", "exit", "error", "output", "child",
            ]);
        }
        "config" => return set(&["state", "crypto", "output", "error"]),
        "error" => return set(&["state", "crypto", "exit"]),
        "server" => return set(&["exit", "body"]),
        "input" | "ssh" => return set(&["crypto", "error"]),
        "state" | "crypto" | "output" => return set(&["exit"]),
        _ => return set(&[]),
    };
    let mut ok = set(below);
    ok.extend(SHARED);
    ok
}

fn set(rooms: &[&'static str]) -> BTreeSet<&'static str> {
    rooms.iter().copied().collect()
}

/// What a file under `sidecar/ROOM/` may import of `crate::sidecar::…`.
fn sidecar_allowed(sub_room: &str) -> Option<&'static [&'static str]> {
    match sub_room {
        "request" => Some(&["request", "config"]),
        "background" => Some(&["background", "request", "config"]),
        "manage" => Some(&["manage", "request", "config"]),
        "config.rs" => Some(&[]),
        _ => None,
    }
}

/// Every path a file names after `crate::`, two segments deep (`sidecar::request`, `state`),
/// with `use` groups expanded however deeply they nest: `crate::{a::{b, c}, d}` names
/// `a::b`, `a::c` and `d`.
fn imported_paths(text: &str) -> BTreeSet<String> {
    let mut paths = BTreeSet::new();
    let mut rest = text;
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        let mut found = Vec::new();
        tree(&mut rest.chars().peekable(), "", &mut found);
        for path in found {
            let two: Vec<&str> = path.split("::").filter(|s| !s.is_empty()).take(2).collect();
            if !two.is_empty() {
                paths.insert(two.join("::"));
            }
        }
    }
    paths
}

/// One `use` tree: `name(::tree)?` or `{tree, tree, …}`; pushes each full path.
fn tree(chars: &mut std::iter::Peekable<std::str::Chars<'_>>, prefix: &str, out: &mut Vec<String>) {
    while chars.peek().is_some_and(|c| c.is_whitespace()) {
        chars.next();
    }
    if chars.peek() == Some(&'{') {
        chars.next();
        loop {
            tree(chars, prefix, out);
            while chars.peek().is_some_and(|c| c.is_whitespace()) {
                chars.next();
            }
            match chars.next() {
                Some(',') if chars.clone().find(|c| !c.is_whitespace()) == Some('}') => {
                    chars.find(|c| *c == '}');
                    return;
                }
                Some(',') => {}
                _ => return,
            }
        }
    }
    let name: String = std::iter::from_fn(|| {
        chars
            .next_if(|c| c.is_ascii_alphanumeric() || *c == '_')
            .map(|c| c.to_string())
    })
    .collect();
    let path = if prefix.is_empty() {
        name
    } else {
        format!("{prefix}::{name}")
    };
    let mut ahead = chars.clone();
    if ahead.next() == Some(':') && ahead.next() == Some(':') {
        chars.next();
        chars.next();
        tree(chars, &path, out);
    } else {
        out.push(path);
    }
}

/// Every violation in the tree under `src`, as `file: imports crate::X`.
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
            let parts: Vec<String> = rel
                .components()
                .filter_map(|c| c.as_os_str().to_str().map(str::to_owned))
                .collect();
            let room = parts[0].trim_end_matches(".rs").to_owned();
            if room == "lib" || room == "main" {
                continue;
            }
            let ok = allowed(&room);
            let sub = (room == "sidecar" && parts.len() > 2)
                .then(|| sidecar_allowed(&parts[1]))
                .flatten()
                .or_else(|| (parts == ["sidecar", "config.rs"]).then_some(&[][..]));
            let text = std::fs::read_to_string(&path).expect("read file");
            let show = rel.display();
            for imported in imported_paths(&text) {
                let top = imported.split("::").next().unwrap_or_default();
                if top != room && !ok.contains(top) {
                    found.push(format!("{show}: imports crate::{top}"));
                }
                if let (Some(sub), Some(inner)) = (sub, imported.strip_prefix("sidecar::"))
                    && !sub.contains(&inner)
                {
                    found.push(format!("{show}: imports crate::{imported}"));
                }
            }
            // A sub-room reaches its neighbours by name (`crate::sidecar::…`), where the
            // rule above sees it, never around it.
            if sub.is_some() && text.contains("super::super") {
                found.push(format!("{show}: imports through super::super"));
            }
        }
    }
    found.sort();
    found.dedup();
    found
}

#[test]
fn no_room_imports_what_its_row_does_not_allow() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let found = violations(&src);
    assert!(
        found.is_empty(),
        "the import rule is broken (see ARCHITECTURE.md):\n{}",
        found.join("\n")
    );
}

#[test]
fn the_rule_catches_each_kind_of_violation() {
    let dir = tempfile::tempdir().expect("tmp");
    let write = |rel: &str, text: &str| {
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    };
    write(
        "sidecar/mod.rs",
        "use crate::state::Store;\nuse crate::{crypto, provider::open_key};\nfn f() { crate::backup::run(); }\n",
    );
    // Nested groups: the `inspect` behind the inner group is still seen.
    write(
        "heartbeat/mod.rs",
        "use crate::{state::{self, Store}, notify::{Message}, inspect};\n",
    );
    write(
        "sidecar/request/proxy.rs",
        "use crate::sidecar::config::X;\nuse crate::sidecar::{request::A, background::writer};\nuse super::super::Sidecar;\n",
    );
    write(
        "sidecar/manage/live.rs",
        "use crate::sidecar::request::App;\nuse crate::sidecar::background::reload;\n",
    );
    write("state.rs", "use crate::config;\n");
    write("output/mod.rs", "use crate::state::Store;\n");
    write("exporter/mod.rs", "use crate::{heartbeat, backup::Job};\n");
    write(
        "admin/mod.rs",
        "use crate::sidecar::App;\nuse crate::alert;\n",
    );
    assert_eq!(
        violations(dir.path()),
        [
            "admin/mod.rs: imports crate::alert",
            "exporter/mod.rs: imports crate::backup",
            "heartbeat/mod.rs: imports crate::inspect",
            "output/mod.rs: imports crate::state",
            "sidecar/manage/live.rs: imports crate::sidecar::background",
            "sidecar/mod.rs: imports crate::backup",
            "sidecar/mod.rs: imports crate::provider",
            "sidecar/request/proxy.rs: imports crate::sidecar::background",
            "sidecar/request/proxy.rs: imports through super::super",
            "state.rs: imports crate::config",
        ]
    );
}
