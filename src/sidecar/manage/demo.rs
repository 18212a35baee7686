//! `sidecar serve --demo`: an in-process stand-in for two providers, so the proxy, failover,
//! cooldowns, usage and the dashboard can be tried without a single key. It listens on a free
//! loopback port and answers in all three dialects: chat (plain and streamed, with usage
//! counted from the words), embeddings and the model list; OpenAI Responses (plain and
//! streamed, stored per provider for `previous_response_id` and `GET /responses/{id}`); and
//! Anthropic Messages (plain and streamed, a thinking block when asked, a tool call when
//! tools are given, `count_tokens`). A share of the primary's answers can be 429s; the
//! fallback never refuses.

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
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
use crate::state::providers::Pool;

/// The chat model both demo providers serve.
pub const CHAT_MODEL: &str = "demo-chat";
/// The embedding model both demo providers serve.
pub const EMBED_MODEL: &str = "demo-embed";
/// The primary demo provider's path prefix (and provider name).
pub const PRIMARY: &str = "demo";
/// The fallback demo provider's path prefix (and provider name).
pub const FALLBACK: &str = "demo-backup";
/// The models both serve, with their prices: USD per 1M input and output tokens.
pub const MODELS: [(&str, f64, f64); 2] = [(CHAT_MODEL, 0.15, 0.60), (EMBED_MODEL, 0.02, 0.0)];

struct Upstream {
    /// Percent of the primary's answers that are 429 (0-100).
    share_429: u64,
    served: AtomicU64,
    /// Responses stored per provider, by id (the newest few hundred).
    stored: Mutex<VecDeque<(String, String, Value)>>,
}

/// Responses the demo keeps for `GET /responses/{id}` and follow-ups.
const STORED_MAX: usize = 256;

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

/// Starts the demo upstream on its own thread and returns the providers it stands in for:
/// name, base URL (`http://127.0.0.1:PORT/demo/v1`, `.../demo-backup/v1`) and pool.
pub fn start(share_429: u8) -> std::io::Result<[(&'static str, String, Pool); 2]> {
    let listener = std::net::TcpListener::bind(("127.0.0.1", 0))?;
    listener.set_nonblocking(true)?;
    let addr: SocketAddr = listener.local_addr()?;
    let upstream = Arc::new(Upstream {
        share_429: u64::from(share_429.min(100)),
        served: AtomicU64::new(0),
        stored: Mutex::new(VecDeque::new()),
    });
    let router = Router::new()
        .route("/{provider}/v1/chat/completions", post(chat))
        .route("/{provider}/v1/completions", post(completions))
        .route("/{provider}/v1/embeddings", post(embeddings))
        .route("/{provider}/v1/models", get(models))
        .route("/{provider}/v1/responses", post(responses))
        .route("/{provider}/v1/responses/{id}", get(stored_response))
        .route("/{provider}/v1/messages", post(messages))
        .route("/{provider}/v1/messages/count_tokens", post(count_tokens))
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
    tracing::info!(
        models = %format_args!("{CHAT_MODEL}, {EMBED_MODEL}"),
        share_429,
        "demo: providers demo and demo-backup answer in-process (remove them with `bizwings provider rm demo demo-backup`)"
    );
    Ok([
        (PRIMARY, base(PRIMARY), Pool::Primary),
        (FALLBACK, base(FALLBACK), Pool::Fallback),
    ])
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

/// An OpenAI-shaped client error.
fn invalid(status: StatusCode, message: &str, param: Option<&str>) -> Response {
    (
        status,
        axum::Json(
            json!({"error": {"message": message, "type": "invalid_request_error",
                                    "param": param}}),
        ),
    )
        .into_response()
}

fn bad_request(message: &str) -> Response {
    invalid(StatusCode::BAD_REQUEST, message, None)
}

/// What the demo says back: who answers, and the start of what it was told.
fn reply(provider: &str, said: &str) -> String {
    format!(
        "Hello from {provider}, the bizwings demo provider. You said: {}",
        said.chars().take(80).collect::<String>()
    )
}

/// Legacy `/completions`: the prompt's words and an answer, unstreamed.
async fn completions(
    State(upstream): State<Arc<Upstream>>,
    Path(provider): Path<String>,
    body: Bytes,
) -> Response {
    let request = match upstream.take(&provider, &body) {
        Ok(request) => request,
        Err(refused) => return *refused,
    };
    let model = request["model"].as_str().unwrap_or(CHAT_MODEL).to_owned();
    let prompt = request["prompt"].as_str().unwrap_or_default();
    let answer = reply(&provider, prompt);
    axum::Json(json!({
        "id": format!("cmpl-demo-{}", upstream.served.load(Ordering::Relaxed)),
        "object": "text_completion", "created": 0, "model": model,
        "choices": [{"index": 0, "text": answer, "finish_reason": "stop"}],
        "usage": {
            "prompt_tokens": words(prompt),
            "completion_tokens": words(&answer),
            "total_tokens": words(prompt) + words(&answer),
        },
    }))
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
    let last = messages
        .last()
        .and_then(|m| m["content"].as_str())
        .unwrap_or("");
    let answer = reply(&provider, last);
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
        .chain(std::iter::once("data: [DONE]\n\n".to_owned()))
        .collect();
    sse(frames)
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

/// A stream of SSE frames, one every 20 ms so a terminal shows it streaming.
fn sse(frames: Vec<String>) -> Response {
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

/// `event: TYPE` and its JSON data, as Responses and Messages streams name their events.
fn event(data: &Value) -> String {
    format!(
        "event: {}\ndata: {data}\n\n",
        data["type"].as_str().unwrap_or("message")
    )
}

/// The text of a Responses `input` or a Messages `messages` list: strings, or content parts
/// with `text`.
fn text_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(text_of).collect::<Vec<_>>().join(" "),
        Value::Object(o) => o
            .get("text")
            .or_else(|| o.get("content"))
            .map(text_of)
            .unwrap_or_default(),
        _ => String::new(),
    }
}

impl Upstream {
    fn store(&self, provider: &str, id: &str, response: Value) {
        let mut stored = self.stored.lock().unwrap_or_else(PoisonError::into_inner);
        stored.push_back((provider.to_owned(), id.to_owned(), response));
        if stored.len() > STORED_MAX {
            stored.pop_front();
        }
    }

    fn stored(&self, provider: &str, id: &str) -> Option<Value> {
        let stored = self.stored.lock().unwrap_or_else(PoisonError::into_inner);
        stored
            .iter()
            .find(|(p, i, _)| p == provider && i == id)
            .map(|(_, _, r)| r.clone())
    }
}

fn not_found(message: &str, param: &str) -> Response {
    invalid(StatusCode::NOT_FOUND, message, Some(param))
}

/// `POST /v1/responses`, OpenAI's shape: the full response, or its event stream ending in
/// `response.completed` with the usage. A `previous_response_id` must be one this provider
/// made, as at a real provider.
async fn responses(
    State(upstream): State<Arc<Upstream>>,
    Path(provider): Path<String>,
    body: Bytes,
) -> Response {
    let request = match upstream.take(&provider, &body) {
        Ok(request) => request,
        Err(refused) => return *refused,
    };
    let previous = request["previous_response_id"].as_str();
    if let Some(prev) = previous
        && upstream.stored(&provider, prev).is_none()
    {
        return not_found(
            &format!("Previous response with id '{prev}' not found."),
            "previous_response_id",
        );
    }
    let model = request["model"].as_str().unwrap_or(CHAT_MODEL).to_owned();
    let said = text_of(&request["input"]);
    let answer = reply(&provider, &said);
    let n = upstream.served.load(Ordering::Relaxed);
    let (id, item_id) = (format!("resp_demo{provider}{n}"), format!("msg_demo{n}"));
    let id = id.replace('-', "_");
    let usage = json!({
        "input_tokens": words(&said), "input_tokens_details": {"cached_tokens": 0},
        "output_tokens": words(&answer), "output_tokens_details": {"reasoning_tokens": 0},
        "total_tokens": words(&said) + words(&answer),
    });
    let item = |status: &str, text: &str| {
        json!({"type": "message", "id": item_id, "status": status, "role": "assistant",
               "content": [{"type": "output_text", "text": text, "annotations": []}]})
    };
    let response = |status: &str, output: Value, usage: Value| {
        json!({"id": id, "object": "response", "created_at": 0, "status": status,
               "model": model, "output": output, "usage": usage, "error": null,
               "incomplete_details": null, "instructions": null, "metadata": {},
               "parallel_tool_calls": true, "tool_choice": "auto", "tools": [],
               "temperature": 1.0, "top_p": 1.0, "previous_response_id": previous})
    };
    let done = response("completed", json!([item("completed", &answer)]), usage);
    upstream.store(&provider, &id, done.clone());
    if request["stream"].as_bool() != Some(true) {
        return axum::Json(done).into_response();
    }
    let mut seq = 0;
    let mut next = |mut e: Value| {
        e["sequence_number"] = json!(seq);
        seq += 1;
        event(&e)
    };
    let mut frames = vec![
        next(json!({"type": "response.created",
                    "response": response("in_progress", json!([]), Value::Null)})),
        next(
            json!({"type": "response.output_item.added", "output_index": 0,
                    "item": {"type": "message", "id": item_id, "status": "in_progress",
                             "role": "assistant", "content": []}}),
        ),
        next(
            json!({"type": "response.content_part.added", "item_id": item_id,
                    "output_index": 0, "content_index": 0,
                    "part": {"type": "output_text", "text": "", "annotations": []}}),
        ),
    ];
    for w in answer.split_inclusive(' ') {
        frames.push(next(
            json!({"type": "response.output_text.delta", "item_id": item_id,
                                "output_index": 0, "content_index": 0, "delta": w}),
        ));
    }
    frames.push(next(
        json!({"type": "response.output_text.done", "item_id": item_id,
                            "output_index": 0, "content_index": 0, "text": answer}),
    ));
    frames.push(next(
        json!({"type": "response.output_item.done", "output_index": 0,
                            "item": item("completed", &answer)}),
    ));
    frames.push(next(
        json!({"type": "response.completed", "response": done}),
    ));
    sse(frames)
}

/// `GET /v1/responses/{id}`: a response this provider made.
async fn stored_response(
    State(upstream): State<Arc<Upstream>>,
    Path((provider, id)): Path<(String, String)>,
) -> Response {
    match upstream.stored(&provider, &id) {
        Some(response) => axum::Json(response).into_response(),
        None => not_found(
            &format!("Response with id '{id}' not found."),
            "response_id",
        ),
    }
}

/// `POST /v1/messages`, Anthropic's shape: a thinking block when `thinking` is enabled, a
/// `tool_use` block when tools are given, else text; streamed as `message_start` …
/// `message_stop` with the input usage first and the output usage in `message_delta`.
async fn messages(
    State(upstream): State<Arc<Upstream>>,
    Path(provider): Path<String>,
    body: Bytes,
) -> Response {
    if upstream.refuse(&provider) {
        return (
            StatusCode::TOO_MANY_REQUESTS,
            [(header::RETRY_AFTER, "1")],
            axum::Json(
                json!({"type": "error", "error": {"type": "rate_limit_error",
                "message": "demo: rate limit (the share set by --demo-429)"}}),
            ),
        )
            .into_response();
    }
    let Ok(request) = serde_json::from_slice::<Value>(&body) else {
        return (
            StatusCode::BAD_REQUEST,
            axum::Json(
                json!({"type": "error", "error": {"type": "invalid_request_error",
                                                          "message": "the body is not JSON"}}),
            ),
        )
            .into_response();
    };
    let model = request["model"].as_str().unwrap_or(CHAT_MODEL).to_owned();
    let said = text_of(&request["messages"]);
    let answer = reply(&provider, &said);
    let thinking = request["thinking"]["type"].as_str() == Some("enabled");
    let tool = request["tools"][0]["name"].as_str().map(str::to_owned);
    let mut blocks = Vec::new();
    if thinking {
        blocks.push(
            json!({"type": "thinking", "thinking": "The user greets me; I greet back.",
                           "signature": "demo-signature"}),
        );
    }
    match &tool {
        Some(name) => blocks.push(json!({"type": "tool_use", "id": "toolu_demo", "name": name,
                                         "input": {"query": said.chars().take(40).collect::<String>()}})),
        None => blocks.push(json!({"type": "text", "text": answer})),
    }
    let stop = if tool.is_some() {
        "tool_use"
    } else {
        "end_turn"
    };
    let output = words(&answer) + if thinking { 8 } else { 0 };
    let usage = json!({"input_tokens": words(&said), "output_tokens": output,
                       "cache_creation_input_tokens": 0, "cache_read_input_tokens": 0});
    let id = format!("msg_demo{}", upstream.served.load(Ordering::Relaxed));
    let message = |content: Value, stop: Value, usage: Value| {
        json!({"id": id, "type": "message", "role": "assistant", "model": model,
               "content": content, "stop_reason": stop, "stop_sequence": null, "usage": usage})
    };
    if request["stream"].as_bool() != Some(true) {
        return axum::Json(message(json!(blocks), json!(stop), usage)).into_response();
    }
    let mut start_usage = usage.clone();
    start_usage["output_tokens"] = json!(1);
    let start = message(json!([]), Value::Null, start_usage);
    sse(message_events(&start, &blocks, &answer, (stop, output)))
}

/// A Messages stream of `blocks`: `message_start` with the input usage, each block's start,
/// deltas and stop, then `message_delta` with the output usage, and `message_stop`.
fn message_events(
    start: &Value,
    blocks: &[Value],
    answer: &str,
    (stop, output): (&str, u64),
) -> Vec<String> {
    let mut frames = vec![
        event(&json!({"type": "message_start", "message": start})),
        event(&json!({"type": "ping"})),
    ];
    for (index, block) in blocks.iter().enumerate() {
        let (start, deltas): (Value, Vec<Value>) = match block["type"].as_str() {
            Some("thinking") => (
                json!({"type": "thinking", "thinking": ""}),
                vec![
                    json!({"type": "thinking_delta", "thinking": block["thinking"]}),
                    json!({"type": "signature_delta", "signature": block["signature"]}),
                ],
            ),
            Some("tool_use") => (
                json!({"type": "tool_use", "id": block["id"], "name": block["name"], "input": {}}),
                vec![json!({"type": "input_json_delta",
                            "partial_json": block["input"].to_string()})],
            ),
            _ => (
                json!({"type": "text", "text": ""}),
                answer
                    .split_inclusive(' ')
                    .map(|w| json!({"type": "text_delta", "text": w}))
                    .collect(),
            ),
        };
        frames.push(event(
            &json!({"type": "content_block_start", "index": index,
                                  "content_block": start}),
        ));
        for delta in deltas {
            frames.push(event(
                &json!({"type": "content_block_delta", "index": index,
                                      "delta": delta}),
            ));
        }
        frames.push(event(
            &json!({"type": "content_block_stop", "index": index}),
        ));
    }
    frames.push(event(&json!({"type": "message_delta",
                              "delta": {"stop_reason": stop, "stop_sequence": null},
                              "usage": {"output_tokens": output}})));
    frames.push(event(&json!({"type": "message_stop"})));
    frames
}

/// `POST /v1/messages/count_tokens`.
async fn count_tokens(body: Bytes) -> Response {
    let request: Value = serde_json::from_slice(&body).unwrap_or_default();
    axum::Json(json!({"input_tokens": words(&text_of(&request["messages"]))})).into_response()
}
