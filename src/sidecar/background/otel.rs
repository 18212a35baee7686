//! OpenTelemetry traces: one span per client request (server) and one child span per upstream
//! attempt (client), with the GenAI semantic conventions, sent to a collector as OTLP/HTTP
//! protobuf. Built from the request log's records on a thread of its own, behind a bounded
//! queue: when it is full the request's spans are dropped and counted, batches go out every
//! second (or at 512 spans) with a 5 s timeout, and a batch the collector did not take is
//! dropped and counted. A slow or dead collector never slows a request. The client's W3C
//! `traceparent` is continued: its trace id, the request span under its parent.

use std::sync::mpsc::{Receiver, RecvTimeoutError, SyncSender, TrySendError};
use std::time::{Duration, Instant};

use opentelemetry_proto::tonic::collector::trace::v1::ExportTraceServiceRequest;
use opentelemetry_proto::tonic::common::v1::{AnyValue, InstrumentationScope, KeyValue, any_value};
use opentelemetry_proto::tonic::resource::v1::Resource;
use opentelemetry_proto::tonic::trace::v1::span::SpanKind;
use opentelemetry_proto::tonic::trace::v1::status::StatusCode;
use opentelemetry_proto::tonic::trace::v1::{ResourceSpans, ScopeSpans, Span, Status};
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;

use crate::sidecar::request::metrics::{Metrics, SpanLabels};
use crate::state::requests::LoggedRequest;

/// Requests waiting to become spans; more are dropped.
const QUEUE: usize = 4096;
/// Spans per export.
const BATCH: usize = 512;
const EXPORT_EVERY: Duration = Duration::from_secs(1);
const EXPORT_TIMEOUT: Duration = Duration::from_secs(5);

/// Where the writer hands requests over.
#[derive(Clone)]
pub struct Otel {
    queue: SyncSender<LoggedRequest>,
    spans: Family<SpanLabels, Counter>,
}

impl Otel {
    /// Starts the exporting thread for the collector at `endpoint` (its base URL, as
    /// `OTEL_EXPORTER_OTLP_ENDPOINT`; `/v1/traces` is added unless the path ends with it).
    pub fn start(endpoint: &url::Url, metrics: &Metrics) -> std::io::Result<Self> {
        let url = if endpoint.path().ends_with("/v1/traces") {
            endpoint.clone()
        } else {
            let mut u = endpoint.clone();
            let path = format!("{}/v1/traces", u.path().trim_end_matches('/'));
            u.set_path(&path);
            u
        };
        let (queue, rx) = std::sync::mpsc::sync_channel(QUEUE);
        let spans = metrics.otel_spans.clone();
        let exporter = Exporter {
            url,
            spans: spans.clone(),
        };
        std::thread::Builder::new()
            .name("bizwings-otel".into())
            .spawn(move || exporter.run(&rx))?;
        Ok(Self { queue, spans })
    }

    /// Queues `request`'s spans, or drops and counts them when the queue is full.
    pub fn offer(&self, request: &LoggedRequest) {
        match self.queue.try_send(request.clone()) {
            Ok(()) => {}
            Err(TrySendError::Full(r) | TrySendError::Disconnected(r)) => {
                self.dropped(1 + r.attempts.len());
            }
        }
    }

    fn dropped(&self, n: usize) {
        count(&self.spans, "dropped", n);
    }
}

fn count(spans: &Family<SpanLabels, Counter>, outcome: &str, n: usize) {
    spans
        .get_or_create(&SpanLabels {
            outcome: outcome.into(),
        })
        .inc_by(u64::try_from(n).unwrap_or(u64::MAX));
}

struct Exporter {
    url: url::Url,
    spans: Family<SpanLabels, Counter>,
}

impl Exporter {
    fn run(self, rx: &Receiver<LoggedRequest>) {
        let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
        else {
            tracing::error!("cannot start the OpenTelemetry exporter's runtime; spans are dropped");
            return;
        };
        let http = reqwest::Client::new();
        let mut batch: Vec<Span> = Vec::new();
        let mut since = Instant::now();
        loop {
            let closed = match rx.recv_timeout(EXPORT_EVERY) {
                Ok(request) => {
                    if batch.is_empty() {
                        since = Instant::now();
                    }
                    batch.extend(spans_of(&request));
                    false
                }
                Err(RecvTimeoutError::Timeout) => false,
                Err(RecvTimeoutError::Disconnected) => true,
            };
            let due = batch.len() >= BATCH || since.elapsed() >= EXPORT_EVERY || closed;
            if due && !batch.is_empty() {
                let spans = std::mem::take(&mut batch);
                let n = spans.len();
                let sent = runtime.block_on(self.export(&http, spans));
                match sent {
                    Ok(()) => count(&self.spans, "exported", n),
                    Err(e) => {
                        tracing::warn!(error = %e, spans = n, "the OpenTelemetry collector did not take the spans; dropped");
                        count(&self.spans, "dropped", n);
                    }
                }
            }
            if closed {
                return;
            }
        }
    }

    async fn export(&self, http: &reqwest::Client, spans: Vec<Span>) -> Result<(), String> {
        let body = prost::Message::encode_to_vec(&ExportTraceServiceRequest {
            resource_spans: vec![ResourceSpans {
                resource: Some(Resource {
                    attributes: vec![text("service.name", "bizwings-sidecar")],
                    ..Resource::default()
                }),
                scope_spans: vec![ScopeSpans {
                    scope: Some(InstrumentationScope {
                        name: "bizwings".into(),
                        version: env!("CARGO_PKG_VERSION").into(),
                        ..InstrumentationScope::default()
                    }),
                    spans,
                    ..ScopeSpans::default()
                }],
                ..ResourceSpans::default()
            }],
        });
        let answer = http
            .post(self.url.clone())
            .header("content-type", "application/x-protobuf")
            .body(body)
            .timeout(EXPORT_TIMEOUT)
            .send()
            .await
            .map_err(|e| e.without_url().to_string())?;
        if answer.status().is_success() {
            Ok(())
        } else {
            Err(format!("HTTP {}", answer.status()))
        }
    }
}

fn text(key: &str, value: &str) -> KeyValue {
    KeyValue {
        key: key.into(),
        value: Some(AnyValue {
            value: Some(any_value::Value::StringValue(value.into())),
        }),
        ..KeyValue::default()
    }
}

fn int(key: &str, value: u64) -> KeyValue {
    KeyValue {
        key: key.into(),
        value: Some(AnyValue {
            value: Some(any_value::Value::IntValue(
                i64::try_from(value).unwrap_or(i64::MAX),
            )),
        }),
        ..KeyValue::default()
    }
}

/// The trace id and parent span id of a W3C `traceparent` (`00-TRACE-PARENT-FLAGS`).
fn parent_of(traceparent: Option<&str>) -> Option<([u8; 16], [u8; 8])> {
    let mut parts = traceparent?.split('-');
    let (version, trace, parent) = (parts.next()?, parts.next()?, parts.next()?);
    if version != "00" {
        return None;
    }
    let trace: [u8; 16] = hex::decode(trace).ok()?.try_into().ok()?;
    let parent: [u8; 8] = hex::decode(parent).ok()?.try_into().ok()?;
    (trace != [0; 16] && parent != [0; 8]).then_some((trace, parent))
}

/// GenAI's operation name of an API path.
fn operation(api: &str) -> &'static str {
    match api {
        "/completions" => "text_completion",
        "/embeddings" => "embeddings",
        _ => "chat",
    }
}

/// GenAI's provider name of an API path.
fn provider_of(api: &str) -> &'static str {
    if api.starts_with("/messages") {
        "anthropic"
    } else {
        "openai"
    }
}

fn nanos(ms: i64) -> u64 {
    u64::try_from(ms).unwrap_or(0).saturating_mul(1_000_000)
}

/// The request's span and one child span per attempt.
fn spans_of(r: &LoggedRequest) -> Vec<Span> {
    let (trace_id, parent) = match parent_of(r.traceparent.as_deref()) {
        Some((trace, parent)) => (trace, parent.to_vec()),
        None => (crate::crypto::random_bytes::<16>(), Vec::new()),
    };
    let span_id = crate::crypto::random_bytes::<8>();
    let op = operation(&r.api);
    let model = r.model.as_deref().unwrap_or("");
    let name = if model.is_empty() {
        format!("{op} {}", r.api)
    } else {
        format!("{op} {model}")
    };
    let common = [
        text("gen_ai.operation.name", op),
        text("gen_ai.provider.name", provider_of(&r.api)),
    ];
    let mut attributes: Vec<KeyValue> = common.to_vec();
    attributes.extend([
        text("bizwings.request_id", &r.request_id),
        text("url.path", &format!("/v1{}", r.api)),
        int("http.response.status_code", u64::from(r.status)),
        int(
            "gen_ai.usage.input_tokens",
            r.input_tokens + r.cache_read_tokens + r.cache_write_tokens,
        ),
        int("gen_ai.usage.output_tokens", r.output_tokens),
        int("bizwings.cost_nusd", r.cost_nusd),
    ]);
    if !model.is_empty() {
        attributes.push(text("gen_ai.request.model", model));
        attributes.push(text("gen_ai.response.model", model));
    }
    if let Some(client) = &r.client {
        attributes.push(text("bizwings.client", client));
    }
    if let Some(provider) = &r.provider {
        attributes.push(text("bizwings.provider", provider));
    }
    if let Some(error) = &r.error {
        attributes.push(text("error.type", error));
    }
    let failed = r.status >= 400;
    let status = |failed: bool, message: &str| {
        Some(Status {
            code: if failed {
                StatusCode::Error as i32
            } else {
                StatusCode::Unset as i32
            },
            message: message.into(),
        })
    };
    let mut spans = vec![Span {
        trace_id: trace_id.to_vec(),
        span_id: span_id.to_vec(),
        parent_span_id: parent,
        name: name.clone(),
        kind: SpanKind::Server as i32,
        start_time_unix_nano: nanos(r.at_ms),
        end_time_unix_nano: nanos(r.at_ms) + r.latency_ms.saturating_mul(1_000_000),
        attributes,
        status: status(failed, r.reason.as_deref().unwrap_or("")),
        ..Span::default()
    }];
    for a in &r.attempts {
        let answered = a.outcome.starts_with("answered");
        let mut attributes = common.to_vec();
        attributes.extend([
            text("server.address", &a.host),
            text("bizwings.provider", &a.provider),
            text("bizwings.outcome", &a.outcome),
        ]);
        if !model.is_empty() {
            attributes.push(text("gen_ai.request.model", model));
        }
        match a.status {
            Some(code) => attributes.push(int("http.response.status_code", u64::from(code))),
            None => attributes.push(text("error.type", "timeout_or_connection")),
        }
        if let Some(code) = a.status.filter(|c| *c >= 400) {
            attributes.push(text("error.type", &code.to_string()));
        }
        spans.push(Span {
            trace_id: trace_id.to_vec(),
            span_id: crate::crypto::random_bytes::<8>().to_vec(),
            parent_span_id: span_id.to_vec(),
            name: name.clone(),
            kind: SpanKind::Client as i32,
            start_time_unix_nano: nanos(a.at_ms),
            end_time_unix_nano: nanos(a.at_ms) + a.ms.saturating_mul(1_000_000),
            attributes,
            status: status(!answered || a.status.is_none_or(|c| c >= 400), &a.outcome),
            ..Span::default()
        });
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_traceparent_is_continued_and_a_bad_one_ignored() {
        let (trace, parent) = parent_of(Some(
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        ))
        .expect("valid");
        assert_eq!(hex::encode(trace), "4bf92f3577b34da6a3ce929d0e0e4736");
        assert_eq!(hex::encode(parent), "00f067aa0ba902b7");
        assert!(
            parent_of(Some(
                "00-00000000000000000000000000000000-00f067aa0ba902b7-01"
            ))
            .is_none()
        );
        assert!(
            parent_of(Some(
                "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
            ))
            .is_none()
        );
        assert!(parent_of(Some("garbage")).is_none());
    }
}
