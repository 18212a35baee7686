//! A generic JSON webhook endpoint on 127.0.0.1 that records each body with its signature
//! headers, and checks the signature on its own: hex(HMAC-SHA256(secret, "TIMESTAMP.BODY")).

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use hmac::{Hmac, Mac as _};
use serde_json::Value;
use sha2::Sha256;

/// One request as received.
#[derive(Debug, Clone)]
pub(crate) struct Hit {
    pub(crate) body: Value,
    /// `Some(true)` when signed correctly, `Some(false)` when signed wrongly, `None` unsigned.
    pub(crate) signature_ok: Option<bool>,
}

pub(crate) struct Webhook {
    pub(crate) url: String,
    hits: Arc<Mutex<Vec<Hit>>>,
    task: tokio::task::JoinHandle<()>,
}

struct Sink {
    secret: String,
    hits: Arc<Mutex<Vec<Hit>>>,
}

async fn hook(
    State(sink): State<Arc<Sink>>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> StatusCode {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let signature_ok = match (
        header("x-bizwings-timestamp"),
        header("x-bizwings-signature"),
    ) {
        (Some(ts), Some(sig)) => {
            let mut mac = Hmac::<Sha256>::new_from_slice(sink.secret.as_bytes()).expect("key");
            mac.update(format!("{ts}.").as_bytes());
            mac.update(&body);
            Some(sig == format!("sha256={}", hex::encode(mac.finalize().into_bytes())))
        }
        _ => None,
    };
    sink.hits.lock().expect("lock").push(Hit {
        body: serde_json::from_slice(&body).unwrap_or(Value::Null),
        signature_ok,
    });
    StatusCode::NO_CONTENT
}

impl Webhook {
    /// Listens on a free loopback port; `secret` is what signed requests must use.
    pub(crate) async fn start(secret: &str) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr: SocketAddr = listener.local_addr().expect("addr");
        let hits = Arc::new(Mutex::new(Vec::new()));
        let app = Router::new()
            .route("/hooks/ops-token-1234", post(hook))
            .with_state(Arc::new(Sink {
                secret: secret.to_owned(),
                hits: hits.clone(),
            }));
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Self {
            url: format!("http://{addr}/hooks/ops-token-1234"),
            hits,
            task,
        }
    }

    pub(crate) fn hits(&self) -> Vec<Hit> {
        self.hits.lock().expect("lock").clone()
    }
}

impl Drop for Webhook {
    fn drop(&mut self) {
        self.task.abort();
    }
}
