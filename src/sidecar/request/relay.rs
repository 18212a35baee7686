//! Response bodies on their way to the client, and the accounting that rides along.
//!
//! A streamed (SSE) body is passed through as it arrives, the upstream's own buffers handed on
//! without a copy: only the tail of an event that has not ended yet waits for its next chunk.
//! Events are looked at one by one only in the rare chunk that carries a usage object, found
//! by a SIMD substring search: usage is read from it, and when the sidecar asked for that chunk
//! on the client's behalf, it is dropped before the client sees it. Dropping the relay (client
//! gone, or stream finished) records the attempt exactly once.

use std::io;
use std::pin::Pin;
use std::sync::{Arc, LazyLock};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use super::events::{Event, EventSender};
use super::limits::Remember;
use super::upstream::Body;
use super::usage::{Prices, Usage};
use crate::state::providers::{Dialect, ProviderId};
use crate::state::usage::UsageDelta;
use bytes::{Bytes, BytesMut};
use futures_util::Stream;
use memchr::memmem::{Finder, FinderRev};

/// Usage of a complete (non-streamed) JSON answer, if it reports any: only the `usage`
/// object is read (OpenAI puts it last), not the whole answer.
pub fn usage_of_body(body: &[u8], dialect: Dialect) -> Option<Usage> {
    Usage::find(body, dialect)
}

/// Records one upstream attempt when dropped; fill in what is known as it becomes known.
pub struct Accounting {
    pub dialect: Dialect,
    /// Where a new Responses answer is remembered (its id → this provider).
    pub home: Option<Remember>,
    pub sender: EventSender,
    pub provider: ProviderId,
    pub model: Arc<str>,
    pub prices: Option<Prices>,
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
    /// Where the client's attempts are counted.
    pub client_metrics: Option<Arc<super::metrics::ClientHandles>>,
    /// The provider's place among its requests in flight, given back with the accounting.
    #[expect(dead_code, reason = "held for its Drop")]
    pub slot: Option<super::backend::Slot>,
    /// The prompt's estimated tokens, for a stream that ends without usage.
    pub prompt_estimate: u64,
    /// `usage` is an estimate.
    pub estimated: bool,
    /// Tokens reserved on a TPM-limited provider, settled with the real usage.
    pub reservation: Option<super::limits::Tokens>,
    /// The request's reservations on its client's budgets: this attempt's cost is charged.
    pub hold: Option<Arc<super::budget::Hold>>,
    pub clock: super::limiter::Clock,
    /// The request's record and this provider's name, when this attempt is the one answered
    /// (and requests are logged): sent with the usage when the answer ends.
    pub trail: Option<(super::trail::Trail, [Arc<str>; 2])>,
}

impl Drop for Accounting {
    fn drop(&mut self) {
        if let Some(r) = &self.reservation {
            // A failed attempt used nothing; an answer without usage keeps the estimate.
            let used = match (self.usage, self.error) {
                (Some(u), _) => Some(u.total()),
                (None, true) => Some(0),
                (None, false) => None,
            };
            r.settle(used, self.clock.now_ns());
        }
        let usage = self.usage.unwrap_or_default();
        let cost = self.prices.map_or(0.0, |p| p.cost(&usage));
        if let Some(hold) = &self.hold {
            hold.charge(cost, usage.total());
        }
        self.handles
            .record(self.status, self.started.elapsed(), self.ttft, &usage, cost);
        if let Some(m) = &self.client_metrics {
            m.record(self.status, self.started.elapsed());
        }
        let ms = |d: Duration| u64::try_from(d.as_millis()).unwrap_or(u64::MAX);
        let delta = UsageDelta {
            requests: 1,
            errors: u64::from(self.error),
            prompt_tokens: usage.prompt(),
            completion_tokens: usage.output,
            cache_read_tokens: usage.cache_read,
            cache_write_tokens: usage.cache_write,
            reasoning_tokens: usage.reasoning,
            cost_usd: cost,
            latency_ms_sum: ms(self.started.elapsed()),
            ttft_ms_sum: self.ttft.map_or(0, ms),
            ttft_count: u64::from(self.ttft.is_some()),
            estimated: u64::from(self.estimated),
            rate_limited: u64::from(self.status == Some(429)),
        };
        let record = self.trail.take().map(|(trail, [name, host])| {
            trail.answered(
                [&name, &host],
                (self.status, self.error),
                self.started,
                (self.ttft, usage, crate::state::clients::nano_usd(cost)),
            )
        });
        // The receiver lives until every sender is gone, so this cannot fail before shutdown.
        let _ = self.sender.send(Event::Usage {
            provider: self.provider,
            model: self.model.clone(),
            client: self.client.clone(),
            at_ms: crate::state::now_ms(),
            delta,
            record,
        });
    }
}

/// An SSE body relayed as it arrives.
pub struct SseRelay {
    upstream: Body,
    events: Events,
    idle_timeout: Duration,
    /// Fires at most once per idle timeout; re-armed from `last_chunk` (resetting a timer
    /// per chunk costs more than the chunk's relay).
    idle: Pin<Box<tokio::time::Sleep>>,
    last_chunk: Instant,
    done: bool,
    pub acct: Accounting,
}

/// The event boundaries, usage and end of one SSE stream, apart from the I/O.
#[derive(Debug)]
struct Events {
    dialect: Dialect,
    /// The start of an event whose end has not arrived yet.
    pending: BytesMut,
    strip_usage_chunk: bool,
    /// The dialect's last event went by (`[DONE]`, `message_stop`, `response.completed`…).
    finished: bool,
    usage: Option<Usage>,
    /// Events passed to the client: about one token each in a chat stream.
    relayed: u64,
}

/// What ends a stream of each dialect as its API ends it.
fn ends(dialect: Dialect) -> &'static [&'static [u8]] {
    match dialect {
        Dialect::Chat => &[b"data: [DONE]"],
        Dialect::Messages => &[b"\"type\":\"message_stop\""],
        Dialect::Responses => &[
            b"\"type\":\"response.completed\"",
            b"\"type\":\"response.incomplete\"",
            b"\"type\":\"response.failed\"",
        ],
    }
}

/// What the relay looks for in every chunk, each searcher built once: building one costs
/// more than searching a chunk (it was 2 % of the sidecar's CPU on streams, by `perf`).
struct Needles {
    ends: [Vec<Finder<'static>>; 3],
    data: Finder<'static>,
    usage: Finder<'static>,
    no_choices: Finder<'static>,
    lf: FinderRev<'static>,
    crlf: FinderRev<'static>,
}

static NEEDLES: LazyLock<Needles> = LazyLock::new(|| Needles {
    ends: Dialect::ALL.map(|d| ends(d).iter().map(|e| Finder::new(*e)).collect()),
    data: Finder::new(b"data:"),
    usage: Finder::new(b"\"usage\""),
    no_choices: Finder::new(b"\"choices\":[]"),
    lf: FinderRev::new(b"\n\n"),
    crlf: FinderRev::new(b"\r\n\r\n"),
});

/// What the client gets when the upstream hangs up before the stream's end, in its dialect's
/// error event: without it a cut stream would look like a short, complete answer.
fn cut_short(dialect: Dialect) -> &'static [u8] {
    match dialect {
        Dialect::Chat => b"data: {\"error\":{\"message\":\"the upstream closed the stream before it was complete\",\"type\":\"server_error\",\"code\":\"upstream_closed\"}}\n\n",
        Dialect::Messages => b"event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"the upstream closed the stream before it was complete\"}}\n\n",
        Dialect::Responses => b"event: error\ndata: {\"type\":\"error\",\"code\":\"upstream_closed\",\"message\":\"the upstream closed the stream before it was complete\",\"param\":null}\n\n",
    }
}

impl SseRelay {
    pub fn new(
        upstream: Body,
        strip_usage_chunk: bool,
        idle_timeout: Duration,
        acct: Accounting,
    ) -> Self {
        Self {
            upstream,
            events: Events::new(acct.dialect, strip_usage_chunk),
            idle_timeout,
            idle: Box::pin(tokio::time::sleep(idle_timeout)),
            last_chunk: Instant::now(),
            done: false,
            acct,
        }
    }
}

impl Events {
    fn new(dialect: Dialect, strip_usage_chunk: bool) -> Self {
        Self {
            dialect,
            pending: BytesMut::new(),
            strip_usage_chunk,
            finished: false,
            usage: None,
            relayed: 0,
        }
    }

    fn ended(&self, buf: &[u8]) -> bool {
        NEEDLES.ends[self.dialect.index()]
            .iter()
            .any(|end| end.find(buf).is_some())
    }

    /// What of `chunk` (after what was pending) can go to the client now: every complete event,
    /// as the same buffer when the chunk holds whole events and no usage.
    fn feed(&mut self, mut chunk: Bytes) -> Bytes {
        let complete = if self.pending.is_empty() {
            match last_event_end(&chunk) {
                Some(end) if end == chunk.len() => chunk,
                Some(end) => {
                    self.pending.extend_from_slice(&chunk.split_off(end));
                    chunk
                }
                None => {
                    self.pending.extend_from_slice(&chunk);
                    return Bytes::new();
                }
            }
        } else {
            self.pending.extend_from_slice(&chunk);
            match last_event_end(&self.pending) {
                Some(end) => self.pending.split_to(end).freeze(),
                None => return Bytes::new(),
            }
        };
        if self.ended(&complete) {
            self.finished = true;
        }
        self.relayed += NEEDLES.data.find_iter(&complete).count() as u64;
        if has_usage(&complete) {
            self.with_usage(&complete)
        } else {
            complete
        }
    }

    /// Complete events of which one carries usage: reads it, and drops the usage-only chunk
    /// when the client did not ask for it.
    fn with_usage(&mut self, mut events: &[u8]) -> Bytes {
        let mut out = BytesMut::new();
        while !events.is_empty() {
            let end = event_end(events).unwrap_or(events.len());
            let event = &events[..end];
            events = &events[end..];
            if self.inspect(event) && self.strip_usage_chunk {
                continue;
            }
            out.extend_from_slice(event);
        }
        out.freeze()
    }

    /// Reads usage from an event (merged with what earlier events said); true when it is a
    /// chat stream's usage-only chunk (`"choices": []`).
    fn inspect(&mut self, event: &[u8]) -> bool {
        if !has_usage(event) {
            return false;
        }
        for line in event.split(|b| *b == b'\n') {
            let Some(data) = line.strip_prefix(b"data:") else {
                continue;
            };
            if let Some(usage) = Usage::find(data, self.dialect) {
                self.usage.get_or_insert_default().merge(usage);
                return self.dialect == Dialect::Chat && NEEDLES.no_choices.find(data).is_some();
            }
        }
        false
    }
}

impl Events {
    /// What is left when the upstream ends: a last event without its blank line still belongs
    /// to the client.
    fn finish(&mut self) -> BytesMut {
        let rest = self.pending.split();
        if self.ended(&rest) {
            self.finished = true;
        }
        if !rest.is_empty() {
            self.inspect(&rest);
        }
        rest
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

/// End (exclusive) of the last complete SSE event.
fn last_event_end(buf: &[u8]) -> Option<usize> {
    let lf = NEEDLES.lf.rfind(buf).map(|p| p + 2);
    let crlf = NEEDLES.crlf.rfind(buf).map(|p| p + 4);
    lf.max(crlf)
}

/// Whether a `"usage"` key holds an object (`"usage": null` rides on every chunk of a stream
/// that asked for usage, and carries none).
fn has_usage(buf: &[u8]) -> bool {
    NEEDLES.usage.find_iter(buf).any(|at| {
        buf[at + 7..]
            .trim_ascii_start()
            .strip_prefix(b":")
            .is_some_and(|v| v.trim_ascii_start().starts_with(b"{"))
    })
}

/// A stream that ended without a usage chunk (client hang-up, upstream cut, a provider that
/// sends none) is still charged: the prompt's estimate and one token per event relayed,
/// marked estimated.
impl Drop for SseRelay {
    fn drop(&mut self) {
        if self.acct.usage.is_none() {
            let events = self.events.relayed;
            self.acct.usage = Some(Usage {
                input: self.acct.prompt_estimate,
                output: events.saturating_sub(u64::from(self.events.finished)),
                ..Usage::default()
            });
            self.acct.estimated = true;
        }
    }
}

impl Stream for SseRelay {
    type Item = io::Result<Bytes>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            if this.done {
                return Poll::Ready(None);
            }
            match this.upstream.poll_chunk(cx) {
                Poll::Ready(Some(Ok(chunk))) => {
                    this.last_chunk = Instant::now();
                    if this.acct.ttft.is_none() {
                        this.acct.ttft = Some(this.last_chunk - this.acct.started);
                    }
                    let out = this.events.feed(chunk);
                    // The first whole event (`response.created`) names the response.
                    if !out.is_empty()
                        && let Some(home) = this.acct.home.take()
                        && !home.remember(&out)
                    {
                        this.acct.home = Some(home);
                    }
                    if this.events.usage.is_some() {
                        this.acct.usage = this.events.usage;
                    }
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
                    let mut rest = this.events.finish();
                    this.acct.usage = this.events.usage.or(this.acct.usage);
                    if !this.events.finished {
                        this.acct.error = true;
                        tracing::warn!("upstream closed the stream before its end");
                        if !rest.is_empty() {
                            rest.extend_from_slice(b"\n\n");
                        }
                        rest.extend_from_slice(cut_short(this.events.dialect));
                    }
                    if rest.is_empty() {
                        return Poll::Ready(None);
                    }
                    return Poll::Ready(Some(Ok(rest.freeze())));
                }
                Poll::Pending => {
                    while this.idle.as_mut().poll(cx).is_ready() {
                        let deadline = this.last_chunk + this.idle_timeout;
                        if deadline > Instant::now() {
                            // Chunks came since it was set: wait for the rest of the timeout.
                            this.idle.as_mut().reset(deadline.into());
                            continue;
                        }
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
        assert_eq!(last_event_end(b"data: a\n\ndata: b\n\ndata: c"), Some(18));
        assert_eq!(last_event_end(b"data: a\r\n\r\ndata: b"), Some(11));
        assert_eq!(last_event_end(b"data: partial"), None);
    }

    /// Feeds `chunks` and returns what the client got, and the usage read.
    fn relayed(chunks: &[&str], strip: bool) -> (String, Option<Usage>, bool) {
        let mut events = Events::new(Dialect::Chat, strip);
        let mut out = Vec::new();
        for c in chunks {
            out.extend_from_slice(&events.feed(Bytes::copy_from_slice(c.as_bytes())));
        }
        out.extend_from_slice(&events.finish());
        (
            String::from_utf8(out).expect("utf8"),
            events.usage,
            events.finished,
        )
    }

    const DELTA: &str = "data: {\"choices\":[{\"delta\":{\"content\":\"hi\"}}],\"usage\":null}\n\n";
    const USAGE: &str =
        "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":3}}\n\n";
    const DONE: &str = "data: [DONE]\n\n";

    #[test]
    fn passes_events_through_and_strips_only_the_usage_chunk() {
        let whole = [DELTA, DELTA, USAGE, DONE];
        let (out, usage, finished) = relayed(&whole, true);
        assert_eq!(out, format!("{DELTA}{DELTA}{DONE}"));
        assert_eq!(usage.map(|u| (u.input, u.output)), Some((7, 3)));
        assert!(finished);
        let (out, _, _) = relayed(&whole, false);
        assert_eq!(
            out,
            whole.concat(),
            "the client asked for usage: it gets it"
        );
        // Every split of the stream into two chunks gives the same bytes and usage.
        let text = whole.concat();
        for cut in 1..text.len() {
            let (out, usage, finished) = relayed(&[&text[..cut], &text[cut..]], true);
            assert_eq!(out, format!("{DELTA}{DELTA}{DONE}"), "cut at {cut}");
            assert!(usage.is_some() && finished, "cut at {cut}");
        }
        // A stream cut short keeps what came, and says it did not finish.
        let (out, _, finished) = relayed(&[DELTA, "data: {\"choi"], true);
        assert_eq!(out, format!("{DELTA}data: {{\"choi"));
        assert!(!finished);
    }

    /// Anthropic's and OpenAI Responses' streams: passed through whole, usage read from the
    /// events that carry it, the end seen, and a cut stream told in the dialect's shape.
    #[test]
    fn messages_and_responses_streams_count_and_end_in_their_dialect() {
        let messages = [
            "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"usage\":{\"input_tokens\":25,\"cache_read_input_tokens\":100,\"output_tokens\":1}}}\n\n",
            "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"hi\"}}\n\n",
            "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":15}}\n\n",
            "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n",
        ];
        let responses = [
            "event: response.created\ndata: {\"type\":\"response.created\",\"response\":{\"id\":\"resp_1\",\"usage\":null}}\n\n",
            "event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"delta\":\"hi\"}\n\n",
            "event: response.completed\ndata: {\"type\":\"response.completed\",\"response\":{\"id\":\"resp_1\",\"usage\":{\"input_tokens\":30,\"input_tokens_details\":{\"cached_tokens\":20},\"output_tokens\":9,\"output_tokens_details\":{\"reasoning_tokens\":4}}}}\n\n",
        ];
        for (dialect, stream, want) in [
            (
                Dialect::Messages,
                &messages[..],
                Usage {
                    input: 25,
                    cache_read: 100,
                    output: 15,
                    ..Usage::default()
                },
            ),
            (
                Dialect::Responses,
                &responses[..],
                Usage {
                    input: 10,
                    cache_read: 20,
                    output: 9,
                    reasoning: 4,
                    ..Usage::default()
                },
            ),
        ] {
            let text = stream.concat();
            for cut in [1, text.len() / 3, text.len() / 2, text.len() - 1] {
                let mut events = Events::new(dialect, false);
                let mut out = Vec::new();
                out.extend_from_slice(
                    &events.feed(Bytes::copy_from_slice(&text.as_bytes()[..cut])),
                );
                out.extend_from_slice(
                    &events.feed(Bytes::copy_from_slice(&text.as_bytes()[cut..])),
                );
                out.extend_from_slice(&events.finish());
                assert_eq!(out, text.as_bytes(), "{dialect} cut at {cut}");
                assert_eq!(events.usage, Some(want), "{dialect} cut at {cut}");
                assert!(events.finished, "{dialect}");
            }
            let mut events = Events::new(dialect, false);
            events.feed(Bytes::from(stream[0]));
            assert!(
                !events.finished,
                "{dialect}: not ended after its first event"
            );
        }
        assert!(
            cut_short(Dialect::Messages).starts_with(b"event: error\ndata: {\"type\":\"error\"")
        );
        assert!(cut_short(Dialect::Responses).starts_with(b"event: error\n"));
    }

    #[test]
    fn tells_usage_objects_from_null_usage() {
        assert!(has_usage(
            br#"data: {"choices":[],"usage":{"prompt_tokens":1}}"#
        ));
        assert!(has_usage(br#"data: {"usage" : {"prompt_tokens":1}}"#));
        assert!(!has_usage(
            br#"data: {"choices":[{"delta":{}}],"usage":null}"#
        ));
        assert!(!has_usage(
            br#"data: {"delta":{"content":"the \"usage\" word"}}"#
        ));
    }

    #[test]
    fn reads_usage_of_a_body() {
        let body = br#"{"id":"x","choices":[{"message":{"content":"hi"}}],"usage":{"prompt_tokens":7,"completion_tokens":3,"total_tokens":10}}"#;
        let usage = usage_of_body(body, Dialect::Chat).expect("usage");
        assert_eq!((usage.input, usage.output), (7, 3));
        assert!(usage_of_body(b"{}", Dialect::Chat).is_none());
    }
}
