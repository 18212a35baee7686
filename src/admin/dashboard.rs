//! The dashboard: one self-contained page embedded in the binary (no CDN, no build step), and
//! `/dashboard/sse`, a live feed of totals, pools and providers (bucket fill, cooldown). The
//! page itself holds no data; the feed and the admin API need the admin token.

use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use bytes::Bytes;
use serde_json::json;

use super::Admin;
use crate::sidecar::App;

const PAGE: &str = include_str!("dashboard.html");

#[derive(Clone)]
struct Dash {
    app: App,
    admin: Admin,
}

pub(super) fn router(app: App, admin: Admin) -> Router {
    Router::new()
        .route("/dashboard", get(page))
        .route("/dashboard/sse", get(feed))
        .with_state(Dash { app, admin })
}

async fn page() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            // Nothing may load from elsewhere: the page works offline and leaks nothing.
            (
                header::CONTENT_SECURITY_POLICY,
                "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src 'self' data:",
            ),
        ],
        PAGE,
    )
        .into_response()
}

async fn feed(State(dash): State<Dash>, headers: axum::http::HeaderMap) -> Response {
    if let Err(response) = dash.admin.check(crate::server::bearer(&headers)).await {
        return response;
    }
    let stream = futures_util::stream::unfold((dash, true), |(dash, first)| async move {
        if !first {
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
        let event = format!("data: {}\n\n", snapshot_json(&dash).await);
        Some((Ok::<_, std::io::Error>(Bytes::from(event)), (dash, false)))
    });
    (
        [
            (header::CONTENT_TYPE, "text/event-stream"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        Body::from_stream(stream),
    )
        .into_response()
}

async fn snapshot_json(dash: &Dash) -> serde_json::Value {
    json!({
        "totals": dash.admin.totals().await,
        "live": dash.app.live_counts(),
        "queue_depth": dash.app.queue_depth(),
        "backends": dash.app.live(),
        "shared": dash.app.fleet().await,
    })
}
