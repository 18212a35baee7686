//! `bizwings exporter`: the agents' LLM calls through the sidecar, backups and the outbox, read
//! from the state DB the subsystems wrote.

use std::time::Duration;

use serde_json::json;

use crate::support::Env;
use crate::support::server::Server;
use crate::support::upstream::{Mode, Upstream, provide};

/// The value of the series `name{labels}` in a scrape.
pub(crate) fn value(text: &str, series: &str) -> Option<f64> {
    text.lines()
        .find(|l| l.starts_with(series) && l[series.len()..].starts_with(' '))
        .and_then(|l| l.rsplit(' ').next())
        .and_then(|v| v.parse().ok())
}

/// Calls through a sidecar as `token`: `n` chat requests, every one answered.
pub(crate) async fn call(sc: &Server, token: &str, n: usize) {
    let http = reqwest::Client::new();
    for _ in 0..n {
        let r = http
            .post(sc.url("/v1/chat/completions"))
            .bearer_auth(token)
            .json(&json!({"model": "m", "messages": [{"role": "user", "content": "hi"}]}))
            .send()
            .await
            .expect("send");
        assert_eq!(r.status(), 200, "{}", r.text().await.unwrap_or_default());
    }
}

/// Two keys for model `m` (`steady`, and `flaky`, whose first two answers are 429s) with
/// `key_flags`, a client `writer-llm` with `client_flags` (its token is returned), and an agent
/// `writer` labelled `label` that calls through that client.
pub(crate) async fn writer_and_two_keys(
    env: &Env,
    label: &str,
    key_flags: &[&str],
    client_flags: &[&str],
) -> (Upstream, Upstream, String) {
    let flags: Vec<&str> = ["--model", "m"].iter().chain(key_flags).copied().collect();
    let steady = provide(env, "steady", Mode::Ok, "sk-steady-000000000000", &flags).await;
    let flaky = provide(
        env,
        "flaky",
        Mode::RateLimitedFirst(2),
        "sk-flaky-0000000000000",
        &flags,
    )
    .await;
    let out = env
        .cmd()
        .args(&["sidecar", "client", "add", "writer-llm", "--json"])
        .args(client_flags)
        .run();
    let token = out.json()["token"].as_str().expect("token").to_owned();
    env.run(&[
        "heartbeat",
        "add",
        "writer",
        "--schedule",
        "*/10 * * * *",
        "--label",
        label,
        "--client",
        "writer-llm",
    ])
    .success();
    (steady, flaky, token)
}

/// `bizwings exporter` reading the DB at most once an hour.
fn exporter_once_an_hour(env: &Env) -> Server {
    Server::start(
        env,
        &[
            "exporter",
            "--listen",
            "127.0.0.1:0",
            "--min-interval",
            "1h",
        ],
        &[],
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_agents_429_rate_and_latency_come_from_its_sidecar_client() {
    let env = Env::initialized();
    let (steady, flaky, token) = writer_and_two_keys(&env, "Writer <main>", &[], &[]).await;
    env.run(&["heartbeat", "add", "idle", "--schedule", "*/10 * * * *"])
        .success();
    let sc = Server::sidecar(&env, &[]);
    call(&sc, &token, 12).await;
    assert_eq!(sc.terminate(), Some(0));
    // The share the test produced: the flaky key's first two answers were 429s.
    let attempts = steady.hits() + flaky.hits();
    let limited = flaky.hits().min(2);
    assert!(limited > 0, "the flaky key was tried");

    let exporter = exporter_once_an_hour(&env);
    let text = exporter.metrics().await;
    let writer = r#"{agent_name="writer",agent_label="Writer <main>"}"#;
    #[expect(clippy::cast_precision_loss, reason = "small counts")]
    let share = limited as f64 / attempts as f64;
    let rate = value(&text, &format!("agent_429_error_rate{writer}")).expect("rate");
    assert!(
        (rate - share).abs() < 1e-9,
        "{rate} vs {limited}/{attempts}\n{text}"
    );
    let median = value(&text, &format!("agent_response_time_seconds{writer}")).expect("median");
    assert!(median > 0.0 && median < 5.0, "{median}");
    // An agent whose client made no calls: a rate of 0 and no latency.
    let idle = r#"{agent_name="idle",agent_label="idle"}"#;
    assert_eq!(
        value(&text, &format!("agent_429_error_rate{idle}")),
        Some(0.0)
    );
    assert!(value(&text, &format!("agent_response_time_seconds{idle}")).is_none());
    assert_eq!(exporter.terminate(), Some(0));
    let shown = env.run(&["heartbeat", "show", "writer", "--json"]).json();
    assert_eq!(shown["agent"]["client"], "writer-llm");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backups_and_the_outbox_are_exported_and_read_once_per_interval() {
    let env = Env::initialized();
    // A failed and a good backup, for the backup gauges.
    let (dest, gone) = (env.path("backups"), env.path("gone"));
    std::fs::create_dir_all(&dest).expect("dest");
    std::fs::create_dir_all(&gone).expect("source");
    env.run(&["backup", "run", "state"]).success();
    env.run(&[
        "backup",
        "add",
        "gone",
        "--kind",
        "files",
        "--source",
        gone.to_str().expect("path"),
        "--dest",
        dest.to_str().expect("path"),
    ])
    .success();
    std::fs::remove_dir(&gone).expect("remove the source");
    env.run(&["backup", "run", "gone"]);

    env.run(&["heartbeat", "add", "idle", "--schedule", "*/10 * * * *"])
        .success();
    let exporter = exporter_once_an_hour(&env);
    let text = exporter.metrics().await;
    assert!(
        value(
            &text,
            r#"bizwings_backup_last_success_timestamp_seconds{backup="state"}"#
        )
        .is_some()
    );
    assert!(
        value(&text, r#"bizwings_backup_last_size_bytes{backup="state"}"#).unwrap_or(0.0) > 0.0
    );
    assert_eq!(
        value(&text, r#"bizwings_backup_last_run_ok{backup="state"}"#),
        Some(1.0)
    );
    assert_eq!(
        value(&text, r#"bizwings_backup_last_run_ok{backup="gone"}"#),
        Some(0.0)
    );
    // The failed backup's message had no receiver to go to: kept as failed, counted (#30).
    assert_eq!(
        value(&text, r#"bizwings_alert_outbox_messages{state="failed"}"#),
        Some(1.0)
    );

    // Read at most once per --min-interval: a change is not seen by the next scrape.
    env.run(&["heartbeat", "rm", "idle", "--yes"]).success();
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(exporter.metrics().await, text);
    assert_eq!(exporter.terminate(), Some(0));
}
