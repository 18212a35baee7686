//! What the request log keeps of one client request while it travels: who asked for what,
//! each upstream attempt and why the sidecar moved on, and how it ended. Owned by the request
//! (no lock); the answered attempt's accounting takes it along, so a stream is logged when it
//! ends. One event to the writer per request; the writer batches them into SQLite.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use axum::http::{HeaderMap, HeaderName, HeaderValue};

use super::events::{Event, RECORDS};
use super::usage::Usage;
use crate::state::requests::{Attempt, LoggedRequest};

/// The header a request id travels in, both ways (a `HeaderName`: inserting by `&str` copies
/// the name on every request).
pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The client's request id if it sent a usable one (visible ASCII, at most 128 bytes), else a
/// new one: unique per process start and request, without a random draw per request.
pub fn request_id(headers: &HeaderMap) -> HeaderValue {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    static PREFIX: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    if let Some(given) = headers.get(&REQUEST_ID)
        && (1..=128).contains(&given.len())
        && given.as_bytes().iter().all(u8::is_ascii_graphic)
    {
        return given.clone();
    }
    let prefix = PREFIX.get_or_init(|| {
        format!(
            "req_{:x}{:x}",
            std::process::id(),
            crate::state::now_ms() / 1000
        )
    });
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    // One allocation of the exact size, handed to the header as is (format! and from_str cost
    // two and a copy; spare room would make `Bytes` allocate its shared header).
    let digits = n.checked_ilog10().map_or(1, |d| d as usize + 1);
    let mut id = String::with_capacity(prefix.len() + 1 + digits);
    id.push_str(prefix);
    let _ = write!(id, "_{n}");
    HeaderValue::from_maybe_shared(bytes::Bytes::from(id))
        .unwrap_or(HeaderValue::from_static("req"))
}

/// What of each body a client that logs bodies keeps.
const BODY_KEPT: usize = 16 * 1024;

/// Credentials as they appear in text: bearer tokens, bizwings' own tokens (`bwc_…`), and
/// provider keys in their common shapes (`sk-…`, `sk-ant-…`).
fn credentials() -> &'static regex::Regex {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| {
        regex::Regex::new(
            r"(?i)\bbearer\s+[a-z0-9._~+/=-]{8,}|\bbw[a-z]_[0-9a-f]{48}\b|\bsk-[a-z0-9_-]{16,}",
        )
        .unwrap_or_else(|_| regex::Regex::new("$^").unwrap_or_else(|_| unreachable!()))
    })
}

/// `body` as kept: at most [`BODY_KEPT`] bytes of text, with `keys` (the providers' keys) and
/// anything shaped like a credential replaced. Redacted over a little more than is kept, so a
/// key cut at the end leaves no prefix behind.
fn redacted(body: &[u8], keys: &[String]) -> String {
    let window = &body[..body.len().min(BODY_KEPT + 512)];
    let mut text = String::from_utf8_lossy(window).into_owned();
    for key in keys.iter().filter(|k| k.len() >= 8) {
        if text.contains(key.as_str()) {
            text = text.replace(key.as_str(), "[redacted]");
        }
    }
    let mut text = credentials().replace_all(&text, "[redacted]").into_owned();
    if text.len() > BODY_KEPT {
        let mut end = BODY_KEPT;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
    }
    text
}

/// One request's record in the making: a reused one (see [`RECORDS`]); names are shared, not
/// copied.
pub struct Trail {
    record: Box<LoggedRequest>,
    started: Instant,
    /// The providers' keys, to redact from bodies; `Some` only for a client that logs bodies.
    keys: Option<Vec<String>>,
}

fn ms(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

impl Trail {
    pub fn new(request_id: &HeaderValue, api: Cow<'static, str>, headers: &HeaderMap) -> Self {
        let mut record = RECORDS.take();
        record.at_ms = crate::state::now_ms();
        record
            .request_id
            .push_str(request_id.to_str().unwrap_or_default());
        record.api = api;
        record.traceparent = headers
            .get("traceparent")
            .and_then(|v| v.to_str().ok())
            .filter(|v| v.len() == 55)
            .map(str::to_owned);
        Self {
            record,
            started: Instant::now(),
            keys: None,
        }
    }

    /// A client that logs bodies: its request's body, redacted of `keys` (every provider's)
    /// and of anything shaped like a credential.
    pub fn log_bodies(&mut self, body: &[u8], keys: Vec<String>) {
        self.record.request_body = Some(redacted(body, &keys));
        self.keys = Some(keys);
    }

    /// The answer's body, for a client that logs bodies.
    pub fn answer_body(&mut self, body: &[u8]) {
        if let Some(keys) = &self.keys {
            self.record.response_body = Some(redacted(body, keys));
        }
    }

    /// Who asks: the client token's name.
    pub fn client(&mut self, client: Option<&Arc<str>>) {
        self.record.client = client.cloned();
    }

    /// What it asks for.
    pub fn model(&mut self, model: Option<&Arc<str>>, stream: bool) {
        self.record.model = model.cloned();
        self.record.stream = stream;
    }

    /// An attempt: its provider and host, status, start, and why it was left (or `answered`).
    pub fn attempt(
        &mut self,
        [provider, host]: [&Arc<str>; 2],
        status: Option<u16>,
        started: Instant,
        outcome: Cow<'static, str>,
    ) {
        let offset = started.saturating_duration_since(self.started);
        self.record.attempts.push(Attempt {
            provider: provider.clone(),
            host: host.clone(),
            status,
            ms: ms(started.elapsed()),
            at_ms: self.record.at_ms + i64::try_from(ms(offset)).unwrap_or(0),
            outcome,
        });
    }

    /// The request ended with an upstream's answer (for a stream, when it ended).
    pub fn answered(
        mut self,
        names: [&Arc<str>; 2],
        (status, error): (Option<u16>, bool),
        started: Instant,
        (ttft, usage, cost_nusd): (Option<Duration>, Usage, u64),
    ) -> Box<LoggedRequest> {
        let outcome = if error {
            "answered with an error"
        } else {
            crate::state::requests::ANSWERED
        };
        self.record.provider = Some(names[0].clone());
        self.attempt(names, status, started, Cow::Borrowed(outcome));
        let r = &mut self.record;
        r.status = status.unwrap_or(502);
        r.latency_ms = ms(self.started.elapsed());
        r.ttft_ms = ttft.map(ms);
        r.input_tokens = usage.input;
        r.output_tokens = usage.output;
        r.cache_read_tokens = usage.cache_read;
        r.cache_write_tokens = usage.cache_write;
        r.reasoning_tokens = usage.reasoning;
        r.cost_nusd = cost_nusd;
        if error {
            r.error = Some("upstream_error".into());
        }
        self.record
    }

    /// The request ended without an upstream's answer: refused (budget, rate, queue) or every
    /// attempt failed. `code` is the error code the client got.
    pub fn refused(mut self, status: u16, code: &str, reason: String) -> Event {
        let r = &mut self.record;
        r.status = status;
        r.error = Some(code.to_owned());
        r.reason = Some(reason);
        r.provider = r.attempts.last().map(|a| a.provider.clone());
        r.latency_ms = ms(self.started.elapsed());
        Event::Request(self.record)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_tokens_are_redacted_even_where_the_cut_falls() {
        let key = "k-provider-secret-0123456789".to_owned();
        let token = format!("bwc_{}", "ab".repeat(24));
        let body = format!(
            "{{\"messages\":[\"my key is {key}, token {token}, Authorization: Bearer abc.def-123456, sk-ant-api03-ABCDEFGHIJKLMNOP\"]}}"
        );
        let kept = redacted(body.as_bytes(), std::slice::from_ref(&key));
        for secret in [key.as_str(), &token, "abc.def-123456", "sk-ant-api03"] {
            assert!(!kept.contains(secret), "{secret} in {kept}");
        }
        assert!(kept.contains("my key is [redacted]"), "{kept}");
        // A key straddling the cut leaves no prefix.
        let mut long = "x".repeat(BODY_KEPT - 5);
        long.push_str(&key);
        let kept = redacted(long.as_bytes(), std::slice::from_ref(&key));
        assert!(
            kept.len() <= BODY_KEPT && !kept.contains("k-pro"),
            "{}",
            &kept[kept.len() - 20..]
        );
    }
}
