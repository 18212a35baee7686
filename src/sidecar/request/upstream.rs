//! HTTP/1.1 to the providers, for the request path: keep-alive connections in our own pool,
//! each driven by the task that relays its answer. A pooled client (reqwest, hyper's legacy
//! pool) runs every connection as a task of its own and hands each chunk over through a
//! channel — two task wake-ups per SSE event; here the relaying task polls the connection and
//! its body in one loop, and gives the connection back to the pool when the answer has ended.
//!
//! Proxies come from the environment as curl reads it (`HTTPS_PROXY`, `HTTP_PROXY`,
//! `ALL_PROXY`, `NO_PROXY`): a CONNECT tunnel for HTTPS, absolute-form requests for HTTP.

use std::collections::HashMap;
use std::future::{Future, poll_fn};
use std::io;
use std::pin::{Pin, pin};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::http::{HeaderValue, Request, Response, Uri, header};
use bytes::{Bytes, BytesMut};
use http_body_util::Full;
use hyper::body::{Body as _, Incoming};
use hyper::client::conn::http1::{self, Connection, SendRequest};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::connect::proxy::Tunnel;
use hyper_util::client::proxy::matcher::Matcher;
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio_native_tls::{TlsConnector, TlsStream, native_tls};
use tower_service::Service;

/// How long a connection may wait in the pool before it is closed rather than reused.
const IDLE_TIMEOUT: Duration = Duration::from_secs(90);
/// Idle connections kept per origin; more are closed when they come back.
const IDLE_PER_ORIGIN: usize = 512;
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Where requests to one URL go, parsed once (per snapshot for the model paths).
#[derive(Clone, Debug)]
pub struct Target {
    /// The absolute URL: the request line through an HTTP proxy, and what proxies match.
    uri: Uri,
    /// The path and query: the request line of a direct request.
    path: Uri,
    host: HeaderValue,
    /// The host name for TLS (no port, no brackets).
    server_name: Arc<str>,
    /// The pool's key: scheme, host and port.
    origin: Arc<str>,
    tls: bool,
}

impl Target {
    /// Parses an http(s) URL; user names and passwords in it are refused (a key belongs in
    /// the provider's key, not in its URL).
    pub fn parse(url: &str) -> Result<Self, String> {
        let url = url::Url::parse(url).map_err(|e| e.to_string())?;
        let tls = match url.scheme() {
            "https" => true,
            "http" => false,
            other => return Err(format!("scheme {other:?} is not http or https")),
        };
        if !url.username().is_empty() || url.password().is_some() {
            return Err("a user name or password in the URL is not supported".into());
        }
        let server_name = match url.host() {
            Some(url::Host::Ipv6(ip)) => ip.to_string(),
            Some(host) => host.to_string(),
            None => return Err("the URL has no host".into()),
        };
        let port = url.port_or_known_default().unwrap_or(80);
        let authority = match url.port() {
            Some(port) => format!("{}:{port}", url.host_str().unwrap_or_default()),
            None => url.host_str().unwrap_or_default().to_owned(),
        };
        let uri: Uri = url.as_str().parse().map_err(|e| format!("{e}"))?;
        let path: Uri = uri
            .path_and_query()
            .map_or("/", |p| p.as_str())
            .parse()
            .map_err(|e| format!("{e}"))?;
        Ok(Self {
            host: HeaderValue::from_str(&authority).map_err(|e| e.to_string())?,
            origin: Arc::from(format!(
                "{}://{}:{port}",
                url.scheme(),
                url.host_str().unwrap_or_default()
            )),
            server_name: Arc::from(server_name),
            uri,
            path,
            tls,
        })
    }
}

/// Why a request got no answer, in words a client may see (no URL, no key).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot connect: {0}")]
    Connect(String),
    #[error("{0}")]
    Http(String),
    #[error("the connection closed before the answer was complete")]
    Closed,
}

impl Error {
    fn http(err: &hyper::Error) -> Self {
        // The chain names the cause (reset, protocol error).
        let mut text = err.to_string();
        let mut source = std::error::Error::source(err);
        while let Some(s) = source {
            text.push_str(": ");
            text.push_str(&s.to_string());
            source = s.source();
        }
        Self::Http(text)
    }

    fn connect(err: impl std::fmt::Display) -> Self {
        Self::Connect(err.to_string())
    }
}

/// The pool and what opens new connections. Cheap to clone.
#[derive(Clone)]
pub struct Client(Arc<Inner>);

struct Inner {
    #[expect(
        clippy::vec_box,
        reason = "a connection is boxed once and lent out by pointer"
    )]
    idle: Mutex<HashMap<Arc<str>, Vec<Box<Conn>>>>,
    tcp: HttpConnector,
    tls: TlsConnector,
    proxies: Matcher,
}

impl Client {
    /// A client using `tls` (the system's OpenSSL, its root store loaded once and shared with
    /// the background's client) and the environment's proxies.
    pub fn new(tls: native_tls::TlsConnector) -> Self {
        let mut tcp = HttpConnector::new();
        tcp.enforce_http(false);
        tcp.set_nodelay(true);
        tcp.set_connect_timeout(Some(CONNECT_TIMEOUT));
        Self(Arc::new(Inner {
            idle: Mutex::new(HashMap::new()),
            tcp,
            tls: tls.into(),
            proxies: Matcher::from_env(),
        }))
    }

    /// Sends `req` (its URI is set here) on a pooled connection to `target`, or a new one,
    /// and returns the answer's head with its body still to read.
    pub async fn send(
        &self,
        target: &Target,
        req: Request<Full<Bytes>>,
    ) -> Result<Response<Body>, Error> {
        let mut req = Some(req);
        loop {
            let (mut conn, reused) = match self.take(&target.origin) {
                Some(conn) => (conn, true),
                // Boxed: the rare path's state would make every request's future larger.
                None => (Box::pin(self.connect(target)).await?, false),
            };
            let Some(mut request) = req.take() else {
                return Err(Error::Closed);
            };
            *request.uri_mut() = if conn.absolute {
                target.uri.clone()
            } else {
                target.path.clone()
            };
            request
                .headers_mut()
                .insert(header::HOST, target.host.clone());
            if let Some(auth) = &conn.proxy_auth {
                request
                    .headers_mut()
                    .insert(header::PROXY_AUTHORIZATION, auth.clone());
            }
            if poll_fn(|cx| conn.ready(cx)).await.is_err() {
                // A pooled connection the provider closed meanwhile: try the next.
                if reused {
                    req = Some(request);
                    continue;
                }
                return Err(Error::Closed);
            }
            let mut sending = pin!(conn.send.try_send_request(request));
            let sent = poll_fn(
                |cx| match conn.poll_with(cx, |cx| sending.as_mut().poll(cx)) {
                    (_, Poll::Ready(r)) => Poll::Ready(r.map_err(Some)),
                    (true, Poll::Pending) => Poll::Ready(Err(None)),
                    (false, Poll::Pending) => Poll::Pending,
                },
            )
            .await;
            match sent {
                Ok(response) => {
                    let lease = Lease {
                        conn,
                        pool: self.clone(),
                        origin: target.origin.clone(),
                    };
                    return Ok(response.map(|body| Body {
                        body,
                        lease: Some(lease),
                    }));
                }
                Err(Some(mut err)) => match err.take_message() {
                    // Never written: safe to send again on another connection.
                    Some(request) if reused => req = Some(request),
                    _ => return Err(Error::http(err.error())),
                },
                Err(None) => return Err(Error::Closed),
            }
        }
    }

    fn take(&self, origin: &str) -> Option<Box<Conn>> {
        let mut idle = self
            .0
            .idle
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let conns = idle.get_mut(origin)?;
        // The most recently used first: its socket is the likeliest still open.
        while let Some(conn) = conns.pop() {
            if conn.since.elapsed() < IDLE_TIMEOUT && !conn.send.is_closed() {
                return Some(conn);
            }
        }
        None
    }

    fn give_back(&self, origin: Arc<str>, mut conn: Box<Conn>) {
        if conn.over || conn.send.is_closed() {
            return;
        }
        conn.since = Instant::now();
        let mut idle = self
            .0
            .idle
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let conns = idle.entry(origin).or_default();
        // The oldest are at the front: drop those past their time as this one comes back.
        let stale = conns
            .iter()
            .take_while(|c| c.since.elapsed() >= IDLE_TIMEOUT)
            .count();
        conns.drain(..stale);
        if conns.len() < IDLE_PER_ORIGIN {
            conns.push(conn);
        }
    }

    async fn connect(&self, target: &Target) -> Result<Box<Conn>, Error> {
        let proxy = self.0.proxies.intercept(&target.uri);
        let mut tcp = self.0.tcp.clone();
        let (tcp, absolute, proxy_auth) = match proxy {
            None => (
                tcp.call(target.uri.clone()).await.map_err(Error::connect)?,
                false,
                None,
            ),
            Some(proxy) if target.tls => {
                let mut tunnel = Tunnel::new(proxy.uri().clone(), tcp);
                if let Some(auth) = proxy.basic_auth() {
                    tunnel = tunnel.with_auth(auth.clone());
                }
                let io = tunnel
                    .call(target.uri.clone())
                    .await
                    .map_err(Error::connect)?;
                (io, false, None)
            }
            Some(proxy) => {
                let io = tcp
                    .call(proxy.uri().clone())
                    .await
                    .map_err(Error::connect)?;
                (io, true, proxy.basic_auth().cloned())
            }
        };
        let tcp = tcp.into_inner();
        let stream = if target.tls {
            let tls = self.0.tls.connect(&target.server_name, tcp).await;
            Stream::Tls(Box::new(tls.map_err(Error::connect)?))
        } else {
            Stream::Plain(tcp)
        };
        let (send, io) = http1::Builder::new()
            .handshake(TokioIo::new(stream))
            .await
            .map_err(|e| Error::http(&e))?;
        Ok(Box::new(Conn {
            send,
            io,
            over: false,
            absolute,
            proxy_auth,
            since: Instant::now(),
        }))
    }
}

/// One keep-alive connection: its sender and the state machine that reads and writes it.
/// Boxed once when opened, so the pool, the answer's body and the futures that hold it move
/// a pointer, not the connection's ~770 bytes.
struct Conn {
    send: SendRequest<Full<Bytes>>,
    io: Connection<TokioIo<Stream>, Full<Bytes>>,
    /// The connection future has finished (closed or failed): never poll it again.
    over: bool,
    /// Requests go to an HTTP proxy: the request line carries the whole URL.
    absolute: bool,
    proxy_auth: Option<HeaderValue>,
    since: Instant,
}

impl Conn {
    /// Reads and writes what the connection can; `Ready` once it is over.
    fn drive(&mut self, cx: &mut Context<'_>) -> Poll<()> {
        if !self.over && Pin::new(&mut self.io).poll(cx).is_ready() {
            self.over = true;
        }
        if self.over {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    }

    /// Polls the connection, then `other` (its answer, or the answer's body), in one task;
    /// also says whether the connection is over.
    fn poll_with<T>(
        &mut self,
        cx: &mut Context<'_>,
        other: impl FnOnce(&mut Context<'_>) -> Poll<T>,
    ) -> (bool, Poll<T>) {
        let over = self.drive(cx).is_ready();
        (over, other(cx))
    }

    /// Ready for a request, or `Err` when the connection is over.
    fn ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), ()>> {
        if self.drive(cx).is_ready() {
            return Poll::Ready(Err(()));
        }
        self.send.poll_ready(cx).map_err(|_| ())
    }
}

/// A connection lent to one answer; back to the pool when the answer has been read whole.
struct Lease {
    conn: Box<Conn>,
    pool: Client,
    origin: Arc<str>,
}

/// An answer's body, read by the task that relays it: each poll also drives its connection.
pub struct Body {
    body: Incoming,
    lease: Option<Lease>,
}

impl Body {
    /// The next chunk; `None` at the end, when the connection has gone back to the pool.
    pub fn poll_chunk(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Bytes, Error>>> {
        loop {
            let Self { body, lease } = self;
            let (over, polled) = match lease.as_mut() {
                Some(lease) => lease
                    .conn
                    .poll_with(cx, |cx| Pin::new(&mut *body).poll_frame(cx)),
                None => (false, Pin::new(&mut *body).poll_frame(cx)),
            };
            let end = match polled {
                // Nothing will come: the connection that would bring it is gone.
                Poll::Pending if over => Some(Err(Error::Closed)),
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => None,
                Poll::Ready(Some(Ok(frame))) => match frame.into_data() {
                    Ok(data) if data.is_empty() => continue,
                    Ok(data) => return Poll::Ready(Some(Ok(data))),
                    // Trailers: nothing a client of these APIs reads.
                    Err(_) => continue,
                },
                Poll::Ready(Some(Err(err))) => Some(Err(Error::http(&err))),
            };
            match end {
                None => {
                    if let Some(lease) = self.lease.take() {
                        lease.pool.give_back(lease.origin, lease.conn);
                    }
                    return Poll::Ready(None);
                }
                Some(err) => {
                    self.lease = None;
                    return Poll::Ready(Some(err));
                }
            }
        }
    }

    /// Reads, in the background, what is left of an answer nobody wants (a 429's or a 5xx's
    /// error JSON), so that its connection goes back to the pool instead of being closed —
    /// a new TLS session per 429 is what a rate-limit storm would cost otherwise. Past 64 KiB
    /// or a second it gives up and closes the connection.
    pub fn release(mut self) {
        if self.lease.is_none() {
            return;
        }
        tokio::spawn(async move {
            let mut left = 64 * 1024_usize;
            let drain = async {
                while let Some(Ok(chunk)) = poll_fn(|cx| self.poll_chunk(cx)).await {
                    left = left.checked_sub(chunk.len())?;
                }
                Some(())
            };
            let _ = tokio::time::timeout(Duration::from_secs(1), drain).await;
        });
    }

    /// The whole body (a JSON answer).
    pub async fn bytes(mut self) -> Result<Bytes, Error> {
        let mut first: Option<Bytes> = None;
        let mut more = BytesMut::new();
        while let Some(chunk) = poll_fn(|cx| self.poll_chunk(cx)).await {
            let chunk = chunk?;
            match &first {
                None => first = Some(chunk),
                Some(f) => {
                    if more.is_empty() {
                        more.extend_from_slice(f);
                    }
                    more.extend_from_slice(&chunk);
                }
            }
        }
        Ok(if more.is_empty() {
            first.unwrap_or_default()
        } else {
            more.freeze()
        })
    }
}

impl futures_util::Stream for Body {
    type Item = Result<Bytes, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_chunk(cx)
    }
}

/// A provider's connection: plain TCP, or TLS over it.
enum Stream {
    Plain(TcpStream),
    Tls(Box<TlsStream<TcpStream>>),
}

impl AsyncRead for Stream {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Self::Plain(s) => Pin::new(s).poll_read(cx, buf),
            Self::Tls(s) => Pin::new(s.as_mut()).poll_read(cx, buf),
        }
    }
}

impl AsyncWrite for Stream {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        match self.get_mut() {
            Self::Plain(s) => Pin::new(s).poll_write(cx, buf),
            Self::Tls(s) => Pin::new(s.as_mut()).poll_write(cx, buf),
        }
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        match self.get_mut() {
            Self::Plain(s) => Pin::new(s).poll_write_vectored(cx, bufs),
            Self::Tls(s) => Pin::new(s.as_mut()).poll_write_vectored(cx, bufs),
        }
    }

    fn is_write_vectored(&self) -> bool {
        match self {
            Self::Plain(s) => s.is_write_vectored(),
            Self::Tls(s) => s.is_write_vectored(),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Self::Plain(s) => Pin::new(s).poll_flush(cx),
            Self::Tls(s) => Pin::new(s.as_mut()).poll_flush(cx),
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Self::Plain(s) => Pin::new(s).poll_shutdown(cx),
            Self::Tls(s) => Pin::new(s.as_mut()).poll_shutdown(cx),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Target;

    #[test]
    fn a_target_splits_its_url_into_request_line_host_and_pool_key() {
        let t = Target::parse("https://api.example.com/v1/chat/completions?x=1").expect("parse");
        assert_eq!(t.path.to_string(), "/v1/chat/completions?x=1");
        assert_eq!(t.host, "api.example.com");
        assert_eq!(&*t.origin, "https://api.example.com:443");
        assert!(t.tls);
        let t = Target::parse("http://127.0.0.1:8080/v1/messages").expect("parse");
        assert_eq!(t.host, "127.0.0.1:8080");
        assert_eq!(&*t.server_name, "127.0.0.1");
        assert!(!t.tls);
        let t = Target::parse("http://[::1]:9/v1").expect("parse");
        assert_eq!(t.host, "[::1]:9");
        assert_eq!(&*t.server_name, "::1");
        assert!(Target::parse("https://user:pw@example.com/v1").is_err());
        assert!(Target::parse("ftp://example.com/v1").is_err());
    }
}
