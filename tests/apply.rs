//! `bizwings apply` and `export` through the binary: round trips, dry runs, bad files, prune,
//! and a running sidecar picking up what was applied.

use std::time::Duration;

use serde_json::json;

use crate::support::Env;
use crate::support::server::Server;
use crate::support::upstream::{Mode, Upstream};

const FILE: &str = r#"
[[provider]]
name = "a"
url = "https://a.example.com/v1"
key_env = "APPLY_TEST_KEY_A"
rpm = 60
max_concurrency = 3

[[provider.model]]
canonical = "m"
native = "native-m"
input = 0.27
output = 1.1

[[provider]]
name = "b"
url = "https://b.example.com/v1"
key_file = "KEYFILE"
pool = "fallback"
timeout = 30

[[client]]
name = "agent-1"
token_sha256 = "5b0d6a4a1c6c4d6b8e7f3e2c1a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b"
rpm = 30
budgets = ["20usd/day", "2M-tokens/month"]

[[receiver]]
name = "oncall"
kind = "webhook"
url_env = "APPLY_TEST_HOOK"
secret_env = "APPLY_TEST_HOOK_SECRET"

[[receiver]]
name = "log"
kind = "command"
command = "cat > /dev/null"

[[route]]
match = ["severity=critical"]
receiver = "oncall"

[[route]]
receiver = "log"

[[agent]]
name = "writer"
schedule = "*/10 * * * *"
sources = ["markdown:/srv/agents/writer"]
owner = "oncall"
trigger = "http:http://127.0.0.1:18789/hooks/writer"
trigger_token_env = "GW_TOKEN"
offset = "2m"
fail_after = 5
on_stuck = "command:restart-writer"

[[backup]]
name = "app-db"
kind = "sqlite"
source = "APPDB"
dest = "BACKUPDIR"

[[host]]
name = "web-1"
addr = "10.0.0.11"
groups = ["web"]
ports = [80, 443]
thresholds = { disk_warn = "70" }

[inspect_thresholds]
disk_warn = "75"

[inspect_group_thresholds.web]
ports_allowed = "80,443"
skip = "audit"
"#;

fn write_file(env: &Env, text: &str) -> String {
    let key_file = env.path("b.key");
    std::fs::write(&key_file, "sk-bbbbbbbbbbbbbbbbbbbbbb\n").expect("key");
    std::fs::set_permissions(
        &key_file,
        std::os::unix::fs::PermissionsExt::from_mode(0o600),
    )
    .expect("chmod");
    let app_db = env.path("app.db");
    std::fs::write(&app_db, b"").expect("app db");
    let path = env.path("bizwings.toml");
    let text = text
        .replace("KEYFILE", key_file.to_str().expect("utf8"))
        .replace("APPDB", app_db.to_str().expect("utf8"))
        .replace("BACKUPDIR", env.path("backups").to_str().expect("utf8"));
    std::fs::write(&path, text).expect("file");
    path.to_str().expect("utf8").to_owned()
}

fn apply(env: &Env, args: &[&str]) -> crate::support::Out {
    let mut all = vec!["apply"];
    all.extend_from_slice(args);
    env.cmd()
        .args(&all)
        .env("APPLY_TEST_KEY_A", "sk-aaaaaaaaaaaaaaaaaaaaaa")
        .env("APPLY_TEST_HOOK", "https://hooks.example.com/x/tok-1")
        .env("APPLY_TEST_HOOK_SECRET", "hook-secret-1")
        .run()
}

#[test]
fn export_apply_export_is_a_fixed_point_and_a_second_apply_changes_nothing() {
    let env = Env::initialized();
    let file = write_file(&env, FILE);
    let dry = apply(&env, &[&file, "--dry-run", "--json"]);
    dry.code(1);
    assert_eq!(
        dry.json()["changes"].as_array().expect("changes").len(),
        11,
        "2 providers, 1 client, 2 receivers, the routes, 1 agent, 1 backup, 1 host, thresholds, \
         group thresholds"
    );
    assert!(
        env.run(&["provider", "list", "--json"]).json()["providers"]
            .as_array()
            .expect("list")
            .is_empty(),
        "a dry run changes nothing"
    );
    apply(&env, &[&file]).success();
    let show = env.run(&["provider", "show", "a", "--json"]).json();
    assert_eq!(show["provider"]["models"][0]["native_id"], "native-m");
    assert_eq!(show["provider"]["max_concurrency"], 3);
    let clients = env.run(&["sidecar", "client", "list", "--json"]).json();
    assert_eq!(clients["clients"][0]["rpm"], 30);
    let budgets: Vec<&str> = clients["clients"][0]["budgets"]
        .as_array()
        .expect("budgets")
        .iter()
        .filter_map(|b| b["budget"].as_str())
        .collect();
    assert_eq!(budgets, ["2M-tokens/month", "20usd/day"]);
    let routes = env.run(&["alert", "route", "list", "--json"]).json();
    assert_eq!(routes["routes"][0]["receiver"], "oncall");
    assert_eq!(routes["routes"][1]["matchers"], json!([]));
    let agent = env.run(&["heartbeat", "show", "writer", "--json"]).json();
    assert_eq!(agent["agent"]["owner"], "oncall");
    assert_eq!(
        agent["agent"]["trigger"],
        "http:http://127.0.0.1:18789/hooks/writer"
    );
    assert_eq!(agent["agent"]["token_env"], "GW_TOKEN");
    assert_eq!(agent["agent"]["offset_ms"], 120_000);
    assert_eq!(agent["agent"]["on_stuck"], "restart-writer");
    let host = env
        .run(&["inspect", "host", "show", "web-1", "--json"])
        .json();
    assert_eq!(host["host"]["ports"], json!([80, 443]));
    let web = env
        .run(&["inspect", "threshold", "list", "--group", "web", "--json"])
        .json();
    let ports_allowed = web["thresholds"]
        .as_array()
        .expect("thresholds")
        .iter()
        .find(|t| t["name"] == "ports_allowed")
        .expect("ports_allowed")
        .clone();
    assert_eq!(
        ports_allowed,
        json!({"name": "ports_allowed", "value": "80,443", "source": "group"})
    );
    let jobs = env.run(&["backup", "list", "--json"]).json();
    assert!(jobs.to_string().contains("app-db"), "{jobs}");
    let receivers = env.run(&["alert", "receiver", "list", "--json"]).json();
    assert!(!receivers.to_string().contains("tok-1"), "{receivers}");
    assert_eq!(show["provider"]["key"], "sk-aaa****aaaa");
    let again = apply(&env, &[&file, "--dry-run", "--json"]);
    again.code(0);
    assert_eq!(again.json()["changes"], json!([]));
    let exported = env.run(&["export"]);
    exported.success();

    // The export, applied on a fresh host, gives the same state and the same export.
    let fresh = Env::initialized();
    let path = fresh.path("exported.toml");
    std::fs::write(&path, &exported.stdout).expect("write");
    apply(&fresh, &[path.to_str().expect("utf8")]).success();
    let second = fresh.run(&["export"]);
    assert_eq!(second.stdout, exported.stdout);
    let out = apply(&fresh, &[path.to_str().expect("utf8"), "--dry-run"]);
    out.code(0);
    assert!(out.stdout.contains("no changes"), "{}", out.stdout);

    // A changed key (the referenced variable) is one change: the key, nothing else.
    let changed = env
        .cmd()
        .args(&["apply", &file, "--dry-run", "--json"])
        .env("APPLY_TEST_KEY_A", "sk-rotated-0000000000000")
        .env("APPLY_TEST_HOOK", "https://hooks.example.com/x/tok-1")
        .env("APPLY_TEST_HOOK_SECRET", "hook-secret-1")
        .run();
    changed.code(1);
    assert_eq!(
        changed.json()["changes"],
        json!([{"kind": "provider", "name": "a", "action": "changed", "fields": ["key"]}])
    );
}

#[test]
fn bad_files_are_refused_with_their_position_and_change_nothing() {
    let env = Env::initialized();
    let inline = write_file(
        &env,
        "[[provider]]\nname = \"x\"\nurl = \"https://x.example.com/v1\"\nkey = \"sk-inline-secret\"\n",
    );
    let out = apply(&env, &[&inline]);
    out.code(64)
        .stderr_has("line 4, column 7")
        .stderr_has("inline secret");
    assert!(!out.stderr.contains("sk-inline-secret"));
    let broken = write_file(&env, "[[provider]\nname = \"x\"\n");
    apply(&env, &[&broken]).code(64).stderr_has("line 1");
    let unknown = write_file(
        &env,
        "[[provider]]\nname = \"x\"\nurl = \"https://x.example.com/v1\"\nkey_env = \"K\"\nrmp = 5\n",
    );
    apply(&env, &[&unknown])
        .code(64)
        .stderr_has("line 5")
        .stderr_has("rmp");
    // A group's warning above the critical level in force for it.
    let group = write_file(
        &env,
        "[inspect_thresholds]\ndisk_crit = \"85\"\n\n[inspect_group_thresholds.web]\ndisk_warn = \"88\"\n",
    );
    apply(&env, &[&group])
        .code(64)
        .stderr_has("inspect_group_thresholds.web")
        .stderr_has("disk_crit (85)");
    let json = env.cmd().args(&["apply", &broken, "--json"]).run();
    json.code(64);
    assert_eq!(json.json()["status"], "usage");
    assert!(
        env.run(&["provider", "list", "--json"]).json()["providers"]
            .as_array()
            .expect("list")
            .is_empty()
    );
}

#[test]
fn prune_removes_only_what_the_file_no_longer_names() {
    let env = Env::initialized();
    let file = write_file(&env, FILE);
    apply(&env, &[&file]).success();
    env.cmd()
        .args(&[
            "provider",
            "add",
            "by-hand",
            "--url",
            "https://h.example.com/v1",
            "--key-stdin",
        ])
        .stdin("sk-hhhhhhhhhhhhhhhhhhhh")
        .run()
        .success();
    let smaller = write_file(&env, &FILE.replace("name = \"b\"", "name = \"b2\""));
    let out = apply(&env, &[&smaller, "--json"]);
    out.success();
    let names = |env: &Env| {
        let mut names: Vec<String> = env.run(&["provider", "list", "--json"]).json()["providers"]
            .as_array()
            .expect("list")
            .iter()
            .map(|p| p["name"].as_str().expect("name").to_owned())
            .collect();
        names.sort();
        names
    };
    assert_eq!(
        names(&env),
        ["a", "b", "b2", "by-hand"],
        "without --prune nothing is removed"
    );
    let out = apply(&env, &[&smaller, "--prune", "--json"]);
    out.success();
    assert_eq!(names(&env), ["a", "b2"]);
    let doc = out.json();
    let mut removed: Vec<&str> = doc["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .filter(|c| c["action"] == "removed")
        .map(|c| c["name"].as_str().expect("name"))
        .collect();
    removed.sort_unstable();
    assert_eq!(removed, ["b", "by-hand"]);
    let clients = env.run(&["sidecar", "client", "list", "--json"]).json();
    assert_eq!(
        clients["clients"][0]["name"], "agent-1",
        "named clients stay"
    );
}

#[test]
fn the_shipped_example_is_accepted() {
    let env = Env::initialized();
    let dir = tempfile::tempdir().expect("tmp");
    let example = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/bizwings.toml"
    ))
    .expect("example");
    let key = dir.path().join("openrouter-1");
    std::fs::write(&key, "sk-or-00000000000000000000").expect("key");
    let pager = dir.path().join("pager-url");
    std::fs::write(&pager, "https://pager.example.com/hook/abc").expect("url");
    for secret in [&key, &pager] {
        std::fs::set_permissions(secret, std::os::unix::fs::PermissionsExt::from_mode(0o600))
            .expect("chmod");
    }
    let file = dir.path().join("bizwings.toml");
    let text = example
        .replace(
            "/etc/bizwings/keys/openrouter-1",
            key.to_str().expect("utf8"),
        )
        .replace(
            "/etc/bizwings/keys/pager-url",
            pager.to_str().expect("utf8"),
        );
    std::fs::write(&file, text).expect("file");
    let out = env
        .cmd()
        .args(&["apply", file.to_str().expect("utf8"), "--dry-run"])
        .env("DEEPSEEK_KEY_1", "sk-ds-000000000000000000")
        .env(
            "ONCALL_FEISHU_URL",
            "https://open.feishu.cn/open-apis/bot/v2/hook/x",
        )
        .env("ONCALL_FEISHU_SECRET", "s")
        .run();
    out.code(1);
    for item in [
        "+ provider deepseek-1",
        "+ client writer-agent",
        "+ receiver pager",
        "+ agent writer",
    ] {
        assert!(out.stdout.contains(item), "{item}: {}", out.stdout);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_running_sidecar_serves_what_was_applied() {
    let up = Upstream::start("applied", Mode::Ok).await;
    let env = Env::initialized();
    let sc = Server::sidecar(&env, &[]);
    let file = write_file(
        &env,
        &format!(
            "[[provider]]\nname = \"applied\"\nurl = \"{}\"\nkey_env = \"APPLY_TEST_KEY_A\"\n\n[[provider.model]]\ncanonical = \"m\"\n",
            up.base_url()
        ),
    );
    apply(&env, &[&file]).success();
    sc.wait_until_served(
        "m",
        Duration::from_secs(10),
        "the applied provider was never served",
    )
    .await;
    assert_eq!(up.seen()[0].auth, "Bearer sk-aaaaaaaaaaaaaaaaaaaaaa");
    assert_eq!(sc.terminate(), Some(0));
}
