//! A Feishu-like custom-bot endpoint on 127.0.0.1 that records the cards it gets and checks
//! signatures the documented way: base64(HMAC-SHA256(key = "{timestamp}\n{secret}", msg = "")).

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::Router;
use axum::extract::{Path, State};
use axum::routing::post;
use base64::Engine as _;
use hmac::{Hmac, Mac as _};
use serde_json::{Value, json};
use sha2::Sha256;

/// One card as received.
#[derive(Debug, Clone)]
pub(crate) struct Received {
    pub(crate) token: String,
    pub(crate) body: Value,
    pub(crate) at: Instant,
}

pub(crate) struct Shared {
    /// Signing secret per hook token (unsigned hooks are absent).
    secrets: HashMap<String, String>,
    pub(crate) cards: Mutex<Vec<Received>>,
    /// Answer `11232 frequency limited` to this many requests first.
    pub(crate) limited_first: AtomicUsize,
    pub(crate) limited_answers: AtomicUsize,
    pub(crate) bad_signatures: AtomicUsize,
}

pub(crate) struct Feishu {
    pub(crate) addr: SocketAddr,
    pub(crate) shared: Arc<Shared>,
    task: tokio::task::JoinHandle<()>,
}

fn expected_sign(timestamp: &str, secret: &str) -> String {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(format!("{timestamp}\n{secret}").as_bytes()).expect("key");
    mac.update(b"");
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

async fn hook(
    State(shared): State<Arc<Shared>>,
    Path(token): Path<String>,
    body: axum::body::Bytes,
) -> axum::Json<Value> {
    let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    if let Some(secret) = shared.secrets.get(&token) {
        let ok = body["timestamp"]
            .as_str()
            .is_some_and(|ts| body["sign"].as_str() == Some(expected_sign(ts, secret).as_str()));
        if !ok {
            shared.bad_signatures.fetch_add(1, Ordering::SeqCst);
            return axum::Json(
                json!({"code": 19021, "msg": "sign match fail or timestamp is not within one hour from current time"}),
            );
        }
    }
    if shared.limited_first.load(Ordering::SeqCst) > 0 {
        shared.limited_first.fetch_sub(1, Ordering::SeqCst);
        shared.limited_answers.fetch_add(1, Ordering::SeqCst);
        return axum::Json(
            json!({"code": 11232, "msg": "frequency limited psm[lark.oapi.app_platform_runtime]appID[1]"}),
        );
    }
    shared.cards.lock().expect("lock").push(Received {
        token,
        body,
        at: Instant::now(),
    });
    axum::Json(json!({"code": 0, "msg": "success", "data": {}}))
}

impl Feishu {
    /// Starts on `addr` (port 0 for any); `secrets` maps hook tokens to signing secrets.
    pub(crate) async fn start(addr: SocketAddr, secrets: &[(&str, &str)]) -> Self {
        let shared = Arc::new(Shared {
            secrets: secrets
                .iter()
                .map(|(t, s)| ((*t).to_owned(), (*s).to_owned()))
                .collect(),
            cards: Mutex::new(Vec::new()),
            limited_first: AtomicUsize::new(0),
            limited_answers: AtomicUsize::new(0),
            bad_signatures: AtomicUsize::new(0),
        });
        let app = Router::new()
            .route("/open-apis/bot/v2/hook/{token}", post(hook))
            .with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .expect("bind feishu");
        let addr = listener.local_addr().expect("addr");
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Self { addr, shared, task }
    }

    pub(crate) fn url(addr: SocketAddr, token: &str) -> String {
        format!("http://{addr}/open-apis/bot/v2/hook/{token}")
    }

    pub(crate) fn cards(&self) -> Vec<Received> {
        self.shared.cards.lock().expect("lock").clone()
    }

    pub(crate) fn cards_for(&self, token: &str) -> Vec<Received> {
        self.cards()
            .into_iter()
            .filter(|c| c.token == token)
            .collect()
    }
}

impl Drop for Feishu {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// A loopback port that is free now (for a server that starts later).
pub(crate) fn free_addr() -> SocketAddr {
    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    l.local_addr().expect("addr")
}
