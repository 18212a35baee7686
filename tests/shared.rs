//! Shared mode through the real binary: three sidecars, each with its own state DB, one real
//! `redis-server`, and upstreams that count what reaches them.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::support::Env;
use crate::support::redis::Redis;
use crate::support::server::Server;
use crate::support::upstream::{Mode, Upstream, add_provider};

fn chat() -> Value {
    json!({"model": "m", "messages": [{"role": "user", "content": "hi"}]})
}

/// A host: its own state DB with the same providers as every other host.
pub(crate) fn host(providers: &[(&str, &Upstream, &[&str])]) -> Env {
    let env = Env::initialized();
    for (name, up, flags) in providers {
        add_provider(&env, name, &up.base_url(), "k-aaaaaaaaaaaaaaaaaaa", flags);
    }
    env
}

/// Adds the client `swarm` with `budget` (`10usd/day`); its token.
fn swarm(env: &Env, budget: &str) -> String {
    let out = env.run(&[
        "sidecar", "client", "add", "swarm", "--budget", budget, "--json",
    ]);
    out.json()["token"].as_str().expect("token").to_owned()
}

/// Now (unix ms) and the Redis hash of `swarm`'s USD budget for today in the test fleet.
fn todays_usd_budget() -> (i64, String) {
    let now_ms = i64::try_from(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .expect("clock")
            .as_millis(),
    )
    .expect("ms");
    let day = now_ms - now_ms % 86_400_000;
    (now_ms, format!("test-fleet:c:swarm:usd:day:{day}"))
}

/// A small chat request of `token`'s to `url`.
fn chat_as(client: &reqwest::Client, url: &str, token: &str) -> reqwest::RequestBuilder {
    client.post(url).bearer_auth(token).json(
        &json!({"model": "m", "messages": [{"role": "user", "content": "hi"}], "max_tokens": 5}),
    )
}

/// A sidecar of the test fleet. These tests are about sharing: a loaded CI machine must not
/// make Redis look away by its answer time (the fallback on a stall is tested on its own).
pub(crate) fn sidecar(env: &Env, redis: &Redis, extra: &[&str]) -> Server {
    let url = redis.url();
    let mut args = vec![
        "sidecar",
        "serve",
        "--listen",
        "127.0.0.1:0",
        "--metrics-listen",
        "off",
        "--reload-interval",
        "200ms",
        "--shutdown-grace",
        "5s",
        "--health-interval",
        "off",
        "--shared",
        url.as_str(),
        "--fleet",
        "test-fleet",
        "--shared-timeout",
        "2s",
    ];
    args.extend_from_slice(extra);
    Server::start(
        env,
        &args,
        &[("BIZWINGS_ADMIN_TOKEN", "admin-token-0123456789")],
    )
}

async fn statuses(client: &reqwest::Client, sc: &Server, n: usize) -> Vec<u16> {
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let r = client
            .post(sc.url("/v1/chat/completions"))
            .json(&chat())
            .send()
            .await
            .expect("send");
        out.push(r.status().as_u16());
    }
    out
}

async fn health(client: &reqwest::Client, sc: &Server) -> Value {
    client
        .get(sc.url("/health"))
        .send()
        .await
        .expect("health")
        .json()
        .await
        .expect("json")
}

fn fleet(env: &Env, redis: &Redis) -> usize {
    let out = env.run(&[
        "sidecar",
        "fleet",
        "--shared",
        &redis.url(),
        "--fleet",
        "test-fleet",
        "--json",
    ]);
    let members = out.json()["members"].as_array().expect("members").len();
    // No live sidecar is critical (exit 2), for cron.
    assert_eq!(
        out.code,
        Some(if members == 0 { 2 } else { 0 }),
        "{}",
        out.stderr
    );
    members
}

/// Three sidecars with rpm 60 on one key send what one would; a 429 seen by one keeps the
/// others off the provider; with Redis gone they fall back to RPM ÷ 3 each and come back when
/// it does; the fleet list follows the members.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[expect(clippy::too_many_lines, reason = "one fleet's story, start to end")]
async fn three_sidecars_share_one_keys_limits_and_cooldowns() {
    let Some(mut redis) = Redis::start() else {
        return;
    };
    let up = Upstream::start("a", Mode::Ok).await;
    let hosts: Vec<Env> = (0..3)
        .map(|_| host(&[("a", &up, &["--model", "m", "--rpm", "60"])]))
        .collect();
    // No queue: what finds no token is answered 503 at once.
    let sidecars: Vec<Server> = hosts
        .iter()
        .map(|env| sidecar(env, &redis, &["--queue-max-depth", "0"]))
        .collect();
    let client = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs(10);
    while fleet(&hosts[0], &redis) < 3 {
        assert!(
            Instant::now() < deadline,
            "the fleet list never showed 3 members"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    // A burst of 300 spread over the three.
    let started = Instant::now();
    let mut tasks = Vec::new();
    for i in 0..300 {
        let url = sidecars[i % 3].url("/v1/chat/completions");
        let client = client.clone();
        tasks.push(tokio::spawn(async move {
            let r = client.post(url).json(&chat()).send().await.expect("send");
            let retry_after = r.headers().get("retry-after").is_some();
            (r.status().as_u16(), retry_after)
        }));
    }
    let mut ok = 0;
    for t in tasks {
        let (status, retry_after) = t.await.expect("task");
        if status == 200 {
            ok += 1;
        } else {
            assert_eq!(status, 503);
            assert!(retry_after, "refused requests say when to come back");
        }
    }
    let refill = started.elapsed().as_secs() + 1;
    let reached = up.hits();
    assert_eq!(reached, ok);
    assert!(
        reached >= 60 && reached <= 60 + usize::try_from(refill).expect("secs"),
        "one bucket of 60 plus {refill} s of refill for the whole fleet, not 3 × 60: {reached} \
         (sidecars that saw Redis stall: {:?})",
        sidecars
            .iter()
            .map(|s| s.log_text().contains("Redis is away"))
            .collect::<Vec<_>>()
    );

    // A 429 answered to the first sidecar keeps the others off the provider.
    let limited = Upstream::start("limited", Mode::RateLimitedFirst(1)).await;
    let spare = Upstream::start("spare", Mode::Ok).await;
    for env in &hosts {
        add_provider(
            env,
            "limited",
            &limited.base_url(),
            "k-bbbbbbbbbbbbbbbbbbb",
            &["--model", "n", "--rpm", "6000"],
        );
        add_provider(
            env,
            "spare",
            &spare.base_url(),
            "k-ccccccccccccccccccc",
            &["--model", "n", "--rpm", "6000", "--pool", "fallback"],
        );
    }
    tokio::time::sleep(Duration::from_millis(800)).await;
    let n = json!({"model": "n", "messages": []});
    let r = client
        .post(sidecars[0].url("/v1/chat/completions"))
        .json(&n)
        .send()
        .await
        .expect("send");
    assert_eq!(r.status(), 200, "failed over to the spare");
    assert_eq!(limited.hits(), 1);
    for sc in &sidecars[1..] {
        for _ in 0..5 {
            let r = client
                .post(sc.url("/v1/chat/completions"))
                .json(&n)
                .send()
                .await
                .expect("send");
            assert_eq!(r.status(), 200);
        }
    }
    assert_eq!(
        limited.hits(),
        1,
        "the other sidecars kept off the cooling provider"
    );

    // A key rejected upstream (401) through the first sidecar is marked on every host.
    let revoked = Upstream::start("revoked", Mode::Unauthorized).await;
    for env in &hosts {
        add_provider(
            env,
            "revoked",
            &revoked.base_url(),
            "k-ddddddddddddddddddd",
            &["--model", "r"],
        );
    }
    tokio::time::sleep(Duration::from_millis(800)).await;
    let r = json!({"model": "r", "messages": []});
    let _ = client
        .post(sidecars[0].url("/v1/chat/completions"))
        .json(&r)
        .send()
        .await;
    assert_eq!(revoked.hits(), 1);
    let deadline = Instant::now() + Duration::from_secs(10);
    for env in &hosts[1..] {
        loop {
            let show = env.run(&["provider", "show", "revoked", "--json"]).json();
            if show["provider"]["status"] == "error" {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "the key error did not reach this host: {show}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
    for sc in &sidecars[1..] {
        let _ = client
            .post(sc.url("/v1/chat/completions"))
            .json(&r)
            .send()
            .await;
    }
    assert_eq!(
        revoked.hits(),
        1,
        "no other sidecar sent the rejected key again"
    );

    // Redis goes away: no client error beyond the fallback's limits, RPM ÷ 3 each.
    redis.stop();
    let fallback = statuses(&client, &sidecars[0], 60).await;
    assert!(
        fallback.iter().all(|s| *s == 200 || *s == 503),
        "{fallback:?}"
    );
    let served = fallback.iter().filter(|s| **s == 200).count();
    assert!(
        served <= 25,
        "at most a local share of 60 / 3 (plus refill; less what the burst spent) while Redis \
         is away: {served}"
    );
    let h = health(&client, &sidecars[0]).await;
    assert_eq!(h["shared"]["up"], false, "{h}");
    assert!(sidecars[0].log_text().contains("Redis is away"));

    // Redis comes back: sharing resumes without a restart.
    redis.resume();
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let _ = statuses(&client, &sidecars[0], 1).await;
        if health(&client, &sidecars[0]).await["shared"]["up"] == true {
            break;
        }
        assert!(Instant::now() < deadline, "sharing did not resume");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(sidecars[0].log_text().contains("Redis is back"));

    // One sidecar stops: the fleet shows two.
    let mut sidecars = sidecars;
    let last = sidecars.pop().expect("sidecar");
    assert_eq!(last.terminate(), Some(0));
    let deadline = Instant::now() + Duration::from_secs(15);
    while fleet(&hosts[0], &redis) != 2 {
        assert!(
            Instant::now() < deadline,
            "the fleet list did not drop the stopped sidecar"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    for sc in sidecars {
        assert_eq!(sc.terminate(), Some(0));
    }
}

/// A sidecar that spent the fleet's whole bucket and then loses Redis routes on its local share,
/// less what it spent: no fresh bucket opens because Redis went away in a burst.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn losing_redis_in_a_burst_opens_no_fresh_bucket() {
    let Some(mut redis) = Redis::start() else {
        return;
    };
    let up = Upstream::start("a", Mode::Ok).await;
    let env = host(&[("a", &up, &["--model", "m", "--rpm", "60"])]);
    let sc = sidecar(&env, &redis, &["--queue-max-depth", "0"]);
    let client = reqwest::Client::new();
    let before = statuses(&client, &sc, 70).await;
    let fleet_served = before.iter().filter(|s| **s == 200).count();
    assert!(
        (60..=65).contains(&fleet_served),
        "the fleet's bucket of 60: {before:?}"
    );
    assert_eq!(health(&client, &sc).await["shared"]["up"], true);

    redis.stop();
    let started = Instant::now();
    let after = statuses(&client, &sc, 30).await;
    let refill = usize::try_from(started.elapsed().as_secs()).expect("secs") + 1;
    let local_served = after.iter().filter(|s| **s == 200).count();
    assert!(
        local_served <= refill,
        "the local bucket counted what the fleet's gave: {local_served} served in {refill} s \
         of refill, {after:?}"
    );
    assert!(sc.log_text().contains("Redis is away"));
    assert_eq!(up.hits(), fleet_served + local_served);
    assert_eq!(sc.terminate(), Some(0));
}

/// `--shared-required` fails closed; a password on the command line is refused.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shared_required_fails_closed_and_passwords_stay_off_argv() {
    let Some(mut redis) = Redis::start() else {
        return;
    };
    let up = Upstream::start("a", Mode::Ok).await;
    let env = host(&[("a", &up, &["--model", "m"])]);
    let out = env.run(&[
        "sidecar",
        "serve",
        "--shared",
        "redis://:hunter2@127.0.0.1:1/0",
        "--metrics-listen",
        "off",
    ]);
    out.code(64).stderr_has("BIZWINGS_SHARED_URL");
    assert!(!out.stderr.contains("hunter2"));
    let sc = sidecar(&env, &redis, &["--shared-required"]);
    let client = reqwest::Client::new();
    assert_eq!(statuses(&client, &sc, 1).await, [200]);
    // The admin API lists the fleet.
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let fleet: Value = client
            .get(sc.url("/api/admin/fleet"))
            .bearer_auth("admin-token-0123456789")
            .send()
            .await
            .expect("fleet")
            .json()
            .await
            .expect("json");
        if fleet["members"].as_array().is_some_and(|m| m.len() == 1) {
            assert_eq!(fleet["fleet"], "test-fleet");
            assert_eq!(fleet["up"], true);
            break;
        }
        assert!(Instant::now() < deadline, "{fleet}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    redis.stop();
    let r = client
        .post(sc.url("/v1/chat/completions"))
        .json(&chat())
        .send()
        .await
        .expect("send");
    assert_eq!(r.status(), 503);
    assert!(r.headers().get("retry-after").is_some());
    assert_eq!(
        r.json::<Value>().await.expect("json")["error"]["code"],
        "shared_limits_unavailable"
    );
    assert_eq!(sc.terminate(), Some(0));
}

/// Two hosts, each with its own DB, one client token and one Redis: the provider's TPM and the
/// client's budget hold for the fleet (not per sidecar), and the 80 % notice comes once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[expect(clippy::too_many_lines, reason = "one fleet's story, start to end")]
async fn a_fleet_shares_token_limits_and_client_budgets() {
    use sha2::Digest as _;
    let Some(redis) = Redis::start() else {
        return;
    };
    let metered = Upstream::start("metered", Mode::Ok).await;
    let spare = Upstream::start("spare", Mode::Ok).await;
    // 100 tokens a request at $10 per 1M: $0.001 each.
    for up in [&metered, &spare] {
        *up.shared.usage.lock().expect("lock") = Some((60, 40));
    }
    let hook = crate::support::webhook::Webhook::start("fleet-secret").await;
    let token = format!("bwc_{}", "ab".repeat(24));
    let hash = hex::encode(sha2::Sha256::digest(token.as_bytes()));
    let hosts: Vec<Env> = (0..2)
        .map(|_| {
            let env = host(&[
                (
                    "metered",
                    &metered,
                    &["--model", "m", "--rpm", "600", "--tpm", "1000", "--price", "m=10,10"],
                ),
                (
                    "spare",
                    &spare,
                    &["--model", "m", "--rpm", "600", "--pool", "fallback", "--price", "m=10,10"],
                ),
            ]);
            let file = env.path("client.toml");
            std::fs::write(
                &file,
                format!(
                    "[[client]]\nname = \"swarm\"\ntoken_sha256 = \"{hash}\"\nbudgets = [\"0.02usd/day\"]\n"
                ),
            )
            .expect("write");
            env.run(&["apply", file.to_str().expect("path")]).success();
            env.cmd()
                .args(&["alert", "receiver", "add", "finance", "--webhook-url-stdin"])
                .stdin(&format!("{}\n", hook.url))
                .run()
                .success();
            env.run(&["alert", "route", "add", "--receiver", "finance"])
                .success();
            env
        })
        .collect();
    let sidecars: Vec<Server> = hosts.iter().map(|env| sidecar(env, &redis, &[])).collect();
    while fleet(&hosts[0], &redis) < 2 {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let client = reqwest::Client::new();
    // Estimated at ~100 tokens (body bytes / 4 + max_tokens 80), as they really use.
    let body =
        json!({"model": "m", "messages": [{"role": "user", "content": "hi"}], "max_tokens": 80});
    let mut served = 0;
    let mut refused = Vec::new();
    for i in 0..26 {
        let r = client
            .post(sidecars[i % 2].url("/v1/chat/completions"))
            .bearer_auth(&token)
            .json(&body)
            .send()
            .await
            .expect("send");
        match r.status().as_u16() {
            200 => served += 1,
            429 => {
                assert_eq!(
                    r.headers()
                        .get("x-bizwings-limit")
                        .map(reqwest::header::HeaderValue::as_bytes),
                    Some(&b"client-budget"[..])
                );
                let answer: Value = r.json().await.expect("json");
                refused.push((i % 2, answer["error"]["code"].clone()));
            }
            other => panic!("{other}: {}", r.text().await.unwrap_or_default()),
        }
    }
    assert_eq!(
        served, 20,
        "$0.02 buys twenty requests for the fleet, not per sidecar"
    );
    assert_eq!(refused.len(), 6);
    assert!(refused.iter().any(|(h, _)| *h == 0) && refused.iter().any(|(h, _)| *h == 1));
    assert!(refused.iter().all(|(_, code)| code == "budget_exceeded"));
    assert!(
        (10..=11).contains(&metered.hits()),
        "1000 tokens a minute for the fleet: ten requests of 100, not {}",
        metered.hits()
    );
    assert_eq!(
        metered.hits() + spare.hits(),
        20,
        "the rest went to the fallback"
    );
    let deadline = Instant::now() + Duration::from_secs(10);
    let count = |name: &str| {
        hook.hits()
            .iter()
            .filter(|h| h.body["labels"]["alertname"] == name)
            .count()
    };
    while count("BudgetExceeded") == 0 {
        assert!(
            Instant::now() < deadline,
            "BudgetExceeded was not delivered"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(
        count("BudgetWarning"),
        1,
        "one notice for the fleet, not one per host"
    );
    assert_eq!(count("BudgetExceeded"), 1);
}

/// A fleet budget reservation left by a sidecar that died (or lost Redis) before settling holds
/// the budget only until it lapses, not to the end of the period.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dead_sidecars_budget_reservation_lapses() {
    let Some(redis) = Redis::start() else {
        return;
    };
    let up = Upstream::start("up", Mode::Ok).await;
    let env = host(&[("a", &up, &["--model", "m", "--price", "m=50,100"])]);
    let token = swarm(&env, "0.01usd/day");
    let sc = sidecar(&env, &redis, &[]);
    let (now_ms, budget) = todays_usd_budget();
    let redis_cli = |args: &[&str]| redis.cli(args);
    // What a sidecar that died mid-request left, as ADMIT writes it: $0.02 reserved, lapsing in
    // ten minutes…
    let member = "gone-sidecar/7:20000000";
    let live_until = (now_ms + 600_000).to_string();
    redis_cli(&["ZADD", &format!("{budget}:r"), &live_until, member]);
    redis_cli(&["HINCRBY", &budget, "reserved", "20000000"]);
    let client = reqwest::Client::new();
    let ask = || chat_as(&client, &sc.url("/v1/chat/completions"), &token).send();
    let r = ask().await.expect("send");
    assert_eq!(
        r.status(),
        429,
        "the dead sidecar's reservation still counts"
    );
    let body: Value = r.json().await.expect("json");
    assert_eq!(body["error"]["code"], "budget_reserved_in_flight", "{body}");
    // …and once it lapsed, it counts no more.
    let gone_since = (now_ms - 1000).to_string();
    redis_cli(&["ZADD", &format!("{budget}:r"), &gone_since, member]);
    assert_eq!(ask().await.expect("send").status(), 200);
    assert_eq!(up.hits(), 1);
    // Settlements reach Redis, even after it forgot the scripts (a restart, SCRIPT FLUSH).
    redis_cli(&["SCRIPT", "FLUSH"]);
    assert_eq!(ask().await.expect("send").status(), 200);
    let used = || {
        let out = std::process::Command::new("redis-cli")
            .args([
                "-p",
                &redis.addr.port().to_string(),
                "HGET",
                &budget,
                "used",
            ])
            .output()
            .expect("redis-cli");
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    };
    let deadline = Instant::now() + Duration::from_secs(5);
    while used() != "2000000" {
        assert!(
            Instant::now() < deadline,
            "two requests of $0.001 settled: {}",
            used()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// A fleet of two with a `$0.02/day` budget at $0.001 a request, spending through sidecars
/// taking turns: `n` requests, and the statuses.
async fn spend(sidecars: &[Server], token: &str, n: usize) -> Vec<u16> {
    let client = reqwest::Client::new();
    let body =
        json!({"model": "m", "messages": [{"role": "user", "content": "hi"}], "max_tokens": 5});
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let r = client
            .post(sidecars[i % sidecars.len()].url("/v1/chat/completions"))
            .bearer_auth(token)
            .json(&body)
            .send()
            .await
            .expect("send");
        out.push(r.status().as_u16());
    }
    out
}

/// Two hosts with separate DBs, one client with a `budget` (`0.02usd/day`), priced so that a
/// request is estimated at exactly what it costs ($0.001).
fn budget_fleet(up: &Upstream, budget: &str) -> (Vec<Env>, String) {
    use sha2::Digest as _;
    let token = format!("bwc_{}", "cd".repeat(24));
    let hash = hex::encode(sha2::Sha256::digest(token.as_bytes()));
    let hosts = (0..2)
        .map(|_| {
            let env = host(&[("a", up, &["--model", "m", "--rpm", "6000", "--price", "m=0,200"])]);
            let file = env.path("client.toml");
            std::fs::write(
                &file,
                format!("[[client]]\nname = \"pair\"\ntoken_sha256 = \"{hash}\"\nbudgets = [\"{budget}\"]\n"),
            )
            .expect("write");
            env.run(&["apply", file.to_str().expect("path")]).success();
            env
        })
        .collect();
    (hosts, token)
}

/// The Redis key of today's USD budget of `budget_fleet`'s client.
fn pairs_usd_day() -> String {
    todays_usd_budget().1.replace("swarm", "pair")
}

/// Waits until every sidecar counts them all as members.
async fn see_each_other(sidecars: &[Server]) {
    let client = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs(10);
    for sc in sidecars {
        while health(&client, sc).await["shared"]["members"] != sidecars.len() {
            assert!(
                Instant::now() < deadline,
                "the sidecars never saw each other"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

/// How many budget slices are leased in the budget hash `day`'s reservations.
fn leases(redis: &Redis, day: &str) -> usize {
    redis
        .cli(&["ZRANGE", &format!("{day}:r"), "0", "-1"])
        .lines()
        .filter(|m| m.contains("/lease:"))
        .count()
}

/// A busy client's budget is leased: each sidecar reserves a slice in Redis and admits the
/// client's requests against it, so a budgeted request costs one script call (its pick), not
/// an admission and a settlement. Nothing is lost: a sidecar that stops gives its slice back
/// with what it paid, the last stretch of the budget is admitted request by request, and the
/// fleet serves exactly what the budget buys.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_busy_clients_budget_is_leased_and_spent_to_the_last_request() {
    let Some(redis) = Redis::start() else {
        return;
    };
    let up = Upstream::start("a", Mode::Ok).await;
    // $0.20 at $0.001 a request: 200 requests for the fleet.
    let (hosts, token) = budget_fleet(&up, "0.2usd/day");
    let day = pairs_usd_day();
    let leases = || leases(&redis, &day);
    let mut sidecars: Vec<Server> = hosts.iter().map(|env| sidecar(env, &redis, &[])).collect();
    see_each_other(&sidecars).await;
    assert!(spend(&sidecars, &token, 4).await.iter().all(|s| *s == 200));
    tokio::time::sleep(Duration::from_millis(300)).await;
    let before = redis.script_calls();
    let n = 60;
    assert!(spend(&sidecars, &token, n).await.iter().all(|s| *s == 200));
    let calls = redis.script_calls() - before;
    // Admitted in Redis, each would be an admit-and-pick and a settlement: 2n.
    assert!(
        calls < n as u64 * 3 / 2,
        "{calls} script calls for {n} requests on leased slices"
    );
    assert_eq!(leases(), 2, "each sidecar holds a slice");
    // A sidecar that stops gives its slice back, and what its requests used is counted.
    sidecars.pop().expect("two").terminate();
    assert_eq!(leases(), 1, "the stopped sidecar's slice is back");
    sidecars.push(sidecar(&hosts[1], &redis, &[]));
    // Spent to the last request: whatever another sidecar still holds is given back or
    // drawn on, so a refusal for requests in flight only asks to wait.
    let client = reqwest::Client::new();
    let body =
        json!({"model": "m", "messages": [{"role": "user", "content": "hi"}], "max_tokens": 5});
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut i = 0;
    let code = loop {
        assert!(Instant::now() < deadline, "{} served", up.hits());
        i += 1;
        let r = client
            .post(sidecars[i % 2].url("/v1/chat/completions"))
            .bearer_auth(&token)
            .json(&body)
            .send()
            .await
            .expect("send");
        if r.status() == 200 {
            continue;
        }
        assert_eq!(r.status(), 429);
        let body: Value = r.json().await.expect("json");
        let code = body["error"]["code"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        if code != "budget_reserved_in_flight" {
            break code;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert_eq!(code, "budget_exceeded");
    assert_eq!(
        up.hits(),
        200,
        "what $0.20 buys, not a request more or less"
    );
    // Quiet now: the slices go back, and the fleet's count is every request's cost.
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let (used, reserved) = (
            redis.cli(&["HGET", &day, "used"]),
            redis.cli(&["HGET", &day, "reserved"]),
        );
        if used == "200000000" && reserved == "0" && leases() == 0 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "used {used}, reserved {reserved}, {} leases",
            leases()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// A budget spent on a leased slice tells its 80 % notice once, from the renewal that first
/// reports the fleet past 80 %: Redis marks it, the host stores it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_leased_budget_tells_its_80_percent_notice_once() {
    let Some(redis) = Redis::start() else {
        return;
    };
    let up = Upstream::start("a", Mode::Ok).await;
    // $1 at $0.001 a request: past 80 % after 800, with $0.19 left — still leased.
    let (hosts, token) = budget_fleet(&up, "1usd/day");
    let day = pairs_usd_day();
    let sidecars = [sidecar(&hosts[0], &redis, &[])];
    assert!(
        spend(&sidecars, &token, 790)
            .await
            .iter()
            .all(|s| *s == 200)
    );
    let notices = || {
        crate::support::sqlite(
            &hosts[0].db(),
            "SELECT level FROM budget_notices WHERE client = 'pair'",
        )
    };
    assert_eq!(redis.cli(&["HGET", &day, "warned"]), "");
    assert!(spend(&sidecars, &token, 20).await.iter().all(|s| *s == 200));
    assert_eq!(leases(&redis, &day), 1, "spent on a leased slice");
    let deadline = Instant::now() + Duration::from_secs(10);
    while notices() != "warning" {
        assert!(Instant::now() < deadline, "no 80 % notice: {:?}", notices());
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(redis.cli(&["HGET", &day, "warned"]), "1");
    assert_eq!(redis.cli(&["HGET", &day, "exceeded"]), "");
}

/// Redis crashes and comes back empty while both sidecars hold slices of a busy client's
/// budget: requests go on (on the slices, then on each host's share), and once Redis is back
/// the period is seeded from what each host spent and its slices report the rest — the
/// fleet's count is every request's cost, neither lost nor counted twice.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_redis_lost_while_slices_are_leased_counts_every_request_once() {
    let Some(mut redis) = Redis::start() else {
        return;
    };
    let up = Upstream::start("a", Mode::Ok).await;
    let (hosts, token) = budget_fleet(&up, "0.2usd/day");
    let day = pairs_usd_day();
    let sidecars: Vec<Server> = hosts.iter().map(|env| sidecar(env, &redis, &[])).collect();
    see_each_other(&sidecars).await;
    assert!(spend(&sidecars, &token, 30).await.iter().all(|s| *s == 200));
    redis.stop();
    let statuses = spend(&sidecars, &token, 40).await;
    assert!(statuses.iter().all(|s| *s == 200), "{statuses:?}");
    redis.resume();
    let client = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs(10);
    for sc in &sidecars {
        while health(&client, sc).await["shared"]["up"] != true {
            assert!(Instant::now() < deadline, "Redis never came back");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
    assert!(spend(&sidecars, &token, 30).await.iter().all(|s| *s == 200));
    assert_eq!(up.hits(), 100);
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let (used, reserved) = (
            redis.cli(&["HGET", &day, "used"]),
            redis.cli(&["HGET", &day, "reserved"]),
        );
        if used == "100000000" && reserved == "0" {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "used {used}, reserved {reserved}: want what 100 requests cost, nothing reserved"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Sidecars holding slices while Redis is gone still stop at once (the slices lapse there).
    let deadline = Instant::now() + Duration::from_secs(10);
    while leases(&redis, &day) < 2 {
        assert!(Instant::now() < deadline, "the slices are leased again");
        assert!(spend(&sidecars, &token, 4).await.iter().all(|s| *s == 200));
    }
    redis.stop();
    for sc in sidecars {
        assert_eq!(sc.terminate(), Some(0));
    }
}

/// Replay (#24): with Redis killed, each of the two sidecars spends only its share of what the
/// fleet had left, so together they stay within the budget (it was twice the budget).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fleet_without_redis_shares_what_is_left_of_a_budget() {
    let Some(mut redis) = Redis::start() else {
        return;
    };
    let up = Upstream::start("a", Mode::Ok).await;
    let (hosts, token) = budget_fleet(&up, "0.02usd/day");
    let sidecars: Vec<Server> = hosts.iter().map(|env| sidecar(env, &redis, &[])).collect();
    // Each sidecar has seen the other (its share is the budget left ÷ the members it saw).
    see_each_other(&sidecars).await;
    assert!(spend(&sidecars, &token, 4).await.iter().all(|s| *s == 200));
    tokio::time::sleep(Duration::from_millis(300)).await;
    redis.stop();
    let statuses = spend(&sidecars, &token, 40).await;
    let served = statuses.iter().filter(|s| **s == 200).count();
    assert!(
        statuses.iter().all(|s| [200, 429].contains(s)),
        "{statuses:?}"
    );
    assert_eq!(up.hits(), 4 + served);
    assert!(
        up.hits() <= 20,
        "$0.02 buys 20 requests for the fleet, Redis or not: {} were served",
        up.hits()
    );
    assert!(
        served >= 14,
        "each sidecar still spends its share: {served} after Redis went"
    );
}

/// Replay (#24): after Redis forgets a period (FLUSHALL), it is seeded again from every host's
/// own spend, not one host's: the fleet stays within the budget.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_period_redis_forgot_is_seeded_from_every_host() {
    let Some(redis) = Redis::start() else {
        return;
    };
    let up = Upstream::start("a", Mode::Ok).await;
    let (hosts, token) = budget_fleet(&up, "0.02usd/day");
    let sidecars: Vec<Server> = hosts.iter().map(|env| sidecar(env, &redis, &[])).collect();
    while fleet(&hosts[0], &redis) < 2 {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(spend(&sidecars, &token, 10).await.iter().all(|s| *s == 200));
    // Each host's writer has stored its five (it writes about once a second).
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let out = std::process::Command::new("redis-cli")
        .args(["-p", &redis.addr.port().to_string(), "FLUSHALL"])
        .output()
        .expect("redis-cli");
    assert!(out.status.success());
    let statuses = spend(&sidecars, &token, 30).await;
    assert!(
        statuses.iter().all(|s| [200, 429].contains(s)),
        "{statuses:?}"
    );
    assert_eq!(
        up.hits(),
        20,
        "10 before the flush and 10 after: the budget, not 10 more per host"
    );
}

/// #30: shared mode says what is wrong. Against a Redis that wants a password the sidecar logs
/// an error naming the cause (never the URL), `/health` says `degraded`, and `sidecar fleet`
/// exits 2 when no sidecar is alive.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_redis_that_refuses_the_password_is_an_error_and_health_is_degraded() {
    let Some(redis) = Redis::start_with(&["--requirepass", "fleet-pass-0123"]) else {
        return;
    };
    let up = Upstream::start("a", Mode::Ok).await;
    let env = host(&[("a", &up, &["--model", "m"])]);
    let sc = sidecar(&env, &redis, &[]);
    let client = reqwest::Client::new();
    assert_eq!(
        statuses(&client, &sc, 3).await,
        [200, 200, 200],
        "routed on local limits"
    );
    let deadline = Instant::now() + Duration::from_secs(10);
    let doc = loop {
        let doc = health(&client, &sc).await;
        if doc["status"] == "degraded" || Instant::now() > deadline {
            break doc;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert_eq!(doc["status"], "degraded", "{doc}");
    assert_eq!(doc["shared"]["up"], false, "{doc}");
    let log = sc.log_text();
    assert!(
        log.contains("Redis is away") && (log.contains("NOAUTH") || log.contains("password")),
        "{log}"
    );
    assert!(!log.contains("fleet-pass-0123"));
    let out = env
        .cmd()
        .args(&["sidecar", "fleet", "--fleet", "test-fleet", "--json"])
        .env(
            "BIZWINGS_SHARED_URL",
            format!("redis://:fleet-pass-0123@{}/0", redis.addr),
        )
        .run();
    assert_eq!(out.code, Some(2), "no live sidecar: {}", out.stderr);
    assert_eq!(out.json()["members"], json!([]));
    assert_eq!(sc.terminate(), Some(0));
}

/// #30: `provider cooldown clear --shared` ends the fleet's cooldown in Redis too, so the
/// sidecars route to the provider again at once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fleet_cooldown_can_be_cleared_by_hand() {
    let Some(redis) = Redis::start() else {
        return;
    };
    let up = Upstream::start("a", Mode::RateLimited(None)).await;
    let env = host(&[("a", &up, &["--model", "m"])]);
    let sc = sidecar(
        &env,
        &redis,
        &["--cooldown-base", "300s", "--emergency-rpm-fraction", "0"],
    );
    let client = reqwest::Client::new();
    // The request and then the trickle's one probe a minute: both refused.
    assert_eq!(statuses(&client, &sc, 2).await, [503, 503]);
    up.set_mode(Mode::Ok);
    assert_eq!(
        statuses(&client, &sc, 1).await,
        [503],
        "cooling in the fleet"
    );
    env.run(&[
        "provider",
        "cooldown",
        "clear",
        "a",
        "--shared",
        &redis.url(),
        "--fleet",
        "test-fleet",
    ])
    .success();
    let deadline = Instant::now() + Duration::from_secs(10);
    while statuses(&client, &sc, 1).await != [200] {
        assert!(
            Instant::now() < deadline,
            "the fleet's cooldown never ended"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(sc.terminate(), Some(0));
}

/// #30: a cooldown one sidecar of the fleet set shows on every host: `provider list` on host B
/// says `cooling` (it said `healthy` while B's own `/health` counted the shared cooldown).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shared_cooldown_shows_in_every_hosts_provider_list() {
    let Some(redis) = Redis::start() else {
        return;
    };
    let up = Upstream::start("a", Mode::RateLimited(None)).await;
    let (a, b) = (
        host(&[("a", &up, &["--model", "m"])]),
        host(&[("a", &up, &["--model", "m"])]),
    );
    let sidecars = [
        sidecar(&a, &redis, &["--cooldown-base", "300s"]),
        sidecar(&b, &redis, &["--cooldown-base", "300s"]),
    ];
    let client = reqwest::Client::new();
    assert_eq!(statuses(&client, &sidecars[0], 1).await, [503]);
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let list = b.run(&["provider", "list", "--json"]).json();
        if list["providers"][0]["status"] == "cooling" {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "host B never showed the cooldown: {list}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    for sc in sidecars {
        assert_eq!(sc.terminate(), Some(0));
    }
}

/// A budgeted request admitted in Redis (`--shared-exact-budgets`; otherwise a busy client's
/// are admitted on a leased slice, see below) reserves on its budgets and picks its provider
/// in one script call (ADMIT_PICK), then settles in one more: counted in Redis's own command
/// statistics.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_budgeted_request_takes_one_script_call_to_admit_and_pick() {
    let Some(redis) = Redis::start() else {
        return;
    };
    let up = Upstream::start("up", Mode::Ok).await;
    let env = host(&[("a", &up, &["--model", "m", "--price", "m=50,100"])]);
    let token = swarm(&env, "10usd/day");
    let sc = sidecar(&env, &redis, &["--shared-exact-budgets"]);
    let scripts = || redis.script_calls();
    let client = reqwest::Client::new();
    let ask = || chat_as(&client, &sc.url("/v1/chat/completions"), &token).send();
    assert_eq!(
        ask().await.expect("send").status(),
        200,
        "warm: scripts loaded"
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    let before = scripts();
    let n = 30_u64;
    for _ in 0..n {
        assert_eq!(ask().await.expect("send").status(), 200);
    }
    // Settlements go out in the background: let them land.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let calls = scripts() - before;
    // Admit + pick in one, settle in one (three before: admit, pick, settle); a few more for
    // the background's own calls. On a loaded machine two settlements may queue up together
    // and fold into one call, so fewer is fine — but never fewer than one per request.
    assert!(
        calls > n && calls <= 2 * n + 10,
        "{calls} script calls for {n} budgeted requests"
    );
    assert_eq!(sc.terminate(), Some(0));
}

/// Under load, admitted in Redis, the settlements that queued up meanwhile go out together,
/// and those of one client's budgets fold into one script call; or the requests draw on a
/// leased slice. Either way fewer calls than requests, and not a nano-dollar lost or counted
/// twice — the fleet's count equals the sum of what each request cost, and no reservation is
/// left behind.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_settlements_fold_into_fewer_calls_and_lose_nothing() {
    let Some(redis) = Redis::start() else {
        return;
    };
    let up = Upstream::start("up", Mode::Ok).await;
    let env = host(&[(
        "a",
        &up,
        &["--model", "m", "--price", "m=50,100", "--rpm", "100000"],
    )]);
    let token = swarm(&env, "10usd/day");
    let sc = sidecar(&env, &redis, &["--shared-exact-budgets"]);
    let cli = |args: &[&str]| redis.cli(args);
    let (_, budget) = todays_usd_budget();
    let client = reqwest::Client::new();
    let settled = |want: &str| {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let (used, reserved) = (
                cli(&["HGET", &budget, "used"]),
                cli(&["HGET", &budget, "reserved"]),
            );
            if used == want && reserved == "0" && cli(&["ZCARD", &format!("{budget}:r")]) == "0" {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "used {used}, reserved {reserved}; want {want}, 0"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    };
    // One request alone: what a request costs.
    let ask = chat_as(&client, &sc.url("/v1/chat/completions"), &token).send();
    assert_eq!(ask.await.expect("send").status(), 200);
    let deadline = Instant::now() + Duration::from_secs(5);
    while cli(&["HGET", &budget, "reserved"]) != "0" {
        assert!(Instant::now() < deadline, "the first request settles");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let one: u64 = cli(&["HGET", &budget, "used"]).parse().expect("used");
    assert!(one > 0, "a priced request costs");
    let n = 256_u64;
    let mut sc = Some(sc);
    for (round, flags) in [&["--shared-exact-budgets"][..], &[]]
        .into_iter()
        .enumerate()
    {
        let sc = sc.take().unwrap_or_else(|| sidecar(&env, &redis, flags));
        let before = redis.script_calls();
        let mut tasks = tokio::task::JoinSet::new();
        for _ in 0..32 {
            let (client, url, token) = (
                client.clone(),
                sc.url("/v1/chat/completions"),
                token.clone(),
            );
            tasks.spawn(async move {
                for _ in 0..n / 32 {
                    let r = chat_as(&client, &url, &token).send().await.expect("send");
                    assert_eq!(r.status(), 200);
                }
            });
        }
        while let Some(done) = tasks.join_next().await {
            done.expect("task");
        }
        settled(&((n * (round as u64 + 1) + 1) * one).to_string());
        let calls = redis.script_calls() - before;
        // One admit-and-pick per request and the settlements folded (one per request before),
        // or one pick per request and a few renewals of the lease.
        assert!(
            calls < 2 * n - n / 4,
            "{calls} script calls for {n} concurrent budgeted requests ({flags:?})"
        );
        assert_eq!(sc.terminate(), Some(0));
    }
}
