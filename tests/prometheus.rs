//! The shipped Prometheus rules and Grafana dashboard against the real thing: `promtool` checks
//! and unit-tests the rules; a real Prometheus on loopback scrapes a running sidecar (with
//! traffic, 429s among it) and `bizwings exporter`, and every panel query of the dashboard
//! returns data.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::exporter::{call, writer_and_two_keys};
use crate::support::Env;
use crate::support::server::Server;

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples")
}

/// Whether Debian's `prometheus` package is here; with BIZWINGS_REQUIRE_PROMETHEUS=1 (set by
/// .ci/run) its absence is a failure.
fn installed() -> bool {
    let found = Command::new("prometheus").arg("--version").output().is_ok()
        && Command::new("promtool").arg("--version").output().is_ok();
    if !found {
        assert!(
            std::env::var_os("BIZWINGS_REQUIRE_PROMETHEUS").is_none(),
            "BIZWINGS_REQUIRE_PROMETHEUS is set but prometheus/promtool are not installed"
        );
        #[expect(clippy::print_stderr, reason = "a skipped test says why")]
        {
            eprintln!("skipped: needs Debian's prometheus package (run .ci/run)");
        }
    }
    found
}

#[test]
fn the_alert_rules_pass_promtool_check_and_their_unit_tests() {
    if !installed() {
        return;
    }
    let dir = examples().join("prometheus");
    for args in [
        ["check", "rules", "bizwings-rules.yml"],
        ["test", "rules", "bizwings-rules.test.yml"],
    ] {
        let out = Command::new("promtool")
            .args(args)
            .current_dir(&dir)
            .output()
            .expect("promtool");
        assert!(
            out.status.success(),
            "promtool {args:?}:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let out = Command::new("promtool")
        .args(["check", "config", "prometheus.yml"])
        .current_dir(&dir)
        .output()
        .expect("promtool");
    assert!(
        out.status.success(),
        "the shipped prometheus.yml: {}",
        String::from_utf8_lossy(&out.stdout)
    );
}

/// A Prometheus on a free loopback port scraping `targets` (job name → address) every second.
struct Prometheus {
    child: Child,
    url: String,
    _dir: tempfile::TempDir,
}

impl Prometheus {
    fn start(targets: &[(&str, String)]) -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut jobs = String::new();
        for (job, addr) in targets {
            let _ = writeln!(
                jobs,
                "  - job_name: {job}\n    static_configs:\n      - targets: ['{addr}']"
            );
        }
        let config = dir.path().join("prometheus.yml");
        let rules = examples().join("prometheus/bizwings-rules.yml");
        std::fs::write(
            &config,
            format!(
                "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nrule_files:\n  - '{}'\nscrape_configs:\n{jobs}",
                rules.display()
            ),
        )
        .expect("config");
        let addr = crate::support::feishu::free_addr();
        let child = Command::new("prometheus")
            .arg(format!("--config.file={}", config.display()))
            .arg(format!(
                "--storage.tsdb.path={}",
                dir.path().join("data").display()
            ))
            .arg(format!("--web.listen-address={addr}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("prometheus");
        Self {
            child,
            url: format!("http://{addr}"),
            _dir: dir,
        }
    }

    async fn query(&self, http: &reqwest::Client, expr: &str) -> Value {
        let url =
            url::Url::parse_with_params(&format!("{}/api/v1/query", self.url), [("query", expr)])
                .expect("url");
        http.get(url)
            .send()
            .await
            .expect("query")
            .json()
            .await
            .expect("json")
    }

    /// Waits until `expr` has a result, and returns its first value.
    async fn wait_for_value(&self, http: &reqwest::Client, expr: &str) -> f64 {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let answer = self.query(http, expr).await;
            if let Some(v) = answer["data"]["result"][0]["value"][1]
                .as_str()
                .and_then(|v| v.parse().ok())
            {
                return v;
            }
            assert!(
                Instant::now() < deadline,
                "{expr} never had a value: {answer}"
            );
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
    }

    /// Waits until every job has been scraped a few times.
    async fn wait_for_scrapes(&self, http: &reqwest::Client, jobs: usize) {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            assert!(
                Instant::now() < deadline,
                "Prometheus did not scrape the targets in time"
            );
            tokio::time::sleep(Duration::from_millis(500)).await;
            let Ok(r) = http.get(format!("{}/-/ready", self.url)).send().await else {
                continue;
            };
            if r.status() != 200 {
                continue;
            }
            let up = self
                .query(http, "count_over_time(up[1m]) >= 3 and up == 1")
                .await;
            if up["data"]["result"]
                .as_array()
                .is_some_and(|r| r.len() == jobs)
            {
                return;
            }
        }
    }
}

impl Drop for Prometheus {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Every `expr` of the dashboard's panels.
fn panel_queries() -> Vec<(String, String)> {
    let text = std::fs::read_to_string(examples().join("grafana/bizwings-dashboard.json"))
        .expect("dashboard");
    let dash: Value = serde_json::from_str(&text).expect("dashboard JSON");
    dash["panels"]
        .as_array()
        .expect("panels")
        .iter()
        .flat_map(|p| {
            let title = p["title"].as_str().unwrap_or_default().to_owned();
            p["targets"]
                .as_array()
                .cloned()
                .unwrap_or_default()
                .into_iter()
                .map(move |t| {
                    (
                        title.clone(),
                        t["expr"].as_str().unwrap_or_default().to_owned(),
                    )
                })
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_grafana_panel_query_returns_data_from_a_real_prometheus() {
    if !installed() {
        return;
    }
    let env = Env::initialized();
    let (steady, flaky, token) = writer_and_two_keys(
        &env,
        "Writer",
        &["--price", "m=1000,2000"],
        &["--budget", "50usd/day"],
    )
    .await;
    env.run(&["backup", "run", "state"]).success();
    env.run(&["inspect", "--local"]);
    let sc = Server::sidecar(&env, &[]);
    let http = reqwest::Client::new();
    traffic(&sc, &http, &token).await;
    let attempts = steady.hits() + flaky.hits();
    let limited = flaky.hits().min(2);
    over_rate(&env, &sc, &http).await;
    // The writer stores usage about once a second.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    // A beat, with a trigger, so the agent has spend since progress and turns.
    env.run(&[
        "heartbeat",
        "set",
        "writer",
        "--trigger",
        "command:true",
        "--trigger-always",
    ])
    .success();
    env.run(&["heartbeat", "run", "--once", "--force", "writer"]);
    let exporter = Server::exporter(&env);
    let metrics = sc.metrics_addr().expect("metrics address").to_string();
    let prometheus = Prometheus::start(&[
        ("bizwings-sidecar", metrics),
        ("bizwings-exporter", exporter.addr.to_string()),
    ]);
    prometheus.wait_for_scrapes(&http, 2).await;
    // The recording rules have run over what was scraped.
    prometheus
        .wait_for_value(&http, "agent:llm_response_seconds:median15m")
        .await;

    let mut empty = Vec::new();
    let queries = panel_queries();
    assert!(queries.len() >= 25, "{}", queries.len());
    for (title, expr) in &queries {
        let answer = prometheus.query(&http, expr).await;
        assert_eq!(answer["status"], "success", "{title}: {expr}: {answer}");
        if answer["data"]["result"]
            .as_array()
            .is_none_or(Vec::is_empty)
        {
            empty.push(format!("{title}: {expr}"));
        }
    }
    assert!(
        empty.is_empty(),
        "panel queries without data:\n{}",
        empty.join("\n")
    );

    let answer = prometheus
        .query(
            &http,
            r#"agent_429_error_rate{agent_name="writer",agent_label="Writer"}"#,
        )
        .await;
    let rate: f64 = answer["data"]["result"][0]["value"][1]
        .as_str()
        .and_then(|v| v.parse().ok())
        .expect("rate");
    #[expect(clippy::cast_precision_loss, reason = "small counts")]
    let share = limited as f64 / attempts as f64;
    assert!(limited > 0);
    assert!(
        (rate - share).abs() < 1e-9,
        "{rate} vs {limited}/{attempts}"
    );
}

/// An agent whose calls go through two sidecars with their own DBs: the shipped rules give it
/// one 429 rate over both, from the sidecars' per-client counters and the exporter's
/// `agent_client_info` (the exporter's own gauge sees only its host).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_agents_429_rate_adds_up_over_two_sidecars() {
    use crate::support::upstream::{Mode, Upstream};
    if !installed() {
        return;
    }
    let flaky = Upstream::start("flaky", Mode::RateLimitedFirst(3)).await;
    let steady = Upstream::start("steady", Mode::Ok).await;
    let token = format!("bwc_{}", "cd".repeat(24));
    let hosts: Vec<Env> = (0..2).map(|_| host(&flaky, &steady, &token)).collect();
    hosts[0]
        .run(&[
            "heartbeat",
            "add",
            "writer",
            "--schedule",
            "*/10 * * * *",
            "--label",
            "Writer",
            "--client",
            "writer-llm",
        ])
        .success();
    let sidecars: Vec<Server> = hosts.iter().map(|env| Server::sidecar(env, &[])).collect();
    // Uneven traffic, so the host's share and the fleet's differ.
    call(&sidecars[0], &token, 6).await;
    let (a_attempts, a_limited) = (flaky.hits() + steady.hits(), flaky.hits().min(3));
    call(&sidecars[1], &token, 2).await;
    let attempts = flaky.hits() + steady.hits();
    let limited = flaky.hits().min(3);
    assert!(limited >= 2, "both sidecars met the 429s: {limited}");
    let exporter = Server::exporter(&hosts[0]);
    let http = reqwest::Client::new();
    let mut targets: Vec<(&str, String)> = sidecars
        .iter()
        .enumerate()
        .map(|(i, sc)| {
            (
                if i == 0 {
                    "bizwings-sidecar-a"
                } else {
                    "bizwings-sidecar-b"
                },
                sc.metrics_addr().expect("metrics").to_string(),
            )
        })
        .collect();
    targets.push(("bizwings-exporter", exporter.addr.to_string()));
    let prometheus = Prometheus::start(&targets);
    prometheus.wait_for_scrapes(&http, 3).await;
    let rate = prometheus
        .wait_for_value(
            &http,
            r#"agent:llm_429_ratio:15m{agent_name="writer",agent_label="Writer"}"#,
        )
        .await;
    #[expect(clippy::cast_precision_loss, reason = "small counts")]
    let share = limited as f64 / attempts as f64;
    assert!(
        (rate - share).abs() < 1e-9,
        "{rate} vs {limited}/{attempts}"
    );
    // The exporter's own gauge counts only its host's sidecar.
    let local = prometheus
        .wait_for_value(&http, r#"agent_429_error_rate{agent_name="writer"}"#)
        .await;
    #[expect(clippy::cast_precision_loss, reason = "small counts")]
    let host_share = a_limited as f64 / a_attempts as f64;
    assert!(
        (local - host_share).abs() < 1e-9,
        "{local} vs {a_limited}/{a_attempts}"
    );
    assert!(
        (local - rate).abs() > 1e-3,
        "host {local} and fleet {rate} told apart"
    );
    assert_eq!(exporter.terminate(), Some(0));
    for sc in sidecars {
        assert_eq!(sc.terminate(), Some(0));
    }
}

/// A host of the fleet: `flaky` (primary) and `steady` (fallback) for model `m`, and the
/// client `writer-llm` with `token`, as `apply` gives every host the same one.
fn host(
    flaky: &crate::support::upstream::Upstream,
    steady: &crate::support::upstream::Upstream,
    token: &str,
) -> Env {
    use crate::support::upstream::add_provider;
    use sha2::Digest as _;
    let env = Env::initialized();
    add_provider(
        &env,
        "flaky",
        &flaky.base_url(),
        "k-aaaaaaaaaaaaaaaaaaa",
        &["--model", "m"],
    );
    add_provider(
        &env,
        "steady",
        &steady.base_url(),
        "k-bbbbbbbbbbbbbbbbbbb",
        &["--model", "m", "--pool", "fallback"],
    );
    let file = env.path("client.toml");
    let hash = hex::encode(sha2::Sha256::digest(token.as_bytes()));
    std::fs::write(
        &file,
        format!("[[client]]\nname = \"writer-llm\"\ntoken_sha256 = \"{hash}\"\n"),
    )
    .expect("write");
    env.run(&["apply", file.to_str().expect("path")]).success();
    env
}

/// What the panels show: chat calls (429s among them) and streams (time to first token).
async fn traffic(sc: &Server, http: &reqwest::Client, token: &str) {
    call(sc, token, 12).await;
    for _ in 0..3 {
        let r = http
            .post(sc.url("/v1/chat/completions"))
            .bearer_auth(token)
            .json(&json!({"model": "m", "stream": true, "messages": []}))
            .send()
            .await
            .expect("stream");
        assert_eq!(r.status(), 200);
        r.text().await.expect("body");
    }
}

/// A client over its rate, for the refusals panel.
async fn over_rate(env: &Env, sc: &Server, http: &reqwest::Client) {
    let out = env.run(&["sidecar", "client", "add", "bursty", "--rpm", "1", "--json"]);
    let bursty = out.json()["token"].as_str().expect("token").to_owned();
    tokio::time::sleep(Duration::from_millis(500)).await;
    let statuses: Vec<u16> = futures_util::future::join_all((0..2).map(|_| {
        http.post(sc.url("/v1/embeddings"))
            .bearer_auth(&bursty)
            .json(&json!({"model": "m", "input": "hi"}))
            .send()
    }))
    .await
    .into_iter()
    .map(|r| r.expect("send").status().as_u16())
    .collect();
    assert!(statuses.contains(&429), "{statuses:?}");
}
