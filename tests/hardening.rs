//! Regression tests for what an attacker and a bad day in production found (#12): each replays
//! the attack or fault through the real binary, with raw sockets where a client would misbehave.

use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpStream;

use crate::support::Env;
use crate::support::fixture::{Fixture, Served};
use crate::support::server::Server;
use crate::support::upstream::{Mode, provide};

fn chat() -> Value {
    json!({"model": "m", "messages": [{"role": "user", "content": "hi"}]})
}

/// Sends `raw` on a fresh connection and reads until the server closes it (or `wait` passes):
/// what came back, and whether the server closed the connection.
async fn raw_exchange(addr: std::net::SocketAddr, raw: &[u8], wait: Duration) -> (String, bool) {
    let mut tcp = TcpStream::connect(addr).await.expect("connect");
    tcp.write_all(raw).await.expect("write");
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    let deadline = Instant::now() + wait;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match tokio::time::timeout(left, tcp.read(&mut buf)).await {
            Err(_) => return (String::from_utf8_lossy(&got).into_owned(), false),
            Ok(Ok(0) | Err(_)) => return (String::from_utf8_lossy(&got).into_owned(), true),
            Ok(Ok(n)) => got.extend_from_slice(&buf[..n]),
        }
    }
}

fn status_of(response: &str) -> u16 {
    response
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

/// #1: half a header, an idle keep-alive connection and a stalled body are all cut; a full
/// house of idle connections only delays a real request; stalled uploads cannot take more than
/// the body budget.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_clients_are_cut_and_cannot_exhaust_the_sidecar() {
    let Served {
        env: _env,
        ups: _ups,
        sc,
    } = Fixture::new()
        .provider("a", Mode::Ok, "k-aaaaaaaaaaaaaaaaaaa", &["--model", "m"])
        .await
        .serve(&[
            "--header-timeout",
            "1s",
            "--body-timeout",
            "1s",
            "--max-connections",
            "8",
            "--max-buffered-bytes",
            "1000000",
        ]);
    let wait = Duration::from_secs(10);
    let (_, closed) = raw_exchange(
        sc.addr,
        b"POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\n",
        wait,
    )
    .await;
    assert!(closed, "half a header is cut after the header timeout");
    let (_, closed) = raw_exchange(sc.addr, b"", wait).await;
    assert!(closed, "a connection that never speaks is cut");
    let body = serde_json::to_vec(&chat()).expect("json");
    let mut kept_alive = format!(
        "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    kept_alive.extend_from_slice(&body);
    let (answer, closed) = raw_exchange(sc.addr, &kept_alive, wait).await;
    assert_eq!(status_of(&answer), 200, "{answer}");
    assert!(
        closed,
        "an idle keep-alive connection is closed after the timeout"
    );
    let (answer, _) = raw_exchange(
        sc.addr,
        b"POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{\"model\"",
        wait,
    )
    .await;
    assert_eq!(
        status_of(&answer),
        408,
        "a stalled body is answered 408: {answer}"
    );

    // Eight idle connections fill the house; a real request waits for a slot, then is served.
    let mut idle = Vec::new();
    for _ in 0..8 {
        idle.push(TcpStream::connect(sc.addr).await.expect("connect"));
    }
    let client = reqwest::Client::new();
    let r = tokio::time::timeout(
        Duration::from_secs(20),
        client
            .post(sc.url("/v1/chat/completions"))
            .json(&chat())
            .send(),
    )
    .await
    .expect("served once the idle connections were cut")
    .expect("send");
    assert_eq!(r.status(), 200);
    drop(idle);

    // Two uploads of 600 kB that stall: the second does not fit the 1 MB budget (503); the
    // first is cut by the body timeout (408); the memory is free again for the next request.
    let upload = |n: usize| {
        let mut raw =
            b"POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: 2000000\r\n\r\n"
                .to_vec();
        raw.extend(std::iter::repeat_n(b' ', n));
        raw
    };
    let first = tokio::spawn(raw_exchange(sc.addr, &upload(600_000).leak()[..], wait));
    tokio::time::sleep(Duration::from_millis(300)).await;
    let (second, _) = raw_exchange(sc.addr, &upload(600_000), wait).await;
    assert_eq!(status_of(&second), 503, "over the body budget: {second}");
    let (first, _) = first.await.expect("task");
    assert_eq!(status_of(&first), 408, "{first}");
    let r = client
        .post(sc.url("/v1/chat/completions"))
        .json(&chat())
        .send()
        .await
        .expect("send");
    assert_eq!(r.status(), 200, "the budget was given back");
    assert_eq!(sc.terminate(), Some(0));
}

/// #2: the "no tokens, no network listen" rule holds at every moment, not only at start.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn removing_the_last_client_token_closes_v1_beyond_loopback() {
    let env = Env::initialized();
    let _up = provide(
        &env,
        "a",
        Mode::Ok,
        "k-aaaaaaaaaaaaaaaaaaa",
        &["--model", "m"],
    )
    .await;
    let token = env
        .run(&["sidecar", "client", "add", "agent", "--json"])
        .json()["token"]
        .as_str()
        .expect("token")
        .to_owned();
    let sc = Server::start(
        &env,
        &[
            "sidecar",
            "serve",
            "--listen",
            "0.0.0.0:0",
            "--metrics-listen",
            "off",
            "--reload-interval",
            "200ms",
        ],
        &[],
    );
    let url = format!("http://127.0.0.1:{}/v1/chat/completions", sc.addr.port());
    let client = reqwest::Client::new();
    let with_token = client
        .post(&url)
        .bearer_auth(&token)
        .json(&chat())
        .send()
        .await
        .expect("send");
    assert_eq!(with_token.status(), 200);
    env.run(&["sidecar", "client", "rm", "agent", "--yes"])
        .success();
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let r = client.post(&url).json(&chat()).send().await.expect("send");
        assert_ne!(r.status(), 200, "removing the last token never opens /v1");
        if r.status() == 401 || Instant::now() > deadline {
            assert_eq!(r.status(), 401);
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tokio::time::sleep(Duration::from_millis(600)).await;
    let r = client.post(&url).json(&chat()).send().await.expect("send");
    assert_eq!(r.status(), 401, "still closed after the reload");
    assert_eq!(sc.terminate(), Some(0));
}

/// #7, #9 and #19: paths stay under /v1, only GET and POST are forwarded, failures of paths the
/// client chose never cool a provider, and 502s and answers name no upstream URL or server.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clients_cannot_steer_the_key_or_cool_providers() {
    let Served { env, ups, sc } = Fixture::new()
        .provider("a", Mode::Ok, "k-aaaaaaaaaaaaaaaaaaa", &["--model", "m"])
        .await
        .serve(&["--passthrough", "/v1/boom"]);
    let up = &ups[0];
    for path in [
        "/v1/../../../../etc/passwd",
        "/v1/%2e%2e/%2e%2e/etc/passwd",
        "/v1/models/..%2F..%2Fadmin",
        "/v1//etc",
        "/v1/a\\..\\b",
    ] {
        let raw = format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        let (answer, _) = raw_exchange(sc.addr, raw.as_bytes(), Duration::from_secs(5)).await;
        assert_eq!(status_of(&answer), 404, "{path}: {answer}");
    }
    assert_eq!(up.hits(), 0, "no traversal reached the provider");
    let client = reqwest::Client::new();
    let options = client
        .request(reqwest::Method::OPTIONS, sc.url("/v1/chat/completions"))
        .send()
        .await
        .expect("send");
    assert_eq!(options.status(), 405);
    for _ in 0..5 {
        let r = client.get(sc.url("/v1/boom")).send().await.expect("send");
        assert_eq!(r.status(), 500, "the upstream's answer, passed through");
        assert!(
            r.headers().get("server").is_none(),
            "no upstream server header"
        );
    }
    let r = client
        .post(sc.url("/v1/chat/completions"))
        .json(&chat())
        .send()
        .await
        .expect("send");
    assert_eq!(
        r.status(),
        200,
        "five failed passthrough calls did not cool the provider"
    );
    let show = env.run(&["provider", "show", "a", "--json"]).json();
    assert_ne!(show["provider"]["status"], "cooling");

    // A provider that cannot be reached: the 502 says so without its URL.
    let dead = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let dead_url = format!("http://{}/v1/secret-path", dead.local_addr().expect("addr"));
    drop(dead);
    env.cmd()
        .args(&[
            "provider",
            "add",
            "gone",
            "--url",
            &dead_url,
            "--key-stdin",
            "--model",
            "g",
        ])
        .stdin("k-ccccccccccccccccccc")
        .run()
        .success();
    tokio::time::sleep(Duration::from_millis(600)).await;
    let r = client
        .post(sc.url("/v1/chat/completions"))
        .json(&json!({"model": "g", "messages": []}))
        .send()
        .await
        .expect("send");
    assert_eq!(r.status(), 502);
    let text = r.text().await.expect("body");
    assert!(
        !text.contains("secret-path") && !text.contains("127.0.0.1"),
        "{text}"
    );
    assert_eq!(sc.terminate(), Some(0));
}

/// #10: a web page (any origin, or a DNS-rebound name) cannot spend through the loopback proxy.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browsers_cannot_spend_through_the_proxy_unless_allowed() {
    let Served { env: _env, ups, sc } = Fixture::new()
        .provider("a", Mode::Ok, "k-aaaaaaaaaaaaaaaaaaa", &["--model", "m"])
        .await
        .serve(&["--allowed-origin", "https://app.example.com"]);
    let up = &ups[0];
    let client = reqwest::Client::new();
    let body = serde_json::to_string(&chat()).expect("json");
    let send = |origin: Option<&str>, host: Option<&str>, content_type: &str| {
        let mut request = client
            .post(sc.url("/v1/chat/completions"))
            .header("content-type", content_type)
            .body(body.clone());
        if let Some(o) = origin {
            request = request.header("origin", o);
        }
        if let Some(h) = host {
            request = request
                .header("host", h)
                .header("sec-fetch-site", "same-origin");
        }
        async move { request.send().await.expect("send").status().as_u16() }
    };
    assert_eq!(
        send(Some("https://evil.example"), None, "text/plain").await,
        403
    );
    assert_eq!(
        send(Some("https://evil.example"), None, "application/json").await,
        403
    );
    assert_eq!(
        send(None, Some("evil.example:9190"), "application/json").await,
        403,
        "DNS rebinding"
    );
    assert_eq!(
        send(Some("https://app.example.com"), None, "text/plain").await,
        415
    );
    assert_eq!(up.hits(), 0, "nothing was forwarded or charged");
    assert_eq!(
        send(Some("https://app.example.com"), None, "application/json").await,
        200
    );
    assert_eq!(
        send(None, None, "application/json").await,
        200,
        "scripts and SDKs are unaffected"
    );
    assert_eq!(sc.terminate(), Some(0));
}

fn add_bot(env: &Env, name: &str, url: &str) {
    env.cmd()
        .args(&["alert", "receiver", "add", name, "--feishu-url-stdin"])
        .stdin(&format!("{url}\n"))
        .run()
        .success();
}

fn route(env: &Env, matcher: &str, receiver: &str) {
    env.run(&[
        "alert",
        "route",
        "add",
        "--match",
        matcher,
        "--receiver",
        receiver,
    ])
    .success();
}

fn alert(name: &str, severity: &str) -> Value {
    json!({"status": "firing", "labels": {"alertname": name, "severity": severity, "instance": "db-1"},
           "annotations": {"summary": format!("{name} on db-1")},
           "startsAt": "2026-11-26T09:00:00Z", "endsAt": "0001-01-01T00:00:00Z", "generatorURL": ""})
}

async fn post_alerts(client: &reqwest::Client, bridge: &Server, alerts: Vec<Value>) {
    let r = client
        .post(bridge.url("/webhook"))
        .json(&json!({"version": "4", "status": "firing", "alerts": alerts}))
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), 200);
}

/// #3: a bot that is rate limited with 10,000 alerts queued does not delay another bot.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_throttled_bot_never_starves_another() {
    use crate::support::feishu::Feishu;
    let feishu = Feishu::start("127.0.0.1:0".parse().expect("addr"), &[]).await;
    // Every answer is "frequency limited" until the test is over.
    feishu
        .shared
        .limited_first
        .store(usize::MAX / 2, std::sync::atomic::Ordering::SeqCst);
    let env = Env::initialized();
    add_bot(&env, "busy", &Feishu::url(feishu.addr, "busy-hook"));
    let idle = Feishu::start("127.0.0.1:0".parse().expect("addr"), &[]).await;
    add_bot(&env, "idle", &Feishu::url(idle.addr, "idle-hook"));
    route(&env, "severity=warning", "busy");
    route(&env, "severity=critical", "idle");
    let bridge = Server::bridge(&env, &[], &[]);
    let client = reqwest::Client::new();
    for batch in 0..20 {
        let alerts = (0..500)
            .map(|i| alert(&format!("Noise{batch}x{i}"), "warning"))
            .collect();
        post_alerts(&client, &bridge, alerts).await;
    }
    post_alerts(&client, &bridge, vec![alert("DiskFull", "critical")]).await;
    let deadline = Instant::now() + Duration::from_secs(30);
    while idle.cards().is_empty() {
        assert!(
            Instant::now() < deadline,
            "the critical alert to the idle bot was held up by the busy one"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(feishu.cards().is_empty(), "the busy bot accepted nothing");
    drop(bridge);
}

/// #4 and #17: an unreachable bot's URL (a credential) appears in no log, outbox row or
/// output; every card carries the message's stable id.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bot_url_never_leaks_and_cards_carry_a_stable_id() {
    use crate::support::feishu::Feishu;
    let env = Env::initialized();
    let gone = crate::support::feishu::free_addr();
    add_bot(&env, "gone", &Feishu::url(gone, "tok-secret-4242"));
    route(&env, "severity=critical", "gone");
    let bridge = Server::bridge(&env, &[], &[]);
    let client = reqwest::Client::new();
    post_alerts(&client, &bridge, vec![alert("DiskFull", "critical")]).await;
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let outbox = env.run(&["alert", "outbox", "--json"]).json();
        if outbox["messages"][0]["last_error"]
            .as_str()
            .is_some_and(|e| !e.is_empty())
        {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "no failed attempt recorded: {outbox}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let human = env.run(&["alert", "outbox"]).stdout.clone();
    let json = env.run(&["alert", "outbox", "--json"]).stdout.clone();
    let log = bridge.log_text();
    let db = String::from_utf8_lossy(&std::fs::read(env.db()).expect("db")).into_owned();
    for (what, text) in [
        ("outbox", &human),
        ("outbox --json", &json),
        ("log", &log),
        ("db", &db),
    ] {
        assert!(
            !text.contains("tok-secret-4242"),
            "the hook token leaked into the {what}: {text}"
        );
    }
    assert!(json.contains("cannot reach the receiver"), "{json}");
    drop(bridge);

    // The same alert sent twice (Alertmanager repeats) carries the same id.
    let feishu = Feishu::start("127.0.0.1:0".parse().expect("addr"), &[]).await;
    add_bot(&env, "bot", &Feishu::url(feishu.addr, "h"));
    route(&env, "severity=warning", "bot");
    let bridge = Server::bridge(&env, &[], &[]);
    post_alerts(&client, &bridge, vec![alert("HighLoad", "warning")]).await;
    post_alerts(&client, &bridge, vec![alert("HighLoad", "warning")]).await;
    let deadline = Instant::now() + Duration::from_secs(20);
    while feishu.cards().len() < 2 {
        assert!(Instant::now() < deadline, "cards did not arrive");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let footer = |i: usize| {
        let card = &feishu.cards()[i].body["card"];
        card["elements"]
            .as_array()
            .and_then(|e| e.last())
            .map(|note| {
                note["elements"][0]["content"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned()
            })
            .unwrap_or_default()
    };
    let id = |f: String| f.rsplit_once(" id ").map(|(_, id)| id.to_owned());
    assert!(
        id(footer(0)).is_some_and(|i| i.len() == 12),
        "{}",
        footer(0)
    );
    assert_eq!(id(footer(0)), id(footer(1)), "duplicates are recognisable");
    drop(bridge);
}

/// #5, #6 and #13: what a task source says is escaped on the card; a command source may print
/// more than a pipe holds; and a command source does not see our secrets.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_task_sources_cannot_inject_stall_flood_or_read_secrets() {
    use crate::support::feishu::Feishu;
    let feishu = Feishu::start("127.0.0.1:0".parse().expect("addr"), &[]).await;
    let env = Env::initialized();
    add_bot(&env, "owner", &Feishu::url(feishu.addr, "owner-hook"));
    let tasks = env.path("tasks.json");
    let stale = (chrono::Utc::now() - chrono::Duration::hours(2)).to_rfc3339();
    std::fs::write(
        &tasks,
        json!([{"id": "<at id=all></at> [win](http://evil.example) **now**", "status": "in_progress", "updated_at": stale}])
            .to_string(),
    )
    .expect("tasks");
    let spy = env.path("env.txt");
    let big = env.path("big.sh");
    std::fs::write(
        &big,
        format!(
            "env > {}\nprintf '[{{\"id\":\"big\",\"status\":\"todo\",\"updated_at\":0,\"title\":\"'\nhead -c 200000 /dev/zero | tr '\\0' x\nprintf '\"}}]'\n",
            spy.display()
        ),
    )
    .expect("script");
    env.run(&[
        "heartbeat",
        "add",
        "writer",
        "--schedule",
        "*/10 * * * *",
        "--owner",
        "owner",
        "--source",
        &format!("json:{}", tasks.display()),
        "--source",
        &format!("command:sh {}", big.display()),
    ])
    .success();
    let key_hex = std::fs::read_to_string(env.key_file()).expect("key");
    let out = env
        .cmd()
        .args(&["heartbeat", "run", "--once", "writer", "--force", "--json"])
        .env("BIZWINGS_MASTER_KEY", key_hex.trim())
        .env("BIZWINGS_ADMIN_TOKEN", "admin-secret-777")
        .env("BIZWINGS_ALERT_TOKEN", "alert-secret-888")
        .run();
    let doc = out.json();
    let text = doc.to_string();
    assert!(
        !text.contains("did not finish"),
        "200 kB of output is read while it runs: {text}"
    );
    assert_eq!(doc["agents"][0]["pending"], 2, "{text}");
    let spied = std::fs::read_to_string(&spy).expect("env");
    for secret in [
        key_hex.trim(),
        "admin-secret-777",
        "alert-secret-888",
        "BIZWINGS_",
    ] {
        assert!(
            !spied.contains(secret),
            "a command source saw {secret}: {spied}"
        );
    }
    let deadline = Instant::now() + Duration::from_secs(10);
    while feishu.cards().is_empty() {
        assert!(Instant::now() < deadline, "no card");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let md = feishu.cards()[0].body["card"]["elements"][0]["text"]["content"]
        .as_str()
        .expect("md")
        .to_owned();
    assert!(
        !md.contains("<at") && !md.contains("[win](") && !md.contains("**now**"),
        "task text is escaped for lark_md: {md}"
    );
    assert!(md.contains("&lt;at id=all&gt;"), "{md}");
}

/// #11: an HTTP task source that streams a chunked 8 MiB answer is cut at 4 MiB, not buffered.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_http_task_source_cannot_flood_the_heartbeat() {
    let env = Env::initialized();
    // A chunked answer of 8 MiB from an HTTP source is cut at 4 MiB.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let app = axum::Router::new().route(
        "/tasks",
        axum::routing::get(|| async {
            let chunks = futures_util::stream::iter(
                (0..128)
                    .map(|_| Ok::<_, std::io::Error>(bytes::Bytes::from(vec![b' '; 64 * 1024]))),
            );
            axum::body::Body::from_stream(chunks)
        }),
    );
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    env.run(&[
        "heartbeat",
        "add",
        "flood",
        "--schedule",
        "*/10 * * * *",
        "--source",
        &format!("http://{addr}/tasks"),
    ])
    .success();
    let out = env.run(&["heartbeat", "run", "--once", "flood", "--force", "--json"]);
    out.code(3);
    assert!(
        out.stdout.contains("larger than 4194304 bytes"),
        "{}",
        out.stdout
    );
}

/// #12 and #14: a restore never turns a user's file into a root-owned setuid program, and the
/// sidecar's daily state copies are private.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backups_and_restores_keep_files_private_and_owners_honest() {
    use std::os::unix::fs::{MetadataExt as _, PermissionsExt as _};
    let env = Env::initialized();
    let tree = env.path("www");
    std::fs::create_dir_all(&tree).expect("mkdir");
    let tool = tree.join("tool");
    std::fs::write(&tool, b"#!/bin/sh\n").expect("write");
    std::fs::set_permissions(&tool, std::fs::Permissions::from_mode(0o4755)).expect("chmod");
    let as_root = std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0);
    if as_root {
        let status = std::process::Command::new("chown")
            .args(["65534:65534", tool.to_str().expect("utf8")])
            .status()
            .expect("chown");
        assert!(status.success());
        std::fs::set_permissions(&tool, std::fs::Permissions::from_mode(0o4755)).expect("chmod");
    }
    let dest = env.path("dest");
    env.run(&[
        "backup",
        "add",
        "www",
        "--kind",
        "files",
        "--source",
        tree.to_str().expect("utf8"),
        "--dest",
        dest.to_str().expect("utf8"),
    ])
    .success();
    let run = env.run(&["backup", "run", "www", "--json"]).json();
    let id = run["jobs"][0]["backups"][0]
        .as_i64()
        .expect("id")
        .to_string();
    let to = env.path("restored");
    env.run(&["backup", "restore", &id, "--to", to.to_str().expect("utf8")])
        .success();
    let meta = std::fs::metadata(to.join("tool")).expect("restored");
    let setuid = meta.mode() & 0o4000 != 0;
    assert!(
        !(setuid && meta.uid() == 0),
        "a file that was not root's came back root-owned and setuid (mode {:o}, uid {})",
        meta.mode(),
        meta.uid()
    );
    if as_root {
        assert_eq!(meta.uid(), 65534, "as root, owners are restored like modes");
    }

    let _up = provide(
        &env,
        "a",
        Mode::Ok,
        "k-aaaaaaaaaaaaaaaaaaa",
        &["--model", "m"],
    )
    .await;
    let daily = env.path("daily");
    let sc = Server::sidecar(&env, &["--backup-dir", daily.to_str().expect("utf8")]);
    let today = chrono::Utc::now().format("%Y%m%d").to_string();
    let file = daily.join(format!("bizwings-state-{today}.db"));
    let deadline = Instant::now() + Duration::from_secs(10);
    while !file.exists() {
        assert!(Instant::now() < deadline, "no daily copy");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        std::fs::metadata(&file).expect("copy").mode() & 0o777,
        0o600
    );
    assert_eq!(
        std::fs::metadata(&daily).expect("dir").mode() & 0o777,
        0o700
    );
    assert_eq!(sc.terminate(), Some(0));
}

/// #15: the bridge, like the sidecar, will not listen beyond loopback without a token.
#[test]
fn the_bridge_refuses_a_network_listen_without_a_token() {
    let env = Env::initialized();
    let out = env.run(&["alert", "bridge", "--listen", "0.0.0.0:0"]);
    out.code(2).stderr_has("BIZWINGS_ALERT_TOKEN");
}

/// #16: a stream the upstream cuts short (close-delimited, no `[DONE]`) ends with an error
/// event the client can see, and counts as an error.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stream_cut_short_ends_with_an_error_event() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        while let Ok((mut tcp, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut buf = vec![0u8; 65536];
                let _ = tcp.read(&mut buf).await;
                let chunk = json!({"id": "c", "object": "chat.completion.chunk", "choices": [{"index": 0, "delta": {"content": "hel"}}]});
                let answer = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\ndata: {chunk}\n\n"
                );
                let _ = tcp.write_all(answer.as_bytes()).await;
                // Closing here ends a close-delimited body: a clean EOF, no [DONE].
            });
        }
    });
    let env = Env::initialized();
    crate::support::upstream::add_provider(
        &env,
        "cut",
        &format!("http://{addr}/v1"),
        "k-aaaaaaaaaaaaaaaaaaa",
        &["--model", "m"],
    );
    let sc = Server::sidecar(&env, &[]);
    let mut body = chat();
    body["stream"] = json!(true);
    let text = reqwest::Client::new()
        .post(sc.url("/v1/chat/completions"))
        .json(&body)
        .send()
        .await
        .expect("send")
        .text()
        .await
        .expect("body");
    assert!(
        text.contains("\"hel\""),
        "what arrived is passed on: {text}"
    );
    assert!(!text.contains("[DONE]"), "{text}");
    assert!(
        text.trim_end().ends_with(r#""code":"upstream_closed"}}"#),
        "{text}"
    );
    assert_eq!(sc.terminate(), Some(0));
    let usage = env.run(&["usage", "--json"]).json();
    assert_eq!(usage["rows"][0]["errors"], 1, "{usage}");
}

/// #18: the master key runbook finishes after a crash between any two of its steps.
#[test]
fn the_key_rotation_runbook_recovers_from_a_crash_between_steps() {
    let runbook = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/rotate-master-key.sh");
    let bin_dir = std::path::Path::new(env!("CARGO_BIN_EXE_bizwings"))
        .parent()
        .expect("dir")
        .to_owned();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let run = |env: &Env| {
        std::process::Command::new("bash")
            .arg(runbook)
            .env("PATH", &path)
            .env("BIZWINGS_DB", env.db())
            .env_remove("BIZWINGS_MASTER_KEY_FILE")
            .output()
            .expect("runbook")
    };
    let key = |env: &Env| env.key_file();
    let new_key = |env: &Env| {
        let mut p = env.key_file().into_os_string();
        p.push(".new");
        std::path::PathBuf::from(p)
    };
    for crash_after in ["rotation", "moving the old key away"] {
        let env = Env::initialized();
        crate::support::upstream::add_provider(
            &env,
            "a",
            "https://api.example.com/v1",
            "sk-keep-me-0123456789",
            &[],
        );
        // What the runbook does up to the crash, by hand.
        env.cmd()
            .args(&["provider", "rotate-key", "--master", "--new-key-file"])
            .args(&[new_key(&env).to_str().expect("utf8")])
            .env("BIZWINGS_MASTER_KEY_FILE", key(&env))
            .run()
            .success();
        if crash_after == "moving the old key away" {
            std::fs::rename(key(&env), env.path("master.key.old-crashed")).expect("mv");
        }
        let out = run(&env);
        assert!(
            out.status.success(),
            "after a crash following {crash_after}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            !new_key(&env).exists(),
            "the new key took the old one's place"
        );
        let list = env
            .cmd()
            .args(&["provider", "list", "--json"])
            .env("BIZWINGS_MASTER_KEY_FILE", key(&env))
            .run();
        list.success();
        assert_eq!(list.json()["providers"][0]["name"], "a");
        // And it is safe to run once more after it succeeded.
        let again = run(&env);
        assert!(
            again.status.success(),
            "{}",
            String::from_utf8_lossy(&again.stderr)
        );
    }
}

/// #19: a provider cooled for failing real traffic does not show as healthy.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_provider_cooled_for_failures_is_not_shown_healthy() {
    let Served { env, ups: _ups, sc } = Fixture::new()
        .provider(
            "a",
            Mode::Error500,
            "k-aaaaaaaaaaaaaaaaaaa",
            &["--model", "m"],
        )
        .await
        .serve(&["--health-interval", "off"]);
    let client = reqwest::Client::new();
    for _ in 0..3 {
        let _ = client
            .post(sc.url("/v1/chat/completions"))
            .json(&chat())
            .send()
            .await;
    }
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let list = env.run(&["provider", "list", "--json"]).json();
        let p = &list["providers"][0];
        if p["status"] == "cooling" && p["health"] == "degraded" {
            break;
        }
        assert!(Instant::now() < deadline, "{list}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(sc.terminate(), Some(0));
}

/// #19: a client stalled in the middle of its upload does not hold the shutdown for the
/// whole grace period.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stalled_upload_does_not_hold_the_shutdown() {
    let env = Env::initialized();
    let _up = provide(
        &env,
        "a",
        Mode::Ok,
        "k-aaaaaaaaaaaaaaaaaaa",
        &["--model", "m"],
    )
    .await;
    let sc = Server::start(
        &env,
        &[
            "sidecar",
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--metrics-listen",
            "off",
            "--shutdown-grace",
            "60s",
            "--body-timeout",
            "60s",
        ],
        &[],
    );
    let mut tcp = TcpStream::connect(sc.addr).await.expect("connect");
    tcp.write_all(
        b"POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"mo",
    )
    .await
    .expect("write");
    tokio::time::sleep(Duration::from_millis(300)).await;
    let started = Instant::now();
    let code = tokio::task::spawn_blocking(move || sc.terminate())
        .await
        .expect("join");
    assert_eq!(code, Some(0));
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "the stalled upload held the shutdown for {:?}",
        started.elapsed()
    );
    let mut answer = String::new();
    let _ = tcp.read_to_string(&mut answer).await;
    assert_eq!(
        status_of(&answer),
        503,
        "the stalled client is told to retry: {answer}"
    );
}

/// A model name and an agent label with a quote and a backslash: the sidecar's and the
/// exporter's metrics stay valid text and carry them back unchanged. (A line break can no
/// longer get into a label: control characters are refused at the door.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_model_names_and_agent_labels_do_not_break_the_metrics() {
    let env = Env::initialized();
    let model = r#"m"},evil\x"#;
    let label = "Writer\" } 1 fake_metric{x=\"1\\";
    let up = crate::support::upstream::provide(
        &env,
        "a",
        crate::support::upstream::Mode::Ok,
        "sk-hostile-labels-000000",
        &["--model", model],
    )
    .await;
    env.run(&[
        "heartbeat",
        "add",
        "writer",
        "--schedule",
        "*/10 * * * *",
        "--label",
        label,
    ])
    .success();
    let sc = Server::sidecar(&env, &[]);
    let r = reqwest::Client::new()
        .post(sc.url("/v1/chat/completions"))
        .json(&serde_json::json!({"model": model, "messages": []}))
        .send()
        .await
        .expect("send");
    assert_eq!(r.status(), 200);
    assert_eq!(up.hits(), 1);
    let metrics = sc.sidecar_metrics().await;
    let agents = Server::exporter(&env).metrics().await;
    assert!(!agents.contains("\nfake_metric"), "{agents}");
    let Some(samples) = crate::support::parse_metrics(&metrics) else {
        return;
    };
    let models: Vec<&str> = samples["bizwings_sidecar_upstream_requests_total"]
        .as_array()
        .expect("requests")
        .iter()
        .filter_map(|s| s["labels"]["model"].as_str())
        .collect();
    assert!(models.contains(&model), "{models:?}");
    let samples = crate::support::parse_metrics(&agents).expect("parsed");
    assert_eq!(
        samples["agent_heartbeat_status"][0]["labels"]["agent_label"],
        label
    );
    assert!(samples.get("fake_metric").is_none());
}

/// Round two: a setting that names the master key file as an upstream key, a key file others
/// can read, and a FIFO or `/dev/zero` in its place are refused, by `provider add` and by
/// `apply`, and nothing is stored.
#[test]
fn a_key_file_must_be_a_private_one_line_secret_and_never_the_master_key() {
    use std::os::unix::fs::PermissionsExt as _;
    let env = Env::initialized();
    let master = env.key_file();
    let loose = env.path("loose.key");
    std::fs::write(&loose, "sk-loose-0123456789\n").expect("write");
    std::fs::set_permissions(&loose, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    let fifo = env.path("fifo.key");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .expect("mkfifo")
            .success()
    );
    let zero = env.path("zero.key");
    std::os::unix::fs::symlink("/dev/zero", &zero).expect("symlink");
    for (file, says) in [
        (&master, "master key"),
        (&loose, "chmod 600"),
        (&fifo, "not a regular file"),
        (&zero, "not a regular file"),
    ] {
        let file = file.to_str().expect("utf8");
        env.cmd()
            .args(&["provider", "add", "p", "--url", "http://127.0.0.1:9/v1"])
            .args(&["--key-file", file])
            .run()
            .code(64)
            .stderr_has(says);
        let spec = env.path("bizwings.toml");
        std::fs::write(
            &spec,
            format!(
                "[[provider]]\nname = \"p\"\nurl = \"http://127.0.0.1:9/v1\"\nkey_file = \"{file}\"\n"
            ),
        )
        .expect("spec");
        env.cmd()
            .args(&["apply", spec.to_str().expect("utf8")])
            .run()
            .code(64)
            .stderr_has(says);
    }
    let list = env.cmd().args(&["--json", "provider", "list"]).run().json();
    assert_eq!(list["providers"], serde_json::json!([]), "{list}");
}

/// Round two: pass-through by allow-list. Only the routed paths and the listed ones pass: a
/// chat request spelled in another case is routed (and priced) as chat, the legacy engines
/// path and unlisted paths get 404, a listed path counts against the client's rpm and is
/// refused to a client with a budget, and an upstream 429 on it never cools the provider.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_routed_and_listed_paths_pass_and_they_never_cool_a_provider() {
    let env = Env::initialized();
    let up = provide(
        &env,
        "a",
        Mode::Ok,
        "k-aaaaaaaaaaaaaaaaaaa",
        &["--model", "m"],
    )
    .await;
    let rated = crate::support::client_token(&env, "rated", &["--rpm", "2"]);
    let budgeted = crate::support::client_token(&env, "budgeted", &["--budget", "1usd/day"]);
    let open = crate::support::client_token(&env, "open", &[]);
    let sc = Server::sidecar(&env, &["--passthrough", "/v1/files"]);
    let client = reqwest::Client::new();
    let send = |path: &str, token: &str| {
        client
            .post(sc.url(path))
            .bearer_auth(token)
            .json(&chat())
            .send()
    };
    let r = send("/v1/Chat/Completions", &rated).await.expect("send");
    assert_eq!(r.status(), 200);
    let body: Value = r.json().await.expect("json");
    assert!(body["choices"].is_array(), "routed as chat: {body}");
    let hits = up.hits();
    for path in [
        "/v1/engines/m/chat/completions",
        "/v1/audio/speech",
        "/v1/batches",
        "/v1/filesx",
    ] {
        let r = send(path, &open).await.expect("send");
        assert_eq!(r.status(), 404, "{path}");
        let body: Value = r.json().await.expect("json");
        assert_eq!(body["error"]["code"], "unknown_url", "{path}");
    }
    assert_eq!(up.hits(), hits, "no unlisted path reached the provider");
    let r = send("/v1/files", &budgeted).await.expect("send");
    assert_eq!(r.status(), 403);
    let body: Value = r.json().await.expect("json");
    assert_eq!(body["error"]["code"], "passthrough_refused");
    assert_eq!(send("/v1/FILES", &rated).await.expect("send").status(), 200);
    let r = send("/v1/files", &rated).await.expect("send");
    assert_eq!(r.status(), 429, "rpm 2 holds on listed paths too");
    let body: Value = r.json().await.expect("json");
    assert_eq!(body["error"]["code"], "client_rate_limited");

    up.set_mode(Mode::RateLimited(Some("60".into())));
    for _ in 0..3 {
        let r = send("/v1/files/file-abc", &open).await.expect("send");
        assert_eq!(r.status(), 429, "the upstream's 429, passed on");
    }
    up.set_mode(Mode::Ok);
    let r = send("/v1/chat/completions", &open).await.expect("send");
    assert_eq!(r.status(), 200, "a 429 on a listed path cooled nothing");
    let show = env.run(&["provider", "show", "a", "--json"]).json();
    assert_ne!(show["provider"]["status"], "cooling");
    assert_eq!(sc.terminate(), Some(0));
}

/// Round two: a ping records liveness and nothing else. Pings from a page with a foreign
/// origin are refused; six pings a second with the key never run the agent's trigger (the
/// next `heartbeat run` does, once), the eleventh in ten seconds gets 429; and the alert
/// bridge refuses a cross-origin `text/plain` alert although it has no token.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pings_never_run_the_agent_and_pages_cannot_ping_or_page() {
    let env = Env::initialized();
    let marker = env.path("triggered");
    let trigger = format!("command:echo fired >> {}", marker.display());
    env.run(&["heartbeat", "add", "agent", "--schedule", "0 0 1 1 *"])
        .success();
    env.run(&[
        "heartbeat",
        "set",
        "agent",
        "--trigger",
        &trigger,
        "--trigger-always",
    ])
    .success();
    let exporter = Server::exporter(&env);
    let client = reqwest::Client::new();
    let url = format!("http://{}/ping/agent", exporter.addr);
    let r = client
        .post(&url)
        .header("Origin", "https://evil.example")
        .header("Content-Type", "text/plain")
        .body("x")
        .send()
        .await
        .expect("send");
    assert_eq!(r.status(), 403, "a foreign page cannot ping");
    let r = client
        .get(&url)
        .header("Sec-Fetch-Site", "cross-site")
        .send()
        .await
        .expect("send");
    assert_eq!(r.status(), 403, "nor through an image tag");
    for n in 1..=10 {
        let r = client.post(&url).send().await.expect("send");
        assert_eq!(r.status(), 200, "ping {n}");
    }
    let r = client.post(&url).send().await.expect("send");
    assert_eq!(r.status(), 429, "the eleventh in ten seconds");
    assert!(!marker.exists(), "no ping ran the trigger");
    env.run(&["heartbeat", "run", "--once", "agent", "--force"]);
    let fired = std::fs::read_to_string(&marker).expect("the run fires it");
    assert_eq!(fired.lines().count(), 1, "{fired}");
    assert_eq!(exporter.terminate(), Some(0));

    let bridge = Server::bridge(&env, &[], &[]);
    let forged = client
        .post(bridge.url("/webhook"))
        .header("Origin", "https://evil.example")
        .header("Content-Type", "text/plain")
        .body(
            json!({"version": "4", "status": "firing", "alerts": [alert("Forged", "critical")]})
                .to_string(),
        )
        .send()
        .await
        .expect("send");
    assert_eq!(forged.status(), 403, "a page cannot page on-call");
    let history = env.run(&["alert", "history", "--json"]).json();
    assert_eq!(history["alerts"], json!([]), "{history}");
    assert_eq!(bridge.terminate(), Some(0));
}

/// Round two: a FIFO and a link to `/dev/zero` among an agent's Markdown cards, or as its JSON
/// task list, neither hang `heartbeat run` nor fill its memory: the finding names them.
#[test]
fn a_fifo_or_dev_zero_in_a_task_source_neither_hangs_nor_floods_the_run() {
    let env = Env::initialized();
    let board = env.path("board");
    std::fs::create_dir(&board).expect("board");
    std::fs::write(board.join("a.md"), "# Task a\n").expect("card");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(board.join("fifo.md"))
            .status()
            .expect("mkfifo")
            .success()
    );
    std::os::unix::fs::symlink("/dev/zero", board.join("zero.md")).expect("symlink");
    let json = env.path("tasks.json");
    std::os::unix::fs::symlink("/dev/zero", &json).expect("symlink");
    let sources = [
        format!("markdown:{}", board.display()),
        format!("json:{}", json.display()),
    ];
    for (name, source) in ["board", "list"].iter().zip(&sources) {
        env.run(&[
            "heartbeat",
            "add",
            name,
            "--schedule",
            "0 0 1 1 *",
            "--source",
            source,
        ])
        .success();
        let cmd = env
            .cmd()
            .args(&["heartbeat", "run", "--once", name, "--force", "--json"]);
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let _ = tx.send(cmd.run());
        });
        let out = rx
            .recv_timeout(Duration::from_secs(60))
            .unwrap_or_else(|_| panic!("heartbeat run hung on {source}"));
        assert!(
            out.stdout.contains("not a regular file"),
            "{source}: {}",
            out.stdout
        );
    }
}

/// Round two: a trigger that leaves a child in the background (`sleep 25 & echo started`)
/// with a 2 s timeout ends `heartbeat run` at the deadline, not when the sleep does.
#[test]
fn a_backgrounded_child_ends_with_the_deadline() {
    let env = Env::initialized();
    env.run(&["heartbeat", "add", "agent", "--schedule", "0 0 1 1 *"])
        .success();
    env.run(&[
        "heartbeat",
        "set",
        "agent",
        "--trigger",
        "command:sleep 25 & echo started",
        "--trigger-always",
        "--trigger-timeout",
        "2s",
    ])
    .success();
    let started = Instant::now();
    env.run(&["heartbeat", "run", "--once", "agent", "--force"]);
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "heartbeat run waited for the background sleep"
    );
}

/// Round two: a webhook that accepts and never answers holds up only its own lane: a bot
/// gets a second alert while the webhook's first request is still waiting (before, one
/// delivery pass waited for every lane, so the bot waited for the webhook's timeout).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_webhook_that_never_answers_delays_no_other_receiver() {
    use crate::support::feishu::Feishu;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let hung = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let hung_addr = hung.local_addr().expect("addr");
    // Accepts, reads and never answers; counts the connections the bridge has given up on.
    let closed = std::sync::Arc::new(AtomicUsize::new(0));
    let counted = closed.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = hung.accept().await {
            let counted = counted.clone();
            tokio::spawn(async move {
                let mut buf = [0_u8; 4096];
                while socket.read(&mut buf).await.is_ok_and(|n| n > 0) {}
                counted.fetch_add(1, Ordering::SeqCst);
            });
        }
    });
    let feishu = Feishu::start("127.0.0.1:0".parse().expect("addr"), &[]).await;
    let env = Env::initialized();
    add_bot(&env, "bot", &Feishu::url(feishu.addr, "bot-hook"));
    env.cmd()
        .args(&["alert", "receiver", "add", "hook", "--webhook-url-stdin"])
        .stdin(&format!("http://{hung_addr}/hook\n"))
        .run()
        .success();
    route(&env, "severity=critical", "bot");
    env.run(&[
        "alert",
        "route",
        "add",
        "--match",
        "severity=critical",
        "--receiver",
        "hook",
    ])
    .success();
    let bridge = Server::bridge(&env, &[], &[]);
    let client = reqwest::Client::new();
    post_alerts(&client, &bridge, vec![alert("First", "critical")]).await;
    let wait_for = |n: usize| {
        let feishu = &feishu;
        async move {
            let deadline = Instant::now() + Duration::from_secs(60);
            while feishu.cards().len() < n {
                assert!(Instant::now() < deadline, "the bot never got card {n}");
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }
    };
    wait_for(1).await;
    post_alerts(&client, &bridge, vec![alert("Second", "critical")]).await;
    wait_for(2).await;
    assert_eq!(
        closed.load(Ordering::SeqCst),
        0,
        "the bot's second card waited for the webhook to time out"
    );
    drop(bridge);
}

/// Round two: client headers go upstream by allow-list (the client's cookies, its own
/// `OpenAI-Organization`/`OpenAI-Project` and `x-api-key` never do), and a provider URL that
/// points back at the sidecar is answered 508 at once instead of looping.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn client_headers_pass_by_allow_list_and_a_loop_is_refused() {
    let Served { env, ups, sc } = Fixture::new()
        .provider("a", Mode::Ok, "k-aaaaaaaaaaaaaaaaaaa", &["--model", "m"])
        .await
        .serve(&[]);
    let up = &ups[0];
    let client = reqwest::Client::new();
    let r = client
        .post(sc.url("/v1/chat/completions"))
        .header("Cookie", "session=client-secret")
        .header("OpenAI-Organization", "org-client")
        .header("OpenAI-Project", "proj-client")
        .header("x-api-key", "client-key")
        .header("X-Forwarded-For", "127.0.0.9")
        .header("OpenAI-Beta", "assistants=v2")
        .header("Idempotency-Key", "abc")
        .json(&chat())
        .send()
        .await
        .expect("send");
    assert_eq!(r.status(), 200);
    let seen = up.seen().pop().expect("one request");
    let mut names = seen.header_names.clone();
    names.sort();
    for kept in [
        "openai-beta",
        "idempotency-key",
        "content-type",
        "authorization",
    ] {
        assert!(names.iter().any(|n| n == kept), "{kept} missing: {names:?}");
    }
    for dropped in [
        "cookie",
        "openai-organization",
        "openai-project",
        "x-api-key",
        "x-forwarded-for",
    ] {
        assert!(
            !names.iter().any(|n| n == dropped),
            "{dropped} passed: {names:?}"
        );
    }
    assert_eq!(seen.auth, "Bearer k-aaaaaaaaaaaaaaaaaaa");

    // A provider whose URL is this sidecar: the request comes round once, the inner pass
    // answers 508, and the client gets that as the provider's failure.
    crate::support::upstream::add_provider(
        &env,
        "self",
        &format!("http://{}/v1", sc.addr),
        "k-selfselfselfselfself",
        &["--model", "loop"],
    );
    let deadline = Instant::now() + Duration::from_secs(10);
    let answer = loop {
        let r = client
            .post(sc.url("/v1/chat/completions"))
            .json(&json!({"model": "loop", "messages": [{"role": "user", "content": "x"}]}))
            .send()
            .await
            .expect("send");
        let status = r.status();
        let body: Value = r.json().await.unwrap_or(Value::Null);
        if status != 404 || Instant::now() > deadline {
            break (status, body);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert_eq!(answer.0, 502, "{answer:?}");
    let message = answer.1["error"]["message"].as_str().unwrap_or_default();
    assert!(message.contains("508 Loop Detected"), "{answer:?}");
    assert_eq!(sc.terminate(), Some(0));
}

/// Round two: one POST of 1,500 alerts stores the first 1,000 and says so, and history older
/// than 30 days is dropped when new alerts arrive (it grew without bound).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn alerts_per_post_are_capped_and_history_is_kept_30_days() {
    let env = Env::initialized();
    let bridge = Server::bridge(&env, &[], &[]);
    let client = reqwest::Client::new();
    let alerts: Vec<Value> = (0..1500)
        .map(|i| json!({"status": "firing", "labels": {"alertname": format!("A{i}")}}))
        .collect();
    let r = client
        .post(bridge.url("/webhook"))
        .json(&json!({"version": "4", "status": "firing", "alerts": alerts}))
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), 200);
    let body: Value = r.json().await.expect("json");
    assert_eq!(
        (body["alerts"].as_u64(), body["truncated"].as_u64()),
        (Some(1000), Some(500))
    );
    let count = || crate::support::sqlite(&env.db(), "SELECT count(*) FROM alert_history");
    assert_eq!(count(), "1000");
    crate::support::sqlite(
        &env.db(),
        "UPDATE alert_history SET received_at_ms = received_at_ms - 31 * 86400000",
    );
    post_alerts(&client, &bridge, vec![alert("Fresh", "warning")]).await;
    assert_eq!(count(), "1", "the old history was dropped");
    drop(bridge);
}

/// Round two: names and labels with control characters (a terminal escape that rewrites the
/// screen of whoever lists them) are refused everywhere they come in.
#[test]
fn names_and_labels_with_control_characters_are_refused() {
    let env = Env::initialized();
    let escape = "m\u{1b}[2J";
    let cases: [&[&str]; 4] = [
        &[
            "provider",
            "add",
            "p",
            "--url",
            "http://127.0.0.1:9/v1",
            "--key-env",
            "K",
            "--model",
            escape,
        ],
        &[
            "provider",
            "add",
            "p",
            "--url",
            "http://127.0.0.1:9/v1",
            "--key-env",
            "K",
            "--label",
            "a\u{7}b",
        ],
        &[
            "heartbeat",
            "add",
            "a",
            "--schedule",
            "*/5 * * * *",
            "--label",
            "x\u{1b}]0;pwned\u{7}",
        ],
        &[
            "provider",
            "add",
            "p",
            "--url",
            "http://127.0.0.1:9/v1",
            "--key-env",
            "K",
            "--model",
            "m=n\u{7f}x",
        ],
    ];
    for args in cases {
        let out = env
            .cmd()
            .args(args)
            .env("K", "sk-0123456789abcdef0123")
            .run();
        assert_eq!(out.code, Some(64), "{args:?}: {}", out.stderr);
        assert!(
            out.stderr.contains("control characters"),
            "{args:?}: {}",
            out.stderr
        );
    }
    let spec = env.path("bizwings.toml");
    std::fs::write(
        &spec,
        "[[provider]]\nname = \"p\"\nurl = \"http://127.0.0.1:9/v1\"\nkey_env = \"K\"\nlabel = \"a\\u001bb\"\n",
    )
    .expect("spec");
    let out = env
        .cmd()
        .args(&["apply", spec.to_str().expect("utf8")])
        .env("K", "sk-0123456789abcdef0123")
        .run();
    assert_eq!(out.code, Some(64), "{}", out.stderr);
    let list = env.cmd().args(&["--json", "provider", "list"]).run().json();
    assert_eq!(list["providers"], json!([]), "{list}");
}

/// Round two: `init` in a directory others may write tightens it when it is ours and refuses
/// a shared one (sticky, like /tmp) or another user's, creating nothing there.
#[test]
fn init_tightens_or_refuses_a_directory_others_can_write() {
    use std::os::unix::fs::PermissionsExt as _;
    let env = Env::new();
    let mode =
        |p: &std::path::Path| std::fs::metadata(p).expect("stat").permissions().mode() & 0o7777;
    let loose = env.path("loose");
    std::fs::create_dir(&loose).expect("mkdir");
    std::fs::set_permissions(&loose, std::fs::Permissions::from_mode(0o777)).expect("chmod");
    let db = loose.join("state.db");
    let out = env
        .cmd()
        .args(&["init", "--db", db.to_str().expect("utf8"), "--json"])
        .run();
    out.success();
    assert_eq!(out.json()["dir_tightened"], true);
    assert_eq!(mode(&loose), 0o755);
    let shared = env.path("shared");
    std::fs::create_dir(&shared).expect("mkdir");
    std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o1777)).expect("chmod");
    let db = shared.join("state.db");
    env.cmd()
        .args(&["init", "--db", db.to_str().expect("utf8")])
        .run()
        .code(2)
        .stderr_has("directory of your own");
    assert!(!db.exists(), "nothing was created");
    assert_eq!(mode(&shared), 0o1777, "a shared directory is left as it is");
}

/// Round two: `heartbeat discover` stays inside its directory: a workspace or a board that is
/// a link to somewhere else is not wired to an agent.
#[test]
fn discover_does_not_follow_links_out_of_its_directory() {
    let env = Env::initialized();
    let outside = env.path("outside");
    std::fs::create_dir_all(outside.join("board")).expect("outside board");
    std::fs::write(outside.join("HEARTBEAT.md"), "# someone else's\n").expect("file");
    let root = env.path("agents");
    std::fs::create_dir_all(root.join("mine/board")).expect("mine");
    std::os::unix::fs::symlink(&outside, root.join("escape")).expect("link");
    std::fs::create_dir_all(root.join("borrower")).expect("borrower");
    std::fs::write(root.join("borrower/HEARTBEAT.md"), "# borrower\n").expect("file");
    std::os::unix::fs::symlink(outside.join("board"), root.join("borrower/board")).expect("link");
    let out = env
        .cmd()
        .args(&[
            "heartbeat",
            "discover",
            root.to_str().expect("utf8"),
            "--json",
        ])
        .run();
    out.success();
    let doc = out.json();
    let names: Vec<&str> = doc["workspaces"]
        .as_array()
        .expect("workspaces")
        .iter()
        .map(|w| w["name"].as_str().expect("name"))
        .collect();
    assert_eq!(names, ["borrower", "mine"], "{doc}");
    let borrower = &doc["workspaces"][0];
    assert!(
        borrower["source"].is_null(),
        "the linked board is not used: {doc}"
    );
}

/// Round two: an HTTP task source's token never lands in the DB, a finding, `list` or `show`:
/// a literal one is refused, a `${VAR}` reference is read from the environment of `heartbeat
/// run` and sent, and what is shown is masked.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_task_source_token_is_a_reference_and_never_shown() {
    use std::sync::{Arc, Mutex};
    let env = Env::initialized();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let asked: Arc<Mutex<Vec<String>>> = Arc::default();
    let seen = asked.clone();
    let app = axum::Router::new().route(
        "/tasks",
        axum::routing::get(move |uri: axum::http::Uri| {
            let seen = seen.clone();
            async move {
                seen.lock()
                    .expect("lock")
                    .push(uri.query().unwrap_or_default().to_owned());
                (axum::http::StatusCode::INTERNAL_SERVER_ERROR, "down")
            }
        }),
    );
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    let literal = format!("http://{addr}/tasks?token=tok-secret-777");
    env.run(&[
        "heartbeat",
        "add",
        "a",
        "--schedule",
        "*/10 * * * *",
        "--source",
        &literal,
    ])
    .code(64)
    .stderr_has("${VAR}");
    let reference = format!("http://{addr}/tasks?token=${{TASKS_TOKEN}}");
    env.run(&[
        "heartbeat",
        "add",
        "a",
        "--schedule",
        "*/10 * * * *",
        "--source",
        &reference,
    ])
    .success();
    let out = env
        .cmd()
        .args(&["heartbeat", "run", "--once", "a", "--force", "--json"])
        .env("TASKS_TOKEN", "tok-secret-777")
        .run();
    assert_eq!(
        asked.lock().expect("lock").as_slice(),
        ["token=tok-secret-777"]
    );
    for text in [
        out.stdout.clone(),
        out.stderr.clone(),
        env.run(&["heartbeat", "list", "--json"]).stdout,
        env.run(&["heartbeat", "show", "a"]).stdout,
        crate::support::sqlite(&env.db(), "SELECT sources_json FROM heartbeat_agents"),
    ] {
        assert!(!text.contains("tok-secret-777"), "{text}");
    }
    assert!(out.stdout.contains("HTTP 500"), "{}", out.stdout);
}

/// Round two: a provider given twice, or a model twice in one provider, is refused by
/// `apply` — `--dry-run` included — at the second one's line and column, and nothing changes.
#[test]
fn apply_refuses_duplicates_at_their_position() {
    let env = Env::initialized();
    let spec = env.path("bizwings.toml");
    let provider = "[[provider]]\nname = \"p\"\nurl = \"http://127.0.0.1:9/v1\"\nkey_env = \"K\"\n";
    for (text, says) in [
        (
            format!("{provider}\n{provider}"),
            "line 7, column 8: provider \"p\" is given twice",
        ),
        (
            format!(
                "{provider}[[provider.model]]\ncanonical = \"m\"\n[[provider.model]]\ncanonical = \"m\"\n"
            ),
            "line 8, column 13: model of provider p \"m\" is given twice",
        ),
    ] {
        std::fs::write(&spec, &text).expect("spec");
        for dry in [true, false] {
            let mut args = vec!["apply", spec.to_str().expect("utf8")];
            if dry {
                args.push("--dry-run");
            }
            env.cmd()
                .args(&args)
                .env("K", "sk-0123456789abcdef0123")
                .run()
                .code(64)
                .stderr_has(says);
        }
    }
    let list = env.cmd().args(&["--json", "provider", "list"]).run().json();
    assert_eq!(list["providers"], json!([]), "{list}");
}

/// Round two: a Redis that accepts and never answers is asked about once a second, not on
/// every request (each ask cost the request the 50 ms call timeout): requests route on local
/// limits meanwhile, all succeed, and `shared_stalls_total` counts the pauses.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stalled_redis_is_not_asked_on_every_request() {
    let stalled = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let redis_addr = stalled.local_addr().expect("addr");
    // Accepts, reads, never answers.
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = stalled.accept().await {
            tokio::spawn(async move {
                let mut buf = [0_u8; 4096];
                while socket.read(&mut buf).await.is_ok_and(|n| n > 0) {}
            });
        }
    });
    let Served {
        env: _env,
        ups: _ups,
        sc,
    } = Fixture::new()
        .provider("a", Mode::Ok, "k-aaaaaaaaaaaaaaaaaaa", &["--model", "m"])
        .await
        .serve(&["--shared", &format!("redis://{redis_addr}/0")]);
    let client = reqwest::Client::new();
    let started = Instant::now();
    let requests = 30;
    for _ in 0..requests {
        let r = client
            .post(sc.url("/v1/chat/completions"))
            .json(&chat())
            .send()
            .await
            .expect("send");
        assert_eq!(r.status(), 200);
    }
    let seconds = started.elapsed().as_secs_f64().ceil();
    let text = sc.sidecar_metrics().await;
    let stalls: f64 = text
        .lines()
        .find_map(|l| l.strip_prefix("bizwings_sidecar_shared_stalls_total "))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(f64::MAX);
    // The background sync asks twice a second too; a request at most once a second.
    assert!(
        stalls <= 3.0 * (seconds + 1.0) + 2.0,
        "{stalls} stalled calls for {requests} requests in {seconds} s:\n{text}"
    );
    assert_eq!(sc.terminate(), Some(0));
}

/// A sidecar on one provider with the admin API on (the master key rotation tests), and the
/// provider it keeps alive.
async fn rotation_sidecar(env: &Env) -> (impl Sized, Server) {
    let up = provide(
        env,
        "a",
        Mode::Ok,
        "k-aaaaaaaaaaaaaaaaaaa",
        &["--model", "m"],
    )
    .await;
    let admin = [("BIZWINGS_ADMIN_TOKEN", "admin-token-0123456789")];
    (up, Server::sidecar_with(env, &[], &admin))
}

/// `GET /api/admin/backends` with the admin token: status and body.
async fn admin_backends(client: &reqwest::Client, sc: &Server) -> (reqwest::StatusCode, String) {
    let r = client
        .get(sc.url("/api/admin/backends"))
        .bearer_auth("admin-token-0123456789")
        .send()
        .await
        .expect("send");
    (r.status(), r.text().await.unwrap_or_default())
}

/// #30: after the master key runbook, with the sidecar running, the admin API (and so the
/// dashboard) works again as soon as the sidecar has seen the new key, like `/v1` — before, it
/// kept failing with "cannot decrypt" until a restart.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_admin_api_follows_a_master_key_rotation() {
    let runbook = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/rotate-master-key.sh");
    let bin_dir = std::path::Path::new(env!("CARGO_BIN_EXE_bizwings"))
        .parent()
        .expect("dir")
        .to_owned();
    let env = Env::initialized();
    let (_up, sc) = rotation_sidecar(&env).await;
    let client = reqwest::Client::new();
    let backends = || admin_backends(&client, &sc);
    assert_eq!(backends().await.0, 200);
    let out = tokio::task::block_in_place(|| {
        std::process::Command::new("bash")
            .arg(runbook)
            .env(
                "PATH",
                format!(
                    "{}:{}",
                    bin_dir.display(),
                    std::env::var("PATH").unwrap_or_default()
                ),
            )
            .env("BIZWINGS_DB", env.db())
            .env_remove("BIZWINGS_MASTER_KEY_FILE")
            .output()
            .expect("runbook")
    });
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let (status, body) = backends().await;
        let chat = client
            .post(sc.url("/v1/chat/completions"))
            .json(&chat())
            .send()
            .await
            .expect("send")
            .status();
        if status == 200 && chat == 200 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "admin {status} and /v1 {chat} after the rotation: {body}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(sc.terminate(), Some(0));
}

/// CI caught the sidecar reloading between the two steps of the runbook: the DB re-encrypted,
/// the new key file not yet moved in. It then kept the stale key until a restart, so the admin
/// API said "cannot decrypt" for good. Replayed here with a pause between the steps.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reload_between_rotation_and_key_move_still_finds_the_new_key() {
    let env = Env::initialized();
    let (_up, sc) = rotation_sidecar(&env).await;
    let client = reqwest::Client::new();
    let backends = || admin_backends(&client, &sc);
    assert_eq!(backends().await.0, 200);
    let new_key = env.path("master.key.new");
    env.run(&[
        "provider",
        "rotate-key",
        "--master",
        "--new-key-file",
        new_key.to_str().expect("utf8"),
    ])
    .success();
    // The sidecar has looked (and found no key that opens the DB) before the key moves in.
    let deadline = Instant::now() + Duration::from_secs(10);
    while backends().await.0 == 200 {
        assert!(Instant::now() < deadline, "the sidecar never reloaded");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    std::fs::rename(&new_key, env.key_file()).expect("move the new key in");
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let (status, body) = backends().await;
        if status == 200 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "admin {status} after the new key moved in: {body}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let chat = client
        .post(sc.url("/v1/chat/completions"))
        .json(&chat())
        .send()
        .await
        .expect("send");
    assert_eq!(chat.status(), 200);
    assert_eq!(sc.terminate(), Some(0));
}
