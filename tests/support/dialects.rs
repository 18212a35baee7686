//! The fake provider's Anthropic Messages and OpenAI Responses endpoints, answering as those
//! APIs document it: Messages' `{"type":"error",…}` errors, its `message_start` … `message_stop`
//! events with the input usage first and the output usage in `message_delta`; Responses' full
//! object, its `response.created` … `response.completed` events with the usage in the last,
//! stored responses and `previous_response_id` known only to the provider that made them.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::upstream::{COMPLETION_TOKENS, PROMPT_TOKENS, Shared, async_stream, misbehave, record};

/// An error as Anthropic shapes it, with the status the fake provider chose.
fn anthropic_error(r: &Response) -> Response {
    let status = r.status();
    let kind = match status.as_u16() {
        429 => "rate_limit_error",
        529 => "overloaded_error",
        401 => "authentication_error",
        _ => "api_error",
    };
    let retry = r.headers().get(header::RETRY_AFTER).cloned();
    let mut out = (
        status,
        axum::Json(json!({"type": "error", "error": {"type": kind, "message": kind}})),
    )
        .into_response();
    if let Some(v) = retry {
        out.headers_mut().insert(header::RETRY_AFTER, v);
    }
    out
}

fn usage_of(shared: &Shared) -> (u64, u64) {
    shared
        .usage
        .lock()
        .expect("lock")
        .unwrap_or((PROMPT_TOKENS, COMPLETION_TOKENS))
}

/// Server-sent events named by their `type`, as Messages and Responses streams are.
fn events(frames: Vec<Value>) -> Response {
    let body = async_stream(move |tx| async move {
        for f in frames {
            let text = format!("event: {}\ndata: {f}\n\n", f["type"].as_str().unwrap_or(""));
            if tx.send(text).await.is_err() {
                return;
            }
        }
    });
    Response::builder()
        .header(header::CONTENT_TYPE, "text/event-stream")
        .body(body)
        .expect("response")
}

/// `POST /v1/messages`: a thinking block when asked, a tool call when tools are given.
pub(crate) async fn messages(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let n = record(&shared, &headers, &body).await;
    if let Some(r) = misbehave(&shared, n) {
        return anthropic_error(&r);
    }
    let req: Value = serde_json::from_slice(&body).unwrap_or_default();
    let model = req["model"].as_str().unwrap_or("?").to_owned();
    let (input, output) = usage_of(&shared);
    let text = format!("hello from {}", shared.name);
    let mut blocks = Vec::new();
    if req["thinking"]["type"] == "enabled" {
        blocks.push(json!({"type": "thinking", "thinking": "let me think", "signature": "sig"}));
    }
    if let Some(tool) = req["tools"][0]["name"].as_str() {
        blocks.push(
            json!({"type": "tool_use", "id": "toolu_1", "name": tool, "input": {"city": "Paris"}}),
        );
    } else {
        blocks.push(json!({"type": "text", "text": text}));
    }
    let stop = if req["tools"][0].is_null() {
        "end_turn"
    } else {
        "tool_use"
    };
    let message = |content: Value, stop: Value, output: u64| {
        json!({"id": format!("msg_{n}"), "type": "message", "role": "assistant", "model": model,
               "content": content, "stop_reason": stop, "stop_sequence": null,
               "usage": {"input_tokens": input, "output_tokens": output,
                         "cache_creation_input_tokens": 0, "cache_read_input_tokens": 0}})
    };
    if req["stream"].as_bool() != Some(true) {
        return axum::Json(message(json!(blocks), json!(stop), output)).into_response();
    }
    let mut frames = vec![
        json!({"type": "message_start", "message": message(json!([]), Value::Null, 1)}),
        json!({"type": "ping"}),
    ];
    for (i, b) in blocks.iter().enumerate() {
        let (start, delta) = match b["type"].as_str() {
            Some("thinking") => (
                json!({"type": "thinking", "thinking": ""}),
                json!({"type": "thinking_delta", "thinking": b["thinking"]}),
            ),
            Some("tool_use") => (
                json!({"type": "tool_use", "id": b["id"], "name": b["name"], "input": {}}),
                json!({"type": "input_json_delta", "partial_json": b["input"].to_string()}),
            ),
            _ => (
                json!({"type": "text", "text": ""}),
                json!({"type": "text_delta", "text": b["text"]}),
            ),
        };
        frames.push(json!({"type": "content_block_start", "index": i, "content_block": start}));
        frames.push(json!({"type": "content_block_delta", "index": i, "delta": delta}));
        if b["type"] == "thinking" {
            frames.push(json!({"type": "content_block_delta", "index": i,
                               "delta": {"type": "signature_delta", "signature": "sig"}}));
        }
        frames.push(json!({"type": "content_block_stop", "index": i}));
    }
    frames.push(
        json!({"type": "message_delta", "delta": {"stop_reason": stop, "stop_sequence": null},
                       "usage": {"output_tokens": output}}),
    );
    frames.push(json!({"type": "message_stop"}));
    events(frames)
}

/// `POST /v1/messages/count_tokens`.
pub(crate) async fn count_tokens(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let n = record(&shared, &headers, &body).await;
    if let Some(r) = misbehave(&shared, n) {
        return anthropic_error(&r);
    }
    axum::Json(json!({"input_tokens": 42})).into_response()
}

fn not_found(message: &str, param: &str) -> Response {
    (
        StatusCode::NOT_FOUND,
        axum::Json(json!({"error": {"message": message, "type": "invalid_request_error", "param": param, "code": null}})),
    )
        .into_response()
}

/// `POST /v1/responses`.
pub(crate) async fn responses(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let n = record(&shared, &headers, &body).await;
    if let Some(r) = misbehave(&shared, n) {
        return r;
    }
    let req: Value = serde_json::from_slice(&body).unwrap_or_default();
    if let Some(prev) = req["previous_response_id"].as_str()
        && !shared
            .responses
            .lock()
            .expect("lock")
            .iter()
            .any(|r| r == prev)
    {
        return not_found(
            &format!("Previous response with id '{prev}' not found."),
            "previous_response_id",
        );
    }
    let id = format!("resp_{}_{n}", shared.name);
    shared.responses.lock().expect("lock").push(id.clone());
    let (input, output) = usage_of(&shared);
    let text = format!("hello from {}", shared.name);
    let response = |status: &str, out: Value, usage: Value| {
        json!({"id": id, "object": "response", "created_at": 0, "status": status,
               "model": req["model"], "output": out, "usage": usage,
               "previous_response_id": req["previous_response_id"],
               "parallel_tool_calls": true, "tool_choice": "auto", "tools": []})
    };
    let item = json!({"type": "message", "id": format!("msg_{n}"), "status": "completed", "role": "assistant",
                      "content": [{"type": "output_text", "text": text, "annotations": []}]});
    let usage = json!({"input_tokens": input, "input_tokens_details": {"cached_tokens": 0},
                       "output_tokens": output, "output_tokens_details": {"reasoning_tokens": 0},
                       "total_tokens": input + output});
    let done = response("completed", json!([item]), usage);
    if req["stream"].as_bool() != Some(true) {
        return axum::Json(done).into_response();
    }
    let frames = vec![
        json!({"type": "response.created", "sequence_number": 0,
               "response": response("in_progress", json!([]), Value::Null)}),
        json!({"type": "response.output_item.added", "sequence_number": 1, "output_index": 0,
               "item": {"type": "message", "id": format!("msg_{n}"), "status": "in_progress", "role": "assistant", "content": []}}),
        json!({"type": "response.output_text.delta", "sequence_number": 2, "item_id": format!("msg_{n}"),
               "output_index": 0, "content_index": 0, "delta": text}),
        json!({"type": "response.output_item.done", "sequence_number": 3, "output_index": 0, "item": item}),
        json!({"type": "response.completed", "sequence_number": 4, "response": done}),
    ];
    events(frames)
}

/// `GET /v1/responses/{id}`: one this provider made.
pub(crate) async fn stored(State(shared): State<Arc<Shared>>, Path(id): Path<String>) -> Response {
    shared.hits.fetch_add(1, Ordering::SeqCst);
    if shared.responses.lock().expect("lock").contains(&id) {
        axum::Json(json!({"id": id, "object": "response", "status": "completed", "output": []}))
            .into_response()
    } else {
        not_found(
            &format!("Response with id '{id}' not found."),
            "response_id",
        )
    }
}
