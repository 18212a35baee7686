//! Reading HTTP request bodies with a size limit, for the servers (sidecar, alert bridge).

use bytes::{Bytes, BytesMut};
use futures_util::StreamExt as _;

/// Beyond this, an oversized body is no longer read to its end: the connection is dropped.
const DRAIN_LIMIT: usize = 64 * 1024 * 1024;

/// Reads a body of at most `limit` bytes; `None` when larger (or broken). An oversized body is
/// still read on to its end (up to 64 MiB) and thrown away, so the client receives the 413
/// instead of a broken pipe in the middle of its upload.
pub async fn read_limited(body: axum::body::Body, limit: usize) -> Option<Bytes> {
    let mut stream = body.into_data_stream();
    // Most bodies arrive as one chunk: keep it as it is, and copy only when a second comes.
    let mut first: Option<Bytes> = None;
    let mut rest = BytesMut::new();
    let mut seen = 0;
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.ok()?;
        seen += chunk.len();
        if seen > DRAIN_LIMIT {
            return None;
        }
        if seen > limit {
            continue;
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
        return None;
    }
    Some(if rest.is_empty() {
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

    #[tokio::test]
    async fn joins_chunks_and_refuses_oversize() {
        assert_eq!(
            read_limited(body(&["hello"]), 5).await.as_deref(),
            Some(&b"hello"[..])
        );
        assert_eq!(
            read_limited(body(&["he", "", "llo"]), 5).await.as_deref(),
            Some(&b"hello"[..])
        );
        assert_eq!(
            read_limited(body(&["", "hi"]), 5).await.as_deref(),
            Some(&b"hi"[..])
        );
        assert_eq!(read_limited(body(&["hel", "lo!"]), 5).await, None);
        assert_eq!(read_limited(body(&[]), 5).await.as_deref(), Some(&b""[..]));
    }
}
