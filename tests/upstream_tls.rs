//! Providers behind TLS and behind an HTTP proxy, as real deployments reach them: the
//! sidecar's own upstream client verifies certificates with the system's OpenSSL, tunnels
//! through `HTTPS_PROXY` with CONNECT, sends plain HTTP through `HTTP_PROXY` in absolute form,
//! and keeps one connection alive across requests.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};

use serde_json::{Value, json};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpStream};
use tokio_native_tls::native_tls;

use crate::support::Env;
use crate::support::server::Server;
use crate::support::upstream::{Mode, Upstream, add_provider};

const KEY: &str = "sk-tls-upstream-0123456789abcdef";

/// A self-signed certificate for 127.0.0.1, made by the openssl CLI: (cert.pem, key.pem).
fn certificate(env: &Env) -> (PathBuf, PathBuf) {
    let (cert, key) = (env.path("cert.pem"), env.path("key.pem"));
    let out = Command::new("openssl")
        .args([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
        ])
        .args([
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
        ])
        .arg("-keyout")
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .output()
        .expect("run openssl (apt install openssl)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (cert, key)
}

/// TLS in front of `plain`: each TLS connection is decrypted and relayed to it. Counts the
/// connections it accepted.
async fn tls_front(cert: &Path, key: &Path, plain: SocketAddr) -> (SocketAddr, Arc<Mutex<usize>>) {
    let identity = native_tls::Identity::from_pkcs8(
        &std::fs::read(cert).expect("cert"),
        &std::fs::read(key).expect("key"),
    )
    .expect("identity");
    let acceptor = tokio_native_tls::TlsAcceptor::from(
        native_tls::TlsAcceptor::new(identity).expect("acceptor"),
    );
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let accepted = Arc::new(Mutex::new(0));
    let count = accepted.clone();
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            let count = count.clone();
            tokio::spawn(async move {
                let Ok(mut tls) = acceptor.accept(tcp).await else {
                    return;
                };
                *count.lock().expect("lock") += 1;
                let Ok(mut inner) = TcpStream::connect(plain).await else {
                    return;
                };
                let _ = tokio::io::copy_bidirectional(&mut tls, &mut inner).await;
            });
        }
    });
    (addr, accepted)
}

/// What the proxy saw: each connection's first request head, and every byte it carried.
#[derive(Default)]
struct Seen {
    heads: Vec<String>,
    carried: Vec<u8>,
}

/// An HTTP proxy, as corporate proxies in front of OpenAI are: CONNECT tunnels, and (with
/// `forward`) plain requests in absolute form, sent on in origin form over a connection of its
/// own to the origin, which then carries that client connection's further requests.
async fn http_proxy(forward: bool) -> (SocketAddr, Arc<Mutex<Seen>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let seen = Arc::new(Mutex::new(Seen::default()));
    let log = seen.clone();
    tokio::spawn(async move {
        while let Ok((mut client, _)) = listener.accept().await {
            let log = log.clone();
            tokio::spawn(async move {
                let mut head = Vec::new();
                let mut byte = [0u8; 1];
                while !head.ends_with(b"\r\n\r\n") {
                    if client.read(&mut byte).await.unwrap_or(0) == 0 {
                        return;
                    }
                    head.push(byte[0]);
                }
                let head = String::from_utf8_lossy(&head).into_owned();
                let target = head
                    .split_whitespace()
                    .nth(1)
                    .unwrap_or_default()
                    .to_owned();
                log.lock().expect("lock").heads.push(head.clone());
                let origin = target.strip_prefix("http://").map(|rest| {
                    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
                    (host.to_owned(), format!("/{path}"))
                });
                let Ok(mut server) = (match (&origin, head.starts_with("CONNECT ")) {
                    (_, true) => TcpStream::connect(&target).await,
                    (Some((host, _)), false) if forward => TcpStream::connect(host).await,
                    _ => {
                        let _ = client
                            .write_all(b"HTTP/1.1 405 Method Not Allowed\r\n\r\n")
                            .await;
                        return;
                    }
                }) else {
                    return;
                };
                if let (Some((_, path)), false) = (&origin, head.starts_with("CONNECT ")) {
                    let first: String = head
                        .replacen(&target, path, 1)
                        .split_inclusive("\r\n")
                        .filter(|l| !l.to_ascii_lowercase().starts_with("proxy-authorization:"))
                        .collect();
                    let _ = server.write_all(first.as_bytes()).await;
                } else {
                    let _ = client
                        .write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")
                        .await;
                }
                let (mut cr, mut cw) = client.split();
                let (mut sr, mut sw) = server.split();
                let up = async {
                    let mut buf = [0u8; 4096];
                    while let Ok(n @ 1..) = cr.read(&mut buf).await {
                        log.lock()
                            .expect("lock")
                            .carried
                            .extend_from_slice(&buf[..n]);
                        if sw.write_all(&buf[..n]).await.is_err() {
                            break;
                        }
                    }
                };
                let down = tokio::io::copy(&mut sr, &mut cw);
                let _ = tokio::join!(up, down);
            });
        }
    });
    (addr, seen)
}

/// The credentials of `http://proxy-user:proxy-pass@…` as the proxy receives them.
const PROXY_AUTH: &str = "Basic cHJveHktdXNlcjpwcm94eS1wYXNz";

/// A request head's `Proxy-Authorization` value.
fn proxy_auth(head: &str) -> Option<&str> {
    head.lines().find_map(|line| {
        let (name, value) = line.split_once(':')?;
        name.eq_ignore_ascii_case("proxy-authorization")
            .then(|| value.trim())
    })
}

fn serve(env: &Env, envs: &[(&str, &str)]) -> Server {
    let args = [
        "sidecar",
        "serve",
        "--listen",
        "127.0.0.1:0",
        "--metrics-listen",
        "127.0.0.1:0",
        "--reload-interval",
        "200ms",
        "--shutdown-grace",
        "5s",
        "--health-interval",
        "off",
    ];
    Server::start(env, &args, envs)
}

async fn chat(sc: &Server, stream: bool) -> (u16, String) {
    let body =
        json!({"model": "m", "stream": stream, "messages": [{"role": "user", "content": "hi"}]});
    let r = reqwest::Client::new()
        .post(sc.url("/v1/chat/completions"))
        .json(&body)
        .send()
        .await
        .expect("send");
    (r.status().as_u16(), r.text().await.expect("body"))
}

/// A provider "tls" behind a TLS front (the self-signed certificate) of an upstream in `mode`.
struct TlsProvider {
    env: Env,
    cert: PathBuf,
    up: Upstream,
    /// The front's address, and how many TLS sessions it accepted.
    tls: SocketAddr,
    accepted: Arc<Mutex<usize>>,
}

async fn tls_provider(mode: Mode) -> TlsProvider {
    let env = Env::initialized();
    let (cert, key) = certificate(&env);
    let up = Upstream::start("tls", mode).await;
    let (tls, accepted) = tls_front(&cert, &key, up.addr).await;
    add_provider(
        &env,
        "tls",
        &format!("https://{tls}/v1"),
        KEY,
        &["--model", "m"],
    );
    TlsProvider {
        env,
        cert,
        up,
        tls,
        accepted,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tls_provider_through_a_connect_proxy_answers_and_keeps_its_connection() {
    let TlsProvider {
        env,
        cert,
        up,
        tls,
        accepted,
    } = tls_provider(Mode::Ok).await;
    let (proxy, seen) = http_proxy(false).await;
    let proxy_url = format!("http://proxy-user:proxy-pass@{proxy}");
    let cert_file = cert.to_str().expect("utf-8");
    let sc = serve(
        &env,
        &[
            ("HTTPS_PROXY", &proxy_url),
            ("NO_PROXY", ""),
            ("SSL_CERT_FILE", cert_file),
        ],
    );

    for stream in [false, true, false, true] {
        let (status, text) = chat(&sc, stream).await;
        assert_eq!(status, 200, "{text}");
        if stream {
            assert!(text.contains("data: [DONE]"), "{text}");
        } else {
            let v: Value = serde_json::from_str(&text).expect("json");
            assert_eq!(v["usage"]["prompt_tokens"], 10, "{v}");
        }
    }
    assert_eq!(up.hits(), 4);
    assert!(up.seen().iter().all(|s| s.auth == format!("Bearer {KEY}")));
    let seen = seen.lock().expect("lock");
    // One tunnel and one TLS session for four requests: the connection went back to the pool
    // after each answer, streams included.
    assert_eq!(seen.heads.len(), 1, "{:?}", seen.heads);
    assert_eq!(*accepted.lock().expect("lock"), 1);
    let head = &seen.heads[0];
    assert!(
        head.starts_with(&format!("CONNECT {tls} HTTP/1.1\r\n")),
        "{head}"
    );
    assert_eq!(proxy_auth(head), Some(PROXY_AUTH), "{head}");
    // The proxy carried TLS: neither the key nor the request is readable to it.
    let carried = String::from_utf8_lossy(&seen.carried);
    assert!(!carried.contains(KEY) && !carried.contains("chat/completions"));
    drop(seen);
    sc.terminate();
}

/// A plain-HTTP provider through `HTTP_PROXY`: the request line in absolute form with the
/// proxy's credentials (never the origin's), streams and plain answers, one connection.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_plain_http_provider_goes_through_http_proxy_in_absolute_form() {
    let env = Env::initialized();
    let up = Upstream::start("plain", Mode::Ok).await;
    add_provider(&env, "plain", &up.base_url(), KEY, &["--model", "m"]);
    let (proxy, seen) = http_proxy(true).await;
    let proxy_url = format!("http://proxy-user:proxy-pass@{proxy}");
    let sc = serve(&env, &[("HTTP_PROXY", &proxy_url), ("NO_PROXY", "")]);
    for stream in [false, true, false] {
        let (status, text) = chat(&sc, stream).await;
        assert_eq!(status, 200, "{text}");
        assert!(!stream || text.contains("data: [DONE]"), "{text}");
    }
    assert_eq!(up.hits(), 3);
    assert!(up.seen().iter().all(|s| s.auth == format!("Bearer {KEY}")));
    let seen = seen.lock().expect("lock");
    assert_eq!(seen.heads.len(), 1, "one connection: {:?}", seen.heads);
    let head = &seen.heads[0];
    assert!(
        head.starts_with(&format!(
            "POST http://{}/v1/chat/completions HTTP/1.1\r\n",
            up.addr
        )),
        "{head}"
    );
    assert_eq!(proxy_auth(head), Some(PROXY_AUTH), "{head}");
    drop(seen);
    sc.terminate();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_certificate_the_system_does_not_trust_is_refused_without_naming_the_key() {
    let TlsProvider { env, up, tls, .. } = tls_provider(Mode::Ok).await;
    let sc = serve(&env, &[]);

    let (status, text) = chat(&sc, false).await;
    assert_eq!(status, 502, "{text}");
    assert!(
        text.contains("certificate"),
        "the reason is the certificate: {text}"
    );
    assert!(
        !text.contains(KEY) && !text.contains(&tls.to_string()),
        "{text}"
    );
    assert_eq!(
        up.hits(),
        0,
        "nothing was sent over an unverified connection"
    );
    let log = sc.log_text();
    assert!(!log.contains(KEY), "the key stays out of the log");
    sc.terminate();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_error_answer_gives_its_connection_back_for_the_next_request() {
    let TlsProvider {
        env,
        cert,
        up,
        accepted,
        ..
    } = tls_provider(Mode::Error500).await;
    let sc = serve(&env, &[("SSL_CERT_FILE", cert.to_str().expect("utf-8"))]);

    let (status, text) = chat(&sc, false).await;
    assert_eq!(status, 502, "{text}");
    up.set_mode(Mode::Ok);
    // The 500's body is read in the background before its connection is pooled again.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let (status, text) = chat(&sc, false).await;
    assert_eq!(status, 200, "{text}");
    assert_eq!(up.hits(), 2);
    assert_eq!(
        *accepted.lock().expect("lock"),
        1,
        "one TLS session for the 500 and the answer after it"
    );
    sc.terminate();
}
