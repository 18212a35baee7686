//! The guards a `/v1` request passes before anything is read or sent: who the client is, a
//! path that stays under `/v1/`, and the browser checks (origin, host, content type).

use std::sync::Arc;

use axum::http::{HeaderMap, HeaderName, Method, header};

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

/// Requests from a browser (they carry `Origin` or `Sec-Fetch-*`) must come from an allowed
/// origin, name an allowed host (no DNS rebinding), and send JSON (no form or text/plain post
/// that a foreign page could make without asking). Other clients are not affected.
pub fn check_browser(app: &App, method: &Method, headers: &HeaderMap) -> Result<(), Error> {
    let text = |name: &HeaderName| headers.get(name).and_then(|v| v.to_str().ok());
    let origin = text(&header::ORIGIN);
    let browser = origin.is_some()
        || headers.contains_key("sec-fetch-site")
        || headers.contains_key("sec-fetch-mode");
    if !browser {
        return Ok(());
    }
    let cfg = &app.cfg;
    let host = text(&header::HOST).unwrap_or_default();
    let name = host
        .rsplit_once(':')
        .filter(|(_, port)| port.chars().all(|c| c.is_ascii_digit()))
        .map_or(host, |(name, _)| name)
        .trim_start_matches('[')
        .trim_end_matches(']');
    let host_ok = name.eq_ignore_ascii_case("localhost")
        || name.parse::<std::net::IpAddr>().is_ok()
        || cfg
            .allowed_hosts
            .iter()
            .any(|h| h.eq_ignore_ascii_case(name));
    if !host_ok {
        return Err(Error::Forbidden(format!(
            "host {name:?} is not allowed for browser requests: allow it with --allowed-host"
        )));
    }
    let origin_ok = match origin {
        Some(o) => cfg.allowed_origins.iter().any(|a| a == "*" || a == o),
        None => text(&HeaderName::from_static("sec-fetch-site"))
            .is_none_or(|site| site == "same-origin" || site == "none"),
    };
    if !origin_ok {
        return Err(Error::Forbidden(format!(
            "requests from web origin {:?} are refused: allow it with --allowed-origin",
            origin.unwrap_or("(cross-site)")
        )));
    }
    let json = text(&header::CONTENT_TYPE).is_some_and(|t| {
        t.trim_start()
            .to_ascii_lowercase()
            .starts_with("application/json")
    });
    if *method == Method::POST && !json {
        return Err(Error::UnsupportedMediaType);
    }
    Ok(())
}
