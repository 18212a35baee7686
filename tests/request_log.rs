//! The request log (#26), through the binary: a request that failed over shows both attempts
//! and the cooldown set; a budget refusal its reason; `--follow` prints what comes after it;
//! the client's `x-request-id` comes back and is the record's key.

use std::io::{BufRead as _, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::support::Env;
use crate::support::fixture::{Fixture, Served};
use crate::support::server::Server;
use crate::support::upstream::Mode;

/// A chat call as `token` with `headers`: the status, the `x-request-id` it came back with.
async fn call(sc: &Server, token: &str, headers: &[(&str, &str)], body: &Value) -> (u16, String) {
    let mut req = reqwest::Client::new()
        .post(sc.url("/v1/chat/completions"))
        .bearer_auth(token)
        .json(body);
    for (name, value) in headers {
        req = req.header(*name, *value);
    }
    let r = req.send().await.expect("send");
    let id = r
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let status = r.status().as_u16();
    let _ = r.bytes().await;
    (status, id)
}

/// `sidecar request ID --json`, once the writer stored it.
async fn logged(env: &Env, id: &str) -> Value {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let out = env.cmd().args(&["sidecar", "request", id, "--json"]).run();
        if out.code == Some(0) {
            return out.json()["request"].clone();
        }
        assert!(Instant::now() < deadline, "request {id} never logged");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

fn chat() -> Value {
    json!({"model": "m", "messages": [{"role": "user", "content": "hi"}]})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_over_request_shows_each_attempt_and_a_refusal_its_reason() {
    let Served { env, ups, sc } = Fixture::new()
        .provider(
            "a",
            Mode::RateLimitedFirst(1),
            "k-aaaaaaaaaaaaaaaaaaa",
            &["--model", "m"],
        )
        .await
        .provider(
            "b",
            Mode::Ok,
            "k-bbbbbbbbbbbbbbbbbbb",
            &[
                "--model",
                "m",
                "--pool",
                "fallback",
                "--price",
                "m=1000,2000",
            ],
        )
        .await
        .serve(&[]);
    let token = crate::support::client_token(&env, "writer-llm", &[]);
    let tight = crate::support::client_token(&env, "tight", &["--budget", "1-tokens/day"]);
    // Tokens are read at the next reload.
    tokio::time::sleep(Duration::from_millis(600)).await;

    let (status, id) = call(&sc, &token, &[("x-request-id", "trace-abc-1")], &chat()).await;
    assert_eq!((status, id.as_str()), (200, "trace-abc-1"));
    let r = logged(&env, "trace-abc-1").await;
    assert_eq!(r["status"], 200, "{r}");
    assert_eq!(r["client"], "writer-llm");
    assert_eq!(r["api"], "/chat/completions");
    assert_eq!(r["model"], "m");
    assert_eq!(r["provider"], "b");
    let attempts = r["attempts"].as_array().expect("attempts");
    assert_eq!(attempts.len(), 2, "{r}");
    assert_eq!(
        (&attempts[0]["provider"], &attempts[0]["status"]),
        (&json!("a"), &json!(429))
    );
    let why = attempts[0]["outcome"].as_str().unwrap_or_default();
    assert!(
        why.contains("rate limited") && why.contains("cooling 30s"),
        "{why}"
    );
    assert_eq!(
        (&attempts[1]["provider"], &attempts[1]["status"]),
        (&json!("b"), &json!(200))
    );
    assert_eq!(attempts[1]["outcome"], "answered");
    assert_eq!(r["input_tokens"], 10);
    assert_eq!(r["output_tokens"], 5);
    assert!(r["cost_nusd"].as_u64().expect("cost") > 0, "{r}");
    assert_eq!(ups[0].hits() + ups[1].hits(), 2);

    // The same in the table people read.
    let shown = env.run(&["sidecar", "request", "trace-abc-1"]);
    shown.success();
    let text = shown.stdout.clone();
    assert!(
        text.contains("rate limited (429): cooling 30s") && text.contains("answered"),
        "{text}"
    );

    // A refusal: no attempt, its reason. An id the sidecar made comes back.
    let (status, made) = call(&sc, &tight, &[], &chat()).await;
    assert_eq!(status, 429);
    assert!(made.starts_with("req_"), "{made}");
    let refused = logged(&env, &made).await;
    assert_eq!(refused["error"], "request_exceeds_budget", "{refused}");
    assert!(
        refused["reason"]
            .as_str()
            .unwrap_or_default()
            .contains("budget"),
        "{refused}"
    );
    assert_eq!(refused["attempts"], json!([]));
    let failed = env
        .run(&[
            "sidecar", "requests", "--failed", "--client", "tight", "--json",
        ])
        .json();
    assert_eq!(
        failed["requests"].as_array().map(Vec::len),
        Some(1),
        "{failed}"
    );
    let slow = env
        .run(&["sidecar", "requests", "--slower-than", "1h", "--json"])
        .json();
    assert_eq!(slow["requests"], json!([]));
    assert_eq!(sc.terminate(), Some(0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn follow_prints_a_request_made_after_it_started() {
    let Served { env, sc, .. } = Fixture::new()
        .provider("a", Mode::Ok, "k-aaaaaaaaaaaaaaaaaaa", &["--model", "m"])
        .await
        .serve(&[]);
    let token = crate::support::client_token(&env, "writer-llm", &[]);
    tokio::time::sleep(Duration::from_millis(600)).await;
    call(&sc, &token, &[("x-request-id", "before-follow")], &chat()).await;
    logged(&env, "before-follow").await;

    let mut follow = Command::new(env!("CARGO_BIN_EXE_bizwings"))
        .args(["sidecar", "requests", "--follow", "--json"])
        .env("BIZWINGS_DB", env.db())
        .env("BIZWINGS_MASTER_KEY_FILE", env.key_file())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("follow");
    let stdout = follow.stdout.take().expect("stdout");
    let (lines, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if lines.send(line).is_err() {
                return;
            }
        }
    });
    tokio::time::sleep(Duration::from_millis(700)).await;
    call(&sc, &token, &[("x-request-id", "after-follow")], &chat()).await;
    let line = rx
        .recv_timeout(Duration::from_secs(10))
        .expect("a line from --follow");
    let printed: Value = serde_json::from_str(&line).expect("JSON line");
    assert_eq!(printed["request"]["request_id"], "after-follow", "{line}");
    assert!(
        rx.recv_timeout(Duration::from_millis(300)).is_err(),
        "the request before it is not printed"
    );
    let _ = follow.kill();
    let _ = follow.wait();
    assert_eq!(sc.terminate(), Some(0));
}
