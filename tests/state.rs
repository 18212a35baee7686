//! The state DB as a file: migrations from every committed older version.

use crate::support::Env;

/// A DB made by the first release's schema (version 1, with rows in it) opens with this build:
/// every later migration applies, and what was stored is still there.
#[test]
fn a_version_1_db_migrates_forward_and_keeps_its_rows() {
    let env = Env::new();
    let fixture = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/db/v1.sqlite");
    std::fs::copy(fixture, env.db()).expect("copy fixture");
    let usage = env.run(&["usage", "--hours", "87600", "--json"]);
    usage.success();
    let rows = usage.json()["rows"].as_array().expect("rows").clone();
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (rows[0]["provider"].as_str(), rows[0]["requests"].as_u64()),
        (Some("legacy"), Some(5))
    );
    // Tables of every later version answer.
    for args in [
        &["backup", "list", "--json"][..],
        &["alert", "route", "list", "--json"],
        &["inspect", "host", "list", "--json"],
        &["heartbeat", "list", "--json"],
        &["sidecar", "client", "list", "--json"],
    ] {
        env.run(args).success();
    }
    let out = std::process::Command::new("python3")
        .args(["-c", "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('PRAGMA user_version').fetchone()[0])"])
        .arg(env.db())
        .output()
        .expect("python3");
    let version: u32 = String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .expect("version");
    assert!(
        version >= 6,
        "migrated to the latest version, got {version}"
    );
    // A DB from a newer bizwings is refused, not damaged.
    let newer = env.path("newer.db");
    std::fs::copy(fixture, &newer).expect("copy");
    std::process::Command::new("python3")
        .args(["-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('PRAGMA user_version=999'); c.commit()"])
        .arg(&newer)
        .status()
        .expect("python3");
    env.run(&["usage", "--db", newer.to_str().expect("utf8")])
        .code(3)
        .stderr_has("newer than this bizwings supports");
}
