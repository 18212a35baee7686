//! Errors the proxy answers itself, in the shape of the request's dialect: OpenAI's
//! `{"error":{"message","type","code"}}` for chat and Responses, Anthropic's
//! `{"type":"error","error":{"type","message"}}` for Messages.

use std::time::Duration;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::state::providers::Dialect;

/// Why the sidecar could not produce an upstream answer.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    BadRequest(String),
    #[error("request body is larger than the limit of {0} bytes")]
    TooLarge(usize),
    #[error("the model `{0}` does not exist or no enabled provider serves it")]
    UnknownModel(String),
    #[error("unknown path {0}: the sidecar serves /v1/* only")]
    UnknownPath(String),
    #[error(
        "{0} is not routed by the sidecar: an operator can list it in passthrough_paths (sidecar serve --passthrough) to pass it to a provider unpriced"
    )]
    NotListed(String),
    #[error(
        "this request has come round to the same sidecar again (a provider URL points back at it), or passed too many sidecars: refused"
    )]
    Loop,
    #[error(
        "no provider for this request can take it now: each is cooling down after rate limits, or down by its health probes; retry later"
    )]
    Exhausted { retry_after: Option<Duration> },
    #[error("all providers are at their rate limit and the wait queue is full ({0} waiting)")]
    QueueFull(usize),
    #[error("timed out after {0:?} waiting for a provider with capacity")]
    QueueTimeout(Duration),
    #[error("no provider could answer: {0}")]
    Upstream(String),
    #[error("the sidecar is shutting down")]
    ShuttingDown,
    #[error(
        "missing or unknown client token: send `Authorization: Bearer <token>` or `x-api-key: <token>` (see `bizwings sidecar client add`)"
    )]
    Unauthorized,
    #[error("the model `{model}` is not served for {dialect} by any enabled provider{served}")]
    WrongDialect {
        model: String,
        dialect: Dialect,
        /// `; it is served for chat, responses`, or empty.
        served: String,
    },
    #[error(
        "the response {0} is not known to this sidecar (or its fleet): it was not created through it, or has expired"
    )]
    UnknownResponse(String),
    #[error(
        "the response {id} lives at provider {provider}, which {why}; it is never sent to another provider"
    )]
    HomeUnavailable {
        id: String,
        provider: String,
        why: String,
        retry_after: Option<Duration>,
    },
    #[error(
        "client {0} has a budget, and {1} is not priced by the sidecar: it is refused (allow it with `bizwings sidecar client set NAME --allow-passthrough`)"
    )]
    PassThroughRefused(String, String),
    #[error("the request body stalled: no data within the body timeout")]
    Stalled,
    #[error("too many request bodies are being read at once; retry shortly")]
    Busy,
    #[error("{0}")]
    Forbidden(String),
    #[error("method {0} is not forwarded: /v1 takes GET and POST")]
    MethodNotAllowed(String),
    #[error("send the request as JSON (Content-Type: application/json)")]
    UnsupportedMediaType,
    #[error("the fleet's shared limits cannot be reached (--shared-required); retry shortly")]
    SharedDown,
    #[error("client {client} {detail}")]
    BudgetExceeded {
        client: String,
        /// What stands in the way, said for people.
        detail: String,
        /// `budget_exceeded` (spent), `request_exceeds_budget` (this request alone is more than
        /// is left) or `budget_reserved_in_flight` (what is left is held by requests in flight).
        code: &'static str,
        retry_after: Duration,
    },
    #[error("client {client} is paused: {why}")]
    ClientPaused { client: String, why: String },
    #[error("client {client} is over its rate of {rpm} requests per minute")]
    ClientRateLimited {
        client: String,
        rpm: u32,
        retry_after: Duration,
    },
}

/// Says a 429 is the sidecar's own limit on the client, not a provider's.
const LIMIT_HEADER: &str = "x-bizwings-limit";

impl Error {
    /// The error code the client gets (OpenAI's `code`).
    pub fn code(&self) -> &'static str {
        self.kind().1
    }

    pub fn status(&self) -> StatusCode {
        match self {
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnknownModel(_)
            | Self::UnknownPath(_)
            | Self::NotListed(_)
            | Self::WrongDialect { .. }
            | Self::UnknownResponse(_) => StatusCode::NOT_FOUND,
            Self::HomeUnavailable { .. }
            | Self::Exhausted { .. }
            | Self::QueueFull(_)
            | Self::QueueTimeout(_)
            | Self::ShuttingDown
            | Self::Busy
            | Self::SharedDown => StatusCode::SERVICE_UNAVAILABLE,
            Self::Upstream(_) => StatusCode::BAD_GATEWAY,
            Self::Unauthorized => StatusCode::UNAUTHORIZED,
            Self::Stalled => StatusCode::REQUEST_TIMEOUT,
            Self::Forbidden(_) | Self::PassThroughRefused(..) => StatusCode::FORBIDDEN,
            Self::MethodNotAllowed(_) => StatusCode::METHOD_NOT_ALLOWED,
            Self::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::Loop => StatusCode::LOOP_DETECTED,
            Self::BudgetExceeded { .. }
            | Self::ClientRateLimited { .. }
            | Self::ClientPaused { .. } => StatusCode::TOO_MANY_REQUESTS,
        }
    }

    /// OpenAI's `type` and `code` fields.
    fn kind(&self) -> (&'static str, &'static str) {
        match self {
            Self::BadRequest(_) => ("invalid_request_error", "invalid_request"),
            Self::TooLarge(_) => ("invalid_request_error", "request_too_large"),
            Self::UnknownModel(_) | Self::WrongDialect { .. } => {
                ("invalid_request_error", "model_not_found")
            }
            Self::UnknownResponse(_) => ("invalid_request_error", "response_not_found"),
            Self::HomeUnavailable { .. } => ("server_error", "response_provider_unavailable"),
            Self::PassThroughRefused(..) => ("invalid_request_error", "passthrough_refused"),
            Self::UnknownPath(_) | Self::NotListed(_) => ("invalid_request_error", "unknown_url"),
            Self::Exhausted { .. } => ("server_error", "all_providers_cooling"),
            Self::QueueFull(_) => ("server_error", "queue_full"),
            Self::QueueTimeout(_) => ("server_error", "queue_timeout"),
            Self::Upstream(_) => ("server_error", "upstream_error"),
            Self::ShuttingDown => ("server_error", "shutting_down"),
            Self::Unauthorized => ("invalid_request_error", "invalid_api_key"),
            Self::Stalled => ("invalid_request_error", "request_timeout"),
            Self::Busy => ("server_error", "busy"),
            Self::SharedDown => ("server_error", "shared_limits_unavailable"),
            Self::Forbidden(_) => ("invalid_request_error", "forbidden"),
            Self::MethodNotAllowed(_) => ("invalid_request_error", "method_not_allowed"),
            Self::UnsupportedMediaType => ("invalid_request_error", "unsupported_media_type"),
            Self::Loop => ("invalid_request_error", "loop_detected"),
            Self::BudgetExceeded { code, .. } => ("rate_limit_error", code),
            Self::ClientRateLimited { .. } => ("rate_limit_error", "client_rate_limited"),
            Self::ClientPaused { .. } => ("rate_limit_error", "client_paused"),
        }
    }

    /// Seconds a client should wait, for `Retry-After`.
    fn retry_after(&self) -> Option<u64> {
        match self {
            Self::Exhausted { retry_after } | Self::HomeUnavailable { retry_after, .. } => {
                Some(retry_after.map_or(1, whole_seconds))
            }
            Self::BudgetExceeded { retry_after, .. }
            | Self::ClientRateLimited { retry_after, .. } => Some(whole_seconds(*retry_after)),
            Self::QueueFull(_)
            | Self::QueueTimeout(_)
            | Self::ShuttingDown
            | Self::Busy
            | Self::SharedDown => Some(1),
            _ => None,
        }
    }
}

/// Rounded up: a client that waits this long finds room.
fn whole_seconds(d: Duration) -> u64 {
    d.as_secs() + u64::from(d.subsec_nanos() > 0)
}

/// Anthropic's error `type` for an HTTP status.
fn anthropic_type(status: StatusCode) -> &'static str {
    match status.as_u16() {
        400 | 405 | 408 | 415 => "invalid_request_error",
        401 => "authentication_error",
        403 => "permission_error",
        404 => "not_found_error",
        413 => "request_too_large",
        429 => "rate_limit_error",
        503 => "overloaded_error",
        _ => "api_error",
    }
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        self.in_dialect(Dialect::Chat)
    }
}

impl Error {
    /// The answer in the shape the client's SDK reads.
    pub fn in_dialect(self, dialect: Dialect) -> Response {
        let (kind, code) = self.kind();
        let body = if dialect == Dialect::Messages {
            serde_json::json!({
                "type": "error",
                "error": {"type": anthropic_type(self.status()), "message": self.to_string()}
            })
        } else {
            serde_json::json!({
                "error": {"message": self.to_string(), "type": kind, "code": code, "param": null}
            })
        };
        let mut response = (self.status(), axum::Json(body)).into_response();
        if let Some(secs) = self.retry_after() {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs.max(1)));
        }
        let limit = match self {
            Self::BudgetExceeded { .. } => Some("client-budget"),
            Self::ClientRateLimited { .. } => Some("client-rpm"),
            Self::ClientPaused { .. } => Some("paused"),
            _ => None,
        };
        if let Some(limit) = limit {
            response
                .headers_mut()
                .insert(LIMIT_HEADER, HeaderValue::from_static(limit));
        }
        response
    }
}
