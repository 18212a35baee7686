//! The guards a `/v1` request passes before anything is read or sent: who the client is, a
//! path that stays under `/v1/`, and the browser checks (origin, host, content type).

use std::sync::Arc;

use axum::http::{HeaderMap, Method};

use super::App;
use super::budget::Gate;
use super::error::Error;
use super::snapshot::Snapshot;

/// The client a request comes from: `None` when no client tokens exist (open on loopback).
pub fn authenticate(
    app: &App,
    snap: &Snapshot,
    headers: &HeaderMap,
) -> Result<Option<Arc<Gate>>, Error> {
    use sha2::Digest as _;
    if snap.clients.is_empty() {
        // The start-up rule holds at every moment: removing the last token of a sidecar that
        // listens beyond loopback closes `/v1` rather than opening it.
        if app.cfg.listen.ip().is_loopback() || app.cfg.allow_unauthenticated {
            return Ok(None);
        }
        return Err(Error::Unauthorized);
    }
    // As the client's SDK sends it: OpenAI's bearer token, or Anthropic's `x-api-key`.
    let token = crate::server::bearer(headers)
        .or_else(|| headers.get("x-api-key").and_then(|v| v.to_str().ok()))
        .ok_or(Error::Unauthorized)?;
    // Looked up by digest: timing can reveal nothing about the token itself.
    let digest: [u8; 32] = sha2::Sha256::digest(token.as_bytes()).into();
    snap.clients
        .get(&digest)
        .cloned()
        .map(Some)
        .ok_or(Error::Unauthorized)
}

/// A path that stays under `/v1/`: no `.` or `..` segment (also percent-encoded), no empty
/// segment, no backslash. Anything else could carry a provider's key elsewhere on its host.
pub fn confined(path: &str) -> bool {
    let Some(rest) = path.strip_prefix("/v1/") else {
        return false;
    };
    let ok = |p: &str| {
        !p.contains('\\')
            && p.split('/')
                .all(|segment| !segment.is_empty() && segment != "." && segment != "..")
    };
    // The usual path has no escapes: checked in place, without decoding (no allocation).
    if rest.contains('%') {
        ok(&percent_decode(rest))
    } else {
        ok(rest)
    }
}

/// `%2e` → `.`, `%2F` → `/`, …: enough to see through encoded dot segments and separators.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(v) = text
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Requests from a browser must come from an allowed origin, name an allowed host and send
/// JSON (see [`crate::server::check_browser`]).
pub fn check_browser(app: &App, method: &Method, headers: &HeaderMap) -> Result<(), Error> {
    use crate::server::BrowserRefusal;
    crate::server::check_browser(
        method,
        headers,
        &app.cfg.allowed_hosts,
        &app.cfg.allowed_origins,
    )
    .map_err(|refusal| match refusal {
        BrowserRefusal::NotJson => Error::UnsupportedMediaType,
        BrowserRefusal::Host(_) => {
            Error::Forbidden(format!("{refusal}: allow it with --allowed-host"))
        }
        BrowserRefusal::Origin(_) => {
            Error::Forbidden(format!("{refusal}: allow it with --allowed-origin"))
        }
    })
}
