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
use bizwings::sidecar::limiter::{Bucket, Clock};
use bizwings::sidecar::peek;
use bytes::Bytes;

const BODY: &str = r#"{"model":"bench-model","messages":[{"role":"system","content":"You are a helpful assistant."},{"role":"user","content":"Summarise the following text in one sentence: the quick brown fox jumps over the lazy dog, again and again, until the dog finally gets up and leaves."}],"temperature":0.2,"max_tokens":64}"#;

const REPLY: &str = r#"{"id":"chatcmpl-1","object":"chat.completion","created":0,"model":"native","choices":[{"index":0,"message":{"role":"assistant","content":"A fox keeps jumping over a dog until it leaves."},"finish_reason":"stop"}],"usage":{"prompt_tokens":52,"completion_tokens":12,"total_tokens":64}}"#;

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_bizwings")
}

fn main() {
    if let Ok(upstream) = std::env::var("BENCH_NAIVE_PROXY_UPSTREAM") {
        naive_proxy(&upstream);
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

/// The floor: the least a reqwest-based forwarder can do (no routing, no accounting), run as
/// a child process like the sidecar, so the hop itself can be told from the sidecar's logic.
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
                    let bytes = r.bytes().await.expect("body");
                    ([("content-type", "application/json")], bytes)
                }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        println!("{}", listener.local_addr().expect("addr"));
        axum::serve(listener, app).await.expect("serve");
    });
}

fn start_naive_proxy(upstream: std::net::SocketAddr) -> (std::process::Child, String) {
    let mut child = Command::new(std::env::current_exe().expect("exe"))
        .env("BENCH_NAIVE_PROXY_UPSTREAM", upstream.to_string())
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn naive proxy");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("addr");
    (child, line.trim().to_owned())
}

async fn upstream() -> std::net::SocketAddr {
    let app = Router::new().route(
        "/v1/chat/completions",
        post(|| async { ([("content-type", "application/json")], REPLY) }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move { axum::serve(listener, app).await });
    addr
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

fn start_sidecar(dir: &std::path::Path, upstream: std::net::SocketAddr, extra: &[&str]) -> Sidecar {
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
    run(
        &[
            "provider",
            "add",
            "bench",
            "--url",
            &url,
            "--key-stdin",
            "--rpm",
            "1000000",
            "--model",
            "bench-model=native",
        ],
        Some("sk-bench-0000000000000000"),
    );
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

async fn one(client: &reqwest::Client, url: &str) -> Duration {
    let start = Instant::now();
    let r = client
        .post(url)
        .header("content-type", "application/json")
        .body(BODY)
        .send()
        .await
        .expect("send");
    assert_eq!(r.status(), 200);
    r.bytes().await.expect("body");
    start.elapsed()
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let idx = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[idx]
}

/// Latencies at concurrency 1 for each URL, interleaved in blocks so all see the same
/// machine state.
async fn latency(client: &reqwest::Client, urls: &[&str]) -> Vec<Vec<Duration>> {
    for url in urls {
        for _ in 0..500 {
            one(client, url).await;
        }
    }
    let mut all = vec![Vec::new(); urls.len()];
    for _ in 0..20 {
        for (url, samples) in urls.iter().zip(&mut all) {
            for _ in 0..250 {
                samples.push(one(client, url).await);
            }
        }
    }
    for samples in &mut all {
        samples.sort();
    }
    all
}

/// Requests per second with `concurrency` clients for `duration`.
async fn throughput(
    client: &reqwest::Client,
    url: &str,
    concurrency: usize,
    duration: Duration,
) -> f64 {
    let done = Arc::new(AtomicU64::new(0));
    let deadline = Instant::now() + duration;
    let tasks: Vec<_> = (0..concurrency)
        .map(|_| {
            let (client, url, done) = (client.clone(), url.to_owned(), done.clone());
            tokio::spawn(async move {
                while Instant::now() < deadline {
                    one(&client, &url).await;
                    done.fetch_add(1, Ordering::Relaxed);
                }
            })
        })
        .collect();
    let start = Instant::now();
    for t in tasks {
        t.await.expect("task");
    }
    done.load(Ordering::Relaxed) as f64 / start.elapsed().as_secs_f64()
}

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
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .ok()?
        .local_addr()
        .ok()?
        .port();
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

async fn macro_bench() {
    let dir = tempfile::tempdir().expect("tempdir");
    let up = upstream().await;
    let sidecar = start_sidecar(dir.path(), up, &[]);
    // The same sidecar in shared mode against a local Redis: the cost of one script call.
    let redis = start_redis();
    let shared_dir = tempfile::tempdir().expect("tempdir");
    let shared = redis
        .as_ref()
        .map(|r| start_sidecar(shared_dir.path(), up, &["--shared", &r.1]));
    let idle = rss_kib(sidecar.child.id());
    let direct = format!("http://{up}/v1/chat/completions");
    let proxied = format!("http://{}/v1/chat/completions", sidecar.addr);
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(256)
        .tcp_nodelay(true)
        .build()
        .expect("client");

    let (mut naive_child, naive_addr) = start_naive_proxy(up);
    let naive = format!("http://{naive_addr}/v1/chat/completions");
    let shared_url = shared
        .as_ref()
        .map(|s| format!("http://{}/v1/chat/completions", s.addr));
    let mut urls = vec![direct.as_str(), proxied.as_str(), naive.as_str()];
    urls.extend(shared_url.as_deref());
    let lat = latency(&client, &urls).await;
    let (d, p, n) = (&lat[0], &lat[1], &lat[2]);
    let us = |x: Duration| x.as_secs_f64() * 1e6;
    println!(
        "\nconcurrency 1, {} requests each (interleaved); `floor` is a bare reqwest forwarder",
        d.len()
    );
    for (name, q) in [("p50", 0.50), ("p90", 0.90), ("p99", 0.99)] {
        let (a, b, c) = (percentile(d, q), percentile(p, q), percentile(n, q));
        println!(
            "  {name}: direct {:6.1} us   sidecar {:6.1} us (added {:6.1})   floor {:6.1} us (added {:6.1})",
            us(a),
            us(b),
            us(b) - us(a),
            us(c),
            us(c) - us(a)
        );
    }
    if let Some(sh) = lat.get(3) {
        println!("  with --shared (local redis-server), same blocks:");
        for (name, q) in [("p50", 0.50), ("p99", 0.99)] {
            let (b, c) = (percentile(p, q), percentile(sh, q));
            println!(
                "  {name}: sidecar {:6.1} us   sidecar --shared {:6.1} us (added by sharing {:6.1})",
                us(b),
                us(c),
                us(c) - us(b)
            );
        }
    }

    let secs = Duration::from_secs(5);
    let rps_direct = throughput(&client, &direct, 64, secs).await;
    let rps_proxied = throughput(&client, &proxied, 64, secs).await;
    let rps_naive = throughput(&client, &naive, 64, secs).await;
    let rps_shared = match &shared_url {
        Some(url) => Some(throughput(&client, url, 64, secs).await),
        None => None,
    };
    let rps_direct2 = throughput(&client, &direct, 64, secs).await;
    let _ = naive_child.kill();
    let _ = naive_child.wait();
    let direct_mean = f64::midpoint(rps_direct, rps_direct2);
    println!("\nconcurrency 64, {}s each", secs.as_secs());
    println!(
        "  direct {direct_mean:8.0} req/s (runs {rps_direct:.0}, {rps_direct2:.0})   sidecar {rps_proxied:8.0} req/s (ratio {:.2})   floor {rps_naive:8.0} req/s (ratio {:.2})",
        rps_proxied / direct_mean,
        rps_naive / direct_mean
    );
    match rps_shared {
        Some(rps) => println!(
            "  sidecar --shared {rps:8.0} req/s (ratio to direct {:.2}, to the sidecar without --shared {:.2})",
            rps / direct_mean,
            rps / rps_proxied
        ),
        None => println!("  (no redis-server here: --shared not measured)"),
    }
    let [rss, hwm, anon, file] = rss_kib(sidecar.child.id()).map(|kib| kib as f64 / 1024.0);
    println!(
        "\nsidecar memory: RSS {rss:.1} MiB (anonymous {anon:.1}, file-backed {file:.1}), peak {hwm:.1} MiB; idle before the load {:.1} MiB",
        idle[0] as f64 / 1024.0
    );
}
