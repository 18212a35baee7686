//! Response bodies on their way to the client, and the accounting that rides along.
//!
//! A streamed (SSE) body is passed through event by event as it arrives: nothing is held back
//! beyond the current incomplete event. Usage is read from the final usage chunk; when the
//! sidecar asked for that chunk on the client's behalf, it is dropped before the client sees it.
//! Dropping the relay (client gone, or stream finished) records the attempt exactly once.

use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use bytes::{Bytes, BytesMut};
use futures_util::Stream;
use serde::Deserialize;
use serde::de::IgnoredAny;

use super::writer::{Event, EventSender};
use crate::state::providers::ProviderId;
use crate::state::usage::UsageDelta;

/// Token counts as OpenAI reports them.
#[derive(Debug, Clone, Copy, Default, Deserialize)]
pub struct Usage {
    #[serde(default)]
    pub prompt_tokens: u64,
    #[serde(default)]
    pub completion_tokens: u64,
}

#[derive(Deserialize)]
struct WithUsage {
    usage: Option<Usage>,
    choices: Option<Vec<IgnoredAny>>,
}

/// Usage of a complete (non-streamed) JSON response, if it reports any. Reads only the
/// `usage` object (OpenAI puts it last), not the whole answer.
pub fn usage_of_body(body: &[u8]) -> Option<Usage> {
    const KEY: &[u8] = b"\"usage\"";
    let at = body.windows(KEY.len()).rposition(|w| w == KEY)? + KEY.len();
    let rest = body[at..].trim_ascii_start().strip_prefix(b":")?;
    let mut de = serde_json::Deserializer::from_slice(rest);
    Option::<Usage>::deserialize(&mut de).ok()?
}

/// Records one upstream attempt when dropped; fill in what is known as it becomes known.
pub struct Accounting {
    pub sender: EventSender,
    pub provider: ProviderId,
    pub model: Arc<str>,
    /// USD per input and per output token.
    pub prices: Option<(f64, f64)>,
    pub started: Instant,
    pub ttft: Option<Duration>,
    pub usage: Option<Usage>,
    pub error: bool,
    /// The upstream's HTTP status, once known.
    pub status: Option<u16>,
    /// This provider's and model's metric handles.
    pub handles: Arc<super::metrics::Handles>,
    /// The client token's name, when client tokens are in use.
    pub client: Option<Arc<str>>,
}

impl Drop for Accounting {
    fn drop(&mut self) {
        let usage = self.usage.unwrap_or_default();
        #[expect(
            clippy::cast_precision_loss,
            reason = "token counts are far below 2^52"
        )]
        let cost = self.prices.map_or(0.0, |(input, output)| {
            usage.prompt_tokens as f64 * input + usage.completion_tokens as f64 * output
        });
        self.handles.record(
            self.status,
            self.started.elapsed(),
            self.ttft,
            (usage.prompt_tokens, usage.completion_tokens),
            cost,
        );
        let ms = |d: Duration| u64::try_from(d.as_millis()).unwrap_or(u64::MAX);
        let delta = UsageDelta {
            requests: 1,
            errors: u64::from(self.error),
            prompt_tokens: usage.prompt_tokens,
            completion_tokens: usage.completion_tokens,
            cost_usd: cost,
            latency_ms_sum: ms(self.started.elapsed()),
            ttft_ms_sum: self.ttft.map_or(0, ms),
            ttft_count: u64::from(self.ttft.is_some()),
        };
        // The receiver lives until every sender is gone, so this cannot fail before shutdown.
        let _ = self.sender.send(Event::Usage {
            provider: self.provider,
            model: self.model.clone(),
            client: self.client.clone(),
            at_ms: crate::state::now_ms(),
            delta,
        });
    }
}

type Upstream = Pin<Box<dyn Stream<Item = reqwest::Result<Bytes>> + Send>>;

/// An SSE body relayed event by event.
pub struct SseRelay {
    upstream: Upstream,
    pending: BytesMut,
    strip_usage_chunk: bool,
    idle_timeout: Duration,
    idle: Pin<Box<tokio::time::Sleep>>,
    done: bool,
    /// `data: [DONE]` went by: the stream ended as OpenAI streams end.
    finished: bool,
    pub acct: Accounting,
}

/// What the client gets when the upstream hangs up before `[DONE]`: without it a cut stream
/// would look like a short, complete answer.
const CUT_SHORT: &[u8] = b"data: {\"error\":{\"message\":\"the upstream closed the stream before it was complete\",\"type\":\"server_error\",\"code\":\"upstream_closed\"}}\n\n";

impl SseRelay {
    pub fn new(
        upstream: reqwest::Response,
        strip_usage_chunk: bool,
        idle_timeout: Duration,
        acct: Accounting,
    ) -> Self {
        Self {
            upstream: Box::pin(upstream.bytes_stream()),
            pending: BytesMut::new(),
            strip_usage_chunk,
            idle_timeout,
            idle: Box::pin(tokio::time::sleep(idle_timeout)),
            done: false,
            finished: false,
            acct,
        }
    }

    /// Splits off the complete events in `pending`, reading usage and dropping the usage-only
    /// chunk when the client did not ask for it.
    fn complete_events(&mut self) -> Bytes {
        let mut out = BytesMut::new();
        while let Some(end) = event_end(&self.pending) {
            let event = self.pending.split_to(end);
            if contains(&event, b"data: [DONE]") {
                self.finished = true;
            }
            if self.inspect(&event) && self.strip_usage_chunk {
                continue;
            }
            if out.is_empty() {
                out = event;
            } else {
                out.extend_from_slice(&event);
            }
        }
        out.freeze()
    }

    /// Reads usage from an event; true when it is a usage-only chunk (`"choices": []`).
    fn inspect(&mut self, event: &[u8]) -> bool {
        if !contains(event, b"\"usage\"") {
            return false;
        }
        for line in event.split(|b| *b == b'\n') {
            let Some(data) = line.strip_prefix(b"data:") else {
                continue;
            };
            if let Ok(chunk) = serde_json::from_slice::<WithUsage>(data.trim_ascii())
                && let Some(usage) = chunk.usage
            {
                self.acct.usage = Some(usage);
                return chunk.choices.is_some_and(|c| c.is_empty());
            }
        }
        false
    }
}

/// End (exclusive) of the first complete SSE event: after a blank line.
fn event_end(buf: &[u8]) -> Option<usize> {
    let lf = buf.windows(2).position(|w| w == b"\n\n").map(|p| p + 2);
    let crlf = buf.windows(4).position(|w| w == b"\r\n\r\n").map(|p| p + 4);
    match (lf, crlf) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

impl Stream for SseRelay {
    type Item = io::Result<Bytes>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            if this.done {
                return Poll::Ready(None);
            }
            match this.upstream.as_mut().poll_next(cx) {
                Poll::Ready(Some(Ok(chunk))) => {
                    if this.acct.ttft.is_none() {
                        this.acct.ttft = Some(this.acct.started.elapsed());
                    }
                    let deadline = tokio::time::Instant::now() + this.idle_timeout;
                    this.idle.as_mut().reset(deadline);
                    this.pending.extend_from_slice(&chunk);
                    let out = this.complete_events();
                    if !out.is_empty() {
                        return Poll::Ready(Some(Ok(out)));
                    }
                }
                Poll::Ready(Some(Err(err))) => {
                    this.done = true;
                    this.acct.error = true;
                    tracing::warn!(error = %err, "upstream stream failed midway");
                    return Poll::Ready(Some(Err(io::Error::other(err))));
                }
                Poll::Ready(None) => {
                    this.done = true;
                    // A last event without its blank line still belongs to the client.
                    let mut rest = this.pending.split();
                    if contains(&rest, b"data: [DONE]") {
                        this.finished = true;
                    }
                    if !rest.is_empty() {
                        this.inspect(&rest.clone());
                    }
                    if !this.finished {
                        this.acct.error = true;
                        tracing::warn!("upstream closed the stream before [DONE]");
                        if !rest.is_empty() {
                            rest.extend_from_slice(b"\n\n");
                        }
                        rest.extend_from_slice(CUT_SHORT);
                    }
                    if rest.is_empty() {
                        return Poll::Ready(None);
                    }
                    return Poll::Ready(Some(Ok(rest.freeze())));
                }
                Poll::Pending => {
                    if this.idle.as_mut().poll(cx).is_ready() {
                        this.done = true;
                        this.acct.error = true;
                        tracing::warn!(idle = ?this.idle_timeout, "upstream stream went idle");
                        return Poll::Ready(Some(Err(io::Error::new(
                            io::ErrorKind::TimedOut,
                            "upstream stream went idle",
                        ))));
                    }
                    return Poll::Pending;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_event_boundaries() {
        assert_eq!(event_end(b"data: a\n\ndata: b"), Some(9));
        assert_eq!(event_end(b"data: a\r\n\r\n"), Some(11));
        assert_eq!(event_end(b"data: partial"), None);
    }

    #[test]
    fn reads_usage_of_a_body() {
        let body = br#"{"id":"x","choices":[{"message":{"content":"hi"}}],"usage":{"prompt_tokens":7,"completion_tokens":3,"total_tokens":10}}"#;
        let usage = usage_of_body(body).expect("usage");
        assert_eq!((usage.prompt_tokens, usage.completion_tokens), (7, 3));
        assert!(usage_of_body(b"{}").is_none());
    }
}
