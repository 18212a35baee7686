//! Regression tests for what an attacker and a bad day in production found (#12): each replays
//! the attack or fault through the real binary, with raw sockets where a client would misbehave.

use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpStream;

use crate::support::Env;
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
    let env = Env::initialized();
    let _up = provide(
        &env,
        "a",
        Mode::Ok,
        "k-aaaaaaaaaaaaaaaaaaa",
        &["--model", "m"],
    )
    .await;
    let sc = Server::sidecar(
        &env,
        &[
            "--header-timeout",
            "1s",
            "--body-timeout",
            "1s",
            "--max-connections",
            "8",
            "--max-buffered-bytes",
            "1000000",
        ],
    );
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
    env.run(&["sidecar", "client", "rm", "agent"]).success();
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
    let env = Env::initialized();
    let up = provide(
        &env,
        "a",
        Mode::Ok,
        "k-aaaaaaaaaaaaaaaaaaa",
        &["--model", "m"],
    )
    .await;
    let sc = Server::sidecar(&env, &[]);
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
    let env = Env::initialized();
    let up = provide(
        &env,
        "a",
        Mode::Ok,
        "k-aaaaaaaaaaaaaaaaaaa",
        &["--model", "m"],
    )
    .await;
    let sc = Server::sidecar(&env, &["--allowed-origin", "https://app.example.com"]);
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
