//! The request log (#26), through the binary: a request that failed over shows both attempts
//! and the cooldown set; a budget refusal its reason; `--follow` prints what comes after it;
//! the client's `x-request-id` comes back and is the record's key; spans reach an OTLP
//! receiver with the GenAI attributes and the client's trace, and a dead collector costs
//! requests nothing.

use std::io::{BufRead as _, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use opentelemetry_proto::tonic::collector::trace::v1::ExportTraceServiceRequest;
use opentelemetry_proto::tonic::trace::v1::Span;
use opentelemetry_proto::tonic::trace::v1::span::SpanKind;
use serde_json::{Value, json};

use crate::support::Env;
use crate::support::fixture::{Fixture, Served};
use crate::support::server::Server;
use crate::support::upstream::Mode;

/// A chat call as `token` with `headers`: the status, the `x-request-id` it came back with.
async fn call(sc: &Server, token: &str, headers: &[(&str, &str)], body: &Value) -> (u16, String) {
    let mut req = reqwest::Client::new()
        .post(sc.url("/v1/chat/completions"))
        .bearer_auth(token)
        .json(body);
    for (name, value) in headers {
        req = req.header(*name, *value);
    }
    let r = req.send().await.expect("send");
    let id = r
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let status = r.status().as_u16();
    let _ = r.bytes().await;
    (status, id)
}

/// `sidecar request ID --json`, once the writer stored it.
async fn logged(env: &Env, id: &str) -> Value {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let out = env.cmd().args(&["sidecar", "request", id, "--json"]).run();
        if out.code == Some(0) {
            return out.json()["request"].clone();
        }
        assert!(Instant::now() < deadline, "request {id} never logged");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// A provider `a` whose first answer is a 429 and a priced fallback `b`, for model `m`, served
/// with `args`.
async fn failing_over(args: &[&str]) -> Served {
    Fixture::new()
        .provider(
            "a",
            Mode::RateLimitedFirst(1),
            "k-aaaaaaaaaaaaaaaaaaa",
            &["--model", "m"],
        )
        .await
        .provider(
            "b",
            Mode::Ok,
            "k-bbbbbbbbbbbbbbbbbbb",
            &[
                "--model",
                "m",
                "--pool",
                "fallback",
                "--price",
                "m=1000,2000",
            ],
        )
        .await
        .serve(args)
}

fn chat() -> Value {
    json!({"model": "m", "messages": [{"role": "user", "content": "hi"}]})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_over_request_shows_each_attempt_and_a_refusal_its_reason() {
    let Served { env, ups, sc } = failing_over(&[]).await;
    let token = crate::support::client_token(&env, "writer-llm", &[]);
    let tight = crate::support::client_token(&env, "tight", &["--budget", "1-tokens/day"]);
    // Tokens are read at the next reload.
    tokio::time::sleep(Duration::from_millis(600)).await;

    let (status, id) = call(&sc, &token, &[("x-request-id", "trace-abc-1")], &chat()).await;
    assert_eq!((status, id.as_str()), (200, "trace-abc-1"));
    let r = logged(&env, "trace-abc-1").await;
    assert_eq!(r["status"], 200, "{r}");
    assert_eq!(r["client"], "writer-llm");
    assert_eq!(r["api"], "/chat/completions");
    assert_eq!(r["model"], "m");
    assert_eq!(r["provider"], "b");
    let attempts = r["attempts"].as_array().expect("attempts");
    assert_eq!(attempts.len(), 2, "{r}");
    assert_eq!(
        (&attempts[0]["provider"], &attempts[0]["status"]),
        (&json!("a"), &json!(429))
    );
    let why = attempts[0]["outcome"].as_str().unwrap_or_default();
    assert!(
        why.contains("rate limited") && why.contains("cooling 30s"),
        "{why}"
    );
    assert_eq!(
        (&attempts[1]["provider"], &attempts[1]["status"]),
        (&json!("b"), &json!(200))
    );
    assert_eq!(attempts[1]["outcome"], "answered");
    assert_eq!(r["input_tokens"], 10);
    assert_eq!(r["output_tokens"], 5);
    assert!(r["cost_nusd"].as_u64().expect("cost") > 0, "{r}");
    assert_eq!(ups[0].hits() + ups[1].hits(), 2);

    // The same in the table people read.
    let shown = env.run(&["sidecar", "request", "trace-abc-1"]);
    shown.success();
    let text = shown.stdout.clone();
    assert!(
        text.contains("rate limited (429): cooling 30s") && text.contains("answered"),
        "{text}"
    );

    // A refusal: no attempt, its reason. An id the sidecar made comes back.
    let (status, made) = call(&sc, &tight, &[], &chat()).await;
    assert_eq!(status, 429);
    assert!(made.starts_with("req_"), "{made}");
    let refused = logged(&env, &made).await;
    assert_eq!(refused["error"], "request_exceeds_budget", "{refused}");
    assert!(
        refused["reason"]
            .as_str()
            .unwrap_or_default()
            .contains("budget"),
        "{refused}"
    );
    assert_eq!(refused["attempts"], json!([]));
    let failed = env
        .run(&[
            "sidecar", "requests", "--failed", "--client", "tight", "--json",
        ])
        .json();
    assert_eq!(
        failed["requests"].as_array().map(Vec::len),
        Some(1),
        "{failed}"
    );
    let slow = env
        .run(&["sidecar", "requests", "--slower-than", "1h", "--json"])
        .json();
    assert_eq!(slow["requests"], json!([]));
    assert_eq!(sc.terminate(), Some(0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn follow_prints_a_request_made_after_it_started() {
    let Served { env, sc, .. } = Fixture::new()
        .provider("a", Mode::Ok, "k-aaaaaaaaaaaaaaaaaaa", &["--model", "m"])
        .await
        .serve(&[]);
    let token = crate::support::client_token(&env, "writer-llm", &[]);
    tokio::time::sleep(Duration::from_millis(600)).await;
    call(&sc, &token, &[("x-request-id", "before-follow")], &chat()).await;
    logged(&env, "before-follow").await;

    let mut follow = Command::new(env!("CARGO_BIN_EXE_bizwings"))
        .args(["sidecar", "requests", "--follow", "--json"])
        .env("BIZWINGS_DB", env.db())
        .env("BIZWINGS_MASTER_KEY_FILE", env.key_file())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("follow");
    let stdout = follow.stdout.take().expect("stdout");
    let (lines, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if lines.send(line).is_err() {
                return;
            }
        }
    });
    tokio::time::sleep(Duration::from_millis(700)).await;
    call(&sc, &token, &[("x-request-id", "after-follow")], &chat()).await;
    let line = rx
        .recv_timeout(Duration::from_secs(10))
        .expect("a line from --follow");
    let printed: Value = serde_json::from_str(&line).expect("JSON line");
    assert_eq!(printed["request"]["request_id"], "after-follow", "{line}");
    assert!(
        rx.recv_timeout(Duration::from_millis(300)).is_err(),
        "the request before it is not printed"
    );
    let _ = follow.kill();
    let _ = follow.wait();
    assert_eq!(sc.terminate(), Some(0));
}

/// An OTLP/HTTP receiver: the spans of every export, decoded with the official protobuf
/// definitions.
struct Collector {
    url: String,
    spans: std::sync::Arc<std::sync::Mutex<Vec<Span>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Collector {
    async fn start() -> Self {
        use axum::extract::State;
        type Spans = std::sync::Arc<std::sync::Mutex<Vec<Span>>>;
        async fn export(State(spans): State<Spans>, body: axum::body::Bytes) -> &'static str {
            let request = <ExportTraceServiceRequest as prost::Message>::decode(body)
                .expect("an OTLP protobuf export");
            for rs in request.resource_spans {
                for ss in rs.scope_spans {
                    spans.lock().expect("lock").extend(ss.spans);
                }
            }
            ""
        }
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        let spans: Spans = std::sync::Arc::default();
        let app = axum::Router::new()
            .route("/v1/traces", axum::routing::post(export))
            .with_state(spans.clone());
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Self {
            url: format!("http://{addr}"),
            spans,
            task,
        }
    }

    async fn spans(&self, at_least: usize) -> Vec<Span> {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let spans = self.spans.lock().expect("lock").clone();
            if spans.len() >= at_least || Instant::now() > deadline {
                return spans;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

impl Drop for Collector {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn attribute(span: &Span, key: &str) -> Option<Value> {
    use opentelemetry_proto::tonic::common::v1::any_value::Value as V;
    span.attributes
        .iter()
        .find(|kv| kv.key == key)
        .and_then(|kv| kv.value.as_ref()?.value.as_ref())
        .map(|v| match v {
            V::StringValue(s) => json!(s),
            V::IntValue(i) => json!(i),
            other => json!(format!("{other:?}")),
        })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn spans_carry_the_genai_attributes_and_the_clients_trace_and_a_dead_collector_costs_nothing()
{
    let collector = Collector::start().await;
    let Served { env, sc, .. } = failing_over(&["--otlp-endpoint", &collector.url]).await;
    let token = crate::support::client_token(&env, "writer-llm", &[]);
    tokio::time::sleep(Duration::from_millis(600)).await;
    let traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    let (status, _) = call(&sc, &token, &[("traceparent", traceparent)], &chat()).await;
    assert_eq!(status, 200);
    let spans = collector.spans(3).await;
    assert_eq!(spans.len(), 3, "{spans:?}");
    let request = spans
        .iter()
        .find(|s| s.kind == SpanKind::Server as i32)
        .expect("the request's span");
    assert_eq!(
        hex::encode(&request.trace_id),
        "4bf92f3577b34da6a3ce929d0e0e4736"
    );
    assert_eq!(hex::encode(&request.parent_span_id), "00f067aa0ba902b7");
    assert_eq!(request.name, "chat m");
    assert_eq!(
        attribute(request, "gen_ai.operation.name"),
        Some(json!("chat"))
    );
    assert_eq!(attribute(request, "gen_ai.request.model"), Some(json!("m")));
    assert_eq!(
        attribute(request, "gen_ai.usage.input_tokens"),
        Some(json!(10))
    );
    assert_eq!(
        attribute(request, "gen_ai.usage.output_tokens"),
        Some(json!(5))
    );
    assert_eq!(
        attribute(request, "bizwings.client"),
        Some(json!("writer-llm"))
    );
    let attempts: Vec<&Span> = spans
        .iter()
        .filter(|s| s.kind == SpanKind::Client as i32)
        .collect();
    assert_eq!(attempts.len(), 2);
    for a in &attempts {
        assert_eq!(a.trace_id, request.trace_id);
        assert_eq!(a.parent_span_id, request.span_id);
        assert_eq!(attribute(a, "server.address"), Some(json!("127.0.0.1")));
    }
    let mut codes: Vec<Value> = attempts
        .iter()
        .filter_map(|a| attribute(a, "http.response.status_code"))
        .collect();
    codes.sort_by_key(Value::as_i64);
    assert_eq!(codes, [json!(200), json!(429)]);
    assert_eq!(sc.terminate(), Some(0));

    // With the collector gone, requests still succeed and the spans are counted as dropped.
    let gone = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        format!("http://{}", l.local_addr().expect("addr"))
    };
    let sc = Server::sidecar(&env, &["--otlp-endpoint", &gone]);
    tokio::time::sleep(Duration::from_millis(600)).await;
    for _ in 0..3 {
        assert_eq!(call(&sc, &token, &[], &chat()).await.0, 200);
    }
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let metrics = sc.sidecar_metrics().await;
        let dropped = metrics
            .lines()
            .find(|l| l.starts_with("bizwings_sidecar_otel_spans_total{outcome=\"dropped\"}"))
            .and_then(|l| l.rsplit(' ').next())
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0);
        if dropped >= 6.0 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "no dropped spans counted:\n{metrics}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(sc.terminate(), Some(0));
}

/// #26: with body logging on, a provider key and a client token inside a prompt never reach
/// the DB (checked in the DB and WAL files' bytes, not only in the rows).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logged_bodies_never_hold_a_key_or_a_token() {
    let Served { env, sc, .. } = Fixture::new()
        .provider("a", Mode::Ok, "k-aaaaaaaaaaaaaaaaaaa", &["--model", "m"])
        .await
        .serve(&[]);
    let token = crate::support::client_token(&env, "chatty", &["--log-bodies"]);
    let other = crate::support::client_token(&env, "other", &[]);
    tokio::time::sleep(Duration::from_millis(600)).await;
    let prompt = format!(
        "my provider key is k-aaaaaaaaaaaaaaaaaaa and the other agent's token is {other}; \
         Authorization: Bearer {token}"
    );
    let body = json!({"model": "m", "messages": [{"role": "user", "content": prompt}]});
    let (status, _) = call(&sc, &token, &[("x-request-id", "with-bodies")], &body).await;
    assert_eq!(status, 200);
    let r = logged(&env, "with-bodies").await;
    let kept = r["request_body"]
        .as_str()
        .expect("the request body is kept");
    assert!(kept.contains("my provider key is [redacted]"), "{kept}");
    assert!(
        r["response_body"]
            .as_str()
            .is_some_and(|b| b.contains("hello")),
        "{r}"
    );
    // A client without --log-bodies keeps none.
    call(&sc, &other, &[("x-request-id", "without-bodies")], &body).await;
    let r = logged(&env, "without-bodies").await;
    assert!(
        r.get("request_body").is_none() && r.get("response_body").is_none(),
        "{r}"
    );
    assert_eq!(sc.terminate(), Some(0));
    let db = env.db();
    for file in [db.clone(), db.with_extension("db-wal")] {
        let Ok(bytes) = std::fs::read(&file) else {
            continue;
        };
        for secret in ["k-aaaaaaaaaaaaaaaaaaa", other.as_str(), token.as_str()] {
            assert!(
                !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
                "{secret} is in {}",
                file.display()
            );
        }
    }
}
