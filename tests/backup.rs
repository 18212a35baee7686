//! `bizwings backup …` through the real binary, against real files, SQLite writers and a real
//! MariaDB server.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::support::Env;
use crate::support::mariadb::Mariadb;

fn p(path: &Path) -> &str {
    path.to_str().expect("utf8 path")
}

/// The backups of a job from `backup list NAME --json`.
fn backups(env: &Env, job: &str) -> Vec<Value> {
    let out = env.run(&["backup", "list", job, "--json"]);
    out.success();
    out.json()["backups"].as_array().expect("backups").clone()
}

#[test]
fn sqlite_backup_of_a_db_being_written_is_consistent() {
    let env = Env::initialized();
    let db = env.path("app.db");
    crate::support::sqlite(&db, "PRAGMA journal_mode=WAL");
    crate::support::sqlite(&db, "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)");
    // Another process writes continuously, in its own transactions, during the backups.
    let mut writer = Command::new("python3")
        .args([
            "-c",
            "import sqlite3,sys\nc=sqlite3.connect(sys.argv[1], isolation_level=None)\nc.execute('PRAGMA busy_timeout=5000')\nwhile True:\n  c.execute('INSERT INTO t(v) VALUES (?)', ('x'*200,))",
            p(&db),
        ])
        .spawn()
        .expect("writer");
    let deadline = Instant::now() + Duration::from_secs(10);
    while crate::support::sqlite(&db, "SELECT count(*) FROM t")
        .parse::<u64>()
        .expect("count")
        < 2000
    {
        assert!(Instant::now() < deadline, "writer did not write");
        std::thread::sleep(Duration::from_millis(50));
    }
    let dest = env.path("out");
    env.run(&[
        "backup",
        "add",
        "app",
        "--kind",
        "sqlite",
        "--source",
        p(&db),
        "--dest",
        p(&dest),
    ])
    .success();
    let mut counts = Vec::new();
    for _ in 0..3 {
        let before: u64 = crate::support::sqlite(&db, "SELECT count(*) FROM t")
            .parse()
            .expect("n");
        let out = env.run(&["backup", "run", "app", "--json"]);
        out.success();
        let after: u64 = crate::support::sqlite(&db, "SELECT count(*) FROM t")
            .parse()
            .expect("n");
        let file = PathBuf::from(out.json()["jobs"][0]["files"][0].as_str().expect("file"));
        assert_eq!(
            crate::support::sqlite(&file, "PRAGMA integrity_check"),
            "ok"
        );
        assert_eq!(
            crate::support::sqlite(&file, "PRAGMA journal_mode"),
            "delete",
            "a self-contained file, with no WAL beside it"
        );
        let copied: u64 = crate::support::sqlite(&file, "SELECT count(*) FROM t")
            .parse()
            .expect("n");
        assert!(
            before <= copied && copied <= after,
            "{before} <= {copied} <= {after}"
        );
        counts.push(copied);
    }
    let _ = writer.kill();
    let _ = writer.wait();
    assert!(
        counts.windows(2).all(|w| w[0] < w[1]),
        "the writer kept writing: {counts:?}"
    );
    let out = env.run(&["backup", "verify", "app", "--json"]);
    out.success();
    assert_eq!(out.json()["backups"].as_array().expect("list").len(), 3);
    // The built-in job backs up bizwings' own DB.
    env.run(&["backup", "run", "state"]).success();
    assert_eq!(backups(&env, "state").len(), 1);
}

fn make_tree(root: &Path) {
    fs::create_dir_all(root.join("nested/deeper")).expect("mkdir");
    fs::write(root.join("a.txt"), "alpha\n").expect("write");
    fs::write(root.join("nested/b.json"), "{\"b\": 1}").expect("write");
    let bytes: Vec<u8> = (0..300_000u32)
        .map(|i| u8::try_from(i * 7 % 251).expect("byte"))
        .collect();
    fs::write(root.join("nested/deeper/c.bin"), bytes).expect("write");
    std::os::unix::fs::symlink("a.txt", root.join("link")).expect("symlink");
}

fn assert_same_tree(a: &Path, b: &Path) {
    let out = Command::new("diff")
        .args(["-r", "--no-dereference", p(a), p(b)])
        .output()
        .expect("diff");
    assert!(
        out.status.success(),
        "trees differ:\n{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn a_directory_backup_restores_byte_for_byte() {
    let env = Env::initialized();
    let src = env.path("data");
    make_tree(&src);
    let dest = env.path("out");
    env.run(&[
        "backup",
        "add",
        "data",
        "--kind",
        "files",
        "--source",
        p(&src),
        "--dest",
        p(&dest),
    ])
    .success();
    let out = env.run(&["backup", "run", "data", "--json"]);
    out.success();
    let id = out.json()["jobs"][0]["backups"][0].as_i64().expect("id");
    let restored = env.path("restored");
    env.run(&["backup", "restore", &id.to_string(), "--to", p(&restored)])
        .success();
    assert_same_tree(&src, &restored);
    // Never over existing data.
    env.run(&["backup", "restore", &id.to_string(), "--to", p(&restored)])
        .code(64)
        .stderr_has("already exists");
    // Retention of a directory defaults to the runbook's 7 days for data.
    let jobs = env.run(&["backup", "list", "--json"]).json();
    let job = jobs["jobs"]
        .as_array()
        .expect("jobs")
        .iter()
        .find(|j| j["name"] == "data")
        .expect("job")
        .clone();
    assert_eq!(job["retention_days"], 7.0);
}

#[test]
fn config_files_get_timestamped_copies() {
    let env = Env::initialized();
    let a = env.path("nginx.conf");
    let b = env.path("hosts");
    fs::write(&a, "worker_processes 2;\n").expect("write");
    fs::write(&b, "127.0.0.1 localhost\n").expect("write");
    let dest = env.path("cfg");
    env.run(&[
        "backup",
        "add",
        "conf",
        "--kind",
        "files",
        "--source",
        &format!("{},{}", p(&a), p(&b)),
        "--dest",
        p(&dest),
    ])
    .success();
    env.run(&["backup", "run", "conf"]).success();
    let mut names: Vec<String> = fs::read_dir(&dest)
        .expect("dest")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .collect();
    names.sort();
    assert_eq!(names.len(), 2, "{names:?}");
    let re_like = |n: &str, base: &str| {
        let rest = n
            .strip_prefix(base)
            .and_then(|r| r.strip_suffix(".bak"))
            .expect("name shape");
        rest.len() == 16
            && rest.as_bytes()[9] == b'-'
            && rest[1..9].chars().all(|c| c.is_ascii_digit())
    };
    assert!(
        re_like(&names[0], "hosts") && re_like(&names[1], "nginx.conf"),
        "{names:?}"
    );
    assert_eq!(
        fs::read_to_string(dest.join(&names[1])).expect("copy"),
        "worker_processes 2;\n"
    );
    let jobs = env.run(&["backup", "list", "--json"]).json();
    let job = jobs["jobs"]
        .as_array()
        .expect("jobs")
        .iter()
        .find(|j| j["name"] == "conf")
        .expect("job")
        .clone();
    assert_eq!(job["retention_days"], 90.0, "config is kept 90 days");
}

#[test]
fn verify_names_a_corrupted_backup_and_exits_critical() {
    let env = Env::initialized();
    let src = env.path("data");
    make_tree(&src);
    let dest = env.path("out");
    env.run(&[
        "backup",
        "add",
        "data",
        "--kind",
        "files",
        "--source",
        p(&src),
        "--dest",
        p(&dest),
    ])
    .success();
    env.run(&["backup", "run", "--all"]).success();
    env.run(&["backup", "verify"]).success();
    let file = backups(&env, "data")[0]["path"]
        .as_str()
        .expect("path")
        .to_owned();
    let mut bytes = fs::read(&file).expect("read");
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x55;
    fs::write(&file, bytes).expect("write");
    let out = env.run(&["backup", "verify"]);
    out.code(2);
    assert!(
        out.stdout.contains(&file) && out.stdout.contains("checksum"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("state") && out.stdout.contains(" ok "),
        "the good one still passes"
    );
    let out = env.run(&["backup", "verify", "--json"]);
    out.code(2);
    assert_eq!(out.json()["status"], "critical");
    env.run(&[
        "backup",
        "restore",
        &backups(&env, "data")[0]["id"].to_string(),
        "--to",
        p(&env.path("r")),
    ])
    .code(64)
    .stderr_has("refusing to restore");
}

#[test]
fn an_interrupted_backup_is_never_counted() {
    let env = Env::initialized();
    let src = env.path("big");
    fs::create_dir_all(&src).expect("mkdir");
    // Incompressible data, enough to be mid-write when killed.
    let status = Command::new("head")
        .args(["-c", "200000000", "/dev/urandom"])
        .stdout(fs::File::create(src.join("blob")).expect("create"))
        .status()
        .expect("head");
    assert!(status.success());
    let dest = env.path("out");
    env.run(&[
        "backup",
        "add",
        "big",
        "--kind",
        "files",
        "--source",
        p(&src),
        "--dest",
        p(&dest),
    ])
    .success();
    let mut cmd = env.cmd().args(&["backup", "run", "big"]).command;
    let mut child = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let deadline = Instant::now() + Duration::from_secs(30);
    let partial = loop {
        let found = fs::read_dir(&dest).ok().and_then(|d| {
            d.filter_map(Result::ok).find(|e| {
                e.file_name().to_string_lossy().ends_with(".partial")
                    && e.metadata().is_ok_and(|m| m.len() > 1_000_000)
            })
        });
        if let Some(entry) = found {
            break entry.path();
        }
        assert!(Instant::now() < deadline, "no partial file appeared");
        std::thread::sleep(Duration::from_millis(20));
    };
    child.kill().expect("kill -9");
    child.wait().expect("wait");
    assert!(
        backups(&env, "big").is_empty(),
        "a killed run is not in the catalog"
    );
    assert!(
        !fs::read_dir(&dest).expect("dest").any(|e| {
            let n = e.expect("e").file_name().to_string_lossy().into_owned();
            n.ends_with(".tar.gz")
        }),
        "no file under a final name"
    );
    // The next run cleans up the leftover and succeeds.
    env.run(&["backup", "run", "big"]).success();
    assert!(!partial.exists(), "stale partial removed");
    assert_eq!(backups(&env, "big").len(), 1);
}

#[test]
fn prune_keeps_what_retention_says_and_always_the_newest() {
    let env = Env::initialized();
    let src = env.path("data");
    make_tree(&src);
    let dest = env.path("out");
    env.run(&[
        "backup",
        "add",
        "data",
        "--kind",
        "files",
        "--source",
        p(&src),
        "--dest",
        p(&dest),
        "--retention",
        "30d",
    ])
    .success();
    for _ in 0..3 {
        env.run(&["backup", "run", "data"]).success();
    }
    let files: Vec<String> = backups(&env, "data")
        .iter()
        .map(|b| b["path"].as_str().expect("p").to_owned())
        .collect();
    assert_eq!(files.len(), 3);
    let at = |days: u64| {
        let t = std::time::SystemTime::now() + Duration::from_secs(days * 86_400);
        humantime::format_rfc3339_seconds(t).to_string()
    };
    let out = env.run(&["backup", "prune", "--now", &at(10), "--json"]);
    out.success();
    assert!(
        out.json()["pruned"].as_array().expect("list").is_empty(),
        "10 days in, all are kept"
    );
    let out = env.run(&["backup", "prune", "--dry-run", "--now", &at(31), "--json"]);
    out.success();
    assert_eq!(out.json()["pruned"].as_array().expect("list").len(), 2);
    assert!(
        files.iter().all(|f| Path::new(f).exists()),
        "dry run deletes nothing"
    );
    let out = env.run(&["backup", "prune", "--now", &at(31), "--json"]);
    out.success();
    let remaining = backups(&env, "data");
    assert_eq!(remaining.len(), 1);
    assert_eq!(
        remaining[0]["path"].as_str(),
        Some(files[0].as_str()),
        "the newest stays"
    );
    assert!(
        Path::new(&files[0]).exists()
            && !Path::new(&files[1]).exists()
            && !Path::new(&files[2]).exists()
    );
    // A year later the last good backup is still there.
    env.run(&["backup", "prune", "--now", &at(365)]).success();
    assert_eq!(backups(&env, "data").len(), 1);
}

#[test]
fn bad_jobs_are_refused() {
    let env = Env::initialized();
    let dest = env.path("out");
    let d = p(&dest);
    let cases: &[(&[&str], i32, &str)] = &[
        (
            &[
                "backup",
                "add",
                "x",
                "--kind",
                "sqlite",
                "--source",
                "/nonexistent.db",
                "--dest",
                d,
            ],
            64,
            "not a file",
        ),
        (
            &[
                "backup",
                "add",
                "x",
                "--kind",
                "files",
                "--source",
                "/nonexistent-dir",
                "--dest",
                d,
            ],
            64,
            "neither",
        ),
        (
            &[
                "backup", "add", "x", "--kind", "files", "--source", "/tmp", "--dest", "relative",
            ],
            64,
            "absolute",
        ),
        (
            &[
                "backup", "add", "state", "--kind", "files", "--source", "/tmp", "--dest", d,
            ],
            64,
            "built-in",
        ),
        (
            &[
                "backup", "add", "x", "--kind", "tape", "--source", "/tmp", "--dest", d,
            ],
            64,
            "tape",
        ),
        (&["backup", "run"], 64, "--all"),
        (&["backup", "run", "ghost"], 2, "not found"),
        (&["backup", "restore", "999", "--to", d], 2, "not found"),
    ];
    for (args, code, message) in cases {
        let out = env.run(args);
        assert_eq!(out.code, Some(*code), "{args:?}: {}", out.stderr);
        assert!(out.stderr.contains(message), "{args:?}: {}", out.stderr);
    }
}

#[test]
#[expect(clippy::too_many_lines, reason = "one story against one server")]
fn mysql_dump_restores_into_a_fresh_database_and_a_bad_password_fails() {
    let Some(db) = Mariadb::start() else {
        #[expect(clippy::print_stderr, reason = "a skipped test says why")]
        {
            eprintln!("skipped: MariaDB is not installed (run .ci/run)");
        }
        return;
    };
    db.sql(
        "CREATE DATABASE shop; CREATE TABLE shop.items (id INT PRIMARY KEY, name VARCHAR(64), price DECIMAL(8,2));
         INSERT INTO shop.items VALUES (1,'apple',1.20),(2,'pear',0.80),(3,'fig ''dried''',3.50);
         CREATE TABLE shop.orders (id INT AUTO_INCREMENT PRIMARY KEY, item INT, qty INT);
         INSERT INTO shop.orders (item, qty) SELECT a.id, b.id FROM shop.items a, shop.items b;
         CREATE USER 'bk'@'localhost' IDENTIFIED BY 'secret-pw-123'; GRANT ALL ON *.* TO 'bk'@'localhost';",
    );
    let checksum = || db.sql("CHECKSUM TABLE shop.items, shop.orders");
    let before = checksum();
    let env = Env::initialized();
    let dest = env.path("mysql");
    let socket = p(&db.socket).to_owned();
    env.cmd()
        .args(&[
            "backup",
            "add",
            "shop",
            "--kind",
            "mysql",
            "--source",
            "shop",
            "--mysql-socket",
            &socket,
            "--mysql-user",
            "bk",
            "--mysql-password-stdin",
            "--dest",
            p(&dest),
        ])
        .stdin("secret-pw-123\n")
        .run()
        .success();
    let out = env.run(&["backup", "run", "shop", "--json"]);
    out.success();
    let id = out.json()["jobs"][0]["backups"][0].as_i64().expect("id");
    env.run(&["backup", "verify", &id.to_string()]).success();
    assert!(
        !String::from_utf8_lossy(&fs::read(env.db()).expect("db")).contains("secret-pw-123"),
        "password encrypted at rest"
    );

    let shown = env.run(&["backup", "restore", &id.to_string()]);
    shown.success();
    assert!(
        shown.stdout.contains("gunzip -c") && !shown.stdout.contains("secret-pw"),
        "{}",
        shown.stdout
    );
    db.sql("DROP DATABASE shop");
    env.run(&["backup", "restore", &id.to_string(), "--apply", "--yes"])
        .success();
    assert_eq!(checksum(), before, "restored tables are identical");
    assert_eq!(
        db.sql("SELECT name FROM shop.items WHERE id = 3"),
        "fig 'dried'"
    );

    env.cmd()
        .args(&[
            "backup",
            "add",
            "wrong",
            "--kind",
            "mysql",
            "--source",
            "shop",
            "--mysql-socket",
            &socket,
            "--mysql-user",
            "bk",
            "--mysql-password-stdin",
            "--dest",
            p(&dest),
        ])
        .stdin("not-the-password")
        .run()
        .success();
    // Failures also go out through the alert routes.
    let sink = env.path("alerts.jsonl");
    env.run(&[
        "alert",
        "receiver",
        "add",
        "ops",
        "--command",
        &format!("cat >> {}", p(&sink)),
    ])
    .success();
    env.run(&[
        "alert",
        "route",
        "add",
        "--match",
        "source=backup",
        "--receiver",
        "ops",
    ])
    .success();
    let out = env.run(&["backup", "run", "wrong"]);
    out.code(2);
    assert!(out.stdout.contains("Access denied"), "{}", out.stdout);
    let card = fs::read_to_string(&sink).expect("notification sent");
    assert!(
        card.contains("backup wrong failed") && card.contains("Access denied"),
        "{card}"
    );
    assert!(backups(&env, "wrong").is_empty());
    let leftovers: Vec<String> = fs::read_dir(&dest)
        .expect("dest")
        .map(|e| e.expect("e").file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("wrong"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "a failed dump leaves nothing: {leftovers:?}"
    );
}

/// #13: a backup source that went away is named as such, not as "cannot open state db".
#[test]
fn a_vanished_sqlite_source_is_named_in_the_error() {
    let env = Env::initialized();
    let db = env.path("app.db");
    crate::support::sqlite(&db, "CREATE TABLE t (x)");
    let dest = env.path("out");
    env.run(&[
        "backup",
        "add",
        "app",
        "--kind",
        "sqlite",
        "--source",
        p(&db),
        "--dest",
        p(&dest),
    ])
    .success();
    std::fs::remove_file(&db).expect("rm");
    let out = env.run(&["backup", "run", "app"]);
    out.code(2);
    assert!(
        out.stdout.contains("cannot open SQLite file") && !out.stdout.contains("state db"),
        "{}",
        out.stdout
    );
    // The state itself is fine: the failure is in the catalog.
    env.run(&["backup", "list", "app"]).success();
}

/// #30: `restore --apply` puts a SQLite backup back over its source, after asking (refused
/// without `--yes` off a terminal) and keeping the replaced file beside it; a directory
/// archive is never merged into a live directory.
#[test]
fn restore_apply_replaces_a_sqlite_source_and_keeps_the_old_one() {
    let env = Env::initialized();
    let db = env.path("app.db");
    crate::support::sqlite(&db, "CREATE TABLE t (v TEXT)");
    crate::support::sqlite(&db, "INSERT INTO t VALUES ('good')");
    let dest = env.path("backups");
    env.run(&[
        "backup",
        "add",
        "app",
        "--kind",
        "sqlite",
        "--source",
        db.to_str().expect("utf8"),
        "--dest",
        dest.to_str().expect("utf8"),
    ])
    .success();
    env.run(&["backup", "run", "app"]).success();
    let id = backups(&env, "app")[0]["id"].as_i64().expect("id");
    crate::support::sqlite(&db, "UPDATE t SET v = 'broken'");
    env.run(&["backup", "restore", &id.to_string(), "--apply"])
        .code(2)
        .stderr_has("--yes");
    assert_eq!(
        crate::support::sqlite(&db, "SELECT v FROM t"),
        "broken",
        "nothing changed"
    );
    let out = env.run(&[
        "backup",
        "restore",
        &id.to_string(),
        "--apply",
        "--yes",
        "--json",
    ]);
    out.success();
    let kept = out.json()["restore"]["kept"]
        .as_str()
        .expect("kept")
        .to_owned();
    assert_eq!(crate::support::sqlite(&db, "SELECT v FROM t"), "good");
    assert_eq!(
        crate::support::sqlite(std::path::Path::new(&kept), "SELECT v FROM t"),
        "broken",
        "the replaced file is kept"
    );
}

/// #28: the runbook's copy before a change: one command into the catalog, the diff against the
/// file as changed afterwards, and the restore that puts the original back.
#[test]
fn a_config_snapshot_shows_what_changed_and_restores() {
    let env = Env::initialized();
    let conf = env.path("nginx.conf");
    std::fs::write(&conf, "worker_processes 2;\nkeepalive_timeout 65;\n").expect("write");
    let taken = env.run(&["backup", "snapshot", p(&conf), "--json"]).json();
    let job = &taken["jobs"][0];
    assert_eq!(job["status"], "ok", "{taken}");
    let id = job["backups"][0].as_i64().expect("id");
    let listed = env.run(&["backup", "list", "--json"]).json();
    let snap = listed["jobs"]
        .as_array()
        .expect("jobs")
        .iter()
        .find(|j| j["source"] == p(&conf))
        .expect("the snapshot's job");
    assert_eq!(snap["category"], "config", "{snap}");

    let same = env
        .run(&["backup", "diff", &id.to_string(), "--json"])
        .json();
    assert_eq!(same["changed"], false, "{same}");
    std::fs::write(&conf, "worker_processes 8;\nkeepalive_timeout 65;\n").expect("change");
    let out = env.run(&["backup", "diff", &id.to_string()]);
    out.success();
    assert!(
        out.stdout.contains("-worker_processes 2;") && out.stdout.contains("+worker_processes 8;"),
        "{}",
        out.stdout
    );
    // A second snapshot reuses the job.
    env.run(&["backup", "snapshot", p(&conf)]).success();
    assert_eq!(backups(&env, snap["name"].as_str().expect("name")).len(), 2);

    env.run(&["backup", "restore", &id.to_string(), "--apply", "--yes"])
        .success();
    assert_eq!(
        std::fs::read_to_string(&conf).expect("read"),
        "worker_processes 2;\nkeepalive_timeout 65;\n"
    );
    env.run(&["backup", "diff", "999"]).code(2);
}
