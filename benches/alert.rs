//! Alert bridge intake: webhooks accepted per second, each alert stored (history + outbox row)
//! before the 200. Run: `cargo bench --bench alert`. The baseline in the same run is the
//! bridge's own `GET /health` (one SQLite read per request), so the ratio shows what the
//! durable write costs. See benches/README.md.

#![allow(
    clippy::print_stdout,
    clippy::cast_precision_loss,
    reason = "a benchmark prints a report of approximate numbers"
)]

use std::io::{BufRead as _, BufReader, Write as _};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

const CONCURRENCY: usize = 32;
const SECONDS: u64 = 5;

fn bizwings(db: &std::path::Path, args: &[&str], stdin: Option<&str>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_bizwings"))
        .args(args)
        .env("BIZWINGS_DB", db)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("spawn");
    if let Some(text) = stdin {
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(text.as_bytes())
            .expect("write");
    }
    assert!(child.wait().expect("wait").success(), "{args:?}");
}

fn alert(n: u64) -> String {
    format!(
        r#"{{"version":"4","groupKey":"g","status":"firing","receiver":"bizwings","groupLabels":{{}},"commonLabels":{{}},"commonAnnotations":{{}},"externalURL":"http://am","alerts":[{{"status":"firing","labels":{{"alertname":"Bench{n}","severity":"critical","instance":"host-{n}"}},"annotations":{{"summary":"bench alert {n}","description":"load test"}},"startsAt":"2026-11-26T09:00:00Z","endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://prom/graph","fingerprint":"f{n}"}}]}}"#
    )
}

async fn load(client: &reqwest::Client, url: &str, post: bool) -> (u64, f64) {
    let done = Arc::new(AtomicU64::new(0));
    let deadline = Instant::now() + Duration::from_secs(SECONDS);
    let start = Instant::now();
    let tasks: Vec<_> = (0..CONCURRENCY)
        .map(|_| {
            let (client, url, done) = (client.clone(), url.to_owned(), done.clone());
            tokio::spawn(async move {
                while Instant::now() < deadline {
                    let n = done.fetch_add(1, Ordering::Relaxed);
                    let req = if post {
                        client
                            .post(&url)
                            .header("content-type", "application/json")
                            .body(alert(n))
                    } else {
                        client.get(&url)
                    };
                    let r = req.send().await.expect("send");
                    assert_eq!(r.status(), 200);
                    r.bytes().await.expect("body");
                }
            })
        })
        .collect();
    for t in tasks {
        t.await.expect("task");
    }
    let n = done.load(Ordering::Relaxed);
    (n, n as f64 / start.elapsed().as_secs_f64())
}

fn main() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("state.db");
    bizwings(&db, &["init"], None);
    // A bot nobody answers: every alert gets an outbox row; delivery retries stay cheap.
    bizwings(
        &db,
        &["alert", "receiver", "add", "bot", "--feishu-url-stdin"],
        Some("http://127.0.0.1:9/open-apis/bot/v2/hook/x\n"),
    );
    bizwings(&db, &["alert", "route", "add", "--receiver", "bot"], None);
    let mut child = Command::new(env!("CARGO_BIN_EXE_bizwings"))
        .args([
            "alert",
            "bridge",
            "--listen",
            "127.0.0.1:0",
            "--log-format",
            "json",
        ])
        .env("BIZWINGS_DB", &db)
        .stderr(Stdio::piped())
        .spawn()
        .expect("bridge");
    let mut lines = BufReader::new(child.stderr.take().expect("stderr")).lines();
    let addr = loop {
        let line = lines.next().expect("bridge exited").expect("line");
        let v: serde_json::Value = serde_json::from_str(&line).unwrap_or_default();
        if v["message"] == "listening on" {
            break v["addr"].as_str().expect("addr").to_owned();
        }
    };
    std::thread::spawn(move || for _ in lines {});
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(64)
        .build()
        .expect("client");
    let (health_n, health_rps) =
        runtime.block_on(load(&client, &format!("http://{addr}/health"), false));
    let (alerts, alert_rps) =
        runtime.block_on(load(&client, &format!("http://{addr}/webhook"), true));
    let _ = Command::new("kill").arg(child.id().to_string()).status();
    let _ = child.wait();
    let out = Command::new(env!("CARGO_BIN_EXE_bizwings"))
        .args([
            "alert", "history", "--since", "1h", "--limit", "10000000", "--json",
        ])
        .env("BIZWINGS_DB", &db)
        .output()
        .expect("history");
    let stored = serde_json::from_slice::<serde_json::Value>(&out.stdout).expect("json")["alerts"]
        .as_array()
        .map_or(0, Vec::len);
    println!("concurrency {CONCURRENCY}, {SECONDS}s each");
    println!("  GET /health (baseline)   {health_rps:8.0} req/s ({health_n} requests)");
    println!(
        "  POST /webhook, 1 alert   {alert_rps:8.0} alerts/s stored before 200 ({alerts} sent, {stored} in history)   ratio {:.2}",
        alert_rps / health_rps
    );
    assert_eq!(stored as u64, alerts, "every accepted alert is stored");
}
