//! `bizwings init` and `bizwings provider …` through the real binary.

use std::fs;
use std::os::unix::fs::PermissionsExt as _;

use crate::support::{Env, bytes};

const KEY_A: &str = "sk-live-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA1111";
const KEY_B: &str = "sk-live-BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB2222";
const OTHER_MASTER: &str = "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff";

fn add(env: &Env, name: &str, key: &str, extra: &[&str]) -> crate::support::Out {
    let mut args = vec![
        "provider",
        "add",
        name,
        "--url",
        "https://api.example.com/v1/",
        "--key-stdin",
    ];
    args.extend_from_slice(extra);
    env.cmd().args(&args).stdin(&format!("{key}\n")).run()
}

fn names(env: &Env) -> Vec<String> {
    let out = env.run(&["provider", "list", "--json"]);
    out.success();
    out.json()["providers"]
        .as_array()
        .expect("providers array")
        .iter()
        .map(|p| p["name"].as_str().expect("name").to_owned())
        .collect()
}

#[test]
fn init_creates_private_db_and_key_file_and_is_idempotent() {
    let env = Env::new();
    let out = env.run(&["init"]);
    out.success();
    assert!(out.stdout.contains("created master key"), "{}", out.stdout);
    for path in [env.db(), env.key_file()] {
        let mode = fs::metadata(&path).expect("exists").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{}", path.display());
    }
    let key = fs::read_to_string(env.key_file()).expect("key");
    assert_eq!(key.trim().len(), 64);
    let again = env.run(&["init", "--json"]);
    again.success();
    let doc = again.json();
    assert_eq!(doc["key_file_created"], false);
    assert_eq!(doc["db_created"], false);
    assert_eq!(doc["schema"], 1);
    assert_eq!(
        fs::read_to_string(env.key_file()).expect("key"),
        key,
        "init keeps the key"
    );
}

#[test]
fn commands_without_a_key_say_how_to_get_one() {
    let env = Env::new();
    env.run(&["provider", "list"])
        .code(2)
        .stderr_has("no state db")
        .stderr_has("bizwings init");
    let env = Env::initialized();
    fs::remove_file(env.key_file()).expect("rm key");
    env.run(&["provider", "list"])
        .code(2)
        .stderr_has("no master key configured")
        .stderr_has("bizwings init");
}

#[test]
fn add_list_show_set_map_enable_disable_rm_round_trip() {
    let env = Env::initialized();
    let out = add(
        &env,
        "ds-1",
        KEY_A,
        &[
            "--label",
            "DeepSeek main",
            "--rpm",
            "60",
            "--model",
            "chat=deepseek-chat",
            "--price",
            "chat=0.27,1.1",
            "--json",
        ],
    );
    out.success();
    let p = &out.json()["provider"];
    assert_eq!(p["name"], "ds-1");
    assert_eq!(
        p["base_url"], "https://api.example.com/v1",
        "trailing slash trimmed"
    );
    assert_eq!(p["pool"], "primary");
    assert_eq!(p["rpm"], 60);
    assert_eq!(p["key"], "sk-liv****1111");
    assert_eq!(p["models"][0]["native_id"], "deepseek-chat");
    assert_eq!(p["models"][0]["output_usd_per_mtok"], 1.1);

    add(
        &env,
        "or-1",
        KEY_B,
        &["--pool", "fallback", "--timeout", "30s"],
    )
    .success();

    let table = env.run(&["provider", "list"]);
    table.success();
    let lines: Vec<&str> = table.stdout.lines().collect();
    assert!(lines[0].starts_with("NAME"), "{}", table.stdout);
    assert!(lines[1].contains("ds-1") && lines[1].contains("chat=deepseek-chat"));
    assert!(lines[2].contains("or-1") && lines[2].contains("fallback"));
    assert!(!table.stdout.contains(KEY_A) && table.stdout.contains("sk-liv****1111"));

    let out = env.run(&[
        "provider",
        "set",
        "or-1",
        "--rpm",
        "10",
        "--rename",
        "or-main",
        "--url",
        "http://127.0.0.1:9/v1",
        "--json",
    ]);
    out.success();
    assert_eq!(out.json()["provider"]["rpm"], 10);
    assert_eq!(out.json()["provider"]["base_url"], "http://127.0.0.1:9/v1");
    assert_eq!(names(&env), ["ds-1", "or-main"]);

    env.run(&[
        "provider",
        "map",
        "or-main",
        "gpt-4o",
        "openai/gpt-4o",
        "--in-price",
        "2.5",
        "--out-price",
        "10",
    ])
    .success();
    let shown = env.run(&["provider", "show", "or-main", "--json"]);
    shown.success();
    let m = &shown.json()["provider"]["models"][0];
    assert_eq!(
        (m["canonical"].as_str(), m["native_id"].as_str()),
        (Some("gpt-4o"), Some("openai/gpt-4o"))
    );
    assert_eq!(m["input_usd_per_mtok"], 2.5);
    let human = env.run(&["provider", "show", "or-main"]);
    human.success();
    assert!(human.stdout.contains("openai/gpt-4o") && human.stdout.contains("sk-liv****2222"));

    env.run(&["provider", "unmap", "or-main", "gpt-4o"])
        .success();
    env.run(&["provider", "unmap", "or-main", "gpt-4o"])
        .code(2)
        .stderr_has("not found");

    let out = env.run(&["provider", "disable", "ds-1", "--json"]);
    out.success();
    assert_eq!(out.json()["provider"]["enabled"], false);
    let out = env.run(&["provider", "enable", "ds-1", "--json"]);
    assert_eq!(out.json()["provider"]["enabled"], true);

    env.run(&["provider", "rm", "ds-1"])
        .code(2)
        .stderr_has("--yes");
    env.run(&["provider", "rm", "ds-1", "--yes"]).success();
    assert_eq!(names(&env), ["or-main"]);
    env.run(&["provider", "show", "ds-1"])
        .code(2)
        .stderr_has("not found");
}

#[test]
fn keys_come_from_stdin_file_or_env_and_rotate() {
    let env = Env::initialized();
    let key_file = env.path("upstream.key");
    fs::write(&key_file, format!("{KEY_B}\n")).expect("write");
    fs::set_permissions(&key_file, fs::Permissions::from_mode(0o600)).expect("chmod");
    env.cmd()
        .args(&[
            "provider",
            "add",
            "f",
            "--url",
            "https://x.example/v1",
            "--key-file",
        ])
        .args(&[key_file.to_str().expect("utf8")])
        .run()
        .success();
    env.cmd()
        .args(&[
            "provider",
            "add",
            "e",
            "--url",
            "https://x.example/v1",
            "--key-env",
            "MY_KEY",
        ])
        .env("MY_KEY", KEY_A)
        .run()
        .success();
    env.run(&["provider", "add", "none", "--url", "https://x.example/v1"])
        .code(64)
        .stderr_has("--key-stdin");
    let out = env
        .cmd()
        .args(&["provider", "rotate-key", "e", "--key-stdin", "--json"])
        .stdin(KEY_B)
        .run();
    out.success();
    assert_eq!(out.json()["provider"]["key"], "sk-liv****2222");
}

#[test]
fn the_db_never_holds_a_plaintext_key() {
    let env = Env::initialized();
    add(&env, "p1", KEY_A, &[]).success();
    env.cmd()
        .args(&["provider", "rotate-key", "p1", "--key-stdin"])
        .stdin(KEY_B)
        .run()
        .success();
    let mut files = vec![env.db()];
    files.push(env.path("state.db-wal"));
    let mut scanned = 0;
    for path in files {
        let data = bytes(&path);
        scanned += data.len();
        for key in [KEY_A, KEY_B] {
            for needle in [key.as_bytes(), &key.as_bytes()[8..40]] {
                assert!(
                    !data.windows(needle.len()).any(|w| w == needle),
                    "{} contains key material",
                    path.display()
                );
            }
        }
    }
    assert!(scanned > 4096, "scanned the DB and its WAL");
}

#[test]
fn a_wrong_master_key_is_refused_and_changes_nothing() {
    let env = Env::initialized();
    add(&env, "p1", KEY_A, &[]).success();
    let before = names(&env);
    env.cmd()
        .args(&["provider", "list"])
        .env("BIZWINGS_MASTER_KEY", OTHER_MASTER)
        .run()
        .code(2)
        .stderr_has("master key does not match this database");
    env.cmd()
        .args(&[
            "provider",
            "add",
            "p2",
            "--url",
            "https://x.example/v1",
            "--key-stdin",
        ])
        .env("BIZWINGS_MASTER_KEY", OTHER_MASTER)
        .stdin(KEY_B)
        .run()
        .code(2)
        .stderr_has("master key does not match");
    // The seed's variable name is an alias and gets the same treatment.
    env.cmd()
        .args(&["provider", "rm", "p1", "--yes"])
        .env("SIDECAR_ENCRYPTION_KEY", OTHER_MASTER)
        .run()
        .code(2);
    assert_eq!(names(&env), before);
}

#[test]
fn bad_master_key_material_is_refused() {
    let env = Env::initialized();
    env.cmd()
        .args(&["provider", "list"])
        .env("BIZWINGS_MASTER_KEY", "not-hex")
        .run()
        .code(2)
        .stderr_has("64 hex characters");
    env.cmd()
        .args(&["provider", "list"])
        .env("BIZWINGS_MASTER_KEY", "zz".repeat(32))
        .run()
        .code(2)
        .stderr_has("not valid hex");
    fs::set_permissions(env.key_file(), fs::Permissions::from_mode(0o644)).expect("chmod");
    env.run(&["provider", "list"])
        .code(2)
        .stderr_has("readable by group or others")
        .stderr_has("chmod 600");
}

#[test]
#[expect(clippy::too_many_lines, reason = "one table of cases")]
fn bad_input_is_a_usage_error_and_changes_nothing() {
    let env = Env::initialized();
    add(&env, "p1", KEY_A, &[]).success();
    let before = names(&env);
    let cases: &[(&[&str], i32, &str)] = &[
        (
            &["provider", "add", "x", "--url", "ftp://x", "--key-stdin"],
            64,
            "invalid base URL",
        ),
        (
            &["provider", "add", "x", "--url", "not a url", "--key-stdin"],
            64,
            "invalid base URL",
        ),
        (
            &[
                "provider",
                "add",
                "x",
                "--url",
                "https://x/v1",
                "--key-stdin",
                "--pool",
                "tertiary",
            ],
            64,
            "tertiary",
        ),
        (
            &[
                "provider",
                "add",
                "x",
                "--url",
                "https://x/v1",
                "--key-stdin",
                "--rpm",
                "0",
            ],
            64,
            "rpm",
        ),
        (
            &[
                "provider",
                "add",
                "x y",
                "--url",
                "https://x/v1",
                "--key-stdin",
            ],
            64,
            "invalid provider name",
        ),
        (
            &[
                "provider",
                "add",
                "x",
                "--url",
                "https://x/v1",
                "--key-stdin",
                "--price",
                "m=1,2",
            ],
            64,
            "not among the models given",
        ),
        (
            &[
                "provider",
                "add",
                "p1",
                "--url",
                "https://x/v1",
                "--key-stdin",
            ],
            2,
            "already exists",
        ),
        (&["provider", "set", "p1"], 64, "nothing to change"),
        (
            &["provider", "set", "p1", "--url", "gopher://x"],
            64,
            "invalid base URL",
        ),
        (
            &["provider", "map", "p1", "m", "n", "--in-price", "-1"],
            64,
            "price",
        ),
        (&["provider", "frobnicate"], 64, "unrecognized subcommand"),
    ];
    for (args, code, message) in cases {
        let out = env.cmd().args(args).stdin(KEY_B).run();
        assert_eq!(out.code, Some(*code), "{args:?}: {}", out.stderr);
        assert!(out.stderr.contains(message), "{args:?}: {}", out.stderr);
        assert!(!out.stderr.contains("panicked"), "{args:?}: {}", out.stderr);
    }
    env.cmd()
        .args(&[
            "provider",
            "add",
            "x",
            "--url",
            "https://x/v1",
            "--key-stdin",
        ])
        .stdin("   \n")
        .run()
        .code(64)
        .stderr_has("empty");
    assert_eq!(names(&env), before);
}

#[test]
fn json_errors_keep_a_status_field() {
    let env = Env::initialized();
    let out = env.run(&["provider", "show", "ghost", "--json"]);
    out.code(2);
    let doc = out.json();
    assert_eq!(doc["status"], "critical");
    assert!(doc["error"].as_str().expect("error").contains("ghost"));
}

#[test]
fn master_key_rotation_reencrypts_everything() {
    let env = Env::initialized();
    for (name, key) in [("a", KEY_A), ("b", KEY_B), ("c", KEY_A)] {
        add(&env, name, key, &[]).success();
    }
    let new_key = env.path("master.key.new");
    let out = env
        .cmd()
        .args(&[
            "provider",
            "rotate-key",
            "--master",
            "--new-key-file",
            new_key.to_str().expect("utf8"),
            "--json",
        ])
        .run();
    out.success();
    let report = out.json();
    assert_eq!(report["secrets_reencrypted"], 3);
    assert_eq!(report["new_key_file_created"], true);
    let backup = report["backup_path"].as_str().expect("backup path");
    assert!(fs::metadata(backup).expect("backup exists").len() > 0);
    assert_eq!(
        fs::metadata(&new_key)
            .expect("new key")
            .permissions()
            .mode()
            & 0o777,
        0o600
    );

    // The old key (master.key beside the DB) is now refused…
    env.run(&["provider", "list"])
        .code(2)
        .stderr_has("master key does not match");
    // …and the new one opens every secret (masking needs the decrypted key).
    let out = env
        .cmd()
        .args(&["provider", "list", "--json"])
        .env("BIZWINGS_MASTER_KEY_FILE", &new_key)
        .run();
    out.success();
    let keys: Vec<String> = out.json()["providers"]
        .as_array()
        .expect("array")
        .iter()
        .map(|p| p["key"].as_str().expect("key").to_owned())
        .collect();
    assert_eq!(keys, ["sk-liv****1111", "sk-liv****2222", "sk-liv****1111"]);
    // The backup still opens with the old key, as a way back.
    let out = env
        .cmd()
        .args(&["provider", "list", "--json", "--db", backup])
        .env("BIZWINGS_MASTER_KEY_FILE", env.key_file())
        .run();
    out.success();
    assert_eq!(out.json()["providers"].as_array().expect("array").len(), 3);
    // Rotating onto the key already in use is refused.
    env.cmd()
        .args(&[
            "provider",
            "rotate-key",
            "--master",
            "--new-key-file",
            new_key.to_str().expect("utf8"),
        ])
        .env("BIZWINGS_MASTER_KEY_FILE", &new_key)
        .run()
        .code(64)
        .stderr_has("current master key");
}

#[test]
fn a_crash_in_the_middle_of_rotation_leaves_the_old_key_working() {
    let env = Env::initialized();
    for name in ["a", "b", "c", "d"] {
        add(&env, name, KEY_A, &[]).success();
    }
    let new_key = env.path("next.key");
    let out = env
        .cmd()
        .args(&[
            "provider",
            "rotate-key",
            "--master",
            "--new-key-file",
            new_key.to_str().expect("utf8"),
        ])
        .env("BIZWINGS_TEST_CRASH_AFTER_ROWS", "2")
        .run();
    assert_eq!(
        out.code, None,
        "killed by SIGABRT mid-rotation: {}",
        out.stderr
    );
    // Every row is still readable with the old key, none with the new one.
    assert_eq!(names(&env), ["a", "b", "c", "d"]);
    env.cmd()
        .args(&["provider", "list"])
        .env("BIZWINGS_MASTER_KEY_FILE", &new_key)
        .run()
        .code(2)
        .stderr_has("does not match");
    // Running the same rotation again finishes the job with the key file the crash left.
    let out = env
        .cmd()
        .args(&[
            "provider",
            "rotate-key",
            "--master",
            "--new-key-file",
            new_key.to_str().expect("utf8"),
            "--json",
        ])
        .run();
    out.success();
    assert_eq!(out.json()["new_key_file_created"], false);
    assert_eq!(out.json()["secrets_reencrypted"], 4);
}

#[test]
fn two_processes_adding_at_once_both_succeed() {
    let env = Env::initialized();
    std::thread::scope(|s| {
        for writer in ["w1", "w2"] {
            let env = &env;
            s.spawn(move || {
                for i in 0..12 {
                    add(env, &format!("{writer}-{i}"), KEY_A, &["--model", "m"]).success();
                }
            });
        }
    });
    assert_eq!(names(&env).len(), 24);
}

/// #30: a base URL that ends in an endpoint is refused with the URL to use; one without a
/// version segment is taken with a warning that says where requests will go.
#[test]
fn base_urls_with_an_endpoint_are_refused_and_unversioned_ones_warned() {
    let env = Env::initialized();
    env.cmd()
        .args(&["provider", "add", "a", "--key-env", "K"])
        .args(&["--url", "http://127.0.0.1:9/v1/chat/completions"])
        .env("K", KEY_A)
        .run()
        .code(64)
        .stderr_has("use http://127.0.0.1:9/v1");
    let out = env
        .cmd()
        .args(&[
            "provider",
            "add",
            "b",
            "--key-env",
            "K",
            "--url",
            "http://127.0.0.1:9",
        ])
        .env("K", KEY_A)
        .run();
    out.success();
    assert!(out.stderr.contains("no version segment"), "{}", out.stderr);
    let quiet = env
        .cmd()
        .args(&[
            "provider",
            "add",
            "c",
            "--key-env",
            "K",
            "--url",
            "http://127.0.0.1:9/v1",
        ])
        .env("K", KEY_A)
        .run();
    quiet.success();
    assert!(
        !quiet.stderr.contains("version segment"),
        "{}",
        quiet.stderr
    );
}
