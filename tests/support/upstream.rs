//! A real HTTP server speaking the OpenAI API on 127.0.0.1, standing in for an LLM provider.
//! Its behaviour can be switched while a test runs, and it records what it was sent.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use super::Env;

/// How the fake provider answers.
#[derive(Debug, Clone)]
pub(crate) enum Mode {
    Ok,
    /// 429, with this `Retry-After` if given.
    RateLimited(Option<String>),
    /// 429 for the first N requests, then Ok.
    RateLimitedFirst(usize),
    /// Every other request is a 429.
    Flaky429,
    Error500,
    Unauthorized,
    /// Answers after this delay.
    Slow(Duration),
    /// Anthropic's 529 "overloaded".
    Overloaded,
}

/// One request as the provider saw it.
#[derive(Debug, Clone)]
pub(crate) struct Seen {
    pub(crate) model: Option<String>,
    pub(crate) auth: String,
    /// Anthropic's key header and API version.
    pub(crate) api_key: String,
    pub(crate) anthropic_version: String,
    /// Every header name, lower case, as it arrived.
    pub(crate) header_names: Vec<String>,
    pub(crate) body: serde_json::Value,
}

pub(crate) struct Shared {
    pub(crate) name: String,
    mode: Mutex<Mode>,
    pub(crate) seen: Mutex<Vec<Seen>>,
    pub(crate) hits: AtomicUsize,
    /// GET /v1/models calls (health probes).
    pub(crate) probes: AtomicUsize,
    /// Delay between streamed chunks.
    pub(crate) chunk_delay: Mutex<Duration>,
    /// Set when a stream has sent its last byte.
    pub(crate) stream_finished: AtomicBool,
    /// Set when the reader of a stream went away before its end.
    pub(crate) stream_cancelled: AtomicBool,
    /// Chat requests being answered now (a stream until its last byte), and the most at once.
    pub(crate) in_flight: AtomicUsize,
    pub(crate) max_in_flight: AtomicUsize,
    /// The usage it reports instead of PROMPT_TOKENS and COMPLETION_TOKENS.
    pub(crate) usage: Mutex<Option<(u64, u64)>>,
    /// Answer chat without a usage object, as some providers do.
    pub(crate) omit_usage: AtomicBool,
    /// Ids of the Responses it made (a real provider keeps its own, and knows no other's).
    pub(crate) responses: Mutex<Vec<String>>,
}

/// Counts one chat request in flight until dropped.
struct InFlight(Arc<Shared>);

impl InFlight {
    fn new(shared: &Arc<Shared>) -> Self {
        let now = shared.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        shared.max_in_flight.fetch_max(now, Ordering::SeqCst);
        Self(shared.clone())
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

/// A running fake provider; stops with the test's runtime.
pub(crate) struct Upstream {
    pub(crate) addr: SocketAddr,
    pub(crate) shared: Arc<Shared>,
}

impl Upstream {
    pub(crate) async fn start(name: &str, mode: Mode) -> Self {
        let shared = Arc::new(Shared {
            name: name.to_owned(),
            mode: Mutex::new(mode),
            seen: Mutex::new(Vec::new()),
            hits: AtomicUsize::new(0),
            probes: AtomicUsize::new(0),
            chunk_delay: Mutex::new(Duration::from_millis(20)),
            stream_finished: AtomicBool::new(false),
            stream_cancelled: AtomicBool::new(false),
            in_flight: AtomicUsize::new(0),
            max_in_flight: AtomicUsize::new(0),
            usage: Mutex::new(None),
            omit_usage: AtomicBool::new(false),
            responses: Mutex::new(Vec::new()),
        });
        let app = Router::new()
            .route("/v1/chat/completions", post(chat))
            .route("/v1/completions", post(chat))
            .route("/v1/embeddings", post(embeddings))
            .route("/v1/models", get(models))
            .route("/v1/boom", post(boom).get(boom))
            .route("/v1/messages", post(super::dialects::messages))
            .route(
                "/v1/messages/count_tokens",
                post(super::dialects::count_tokens),
            )
            .route("/v1/responses", post(super::dialects::responses))
            .route("/v1/responses/{id}", get(super::dialects::stored))
            .route("/v1/{*rest}", post(echo).get(echo))
            .with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind upstream");
        let addr = listener.local_addr().expect("addr");
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Self { addr, shared }
    }

    /// A "provider" that accepts connections and resets them without answering.
    pub(crate) async fn resetting() -> SocketAddr {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                // Closing with the request unread makes Linux answer with a reset.
                tokio::spawn(async move {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    drop(stream);
                });
            }
        });
        addr
    }

    pub(crate) fn base_url(&self) -> String {
        format!("http://{}/v1", self.addr)
    }

    pub(crate) fn set_mode(&self, mode: Mode) {
        *self.shared.mode.lock().expect("lock") = mode;
    }

    pub(crate) fn set_chunk_delay(&self, delay: Duration) {
        *self.shared.chunk_delay.lock().expect("lock") = delay;
    }

    pub(crate) fn hits(&self) -> usize {
        self.shared.hits.load(Ordering::SeqCst)
    }

    pub(crate) fn seen(&self) -> Vec<Seen> {
        self.shared.seen.lock().expect("lock").clone()
    }
}

/// Decides the answer; `None` means answer normally.
pub(crate) fn misbehave(shared: &Shared, n: usize) -> Option<Response> {
    let mode = shared.mode.lock().expect("lock").clone();
    let too_many = |retry: Option<String>| {
        let mut r = (
            StatusCode::TOO_MANY_REQUESTS,
            axum::Json(serde_json::json!({"error": {"message": "rate limited", "type": "rate_limit_error"}})),
        )
            .into_response();
        if let Some(v) = retry {
            r.headers_mut()
                .insert(header::RETRY_AFTER, v.parse().expect("header"));
        }
        r
    };
    match mode {
        Mode::Ok | Mode::Slow(_) => None,
        Mode::RateLimited(retry) => Some(too_many(retry)),
        Mode::RateLimitedFirst(k) => (n < k).then(|| too_many(None)),
        Mode::Flaky429 => n.is_multiple_of(2).then(|| too_many(None)),
        Mode::Error500 => {
            Some((StatusCode::INTERNAL_SERVER_ERROR, "upstream exploded").into_response())
        }
        Mode::Overloaded => Some(
            (
                StatusCode::from_u16(529).expect("529"),
                axum::Json(serde_json::json!({"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}})),
            )
                .into_response(),
        ),
        Mode::Unauthorized => Some(
            (
                StatusCode::UNAUTHORIZED,
                axum::Json(serde_json::json!({"error": {"message": "invalid api key"}})),
            )
                .into_response(),
        ),
    }
}

pub(crate) async fn record(shared: &Shared, headers: &HeaderMap, body: &Bytes) -> usize {
    let n = shared.hits.fetch_add(1, Ordering::SeqCst);
    let json: serde_json::Value = serde_json::from_slice(body).unwrap_or(serde_json::Value::Null);
    let text = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    shared.seen.lock().expect("lock").push(Seen {
        model: json["model"].as_str().map(str::to_owned),
        auth: text("authorization"),
        api_key: text("x-api-key"),
        anthropic_version: text("anthropic-version"),
        header_names: headers.keys().map(|k| k.as_str().to_owned()).collect(),
        body: json,
    });
    let mode = shared.mode.lock().expect("lock").clone();
    if let Mode::Slow(delay) = mode {
        tokio::time::sleep(delay).await;
    }
    n
}

pub(crate) const PROMPT_TOKENS: u64 = 10;
pub(crate) const COMPLETION_TOKENS: u64 = 5;

async fn chat(State(shared): State<Arc<Shared>>, headers: HeaderMap, body: Bytes) -> Response {
    let counted = InFlight::new(&shared);
    let n = record(&shared, &headers, &body).await;
    if let Some(r) = misbehave(&shared, n) {
        return r;
    }
    let req: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
    let model = req["model"].as_str().unwrap_or("?").to_owned();
    let (prompt, completion) = shared
        .usage
        .lock()
        .expect("lock")
        .unwrap_or((PROMPT_TOKENS, COMPLETION_TOKENS));
    let usage = serde_json::json!({"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion});
    if req["stream"].as_bool() != Some(true) {
        let mut answer = serde_json::json!({
            "id": format!("chatcmpl-{n}"), "object": "chat.completion", "created": 0, "model": model,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": format!("hello from {}", shared.name)}, "finish_reason": "stop"}],
            "usage": usage,
        });
        if shared.omit_usage.load(Ordering::SeqCst) {
            answer.as_object_mut().expect("object").remove("usage");
        }
        return axum::Json(answer).into_response();
    }
    let include_usage = req["stream_options"]["include_usage"].as_bool() == Some(true);
    let delay = *shared.chunk_delay.lock().expect("lock");
    shared.stream_finished.store(false, Ordering::SeqCst);
    let shared2 = shared.clone();
    let stream = async_stream(move |tx| async move {
        let _counted = counted;
        for (i, word) in ["hel", "lo ", "there"].iter().enumerate() {
            let chunk = serde_json::json!({"id": "c", "object": "chat.completion.chunk", "created": 0, "model": model,
                "choices": [{"index": 0, "delta": {"content": word}, "finish_reason": if i == 2 { Some("stop") } else { None }}]});
            if tx.send(format!("data: {chunk}\n\n")).await.is_err() {
                shared2.stream_cancelled.store(true, Ordering::SeqCst);
                return;
            }
            tokio::time::sleep(delay).await;
        }
        if include_usage {
            let chunk = serde_json::json!({"id": "c", "object": "chat.completion.chunk", "created": 0, "model": model, "choices": [], "usage": usage});
            let _ = tx.send(format!("data: {chunk}\n\n")).await;
        }
        let _ = tx.send("data: [DONE]\n\n".to_owned()).await;
        shared2.stream_finished.store(true, Ordering::SeqCst);
    });
    Response::builder()
        .header(header::CONTENT_TYPE, "text/event-stream")
        .body(stream)
        .expect("response")
}

/// A body fed by a task through a channel.
pub(crate) fn async_stream<F, Fut>(producer: F) -> Body
where
    F: FnOnce(tokio::sync::mpsc::Sender<String>) -> Fut,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let (tx, mut rx) = tokio::sync::mpsc::channel::<String>(4);
    tokio::spawn(producer(tx));
    let stream = futures_util::stream::poll_fn(move |cx| {
        rx.poll_recv(cx)
            .map(|o| o.map(|s| Ok::<_, std::io::Error>(Bytes::from(s))))
    });
    Body::from_stream(stream)
}

async fn embeddings(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let n = record(&shared, &headers, &body).await;
    if let Some(r) = misbehave(&shared, n) {
        return r;
    }
    axum::Json(serde_json::json!({"object": "list", "data": [{"object": "embedding", "index": 0, "embedding": [0.1, 0.2]}],
        "model": "e", "usage": {"prompt_tokens": 3, "total_tokens": 3}}))
    .into_response()
}

async fn models(State(shared): State<Arc<Shared>>) -> Response {
    shared.probes.fetch_add(1, Ordering::SeqCst);
    if matches!(*shared.mode.lock().expect("lock"), Mode::Error500) {
        return (StatusCode::INTERNAL_SERVER_ERROR, "down").into_response();
    }
    axum::Json(serde_json::json!({"object": "list", "data": []})).into_response()
}

/// A path that always fails, whatever the mode: 500 with a `server` header.
async fn boom(State(shared): State<Arc<Shared>>) -> Response {
    shared.hits.fetch_add(1, Ordering::SeqCst);
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        [(header::SERVER, "upstream-secret-stack/1.2")],
        "boom",
    )
        .into_response()
}

async fn echo(
    State(shared): State<Arc<Shared>>,
    uri: axum::http::Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let n = record(&shared, &headers, &body).await;
    if let Some(refused) = misbehave(&shared, n) {
        return refused;
    }
    axum::Json(serde_json::json!({"path": uri.path(), "query": uri.query(), "from": shared.name}))
        .into_response()
}

/// Adds a provider named `name` for `base_url`, its key on stdin, with more `provider add`
/// flags (`--model m`, `--rpm 60`, `--pool fallback`).
pub(crate) fn add_provider(env: &Env, name: &str, base_url: &str, key: &str, flags: &[&str]) {
    env.cmd()
        .args(&["provider", "add", name, "--url", base_url, "--key-stdin"])
        .args(flags)
        .stdin(key)
        .run()
        .success();
}

/// The preamble of most sidecar tests: a fake provider `name` in `mode`, added to `env` with
/// `key` and `flags`.
pub(crate) async fn provide(
    env: &Env,
    name: &str,
    mode: Mode,
    key: &str,
    flags: &[&str],
) -> Upstream {
    let up = Upstream::start(name, mode).await;
    add_provider(env, name, &up.base_url(), key, flags);
    up
}
