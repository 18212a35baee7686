//! Heartbeats that drive the agents (#17), through the binary: a recording HTTP gateway and
//! command triggers, the not-responding incident, `--on-stuck`, staggered starts, discovery,
//! the activity report, and a trigger that hangs.

use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use serde_json::Value;

use crate::heartbeat::{age, agent, run_json as run};
use crate::support::Env;
use crate::support::server::Server;
use crate::support::webhook::Webhook;

/// A stand-in for an agent gateway: records each POSTed body and bearer token, answers with a
/// settable status.
struct Gateway {
    url: String,
    bodies: Arc<Mutex<Vec<(Value, String)>>>,
    status: Arc<AtomicU16>,
    task: tokio::task::JoinHandle<()>,
}

type Shared = (Arc<Mutex<Vec<(Value, String)>>>, Arc<AtomicU16>);

async fn record(
    State((bodies, status)): State<Shared>,
    headers: axum::http::HeaderMap,
    body: axum::body::Bytes,
) -> StatusCode {
    let auth = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    bodies
        .lock()
        .expect("lock")
        .push((serde_json::from_slice(&body).unwrap_or(Value::Null), auth));
    StatusCode::from_u16(status.load(Ordering::SeqCst)).expect("status")
}

impl Gateway {
    async fn start() -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        let bodies = Arc::new(Mutex::new(Vec::new()));
        let status = Arc::new(AtomicU16::new(200));
        let app = Router::new()
            .route("/hooks/agent", post(record))
            .with_state((bodies.clone(), status.clone()));
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Self {
            url: format!("http://{addr}/hooks/agent"),
            bodies,
            status,
            task,
        }
    }

    fn bodies(&self) -> Vec<Value> {
        self.requests().into_iter().map(|(b, _)| b).collect()
    }

    fn requests(&self) -> Vec<(Value, String)> {
        self.bodies.lock().expect("lock").clone()
    }
}

impl Drop for Gateway {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// A board directory holding one Markdown checklist.
fn board(env: &Env, name: &str, checklist: &str) -> String {
    let dir = env.path(&format!("{name}-board"));
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::fs::write(dir.join("tasks.md"), checklist).expect("write");
    format!("markdown:{}", dir.display())
}

fn add(env: &Env, name: &str, extra: &[&str]) {
    let mut args = vec!["heartbeat", "add", name];
    if !extra.contains(&"--schedule") {
        args.extend(["--schedule", "*/10 * * * *"]);
    }
    args.extend_from_slice(extra);
    env.run(&args).success();
}

/// A time when every `*/10` agent added just now is due, offsets included.
fn later(minutes: i64) -> String {
    (chrono::Utc::now() + chrono::Duration::minutes(minutes)).to_rfc3339()
}

async fn receiver(env: &Env) -> Webhook {
    let hook = Webhook::start("drive-secret").await;
    env.cmd()
        .args(&[
            "alert",
            "receiver",
            "add",
            "coordinator",
            "--webhook-url-stdin",
        ])
        .stdin(&format!("{}\n", hook.url))
        .run()
        .success();
    hook
}

/// Waits for the webhook's messages to settle (delivery runs right after `heartbeat run`).
fn titles(hook: &Webhook, at_least: usize) -> Vec<String> {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let titles: Vec<String> = hook
            .hits()
            .iter()
            .map(|h| h.body["title"].as_str().unwrap_or_default().to_owned())
            .collect();
        if titles.len() >= at_least || Instant::now() > deadline {
            return titles;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[expect(
    clippy::too_many_lines,
    reason = "one story: one run over agents in each situation, then the next beat"
)]
async fn agents_with_work_are_triggered_and_the_others_are_not() {
    let gateway = Gateway::start().await;
    let env = Env::initialized();
    let hook = receiver(&env).await;
    let trigger = format!("http:{}", gateway.url);
    let busy = board(
        &env,
        "busy",
        "- [ ] draft <b>post</b> (id: draft)\n- [!] waits on legal (id: legal)\n- [x] outline (id: outline)\n",
    );
    add(
        &env,
        "busy",
        &[
            "--source",
            &busy,
            "--trigger",
            &trigger,
            "--label",
            "Writer",
            "--trigger-token-env",
            "GW_TOKEN",
        ],
    );
    let idle = board(&env, "idle", "- [x] all done (id: done)\n");
    add(&env, "idle", &["--source", &idle, "--trigger", &trigger]);
    let blocked = board(
        &env,
        "blocked",
        "- [!] waits on legal (id: legal)\n- [ ] publish (id: publish, depends: legal)\n",
    );
    add(
        &env,
        "blocked",
        &["--source", &blocked, "--trigger", &trigger],
    );
    let capped = board(&env, "capped", "- [~] endless (id: endless, rounds: 50)\n");
    add(
        &env,
        "capped",
        &[
            "--source",
            &capped,
            "--trigger",
            &trigger,
            "--escalate",
            "coordinator",
            "--owner",
            "coordinator",
        ],
    );
    add(
        &env,
        "always",
        &["--source", &idle, "--trigger", &trigger, "--trigger-always"],
    );
    // The gateway's token comes from the environment of `heartbeat run`, never from the DB.
    let doc = tokio::task::block_in_place(|| {
        env.cmd()
            .args(&["heartbeat", "run", "--once", "--json", "--now", &later(11)])
            .env("GW_TOKEN", "gw-secret-77")
            .run()
            .json()
    });
    let bodies = gateway.bodies();
    let agents: Vec<&str> = bodies
        .iter()
        .map(|b| b["agent"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        {
            let mut a = agents.clone();
            a.sort_unstable();
            a
        },
        ["always", "busy"],
        "only agents with workable tasks (or --trigger-always) are triggered: {bodies:?}"
    );
    let body = bodies.iter().find(|b| b["agent"] == "busy").expect("busy");
    assert_eq!(body["label"], "Writer");
    assert_eq!(body["pending"], serde_json::json!(["draft"]));
    assert_eq!(body["blocked"], serde_json::json!(["legal"]));
    assert_eq!(body["stuck"], serde_json::json!([]));
    assert!(
        body["message"].as_str().expect("message").contains("draft"),
        "{body}"
    );
    assert!(chrono::DateTime::parse_from_rfc3339(body["due_at"].as_str().expect("due_at")).is_ok());
    let busy_report = agent(&doc, "busy");
    assert_eq!(busy_report["trigger"]["outcome"], "sent");
    assert_eq!(busy_report["trigger"]["code"], 200);
    assert!(agent(&doc, "idle")["trigger"].is_null());
    assert!(agent(&doc, "blocked")["trigger"].is_null());
    let capped_report = agent(&doc, "capped");
    assert!(
        capped_report["trigger"].is_null(),
        "a capped task is paused"
    );
    assert_eq!(
        capped_report["tasks"]["capped"],
        serde_json::json!(["endless"])
    );

    // The token in the gateway's URL is masked wherever the agent is shown.
    let auth: Vec<String> = gateway
        .requests()
        .into_iter()
        .filter(|(b, _)| b["agent"] == "busy")
        .map(|(_, a)| a)
        .collect();
    assert_eq!(auth, ["Bearer gw-secret-77"]);
    let db = crate::support::bytes(&env.db());
    assert!(
        !db.windows(12).any(|w| w == b"gw-secret-77"),
        "the token is not stored"
    );
    // Without the variable, the trigger fails and says which variable is missing.
    let (_, doc) = run(&env, &["busy", "--force"]);
    let failed = &agent(&doc, "busy")["trigger"];
    assert_eq!(failed["outcome"], "failed");
    assert!(
        failed["output"]
            .as_str()
            .unwrap_or_default()
            .contains("GW_TOKEN"),
        "{failed}"
    );

    // The round cap is told to the escalation receiver once, not at every beat.
    let (_, _) = run(&env, &["--now", &later(21)]);
    let caps: Vec<String> = titles(&hook, 2)
        .into_iter()
        .filter(|t| t.contains("ROUND CAP"))
        .collect();
    assert_eq!(caps, ["[ROUND CAP] heartbeat: capped"], "{:?}", hook.hits());
}

#[test]
fn a_command_trigger_gets_the_facts_and_no_secret() {
    let env = Env::initialized();
    // A command trigger gets the facts in its environment and on stdin, and no secret of ours.
    let seen = env.path("command-trigger.txt");
    let cmd = format!("command:{{ env; echo STDIN; cat; }} > '{}'", seen.display());
    let cmd_board = board(&env, "cmd", "- [ ] review (id: review)\n");
    add(
        &env,
        "by-command",
        &[
            "--source",
            &cmd_board,
            "--trigger",
            &cmd,
            "--trigger-message",
            "Hello {agent}: {pending}",
        ],
    );

    run(&env, &["--now", &later(11)]);
    let text = std::fs::read_to_string(&seen).expect("the command ran");
    assert!(text.contains("BIZWINGS_AGENT=by-command"), "{text}");
    assert!(text.contains("BIZWINGS_PENDING=review"), "{text}");
    assert!(
        text.contains("BIZWINGS_MESSAGE=Hello by-command: review"),
        "{text}"
    );
    assert!(
        text.contains(r#""pending":["review"]"#),
        "JSON on stdin: {text}"
    );
    assert!(
        !text.contains("MASTER_KEY") && !text.contains("BIZWINGS_DB"),
        "{text}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_failed_triggers_make_the_agent_critical_once_and_an_answer_resolves_it() {
    let gateway = Gateway::start().await;
    let env = Env::initialized();
    let hook = receiver(&env).await;
    let tasks = board(
        &env,
        "flaky",
        "- [ ] answer mail (id: mail)\n- [ ] file taxes (id: taxes)\n",
    );
    add(
        &env,
        "flaky",
        &[
            "--source",
            &tasks,
            "--trigger",
            &format!("http:{}", gateway.url),
            "--owner",
            "coordinator",
        ],
    );
    gateway.status.store(500, Ordering::SeqCst);
    for round in 1..=4 {
        let (code, doc) = run(&env, &["flaky", "--force"]);
        let a = agent(&doc, "flaky");
        assert_eq!(a["trigger"]["outcome"], "failed");
        assert_eq!(a["trigger"]["code"], 500);
        if round < 3 {
            assert_eq!(a["status"], "ok", "round {round}: {a}");
            assert_eq!(code, Some(0));
        } else {
            assert_eq!(a["status"], "critical", "round {round}: {a}");
            assert!(a["findings"].to_string().contains("not responding"), "{a}");
            assert!(
                a["findings"].to_string().contains("(last: HTTP 500)"),
                "{a}"
            );
            assert_eq!(code, Some(2));
        }
    }
    // The exporter says so too: an agent that does not answer.
    let exporter = Server::exporter(&env);
    let failing = r#"agent_trigger_failures{agent_name="flaky",agent_label="flaky"}"#;
    assert!(
        exporter.metrics().await.contains(&format!("{failing} 4")),
        "{}",
        exporter.metrics().await
    );
    gateway.status.store(202, Ordering::SeqCst);
    let (code, doc) = run(&env, &["flaky", "--force"]);
    assert!(
        exporter.metrics().await.contains(&format!("{failing} 0")),
        "{}",
        exporter.metrics().await
    );
    assert_eq!(code, Some(0));
    assert_eq!(agent(&doc, "flaky")["status"], "ok");
    assert_eq!(
        titles(&hook, 2),
        ["[CRITICAL] heartbeat: flaky", "[RESOLVED] heartbeat: flaky"],
        "one message per incident"
    );
    let report = env
        .run(&["heartbeat", "report", "--since", "1h", "--json"])
        .json();
    let row = agent(&report, "flaky");
    assert_eq!(row["beats"], 5);
    assert_eq!(row["triggers_failed"], 4);
    assert_eq!(row["triggers_sent"], 1);
    assert_eq!(row["tasks_worked"], 2);
    assert_eq!(gateway.bodies().len(), 5);
}

#[test]
fn on_stuck_runs_once_per_confirmed_incident() {
    let env = Env::initialized();
    let source = board(&env, "slow", "- [~] translate the book (id: book)\n");
    let tasks = env.path("slow-board").join("tasks.md");
    let log = env.path("recoveries.log");
    add(
        &env,
        "slow",
        &[
            "--source",
            &source,
            "--on-stuck",
            &format!(
                "command:echo \"$BIZWINGS_AGENT $BIZWINGS_TASK\" >> '{}'",
                log.display()
            ),
        ],
    );
    let recoveries = || std::fs::read_to_string(&log).unwrap_or_default();
    age(&tasks, 25);
    run(&env, &["slow", "--force"]);
    assert_eq!(recoveries(), "", "stuck at one beat is not yet an incident");
    run(&env, &["slow", "--force"]);
    assert_eq!(recoveries(), "slow book\n", "confirmed at the second beat");
    run(&env, &["slow", "--force"]);
    assert_eq!(recoveries(), "slow book\n", "once per incident");
    // It moves, then sticks again: a new incident.
    age(&tasks, 0);
    run(&env, &["slow", "--force"]);
    age(&tasks, 30);
    run(&env, &["slow", "--force"]);
    run(&env, &["slow", "--force"]);
    assert_eq!(recoveries(), "slow book\nslow book\n");
    let report = env.run(&["heartbeat", "report", "--json"]).json();
    let row = agent(&report, "slow");
    assert_eq!(row["stuck_incidents"], 2);
    assert_eq!(row["recoveries"], 2);
    assert_eq!(row["beats"], 6);
}

#[test]
fn fifteen_agents_on_one_schedule_start_spread_over_the_period() {
    let env = Env::initialized();
    for i in 0..15 {
        add(
            &env,
            &format!("agent-{i:02}"),
            &["--schedule", "*/15 * * * *", "--trigger", "command:true"],
        );
    }
    add(
        &env,
        "pinned",
        &[
            "--schedule",
            "*/15 * * * *",
            "--trigger",
            "command:true",
            "--offset",
            "3m",
        ],
    );
    add(&env, "watcher", &["--schedule", "*/15 * * * *"]);
    let status = env.run(&["heartbeat", "status", "--json"]).json();
    let offset = |name: &str| agent(&status, name)["offset_s"].as_i64().expect("offset");
    let mut offsets: Vec<i64> = (0..15).map(|i| offset(&format!("agent-{i:02}"))).collect();
    offsets.sort_unstable();
    offsets.dedup();
    assert_eq!(offsets.len(), 15, "distinct starts: {offsets:?}");
    let spread = offsets[14] - offsets[0];
    assert!(
        spread >= 900 * 8 / 10,
        "spread {spread}s of 900s: {offsets:?}"
    );
    assert_eq!(offset("pinned"), 180);
    assert_eq!(
        offset("watcher"),
        0,
        "an agent without a trigger is checked on the slot"
    );
    // The next start shown is the slot plus the offset.
    for i in 0..15 {
        let row = agent(&status, &format!("agent-{i:02}"));
        let next_ms = row["next_due_ms"].as_i64().expect("next");
        assert_eq!(
            (next_ms / 1000 - row["offset_s"].as_i64().expect("offset")) % 900,
            0,
            "{row}"
        );
    }
}

#[test]
fn a_hanging_trigger_is_killed_and_the_other_agents_still_run() {
    let env = Env::initialized();
    let pid_file = env.path("hung.pid");
    let done = env.path("fine.done");
    let work = board(&env, "work", "- [ ] something (id: s1)\n");
    add(
        &env,
        "hung",
        &[
            "--source",
            &work,
            "--trigger",
            &format!(
                "command:sleep 300 & echo $! > '{}'; wait",
                pid_file.display()
            ),
            "--trigger-timeout",
            "1s",
        ],
    );
    add(
        &env,
        "fine",
        &[
            "--source",
            &work,
            "--trigger",
            &format!("command:touch '{}'", done.display()),
        ],
    );
    let started = Instant::now();
    let (code, doc) = run(&env, &["--now", &later(11)]);
    assert!(started.elapsed() < Duration::from_secs(60), "run finished");
    assert_eq!(code, Some(0), "{doc}");
    assert_eq!(agent(&doc, "hung")["trigger"]["outcome"], "timeout");
    assert_eq!(agent(&doc, "fine")["trigger"]["outcome"], "sent");
    assert!(done.exists());
    let pid = std::fs::read_to_string(&pid_file).expect("pid");
    let status =
        std::fs::read_to_string(format!("/proc/{}/status", pid.trim())).unwrap_or_default();
    assert!(
        status.is_empty() || status.contains("State:\tZ"),
        "the trigger's child was killed with it: {status}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn discover_adds_each_workspace_once_and_status_names_the_unwatched() {
    let env = Env::initialized();
    let root = env.path("agents");
    for ws in ["coo", "secretary", "not-an-agent", "bad name"] {
        std::fs::create_dir_all(root.join(ws)).expect("mkdir");
    }
    std::fs::write(root.join("coo/HEARTBEAT.md"), "# heartbeat\n").expect("write");
    std::fs::create_dir_all(root.join("secretary/board")).expect("mkdir");
    std::fs::write(root.join("secretary/board/t.md"), "- [ ] x (id: x)\n").expect("write");
    std::fs::write(root.join("bad name/HEARTBEAT.md"), "").expect("write");
    let root_arg = root.display().to_string();

    let dry = env
        .run(&["heartbeat", "discover", &root_arg, "--dry-run", "--json"])
        .json();
    assert_eq!(
        dry["workspaces"].as_array().expect("list").len(),
        3,
        "{dry}"
    );
    assert_eq!(
        env.run(&["heartbeat", "list", "--json"]).json()["agents"],
        serde_json::json!([])
    );

    let first = env
        .run(&[
            "heartbeat",
            "discover",
            &root_arg,
            "--trigger",
            "command:wake {agent}",
            "--json",
        ])
        .json();
    let action = |doc: &Value, name: &str| {
        doc["workspaces"]
            .as_array()
            .expect("list")
            .iter()
            .find(|w| w["name"] == name)
            .map(|w| w["action"].as_str().unwrap_or_default().to_owned())
            .unwrap_or_default()
    };
    assert_eq!(action(&first, "coo"), "added");
    assert_eq!(action(&first, "secretary"), "added");
    assert!(action(&first, "bad name").starts_with("skipped"), "{first}");
    let secretary = env
        .run(&["heartbeat", "show", "secretary", "--json"])
        .json();
    assert_eq!(secretary["agent"]["schedule"], "*/15 * * * *");
    assert_eq!(secretary["agent"]["trigger"], "command:wake secretary");
    assert!(
        secretary["agent"]["sources"]
            .to_string()
            .contains("secretary/board"),
        "{secretary}"
    );

    let again = env
        .run(&["heartbeat", "discover", &root_arg, "--json"])
        .json();
    assert_eq!(action(&again, "coo"), "exists");
    assert_eq!(
        env.run(&["heartbeat", "list", "--json"]).json()["agents"]
            .as_array()
            .expect("agents")
            .len(),
        2
    );

    std::fs::create_dir_all(root.join("newcomer")).expect("mkdir");
    std::fs::write(root.join("newcomer/HEARTBEAT.md"), "").expect("write");
    let status = env.run(&["heartbeat", "status", "--json"]).json();
    assert!(
        status["unwatched"].to_string().contains("newcomer"),
        "{status}"
    );
    assert_eq!(
        status["unwatched"].as_array().map(Vec::len),
        Some(2),
        "{status}"
    );
    let human = env.run(&["heartbeat", "status"]);
    assert!(
        human.stdout.contains("no agent watches the workspace"),
        "{}",
        human.stdout
    );
    let metrics = Server::exporter(&env).metrics().await;
    // The newcomer, and "bad name", which discover skipped: neither has an agent.
    assert!(
        metrics.contains("heartbeat_unwatched_workspaces 2"),
        "{metrics}"
    );
}
