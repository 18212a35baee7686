//! Generic JSON webhooks: the [`Message`] itself as the body, and, when the receiver has a
//! secret, `X-Bizwings-Timestamp` (unix seconds) and `X-Bizwings-Signature: sha256=HEX`, the
//! HMAC-SHA256 of `"{timestamp}.{body}"` keyed with the secret (the scheme Stripe and GitHub
//! made familiar: the timestamp in the signed text stops replays). 2xx is delivered, 429 and
//! 5xx are retried (honouring Retry-After), other answers are final.

use std::time::Duration;

use hmac::{Hmac, Mac as _};
use serde::Serialize;
use sha2::Sha256;

use super::{Message, Verdict, unreachable_verdict};
use crate::crypto::Secret;
use crate::state::now_ms;

/// The body: the message with a schema version.
#[derive(Serialize)]
struct Body<'a> {
    schema: u32,
    #[serde(flatten)]
    message: &'a Message,
}

/// `sha256=HEX` of `"{timestamp}.{body}"` keyed with `secret`.
pub fn signature(secret: &str, timestamp: i64, body: &[u8]) -> String {
    // HMAC takes keys of any length, so this cannot fail.
    let mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).map(|mut mac| {
        mac.update(timestamp.to_string().as_bytes());
        mac.update(b".");
        mac.update(body);
        mac.finalize().into_bytes().to_vec()
    });
    format!("sha256={}", hex::encode(mac.unwrap_or_default()))
}

pub(super) async fn send(
    http: &reqwest::Client,
    url: &Secret,
    secret: Option<&Secret>,
    message: &Message,
) -> Verdict {
    let body = serde_json::to_vec(&Body { schema: 1, message }).unwrap_or_default();
    let mut request = http
        .post(url.expose())
        .header(reqwest::header::CONTENT_TYPE, "application/json");
    if let Some(secret) = secret {
        let timestamp = now_ms() / 1000;
        request = request
            .header("x-bizwings-timestamp", timestamp.to_string())
            .header(
                "x-bizwings-signature",
                signature(secret.expose(), timestamp, &body),
            );
    }
    match request.body(body).send().await {
        Ok(response) => {
            let status = response.status().as_u16();
            let retry_after = response
                .headers()
                .get(reqwest::header::RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse::<u64>().ok())
                .map(Duration::from_secs);
            match status {
                200..=299 => Verdict::Delivered,
                429 => Verdict::Throttled {
                    retry_after,
                    reason: "HTTP 429".into(),
                },
                500..=599 => Verdict::Retry(format!("HTTP {status}")),
                _ => Verdict::Fatal(format!("HTTP {status}")),
            }
        }
        Err(e) => unreachable_verdict(&e),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn signs_timestamp_dot_body() {
        // python3 -c 'import hmac,hashlib;print(hmac.new(b"k", b"1700000000.{}", hashlib.sha256).hexdigest())'
        assert_eq!(
            super::signature("k", 1_700_000_000, b"{}"),
            "sha256=c6ef4734033cee2367414a0939385eca0397754aa7a59716da7463a9298b5146"
        );
    }
}
