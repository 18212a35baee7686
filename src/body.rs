//! Reading HTTP request bodies for the servers (sidecar, alert bridge): a size limit per body,
//! a limit on how long a client may pause between chunks (a stalled upload is cut, not held),
//! and one budget for every body being buffered in the process, so slow or huge uploads cannot
//! take the process's memory with them.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use futures_util::StreamExt as _;

/// Beyond this, an oversized body is no longer read to its end: the connection is dropped.
const DRAIN_LIMIT: usize = 64 * 1024 * 1024;

/// Bytes of request bodies held in memory right now, across the process.
static BUFFERED: AtomicUsize = AtomicUsize::new(0);
/// The most that may be held at once (see [`set_budget`]).
static BUDGET: AtomicUsize = AtomicUsize::new(DEFAULT_BUDGET);

/// Set once the server stops: uploads still arriving are cut, so a stalled one cannot hold
/// the shutdown for the whole grace period.
static STOPPING: std::sync::OnceLock<tokio::sync::watch::Sender<bool>> = std::sync::OnceLock::new();

fn stopping() -> &'static tokio::sync::watch::Sender<bool> {
    STOPPING.get_or_init(|| tokio::sync::watch::channel(false).0)
}

/// Cuts every body still being read (the server is stopping).
pub fn stop() {
    stopping().send_replace(true);
}

/// Default budget for bodies buffered at once: 64 MiB.
pub const DEFAULT_BUDGET: usize = 64 * 1024 * 1024;

/// Sets how many bytes of request bodies may be buffered at once in this process.
pub fn set_budget(bytes: usize) {
    BUDGET.store(bytes.max(1), Ordering::Relaxed);
}

/// Why a body was not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyError {
    /// Larger than the limit (413).
    TooLarge,
    /// No data for longer than the idle limit (408).
    Stalled,
    /// Every byte of the budget is taken by other uploads, or the server is stopping (503).
    Busy,
    /// The client broke the connection or sent a malformed body (400).
    Broken,
}

/// Returns its bytes to the budget when the read is over, however it ends.
struct Held(usize);

impl Held {
    /// Claims `n` more bytes, or gives them back and says no when the budget is spent.
    fn take(&mut self, n: usize) -> bool {
        let before = BUFFERED.fetch_add(n, Ordering::Relaxed);
        if before + n > BUDGET.load(Ordering::Relaxed) {
            BUFFERED.fetch_sub(n, Ordering::Relaxed);
            return false;
        }
        self.0 += n;
        true
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        BUFFERED.fetch_sub(self.0, Ordering::Relaxed);
    }
}

/// Reads a body of at most `limit` bytes, waiting at most `idle` for each chunk. An oversized
/// body is still read on to its end (up to 64 MiB, not buffered) and thrown away, so the client
/// receives the 413 instead of a broken pipe in the middle of its upload.
pub async fn read_limited(
    body: axum::body::Body,
    limit: usize,
    idle: Duration,
) -> Result<Bytes, BodyError> {
    let mut stream = body.into_data_stream();
    let mut claim = Held(0);
    // Most bodies arrive as one chunk: keep it as it is, and copy only when a second comes.
    let mut first: Option<Bytes> = None;
    let mut rest = BytesMut::new();
    let mut seen = 0;
    let mut stop = stopping().subscribe();
    loop {
        let next = tokio::select! {
            next = tokio::time::timeout(idle, stream.next()) => next,
            _ = stop.wait_for(|s| *s) => return Err(BodyError::Busy),
        };
        let chunk = match next {
            Err(_) => return Err(BodyError::Stalled),
            Ok(None) => break,
            Ok(Some(Err(_))) => return Err(BodyError::Broken),
            Ok(Some(Ok(chunk))) => chunk,
        };
        seen += chunk.len();
        if seen > DRAIN_LIMIT {
            return Err(BodyError::TooLarge);
        }
        if seen > limit {
            continue;
        }
        if !claim.take(chunk.len()) {
            return Err(BodyError::Busy);
        }
        match &first {
            None => first = Some(chunk),
            Some(head) => {
                if rest.is_empty() {
                    rest.extend_from_slice(head);
                }
                rest.extend_from_slice(&chunk);
            }
        }
    }
    if seen > limit {
        return Err(BodyError::TooLarge);
    }
    Ok(if rest.is_empty() {
        first.unwrap_or_default()
    } else {
        rest.freeze()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(chunks: &[&'static str]) -> axum::body::Body {
        let items: Vec<Result<Bytes, std::io::Error>> = chunks
            .iter()
            .map(|c| Ok(Bytes::from_static(c.as_bytes())))
            .collect();
        axum::body::Body::from_stream(futures_util::stream::iter(items))
    }

    const IDLE: Duration = Duration::from_secs(5);

    #[tokio::test]
    async fn joins_chunks_and_refuses_oversize() {
        assert_eq!(
            read_limited(body(&["hello"]), 5, IDLE).await.as_deref(),
            Ok(&b"hello"[..])
        );
        assert_eq!(
            read_limited(body(&["he", "", "llo"]), 5, IDLE)
                .await
                .as_deref(),
            Ok(&b"hello"[..])
        );
        assert_eq!(
            read_limited(body(&["", "hi"]), 5, IDLE).await.as_deref(),
            Ok(&b"hi"[..])
        );
        assert_eq!(
            read_limited(body(&["hel", "lo!"]), 5, IDLE).await,
            Err(BodyError::TooLarge)
        );
        assert_eq!(
            read_limited(body(&[]), 5, IDLE).await.as_deref(),
            Ok(&b""[..])
        );
        assert_eq!(BUFFERED.load(Ordering::Relaxed), 0, "every byte returned");
    }

    #[tokio::test]
    async fn a_stalled_body_is_cut() {
        let stalled = axum::body::Body::from_stream(futures_util::stream::pending::<
            Result<Bytes, std::io::Error>,
        >());
        assert_eq!(
            read_limited(stalled, 5, Duration::from_millis(50)).await,
            Err(BodyError::Stalled)
        );
    }
}
