//! `bizwings sidecar serve` as a client sees it: the real binary in front of real HTTP servers
//! that play the providers.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::support::Env;
use crate::support::fixture::{Fixture, Served};
use crate::support::server::Server as Sidecar;
use crate::support::upstream::{
    COMPLETION_TOKENS, Mode, PROMPT_TOKENS, Upstream, add_provider as add, provide,
};

fn chat(model: &str) -> Value {
    json!({"model": model, "messages": [{"role": "user", "content": "hi"}]})
}

async fn post(client: &reqwest::Client, sc: &Sidecar, body: &Value) -> (u16, Value) {
    let r = client
        .post(sc.url("/v1/chat/completions"))
        .json(body)
        .send()
        .await
        .expect("send");
    let status = r.status().as_u16();
    let text = r.text().await.expect("body");
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

/// Usage rows after the sidecar stopped, from `bizwings usage --json`.
fn usage_rows(env: &Env) -> Vec<Value> {
    let out = env.run(&["usage", "--json"]);
    out.success();
    out.json()["rows"].as_array().expect("rows").clone()
}

fn sum(rows: &[Value], field: &str) -> u64 {
    rows.iter()
        .map(|r| r[field].as_u64().expect("number"))
        .sum()
}

fn cooldowns(env: &Env, provider: &str) -> Vec<Value> {
    let out = env.run(&["provider", "show", provider, "--json"]);
    out.success();
    let mut events = out.json()["provider"]["recent_cooldowns"]
        .as_array()
        .expect("recent_cooldowns")
        .clone();
    events.reverse();
    events
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn routes_rewrites_the_model_and_swaps_the_key() {
    let Served { env, ups, sc } = Fixture::new()
        .provider(
            "a",
            Mode::Ok,
            "sk-upstream-a-0123456789",
            &["--model", "gpt=native-gpt", "--model", "emb"],
        )
        .await
        .serve(&["--passthrough", "/v1/files"]);
    let up = &ups[0];
    let client = reqwest::Client::new();

    let r = client
        .post(sc.url("/v1/chat/completions"))
        .header("authorization", "Bearer client-secret")
        .json(&chat("gpt"))
        .send()
        .await
        .expect("send");
    assert_eq!(r.status(), 200);
    let body: Value = r.json().await.expect("json");
    assert_eq!(body["choices"][0]["message"]["content"], "hello from a");
    let seen = up.seen();
    assert_eq!(
        seen[0].model.as_deref(),
        Some("native-gpt"),
        "native id reaches the upstream"
    );
    assert_eq!(
        seen[0].auth, "Bearer sk-upstream-a-0123456789",
        "client auth replaced by the key"
    );
    assert_eq!(
        seen[0].body["messages"][0]["content"], "hi",
        "rest of the body untouched"
    );

    let models: Value = client
        .get(sc.url("/v1/models"))
        .send()
        .await
        .expect("send")
        .json()
        .await
        .expect("json");
    let ids: Vec<&str> = models["data"]
        .as_array()
        .expect("data")
        .iter()
        .map(|m| m["id"].as_str().expect("id"))
        .collect();
    assert_eq!(ids, ["emb", "gpt"]);
    assert_eq!(models["object"], "list");

    let r = client
        .post(sc.url("/v1/embeddings"))
        .json(&json!({"model": "emb", "input": "x"}))
        .send()
        .await
        .expect("send");
    assert_eq!(r.status(), 200);
    // Other /v1 paths pass through to a provider, query string included.
    let r: Value = client
        .get(sc.url("/v1/files?limit=2"))
        .send()
        .await
        .expect("send")
        .json()
        .await
        .expect("json");
    assert_eq!(
        (r["path"].as_str(), r["query"].as_str()),
        (Some("/v1/files"), Some("limit=2"))
    );

    let health: Value = client
        .get(sc.url("/health"))
        .send()
        .await
        .expect("send")
        .json()
        .await
        .expect("json");
    assert_eq!(health["status"], "ok");
    assert_eq!(health["providers"], 1);
    assert_eq!(sc.terminate(), Some(0));
    assert!(
        !std::fs::read_to_string(env.db())
            .unwrap_or_default()
            .contains("sk-upstream-a")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fails_over_from_primary_to_fallback() {
    let env = Env::initialized();
    let primary = Upstream::start("primary", Mode::Error500).await;
    let fallback = Upstream::start("fallback", Mode::Ok).await;
    let reset = Upstream::resetting().await;
    let slow = Upstream::start("slow", Mode::Slow(Duration::from_secs(3))).await;
    add(
        &env,
        "p",
        &primary.base_url(),
        "k1-aaaaaaaaaaaaaaaa",
        &["--model", "m"],
    );
    add(
        &env,
        "r",
        &format!("http://{reset}/v1"),
        "k2-aaaaaaaaaaaaaaaa",
        &["--model", "m"],
    );
    add(
        &env,
        "s",
        &slow.base_url(),
        "k3-aaaaaaaaaaaaaaaa",
        &["--model", "m", "--timeout", "300ms"],
    );
    add(
        &env,
        "f",
        &fallback.base_url(),
        "k4-aaaaaaaaaaaaaaaa",
        &["--model", "m", "--pool", "fallback"],
    );
    let sc = Sidecar::sidecar(&env, &["--cooldown-base", "10s"]);
    let client = reqwest::Client::new();
    for _ in 0..3 {
        let (status, body) = post(&client, &sc, &chat("m")).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(
            body["choices"][0]["message"]["content"],
            "hello from fallback"
        );
    }
    assert!(primary.hits() >= 1, "primary was tried first");
    assert!(slow.hits() >= 1, "the slow one timed out and was skipped");
    assert_eq!(fallback.hits(), 3);
    assert_eq!(sc.terminate(), Some(0));
    let rows = usage_rows(&env);
    let errors: u64 = rows
        .iter()
        .filter(|r| r["provider"] != "f")
        .map(|r| r["errors"].as_u64().expect("n"))
        .sum();
    assert!(errors >= 3, "failed attempts are accounted: {rows:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cooldowns_double_up_to_the_cap_and_recover() {
    let env = Env::initialized();
    let limited = Upstream::start("limited", Mode::RateLimited(None)).await;
    let spare = Upstream::start("spare", Mode::Ok).await;
    add(
        &env,
        "limited",
        &limited.base_url(),
        "k1-aaaaaaaaaaaaaaaa",
        &["--model", "m"],
    );
    add(
        &env,
        "spare",
        &spare.base_url(),
        "k2-aaaaaaaaaaaaaaaa",
        &["--model", "m", "--pool", "fallback"],
    );
    let sc = Sidecar::sidecar(
        &env,
        &["--cooldown-base", "100ms", "--cooldown-max", "400ms"],
    );
    let client = reqwest::Client::new();
    for _ in 0..4 {
        // Wait until the primary is out of its cooldown, so the next request tries it again.
        let before = limited.hits();
        let deadline = Instant::now() + Duration::from_secs(5);
        while limited.hits() == before {
            let (status, body) = post(&client, &sc, &chat("m")).await;
            assert_eq!(status, 200, "{body}");
            assert!(Instant::now() < deadline, "primary never retried");
            tokio::time::sleep(Duration::from_millis(30)).await;
        }
    }
    // Retry-After longer than the computed cooldown wins.
    limited.set_mode(Mode::RateLimited(Some("2".into())));
    tokio::time::sleep(Duration::from_millis(450)).await;
    let before = limited.hits();
    post(&client, &sc, &chat("m")).await;
    assert_eq!(limited.hits(), before + 1);
    // Recovery: the provider answers again once the cooldown is over.
    limited.set_mode(Mode::Ok);
    let deadline = Instant::now() + Duration::from_secs(6);
    loop {
        let (_, body) = post(&client, &sc, &chat("m")).await;
        if body["choices"][0]["message"]["content"] == "hello from limited" {
            break;
        }
        assert!(Instant::now() < deadline, "limited never recovered");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(sc.terminate(), Some(0));
    let events = cooldowns(&env, "limited");
    let durations: Vec<u64> = events
        .iter()
        .map(|e| e["cooldown_ms"].as_u64().expect("ms"))
        .collect();
    assert_eq!(durations, [100, 200, 400, 400, 2000], "{events:?}");
    let counts: Vec<u64> = events
        .iter()
        .map(|e| e["consecutive_count"].as_u64().expect("n"))
        .collect();
    assert_eq!(counts, [1, 2, 3, 4, 5]);
    assert!(
        events.iter().all(|e| e["ended_at_ms"].is_i64()),
        "every cooldown was closed: {events:?}"
    );
    let show = env.run(&["provider", "show", "limited", "--json"]).json();
    assert_eq!(show["provider"]["status"], "healthy");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_429_storm_costs_clients_nothing_while_capacity_exists() {
    let env = Env::initialized();
    let mut ups = Vec::new();
    for name in ["s1", "s2", "s3"] {
        let up = Upstream::start(name, Mode::Flaky429).await;
        add(
            &env,
            name,
            &up.base_url(),
            "k-aaaaaaaaaaaaaaaaaaa",
            &["--model", "m", "--rpm", "1000"],
        );
        ups.push(up);
    }
    let sc = Sidecar::sidecar(
        &env,
        &[
            "--cooldown-base",
            "50ms",
            "--cooldown-max",
            "100ms",
            "--max-retries",
            "5",
        ],
    );
    let client = reqwest::Client::new();
    let mut tasks = Vec::new();
    for i in 0..60 {
        let client = client.clone();
        let url = sc.url("/v1/chat/completions");
        tasks.push(tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(i * 10)).await;
            client
                .post(url)
                .json(&chat("m"))
                .send()
                .await
                .expect("send")
                .status()
                .as_u16()
        }));
    }
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await.expect("task"));
    }
    // A request never asks a provider that just refused it again (#30): only a request whose
    // every provider refused it (the very first, when all three start with a 429) is told to
    // come back later; the rest are served.
    let refused = statuses.iter().filter(|s| **s == 503).count();
    assert!(
        refused <= 3 && statuses.iter().all(|s| *s == 200 || *s == 503),
        "{statuses:?}"
    );
    let served = statuses.iter().filter(|s| **s == 200).count();
    let total_429: usize = ups.iter().map(Upstream::hits).sum::<usize>() - served;
    assert!(
        total_429 > 10,
        "the storm really happened: {total_429} 429s"
    );
    assert_eq!(sc.terminate(), Some(0));
}

/// Sends `n` chat requests for model `m` one after another; the answers in order.
async fn one_by_one(client: &reqwest::Client, sc: &Sidecar, n: usize) -> Vec<(u16, Option<u64>)> {
    let mut answers = Vec::new();
    for _ in 0..n {
        let r = client
            .post(sc.url("/v1/chat/completions"))
            .json(&chat("m"))
            .send()
            .await
            .expect("send");
        let retry_after = r
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok()?.parse().ok());
        answers.push((r.status().as_u16(), retry_after));
    }
    answers
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn everything_cooling_uses_the_emergency_trickle_then_503() {
    // Always 429: the provider stays rate limited.
    let Served { env: _env, ups, sc } = Fixture::new()
        .provider(
            "only",
            Mode::RateLimited(None),
            "k-aaaaaaaaaaaaaaaaaaa",
            &["--model", "m", "--rpm", "60"],
        )
        .await
        .provider(
            "other",
            Mode::Ok,
            "k-bbbbbbbbbbbbbbbbbbb",
            &["--model", "unrelated"],
        )
        .await
        .serve(&["--cooldown-base", "30s"]);
    let up = &ups[0];
    let other = &ups[1];
    let client = reqwest::Client::new();
    let answers = one_by_one(&client, &sc, 10).await;
    assert!(answers.iter().all(|(s, _)| *s == 503), "{answers:?}");
    // 60 rpm: the emergency bucket holds 10 % of that, 6 probes; after them no request
    // reaches the provider.
    assert_eq!(
        up.hits(),
        1 + 6,
        "the first request, then exactly 10 % of 60 rpm as emergency probes"
    );
    // The probes' 429s keep the cooldown going without raising its level: clients are told
    // to come back after about the base cooldown, not after the cap (#12).
    let (_, retry_after) = answers[9];
    assert!(
        retry_after.is_some_and(|r| (25..=30).contains(&r)),
        "Retry-After counts down the base cooldown: {answers:?}"
    );
    let r = client
        .post(sc.url("/v1/chat/completions"))
        .json(&chat("m"))
        .send()
        .await
        .expect("send");
    assert_eq!(
        r.json::<Value>().await.expect("json")["error"]["code"],
        "all_providers_cooling"
    );
    assert_eq!(
        other.hits(),
        0,
        "a backend that does not serve the model is never used"
    );
    assert_eq!(sc.terminate(), Some(0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_provider_back_from_a_429_storm_gets_full_traffic_at_once() {
    // One 429, then the provider is fine again.
    let Served { env: _env, ups, sc } = Fixture::new()
        .provider(
            "only",
            Mode::RateLimitedFirst(1),
            "k-aaaaaaaaaaaaaaaaaaa",
            &["--model", "m", "--rpm", "60"],
        )
        .await
        .serve(&["--cooldown-base", "30s"]);
    let up = &ups[0];
    let client = reqwest::Client::new();
    let answers = one_by_one(&client, &sc, 10).await;
    // The first request's 429 starts a 30 s cooldown and it is told to come back later (the
    // provider that just refused it is not asked again in the same request, #30); the next
    // goes out as an emergency probe, succeeds, and ends the cooldown: every later request is
    // served normally, not only the 10 % trickle for the rest of the 30 s.
    assert_eq!(answers[0], (503, Some(30)), "{answers:?}");
    assert!(answers[1..].iter().all(|(s, _)| *s == 200), "{answers:?}");
    assert_eq!(up.hits(), 10);
    assert_eq!(sc.terminate(), Some(0));
}

/// Sends `n` chat requests at once; their statuses in order.
async fn burst(client: &reqwest::Client, url: &str, n: usize) -> Vec<u16> {
    let tasks: Vec<_> = (0..n)
        .map(|_| {
            let request = client.post(url).json(&chat("m"));
            tokio::spawn(async move { request.send().await.expect("send").status().as_u16() })
        })
        .collect();
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await.expect("task"));
    }
    statuses
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_queue_absorbs_a_burst_above_rpm() {
    // 120 rpm: 120 at once, then 2 per second.
    let Served { env, ups, sc } = Fixture::new()
        .provider(
            "a",
            Mode::Ok,
            "k-aaaaaaaaaaaaaaaaaaa",
            &["--model", "m", "--rpm", "120"],
        )
        .await
        .serve(&["--queue-timeout", "10s"]);
    let up = &ups[0];
    let client = reqwest::Client::new();
    let statuses = burst(&client, &sc.url("/v1/chat/completions"), 125).await;
    assert!(statuses.iter().all(|s| *s == 200), "{statuses:?}");
    assert_eq!(
        up.hits(),
        125,
        "no request was sent above the rate without waiting"
    );
    assert_eq!(sc.terminate(), Some(0));

    // A queue of 2 turns the rest of a burst away at once: 10 rpm, 20 requests.
    env.run(&["provider", "set", "a", "--rpm", "10"]).success();
    let sc = Sidecar::sidecar(&env, &["--queue-timeout", "10s", "--queue-max-depth", "2"]);
    let statuses = burst(&client, &sc.url("/v1/chat/completions"), 20).await;
    let full = statuses.iter().filter(|s| **s == 503).count();
    let ok = statuses.iter().filter(|s| **s == 200).count();
    assert!(
        full >= 6 && ok >= 10,
        "a full queue answers 503 at once: {statuses:?}"
    );
    assert_eq!(sc.terminate(), Some(0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn streams_arrive_incrementally_and_their_tokens_count() {
    let env = Env::initialized();
    let up = provide(
        &env,
        "a",
        Mode::Ok,
        "k-aaaaaaaaaaaaaaaaaaa",
        &["--model", "m=native", "--price", "m=1000000,2000000"],
    )
    .await;
    up.set_chunk_delay(Duration::from_millis(300));
    let sc = Sidecar::sidecar(&env, &[]);
    let client = reqwest::Client::new();
    let mut body =
        json!({"model": "m", "stream": true, "messages": [{"role": "user", "content": "hi"}]});
    let mut r = client
        .post(sc.url("/v1/chat/completions"))
        .json(&body)
        .send()
        .await
        .expect("send");
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "text/event-stream");
    let first = r.chunk().await.expect("chunk").expect("first chunk");
    assert!(
        !up.shared
            .stream_finished
            .load(std::sync::atomic::Ordering::SeqCst),
        "first chunk arrived before the upstream finished"
    );
    assert!(
        String::from_utf8_lossy(&first).starts_with("data: "),
        "{first:?}"
    );
    let mut text = String::from_utf8_lossy(&first).into_owned();
    while let Some(chunk) = r.chunk().await.expect("chunk") {
        text.push_str(&String::from_utf8_lossy(&chunk));
    }
    assert!(
        text.contains("\"there\"") && text.ends_with("data: [DONE]\n\n"),
        "{text}"
    );
    assert!(
        !text.contains("\"usage\""),
        "the usage chunk the sidecar asked for is not shown: {text}"
    );
    assert_eq!(up.seen()[0].body["stream_options"]["include_usage"], true);
    assert_eq!(up.seen()[0].model.as_deref(), Some("native"));

    // A client that asks for usage gets it.
    body["stream_options"] = json!({"include_usage": true});
    let text = client
        .post(sc.url("/v1/chat/completions"))
        .json(&body)
        .send()
        .await
        .expect("send")
        .text()
        .await
        .expect("text");
    assert!(text.contains("\"usage\""), "{text}");

    assert_eq!(sc.terminate(), Some(0));
    let rows = usage_rows(&env);
    assert_eq!(sum(&rows, "requests"), 2);
    assert_eq!(sum(&rows, "errors"), 0);
    assert_eq!(sum(&rows, "prompt_tokens"), 2 * PROMPT_TOKENS);
    assert_eq!(
        sum(&rows, "estimated"),
        0,
        "both streams reported their usage"
    );
    assert_eq!(sum(&rows, "completion_tokens"), 2 * COMPLETION_TOKENS);
    // $1 per input token and $2 per output token (per 1M tokens: 1e6, 2e6).
    let cost: f64 = rows
        .iter()
        .map(|r| r["cost_usd"].as_f64().expect("cost"))
        .sum();
    #[expect(clippy::cast_precision_loss, reason = "small counts")]
    let expected = (2 * PROMPT_TOKENS + 4 * COMPLETION_TOKENS) as f64;
    assert!((cost - expected).abs() < 1e-6, "{cost}");
    assert!(rows[0]["avg_ttft_ms"].as_f64().is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_hangs_up_cancels_the_upstream_stream() {
    let env = Env::initialized();
    let up = provide(
        &env,
        "a",
        Mode::Ok,
        "k-aaaaaaaaaaaaaaaaaaa",
        &["--model", "m", "--price", "m=1000,2000"],
    )
    .await;
    up.set_chunk_delay(Duration::from_millis(400));
    let sc = Sidecar::sidecar(&env, &[]);
    let client = reqwest::Client::new();
    let body = json!({"model": "m", "stream": true, "messages": []});
    let mut r = client
        .post(sc.url("/v1/chat/completions"))
        .json(&body)
        .send()
        .await
        .expect("send");
    r.chunk().await.expect("chunk").expect("first chunk");
    drop(r);
    let deadline = Instant::now() + Duration::from_secs(5);
    while !up
        .shared
        .stream_cancelled
        .load(std::sync::atomic::Ordering::SeqCst)
    {
        assert!(
            Instant::now() < deadline,
            "upstream kept streaming to nobody"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(
        !up.shared
            .stream_finished
            .load(std::sync::atomic::Ordering::SeqCst)
    );
    assert_eq!(sc.terminate(), Some(0));
    let rows = usage_rows(&env);
    assert_eq!(
        sum(&rows, "requests"),
        1,
        "the cut stream is still accounted"
    );
    // It never got its usage chunk: charged by estimate, and marked so.
    assert_eq!(sum(&rows, "estimated"), 1, "{rows:?}");
    assert!(sum(&rows, "prompt_tokens") > 0, "{rows:?}");
    assert!(sum(&rows, "completion_tokens") >= 1, "{rows:?}");
    assert!(
        rows[0]["cost_usd"].as_f64().unwrap_or(0.0) > 0.0,
        "{rows:?}"
    );
    let report = env.run(&["usage"]);
    assert!(report.stdout.contains("estimated"), "{}", report.stdout);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rotating_a_key_under_load_loses_no_request() {
    let Served { env, ups, sc } = Fixture::new()
        .provider(
            "a",
            Mode::Ok,
            "sk-old-key-aaaaaaaaaaaa",
            &["--model", "m", "--rpm", "100000"],
        )
        .await
        .serve(&[]);
    let up = &ups[0];
    let client = reqwest::Client::new();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut load = Vec::new();
    for _ in 0..4 {
        let (client, url, stop) = (client.clone(), sc.url("/v1/chat/completions"), stop.clone());
        load.push(tokio::spawn(async move {
            let mut statuses = Vec::new();
            while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                statuses.push(
                    client
                        .post(&url)
                        .json(&chat("m"))
                        .send()
                        .await
                        .expect("send")
                        .status()
                        .as_u16(),
                );
            }
            statuses
        }));
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let rotate = env
        .cmd()
        .args(&["provider", "rotate-key", "a", "--key-stdin"])
        .stdin("sk-new-key-bbbbbbbbbbbb");
    tokio::task::spawn_blocking(move || rotate.run().success().code)
        .await
        .expect("join");
    let deadline = Instant::now() + Duration::from_secs(3);
    while up
        .seen()
        .last()
        .is_none_or(|s| s.auth != "Bearer sk-new-key-bbbbbbbbbbbb")
    {
        assert!(Instant::now() < deadline, "new key not used within 3 s");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    let mut statuses = Vec::new();
    for task in load {
        statuses.extend(task.await.expect("task"));
    }
    assert!(statuses.len() > 20, "load ran: {}", statuses.len());
    assert!(statuses.iter().all(|s| *s == 200), "{statuses:?}");
    assert!(!sc.log_text().to_lowercase().contains("database is locked"));
    assert_eq!(sc.terminate(), Some(0));
    assert_eq!(sum(&usage_rows(&env), "requests"), statuses.len() as u64);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn usage_after_sigterm_equals_the_requests_served() {
    let env = Env::initialized();
    let a = Upstream::start("a", Mode::Ok).await;
    let b = Upstream::start("b", Mode::Ok).await;
    add(
        &env,
        "a",
        &a.base_url(),
        "k-aaaaaaaaaaaaaaaaaaa",
        &["--model", "m1", "--model", "m2"],
    );
    add(
        &env,
        "b",
        &b.base_url(),
        "k-bbbbbbbbbbbbbbbbbbb",
        &["--model", "m1", "--model", "m2"],
    );
    let sc = Sidecar::sidecar(&env, &[]);
    let client = reqwest::Client::new();
    for i in 0..40 {
        let (status, _) = post(&client, &sc, &chat(if i % 4 == 0 { "m2" } else { "m1" })).await;
        assert_eq!(status, 200);
    }
    assert_eq!(sc.terminate(), Some(0));
    let rows = usage_rows(&env);
    assert_eq!(sum(&rows, "requests"), 40, "{rows:?}");
    assert_eq!(sum(&rows, "prompt_tokens"), 40 * PROMPT_TOKENS);
    let m2: u64 = rows
        .iter()
        .filter(|r| r["model"] == "m2")
        .map(|r| r["requests"].as_u64().expect("n"))
        .sum();
    assert_eq!(m2, 10, "each model keeps its own rows");
    assert!(
        a.hits() >= 10 && b.hits() >= 10,
        "load is spread: {} / {}",
        a.hits(),
        b.hits()
    );
    let table = env.run(&["usage", "--by", "model"]);
    table.success();
    assert!(
        table.stdout.contains("m1") && table.stdout.contains("30"),
        "{}",
        table.stdout
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn provider_changes_from_the_cli_apply_while_serving() {
    let env = Env::initialized();
    let a = Upstream::start("a", Mode::Ok).await;
    let b = Upstream::start("b", Mode::Ok).await;
    add(
        &env,
        "a",
        &a.base_url(),
        "k-aaaaaaaaaaaaaaaaaaa",
        &["--model", "m"],
    );
    let sc = Sidecar::sidecar(&env, &[]);
    let client = reqwest::Client::new();
    let (status, body) = post(&client, &sc, &chat("new-model")).await;
    assert_eq!(status, 404);
    assert_eq!(body["error"]["code"], "model_not_found");

    add(
        &env,
        "b",
        &b.base_url(),
        "k-bbbbbbbbbbbbbbbbbbb",
        &["--model", "new-model"],
    );
    let added = Instant::now();
    loop {
        let (status, _) = post(&client, &sc, &chat("new-model")).await;
        if status == 200 {
            break;
        }
        assert!(
            added.elapsed() < Duration::from_secs(2),
            "new provider not used within 2 s"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // Disabling takes effect too; SIGHUP reloads at once.
    env.run(&["provider", "disable", "b"]).success();
    sc.signal("HUP");
    let deadline = Instant::now() + Duration::from_secs(2);
    while post(&client, &sc, &chat("new-model")).await.0 != 404 {
        assert!(Instant::now() < deadline, "disabled provider still routed");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(sc.log_text().contains("SIGHUP"));
    assert_eq!(sc.terminate(), Some(0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rejected_key_is_marked_and_skipped() {
    let env = Env::initialized();
    let bad = Upstream::start("bad", Mode::Unauthorized).await;
    let good = Upstream::start("good", Mode::Ok).await;
    add(
        &env,
        "bad",
        &bad.base_url(),
        "k-aaaaaaaaaaaaaaaaaaa",
        &["--model", "m"],
    );
    add(
        &env,
        "good",
        &good.base_url(),
        "k-bbbbbbbbbbbbbbbbbbb",
        &["--model", "m", "--pool", "fallback"],
    );
    let sc = Sidecar::sidecar(&env, &[]);
    let client = reqwest::Client::new();
    for _ in 0..3 {
        let (status, _) = post(&client, &sc, &chat("m")).await;
        assert_eq!(status, 200);
    }
    assert_eq!(bad.hits(), 1, "a rejected key is not tried again");
    assert_eq!(sc.terminate(), Some(0));
    let show = env.run(&["provider", "show", "bad", "--json"]).json();
    assert_eq!(show["provider"]["status"], "error");
    // Rotating the key clears the error.
    env.cmd()
        .args(&["provider", "rotate-key", "bad", "--key-stdin"])
        .stdin("k-new-key-cccccccccccc")
        .run()
        .success();
    assert_eq!(
        env.run(&["provider", "show", "bad", "--json"]).json()["provider"]["status"],
        "healthy"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_requests_get_openai_style_errors_and_never_crash_it() {
    let Served {
        env: _env,
        ups: _ups,
        sc,
    } = Fixture::new()
        .provider("a", Mode::Ok, "k-aaaaaaaaaaaaaaaaaaa", &["--model", "m"])
        .await
        .serve(&["--max-body-bytes", "2000"]);
    let client = reqwest::Client::new();
    let send = |body: Vec<u8>| {
        let client = client.clone();
        let url = sc.url("/v1/chat/completions");
        async move {
            let r = client
                .post(url)
                .header("content-type", "application/json")
                .body(body)
                .send()
                .await
                .expect("send");
            let status = r.status().as_u16();
            (status, r.json::<Value>().await.expect("json error body"))
        }
    };
    for (body, status, code) in [
        (b"not json".to_vec(), 400, "invalid_request"),
        (br#"{"messages":[]}"#.to_vec(), 400, "invalid_request"),
        (
            br#"{"model":"nope","messages":[]}"#.to_vec(),
            404,
            "model_not_found",
        ),
        (vec![b' '; 5000], 413, "request_too_large"),
    ] {
        let (got, json) = send(body).await;
        assert_eq!(got, status, "{json}");
        assert_eq!(json["error"]["code"], code);
        assert!(json["error"]["message"].is_string());
    }
    let r = client.get(sc.url("/nowhere")).send().await.expect("send");
    assert_eq!(r.status(), 404);
    assert_eq!(
        r.json::<Value>().await.expect("json")["error"]["code"],
        "unknown_url"
    );
    // A small fuzz: random bytes and mangled JSON never get a 5xx or kill the server.
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let template = br#"{"model":"m","stream":false,"messages":[{"role":"user","content":"x"}]}"#;
    for i in 0..200 {
        let mut body = template.to_vec();
        let len = usize::try_from(next() % 3000).expect("small");
        if i % 2 == 0 {
            body = (0..len)
                .map(|_| u8::try_from(next() % 256).expect("byte"))
                .collect();
        } else {
            for _ in 0..=(next() % 5) {
                let at = usize::try_from(next()).expect("usize") % body.len();
                body[at] = u8::try_from(next() % 128).expect("byte");
            }
        }
        let r = client
            .post(sc.url("/v1/chat/completions"))
            .body(body)
            .send()
            .await
            .expect("server alive");
        assert!(r.status().as_u16() < 500, "status {}", r.status());
    }
    assert_eq!(sc.terminate(), Some(0));
}

/// The official `openai` Python SDK against the sidecar: a normal and a streamed completion.
/// `.ci/run` installs the SDK in a venv and sets BIZWINGS_TEST_PYTHON; elsewhere the test
/// runs when `python3 -c "import openai"` works and says why it skipped otherwise.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_official_openai_python_sdk_works_through_it() {
    let Some(python) = crate::support::python_with("openai") else {
        return;
    };
    let Served {
        env: _env,
        ups: _ups,
        sc,
    } = Fixture::new()
        .provider(
            "a",
            Mode::Ok,
            "k-aaaaaaaaaaaaaaaaaaa",
            &["--model", "gpt-test=native"],
        )
        .await
        .serve(&[]);
    let report =
        crate::support::python_report(python, "openai_sdk.py", vec![sc.url("/v1")], Vec::new())
            .await;
    assert_eq!(report["content"], "hello from a");
    assert_eq!(report["usage_total"], 15);
    assert_eq!(report["streamed"], "hello there");
    assert_eq!(report["models"], json!(["gpt-test"]));
    assert_eq!(sc.terminate(), Some(0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn providers_that_only_answer_429_give_503_with_retry_after() {
    let Served {
        env: _env,
        ups: _ups,
        sc,
    } = Fixture::new()
        .provider(
            "limited",
            Mode::RateLimited(Some("7".into())),
            "k-aaaaaaaaaaaaaaaaaaa",
            &["--model", "m", "--rpm", "600"],
        )
        .await
        .serve(&["--cooldown-base", "1s"]);
    let r = reqwest::Client::new()
        .post(sc.url("/v1/chat/completions"))
        .json(&chat("m"))
        .send()
        .await
        .expect("send");
    assert_eq!(r.status(), 503, "come back later, not a broken gateway");
    let retry_after: u64 = r.headers()["retry-after"]
        .to_str()
        .expect("ascii")
        .parse()
        .expect("secs");
    // At least what the provider asked for; more after the emergency trickle's own 429s.
    assert!((7..=600).contains(&retry_after), "{retry_after}");
    assert_eq!(sc.terminate(), Some(0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_concurrency_cap_of_two_never_has_three_in_flight() {
    let env = Env::initialized();
    let up = provide(
        &env,
        "capped",
        Mode::Slow(Duration::from_millis(300)),
        "sk-capped-0000000000000000",
        &["--model", "m", "--rpm", "6000", "--max-concurrency", "2"],
    )
    .await;
    up.set_chunk_delay(Duration::from_millis(100));
    let shown = env.run(&["provider", "show", "capped", "--json"]).json();
    assert_eq!(shown["provider"]["max_concurrency"], 2, "{shown}");
    let sc = Sidecar::sidecar(&env, &[]);
    let client = reqwest::Client::new();
    // Ten at once, streamed and not: two reach the provider, the rest wait for a place, and
    // each place comes back when its answer (or stream) is complete.
    let requests = (0..10).map(|i| {
        let (client, sc) = (&client, &sc);
        async move {
            let mut body = chat("m");
            if i % 2 == 0 {
                body["stream"] = json!(true);
            }
            let r = client
                .post(sc.url("/v1/chat/completions"))
                .json(&body)
                .send()
                .await
                .expect("send");
            let status = r.status().as_u16();
            let text = r.text().await.expect("body");
            (status, text)
        }
    });
    let answers = futures_util::future::join_all(requests).await;
    for (status, text) in &answers {
        assert_eq!(*status, 200, "{text}");
    }
    assert_eq!(up.hits(), 10);
    assert_eq!(
        up.shared
            .max_in_flight
            .load(std::sync::atomic::Ordering::SeqCst),
        2,
        "never more than the cap at the provider"
    );
    // Lifting the cap lets them all through at once.
    env.run(&["provider", "set", "capped", "--max-concurrency", "0"])
        .success();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let body = chat("m");
    let again = (0..6).map(|_| post(&client, &sc, &body));
    for (status, body) in futures_util::future::join_all(again).await {
        assert_eq!(status, 200, "{body}");
    }
    assert!(
        up.shared
            .max_in_flight
            .load(std::sync::atomic::Ordering::SeqCst)
            > 2,
        "uncapped, more than two run at once"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tpm_lets_ten_100_token_requests_a_minute_through_and_routes_the_rest() {
    let env = Env::initialized();
    let metered = provide(
        &env,
        "metered",
        Mode::Ok,
        "sk-metered-00000000000000",
        &["--model", "m", "--rpm", "600", "--tpm", "1000"],
    )
    .await;
    let spare = provide(
        &env,
        "spare",
        Mode::Ok,
        "sk-spare-0000000000000000",
        &["--model", "m", "--rpm", "600", "--pool", "fallback"],
    )
    .await;
    // Requests the sidecar estimates at ~100 tokens (body bytes / 4 + max_tokens) and that
    // really use 100.
    let mut body = chat("m");
    body["max_tokens"] = json!(80);
    let estimate = serde_json::to_vec(&body).expect("json").len() / 4 + 80;
    assert!((95..=105).contains(&estimate), "{estimate}");
    for up in [&metered, &spare] {
        *up.shared.usage.lock().expect("lock") = Some((60, 40));
    }
    let sc = Sidecar::sidecar(&env, &[]);
    let client = reqwest::Client::new();
    for _ in 0..25 {
        let (status, answer) = post(&client, &sc, &body).await;
        assert_eq!(status, 200, "{answer}");
    }
    assert!(
        (10..=11).contains(&metered.hits()),
        "1000 tokens a minute: ten requests of 100, not {}",
        metered.hits()
    );
    assert_eq!(
        metered.hits() + spare.hits(),
        25,
        "the rest went to the fallback"
    );
    let shown = env.run(&["provider", "show", "metered", "--json"]).json();
    assert_eq!(shown["provider"]["tpm"], 1000);
}

/// #30: with both providers answering 429, one request asks each once — never again the one
/// that just refused it — and is told when to come back.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_never_retries_a_provider_that_refused_it() {
    let Served { env: _env, ups, sc } = Fixture::new()
        .provider(
            "a",
            Mode::RateLimited(None),
            "k-aaaaaaaaaaaaaaaaaaa",
            &["--model", "m"],
        )
        .await
        .provider(
            "b",
            Mode::RateLimited(None),
            "k-bbbbbbbbbbbbbbbbbbb",
            &["--model", "m"],
        )
        .await
        .serve(&["--max-retries", "5", "--cooldown-base", "5s"]);
    let answers = one_by_one(&reqwest::Client::new(), &sc, 1).await;
    assert_eq!(answers[0].0, 503, "{answers:?}");
    assert!(answers[0].1.is_some(), "with Retry-After: {answers:?}");
    assert_eq!(
        (ups[0].hits(), ups[1].hits()),
        (1, 1),
        "each provider asked once"
    );
    assert_eq!(sc.terminate(), Some(0));
}

/// #30: adding the first client token closes `/v1` to agents without one: `client add` and
/// `apply` (`--dry-run` too) say so, with how many requests came without a token lately.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_first_client_token_warns_who_it_locks_out() {
    let Served { env, ups: _ups, sc } = Fixture::new()
        .provider("a", Mode::Ok, "k-aaaaaaaaaaaaaaaaaaa", &["--model", "m"])
        .await
        .serve(&[]);
    let answers = one_by_one(&reqwest::Client::new(), &sc, 3).await;
    assert!(answers.iter().all(|(s, _)| *s == 200), "{answers:?}");
    assert_eq!(sc.terminate(), Some(0));
    let spec = env.path("clients.toml");
    std::fs::write(&spec, "[[client]]\nname = \"writer-agent\"\n").expect("spec");
    let dry = env.run(&["apply", spec.to_str().expect("utf8"), "--dry-run"]);
    assert!(
        dry.stderr.contains("first client token") && dry.stderr.contains("3 came without a token"),
        "{}",
        dry.stderr
    );
    let out = env.run(&["sidecar", "client", "add", "agent"]);
    out.success();
    assert!(
        out.stderr.contains("3 came without a token"),
        "{}",
        out.stderr
    );
    let again = env
        .run(&["sidecar", "client", "add", "second", "--json"])
        .json();
    assert!(
        again.get("warning").is_none(),
        "only the first token warns: {again}"
    );
}

/// #30: `provider cooldown clear` ends a cooldown for the running sidecar within a reload;
/// `enable` and `rotate-key` say when the provider is still cooling, and how to end it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cooldown_can_be_cleared_by_hand() {
    let Served { env, ups, sc } = Fixture::new()
        .provider(
            "a",
            Mode::RateLimited(None),
            "k-aaaaaaaaaaaaaaaaaaa",
            &["--model", "m"],
        )
        .await
        // The emergency trickle at its floor, one a minute: the second request uses it up.
        .serve(&["--cooldown-base", "300s", "--emergency-rpm-fraction", "0"]);
    let client = reqwest::Client::new();
    let answers = one_by_one(&client, &sc, 2).await;
    assert!(answers.iter().all(|(s, _)| *s == 503), "{answers:?}");
    assert_eq!(ups[0].hits(), 2, "the request, then the trickle's probe");
    ups[0].set_mode(Mode::Ok);
    // The cooldown is written by the sidecar's writer (every 100 ms); then `enable` sees it.
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let out = env.run(&["provider", "enable", "a"]);
        if out.stderr.contains("still cooling down") {
            assert!(
                out.stderr.contains("provider cooldown clear a"),
                "{}",
                out.stderr
            );
            break;
        }
        assert!(
            Instant::now() < deadline,
            "enable never told of the cooldown"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(one_by_one(&client, &sc, 1).await[0].0, 503, "still cooling");
    assert_eq!(
        ups[0].hits(),
        2,
        "nothing reached the provider while it cooled"
    );
    env.run(&["provider", "cooldown", "clear", "a"]).success();
    let deadline = Instant::now() + Duration::from_secs(10);
    while one_by_one(&client, &sc, 1).await[0].0 != 200 {
        assert!(
            Instant::now() < deadline,
            "the cleared cooldown never ended"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let show = env.run(&["provider", "show", "a", "--json"]).json();
    assert_ne!(show["provider"]["status"], "cooling", "{show}");
    assert_eq!(sc.terminate(), Some(0));
}

/// #30: usage kept after `provider rm` still names its provider (it said `#1`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn usage_of_a_removed_provider_keeps_its_name() {
    let Served { env, ups: _ups, sc } = Fixture::new()
        .provider("gone", Mode::Ok, "k-aaaaaaaaaaaaaaaaaaa", &["--model", "m"])
        .await
        .serve(&[]);
    assert_eq!(one_by_one(&reqwest::Client::new(), &sc, 2).await[1].0, 200);
    assert_eq!(sc.terminate(), Some(0));
    env.run(&["provider", "rm", "gone", "--yes"]).success();
    let usage = env.run(&["usage", "--by", "provider", "--json"]).json();
    assert_eq!(usage["rows"][0]["provider"], "gone (removed)", "{usage}");
    assert_eq!(usage["rows"][0]["requests"], 2, "{usage}");
}
