//! `bizwings heartbeat …` through the real binary, with an injected clock (`--now`).

use std::process::Command;

use serde_json::Value;

use crate::support::Env;
use crate::support::feishu::Feishu;
use crate::support::server::Server;

/// `heartbeat run --once --json ARGS`; in a blocking section when a test's servers run on
/// its runtime meanwhile.
pub(crate) fn run_json(env: &Env, args: &[&str]) -> (Option<i32>, Value) {
    let run = || {
        let mut all = vec!["heartbeat", "run", "--once", "--json"];
        all.extend_from_slice(args);
        let out = env.run(&all);
        (out.code, out.json())
    };
    match tokio::runtime::Handle::try_current() {
        Ok(_) => tokio::task::block_in_place(run),
        Err(_) => run(),
    }
}

/// The row of agent `name` in a document's `agents` (a run, a status or a report).
pub(crate) fn agent<'a>(doc: &'a Value, name: &str) -> &'a Value {
    doc["agents"]
        .as_array()
        .expect("agents")
        .iter()
        .find(|a| a["name"] == name || a["agent"] == name)
        .unwrap_or_else(|| panic!("{name} in {doc}"))
}

fn findings(agent: &Value) -> String {
    agent["findings"]
        .as_array()
        .map(|f| {
            f.iter()
                .map(|x| x["text"].as_str().unwrap_or_default())
                .collect::<Vec<_>>()
                .join("; ")
        })
        .unwrap_or_default()
}

/// Sets a file's mtime `minutes` back.
pub(crate) fn age(path: &std::path::Path, minutes: u32) {
    let status = Command::new("touch")
        .args(["-d", &format!("{minutes} minutes ago")])
        .arg(path)
        .status()
        .expect("touch");
    assert!(status.success());
}

#[test]
fn due_follows_the_schedule_in_its_time_zone() {
    let env = Env::initialized();
    env.run(&[
        "heartbeat",
        "add",
        "sh-agent",
        "--schedule",
        "0 9 * * *",
        "--tz",
        "Asia/Shanghai",
    ])
    .success();
    env.run(&[
        "heartbeat",
        "add",
        "utc-agent",
        "--schedule",
        "0 9 * * *",
        "--tz",
        "UTC",
    ])
    .success();
    // Both were created just now; the day after, 09:00 in Shanghai is 01:00 UTC.
    let tomorrow = (chrono::Utc::now() + chrono::Duration::days(1))
        .format("%Y-%m-%d")
        .to_string();
    // Slots missed since they were added (which depends on the hour the test runs) are
    // checked at midnight, so the day's slots below start from a clean state.
    run_json(&env, &["--now", &format!("{tomorrow}T00:00:00Z")]);
    let (_, before) = run_json(&env, &["--now", &format!("{tomorrow}T00:59:00Z")]);
    assert_eq!(agent(&before, "sh-agent")["evaluated"], false);
    assert_eq!(agent(&before, "utc-agent")["evaluated"], false);
    let (_, at1) = run_json(&env, &["--now", &format!("{tomorrow}T01:00:00Z")]);
    assert_eq!(agent(&at1, "sh-agent")["evaluated"], true);
    assert_eq!(agent(&at1, "utc-agent")["evaluated"], false);
    let (_, at9) = run_json(&env, &["--now", &format!("{tomorrow}T09:00:30Z")]);
    assert_eq!(
        agent(&at9, "sh-agent")["evaluated"],
        false,
        "already checked for this slot"
    );
    assert_eq!(agent(&at9, "utc-agent")["evaluated"], true);
    // Three missed slots later: evaluated once.
    let later = (chrono::Utc::now() + chrono::Duration::days(4))
        .format("%Y-%m-%d")
        .to_string();
    let (_, catch_up) = run_json(&env, &["--now", &format!("{later}T12:00:00Z")]);
    assert_eq!(agent(&catch_up, "sh-agent")["evaluated"], true);
    let (_, again) = run_json(&env, &["--now", &format!("{later}T12:00:01Z")]);
    assert_eq!(agent(&again, "sh-agent")["evaluated"], false);
}

#[test]
fn stuck_tasks_warn_and_blocked_ones_are_not_stuck() {
    let env = Env::initialized();
    let board = env.path("board");
    std::fs::create_dir_all(&board).expect("mkdir");
    let file = board.join("tasks.md");
    std::fs::write(
        &file,
        "# Writer board\n- [x] gather sources (id: sources)\n- [~] write the draft (id: draft, rounds: 4)\n- [~] review the draft (id: review, depends: draft)\n- [ ] publish (id: publish, depends: review)\n",
    )
    .expect("write");
    age(&file, 25);
    env.run(&[
        "heartbeat",
        "add",
        "writer",
        "--schedule",
        "0 * * * *",
        "--source",
        &format!("markdown:{}", board.display()),
    ])
    .success();
    let (code, doc) = run_json(&env, &["writer", "--force"]);
    assert_eq!(code, Some(1), "{doc}");
    let a = agent(&doc, "writer");
    assert_eq!(a["status"], "warning");
    assert_eq!(
        (
            a["pending"].as_u64(),
            a["stagnant"].as_u64(),
            a["blocked"].as_u64()
        ),
        (Some(3), Some(1), Some(2)),
        "{a}"
    );
    assert!(
        findings(a).contains("draft has made no progress for 25 min"),
        "{a}"
    );
    assert!(
        !findings(a).contains("review has made no progress"),
        "blocked is not stuck: {a}"
    );
    let status = env.run(&["heartbeat", "status", "--json"]).json();
    assert_eq!(agent(&status, "writer")["stagnant"], 1);
    // Progress clears it.
    std::fs::write(
        &file,
        "- [x] write the draft (id: draft)\n- [~] review the draft (id: review, depends: draft)\n",
    )
    .expect("write");
    let (code, doc) = run_json(&env, &["writer", "--force"]);
    assert_eq!(code, Some(0), "{doc}");
}

#[test]
fn the_round_cap_warns_at_80_percent_and_is_critical_at_the_cap() {
    let env = Env::initialized();
    let tasks = env.path("tasks.json");
    let now = chrono::Utc::now().to_rfc3339();
    let write = |rounds: u32| {
        std::fs::write(
            &tasks,
            format!(
                r#"[{{"id":"t1","status":"in_progress","updated_at":"{now}","rounds":{rounds}}}]"#
            ),
        )
        .expect("write");
    };
    env.run(&[
        "heartbeat",
        "add",
        "coder",
        "--schedule",
        "*/10 * * * *",
        "--source",
        &format!("json:{}", tasks.display()),
    ])
    .success();
    write(39);
    assert_eq!(run_json(&env, &["coder", "--force"]).0, Some(0));
    write(40);
    let (code, doc) = run_json(&env, &["coder", "--force"]);
    assert_eq!(code, Some(1));
    assert!(findings(agent(&doc, "coder")).contains("40 of 50 rounds"));
    write(50);
    assert_eq!(run_json(&env, &["coder", "--force"]).0, Some(2));
}

#[test]
fn a_missing_ping_is_stale_and_a_failing_source_is_unknown() {
    let env = Env::initialized();
    env.run(&[
        "heartbeat",
        "add",
        "nightly",
        "--schedule",
        "*/10 * * * *",
        "--grace",
        "5m",
    ])
    .success();
    env.run(&["heartbeat", "ping", "nightly"]).success();
    assert_eq!(run_json(&env, &["nightly", "--force"]).0, Some(0));
    let later = (chrono::Utc::now() + chrono::Duration::minutes(16)).to_rfc3339();
    let (code, doc) = run_json(&env, &["nightly", "--force", "--now", &later]);
    assert_eq!(code, Some(2));
    assert!(findings(agent(&doc, "nightly")).contains("stale"), "{doc}");
    // A run that started and did not finish within the grace, and a failed run.
    env.run(&["heartbeat", "ping", "nightly", "--start"])
        .success();
    let (code, doc) = run_json(
        &env,
        &[
            "nightly",
            "--force",
            "--now",
            &(chrono::Utc::now() + chrono::Duration::minutes(6)).to_rfc3339(),
        ],
    );
    assert_eq!(code, Some(2));
    assert!(
        findings(agent(&doc, "nightly")).contains("has not finished"),
        "{doc}"
    );
    env.run(&["heartbeat", "ping", "nightly", "--exit-code", "3"])
        .success();
    let (code, doc) = run_json(&env, &["nightly", "--force"]);
    assert_eq!(code, Some(2));
    assert!(
        findings(agent(&doc, "nightly")).contains("failed: exit code 3"),
        "{doc}"
    );

    env.run(&[
        "heartbeat",
        "add",
        "tracker",
        "--schedule",
        "*/10 * * * *",
        "--source",
        "command:echo 'tracker: token expired' >&2; exit 4",
    ])
    .success();
    let (code, doc) = run_json(&env, &["tracker", "--force"]);
    assert_eq!(code, Some(3));
    let a = agent(&doc, "tracker");
    assert_eq!(a["status"], "unknown");
    assert!(findings(a).contains("token expired"), "{a}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn state_changes_are_notified_once_and_the_exporter_matches_the_db() {
    let feishu = Feishu::start("127.0.0.1:0".parse().expect("addr"), &[]).await;
    let env = Env::initialized();
    env.cmd()
        .args(&["alert", "receiver", "add", "owner", "--feishu-url-stdin"])
        .stdin(&format!("{}\n", Feishu::url(feishu.addr, "owner-hook")))
        .run()
        .success();
    env.run(&[
        "heartbeat",
        "add",
        "job",
        "--schedule",
        "*/10 * * * *",
        "--owner",
        "owner",
        "--label",
        "Nightly job",
    ])
    .success();
    let run = |env: &Env| {
        let out = env
            .cmd()
            .args(&["heartbeat", "run", "--once", "job", "--force", "--json"])
            .run();
        out.json()
    };
    // A ping only records (#25): the next run evaluates it and tells the change.
    let pinged = env.run(&[
        "heartbeat",
        "ping",
        "job",
        "--fail",
        "--message",
        "disk full",
        "--json",
    ]);
    pinged.success();
    assert_ne!(
        pinged.json()["state"],
        "critical",
        "not evaluated by the ping"
    );
    let env2 = &env;
    let doc = tokio::task::block_in_place(|| run(env2));
    assert_eq!(agent(&doc, "job")["changed"], true, "told by the run");
    env.run(&["heartbeat", "status"]).code(2);
    let doc = tokio::task::block_in_place(|| run(env2));
    assert_eq!(agent(&doc, "job")["changed"], false, "already told");
    tokio::task::block_in_place(|| run(env2));
    tokio::task::block_in_place(|| run(env2));
    env.run(&["heartbeat", "ping", "job"]).success();
    let doc = tokio::task::block_in_place(|| run(env2));
    assert_eq!(agent(&doc, "job")["status"], "ok");
    let cards = feishu.cards();
    let titles: Vec<String> = cards
        .iter()
        .map(|c| {
            c.body["card"]["header"]["title"]["content"]
                .as_str()
                .unwrap_or_default()
                .to_owned()
        })
        .collect();
    assert_eq!(
        titles,
        [
            "[CRITICAL] heartbeat: Nightly job (job)",
            "[RESOLVED] heartbeat: Nightly job (job)"
        ],
        "one card per change"
    );
    assert_eq!(cards[1].body["card"]["header"]["template"], "green");

    let exporter = Server::exporter(&env);
    let text = exporter.metrics().await;
    let status = env.run(&["heartbeat", "status", "--json"]).json();
    let row = agent(&status, "job");
    assert!(
        text.contains(r#"agent_heartbeat_status{agent_name="job",agent_label="Nightly job"} 1"#),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            r#"agent_workboard_pending{{agent_name="job",agent_label="Nightly job"}} {}"#,
            row["pending"]
        )),
        "{text}"
    );
    assert!(
        text.contains("# TYPE agent_rounds_used_ratio gauge"),
        "{text}"
    );
    assert_eq!(exporter.terminate(), Some(0));
}

#[test]
fn bad_agents_are_refused() {
    let env = Env::initialized();
    let cases: &[(&[&str], i32, &str)] = &[
        (
            &["heartbeat", "add", "a", "--schedule", "*/10 * * *"],
            64,
            "5 crontab fields",
        ),
        (
            &["heartbeat", "add", "a", "--schedule", "99 * * * *"],
            64,
            "invalid schedule",
        ),
        (
            &[
                "heartbeat",
                "add",
                "a",
                "--schedule",
                "* * * * *",
                "--tz",
                "Mars/Base",
            ],
            64,
            "unknown time zone",
        ),
        (
            &[
                "heartbeat",
                "add",
                "a",
                "--schedule",
                "* * * * *",
                "--source",
                "ftp:x",
            ],
            64,
            "unknown source kind",
        ),
        (
            &[
                "heartbeat",
                "add",
                "a",
                "--schedule",
                "* * * * *",
                "--owner",
                "ghost",
            ],
            2,
            "not found",
        ),
        (&["heartbeat", "add", "a"], 64, "--schedule"),
        (&["heartbeat", "ping", "ghost"], 2, "not found"),
    ];
    for (args, code, message) in cases {
        let out = env.run(args);
        assert_eq!(out.code, Some(*code), "{args:?}: {}", out.stderr);
        assert!(out.stderr.contains(message), "{args:?}: {}", out.stderr);
    }
}

/// #13, #25: jobs on other hosts ping over HTTP, with the ping key in a header; the next
/// `heartbeat run` evaluates the ping, and `heartbeat status` exits with the worst state.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn jobs_ping_over_http_with_a_key_and_the_next_run_evaluates_it() {
    let env = Env::initialized();
    env.run(&["heartbeat", "add", "nightly", "--schedule", "15 3 * * *"])
        .success();
    let key = env
        .run(&["heartbeat", "ping-key", "--rotate", "--json"])
        .json()["ping_key"]
        .as_str()
        .expect("key")
        .to_owned();
    // Beyond loopback only with a key; this one has one.
    let exporter = Server::start(
        &env,
        &["heartbeat", "exporter", "--listen", "127.0.0.1:0"],
        &[],
    );
    let client = reqwest::Client::new();
    let ping = |path: &str, key: Option<&str>| {
        let mut request = client.post(format!("http://{}/ping/{path}", exporter.addr));
        if let Some(k) = key {
            request = request.bearer_auth(k);
        }
        async move {
            let r = request.send().await.expect("ping");
            (
                r.status().as_u16(),
                r.json::<Value>().await.unwrap_or(Value::Null),
            )
        }
    };
    assert_eq!(ping("nightly", None).await.0, 401);
    assert_eq!(ping("nightly", Some("bwp_wrong")).await.0, 401);
    assert_eq!(ping("ghost", Some(&key)).await.0, 404);
    assert_eq!(ping("nightly/maybe", Some(&key)).await.0, 404);
    let (status, body) = ping("nightly/start", Some(&key)).await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = ping("nightly/1", Some(&key)).await;
    assert_eq!(status, 200, "{body}");
    env.run(&["heartbeat", "run", "--once", "nightly", "--force"])
        .code(2);
    let out = env.run(&["heartbeat", "status", "--json"]);
    out.code(2);
    assert_eq!(agent(&out.json(), "nightly")["state"], "critical");
    let (status, body) = ping("nightly/0", Some(&key)).await;
    assert_eq!(
        (status, body["state"].as_str()),
        (200, Some("critical")),
        "the state as of the last run: {body}"
    );
    env.run(&["heartbeat", "run", "--once", "nightly", "--force"])
        .success();
    env.run(&["heartbeat", "status"]).success();
    drop(exporter);
    // Without a key, the listener refuses to take pings from the network.
    Env::initialized()
        .run(&["heartbeat", "exporter", "--listen", "0.0.0.0:0"])
        .code(2)
        .stderr_has("ping key");
}

/// #30: crontab's nicknames are schedules too (`@hourly` was refused).
#[test]
fn crontab_nicknames_are_schedules() {
    let env = Env::initialized();
    env.run(&["heartbeat", "add", "h", "--schedule", "@hourly"])
        .success();
    let status = env.run(&["heartbeat", "status", "--json"]).json();
    let next = agent(&status, "h")["next_due_ms"].as_i64().expect("next");
    assert_eq!(next % 3_600_000, 0, "on the hour: {status}");
    env.run(&["heartbeat", "add", "d", "--schedule", "@daily"])
        .success();
    env.run(&["heartbeat", "add", "x", "--schedule", "@often"])
        .code(64);
}

/// #30: `heartbeat ping-key` creates the first key without `--rotate`; once one exists it asks
/// for `--rotate` before replacing it.
#[test]
fn the_first_ping_key_needs_no_rotate() {
    let env = Env::initialized();
    let out = env.run(&["heartbeat", "ping-key"]);
    out.success();
    assert!(out.stdout.trim().starts_with("bwp_"), "{}", out.stdout);
    env.run(&["heartbeat", "ping-key"])
        .code(64)
        .stderr_has("--rotate");
    env.run(&["heartbeat", "ping-key", "--rotate"]).success();
}
