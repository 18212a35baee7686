//! Pings as healthchecks.io users send them (#27): its documented curl examples, run by `sh`
//! against the exporter with only the host and the key changed; run ids, `/log`, `?create=1`
//! and status badges.

use std::process::Command;

use serde_json::Value;

use crate::heartbeat::{agent, run_json};
use crate::support::Env;
use crate::support::server::Server;

/// Runs a healthchecks.io example with `HOST` and `KEY` put in: its exit code and output.
fn example(script: &str, host: &str, key: &str) -> (i32, String) {
    let script = script
        .replace("https://hc-ping.com", &format!("http://{host}/ping"))
        .replace("your-ping-key", key);
    let out = Command::new("sh")
        .args(["-c", &script])
        .output()
        .expect("sh");
    (
        out.status.code().unwrap_or(-1),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

/// The HTTP status curl gets for `url`.
fn http_code(url: &str) -> String {
    let out = Command::new("curl")
        .args(["-s", "-o", "/dev/null", "-w", "%{http_code}", url])
        .output()
        .expect("curl");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A badge as served: valid SVG (parsed by Python's XML parser).
fn badge(url: &str) -> String {
    let out = Command::new("curl")
        .args(["-fsS", url])
        .output()
        .expect("curl");
    assert!(out.status.success(), "{url}");
    let svg = String::from_utf8_lossy(&out.stdout).into_owned();
    let parsed = Command::new("python3")
        .args([
            "-c",
            "import sys, xml.dom.minidom as m; d = m.parseString(sys.argv[1]); print(d.documentElement.tagName)",
            &svg,
        ])
        .output()
        .expect("python3");
    assert_eq!(
        String::from_utf8_lossy(&parsed.stdout).trim(),
        "svg",
        "{svg}"
    );
    svg
}

fn pings(env: &Env, name: &str) -> Vec<Value> {
    env.run(&["heartbeat", "show", name, "--json"]).json()["pings"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

#[test]
#[expect(
    clippy::too_many_lines,
    reason = "the examples in the order of the docs, one job's story"
)]
fn healthchecks_examples_run_unchanged_but_for_host_and_key() {
    let env = Env::initialized();
    let key = env.run(&["heartbeat", "ping-key", "--json"]).json()["ping_key"]
        .as_str()
        .expect("key")
        .to_owned();
    env.run(&["heartbeat", "add", "backup-job", "--schedule", "0 3 * * *"])
        .success();
    let exporter = Server::start(
        &env,
        &[
            "exporter",
            "--listen",
            "127.0.0.1:0",
            "--ping-create",
            "--badges",
        ],
        &[],
    );
    let host = exporter.addr.to_string();

    // From https://healthchecks.io/docs/http_api/ and the bash examples.
    for script in [
        "curl -m 10 --retry 5 https://hc-ping.com/your-ping-key/backup-job",
        "curl -fsS -m 10 --retry 5 -o /dev/null https://hc-ping.com/your-ping-key/backup-job/start",
        "curl -fsS -m 10 --retry 5 -o /dev/null https://hc-ping.com/your-ping-key/backup-job",
        "true; curl -fsS -m 10 --retry 5 -o /dev/null https://hc-ping.com/your-ping-key/backup-job/$?",
        "curl -fsS -m 10 --retry 5 --data-raw \"temperature=-7\" https://hc-ping.com/your-ping-key/backup-job/log",
    ] {
        let (code, out) = example(script, &host, &key);
        assert_eq!(code, 0, "{script}: {out}");
    }
    let seen = pings(&env, "backup-job");
    let kinds: Vec<&str> = seen.iter().filter_map(|p| p["kind"].as_str()).collect();
    assert_eq!(
        kinds,
        ["log", "success", "success", "start", "success"],
        "{seen:?}"
    );
    assert_eq!(seen[0]["body"], "temperature=-7");
    assert_eq!(seen[1]["code"], 0);
    assert!(
        seen[2]["duration_ms"].is_number(),
        "start → success measured: {seen:?}"
    );

    // Run ids: two overlapping runs, each measured from its own start; the one still open
    // makes the job critical after the grace, the finished one does not.
    let (code, out) = example(
        r#"RID_A=`uuidgen`; RID_B=`uuidgen`
curl -fsS -m 10 --retry 5 -o /dev/null "https://hc-ping.com/your-ping-key/backup-job/start?rid=$RID_A"
curl -fsS -m 10 --retry 5 -o /dev/null "https://hc-ping.com/your-ping-key/backup-job/start?rid=$RID_B"
sleep 0.2
curl -fsS -m 10 --retry 5 -o /dev/null "https://hc-ping.com/your-ping-key/backup-job?rid=$RID_A""#,
        &host,
        &key,
    );
    assert_eq!(code, 0, "{out}");
    let seen = pings(&env, "backup-job");
    let (ended, opened) = (&seen[0], &seen[1]);
    assert_eq!(ended["kind"], "success");
    assert_ne!(ended["rid"], opened["rid"]);
    assert!(
        ended["duration_ms"].as_i64().expect("duration") >= 200,
        "{ended}"
    );
    let later = (chrono::Utc::now() + chrono::Duration::hours(2)).to_rfc3339();
    let (_, doc) = run_json(&env, &["--force", "backup-job", "--now", &later]);
    let job = agent(&doc, "backup-job");
    assert_eq!(job["status"], "critical", "{job}");
    assert!(
        job["findings"].to_string().contains("has not finished"),
        "{job}"
    );

    // A failure with its output: the finding quotes it.
    let (code, out) = example(
        r#"m=$(echo "disk full" 2>&1)
curl -fsS -m 10 --retry 5 --data-raw "$m" https://hc-ping.com/your-ping-key/backup-job/fail"#,
        &host,
        &key,
    );
    assert_eq!(code, 0, "{out}");
    let (_, doc) = run_json(&env, &["--force", "backup-job"]);
    assert!(
        agent(&doc, "backup-job")["findings"]
            .to_string()
            .contains("the last run failed: disk full"),
        "{doc}"
    );

    // ?create=1 makes an unknown job (201); an unknown one without it is 404; a wrong key 401.
    let (code, out) = example(
        "curl -fsS -m 10 --retry 5 -o /dev/null -w '%{http_code}' https://hc-ping.com/your-ping-key/new-job?create=1",
        &host,
        &key,
    );
    assert_eq!((code, out.as_str()), (0, "201"));
    let made = env.run(&["heartbeat", "show", "new-job", "--json"]).json();
    assert_eq!(made["agent"]["schedule"], "@daily", "{made}");
    assert_eq!(
        http_code(&format!("http://{host}/ping/{key}/other-job")),
        "404"
    );
    assert_eq!(
        http_code(&format!("http://{host}/ping/bwp_wrong/backup-job")),
        "401"
    );

    // Badges: valid SVG, the job's state in words.
    for path in ["/badge/backup-job.svg", "/badge.svg"] {
        let svg = badge(&format!("http://{host}{path}"));
        assert!(svg.contains(">down<"), "the failed job: {svg}");
    }
    assert_eq!(exporter.terminate(), Some(0));

    // Without --badges and --ping-create neither is served.
    let plain = Server::start(&env, &["exporter", "--listen", "127.0.0.1:0"], &[]);
    let host = plain.addr.to_string();
    assert_eq!(
        http_code(&format!("http://{host}/badge/backup-job.svg")),
        "404"
    );
    assert_eq!(
        http_code(&format!("http://{host}/ping/{key}/third-job?create=1")),
        "404"
    );
    assert_eq!(plain.terminate(), Some(0));
}
