//! Running the sidecar for months: the admin API and Prometheus metrics.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::support::Env;
use crate::support::server::Server;
use crate::support::upstream::{Mode, Upstream, add_provider};

const ADMIN_TOKEN: &str = "admin-token-0123456789";
const KEY_A: &str = "sk-admin-test-AAAAAAAAAAAAAAAA";
const KEY_B: &str = "sk-admin-test-BBBBBBBBBBBBBBBB";

fn add(env: &Env, name: &str, url: &str, key: &str) {
    add_provider(env, name, url, key, &["--model", "m"]);
}

const ENDPOINTS: &[(&str, &str)] = &[
    ("GET", "/api/admin/backends"),
    ("GET", "/api/admin/backends/a"),
    ("GET", "/api/admin/pools"),
    ("GET", "/api/admin/stats/total"),
    ("GET", "/api/admin/stats/hourly?hours=24"),
    ("GET", "/api/admin/stats/daily?days=7"),
    ("GET", "/api/admin/stats/cooldown?limit=10"),
    ("GET", "/api/admin/config"),
    ("DELETE", "/api/admin/backends/a"),
    ("PUT", "/api/admin/config/queue_max_depth"),
];

async fn call(
    client: &reqwest::Client,
    method: &str,
    url: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> (u16, String) {
    let mut req = client.request(method.parse().expect("method"), url);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    if let Some(b) = body {
        req = req.json(&b);
    }
    let r = req.send().await.expect("send");
    (r.status().as_u16(), r.text().await.expect("text"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[expect(
    clippy::too_many_lines,
    reason = "one walk through the whole admin API"
)]
async fn every_admin_call_needs_the_token_and_never_shows_a_key() {
    let up = Upstream::start("up", Mode::Ok).await;
    let env = Env::initialized();
    add(&env, "a", &up.base_url(), KEY_A);
    let client = reqwest::Client::new();

    // No token configured: the admin API is off.
    let sc = Server::sidecar(&env, &[]);
    let (status, body) = call(
        &client,
        "GET",
        &sc.url("/api/admin/backends"),
        Some("x"),
        None,
    )
    .await;
    assert_eq!(status, 503, "{body}");
    assert!(body.contains("admin API disabled"));
    assert_eq!(sc.terminate(), Some(0));

    let sc = Server::start(
        &env,
        &[
            "sidecar",
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--metrics-listen",
            "off",
            "--reload-interval",
            "200ms",
        ],
        &[("BIZWINGS_ADMIN_TOKEN", ADMIN_TOKEN)],
    );
    for (method, path) in ENDPOINTS {
        let url = sc.url(path);
        let (status, _) = call(&client, method, &url, None, Some(json!({"value": 7}))).await;
        assert_eq!(status, 401, "{method} {path} without a token");
        let (status, _) = call(
            &client,
            method,
            &url,
            Some("wrong-token"),
            Some(json!({"value": 7})),
        )
        .await;
        assert_eq!(status, 401, "{method} {path} with a wrong token");
    }
    let admin = |method: &'static str, path: &str, body: Option<Value>| {
        let (client, url) = (client.clone(), sc.url(path));
        async move { call(&client, method, &url, Some(ADMIN_TOKEN), body).await }
    };
    let (status, body) = admin("GET", "/api/admin/backends", None).await;
    assert_eq!(status, 200, "{body}");
    assert!(
        !body.contains(KEY_A) && body.contains("sk-adm****AAAA"),
        "{body}"
    );
    // Create through the API: validated like the CLI, then routed to within the reload.
    let (status, body) = admin(
        "POST",
        "/api/admin/backends",
        Some(json!({"name": "b", "api_base_url": "ftp://nope", "api_key": KEY_B, "pool": "fallback"})),
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("invalid base URL"));
    let (status, body) = admin(
        "POST",
        "/api/admin/backends",
        Some(json!({"name": "b", "api_base_url": up.base_url(), "api_key": KEY_B, "pool": "fallback", "rpm_limit": 30,
                    "model_mappings": {"gpt": {"native_id": "native-gpt", "cost": {"input": 1e-6, "output": 2e-6}}}})),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    assert!(!body.contains(KEY_B), "{body}");
    let created: Value = serde_json::from_str(&body).expect("json");
    assert_eq!(created["models"][0]["input_usd_per_mtok"], 1.0);
    sc.wait_until_served(
        "gpt",
        Duration::from_secs(3),
        "admin-created provider not routed",
    )
    .await;
    assert_eq!(
        up.seen().last().and_then(|s| s.model.clone()).as_deref(),
        Some("native-gpt")
    );
    let (status, body) = admin(
        "PUT",
        "/api/admin/backends/b",
        Some(json!({"rpm_limit": 99, "enabled": false})),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let updated: Value = serde_json::from_str(&body).expect("json");
    assert_eq!(
        (updated["rpm"].as_u64(), updated["enabled"].as_bool()),
        (Some(99), Some(false))
    );
    for (method, path) in ENDPOINTS.iter().filter(|(m, _)| *m == "GET") {
        let (status, body) = admin(method, path, None).await;
        assert_eq!(status, 200, "{path}: {body}");
        assert!(
            !body.contains(KEY_A) && !body.contains(KEY_B),
            "{path} leaks a key: {body}"
        );
    }
    let (_, pools) = admin("GET", "/api/admin/pools", None).await;
    let pools: Value = serde_json::from_str(&pools).expect("json");
    assert_eq!(
        (
            pools["primary"]["total"].as_u64(),
            pools["fallback"]["disabled"].as_u64()
        ),
        (Some(1), Some(1))
    );
    let (_, total) = admin("GET", "/api/admin/stats/total", None).await;
    assert!(total.contains("\"requests\""), "{total}");
    // Config: validated, stored, readable, deletable.
    assert_eq!(
        admin(
            "PUT",
            "/api/admin/config/queue_max_depth",
            Some(json!({"value": "lots"}))
        )
        .await
        .0,
        400
    );
    assert_eq!(
        admin(
            "PUT",
            "/api/admin/config/queue_max_depth",
            Some(json!({"value": 42}))
        )
        .await
        .0,
        200
    );
    let (_, got) = admin("GET", "/api/admin/config/queue_max_depth", None).await;
    assert!(got.contains("42"), "{got}");
    assert_eq!(
        admin("DELETE", "/api/admin/config/queue_max_depth", None)
            .await
            .0,
        200
    );
    assert_eq!(
        admin("GET", "/api/admin/config/queue_max_depth", None)
            .await
            .0,
        404
    );
    assert_eq!(admin("DELETE", "/api/admin/backends/b", None).await.0, 200);
    assert_eq!(admin("GET", "/api/admin/backends/b", None).await.0, 404);
    assert_eq!(sc.terminate(), Some(0));

    // A token made by `sidecar admin-token --rotate` is stored hashed and works.
    let out = env.run(&["sidecar", "admin-token", "--rotate", "--json"]);
    out.success();
    let token = out.json()["admin_token"]
        .as_str()
        .expect("token")
        .to_owned();
    assert!(
        !String::from_utf8_lossy(&std::fs::read(env.db()).expect("db")).contains(&token),
        "only the hash is stored"
    );
    let sc = Server::sidecar(&env, &[]);
    assert_eq!(
        call(
            &client,
            "GET",
            &sc.url("/api/admin/pools"),
            Some(&token),
            None
        )
        .await
        .0,
        200
    );
    assert_eq!(
        call(
            &client,
            "GET",
            &sc.url("/api/admin/pools"),
            Some(ADMIN_TOKEN),
            None
        )
        .await
        .0,
        401
    );
    // Rotating again while it runs: the new token works at once, the old one no longer.
    let out = env.run(&["sidecar", "admin-token", "--rotate", "--json"]);
    let rotated = out.json()["admin_token"]
        .as_str()
        .expect("token")
        .to_owned();
    let pools = sc.url("/api/admin/pools");
    assert_eq!(
        call(&client, "GET", &pools, Some(&rotated), None).await.0,
        200
    );
    assert_eq!(
        call(&client, "GET", &pools, Some(&token), None).await.0,
        401
    );
    assert_eq!(sc.terminate(), Some(0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[expect(clippy::float_cmp, reason = "counters are whole numbers, exact in f64")]
async fn metrics_parse_as_prometheus_text_and_count_the_requests() {
    let ok = Upstream::start("ok", Mode::Ok).await;
    let bad = Upstream::start("bad", Mode::Error500).await;
    let env = Env::initialized();
    add(&env, "bad", &bad.base_url(), KEY_B);
    add_provider(
        &env,
        "ok",
        &ok.base_url(),
        KEY_A,
        &["--model", "m", "--pool", "fallback", "--price", "m=1,2"],
    );
    let sc = Server::sidecar(&env, &["--cooldown-base", "1ms"]);
    let client = reqwest::Client::new();
    for _ in 0..5 {
        let r = client
            .post(sc.url("/v1/chat/completions"))
            .json(&json!({"model": "m", "messages": []}))
            .send()
            .await
            .expect("send");
        assert_eq!(r.status(), 200);
    }
    let text = sc.sidecar_metrics().await;
    // Parsed by the reference implementation, not by us.
    if let Some(samples) = crate::support::parse_metrics(&text) {
        let value = |name: &str, want: &[(&str, &str)]| -> f64 {
            samples[name]
                .as_array()
                .unwrap_or_else(|| panic!("{name} missing:\n{text}"))
                .iter()
                .filter(|s| want.iter().all(|(k, v)| s["labels"][*k] == *v))
                .map(|s| s["value"].as_f64().expect("number"))
                .sum()
        };
        assert_eq!(
            value(
                "bizwings_sidecar_upstream_requests_total",
                &[("provider", "ok"), ("class", "2xx")]
            ),
            5.0
        );
        assert!(
            value(
                "bizwings_sidecar_upstream_requests_total",
                &[("provider", "bad"), ("class", "5xx")]
            ) >= 1.0
        );
        assert!(value("bizwings_sidecar_retries_total", &[]) >= 1.0);
        assert_eq!(
            value(
                "bizwings_sidecar_tokens_total",
                &[("provider", "ok"), ("kind", "prompt")]
            ),
            50.0
        );
        assert!(
            (value("bizwings_sidecar_cost_usd_total", &[("model", "m")]) - 0.0001).abs() < 1e-9
        );
        assert_eq!(
            value("bizwings_sidecar_request_latency_seconds_count", &[]),
            5.0
        );
        assert!(value("bizwings_sidecar_db_bytes", &[]) > 0.0);
        assert_eq!(
            value(
                "bizwings_sidecar_pool_members",
                &[("pool", "fallback"), ("state", "available")]
            ),
            1.0
        );
    }
    assert_eq!(sc.terminate(), Some(0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn client_tokens_gate_v1_and_usage_is_kept_per_client() {
    let up = Upstream::start("up", Mode::Ok).await;
    let env = Env::initialized();
    add(&env, "a", &up.base_url(), KEY_A);
    let client = reqwest::Client::new();
    // Open on loopback while no client token exists; refused elsewhere unless asked for.
    let out = env.run(&[
        "sidecar",
        "serve",
        "--listen",
        "0.0.0.0:0",
        "--metrics-listen",
        "off",
    ]);
    out.code(2);
    assert!(
        out.stderr.contains("without client tokens"),
        "{}",
        out.stderr
    );
    let sc = Server::sidecar(&env, &[]);
    let chat = json!({"model": "m", "messages": []});
    assert_eq!(
        client
            .post(sc.url("/v1/chat/completions"))
            .json(&chat)
            .send()
            .await
            .expect("send")
            .status(),
        200
    );

    let out = env.run(&["sidecar", "client", "add", "agent-1", "--json"]);
    out.success();
    let token = out.json()["token"].as_str().expect("token").to_owned();
    assert!(
        !String::from_utf8_lossy(&std::fs::read(env.db()).expect("db")).contains(&token),
        "only the hash is stored"
    );
    let deadline = Instant::now() + Duration::from_secs(3);
    loop {
        let r = client
            .post(sc.url("/v1/chat/completions"))
            .json(&chat)
            .send()
            .await
            .expect("send");
        if r.status() == 401 {
            let body: Value = r.json().await.expect("json");
            assert_eq!(body["error"]["code"], "invalid_api_key");
            break;
        }
        assert!(
            Instant::now() < deadline,
            "a client token exists but /v1 is still open"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let post = |auth: &str| {
        client
            .post(sc.url("/v1/chat/completions"))
            .bearer_auth(auth)
            .json(&chat)
            .send()
    };
    assert_eq!(post("bwc_wrong").await.expect("send").status(), 401);
    assert_eq!(
        client
            .get(sc.url("/v1/models"))
            .send()
            .await
            .expect("send")
            .status(),
        401
    );
    for _ in 0..3 {
        assert_eq!(post(&token).await.expect("send").status(), 200);
    }
    assert_eq!(
        up.seen().last().map(|s| s.auth.clone()).as_deref(),
        Some(format!("Bearer {KEY_A}").as_str()),
        "the client token never reaches the provider"
    );
    assert_eq!(sc.terminate(), Some(0));
    let list = env.run(&["sidecar", "client", "list", "--json"]).json();
    let usage = list["usage_30d"].as_array().expect("usage");
    assert_eq!(usage.len(), 1);
    assert_eq!(
        (usage[0]["client"].as_str(), usage[0]["requests"].as_u64()),
        (Some("agent-1"), Some(3))
    );
    env.run(&["sidecar", "client", "rm", "agent-1", "-y"])
        .success();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_provider_that_stops_answering_goes_down_and_comes_back() {
    let flaky = Upstream::start("flaky", Mode::Ok).await;
    let spare = Upstream::start("spare", Mode::Ok).await;
    let env = Env::initialized();
    add(&env, "flaky", &flaky.base_url(), KEY_A);
    add_provider(
        &env,
        "spare",
        &spare.base_url(),
        KEY_B,
        &["--model", "m", "--pool", "fallback"],
    );
    let sc = Server::sidecar(&env, &["--health-interval", "100ms"]);
    let client = reqwest::Client::new();
    let chat = json!({"model": "m", "messages": []});
    let health = |env: &Env| -> String {
        let list = env.run(&["provider", "list", "--json"]).json();
        list["providers"]
            .as_array()
            .expect("providers")
            .iter()
            .find(|p| p["name"] == "flaky")
            .expect("flaky")["health"]
            .as_str()
            .unwrap_or("-")
            .to_owned()
    };
    let wait_for = |want: &'static str| {
        let env = &env;
        async move {
            let deadline = Instant::now() + Duration::from_secs(10);
            while health(env) != want {
                assert!(Instant::now() < deadline, "flaky never became {want}");
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
    };
    wait_for("healthy").await;
    flaky.set_mode(Mode::Error500);
    wait_for("down").await;
    // Down is not routed: requests go straight to the fallback without touching it.
    let before = flaky.hits();
    for _ in 0..3 {
        let r = client
            .post(sc.url("/v1/chat/completions"))
            .json(&chat)
            .send()
            .await
            .expect("send");
        assert_eq!(r.status(), 200);
    }
    assert_eq!(flaky.hits(), before, "a down provider gets no traffic");
    flaky.set_mode(Mode::Ok);
    wait_for("healthy").await;
    let deadline = Instant::now() + Duration::from_secs(5);
    while flaky.hits() == before {
        client
            .post(sc.url("/v1/chat/completions"))
            .json(&chat)
            .send()
            .await
            .expect("send");
        assert!(
            Instant::now() < deadline,
            "recovered provider not used again"
        );
    }
    assert!(
        flaky
            .shared
            .probes
            .load(std::sync::atomic::Ordering::SeqCst)
            >= 5
    );
    assert_eq!(sc.terminate(), Some(0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sidecar_v2_database_imports_into_working_providers() {
    let Some(python) = crate::support::python_with("cryptography") else {
        return;
    };
    let up = Upstream::start("v2", Mode::Ok).await;
    let env = Env::initialized();
    let v2 = env.path("sidecar_v2.db");
    let old_hex = "0f".repeat(32);
    let old_key = env.path("old.key");
    std::fs::write(&old_key, &old_hex).expect("key");
    std::fs::set_permissions(
        &old_key,
        std::os::unix::fs::PermissionsExt::from_mode(0o600),
    )
    .expect("chmod");
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/sidecar_v2.py");
    let status = std::process::Command::new(&python)
        .args([script, v2.to_str().expect("utf8"), &old_hex, &up.base_url()])
        .status()
        .expect("python");
    assert!(status.success());
    let import = |env: &Env| {
        env.run(&[
            "provider",
            "import",
            "--sidecar-v2-db",
            v2.to_str().expect("utf8"),
            "--old-key-file",
            old_key.to_str().expect("utf8"),
            "--json",
        ])
    };
    let out = import(&env);
    out.success();
    let report = &out.json()["import"];
    assert_eq!(
        report["imported"],
        json!(["ds-backup", "ds-primary"]),
        "{report}"
    );
    assert_eq!(report["usage_rows"], 1);
    // Idempotent: nothing twice.
    let again = import(&env).json();
    assert_eq!(again["import"]["imported"], json!([]));
    assert_eq!(
        again["import"]["skipped"]
            .as_array()
            .expect("skipped")
            .len(),
        2
    );
    let show = env
        .run(&["provider", "show", "ds-primary", "--json"])
        .json();
    let p = &show["provider"];
    assert_eq!(
        (
            p["rpm"].as_u64(),
            p["timeout_secs"].as_f64(),
            p["key"].as_str()
        ),
        (Some(30), Some(60.0), Some("sk-v2-****6789"))
    );
    assert_eq!(p["models"][0]["native_id"], "deepseek-ai/deepseek-v4-pro");
    assert_eq!(p["models"][0]["output_usd_per_mtok"], 4.0);
    let backup = env.run(&["provider", "show", "ds-backup", "--json"]).json();
    assert_eq!(
        (
            backup["provider"]["pool"].as_str(),
            backup["provider"]["enabled"].as_bool()
        ),
        (Some("fallback"), Some(false))
    );
    let usage = env.run(&["usage", "--hours", "87600", "--json"]).json();
    assert_eq!(usage["rows"][0]["requests"], 7);
    // The imported key works through the proxy.
    let sc = Server::sidecar(&env, &[]);
    let r = reqwest::Client::new()
        .post(sc.url("/v1/chat/completions"))
        .json(&json!({"model": "deepseek-v4", "messages": []}))
        .send()
        .await
        .expect("send");
    assert_eq!(r.status(), 200);
    let seen = up.seen();
    let last = seen.last().expect("request");
    assert_eq!(last.auth, "Bearer sk-v2-primary-key-0123456789");
    assert_eq!(last.model.as_deref(), Some("deepseek-ai/deepseek-v4-pro"));
    assert_eq!(sc.terminate(), Some(0));
    // A wrong old key imports nothing and says why.
    let env2 = Env::initialized();
    std::fs::write(&old_key, "ab".repeat(32)).expect("key");
    let out = import(&env2);
    out.success();
    let skipped = out.json()["import"]["skipped"].to_string();
    assert!(skipped.contains("cannot decrypt"), "{skipped}");
}

/// The dashboard in real headless Chromium: token prompt, live providers, a counter that moves
/// after a proxied request, no external requests, and a screenshot kept at
/// `target/dashboard.png` (a CI artifact).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[expect(
    clippy::too_many_lines,
    reason = "one browser session checked end to end"
)]
async fn the_dashboard_works_in_headless_chromium() {
    let python = std::env::var("BIZWINGS_TEST_PYTHON").unwrap_or_else(|_| "python3".into());
    let ready = std::path::Path::new("/usr/bin/chromedriver").exists()
        && std::process::Command::new(&python)
            .args(["-c", "import selenium"])
            .status()
            .is_ok_and(|s| s.success());
    if !ready {
        assert!(
            std::env::var_os("BIZWINGS_REQUIRE_CHROMIUM").is_none(),
            "chromium, chromedriver or selenium missing"
        );
        #[expect(clippy::print_stderr, reason = "a skipped test says why")]
        {
            eprintln!(
                "skipped: needs chromium, chromium-driver and the selenium package (run .ci/run)"
            );
        }
        return;
    }
    let up = Upstream::start("up", Mode::Ok).await;
    let flaky = Upstream::start("flaky", Mode::RateLimitedFirst(1)).await;
    let env = Env::initialized();
    add(&env, "dash-provider", &up.base_url(), KEY_A);
    // A key whose first answer is a 429: a cooldown for the cooldowns tab.
    env.cmd()
        .args(&[
            "provider",
            "add",
            "dash-flaky",
            "--url",
            &flaky.base_url(),
            "--key-stdin",
            "--model",
            "m",
        ])
        .stdin("sk-flaky-bbbbbbbbbbbbbbbb")
        .run()
        .success();
    let out = env.run(&[
        "sidecar",
        "client",
        "add",
        "dash-client",
        "--budget",
        "5usd/day",
        "--json",
    ]);
    let client_token = out.json()["token"].as_str().expect("token").to_owned();
    let sc = Server::start(
        &env,
        &[
            "sidecar",
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--metrics-listen",
            "off",
            "--health-interval",
            "off",
        ],
        &[("BIZWINGS_ADMIN_TOKEN", ADMIN_TOKEN)],
    );
    let page = reqwest::get(sc.url("/dashboard"))
        .await
        .expect("get")
        .text()
        .await
        .expect("text");
    for external in [
        "src=\"http",
        "href=\"http",
        "url(http",
        "@import",
        "src=\"//",
        "href=\"//",
    ] {
        assert!(
            !page.contains(external),
            "the page must be self-contained: found {external}"
        );
    }
    // #13: the live feed takes the token only in a header; one in the URL (which proxies
    // log) is refused.
    let in_url = reqwest::get(sc.url(&format!("/dashboard/sse?token={ADMIN_TOKEN}")))
        .await
        .expect("get");
    assert_eq!(in_url.status(), 401);
    // Usage by provider, model and client, and the cooldown, before the page opens.
    let http = reqwest::Client::new();
    for _ in 0..4 {
        let r = http
            .post(sc.url("/v1/chat/completions"))
            .bearer_auth(&client_token)
            .json(&json!({"model": "m", "messages": []}))
            .send()
            .await
            .expect("send");
        assert_eq!(r.status(), 200);
    }
    assert!(flaky.hits() >= 1, "the flaky key was tried");
    let shots = concat!(env!("CARGO_MANIFEST_DIR"), "/target");
    let base = sc.url("");
    let args = [
        base.trim_end_matches('/'),
        ADMIN_TOKEN,
        "dash-provider",
        shots,
    ];
    let env = vec![
        ("CLIENT_TOKEN", client_token),
        ("CLIENT", "dash-client".to_owned()),
        ("MODEL", "m".to_owned()),
    ];
    let report = crate::support::python_report(
        python,
        "dashboard.py",
        args.iter().map(|a| (*a).to_owned()).collect(),
        env,
    )
    .await;
    assert_eq!(report["stored_token_in_session"], true);
    assert_eq!(report["token_left_in_address"], false, "{report}");
    assert!(
        report["requests_after"].as_u64() > report["requests_before"].as_u64(),
        "{report}"
    );
    assert!(
        report["providers_row"]
            .as_str()
            .expect("row")
            .contains("sk-adm****AAAA"),
        "{report}"
    );
    assert!(
        report["live_label"]
            .as_str()
            .expect("live")
            .starts_with("live"),
        "{report}"
    );
    // Charts with data points: live (from the feed) and from the usage tables, by provider,
    // model and client, each legend naming them.
    assert!(report["live_points"].as_u64() >= Some(2), "{report}");
    assert!(
        report["live_legends"]
            .as_str()
            .is_some_and(|l| l.contains("p95") && l.contains("TTFT")),
        "{report}"
    );
    for (by, name) in [
        ("provider", "dash-provider"),
        ("model", "m"),
        ("client", "dash-client"),
    ] {
        assert!(
            report["usage_bars"][by].as_u64() >= Some(1),
            "{by}: {report}"
        );
        assert!(
            report["usage_legends"][by]
                .as_str()
                .is_some_and(|l| l.contains(name)),
            "{by}: {report}"
        );
    }
    // #26: one click from the client to its requests; the failed-over one's two attempts on
    // the time line, the cooldown it set named; a new request shows up live.
    assert_eq!(report["requests_filter_client"], "dash-client", "{report}");
    assert!(report["requests_rows"].as_u64() >= Some(4), "{report}");
    assert!(
        report["requests_failed_over"].as_u64() >= Some(1),
        "{report}"
    );
    assert_eq!(report["request_bars"], 2, "{report}");
    let detail = report["request_detail"].as_str().unwrap_or_default();
    assert!(
        detail.contains("dash-client") && detail.contains("200"),
        "{report}"
    );
    assert_eq!(report["requests_live"], true, "{report}");
    let clients_row = report["clients_row"].as_str().expect("clients row");
    assert!(
        clients_row.contains("dash-client") && clients_row.contains("5usd/day"),
        "{report}"
    );
    // Names, never ids, on every tab.
    let tabs = &report["tabs"];
    for (tab, name) in [
        ("overview", "dash-provider"),
        ("providers", "dash-provider"),
        ("usage", "dash-provider"),
        ("clients", "dash-client"),
        ("cooldowns", "dash-flaky"),
    ] {
        let text = tabs[tab].as_str().unwrap_or_default();
        assert!(text.contains(name), "{tab} names {name}: {text}");
        assert!(
            !text.contains("Provider id") && !text.contains("removed provider"),
            "{tab}: {text}"
        );
        let shot = format!("{shots}/dashboard-{tab}.png");
        assert!(
            std::fs::metadata(&shot).expect("screenshot").len() > 10_000,
            "{shot}"
        );
    }
    assert_eq!(report["external_requests"], json!([]), "{report}");
    assert_eq!(sc.terminate(), Some(0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn days_roll_up_and_the_state_db_is_backed_up_daily() {
    let up = Upstream::start("up", Mode::Ok).await;
    let env = Env::initialized();
    add(&env, "a", &up.base_url(), KEY_A);
    // Two days ago, as the writer would have stored it.
    let two_days_ago = chrono::Utc::now() - chrono::Duration::days(2);
    let hour =
        two_days_ago.timestamp_millis() - two_days_ago.timestamp_millis().rem_euclid(3_600_000);
    crate::support::sqlite(
        &env.db(),
        &format!(
            "INSERT INTO usage_hourly (provider_id, model, hour_start_ms, requests, errors, prompt_tokens, completion_tokens, cost_usd) VALUES (1, 'm', {hour}, 12, 2, 100, 50, 0.5) RETURNING provider_id"
        ),
    );
    let backups = env.path("daily");
    std::fs::create_dir_all(&backups).expect("mkdir");
    std::fs::write(backups.join("bizwings-state-20200101.db"), b"old").expect("old");
    let sc = Server::sidecar(
        &env,
        &[
            "--backup-dir",
            backups.to_str().expect("utf8"),
            "--backup-keep-days",
            "2",
        ],
    );
    let today = chrono::Utc::now().format("%Y%m%d").to_string();
    let file = backups.join(format!("bizwings-state-{today}.db"));
    let deadline = Instant::now() + Duration::from_secs(10);
    while !file.exists() {
        assert!(Instant::now() < deadline, "no daily backup written");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        crate::support::sqlite(&file, "PRAGMA integrity_check"),
        "ok"
    );
    assert_eq!(
        crate::support::sqlite(&file, "SELECT name FROM providers"),
        "a",
        "the backup holds the state"
    );
    assert!(
        !backups.join("bizwings-state-20200101.db").exists(),
        "backups past retention are removed"
    );
    assert_eq!(sc.terminate(), Some(0));
    let day = two_days_ago.format("%Y-%m-%d").to_string();
    assert_eq!(
        crate::support::sqlite(
            &env.db(),
            &format!(
                "SELECT requests || ',' || errors || ',' || pool FROM daily_stats WHERE day = '{day}'"
            )
        ),
        "12,2,primary"
    );
}
