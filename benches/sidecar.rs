//! Sidecar macro + micro benchmark. Run: `cargo bench --bench sidecar`.
//!
//! Everything is measured against a baseline in the same run (the machine is shared and
//! noisy): the proxied path against calling the fake upstream directly, and the hot-path
//! pieces against naive versions. See benches/README.md.

#![allow(
    clippy::print_stdout,
    clippy::cast_precision_loss,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    clippy::many_single_char_names,
    reason = "a benchmark prints a report of approximate numbers"
)]

use std::hint::black_box;
use std::io::{BufRead as _, BufReader};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use axum::Router;
use axum::routing::post;
use bizwings::bench::limiter::{Bucket, Clock};
use bizwings::bench::peek;
use bytes::Bytes;

const BODY: &str = r#"{"model":"bench-model","messages":[{"role":"system","content":"You are a helpful assistant."},{"role":"user","content":"Summarise the following text in one sentence: the quick brown fox jumps over the lazy dog, again and again, until the dog finally gets up and leaves."}],"temperature":0.2,"max_tokens":64}"#;

/// The same request, streamed.
const STREAM_BODY: &str = r#"{"model":"bench-model","stream":true,"messages":[{"role":"system","content":"You are a helpful assistant."},{"role":"user","content":"Summarise the following text in one sentence: the quick brown fox jumps over the lazy dog, again and again, until the dog finally gets up and leaves."}],"temperature":0.2,"max_tokens":64}"#;

/// The same prompt streamed in the other two dialects.
const MESSAGES_BODY: &str = r#"{"model":"bench-model","stream":true,"max_tokens":64,"system":"You are a helpful assistant.","messages":[{"role":"user","content":"Summarise the following text in one sentence: the quick brown fox jumps over the lazy dog, again and again, until the dog finally gets up and leaves."}]}"#;
const RESPONSES_BODY: &str = r#"{"model":"bench-model","stream":true,"max_output_tokens":64,"instructions":"You are a helpful assistant.","input":"Summarise the following text in one sentence: the quick brown fox jumps over the lazy dog, again and again, until the dog finally gets up and leaves."}"#;

/// Content events of a streamed answer.
const EVENTS: usize = 20;

const REPLY: &str = r#"{"id":"chatcmpl-1","object":"chat.completion","created":0,"model":"native","choices":[{"index":0,"message":{"role":"assistant","content":"A fox keeps jumping over a dog until it leaves."},"finish_reason":"stop"}],"usage":{"prompt_tokens":52,"completion_tokens":12,"total_tokens":64}}"#;

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_bizwings")
}

fn main() {
    if let Ok(upstream) = std::env::var("BENCH_NAIVE_PROXY_UPSTREAM") {
        naive_proxy(&upstream);
        return;
    }
    if let Ok(upstream) = std::env::var("BENCH_HYPER_PROXY_UPSTREAM") {
        hyper_proxy(&upstream);
        return;
    }
    micro();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(macro_bench());
}

/// ns per call of `f`, best of 5 rounds of `n` calls.
fn ns_per_op(n: u32, mut f: impl FnMut()) -> f64 {
    (0..5)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..n {
                f();
            }
            start.elapsed().as_nanos() as f64 / f64::from(n)
        })
        .fold(f64::INFINITY, f64::min)
}

fn micro() {
    let body = Bytes::from_static(BODY.as_bytes());
    let peek_ns = ns_per_op(200_000, || {
        let p = peek::peek(black_box(&body)).expect("peek");
        black_box(p.rewrite(&body, "vendor/native-model-2025", true));
    });
    let full_ns = ns_per_op(200_000, || {
        // The naive way: a full JSON tree, edited and serialised again.
        let mut v: serde_json::Value = serde_json::from_slice(black_box(&body)).expect("json");
        v["model"] = "vendor/native-model-2025".into();
        black_box(serde_json::to_vec(&v).expect("ser"));
    });
    let clock = Clock::new();
    let bucket = Bucket::new(1e12);
    let gcra_ns = ns_per_op(2_000_000, || {
        black_box(bucket.try_acquire(clock.now_ns()));
    });
    let naive = std::sync::Mutex::new((1e12_f64, Instant::now()));
    let mutex_ns = ns_per_op(2_000_000, || {
        let mut b = naive.lock().expect("lock");
        let now = Instant::now();
        b.0 = (b.0 + now.duration_since(b.1).as_secs_f64() * 1e10).min(1e12);
        b.1 = now;
        if b.0 >= 1.0 {
            b.0 -= 1.0;
        }
        black_box(b.0);
    });
    println!("micro (best of 5, single thread)");
    println!(
        "  body peek + model splice   {peek_ns:8.0} ns   full serde_json round trip {full_ns:8.0} ns   ratio {:.2}",
        peek_ns / full_ns
    );
    println!(
        "  GCRA try_acquire (atomic)  {gcra_ns:8.1} ns   Mutex token bucket         {mutex_ns:8.1} ns   ratio {:.2}",
        gcra_ns / mutex_ns
    );
}

/// The floor: the least a reqwest-based forwarder can do (no routing, no accounting, the
/// answer streamed through as it comes), run as a child process like the sidecar, so the cost
/// of a Rust hop through hyper + reqwest can be told from the sidecar's logic.
fn naive_proxy(upstream: &str) {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let client = reqwest::Client::builder()
            .tcp_nodelay(true)
            .build()
            .expect("client");
        let url = format!("http://{upstream}/v1/chat/completions");
        let app = Router::new().route(
            "/v1/chat/completions",
            post(move |body: Bytes| {
                let (client, url) = (client.clone(), url.clone());
                async move {
                    let r = client
                        .post(url)
                        .header("content-type", "application/json")
                        .body(body)
                        .send()
                        .await
                        .expect("send");
                    let kind = r.headers()["content-type"].clone();
                    (
                        [("content-type", kind)],
                        axum::body::Body::from_stream(r.bytes_stream()),
                    )
                }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        println!("{}", listener.local_addr().expect("addr"));
        axum::serve(nodelay(listener), app).await.expect("serve");
    });
}

/// A listener whose connections send each write at once (Nagle's delay plus the peer's
/// delayed ACK would add 40 ms to a stream of small writes and measure TCP, not the proxies).
fn nodelay(
    listener: tokio::net::TcpListener,
) -> impl axum::serve::Listener<Io = tokio::net::TcpStream, Addr = std::net::SocketAddr> {
    use axum::serve::ListenerExt as _;
    listener.tap_io(|tcp| {
        let _ = tcp.set_nodelay(true);
    })
}

/// The least a forwarder on hyper alone can do: hyper's server and its pooled client, the
/// answer's body handed through as it comes. No reqwest, no axum.
fn hyper_proxy(upstream: &str) {
    use hyper_util::client::legacy::Client;
    use hyper_util::rt::{TokioExecutor, TokioIo};
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let mut connector = hyper_util::client::legacy::connect::HttpConnector::new();
        connector.set_nodelay(true);
        let client: Client<_, hyper::body::Incoming> =
            Client::builder(TokioExecutor::new()).build(connector);
        let base = format!("http://{upstream}");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        println!("{}", listener.local_addr().expect("addr"));
        loop {
            let (tcp, _) = listener.accept().await.expect("accept");
            let _ = tcp.set_nodelay(true);
            let (client, base) = (client.clone(), base.clone());
            tokio::spawn(async move {
                let service = hyper::service::service_fn(
                    move |mut req: hyper::Request<hyper::body::Incoming>| {
                        let client = client.clone();
                        let uri = format!("{base}{}", req.uri().path());
                        async move {
                            *req.uri_mut() = uri.parse().expect("uri");
                            client.request(req).await
                        }
                    },
                );
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(tcp), service)
                    .await;
            });
        }
    });
}

fn start_naive_proxy(upstream: std::net::SocketAddr) -> (std::process::Child, String) {
    start_forwarder("BENCH_NAIVE_PROXY_UPSTREAM", upstream)
}

/// The bench binary itself as a forwarder child process, selected by `var`.
fn start_forwarder(var: &str, upstream: std::net::SocketAddr) -> (std::process::Child, String) {
    let mut child = Command::new(std::env::current_exe().expect("exe"))
        .env(var, upstream.to_string())
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn naive proxy");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("addr");
    (child, line.trim().to_owned())
}

/// `EVENTS` content chunks, the usage chunk when the request asked for it, then `[DONE]`.
fn sse_events(include_usage: bool) -> Vec<Bytes> {
    let mut events: Vec<Bytes> = (0..EVENTS)
        .map(|i| {
            Bytes::from(format!(
                "data: {{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":0,\"model\":\"native\",\"choices\":[{{\"index\":0,\"delta\":{{\"content\":\"token{i} \"}},\"finish_reason\":null}}]}}\n\n"
            ))
        })
        .collect();
    if include_usage {
        events.push(Bytes::from_static(b"data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":0,\"model\":\"native\",\"choices\":[],\"usage\":{\"prompt_tokens\":52,\"completion_tokens\":20,\"total_tokens\":72}}\n\n"));
    }
    events.push(Bytes::from_static(b"data: [DONE]\n\n"));
    events
}

/// An Anthropic Messages stream with as many events as a chat stream with usage: the start
/// (input usage), `EVENTS - 1` text deltas, the delta with the output usage, the stop.
fn messages_events() -> Vec<Bytes> {
    let mut events = vec![Bytes::from_static(b"event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"native\",\"content\":[],\"stop_reason\":null,\"usage\":{\"input_tokens\":52,\"output_tokens\":1}}}\n\n")];
    events.extend((1..EVENTS).map(|i| {
        Bytes::from(format!(
            "event: content_block_delta\ndata: {{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{{\"type\":\"text_delta\",\"text\":\"token{i} \"}}}}\n\n"
        ))
    }));
    events.push(Bytes::from_static(b"event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":20}}\n\n"));
    events.push(Bytes::from_static(
        b"event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n",
    ));
    events
}

/// An OpenAI Responses stream with as many events: created, `EVENTS` text deltas, completed
/// (with the usage).
fn responses_events() -> Vec<Bytes> {
    let mut events = vec![Bytes::from_static(b"event: response.created\ndata: {\"type\":\"response.created\",\"sequence_number\":0,\"response\":{\"id\":\"resp_1\",\"object\":\"response\",\"status\":\"in_progress\",\"output\":[],\"usage\":null}}\n\n")];
    events.extend((0..EVENTS).map(|i| {
        Bytes::from(format!(
            "event: response.output_text.delta\ndata: {{\"type\":\"response.output_text.delta\",\"sequence_number\":{},\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":0,\"delta\":\"token{i} \"}}\n\n",
            i + 1
        ))
    }));
    events.push(Bytes::from_static(b"event: response.completed\ndata: {\"type\":\"response.completed\",\"sequence_number\":21,\"response\":{\"id\":\"resp_1\",\"object\":\"response\",\"status\":\"completed\",\"output\":[],\"usage\":{\"input_tokens\":52,\"input_tokens_details\":{\"cached_tokens\":0},\"output_tokens\":20,\"output_tokens_details\":{\"reasoning_tokens\":0},\"total_tokens\":72}}}\n\n"));
    events
}

fn sse(events: Vec<Bytes>) -> ([(&'static str, &'static str); 1], axum::body::Body) {
    let stream =
        futures_util::stream::iter(events.into_iter().map(Ok::<_, std::convert::Infallible>));
    (
        [("content-type", "text/event-stream")],
        axum::body::Body::from_stream(stream),
    )
}

/// A fake OpenAI upstream: a fixed completion, or with `"stream":true` an SSE stream of
/// `EVENTS` chunks, each written on its own; and the same stream in the Messages and
/// Responses dialects.
async fn upstream() -> std::net::SocketAddr {
    // The sidecar's health probe asks for the model list once a minute.
    let models = r#"{"object":"list","data":[{"id":"native","object":"model"}]}"#;
    let app = Router::new()
        .route(
            "/v1/models",
            axum::routing::get(
                move || async move { ([("content-type", "application/json")], models) },
            ),
        )
        .route("/v1/messages", post(|| async { sse(messages_events()) }))
        .route("/v1/responses", post(|| async { sse(responses_events()) }))
        .route(
            "/v1/chat/completions",
            post(|body: Bytes| async move {
                let has = |needle: &[u8]| body.windows(needle.len()).any(|w| w == needle);
                if has(b"\"stream\":true") {
                    let events = sse_events(has(b"include_usage"));
                    let stream = futures_util::stream::iter(
                        events.into_iter().map(Ok::<_, std::convert::Infallible>),
                    );
                    (
                        [("content-type", "text/event-stream")],
                        axum::body::Body::from_stream(stream),
                    )
                } else {
                    (
                        [("content-type", "application/json")],
                        axum::body::Body::from(REPLY),
                    )
                }
            }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move { axum::serve(nodelay(listener), app).await });
    addr
}

/// nginx (Debian's nginx-light) with `benches/nginx.conf` in front of the upstream, if
/// installed: the price of the hop itself.
struct Nginx {
    child: std::process::Child,
    addr: String,
    _dir: tempfile::TempDir,
}

impl Drop for Nginx {
    /// SIGTERM, not SIGKILL: a killed master leaves its workers running (and their ports held).
    fn drop(&mut self) {
        let stopped = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .is_ok_and(|s| s.success());
        if !stopped {
            let _ = self.child.kill();
        }
        let _ = self.child.wait();
    }
}

fn start_nginx(upstream: std::net::SocketAddr) -> Option<Nginx> {
    let nginx = ["/usr/sbin/nginx", "nginx"].into_iter().find(|n| {
        Command::new(n)
            .arg("-v")
            .stderr(Stdio::null())
            .status()
            .is_ok()
    })?;
    let dir = tempfile::tempdir().expect("tempdir");
    let addr = free_addr()?;
    let conf = include_str!("nginx.conf")
        .replace("PREFIX", dir.path().to_str()?)
        .replace("LISTEN", &addr)
        .replace("UPSTREAM", &upstream.to_string());
    std::fs::write(dir.path().join("nginx.conf"), conf).ok()?;
    let child = Command::new(nginx)
        .arg("-p")
        .arg(dir.path())
        .args(["-c", "nginx.conf", "-g", "daemon off;"])
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    listening(&addr).then_some(Nginx {
        child,
        addr,
        _dir: dir,
    })
}

/// A loopback port nobody listens on, for a child to bind.
fn free_port() -> Option<u16> {
    Some(
        std::net::TcpListener::bind("127.0.0.1:0")
            .ok()?
            .local_addr()
            .ok()?
            .port(),
    )
}

/// [`free_port`] as an address.
fn free_addr() -> Option<String> {
    Some(format!("127.0.0.1:{}", free_port()?))
}

/// Whether something accepts connections on `addr` within 5 s.
fn listening(addr: &str) -> bool {
    let deadline = Instant::now() + Duration::from_secs(5);
    while std::net::TcpStream::connect(addr).is_err() {
        if Instant::now() > deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    true
}

/// cloudflare's pingora as a plain keep-alive hop (`benches/pingora-hop`, a workspace of its
/// own, so nothing else ever compiles it), when `BENCH_ONLY` names `pingora`: built in release
/// here the first time (minutes).
fn start_pingora(upstream: std::net::SocketAddr) -> Option<(std::process::Child, String)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/pingora-hop");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let built = Command::new(cargo)
        .args(["build", "--release", "--quiet", "--manifest-path"])
        .arg(dir.join("Cargo.toml"))
        .status()
        .ok()?;
    if !built.success() {
        println!("(benches/pingora-hop did not build: no pingora target)");
        return None;
    }
    let addr = free_addr()?;
    let child = Command::new(dir.join("target/release/pingora-hop"))
        .env("LISTEN", &addr)
        .env("UPSTREAM", upstream.to_string())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    listening(&addr).then_some((child, addr))
}

struct Sidecar {
    child: std::process::Child,
    addr: String,
}

impl Drop for Sidecar {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The client token of the `limits` sidecar.
const BENCH_CLIENT_TOKEN: &str = "bwc_0123456789abcdef0123456789abcdef0123456789abcdef";

/// A sidecar with three keys on the upstream; `limits` are more `provider add` flags
/// (`--tpm`, `--max-concurrency`; with limits, `BENCH_CLIENT_TOKEN` is its client, with
/// budgets it never reaches) and `extra` more `serve` flags.
fn start_sidecar(
    dir: &std::path::Path,
    upstream: std::net::SocketAddr,
    limits: &[&str],
    extra: &[&str],
) -> Sidecar {
    let db = dir.join("state.db");
    let run = |args: &[&str], stdin: Option<&str>| {
        let mut child = Command::new(bin())
            .args(args)
            .env("BIZWINGS_DB", &db)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .expect("spawn");
        if let Some(text) = stdin {
            use std::io::Write as _;
            child
                .stdin
                .take()
                .expect("stdin")
                .write_all(text.as_bytes())
                .expect("write");
        }
        assert!(child.wait().expect("wait").success(), "{args:?}");
    };
    run(&["init"], None);
    let url = format!("http://{upstream}/v1");
    // Three keys at the most RPM a key may have: the load here runs at up to ~2M requests a
    // minute, and the limit must never be what is measured.
    for name in ["bench-1", "bench-2", "bench-3"] {
        run(
            &[
                "provider",
                "add",
                name,
                "--url",
                &url,
                "--key-stdin",
                "--rpm",
                "1000000",
                "--model",
                "bench-model=native",
                "--dialects",
                "chat,responses,messages",
            ]
            .iter()
            .chain(limits)
            .copied()
            .collect::<Vec<_>>(),
            Some("sk-bench-0000000000000000"),
        );
    }
    if !limits.is_empty() {
        use sha2::Digest as _;
        let file = dir.join("client.toml");
        let hash = hex::encode(sha2::Sha256::digest(BENCH_CLIENT_TOKEN.as_bytes()));
        std::fs::write(
            &file,
            format!(
                "[[client]]\nname = \"bench-client\"\ntoken_sha256 = \"{hash}\"\nbudgets = [\"1000000usd/day\", \"1000000M-tokens/month\"]\n"
            ),
        )
        .expect("write");
        run(&["apply", file.to_str().expect("path")], None);
    }
    let mut child = Command::new(bin())
        .args([
            "sidecar",
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--metrics-listen",
            "127.0.0.1:0",
            "--log-format",
            "json",
            "-q",
        ])
        .args(extra)
        .env("BIZWINGS_DB", &db)
        .env("BIZWINGS_LOG", "bizwings=info")
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn sidecar");
    let stderr = child.stderr.take().expect("stderr");
    let mut lines = BufReader::new(stderr).lines();
    let addr = loop {
        let line = lines.next().expect("sidecar exited").expect("line");
        let v: serde_json::Value = serde_json::from_str(&line).unwrap_or_default();
        if v["message"] == "listening on" {
            break v["addr"].as_str().expect("addr").to_owned();
        }
    };
    // Keep draining its log so it never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    Sidecar { child, addr }
}

/// One request: total time and time to the first byte of the body.
async fn one(
    client: &reqwest::Client,
    url: &str,
    token: Option<&str>,
    body: &'static str,
) -> (Duration, Duration) {
    tokio::time::timeout(
        Duration::from_secs(30),
        one_untimed(client, url, token, body),
    )
    .await
    .unwrap_or_else(|_| panic!("{url}: no complete answer within 30 s"))
}

async fn one_untimed(
    client: &reqwest::Client,
    url: &str,
    token: Option<&str>,
    body: &'static str,
) -> (Duration, Duration) {
    let start = Instant::now();
    let mut request = client
        .post(url)
        .header("content-type", "application/json")
        .body(body);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let mut r = request.send().await.expect("send");
    if r.status() != 200 {
        let status = r.status();
        panic!("{url}: {status} {}", r.text().await.unwrap_or_default());
    }
    let mut ttfb = None;
    while let Some(chunk) = r.chunk().await.expect("body") {
        if ttfb.is_none() && !chunk.is_empty() {
            ttfb = Some(start.elapsed());
        }
    }
    (start.elapsed(), ttfb.unwrap_or_default())
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let idx = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[idx]
}

/// A process tree whose CPU time is counted (utime + stime of the process and its children
/// that are alive: nginx's master and worker).
fn cpu_ticks(pids: &[u32]) -> u64 {
    pids.iter()
        .map(|pid| stat_ticks(&std::path::Path::new("/proc").join(pid.to_string())))
        .sum()
}

/// User and system ticks in `dir/stat` (a process's or a thread's).
fn stat_ticks(dir: &std::path::Path) -> u64 {
    let stat = std::fs::read_to_string(dir.join("stat")).unwrap_or_default();
    // Fields after the `)` of the command name: utime and stime are the 12th and 13th.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let fields: Vec<u64> = rest
        .split_whitespace()
        .map(|f| f.parse().unwrap_or(0))
        .collect();
    fields.get(11).copied().unwrap_or(0) + fields.get(12).copied().unwrap_or(0)
}

/// CPU ticks of the threads named `bizwings-writer` of `pids`: the write-behind's share.
fn writer_ticks(pids: &[u32]) -> u64 {
    let mut sum = 0;
    for pid in pids {
        for task in std::fs::read_dir(format!("/proc/{pid}/task"))
            .into_iter()
            .flatten()
            .flatten()
        {
            let comm = std::fs::read_to_string(task.path().join("comm")).unwrap_or_default();
            if comm.trim() == "bizwings-writer" {
                sum += stat_ticks(&task.path());
            }
        }
    }
    sum
}

/// `pid` and its child processes.
fn with_children(pid: u32) -> Vec<u32> {
    let mut pids = vec![pid];
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Ok(child) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let stat = std::fs::read_to_string(entry.path().join("stat")).unwrap_or_default();
        let parent = stat
            .rsplit_once(')')
            .and_then(|(_, r)| r.split_whitespace().nth(1))
            .and_then(|p| p.parse::<u32>().ok());
        if parent == Some(pid) {
            pids.push(child);
        }
    }
    pids
}

const TICK_US: f64 = 10_000.0;

struct Target {
    name: &'static str,
    url: String,
    /// A client token to send.
    token: Option<&'static str>,
    /// Processes whose CPU time counts (none for the upstream itself).
    pids: Vec<u32>,
}

impl Target {
    fn new(name: &'static str, url: String, pids: Vec<u32>) -> Self {
        Self {
            name,
            url,
            token: None,
            pids,
        }
    }
}

/// What one target did in one mode.
#[derive(Default)]
struct Measured {
    total: Vec<Duration>,
    ttfb: Vec<Duration>,
    c1_ticks: u64,
    rps: f64,
    c64_ticks: u64,
    c64_requests: u64,
    c64_writer_ticks: u64,
}

/// Concurrency 1, interleaved in blocks so every target sees the same machine state.
async fn latency(
    client: &reqwest::Client,
    targets: &[Target],
    body: &'static str,
    out: &mut [Measured],
) {
    for t in targets {
        for _ in 0..300 {
            one(client, &t.url, t.token, body).await;
        }
    }
    for _ in 0..20 {
        for (t, m) in targets.iter().zip(out.iter_mut()) {
            let before = cpu_ticks(&t.pids);
            for _ in 0..200 {
                let (total, ttfb) = one(client, &t.url, t.token, body).await;
                m.total.push(total);
                m.ttfb.push(ttfb);
            }
            m.c1_ticks += cpu_ticks(&t.pids) - before;
        }
    }
    for m in out {
        m.total.sort();
        m.ttfb.sort();
    }
}

/// Requests per second with `concurrency` clients for `duration`, and the requests done.
async fn throughput(
    client: &reqwest::Client,
    (url, token): (&str, Option<&'static str>),
    body: &'static str,
    concurrency: usize,
    duration: Duration,
) -> (u64, Duration) {
    let done = Arc::new(AtomicU64::new(0));
    let deadline = Instant::now() + duration;
    let tasks: Vec<_> = (0..concurrency)
        .map(|_| {
            let (client, url, done) = (client.clone(), url.to_owned(), done.clone());
            tokio::spawn(async move {
                while Instant::now() < deadline {
                    one(&client, &url, token, body).await;
                    done.fetch_add(1, Ordering::Relaxed);
                }
            })
        })
        .collect();
    let start = Instant::now();
    for t in tasks {
        t.await.expect("task");
    }
    (done.load(Ordering::Relaxed), start.elapsed())
}

/// The c=64 phase's rounds: each target's five seconds come as this many slices, in turn.
const C64_ROUNDS: u32 = 5;

/// Resident memory in KiB: total, peak, anonymous (heap and stacks), file-backed (code).
fn rss_kib(pid: u32) -> [u64; 4] {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    ["VmRSS:", "VmHWM:", "RssAnon:", "RssFile:"].map(field)
}

/// A throwaway `redis-server` on a free loopback port, if one is installed.
struct RedisServer(std::process::Child, String);

impl Drop for RedisServer {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start_redis() -> Option<RedisServer> {
    let port = free_port()?;
    let child = Command::new("redis-server")
        .args(["--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
        .args(["--port", &port.to_string()])
        .stdout(Stdio::null())
        .spawn()
        .ok()?;
    let deadline = Instant::now() + Duration::from_secs(5);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        if Instant::now() > deadline {
            return None;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    Some(RedisServer(child, format!("redis://127.0.0.1:{port}/0")))
}

#[expect(
    clippy::too_many_lines,
    reason = "one interleaved run: every target started side by side, then measured"
)]
async fn macro_bench() {
    let dir = tempfile::tempdir().expect("tempdir");
    let up = upstream().await;
    let sidecar = start_sidecar(dir.path(), up, &[], &[]);
    // The same with a TPM limit and a concurrency cap on every key (never reached): what
    // reserving, settling and counting in-flight requests cost.
    let limited_dir = tempfile::tempdir().expect("tempdir");
    // …and a client token with budgets in USD and tokens (never reached): what admitting,
    // reserving and settling each request on its client's budgets cost.
    let limits = ["--tpm", "4000000000", "--max-concurrency", "100000"];
    let limited = start_sidecar(limited_dir.path(), up, &limits, &[]);
    let idle = rss_kib(sidecar.child.id());
    // The same without the request log: what recording each request costs.
    let nolog_dir = tempfile::tempdir().expect("tempdir");
    let nolog = start_sidecar(nolog_dir.path(), up, &[], &["--request-log", "off"]);
    // The same sidecar in shared mode against a local Redis: the cost of one script call.
    let redis = start_redis();
    let shared_dir = tempfile::tempdir().expect("tempdir");
    let shared = redis
        .as_ref()
        .map(|r| start_sidecar(shared_dir.path(), up, &[], &["--shared", &r.1]));
    // …and with the limits and the budgeted client, in a fleet of its own.
    let shared_limits_dir = tempfile::tempdir().expect("tempdir");
    let shared_limits = redis.as_ref().map(|r| {
        let flags = ["--shared", r.1.as_str(), "--fleet", "bench-limits"];
        start_sidecar(shared_limits_dir.path(), up, &limits, &flags)
    });
    let nginx = start_nginx(up);
    let (mut floor_child, floor_addr) = start_naive_proxy(up);
    let (mut hyper_child, hyper_addr) = start_forwarder("BENCH_HYPER_PROXY_UPSTREAM", up);
    let named = |name: &str| {
        std::env::var("BENCH_ONLY").is_ok_and(|only| only.split(',').any(|n| n == name))
    };
    let mut pingora = if named("pingora") {
        start_pingora(up)
    } else {
        None
    };
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(256)
        .tcp_nodelay(true)
        .build()
        .expect("client");
    let url = |addr: &str| format!("http://{addr}/v1/chat/completions");
    let mut targets = vec![Target::new("direct", url(&up.to_string()), Vec::new())];
    match &nginx {
        Some(n) => targets.push(Target::new(
            "nginx",
            url(&n.addr),
            with_children(n.child.id()),
        )),
        None => println!("(nginx is not installed: no reference hop; apt-get install nginx-light)"),
    }
    targets.push(Target::new(
        "floor",
        url(&floor_addr),
        vec![floor_child.id()],
    ));
    targets.push(Target::new(
        "hyper",
        url(&hyper_addr),
        vec![hyper_child.id()],
    ));
    if let Some((child, addr)) = &pingora {
        targets.push(Target::new("pingora", url(addr), vec![child.id()]));
    }
    targets.push(Target::new(
        "sidecar",
        url(&sidecar.addr),
        vec![sidecar.child.id()],
    ));
    targets.push(Target::new(
        "nolog",
        url(&nolog.addr),
        vec![nolog.child.id()],
    ));
    targets.push(Target {
        token: Some(BENCH_CLIENT_TOKEN),
        ..Target::new("limits", url(&limited.addr), vec![limited.child.id()])
    });
    if let (Some(s), Some(l)) = (&shared, &shared_limits) {
        targets.push(Target::new("shared", url(&s.addr), vec![s.child.id()]));
        targets.push(Target {
            token: Some(BENCH_CLIENT_TOKEN),
            ..Target::new("shared-limits", url(&l.addr), vec![l.child.id()])
        });
    }
    // `BENCH_ONLY=sidecar,nolog`: those targets beside `direct` (and nginx's, when named), for
    // a quicker A/B while working on one cost.
    let only = std::env::var("BENCH_ONLY").ok();
    if let Some(only) = &only {
        targets.retain(|t| t.name == "direct" || only.split(',').any(|n| n == t.name));
    }
    let secs = Duration::from_secs(5);
    for (mode, body) in [("plain", BODY), ("stream", STREAM_BODY)] {
        let mut measured: Vec<Measured> = targets.iter().map(|_| Measured::default()).collect();
        latency(&client, &targets, body, &mut measured).await;
        // Interleaved in rounds too: the machine's load moves over seconds, and a target
        // measured in one block would carry it into its ratios.
        let mut elapsed = vec![Duration::ZERO; targets.len()];
        for _ in 0..C64_ROUNDS {
            for ((t, m), spent) in targets.iter().zip(&mut measured).zip(&mut elapsed) {
                let before = cpu_ticks(&t.pids);
                let writer = writer_ticks(&t.pids);
                let (n, took) =
                    throughput(&client, (&t.url, t.token), body, 64, secs / C64_ROUNDS).await;
                *spent += took;
                m.c64_ticks += cpu_ticks(&t.pids) - before;
                m.c64_requests += n;
                m.c64_writer_ticks += writer_ticks(&t.pids) - writer;
            }
        }
        for (m, spent) in measured.iter_mut().zip(&elapsed) {
            m.rps = m.c64_requests as f64 / spent.as_secs_f64();
        }
        report(mode, &targets, &measured);
        for (t, m) in targets.iter().zip(&measured) {
            if matches!(t.name, "sidecar" | "nolog") && m.c64_ticks > 0 {
                #[expect(clippy::cast_precision_loss, reason = "ticks")]
                let share = m.c64_writer_ticks as f64 / m.c64_ticks as f64;
                println!(
                    "  {}: the writer thread took {:.0} % of the CPU at c=64",
                    t.name,
                    share * 100.0
                );
            }
        }
    }
    if only.is_none() {
        dialects(&client, (&sidecar.addr, sidecar.child.id()), secs).await;
    }
    let pingora_child = pingora.as_mut().map(|(child, _)| child);
    for child in [
        Some(&mut floor_child),
        Some(&mut hyper_child),
        pingora_child,
    ]
    .into_iter()
    .flatten()
    {
        let _ = child.kill();
        let _ = child.wait();
    }
    let [rss, hwm, anon, file] = rss_kib(sidecar.child.id()).map(|kib| kib as f64 / 1024.0);
    println!(
        "\nsidecar memory: RSS {rss:.1} MiB (anonymous {anon:.1}, file-backed {file:.1}), peak {hwm:.1} MiB; idle before the load {:.1} MiB",
        idle[0] as f64 / 1024.0
    );
    if let Some(n) = &nginx {
        let rss: u64 = with_children(n.child.id())
            .iter()
            .map(|p| rss_kib(*p)[0])
            .sum();
        println!(
            "nginx memory (master + worker): RSS {:.1} MiB",
            rss as f64 / 1024.0
        );
    }
}

/// The same stream in each dialect through the same sidecar: CPU per request at c=64, in
/// rounds that take turns so each dialect sees the same machine.
async fn dialects(client: &reqwest::Client, (addr, pid): (&str, u32), secs: Duration) {
    let runs = [
        ("chat", "/v1/chat/completions", STREAM_BODY),
        ("messages", "/v1/messages", MESSAGES_BODY),
        ("responses", "/v1/responses", RESPONSES_BODY),
    ];
    let mut ticks = [0u64; 3];
    let mut done = [0u64; 3];
    let mut rps = [0f64; 3];
    for _ in 0..3 {
        for (i, (_, path, body)) in runs.iter().enumerate() {
            let url = format!("http://{addr}{path}");
            let before = cpu_ticks(&[pid]);
            let (n, took) = throughput(client, (&url, None), body, 64, secs).await;
            ticks[i] += cpu_ticks(&[pid]) - before;
            done[i] += n;
            rps[i] += n as f64 / took.as_secs_f64() / 3.0;
        }
    }
    println!(
        "\nstreams by dialect through the sidecar ({} events each, c=64, 3 × {secs:?} each, taking turns)",
        EVENTS + 2
    );
    let cpu = |i: usize| ticks[i] as f64 * TICK_US / done[i].max(1) as f64;
    for (i, (name, ..)) in runs.iter().enumerate() {
        println!(
            "  {name:<10} {:>8.0} req/s {:>8.1}us cpu/req   / chat {:.2}",
            rps[i],
            cpu(i),
            cpu(i) / cpu(0)
        );
    }
}

/// One table per mode: each proxy's added latency and TTFB over direct, throughput, CPU per
/// request, and its ratios to nginx.
fn report(mode: &str, targets: &[Target], m: &[Measured]) {
    let us = |d: Duration| d.as_secs_f64() * 1e6;
    let direct = &m[0];
    let nginx = targets.iter().position(|t| t.name == "nginx");
    println!(
        "\n{mode} ({} requests each at c=1, interleaved; 5 s each at c=64)",
        direct.total.len()
    );
    println!(
        "  {:<8} {:>10} {:>10} {:>10} {:>11} {:>10} {:>11} {:>10}",
        "", "p50 +us", "p99 +us", "ttfb +us", "c1 cpu/req", "c64 req/s", "c64 cpu/req", "rss MiB"
    );
    for (i, (t, x)) in targets.iter().zip(m).enumerate() {
        let added = |q: f64| us(percentile(&x.total, q)) - us(percentile(&direct.total, q));
        let ttfb = us(percentile(&x.ttfb, 0.5)) - us(percentile(&direct.ttfb, 0.5));
        let c1_cpu = x.c1_ticks as f64 * TICK_US / x.total.len() as f64;
        let c64_cpu = x.c64_ticks as f64 * TICK_US / x.c64_requests.max(1) as f64;
        let rss: u64 = t.pids.iter().map(|p| rss_kib(*p)[0]).sum();
        if i == 0 {
            println!(
                "  {:<8} {:>10.1} {:>10.1} {:>10.1} {:>11} {:>10.0} {:>11} {:>10}",
                t.name,
                us(percentile(&x.total, 0.5)),
                us(percentile(&x.total, 0.99)),
                us(percentile(&x.ttfb, 0.5)),
                "-",
                x.rps,
                "-",
                "-"
            );
            continue;
        }
        println!(
            "  {:<8} {:>10.1} {:>10.1} {:>10.1} {:>10.1}us {:>10.0} {:>10.1}us {:>10.1}",
            t.name,
            added(0.5),
            added(0.99),
            ttfb,
            c1_cpu,
            x.rps,
            c64_cpu,
            rss as f64 / 1024.0
        );
    }
    let Some(n) = nginx else { return };
    let ng = &m[n];
    let ratio_line = |name: &str| {
        let i = targets.iter().position(|t| t.name == name)?;
        let x = &m[i];
        let added =
            |v: &Measured, q: f64| us(percentile(&v.total, q)) - us(percentile(&direct.total, q));
        let ttfb = |v: &Measured| us(percentile(&v.ttfb, 0.5)) - us(percentile(&direct.ttfb, 0.5));
        let cpu = |v: &Measured| v.c64_ticks as f64 / v.c64_requests.max(1) as f64;
        Some(format!(
            "  {name} / nginx: c=64 req/s {:.2}, c=64 cpu/req {:.2}, c=1 added p50 {:.2}, added ttfb {:.2}",
            x.rps / ng.rps,
            cpu(x) / cpu(ng),
            added(x, 0.5) / added(ng, 0.5),
            ttfb(x) / ttfb(ng)
        ))
    };
    for name in ["floor", "hyper", "pingora", "sidecar"] {
        if let Some(line) = ratio_line(name) {
            println!("{line}");
        }
    }
    let cpu = |name: &str| {
        let i = targets.iter().position(|t| t.name == name)?;
        Some(m[i].c64_ticks as f64 / m[i].c64_requests.max(1) as f64)
    };
    for (with, without) in [("limits", "sidecar"), ("shared-limits", "shared")] {
        if let (Some(a), Some(b)) = (cpu(with), cpu(without)) {
            println!(
                "  {with} / {without}: c=64 cpu/req {:.2} (client token with USD and token budgets, TPM reserve/settle and in-flight count on every key)",
                a / b
            );
        }
    }
    let rps = |name: &str| Some(m[targets.iter().position(|t| t.name == name)?].rps);
    if let (Some(a), Some(b), Some(ra), Some(rb)) =
        (cpu("sidecar"), cpu("nolog"), rps("sidecar"), rps("nolog"))
    {
        println!(
            "  sidecar / nolog: c=64 cpu/req {:.2}, c=64 req/s {:.2} (the request log on vs off)",
            a / b,
            ra / rb
        );
    }
}
