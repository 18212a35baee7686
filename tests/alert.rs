//! `bizwings alert …` with a real Prometheus Alertmanager in front and a Feishu-like bot
//! server behind.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::support::Env;
use crate::support::feishu::{Feishu, free_addr};
use crate::support::server::Server;

fn add_feishu(env: &Env, name: &str, url: &str, secret: Option<&str>) {
    let mut args = vec!["alert", "receiver", "add", name, "--feishu-url-stdin"];
    let mut input = format!("{url}\n");
    if let Some(secret) = secret {
        args.push("--secret-stdin");
        input.push_str(secret);
        input.push('\n');
    }
    env.cmd().args(&args).stdin(&input).run().success();
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

/// Alertmanager's webhook body for `alerts`, as it would send it.
fn payload(alerts: &[Value]) -> Value {
    json!({"version": "4", "groupKey": "{}:{}", "truncatedAlerts": 0, "status": "firing", "receiver": "bizwings",
           "groupLabels": {}, "commonLabels": {}, "commonAnnotations": {}, "externalURL": "http://am:9093", "alerts": alerts})
}

fn alert(name: &str, severity: &str, extra: &[(&str, &str)]) -> Value {
    let mut labels = json!({"alertname": name, "severity": severity, "instance": "db-1"});
    for (k, v) in extra {
        labels[*k] = json!(v);
    }
    json!({"status": "firing", "labels": labels, "annotations": {"summary": format!("{name} is firing"), "description": "details"},
           "startsAt": "2026-11-26T09:00:00Z", "endsAt": "0001-01-01T00:00:00Z", "generatorURL": "http://prom/graph", "fingerprint": name})
}

async fn wait_for(what: &str, secs: u64, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(secs);
    while !done() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn title(card: &Value) -> String {
    card["card"]["header"]["title"]["content"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

struct Alertmanager {
    child: Child,
    url: String,
    _dir: tempfile::TempDir,
}

impl Alertmanager {
    /// Starts Debian's prometheus-alertmanager on loopback, sending to `webhook` with `token`.
    fn start(webhook: &str, token: &str) -> Option<Self> {
        let binary = ["prometheus-alertmanager", "alertmanager"]
            .into_iter()
            .find(|b| Command::new(b).arg("--version").output().is_ok());
        let Some(binary) = binary else {
            assert!(
                std::env::var_os("BIZWINGS_REQUIRE_ALERTMANAGER").is_none(),
                "alertmanager is not installed"
            );
            return None;
        };
        let dir = tempfile::tempdir().expect("tempdir");
        let config = dir.path().join("alertmanager.yml");
        std::fs::write(
            &config,
            format!(
                "route:\n  receiver: bizwings\n  group_by: ['alertname']\n  group_wait: 1s\n  group_interval: 1s\n  repeat_interval: 1h\n\
                 receivers:\n- name: bizwings\n  webhook_configs:\n  - url: {webhook}\n    send_resolved: true\n    http_config:\n      authorization:\n        credentials: {token}\n"
            ),
        )
        .expect("config");
        let addr = free_addr();
        let child = Command::new(binary)
            .arg(format!("--config.file={}", config.display()))
            .arg(format!(
                "--storage.path={}",
                dir.path().join("data").display()
            ))
            .arg(format!("--web.listen-address={addr}"))
            .arg("--cluster.listen-address=")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("alertmanager");
        let am = Self {
            child,
            url: format!("http://{addr}"),
            _dir: dir,
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        while std::net::TcpStream::connect(addr).is_err() {
            assert!(Instant::now() < deadline, "alertmanager did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        Some(am)
    }

    fn amtool(&self, args: &[&str]) {
        let out = Command::new("amtool")
            .args(args)
            .arg(format!("--alertmanager.url={}", self.url))
            .output()
            .expect("amtool");
        assert!(
            out.status.success(),
            "amtool {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

impl Drop for Alertmanager {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[expect(clippy::too_many_lines, reason = "one end-to-end story")]
async fn alertmanager_alerts_become_signed_cards_routed_by_severity() {
    let feishu = Feishu::start(
        "127.0.0.1:0".parse().expect("addr"),
        &[("crit-hook", "crit-secret")],
    )
    .await;
    let env = Env::initialized();
    add_feishu(
        &env,
        "oncall",
        &Feishu::url(feishu.addr, "crit-hook"),
        Some("crit-secret"),
    );
    add_feishu(&env, "coo", &Feishu::url(feishu.addr, "warn-hook"), None);
    route(&env, "severity=critical", "oncall");
    route(&env, "severity=warning", "coo");
    let token = "am-token-123";
    let bridge = Server::bridge(&env, &[], &[("BIZWINGS_ALERT_TOKEN", token)]);
    let Some(am) = Alertmanager::start(&format!("http://{}/webhook", bridge.addr), token) else {
        #[expect(clippy::print_stderr, reason = "a skipped test says why")]
        {
            eprintln!("skipped: prometheus-alertmanager is not installed (run .ci/run)");
        }
        return;
    };
    am.amtool(&[
        "alert",
        "add",
        "alertname=DiskFull",
        "severity=critical",
        "instance=db-1",
        "--annotation=summary=disk 95% on db-1",
        "--annotation=description=free space below 5%",
    ]);
    am.amtool(&[
        "alert",
        "add",
        "alertname=HighLoad",
        "severity=warning",
        "instance=web-1",
        "--annotation=summary=load 6 on web-1",
    ]);
    wait_for("both cards", 30, || feishu.cards().len() >= 2).await;
    let crit = feishu.cards_for("crit-hook");
    let warn = feishu.cards_for("warn-hook");
    assert_eq!(crit.len(), 1, "{crit:?}");
    assert_eq!(warn.len(), 1, "{warn:?}");
    assert_eq!(title(&crit[0].body), "[CRITICAL] disk 95% on db-1");
    assert_eq!(crit[0].body["card"]["header"]["template"], "red");
    assert_eq!(crit[0].body["msg_type"], "interactive");
    assert!(
        crit[0].body["sign"].is_string(),
        "the signed bot gets timestamp + sign"
    );
    assert_eq!(
        feishu.shared.bad_signatures.load(Ordering::SeqCst),
        0,
        "signature verifies"
    );
    assert_eq!(title(&warn[0].body), "[WARNING] load 6 on web-1");
    assert_eq!(warn[0].body["card"]["header"]["template"], "orange");
    assert!(warn[0].body.get("sign").is_none());
    let md = crit[0].body["card"]["elements"][0]["text"]["content"]
        .as_str()
        .expect("md")
        .to_owned();
    assert!(
        md.contains("**Instance:** db-1") && md.contains("free space below 5%"),
        "{md}"
    );

    // Resolve DiskFull through Alertmanager's API: a green card follows.
    let client = reqwest::Client::new();
    let past = chrono::Utc::now() - chrono::Duration::seconds(5);
    let r = client
        .post(format!("{}/api/v2/alerts", am.url))
        .json(&json!([{"labels": {"alertname": "DiskFull", "severity": "critical", "instance": "db-1"},
                       "annotations": {"summary": "disk 95% on db-1"},
                       "startsAt": (past - chrono::Duration::seconds(60)).to_rfc3339(), "endsAt": past.to_rfc3339()}]))
        .send()
        .await
        .expect("post");
    assert!(r.status().is_success());
    wait_for("the resolved card", 30, || {
        feishu.cards_for("crit-hook").len() >= 2
    })
    .await;
    let resolved = &feishu.cards_for("crit-hook")[1].body;
    assert_eq!(title(resolved), "[RESOLVED] disk 95% on db-1");
    assert_eq!(resolved["card"]["header"]["template"], "green");

    let history = env.run(&["alert", "history", "--json"]).json();
    assert!(history["alerts"].as_array().expect("alerts").len() >= 3);
    let metrics = client
        .get(format!("http://{}/metrics", bridge.addr))
        .send()
        .await
        .expect("metrics")
        .text()
        .await
        .expect("text");
    assert!(
        metrics.contains("bizwings_alert_received_alerts_total 3")
            || metrics.contains("bizwings_alert_received_alerts_total 4"),
        "{metrics}"
    );
    assert!(
        metrics.contains("bizwings_alert_delivered_total"),
        "{metrics}"
    );
    assert_eq!(bridge.terminate(), Some(0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn accepted_alerts_survive_a_crash_and_are_delivered_once() {
    let feishu_addr = free_addr();
    let env = Env::initialized();
    add_feishu(
        &env,
        "bot",
        &Feishu::url(feishu_addr, "hook"),
        Some("s3cret"),
    );
    route(&env, "severity=~.*", "bot");
    let bridge = Server::bridge(&env, &[], &[]);
    let client = reqwest::Client::new();
    for i in 0..20 {
        let r = client
            .post(format!("http://{}/webhook", bridge.addr))
            .json(&payload(&[alert(&format!("Alert{i:02}"), "critical", &[])]))
            .send()
            .await
            .expect("post");
        assert_eq!(r.status(), 200, "accepted while the bot is down");
    }
    let pending = env.run(&["alert", "outbox", "--json"]).json();
    assert_eq!(
        pending["messages"].as_array().expect("messages").len(),
        20,
        "stored before answering"
    );
    tokio::time::sleep(Duration::from_millis(500)).await;
    bridge.kill();

    let bridge = Server::bridge(&env, &[], &[]);
    let feishu = Feishu::start(feishu_addr, &[("hook", "s3cret")]).await;
    wait_for("all 20 cards", 60, || feishu.cards().len() >= 20).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let mut titles: Vec<String> = feishu.cards().iter().map(|c| title(&c.body)).collect();
    titles.sort();
    let mut expected: Vec<String> = (0..20)
        .map(|i| format!("[CRITICAL] Alert{i:02} is firing"))
        .collect();
    expected.sort();
    assert_eq!(titles, expected, "every alert exactly once");
    let outbox = env.run(&["alert", "outbox", "--json"]).json();
    assert!(
        outbox["messages"].as_array().expect("messages").is_empty(),
        "{outbox}"
    );
    let all = env.run(&["alert", "outbox", "--all", "--json"]).json();
    assert!(
        all["messages"]
            .as_array()
            .expect("m")
            .iter()
            .any(|m| m["attempts"].as_u64() > Some(1)),
        "retried while down"
    );
    assert_eq!(bridge.terminate(), Some(0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_200_respects_each_bots_rate_and_loses_nothing() {
    let feishu = Feishu::start("127.0.0.1:0".parse().expect("addr"), &[]).await;
    feishu.shared.limited_first.store(3, Ordering::SeqCst);
    let env = Env::initialized();
    for team in ["a", "b", "c", "d"] {
        add_feishu(
            &env,
            &format!("team-{team}"),
            &Feishu::url(feishu.addr, &format!("hook-{team}")),
            None,
        );
        route(&env, &format!("team={team}"), &format!("team-{team}"));
    }
    let bridge = Server::bridge(&env, &[], &[]);
    let alerts: Vec<Value> = (0..200)
        .map(|i| {
            alert(
                &format!("Burst{i:03}"),
                "warning",
                &[("team", ["a", "b", "c", "d"][i % 4])],
            )
        })
        .collect();
    let r = reqwest::Client::new()
        .post(format!("http://{}/webhook", bridge.addr))
        .json(&payload(&alerts))
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), 200);
    wait_for("200 cards", 90, || feishu.cards().len() >= 200).await;
    let cards = feishu.cards();
    assert_eq!(cards.len(), 200);
    let mut by_token: HashMap<String, Vec<Instant>> = HashMap::new();
    for c in &cards {
        by_token.entry(c.token.clone()).or_default().push(c.at);
    }
    for (token, times) in &by_token {
        assert_eq!(times.len(), 50, "{token}");
        let worst = times
            .iter()
            .map(|start| {
                times
                    .iter()
                    .filter(|t| **t >= *start && t.duration_since(*start) < Duration::from_secs(1))
                    .count()
            })
            .max()
            .unwrap_or(0);
        assert!(worst <= 5, "{token} got {worst} cards within one second");
    }
    assert_eq!(
        feishu.shared.limited_answers.load(Ordering::SeqCst),
        3,
        "11232 answers were retried, not lost"
    );
    let titles: std::collections::HashSet<String> = cards.iter().map(|c| title(&c.body)).collect();
    assert_eq!(titles.len(), 200, "no duplicates");
    assert_eq!(bridge.terminate(), Some(0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_webhooks_are_refused_and_nothing_is_stored() {
    let env = Env::initialized();
    env.run(&[
        "alert",
        "receiver",
        "add",
        "log",
        "--command",
        "cat > /dev/null",
    ])
    .success();
    route(&env, "severity=~.*", "log");
    let bridge = Server::bridge(&env, &[], &[("BIZWINGS_ALERT_TOKEN", "t0k3n")]);
    let client = reqwest::Client::new();
    let url = format!("http://{}/webhook", bridge.addr);
    let post = |body: Vec<u8>, auth: Option<&str>| {
        let mut req = client
            .post(&url)
            .header("content-type", "application/json")
            .body(body);
        if let Some(a) = auth {
            req = req.header("authorization", a);
        }
        async move {
            let r = req.send().await.expect("send");
            (
                r.status().as_u16(),
                r.json::<Value>().await.unwrap_or(Value::Null),
            )
        }
    };
    let good = serde_json::to_vec(&payload(&[alert("X", "critical", &[])])).expect("json");
    let v3 = serde_json::to_vec(&json!({"version": "3", "alerts": [alert("X", "critical", &[])]}))
        .expect("json");
    let no_labels = serde_json::to_vec(&payload(&[json!({"status": "firing", "annotations": {}})]))
        .expect("json");
    let cases: Vec<(Vec<u8>, Option<&str>, u16, &str)> = vec![
        (good.clone(), None, 401, "credentials"),
        (good.clone(), Some("Bearer wrong"), 401, "credentials"),
        (
            b"not json".to_vec(),
            Some("Bearer t0k3n"),
            400,
            "not an Alertmanager",
        ),
        (v3, Some("Bearer t0k3n"), 400, "version"),
        (no_labels, Some("Bearer t0k3n"), 400, "labels"),
        (
            vec![b' '; 5 * 1024 * 1024],
            Some("Bearer t0k3n"),
            413,
            "larger",
        ),
    ];
    for (body, auth, status, message) in cases {
        let (got, json) = post(body, auth).await;
        assert_eq!(got, status, "{json}");
        assert!(
            json["error"].as_str().is_some_and(|e| e.contains(message)),
            "{json}"
        );
    }
    let history = env.run(&["alert", "history", "--json"]).json();
    assert!(
        history["alerts"].as_array().expect("alerts").is_empty(),
        "nothing stored"
    );
    assert!(
        env.run(&["alert", "outbox", "--all", "--json"]).json()["messages"]
            .as_array()
            .expect("m")
            .is_empty()
    );
    let (status, _) = post(good, Some("Bearer t0k3n")).await;
    assert_eq!(status, 200, "the right token works");
    assert_eq!(bridge.terminate(), Some(0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn test_cards_reach_bots_and_commands() {
    let feishu = Feishu::start("127.0.0.1:0".parse().expect("addr"), &[("h", "sec")]).await;
    let env = Env::initialized();
    add_feishu(&env, "bot", &Feishu::url(feishu.addr, "h"), Some("sec"));
    let sink = env.path("cards.jsonl");
    env.run(&[
        "alert",
        "receiver",
        "add",
        "file",
        "--command",
        &format!("cat >> {}", sink.display()),
    ])
    .success();
    add_feishu(
        &env,
        "wrong-secret",
        &Feishu::url(feishu.addr, "h"),
        Some("not-it"),
    );
    let out = env.cmd().args(&["alert", "test", "bot"]).run();
    out.success();
    assert!(out.stdout.contains("delivered"));
    assert_eq!(feishu.cards().len(), 1);
    env.run(&["alert", "test", "file"]).success();
    let written: Value =
        serde_json::from_str(std::fs::read_to_string(&sink).expect("sink").trim()).expect("json");
    assert_eq!(written["msg_type"], "interactive");
    let out = env.run(&["alert", "test", "wrong-secret"]);
    out.code(2);
    assert!(out.stdout.contains("19021"), "{}", out.stdout);
    // Receivers list masks the hook token; the DB holds neither URL nor secret in clear.
    let list = env.run(&["alert", "receiver", "list"]);
    assert!(
        !list.stdout.contains("/hook/h\n") && list.stdout.contains("****"),
        "{}",
        list.stdout
    );
    let db = String::from_utf8_lossy(&std::fs::read(env.db()).expect("db")).into_owned();
    assert!(!db.contains("open-apis/bot/v2/hook") && !db.contains("not-it"));
    env.run(&[
        "alert",
        "route",
        "add",
        "--match",
        "severity=~(",
        "--receiver",
        "bot",
    ])
    .code(64)
    .stderr_has("regex");
    env.run(&["alert", "route", "add", "--receiver", "ghost"])
        .code(2)
        .stderr_has("not found");
    let _: SocketAddr = feishu.addr;
}
