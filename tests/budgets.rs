//! Per-client budgets and request rates through the real sidecar: reserve before sending,
//! settle with the real cost, refuse with the sidecar's own 429, tell the routes once.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::support::server::Server as Sidecar;
use crate::support::upstream::{Mode, Upstream, provide};
use crate::support::webhook::Webhook;
use crate::support::{Env, client_token as client};

/// Prices per 1M tokens that make the fixture's answer (10 prompt + 5 completion tokens)
/// cost exactly $0.001: 5 × $0.0002, the prompt free. A request asking for `max_tokens` 5 is
/// then estimated at exactly what it costs, so a budget admits exactly what it pays for.
const PRICES: &str = "m=0,200";

async fn priced_upstream(env: &Env, mode: Mode) -> Upstream {
    provide(
        env,
        "paid",
        mode,
        "sk-paid-000000000000000000",
        &["--model", "m", "--rpm", "100000", "--price", PRICES],
    )
    .await
}

/// A chat request as `token`: status, JSON body and the sidecar's limit header.
async fn ask(
    http: &reqwest::Client,
    sc: &Sidecar,
    token: &str,
    body: &Value,
) -> (u16, Value, Option<String>, Option<u64>) {
    let r = http
        .post(sc.url("/v1/chat/completions"))
        .bearer_auth(token)
        .json(body)
        .send()
        .await
        .expect("send");
    let header = |name: &str| {
        r.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let limit = header("x-bizwings-limit");
    let retry_after = header("retry-after").and_then(|v| v.parse().ok());
    let status = r.status().as_u16();
    let body = r.json().await.unwrap_or(Value::Null);
    (status, body, limit, retry_after)
}

fn chat() -> Value {
    json!({"model": "m", "messages": [{"role": "user", "content": "hi"}], "max_tokens": 5})
}

/// Seconds until the next UTC midnight, when a daily budget renews.
fn to_midnight() -> u64 {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_secs();
    86_400 - now % 86_400
}

/// The messages the webhook got, by alertname.
fn notices(hook: &Webhook, alertname: &str) -> Vec<Value> {
    hook.hits()
        .into_iter()
        .map(|h| h.body)
        .filter(|b| b["labels"]["alertname"] == alertname)
        .collect()
}

async fn wait_for(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while !done() {
        assert!(Instant::now() < deadline, "{what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[expect(
    clippy::too_many_lines,
    reason = "one story: spend, refusal, notices, list, metrics, restart"
)]
async fn a_cent_a_day_buys_exactly_ten_requests_then_budget_exceeded() {
    let env = Env::initialized();
    let up = priced_upstream(&env, Mode::Ok).await;
    let hook = Webhook::start("budget-secret").await;
    env.cmd()
        .args(&["alert", "receiver", "add", "finance", "--webhook-url-stdin"])
        .stdin(&format!("{}\n", hook.url))
        .run()
        .success();
    env.run(&[
        "alert",
        "route",
        "add",
        "--receiver",
        "finance",
        "--match",
        "source=sidecar",
    ])
    .success();
    let token = client(&env, "looping-agent", &["--budget", "0.01usd/day"]);
    let sc = Sidecar::sidecar(&env, &[]);
    let http = reqwest::Client::new();
    for n in 1..=10 {
        let (status, body, ..) = ask(&http, &sc, &token, &chat()).await;
        assert_eq!(status, 200, "request {n} of the ten a cent buys: {body}");
    }
    let (status, body, limit, retry_after) = ask(&http, &sc, &token, &chat()).await;
    assert_eq!(status, 429, "{body}");
    assert_eq!(body["error"]["code"], "budget_exceeded");
    assert_eq!(body["error"]["type"], "rate_limit_error");
    assert!(
        body["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("0.01usd/day")),
        "{body}"
    );
    assert_eq!(
        limit.as_deref(),
        Some("client-budget"),
        "the 429 says it is the sidecar's"
    );
    let retry_after = retry_after.expect("Retry-After");
    assert!(
        retry_after.abs_diff(to_midnight()) <= 5,
        "Retry-After {retry_after}s is the time to midnight UTC ({}s)",
        to_midnight()
    );
    assert_eq!(
        up.hits(),
        10,
        "the refused request never reached the provider"
    );

    // 80 % and 100 % told once each, through the routes.
    wait_for("BudgetExceeded delivered", || {
        !notices(&hook, "BudgetExceeded").is_empty()
    })
    .await;
    let warnings = notices(&hook, "BudgetWarning");
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0]["labels"]["client"], "looping-agent");
    assert_eq!(warnings[0]["labels"]["source"], "sidecar");
    assert_eq!(warnings[0]["severity"], "warning");
    let exceeded = notices(&hook, "BudgetExceeded");
    assert_eq!(exceeded.len(), 1, "{exceeded:?}");
    assert_eq!(exceeded[0]["labels"]["budget"], "0.01usd/day");

    // The metrics and the admin view say where the budget stands.
    let metrics = sc.sidecar_metrics().await;
    let line = |name: &str| {
        metrics
            .lines()
            .find(|l| l.starts_with(name))
            .unwrap_or_else(|| panic!("{name} in\n{metrics}"))
            .rsplit(' ')
            .next()
            .and_then(|v| v.parse::<f64>().ok())
            .expect("value")
    };
    let labels = r#"{client="looping-agent",unit="usd",period="day"}"#;
    assert!((line(&format!("bizwings_sidecar_client_budget_used{labels}")) - 0.01).abs() < 1e-9);
    assert!((line(&format!("bizwings_sidecar_client_budget_limit{labels}")) - 0.01).abs() < 1e-9);
    assert!(
        line(r#"bizwings_sidecar_client_refusals_total{client="looping-agent",reason="budget"}"#)
            >= 1.0
    );

    // A restart remembers what was spent today; a raised budget lets the client on.
    assert_eq!(sc.terminate(), Some(0));
    let list = env.run(&["sidecar", "client", "list", "--json"]).json();
    let budget = &list["clients"][0]["budgets"][0];
    assert_eq!(budget["budget"], "0.01usd/day");
    assert!(
        (budget["used"].as_f64().expect("used") - 0.01).abs() < 1e-9,
        "{list}"
    );
    assert!((budget["used_percent"].as_f64().expect("pct") - 100.0).abs() < 1e-9);
    let human = env.run(&["sidecar", "client", "list"]);
    assert!(
        human.stdout.contains("0.01usd/day: 100 % used"),
        "{}",
        human.stdout
    );
    let sc = Sidecar::sidecar(&env, &[]);
    let (status, body, ..) = ask(&http, &sc, &token, &chat()).await;
    assert_eq!(status, 429, "still spent after a restart: {body}");
    env.run(&[
        "sidecar",
        "client",
        "set",
        "looping-agent",
        "--budget",
        "0.02usd/day",
    ])
    .success();
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let (status, ..) = ask(&http, &sc, &token, &chat()).await;
        if status == 200 {
            break;
        }
        assert!(Instant::now() < deadline, "the raised budget did not apply");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        notices(&hook, "BudgetWarning").len(),
        1,
        "still once per period"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn eight_concurrent_callers_overshoot_a_budget_by_at_most_what_is_in_flight() {
    let env = Env::initialized();
    let up = priced_upstream(&env, Mode::Slow(Duration::from_millis(150))).await;
    let token = client(&env, "swarm", &["--budget", "0.01usd/day"]);
    let sc = Sidecar::sidecar(&env, &[]);
    let http = reqwest::Client::new();
    // Each request is estimated at its body's bytes / 4 prompt tokens (free here) plus
    // max_tokens 5, at the route's prices; it really costs $0.001.
    let body = chat();
    let estimate = 5.0 * 200e-6;
    let callers = (0..8).map(|_| {
        let (http, body, token) = (http.clone(), body.clone(), token.clone());
        let sc = &sc;
        async move {
            let mut ok = 0_u32;
            for _ in 0..6 {
                let (status, answer, ..) = ask(&http, sc, &token, &body).await;
                match status {
                    200 => ok += 1,
                    // Spent, or what is left held by the others' requests in flight.
                    429 => assert!(
                        ["budget_exceeded", "budget_reserved_in_flight"]
                            .contains(&answer["error"]["code"].as_str().unwrap_or_default()),
                        "{answer}"
                    ),
                    other => panic!("{other}: {answer}"),
                }
            }
            ok
        }
    });
    let served: u32 = futures_util::future::join_all(callers).await.iter().sum();
    let spent = f64::from(served) * 0.001;
    assert!(estimate >= 0.001, "{estimate}");
    // The estimates err high, so what is reserved in flight covers what it will cost: not one
    // request past the ten, however the callers interleave (without reservations, eight
    // callers seeing $0.009 used would all be let through).
    assert_eq!(served, 10, "the budget allows ten");
    assert!(
        spent <= 0.01 + 8.0 * estimate + 1e-9,
        "{served} served: ${spent} overshoots $0.01 by more than eight in-flight estimates (${estimate} each)"
    );
    assert_eq!(up.hits(), served as usize);
    assert_eq!(sc.terminate(), Some(0));
    let list = env.run(&["sidecar", "client", "list", "--json"]).json();
    let used = list["clients"][0]["budgets"][0]["used"]
        .as_f64()
        .expect("used");
    assert!(
        (used - spent).abs() < 1e-9,
        "the meter counts what was spent: {used} vs {spent}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_over_its_rate_gets_the_sidecars_own_429() {
    let env = Env::initialized();
    let _up = priced_upstream(&env, Mode::Ok).await;
    let token = client(&env, "bursty", &["--rpm", "3"]);
    let other = client(&env, "calm", &[]);
    let sc = Sidecar::sidecar(&env, &[]);
    let http = reqwest::Client::new();
    for _ in 0..3 {
        assert_eq!(ask(&http, &sc, &token, &chat()).await.0, 200);
    }
    let (status, body, limit, retry_after) = ask(&http, &sc, &token, &chat()).await;
    assert_eq!(status, 429, "{body}");
    assert_eq!(body["error"]["code"], "client_rate_limited");
    assert_eq!(limit.as_deref(), Some("client-rpm"));
    assert!(
        retry_after.is_some_and(|s| (1..=20).contains(&s)),
        "{retry_after:?}"
    );
    assert_eq!(
        ask(&http, &sc, &other, &chat()).await.0,
        200,
        "another client is not held back"
    );
    let list = env.run(&["sidecar", "client", "list", "--json"]).json();
    assert_eq!(list["clients"][0]["name"], "bursty");
    assert_eq!(list["clients"][0]["rpm"], 3);
    env.run(&["sidecar", "client", "set", "nobody", "--rpm", "1"])
        .code(2)
        .stderr_has("not found");
    env.run(&[
        "sidecar",
        "client",
        "set",
        "bursty",
        "--budget",
        "20usd/week",
    ])
    .code(64)
    .stderr_has("periods hour, day, month");
}

/// Replays of the budget tricks (#24): a request whose own estimate is more than what is left
/// is refused before it is sent, however it asks (one huge `max_tokens`; a small
/// `max_completion_tokens` beside a large `max_tokens`; many choices with `n`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_larger_than_what_is_left_is_refused_unsent() {
    let env = Env::initialized();
    let up = priced_upstream(&env, Mode::Ok).await;
    let token = client(&env, "trickster", &["--budget", "0.01usd/day"]);
    let sc = Sidecar::sidecar(&env, &[]);
    let http = reqwest::Client::new();
    let with = |extra: Value| {
        let mut body = json!({"model": "m", "messages": [{"role": "user", "content": "hi"}]});
        for (k, v) in extra.as_object().expect("object") {
            body[k] = v.clone();
        }
        body
    };
    for trick in [
        json!({"max_tokens": 1_000_000}),
        json!({"max_completion_tokens": 1, "max_tokens": 20_000}),
        json!({"max_tokens": 40, "n": 50}),
    ] {
        let (status, body, limit, retry_after) =
            ask(&http, &sc, &token, &with(trick.clone())).await;
        assert_eq!(
            (status, limit.as_deref()),
            (429, Some("client-budget")),
            "{trick}: {body}"
        );
        assert_eq!(
            body["error"]["code"], "request_exceeds_budget",
            "{trick}: {body}"
        );
        let message = body["error"]["message"].as_str().expect("message");
        assert!(
            message.contains("0.01usd is left") || message.contains("only 0.01usd"),
            "{message}"
        );
        assert!(retry_after.is_some());
    }
    assert_eq!(up.hits(), 0, "no trick reached the provider");
    // A request that fits is served.
    assert_eq!(ask(&http, &sc, &token, &chat()).await.0, 200);
    assert_eq!(sc.terminate(), Some(0));
}

/// What is left held by a request in flight: the next one is told so, with a short
/// Retry-After, not "used up until midnight".
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_budget_held_by_requests_in_flight_says_so() {
    let env = Env::initialized();
    let up = priced_upstream(&env, Mode::Slow(Duration::from_millis(1500))).await;
    // Room for one request's estimate ($0.001), not two.
    let token = client(&env, "pair", &["--budget", "0.0015usd/day"]);
    let sc = Sidecar::sidecar(&env, &[]);
    let http = reqwest::Client::new();
    let first = {
        let (http, token, sc) = (http.clone(), token.clone(), &sc);
        async move { ask(&http, sc, &token, &chat()).await }
    };
    let second = async {
        tokio::time::sleep(Duration::from_millis(300)).await;
        ask(&http, &sc, &token, &chat()).await
    };
    let ((first, ..), (status, body, limit, retry_after)) = tokio::join!(first, second);
    assert_eq!(first, 200);
    assert_eq!(
        (status, limit.as_deref()),
        (429, Some("client-budget")),
        "{body}"
    );
    assert_eq!(body["error"]["code"], "budget_reserved_in_flight", "{body}");
    assert!(retry_after.is_some_and(|s| s <= 2), "{retry_after:?}");
    assert_eq!(up.hits(), 1);
    assert_eq!(sc.terminate(), Some(0));
}

/// An answer without a usage object still costs (the prompt's and the answer's estimate):
/// such answers reach a token budget, and `usage` says they were estimated.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answers_without_usage_reach_the_budget() {
    let env = Env::initialized();
    let up = priced_upstream(&env, Mode::Ok).await;
    up.shared
        .omit_usage
        .store(true, std::sync::atomic::Ordering::SeqCst);
    let token = client(&env, "silent", &["--budget", "300-tokens/day"]);
    let sc = Sidecar::sidecar(&env, &[]);
    let http = reqwest::Client::new();
    let mut served = 0;
    for _ in 0..20 {
        match ask(&http, &sc, &token, &chat()).await.0 {
            200 => served += 1,
            429 => break,
            other => panic!("{other}"),
        }
    }
    assert!(
        (1..20).contains(&served),
        "served {served} before the budget stopped it"
    );
    assert_eq!(sc.terminate(), Some(0));
    let usage = env.run(&["usage", "--json"]).json();
    assert!(
        usage["totals"]["estimated_attempts"]
            .as_u64()
            .expect("estimated")
            >= 1,
        "{usage}"
    );
    assert!(
        usage["totals"]["prompt_tokens"].as_u64().expect("prompt") > 0,
        "{usage}"
    );
}

/// Replay (#24): a client bursting at its budget while the sidecar is killed (`kill -9`) twice
/// and restarted: what it let through survives the crashes (usage, and the reservations of
/// what was in flight), so the upstream serves at most the budget plus what was in flight at
/// each kill — it served 2.8 × the budget before. The writer makes them durable within about
/// a tenth of a second: what was answered in that last moment counts as in flight (at 300 ms
/// a request and four callers, at most two more).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_sidecar_remembers_what_it_let_through() {
    const CALLERS: usize = 4;
    let env = Env::initialized();
    let up = priced_upstream(&env, Mode::Slow(Duration::from_millis(300))).await;
    // Twenty requests at $0.001.
    let token = client(&env, "burst", &["--budget", "0.02usd/day"]);
    for round in 0..3 {
        let sc = Sidecar::sidecar(&env, &[]);
        let url = sc.url("/v1/chat/completions");
        let callers: Vec<_> = (0..CALLERS)
            .map(|_| {
                let (url, token) = (url.clone(), token.clone());
                tokio::spawn(async move {
                    let http = reqwest::Client::new();
                    // Until refused for the budget, or the sidecar is gone.
                    while let Ok(r) = http
                        .post(&url)
                        .bearer_auth(&token)
                        .json(&chat())
                        .send()
                        .await
                    {
                        if r.status() == 429 {
                            break;
                        }
                    }
                })
            })
            .collect();
        if round < 2 {
            let until = 7 * (round + 1);
            let deadline = Instant::now() + Duration::from_secs(20);
            while up.hits() < until {
                assert!(Instant::now() < deadline, "only {} served", up.hits());
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
            sc.kill();
            for c in callers {
                let _ = c.await;
            }
        } else {
            for c in callers {
                let _ = c.await;
            }
            assert_eq!(sc.terminate(), Some(0));
        }
    }
    assert!(
        up.hits() <= 20 + 2 * (CALLERS + 2),
        "a $0.02 budget at $0.001 a request, two kills with at most {CALLERS} in flight each: {} served",
        up.hits()
    );
    assert!(
        up.hits() >= 20,
        "the budget is spent, not lost: {} served",
        up.hits()
    );
}

/// #30: a budget notice whose first delivery failed (the bot was down) reaches the bot when it
/// is back, sent by the sidecar itself — before, it waited for some `heartbeat run` to deliver it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_budget_notice_that_failed_once_is_retried_by_the_sidecar() {
    use crate::support::feishu::{Feishu, free_addr};
    let env = Env::initialized();
    let _up = priced_upstream(&env, Mode::Ok).await;
    let bot = free_addr();
    env.cmd()
        .args(&["alert", "receiver", "add", "finance", "--feishu-url-stdin"])
        .stdin(&format!("{}\n", Feishu::url(bot, "finance-hook")))
        .run()
        .success();
    env.run(&[
        "alert",
        "route",
        "add",
        "--receiver",
        "finance",
        "--match",
        "source=sidecar",
    ])
    .success();
    let token = client(&env, "spender", &["--budget", "0.01usd/day"]);
    let sc = Sidecar::sidecar(&env, &[]);
    let http = reqwest::Client::new();
    while ask(&http, &sc, &token, &chat()).await.0 == 200 {}
    // The notices were tried once with nobody listening; the bot comes up afterwards.
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let outbox = env.run(&["alert", "outbox", "--json"]).json();
        let tried = outbox["messages"]
            .as_array()
            .is_some_and(|m| m.iter().any(|r| r["attempts"].as_u64() > Some(0)));
        if tried {
            break;
        }
        assert!(Instant::now() < deadline, "never tried: {outbox}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let feishu = Feishu::start(bot, &[]).await;
    let deadline = Instant::now() + Duration::from_secs(40);
    while feishu.cards_for("finance-hook").len() < 2 {
        assert!(
            Instant::now() < deadline,
            "the notices were never sent again"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(sc.terminate(), Some(0));
}
