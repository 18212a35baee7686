//! `sidecar serve --demo`: an in-process stand-in for two OpenAI-compatible providers, so the
//! proxy, failover, cooldowns, usage and the dashboard can be tried without a single key. It
//! listens on a free loopback port and answers chat (plain and streamed, with usage counted
//! from the words), embeddings and the model list. A share of the primary's answers can be
//! 429s; the fallback never refuses.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use futures_util::StreamExt as _;
use serde_json::{Value, json};

use crate::server::{self, Limits};

/// The chat model both demo providers serve.
pub const CHAT_MODEL: &str = "demo-chat";
/// The embedding model both demo providers serve.
pub const EMBED_MODEL: &str = "demo-embed";
/// The primary demo provider's path prefix (and provider name).
pub const PRIMARY: &str = "demo";
/// The fallback demo provider's path prefix (and provider name).
pub const FALLBACK: &str = "demo-backup";

struct Upstream {
    /// Percent of the primary's answers that are 429 (0-100).
    share_429: u64,
    served: AtomicU64,
}

impl Upstream {
    /// Spreads the 429s evenly: answer n is refused when the running count of refusals steps
    /// up at n (with 50 %: every second answer, starting with the second).
    fn refuse(&self, provider: &str) -> bool {
        if provider != PRIMARY {
            return false;
        }
        let n = self.served.fetch_add(1, Ordering::Relaxed);
        n * self.share_429 / 100 != (n + 1) * self.share_429 / 100
    }

    /// The request's JSON, or the 429 or 400 that answers it instead.
    fn take(&self, provider: &str, body: &[u8]) -> Result<Value, Box<Response>> {
        if self.refuse(provider) {
            return Err(Box::new(rate_limited()));
        }
        serde_json::from_slice(body).map_err(|_| Box::new(bad_request("the body is not JSON")))
    }
}

/// Starts the demo upstream on its own thread and returns the base URLs of the primary and
/// the fallback provider (`http://127.0.0.1:PORT/demo/v1`, `.../demo-backup/v1`).
pub fn start(share_429: u8) -> std::io::Result<(String, String)> {
    let listener = std::net::TcpListener::bind(("127.0.0.1", 0))?;
    listener.set_nonblocking(true)?;
    let addr: SocketAddr = listener.local_addr()?;
    let upstream = Arc::new(Upstream {
        share_429: u64::from(share_429.min(100)),
        served: AtomicU64::new(0),
    });
    let router = Router::new()
        .route("/{provider}/v1/chat/completions", post(chat))
        .route("/{provider}/v1/embeddings", post(embeddings))
        .route("/{provider}/v1/models", get(models))
        .with_state(upstream);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    std::thread::Builder::new()
        .name("bizwings-demo".into())
        .spawn(move || {
            runtime.block_on(async move {
                let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
                    return;
                };
                let stop = std::future::pending::<()>();
                if let Err(err) =
                    server::serve_until(listener, router, Limits::default(), None, stop).await
                {
                    tracing::error!(error = %err, "demo upstream stopped");
                }
            });
        })?;
    let base = |provider: &str| format!("http://{addr}/{provider}/v1");
    Ok((base(PRIMARY), base(FALLBACK)))
}

fn words(text: &str) -> u64 {
    text.split_whitespace().count().max(1) as u64
}

fn rate_limited() -> Response {
    (
        StatusCode::TOO_MANY_REQUESTS,
        [(header::RETRY_AFTER, "1")],
        axum::Json(json!({"error": {
            "message": "demo: rate limit (the share set by --demo-429)",
            "type": "rate_limit_error",
        }})),
    )
        .into_response()
}

fn bad_request(message: &str) -> Response {
    (
        StatusCode::BAD_REQUEST,
        axum::Json(json!({"error": {"message": message, "type": "invalid_request_error"}})),
    )
        .into_response()
}

async fn chat(
    State(upstream): State<Arc<Upstream>>,
    Path(provider): Path<String>,
    body: Bytes,
) -> Response {
    let request = match upstream.take(&provider, &body) {
        Ok(request) => request,
        Err(refused) => return *refused,
    };
    let model = request["model"].as_str().unwrap_or(CHAT_MODEL).to_owned();
    let messages = request["messages"].as_array().cloned().unwrap_or_default();
    let prompt: String = messages
        .iter()
        .filter_map(|m| m["content"].as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let last: String = messages
        .last()
        .and_then(|m| m["content"].as_str())
        .unwrap_or("")
        .chars()
        .take(80)
        .collect();
    let answer = format!("Hello from {provider}, the bizwings demo provider. You said: {last}");
    let usage = json!({
        "prompt_tokens": words(&prompt),
        "completion_tokens": words(&answer),
        "total_tokens": words(&prompt) + words(&answer),
    });
    let id = format!("chatcmpl-demo-{}", upstream.served.load(Ordering::Relaxed));
    if request["stream"].as_bool() != Some(true) {
        return axum::Json(json!({
            "id": id, "object": "chat.completion", "created": 0, "model": model,
            "choices": [{"index": 0, "finish_reason": "stop",
                         "message": {"role": "assistant", "content": answer}}],
            "usage": usage,
        }))
        .into_response();
    }
    let chunk = |delta: Value, finish: Value| {
        json!({"id": id, "object": "chat.completion.chunk", "created": 0, "model": model,
               "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]})
    };
    let mut events = vec![chunk(
        json!({"role": "assistant", "content": ""}),
        Value::Null,
    )];
    events.extend(
        answer
            .split_inclusive(' ')
            .map(|w| chunk(json!({"content": w}), Value::Null)),
    );
    events.push(chunk(json!({}), json!("stop")));
    if request["stream_options"]["include_usage"].as_bool() == Some(true) {
        events.push(
            json!({"id": id, "object": "chat.completion.chunk", "created": 0,
                           "model": model, "choices": [], "usage": usage}),
        );
    }
    let frames = events
        .into_iter()
        .map(|e| format!("data: {e}\n\n"))
        .chain(std::iter::once("data: [DONE]\n\n".to_owned()));
    // A word every 20 ms, so a terminal or the dashboard shows it streaming.
    let stream = futures_util::stream::iter(frames).then(|frame| async move {
        tokio::time::sleep(Duration::from_millis(20)).await;
        Ok::<_, std::convert::Infallible>(Bytes::from(frame))
    });
    (
        [(header::CONTENT_TYPE, "text/event-stream")],
        Body::from_stream(stream),
    )
        .into_response()
}

async fn embeddings(
    State(upstream): State<Arc<Upstream>>,
    Path(provider): Path<String>,
    body: Bytes,
) -> Response {
    let request = match upstream.take(&provider, &body) {
        Ok(request) => request,
        Err(refused) => return *refused,
    };
    let inputs: Vec<String> = match &request["input"] {
        Value::String(s) => vec![s.clone()],
        Value::Array(items) => items
            .iter()
            .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_owned))
            .collect(),
        _ => return bad_request("input must be a string or an array"),
    };
    // A small vector derived from the text, so equal inputs embed equally.
    let vector = |text: &str| -> Vec<f64> {
        use sha2::Digest as _;
        let digest = sha2::Sha256::digest(text.as_bytes());
        digest[..8]
            .iter()
            .map(|b| f64::from(*b) / 255.0 - 0.5)
            .collect()
    };
    let tokens: u64 = inputs.iter().map(|i| words(i)).sum();
    let data: Vec<Value> = inputs
        .iter()
        .enumerate()
        .map(|(i, text)| json!({"object": "embedding", "index": i, "embedding": vector(text)}))
        .collect();
    let model = request["model"].as_str().unwrap_or(EMBED_MODEL);
    axum::Json(json!({
        "object": "list", "model": model, "data": data,
        "usage": {"prompt_tokens": tokens, "total_tokens": tokens},
    }))
    .into_response()
}

async fn models() -> Response {
    let data = [CHAT_MODEL, EMBED_MODEL]
        .map(|id| json!({"id": id, "object": "model", "created": 0, "owned_by": "bizwings-demo"}));
    axum::Json(json!({"object": "list", "data": data})).into_response()
}
