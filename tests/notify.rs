//! The notification seam: one neutral message, rendered per receiver kind. A generic JSON
//! webhook (a real HTTP endpoint here) gets alert, backup and heartbeat messages, signed.

use std::time::{Duration, Instant};

use serde_json::json;

use crate::support::Env;
use crate::support::server::Server;
use crate::support::webhook::Webhook;

async fn wait_for_hits(hook: &Webhook, n: usize) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while hook.hits().len() < n {
        assert!(
            Instant::now() < deadline,
            "{} of {n} messages arrived: {:?}",
            hook.hits().len(),
            hook.hits()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[expect(
    clippy::too_many_lines,
    reason = "one story: three subsystems through one receiver"
)]
async fn a_json_webhook_gets_signed_alert_backup_and_heartbeat_messages() {
    let secret = "wh-secret-42";
    let hook = Webhook::start(secret).await;
    let env = Env::initialized();
    env.cmd()
        .args(&[
            "alert",
            "receiver",
            "add",
            "ops",
            "--webhook-url-stdin",
            "--secret-stdin",
        ])
        .stdin(&format!("{}\n{secret}\n", hook.url))
        .run()
        .success();
    let list = env.run(&["alert", "receiver", "list", "--json"]).json();
    assert_eq!(list["receivers"][0]["kind"], "webhook");
    assert_eq!(list["receivers"][0]["signed"], true);
    assert!(
        !list.to_string().contains("ops-token-1234"),
        "the URL's token is masked: {list}"
    );
    env.run(&["alert", "route", "add", "--receiver", "ops"])
        .success();

    // 1. An alert through the bridge; its labels carry markup that must arrive inert.
    let bridge = Server::bridge(&env, &[], &[]);
    let payload = json!({"version": "4", "status": "firing", "alerts": [{
        "status": "firing",
        "labels": {"alertname": "DiskFull", "severity": "critical", "instance": "db-1 <at id=all></at>"},
        "annotations": {"summary": "disk 95% on db-1", "description": "see [here](http://evil.example)"},
        "startsAt": "2026-11-26T09:00:00Z", "endsAt": "0001-01-01T00:00:00Z",
        "generatorURL": "http://prom:9090/graph", "fingerprint": "f1"
    }]});
    let r = reqwest::Client::new()
        .post(format!("http://{}/webhook", bridge.addr))
        .json(&payload)
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), 200);
    wait_for_hits(&hook, 1).await;
    let alert = hook.hits()[0].clone();
    assert_eq!(alert.signature_ok, Some(true), "the signature verifies");
    let m = &alert.body;
    assert_eq!(m["schema"], 1);
    assert_eq!(m["source"], "alert");
    assert_eq!(m["title"], "[CRITICAL] disk 95% on db-1");
    assert_eq!(m["severity"], "critical");
    assert_eq!(m["resolved"], false);
    assert_eq!(m["labels"]["alertname"], "DiskFull");
    assert_eq!(m["links"][0]["url"], "http://prom:9090/graph");
    assert!(m["id"].as_str().is_some_and(|id| id.len() == 24), "{m}");
    let body = m["body"].as_str().expect("body");
    assert!(
        body.contains("**Instance:** db-1 &lt;at id=all&gt;&lt;/at&gt;")
            && body.contains("see \\[here\\](http://evil.example)"),
        "outside text is escaped: {body}"
    );
    drop(bridge);

    // 2. A failed backup (its source is gone) notifies through the same route.
    let source = env.path("app.db");
    std::fs::write(&source, b"").expect("source");
    let dest = env.path("backups");
    env.run(&[
        "backup",
        "add",
        "app",
        "--kind",
        "sqlite",
        "--source",
        source.to_str().expect("utf8"),
        "--dest",
        dest.to_str().expect("utf8"),
    ])
    .success();
    std::fs::remove_file(&source).expect("rm");
    env.run(&["backup", "run", "app"]).code(2);
    wait_for_hits(&hook, 2).await;
    // Found by source: delivery is at least once, so the alert may come twice.
    let by_source = |source: &str| {
        hook.hits()
            .into_iter()
            .find(|h| h.body["source"] == source)
            .expect(source)
    };
    let backup = by_source("backup");
    assert_eq!(backup.signature_ok, Some(true));
    assert_eq!(backup.body["source"], "backup");
    assert_eq!(backup.body["labels"]["alertname"], "BackupFailed");
    assert_eq!(backup.body["title"], "[CRITICAL] backup app failed");

    // 3. A job that reports a failure turns critical: the heartbeat tells the route.
    env.run(&["heartbeat", "add", "nightly", "--schedule", "*/10 * * * *"])
        .success();
    env.run(&[
        "heartbeat",
        "ping",
        "nightly",
        "--fail",
        "--message",
        "**boom** [x](http://evil)",
    ])
    .success();
    env.run(&["heartbeat", "run", "--once", "nightly", "--force"])
        .code(2);
    let deadline = Instant::now() + Duration::from_secs(30);
    while !hook.hits().iter().any(|h| h.body["source"] == "heartbeat") {
        assert!(
            Instant::now() < deadline,
            "no heartbeat message: {:?}",
            hook.hits()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let beat = by_source("heartbeat");
    assert_eq!(beat.signature_ok, Some(true));
    assert_eq!(beat.body["source"], "heartbeat");
    assert_eq!(beat.body["severity"], "critical");
    assert_eq!(beat.body["labels"]["agent"], "nightly");
    let body = beat.body["body"].as_str().expect("body");
    assert!(
        body.contains("\\*\\*boom\\*\\* \\[x\\](http://evil)"),
        "the ping's text is escaped: {body}"
    );
}

/// #30: a recovery reaches whoever was paged. With routes critical → oncall and warning → coo
/// (the README's), a job's critical card goes to oncall and so does its `[RESOLVED]` message,
/// whose `severity=info` matches no route. With no receiver at all, a state change is kept as
/// failed in `alert outbox` and `heartbeat status` says so.
#[test]
fn a_recovery_reaches_whoever_got_the_problem() {
    use crate::support::feishu::Feishu;
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let feishu = runtime.block_on(Feishu::start("127.0.0.1:0".parse().expect("addr"), &[]));
    let env = Env::initialized();
    for name in ["oncall", "coo"] {
        env.cmd()
            .args(&["alert", "receiver", "add", name, "--feishu-url-stdin"])
            .stdin(&format!(
                "{}\n",
                Feishu::url(feishu.addr, &format!("{name}-hook"))
            ))
            .run()
            .success();
    }
    for (severity, receiver) in [("critical", "oncall"), ("warning", "coo")] {
        env.run(&[
            "alert",
            "route",
            "add",
            "--match",
            &format!("severity={severity}"),
            "--receiver",
            receiver,
        ])
        .success();
    }
    env.run(&["heartbeat", "add", "job", "--schedule", "*/10 * * * *"])
        .success();
    env.run(&["heartbeat", "ping", "job", "--fail"]).success();
    env.run(&["heartbeat", "run", "--once", "job", "--force"])
        .code(2);
    env.run(&["heartbeat", "ping", "job"]).success();
    env.run(&["heartbeat", "run", "--once", "job", "--force"])
        .success();
    let titles = |hook: &str| -> Vec<String> {
        feishu
            .cards_for(hook)
            .iter()
            .map(|c| {
                c.body["card"]["header"]["title"]["content"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned()
            })
            .collect()
    };
    let deadline = Instant::now() + Duration::from_secs(20);
    while titles("oncall-hook").len() < 2 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(
        titles("oncall-hook"),
        ["[CRITICAL] heartbeat: job", "[RESOLVED] heartbeat: job"]
    );
    assert!(titles("coo-hook").is_empty());

    let lonely = Env::initialized();
    lonely
        .run(&["heartbeat", "add", "job", "--schedule", "*/10 * * * *"])
        .success();
    lonely
        .run(&["heartbeat", "ping", "job", "--fail"])
        .success();
    lonely
        .run(&["heartbeat", "run", "--once", "job", "--force"])
        .code(2);
    let status = lonely.run(&["heartbeat", "status"]);
    assert!(
        status.stdout.contains("no alert receiver"),
        "{}",
        status.stdout
    );
    let outbox = lonely.run(&["alert", "outbox", "--json"]).json();
    let row = &outbox["messages"][0];
    assert_eq!(row["state"], "failed", "{outbox}");
    assert_eq!(row["title"], "[CRITICAL] heartbeat: job", "{outbox}");
}
