//! #13: the README's first command, `sidecar serve --demo`, on an empty state dir with no key:
//! plain and streamed chat, embeddings and a 429 failover through the demo providers, with
//! usage counted and the dashboard token one command away.

use std::time::Duration;

use crate::support::Env;
use crate::support::server::Server;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_serves_without_a_key_and_shows_failover() {
    // No `init`, no provider, no key: --demo sets up the state itself.
    let env = Env::new();
    assert!(!env.db().exists());
    let sidecar = Server::sidecar(&env, &["--demo", "--demo-429", "50"]);
    assert!(env.db().exists() && env.key_file().exists());
    // The "ready" line follows "listening on", which `Server` waits for.
    for _ in 0..20 {
        if sidecar.log_text().contains("/dashboard") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(
        sidecar.log_text().contains("/dashboard"),
        "the start-up log names the dashboard:\n{}",
        sidecar.log_text()
    );
    let client = reqwest::Client::new();
    let chat = |stream: bool| {
        client
            .post(sidecar.url("/v1/chat/completions"))
            .json(&serde_json::json!({
                "model": "demo-chat",
                "stream": stream,
                "messages": [{"role": "user", "content": "how are the servers"}],
            }))
            .send()
    };

    // 50 %: the first answer of `demo` is served, the second is a 429.
    let plain: serde_json::Value = chat(false)
        .await
        .expect("plain")
        .json()
        .await
        .expect("json");
    let text = plain["choices"][0]["message"]["content"]
        .as_str()
        .unwrap_or("");
    assert!(text.starts_with("Hello from demo,"), "{plain}");
    assert!(text.contains("how are the servers"), "{plain}");
    assert!(
        plain["usage"]["prompt_tokens"].as_u64() > Some(0),
        "{plain}"
    );

    let streamed = chat(true).await.expect("stream");
    assert_eq!(streamed.status(), 200);
    let body = streamed.text().await.expect("body");
    assert!(
        body.contains("demo-backup,"),
        "failed over to the fallback:\n{body}"
    );
    assert!(body.trim_end().ends_with("data: [DONE]"), "{body}");
    assert!(
        !body.contains("\"usage\""),
        "usage not asked for, so hidden:\n{body}"
    );

    let embedded: serde_json::Value = client
        .post(sidecar.url("/v1/embeddings"))
        .json(&serde_json::json!({"model": "demo-embed", "input": ["a", "b"]}))
        .send()
        .await
        .expect("embeddings")
        .json()
        .await
        .expect("json");
    assert_eq!(
        embedded["data"].as_array().map(Vec::len),
        Some(2),
        "{embedded}"
    );
    assert_eq!(
        embedded["data"][0]["embedding"].as_array().map(Vec::len),
        Some(8)
    );

    // The sidecar's own answer: a model no provider serves.
    let unknown = client
        .post(sidecar.url("/v1/chat/completions"))
        .json(&serde_json::json!({"model": "no-such-model", "messages": []}))
        .send()
        .await
        .expect("unknown");
    assert_eq!(unknown.status(), 404);

    // The 429 cooled `demo` down; usage counts what each provider served.
    assert_counted(&env).await;
    assert_eq!(sidecar.terminate(), Some(0));
}

/// `provider show demo` and `usage` once the sidecar stored what happened (about once a
/// second), or after 5 s.
async fn settled(env: &Env) -> (serde_json::Value, serde_json::Value) {
    let (mut demo, mut rows) = (serde_json::Value::Null, serde_json::Value::Null);
    for _ in 0..50 {
        demo = env.run(&["provider", "show", "demo", "--json"]).json();
        rows = env.run(&["usage", "--json"]).json();
        if demo["provider"]["recent_cooldowns"]
            .as_array()
            .is_some_and(|c| !c.is_empty())
            && rows["totals"]["requests"] == 4
            && rows["totals"]["attempts"] == 4
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    (demo, rows)
}

/// The dashboard's token: created when none exists, replaced only with `--rotate`.
#[test]
fn admin_token_is_created_when_none_exists() {
    let env = Env::initialized();
    let token = env.run(&["sidecar", "admin-token", "--json"]).json();
    let token = token["admin_token"].as_str().unwrap_or_default();
    assert!(token.starts_with("bwa_"), "{token}");
    env.run(&["sidecar", "admin-token"])
        .code(2)
        .stderr_has("--rotate");
    env.run(&["sidecar", "admin-token", "--rotate"]).success();
}

/// What `provider show` and `usage` say after the demo test's requests.
async fn assert_counted(env: &Env) {
    let (demo, rows) = settled(env).await;
    assert_eq!(
        demo["provider"]["recent_cooldowns"]
            .as_array()
            .map(Vec::len),
        Some(1),
        "{demo}"
    );
    let text = rows.to_string();
    assert!(
        text.contains("\"demo\"") && text.contains("demo-backup"),
        "{rows}"
    );
    // Clients sent 4 requests and saw one error (the sidecar's 404); upstream took 4 attempts,
    // one of them the 429 that failed over, which no client saw.
    let totals = &rows["totals"];
    assert_eq!(
        (
            totals["requests"].as_u64(),
            totals["failed_requests"].as_u64(),
            totals["attempts"].as_u64(),
            totals["failed_attempts"].as_u64(),
        ),
        (Some(4), Some(1), Some(4), Some(1)),
        "{rows}"
    );
    assert_eq!(rows["client_requests"][0]["own_answers"], 1, "{rows}");
    // People read one time format: UTC said in the header, `YYYY-MM-DD HH:MM` periods.
    let table = env.run(&["usage"]).stdout;
    assert!(table.starts_with("PERIOD (UTC)"), "{table}");
    let now = chrono::Utc::now();
    let hours =
        [now, now - chrono::Duration::minutes(1)].map(|t| t.format("%Y-%m-%d %H:00").to_string());
    assert!(
        hours.iter().any(|h| table.contains(h.as_str())),
        "{hours:?} in:\n{table}"
    );
    assert!(totals["cost_usd"].as_f64() > Some(0.0), "{rows}");
}

/// #13: a 503 the sidecar answers itself (here: shared limits required, Redis unreachable)
/// counts as a failed client request with no upstream attempt.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sidecars_own_503_counts_as_a_client_request() {
    let env = Env::new();
    let sidecar = Server::sidecar(
        &env,
        &[
            "--demo",
            "--shared",
            "redis://127.0.0.1:1/0",
            "--shared-required",
        ],
    );
    let answer = reqwest::Client::new()
        .post(sidecar.url("/v1/chat/completions"))
        .json(&serde_json::json!({"model": "demo-chat", "messages": []}))
        .send()
        .await
        .expect("send");
    assert_eq!(answer.status(), 503);
    let mut rows = serde_json::Value::Null;
    for _ in 0..50 {
        rows = env.run(&["usage", "--json"]).json();
        if rows["totals"]["requests"] == 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let a = &rows["client_requests"][0];
    assert_eq!(
        (
            a["requests"].as_u64(),
            a["server_errors"].as_u64(),
            a["own_answers"].as_u64()
        ),
        (Some(1), Some(1), Some(1)),
        "{rows}"
    );
    assert_eq!(rows["totals"]["attempts"], 0, "{rows}");
    assert_eq!(sidecar.terminate(), Some(0));
}

/// #30: the demo answers legacy `/v1/completions`; when it stops, its providers are disabled
/// (they pointed at a port nobody listens on any more, answering 502), and the hint its log
/// gives, `provider rm demo demo-backup`, works.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_cleans_up_after_itself() {
    let env = Env::new();
    let sidecar = Server::sidecar(&env, &["--demo"]);
    let r = reqwest::Client::new()
        .post(sidecar.url("/v1/completions"))
        .json(&serde_json::json!({"model": "demo-chat", "prompt": "say hi"}))
        .send()
        .await
        .expect("send");
    assert_eq!(r.status(), 200);
    let body: serde_json::Value = r.json().await.expect("json");
    assert!(
        body["choices"][0]["text"]
            .as_str()
            .is_some_and(|t| !t.is_empty()),
        "{body}"
    );
    assert!(
        sidecar
            .log_text()
            .contains("bizwings provider rm demo demo-backup")
    );
    assert_eq!(sidecar.terminate(), Some(0));
    let list = env.run(&["provider", "list", "--json"]).json();
    let enabled: Vec<bool> = list["providers"]
        .as_array()
        .expect("providers")
        .iter()
        .map(|p| p["enabled"].as_bool().expect("enabled"))
        .collect();
    assert_eq!(enabled, [false, false], "{list}");
    let out = env.run(&["provider", "rm", "demo", "demo-backup", "--yes", "--json"]);
    out.success();
    assert_eq!(out.json()["removed"].as_array().map(Vec::len), Some(2));
    let list = env.run(&["provider", "list", "--json"]).json();
    assert_eq!(list["providers"], serde_json::json!([]), "{list}");
}
