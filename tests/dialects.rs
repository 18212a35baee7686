//! The agent front doors through the real binary: Anthropic Messages and OpenAI Responses go
//! through the same pools, limits, failover, accounting and budgets as chat, against fake
//! providers that speak each dialect as documented.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::support::redis::Redis;
use crate::support::server::Server as Sidecar;
use crate::support::upstream::{Mode, Upstream, add_provider};
use crate::support::{Env, client_token as client, python_report};

const ALL_DIALECTS: &[&str] = &["--dialects", "chat,responses,messages"];

/// A fake provider `name` serving model `m` (and the SDK scripts' models) in every dialect.
async fn provider(env: &Env, name: &str, mode: Mode, flags: &[&str]) -> Upstream {
    let up = Upstream::start(name, mode).await;
    let mut all = vec![
        "--model",
        "m",
        "--model",
        "claude-test",
        "--model",
        "gpt-test",
    ];
    all.extend_from_slice(ALL_DIALECTS);
    all.extend_from_slice(flags);
    add_provider(
        env,
        name,
        &up.base_url(),
        &format!("sk-{name}-0000000000000000"),
        &all,
    );
    up
}

fn messages(stream: bool) -> Value {
    json!({"model": "m", "max_tokens": 64, "stream": stream,
           "messages": [{"role": "user", "content": "hi"}]})
}

fn responses() -> Value {
    json!({"model": "m", "input": "hi"})
}

/// A request as the agents send it: Messages with `x-api-key`, the rest with a bearer token.
/// Returns the status, the `x-bizwings-limit` header and the body (JSON, else as text).
async fn send(
    sc: &Sidecar,
    path: &str,
    token: Option<&str>,
    body: &Value,
) -> (u16, Option<String>, Value) {
    let mut req = reqwest::Client::new().post(sc.url(path)).json(body);
    if let Some(token) = token {
        req = if path.starts_with("/v1/messages") {
            req.header("x-api-key", token)
                .header("anthropic-version", "2023-06-01")
        } else {
            req.bearer_auth(token)
        };
    }
    let r = req.send().await.expect("send");
    let status = r.status().as_u16();
    let limit = r
        .headers()
        .get("x-bizwings-limit")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let text = r.text().await.expect("body");
    let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
    (status, limit, body)
}

/// The official `anthropic` SDK (plain with a thinking block and a tool call, streamed,
/// count_tokens) and the official `openai` SDK's Responses (plain, streamed, a follow-up with
/// `previous_response_id`, a retrieve) work through the sidecar with a client token; the
/// provider gets its own key in each dialect's header, never the client's token; usage is
/// counted for both.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_official_sdks_speak_messages_and_responses_through_it() {
    let (Some(python), Some(_)) = (
        crate::support::python_with("anthropic"),
        crate::support::python_with("openai"),
    ) else {
        return;
    };
    let env = Env::initialized();
    let up = provider(&env, "a", Mode::Ok, &[]).await;
    let token = client(&env, "agent", &[]);
    let sc = Sidecar::sidecar(&env, &[]);

    let report = python_report(
        python.clone(),
        "anthropic_sdk.py",
        vec![sc.url(""), token.clone()],
        Vec::new(),
    )
    .await;
    assert_eq!(report["blocks"], json!(["thinking", "tool_use"]));
    assert_eq!(report["tool"], "get_weather");
    assert_eq!(report["tool_input"], json!({"city": "Paris"}));
    assert_eq!(report["stop_reason"], "tool_use");
    assert_eq!(report["usage"], json!([10, 5]));
    assert_eq!(report["streamed"], "hello from a");
    assert_eq!(report["streamed_blocks"], json!(["thinking", "text"]));
    assert_eq!(report["streamed_usage"], json!([10, 5]));
    assert_eq!(report["count_tokens"], 42);
    for seen in up.seen() {
        assert_eq!(
            seen.api_key, "sk-a-0000000000000000",
            "the provider's key, in x-api-key"
        );
        assert!(!seen.anthropic_version.is_empty());
        assert!(
            seen.auth.is_empty(),
            "no bearer token to an Anthropic endpoint"
        );
    }

    let report = python_report(
        python,
        "openai_responses.py",
        vec![sc.url("/v1"), token.clone()],
        Vec::new(),
    )
    .await;
    assert_eq!(report["text"], "hello from a");
    assert_eq!(report["usage"], json!([10, 5]));
    let events: Vec<&str> = report["events"]
        .as_array()
        .expect("events")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(events.first(), Some(&"response.created"));
    assert_eq!(events.last(), Some(&"response.completed"));
    assert_eq!(report["streamed"], "hello from a");
    assert_eq!(report["streamed_usage"], json!([10, 5]));
    assert_eq!(report["follow_up"], "hello from a");
    assert_eq!(report["follow_up_previous"], report["id"]);
    assert_eq!(report["retrieved"], report["id"]);
    let seen = up.seen();
    assert!(
        seen.iter()
            .all(|s| !s.auth.contains(&token) && !s.api_key.contains(&token))
    );
    assert!(
        seen.iter()
            .filter(|s| s.api_key.is_empty())
            .all(|s| s.auth == "Bearer sk-a-0000000000000000"),
        "Responses get the provider's bearer key"
    );
    assert_eq!(sc.terminate(), Some(0));

    // What the SDKs spent is on record, per model: 3 Messages calls (count_tokens has no
    // usage) and 3 Responses calls of 10 + 5 tokens (a retrieve is not counted again).
    let usage = env.run(&["usage", "--json"]);
    usage.success();
    let rows = usage.json()["rows"].as_array().expect("rows").clone();
    let tokens = |model: &str| -> (u64, u64) {
        rows.iter()
            .filter(|r| r["model"] == model)
            .map(|r| {
                (
                    r["prompt_tokens"].as_u64().expect("prompt"),
                    r["completion_tokens"].as_u64().expect("completion"),
                )
            })
            .fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1))
    };
    assert_eq!(tokens("claude-test"), (20, 10), "{rows:?}");
    assert_eq!(tokens("gpt-test"), (30, 15), "{rows:?}");
}

/// A 429 and then an Anthropic 529 on the primary: Messages and Responses fail over to the
/// fallback before the first byte, and the 429 cools the primary.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn messages_and_responses_fail_over_after_a_429_and_a_529() {
    let env = Env::initialized();
    let primary = provider(&env, "p", Mode::RateLimited(None), &["--rpm", "600"]).await;
    let fallback = provider(&env, "f", Mode::Ok, &["--pool", "fallback"]).await;
    let sc = Sidecar::sidecar(
        &env,
        &["--cooldown-base", "200ms", "--cooldown-max", "200ms"],
    );
    for (path, body, text) in [
        ("/v1/messages", messages(false), "/content/0/text"),
        ("/v1/responses", responses(), "/output/0/content/0/text"),
    ] {
        for mode in [Mode::RateLimited(None), Mode::Overloaded] {
            primary.set_mode(mode.clone());
            // Past any cooldown, so the primary is tried first.
            tokio::time::sleep(Duration::from_millis(400)).await;
            let (p, f) = (primary.hits(), fallback.hits());
            let (status, _, answer) = send(&sc, path, None, &body).await;
            assert_eq!(status, 200, "{path} {mode:?}: {answer}");
            assert_eq!(
                answer.pointer(text),
                Some(&json!("hello from f")),
                "{path} {mode:?}"
            );
            assert_eq!(
                (primary.hits() - p, fallback.hits() - f),
                (1, 1),
                "{path} {mode:?}"
            );
        }
    }
    let log = sc.log_text();
    assert!(log.contains("provider cooling down"), "{log}");
    assert_eq!(sc.terminate(), Some(0));
}

/// A `2000-tokens/day` client spends its budget on Messages and Responses alike and is then
/// refused in the dialect's own shape, the provider never asked.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_budget_covers_messages_and_responses() {
    let env = Env::initialized();
    let up = provider(&env, "a", Mode::Ok, &[]).await;
    *up.shared.usage.lock().expect("lock") = Some((1000, 500));
    let token = client(&env, "agent", &["--budget", "2000-tokens/day"]);
    let sc = Sidecar::sidecar(&env, &[]);
    assert_eq!(
        send(&sc, "/v1/messages", Some(&token), &messages(false))
            .await
            .0,
        200
    );
    assert_eq!(
        send(&sc, "/v1/responses", Some(&token), &responses())
            .await
            .0,
        200
    );
    let (status, limit, body) = send(&sc, "/v1/messages", Some(&token), &messages(true)).await;
    assert_eq!(
        (status, limit.as_deref()),
        (429, Some("client-budget")),
        "{body}"
    );
    assert_eq!(body["type"], "error", "Anthropic's error shape: {body}");
    assert_eq!(body["error"]["type"], "rate_limit_error");
    let (status, limit, body) = send(&sc, "/v1/responses", Some(&token), &responses()).await;
    assert_eq!((status, limit.as_deref()), (429, Some("client-budget")));
    assert_eq!(
        body["error"]["code"], "budget_exceeded",
        "OpenAI's error shape: {body}"
    );
    assert_eq!(up.hits(), 2, "refused requests never reach the provider");
    assert_eq!(sc.terminate(), Some(0));
}

/// The same budget across two sidecars sharing Redis: the fleet counts both dialects.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fleet_budget_covers_messages_and_responses() {
    let Some(redis) = Redis::start() else {
        return;
    };
    let up = Upstream::start("a", Mode::Ok).await;
    *up.shared.usage.lock().expect("lock") = Some((1000, 500));
    let hosts: Vec<(Env, String)> = (0..2)
        .map(|_| {
            let env = Env::initialized();
            let flags = ["--model", "m", "--dialects", "chat,responses,messages"];
            add_provider(&env, "a", &up.base_url(), "sk-a-0000000000000000", &flags);
            let token = client(&env, "agent", &["--budget", "2000-tokens/day"]);
            (env, token)
        })
        .collect();
    let url = redis.url();
    let shared = ["--shared", url.as_str(), "--fleet", "dialects"];
    let sidecars: Vec<Sidecar> = hosts
        .iter()
        .map(|(env, _)| Sidecar::sidecar(env, &shared))
        .collect();
    let settle = || tokio::time::sleep(Duration::from_millis(300));
    let (status, ..) = send(
        &sidecars[0],
        "/v1/messages",
        Some(&hosts[0].1),
        &messages(false),
    )
    .await;
    assert_eq!(status, 200);
    settle().await;
    let (status, ..) = send(
        &sidecars[1],
        "/v1/responses",
        Some(&hosts[1].1),
        &responses(),
    )
    .await;
    assert_eq!(status, 200);
    settle().await;
    for (sc, (_, token)) in sidecars.iter().zip(&hosts) {
        let (status, limit, body) = send(sc, "/v1/messages", Some(token), &messages(false)).await;
        assert_eq!(
            (status, limit.as_deref()),
            (429, Some("client-budget")),
            "{body}"
        );
    }
    assert_eq!(up.hits(), 2);
    for sc in sidecars {
        assert_eq!(sc.terminate(), Some(0));
    }
}

/// A follow-up (`previous_response_id`) and a stored-response call go only to the provider
/// that made the response: while it cools they get a clear error in Responses' shape, and the
/// other provider is never asked; through a second sidecar of the fleet, whose own routing
/// prefers the other provider, they still reach it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[expect(clippy::too_many_lines, reason = "one response's life on two sidecars")]
async fn a_continued_response_stays_with_its_provider() {
    let Some(redis) = Redis::start() else {
        return;
    };
    let a = Upstream::start("a", Mode::Ok).await;
    let b = Upstream::start("b", Mode::Ok).await;
    let flags = [
        "--model",
        "m",
        "--dialects",
        "chat,responses",
        "--rpm",
        "600",
    ];
    let with_pool = |pool: &'static str| -> Vec<&str> {
        let mut f = flags.to_vec();
        f.extend(["--pool", pool]);
        f
    };
    // Host 1 prefers a, host 2 prefers b.
    let host1 = Env::initialized();
    add_provider(
        &host1,
        "a",
        &a.base_url(),
        "sk-a-0000000000000000",
        &with_pool("primary"),
    );
    add_provider(
        &host1,
        "b",
        &b.base_url(),
        "sk-b-0000000000000000",
        &with_pool("fallback"),
    );
    let host2 = Env::initialized();
    add_provider(
        &host2,
        "a",
        &a.base_url(),
        "sk-a-0000000000000000",
        &with_pool("fallback"),
    );
    add_provider(
        &host2,
        "b",
        &b.base_url(),
        "sk-b-0000000000000000",
        &with_pool("primary"),
    );
    let url = redis.url();
    let shared = [
        "--shared",
        url.as_str(),
        "--fleet",
        "homes",
        "--cooldown-base",
        "30s",
    ];
    let one = Sidecar::sidecar(&host1, &shared);
    let two = Sidecar::sidecar(&host2, &shared);

    let (status, _, made) = send(&one, "/v1/responses", None, &responses()).await;
    assert_eq!(status, 200, "{made}");
    let id = made["id"].as_str().expect("id").to_owned();
    assert!(id.starts_with("resp_a_"), "{id}");
    tokio::time::sleep(Duration::from_millis(300)).await;

    // Through the second sidecar, which would route a new request to b.
    let (a0, b0) = (a.hits(), b.hits());
    let follow = json!({"model": "m", "input": "more", "previous_response_id": id});
    let (status, _, answer) = send(&two, "/v1/responses", None, &follow).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["previous_response_id"], json!(id));
    let r = reqwest::get(two.url(&format!("/v1/responses/{id}")))
        .await
        .expect("get");
    assert_eq!(r.status(), 200);
    assert_eq!((a.hits() - a0, b.hits() - b0), (2, 0));
    let (status, _, fresh) = send(&two, "/v1/responses", None, &responses()).await;
    assert_eq!(
        (status, fresh["output"][0]["content"][0]["text"].as_str()),
        (200, Some("hello from b"))
    );

    // a answers 429 and cools for the whole fleet: its responses wait, never go to b.
    a.set_mode(Mode::RateLimited(Some("30".into())));
    let (status, ..) = send(&one, "/v1/responses", None, &responses()).await;
    assert_eq!(status, 200, "a new response fails over to b");
    // The fleet's sync (every 500 ms) brings the cooldown to the second sidecar too.
    tokio::time::sleep(Duration::from_millis(1200)).await;
    let (a0, b0) = (a.hits(), b.hits());
    for sc in [&one, &two] {
        let (status, _, body) = send(sc, "/v1/responses", None, &follow).await;
        assert_eq!(status, 503, "{body}");
        assert_eq!(
            body["error"]["code"], "response_provider_unavailable",
            "{body}"
        );
        let message = body["error"]["message"].as_str().expect("message");
        assert!(
            message.contains(&id) && message.contains("provider a") && message.contains("cooling"),
            "{message}"
        );
        let r = reqwest::get(sc.url(&format!("/v1/responses/{id}")))
            .await
            .expect("get");
        assert_eq!(r.status(), 503);
        assert!(r.headers().contains_key("retry-after"));
    }
    assert_eq!(
        (a.hits() - a0, b.hits() - b0),
        (0, 0),
        "neither provider was asked"
    );
    let (status, _, body) = send(
        &one,
        "/v1/responses",
        None,
        &json!({"model": "m", "input": "x", "previous_response_id": "resp_unknown"}),
    )
    .await;
    assert_eq!(status, 404, "{body}");
    assert_eq!(body["error"]["code"], "response_not_found");
    assert_eq!(one.terminate(), Some(0));
    assert_eq!(two.terminate(), Some(0));
}

/// Paths the sidecar does not price are refused to a client with limits, unless it is
/// allowed them; a model served in other dialects only gets a 404 naming them, in the
/// dialect's shape.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unpriced_paths_and_unserved_dialects_are_refused_clearly() {
    let env = Env::initialized();
    let up = Upstream::start("a", Mode::Ok).await;
    add_provider(
        &env,
        "a",
        &up.base_url(),
        "sk-a-0000000000000000",
        &["--model", "m"],
    );
    let limited = client(&env, "limited", &["--budget", "5usd/day"]);
    let open = client(&env, "open", &[]);
    let sc = Sidecar::sidecar(&env, &["--passthrough", "/v1/files"]);
    let upload = json!({"purpose": "batch"});
    let (status, _, body) = send(&sc, "/v1/files", Some(&limited), &upload).await;
    assert_eq!(status, 403, "{body}");
    assert_eq!(body["error"]["code"], "passthrough_refused");
    assert_eq!(up.hits(), 0);
    assert_eq!(
        send(&sc, "/v1/files", Some(&open), &upload).await.0,
        200,
        "no limits: passed"
    );
    env.run(&["sidecar", "client", "set", "limited", "--allow-passthrough"])
        .success();
    let deadline = Instant::now() + Duration::from_secs(10);
    while send(&sc, "/v1/files", Some(&limited), &upload).await.0 != 200 {
        assert!(Instant::now() < deadline, "the allowance never applied");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    let (status, _, body) = send(&sc, "/v1/messages", Some(&open), &messages(false)).await;
    assert_eq!(status, 404, "{body}");
    assert_eq!(body["type"], "error");
    assert_eq!(body["error"]["type"], "not_found_error");
    let message = body["error"]["message"].as_str().expect("message");
    assert!(
        message.contains("not served for messages") && message.contains("served for chat"),
        "{message}"
    );
    assert_eq!(sc.terminate(), Some(0));
}
