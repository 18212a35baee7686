//! Agents that spin (#27), through the binaries: spend since a task last moved, the pause it
//! brings and `heartbeat resume`, on one host and across a fleet; triggered turns that never
//! ran.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::exporter::value;
use crate::heartbeat::{agent, run_json};
use crate::shared::{host, sidecar as fleet_sidecar};
use crate::support::redis::Redis;
use crate::support::server::Server;
use crate::support::upstream::add_provider;
use crate::support::upstream::{COMPLETION_TOKENS, Mode, PROMPT_TOKENS, Upstream};
use crate::support::webhook::Webhook;
use crate::support::{Env, client_token, sqlite};

const PER_CALL: u64 = PROMPT_TOKENS + COMPLETION_TOKENS;

/// A state with one provider `a` serving model `m` (with `flags`), and its upstream.
async fn one_provider(flags: &[&str]) -> (Env, Upstream) {
    let env = Env::initialized();
    let up = Upstream::start("a", Mode::Ok).await;
    add_provider(&env, "a", &up.base_url(), "k-aaaaaaaaaaaaaaaaaaa", flags);
    (env, up)
}

/// One chat call as `token`: its status, `x-bizwings-limit` and body.
async fn chat(sc: &Server, token: &str) -> (u16, String, Value) {
    let r = reqwest::Client::new()
        .post(sc.url("/v1/chat/completions"))
        .bearer_auth(token)
        .json(&json!({"model": "m", "messages": [{"role": "user", "content": "hi"}]}))
        .send()
        .await
        .expect("send");
    let status = r.status().as_u16();
    let limit = r
        .headers()
        .get("x-bizwings-limit")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    (status, limit, r.json().await.unwrap_or(Value::Null))
}

/// `n` calls, each answered 200.
async fn calls(sc: &Server, token: &str, n: usize) {
    for _ in 0..n {
        let (status, _, body) = chat(sc, token).await;
        assert_eq!(status, 200, "{body}");
    }
}

/// The tokens `client` spent as the DB of `env` has them.
fn total(env: &Env, client: &str) -> u64 {
    let sql = format!(
        "SELECT COALESCE(SUM(prompt_tokens + completion_tokens), 0) FROM usage_clients WHERE client = '{client}'"
    );
    sqlite(&env.db(), &sql).parse().unwrap_or(0)
}

/// Waits until `client`'s tokens in the DB of `env` reach `tokens` (the writer flushes about
/// once a second).
async fn stored(env: &Env, client: &str, tokens: u64) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while total(env, client) < tokens {
        assert!(
            Instant::now() < deadline,
            "{client} never stored {tokens} tokens"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Waits until a call as `token` is answered `status`; returns what it was answered and how
/// many calls were answered 200 on the way (they cost tokens).
async fn until(sc: &Server, token: &str, status: u16) -> ((u16, String, Value), u64) {
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut passed = 0;
    loop {
        let answer = chat(sc, token).await;
        passed += u64::from(answer.0 == 200);
        if answer.0 == status || Instant::now() > deadline {
            return (answer, passed);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// A board with one pending task.
fn board(env: &Env, text: &str) -> String {
    let dir = env.path("board");
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::fs::write(dir.join("tasks.md"), text).expect("write");
    format!("markdown:{}", dir.display())
}

async fn owner(env: &Env) -> Webhook {
    let hook = Webhook::start("spin-secret").await;
    env.cmd()
        .args(&["alert", "receiver", "add", "lead", "--webhook-url-stdin"])
        .stdin(&format!("{}\n", hook.url))
        .run()
        .success();
    hook
}

fn titles(hook: &Webhook) -> Vec<String> {
    hook.hits()
        .iter()
        .map(|h| h.body["title"].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// Waits for the webhook to have `n` messages.
async fn messages(hook: &Webhook, n: usize) -> Vec<String> {
    let deadline = Instant::now() + Duration::from_secs(10);
    while titles(hook).len() < n && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    titles(hook)
}

/// The spinning agent's settings: warning at 2 calls' tokens, critical at 4, pause.
fn spin_flags(source: &str) -> Vec<String> {
    [
        "--schedule",
        "*/10 * * * *",
        "--source",
        source,
        "--client",
        "spinner",
        "--owner",
        "lead",
        "--on-spin",
        "pause",
        "--spin-warn-usd",
        "0",
        "--spin-critical-usd",
        "0",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .chain([
        "--spin-warn-tokens".to_owned(),
        (2 * PER_CALL).to_string(),
        "--spin-critical-tokens".to_owned(),
        (4 * PER_CALL).to_string(),
    ])
    .collect()
}

fn beat(env: &Env, extra: &[&str]) -> Value {
    let mut args = vec!["--force", "spinner"];
    args.extend_from_slice(extra);
    let (_, doc) = run_json(env, &args);
    agent(&doc, "spinner").clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[expect(clippy::too_many_lines, reason = "one agent's story, spin to resume")]
async fn an_agent_spending_without_progress_warns_then_is_paused_until_resumed() {
    let (env, _up) = one_provider(&["--model", "m", "--price", "m=1000,2000"]).await;
    let spinner = client_token(&env, "spinner", &[]);
    let other = client_token(&env, "other", &[]);
    let hook = owner(&env).await;
    let source = board(
        &env,
        "- [~] fix the build (id: build)\n- [ ] write docs (id: docs)\n",
    );
    let mut args = vec![
        "heartbeat".to_owned(),
        "add".to_owned(),
        "spinner".to_owned(),
    ];
    args.extend(spin_flags(&source));
    env.run(&args.iter().map(String::as_str).collect::<Vec<_>>())
        .success();
    let sc = Server::sidecar(&env, &[]);

    let first = beat(&env, &[]);
    assert_eq!(first["status"], "ok", "{first}");
    calls(&sc, &spinner, 2).await;
    stored(&env, "spinner", 2 * PER_CALL).await;
    let warned = beat(&env, &[]);
    assert_eq!(warned["status"], "warning", "{warned}");
    assert_eq!(warned["tokens_since_progress"], 2 * PER_CALL);
    assert!(
        warned["findings"].to_string().contains("spinning"),
        "{warned}"
    );

    calls(&sc, &spinner, 2).await;
    stored(&env, "spinner", 4 * PER_CALL).await;
    let critical = beat(&env, &[]);
    assert_eq!(critical["status"], "critical", "{critical}");
    assert_eq!(critical["spin_action"], "paused client spinner");
    let ((status, limit, body), slipped) = until(&sc, &spinner, 429).await;
    assert_eq!((status, limit.as_str()), (429, "paused"), "{body}");
    let said = body["error"]["message"].as_str().unwrap_or_default();
    assert!(
        said.contains("without moving a task")
            && said.contains("bizwings heartbeat resume spinner"),
        "{said}"
    );
    assert_eq!(body["error"]["code"], "client_paused");
    assert_eq!(chat(&sc, &other).await.0, 200, "another client passes");
    let exporter = Server::exporter(&env);
    let text = exporter.metrics().await;
    let series = r#"{agent_name="spinner",agent_label="spinner"}"#;
    #[expect(clippy::cast_precision_loss, reason = "small counts")]
    let expected = (4 * PER_CALL) as f64;
    assert_eq!(
        value(&text, &format!("agent_tokens_since_progress{series}")),
        Some(expected),
        "{text}"
    );
    assert!(value(&text, &format!("agent_cost_since_progress_usd{series}")).is_some());
    assert_eq!(exporter.terminate(), Some(0));

    // Still critical at the next beat: no second message, the pause stays.
    let again = beat(&env, &[]);
    assert_eq!(again["status"], "critical");
    assert!(again["spin_action"].is_null(), "{again}");
    let told = messages(&hook, 2).await;
    assert_eq!(told.len(), 2, "{told:?}");
    assert!(
        told[0].starts_with("[WARNING]") && told[1].starts_with("[CRITICAL]"),
        "{told:?}"
    );

    // Calls refused meanwhile cost nothing; what was let through before the pause reached the
    // sidecar is forgiven by the resume with the rest.
    let before = (4 + slipped) * PER_CALL;
    stored(&env, "spinner", before).await;
    let resumed = env.run(&["heartbeat", "resume", "spinner"]);
    resumed.success();
    assert_eq!(until(&sc, &spinner, 200).await.0.0, 200, "resumed");
    stored(&env, "spinner", before + PER_CALL).await;
    let fine = beat(&env, &[]);
    assert_eq!(fine["status"], "ok", "{fine}");
    assert_eq!(
        fine["tokens_since_progress"], PER_CALL,
        "only the call after resume"
    );
    let told = messages(&hook, 3).await;
    assert!(told[2].starts_with("[RESOLVED]"), "{told:?}");

    // A task that moves starts the count again.
    let before = total(&env, "spinner");
    calls(&sc, &spinner, 3).await;
    stored(&env, "spinner", before + 3 * PER_CALL).await;
    std::fs::write(
        env.path("board").join("tasks.md"),
        "- [x] fix the build (id: build)\n- [ ] write docs (id: docs)\n",
    )
    .expect("write");
    let moved = beat(&env, &[]);
    assert_eq!(moved["tokens_since_progress"], 0, "{moved}");
    assert_eq!(moved["status"], "ok");

    let report = env.run(&["heartbeat", "report", "--json"]).json();
    let row = agent(&report, "spinner");
    assert_eq!(
        row["tokens"],
        total(&env, "spinner"),
        "every call, seen beat by beat: {row}"
    );
    assert_eq!(row["tasks_moved"], 1, "{row}");
    let cost = row["cost_usd"].as_f64().expect("cost");
    assert!(cost > 0.0, "{row}");
    assert_eq!(
        row["cost_per_task_moved_usd"].as_f64(),
        Some(cost),
        "one task moved: {row}"
    );
    assert_eq!(sc.terminate(), Some(0));
}

/// The same across hosts: the calls go through a sidecar on another host of the fleet.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_pause_reaches_a_sidecar_on_another_host_of_the_fleet() {
    let Some(redis) = Redis::start() else {
        return;
    };
    let up = Upstream::start("a", Mode::Ok).await;
    let watcher = host(&[]);
    let serving = host(&[("a", &up, &["--model", "m"])]);
    let spinner = client_token(&serving, "spinner", &[]);
    let other = client_token(&serving, "other", &[]);
    let hook = owner(&watcher).await;
    let source = board(&watcher, "- [~] fix the build (id: build)\n");
    let mut args = vec![
        "heartbeat".to_owned(),
        "add".to_owned(),
        "spinner".to_owned(),
    ];
    args.extend(spin_flags(&source));
    watcher
        .run(&args.iter().map(String::as_str).collect::<Vec<_>>())
        .success();
    let sc = fleet_sidecar(&serving, &redis, &[]);
    let url = redis.url();
    let shared = ["--shared", url.as_str(), "--fleet", "test-fleet"];

    beat(&watcher, &shared);
    calls(&sc, &spinner, 4).await;
    stored(&serving, "spinner", 4 * PER_CALL).await;
    // The serving host publishes its totals after each write.
    let deadline = Instant::now() + Duration::from_secs(10);
    let critical = loop {
        let b = beat(&watcher, &shared);
        if b["status"] == "critical" || Instant::now() > deadline {
            break b;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert_eq!(critical["status"], "critical", "{critical}");
    assert_eq!(critical["tokens_since_progress"], 4 * PER_CALL);
    assert_eq!(
        critical["spin_action"], "paused client spinner (fleet-wide)",
        "{critical}"
    );
    let ((status, limit, body), _) = until(&sc, &spinner, 429).await;
    assert_eq!((status, limit.as_str()), (429, "paused"), "{body}");
    assert_eq!(chat(&sc, &other).await.0, 200);
    assert_eq!(messages(&hook, 1).await.len(), 1);

    let mut resume = vec!["heartbeat", "resume", "spinner"];
    resume.extend_from_slice(&shared);
    watcher.run(&resume).success();
    assert_eq!(
        until(&sc, &spinner, 200).await.0.0,
        200,
        "resumed fleet-wide"
    );
    assert_eq!(sc.terminate(), Some(0));
}

/// A gateway that answers 202 for a turn that never runs: "not working" after two silent
/// turns, one message; an LLM call through its client resolves it with one message.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn turns_answered_but_never_run_make_the_agent_not_working() {
    let (env, _up) = one_provider(&["--model", "m"]).await;
    let spinner = client_token(&env, "spinner", &[]);
    let hook = owner(&env).await;
    let gateway = Webhook::start("gw").await;
    let source = board(&env, "- [ ] write docs (id: docs)\n");
    let trigger = format!("http:{}", gateway.url);
    env.run(&[
        "heartbeat",
        "add",
        "spinner",
        "--schedule",
        "*/10 * * * *",
        "--source",
        &source,
        "--client",
        "spinner",
        "--owner",
        "lead",
        "--trigger",
        &trigger,
        "--turn-window",
        "1m",
        "--silent-after",
        "2",
    ])
    .success();
    let sc = Server::sidecar(&env, &[]);
    let at = |minutes: i64| (chrono::Utc::now() + chrono::Duration::minutes(minutes)).to_rfc3339();

    let t0 = at(1);
    let b = beat(&env, &["--now", &t0]);
    assert_eq!(b["trigger"]["outcome"], "sent", "{b}");
    assert_eq!(b["status"], "ok");
    let t1 = at(3);
    let b = beat(&env, &["--now", &t1]);
    assert_eq!(
        b["status"], "ok",
        "one silent turn is not yet a finding: {b}"
    );
    let t2 = at(5);
    let b = beat(&env, &["--now", &t2]);
    assert_eq!(b["status"], "critical", "{b}");
    assert!(
        b["findings"]
            .to_string()
            .contains("not working: 2 triggered turns"),
        "{b}"
    );
    let t3 = at(7);
    assert_eq!(beat(&env, &["--now", &t3])["status"], "critical");
    assert_eq!(messages(&hook, 1).await.len(), 1);
    let exporter = Server::exporter(&env);
    let text = exporter.metrics().await;
    assert_eq!(
        value(
            &text,
            r#"agent_silent_turns{agent_name="spinner",agent_label="spinner"}"#
        ),
        Some(3.0),
        "{text}"
    );
    assert_eq!(exporter.terminate(), Some(0));

    // The turn triggered at t3 runs: its client calls the model.
    calls(&sc, &spinner, 1).await;
    stored(&env, "spinner", PER_CALL).await;
    let t4 = at(8);
    let b = beat(&env, &["--now", &t4]);
    assert_eq!(b["status"], "ok", "{b}");
    let told = messages(&hook, 2).await;
    assert_eq!(told.len(), 2, "{told:?}");
    assert!(told[1].starts_with("[RESOLVED]"), "{told:?}");
    let report = env
        .run(&["heartbeat", "report", "--since", "1h", "--json"])
        .json();
    let row = agent(&report, "spinner");
    assert_eq!(row["turns_silent"], 3, "{row}");
    assert_eq!(row["turns_ran"], 1, "{row}");
    assert_eq!(sc.terminate(), Some(0));
}
