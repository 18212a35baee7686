//! Feishu (Lark) custom bots: message cards, request signing, and what their answers mean.
//!
//! Facts this follows: the webhook answers HTTP 200 even on errors, with `{"code": N, "msg"}`
//! (`code: 0` is success; older bots answer `StatusCode`); a signed bot wants `timestamp`
//! (seconds, as a string) and `sign` = base64(HMAC-SHA256 keyed with "{timestamp}\n{secret}"
//! over an EMPTY message) — key and message are easy to swap by mistake; a bot takes 5
//! requests a second and 100 a minute; a body may be 20 KB at most.

use base64::Engine as _;
use hmac::{Hmac, Mac as _};
use serde::Deserialize;
use serde_json::{Value, json};
use sha2::Sha256;

use super::{Message, Verdict};

/// Largest request body Feishu accepts (cards are kept under it as they are built).
#[cfg(test)]
pub const MAX_BODY_BYTES: usize = 20 * 1024;

/// `sign` for `timestamp` (unix seconds) and the bot's secret.
pub fn sign(timestamp: i64, secret: &str) -> String {
    let key = format!("{timestamp}\n{secret}");
    // HMAC accepts keys of any length, so this cannot fail.
    let mac = Hmac::<Sha256>::new_from_slice(key.as_bytes())
        .map(hmac::Mac::finalize)
        .map(|out| out.into_bytes().to_vec())
        .unwrap_or_default();
    base64::engine::general_purpose::STANDARD.encode(mac)
}

/// The request body for a card, signed when the bot has a secret.
pub fn body(card: &Value, secret: Option<&str>, timestamp: i64) -> Value {
    let mut body = json!({"msg_type": "interactive", "card": card});
    if let Some(secret) = secret {
        body["timestamp"] = Value::String(timestamp.to_string());
        body["sign"] = Value::String(sign(timestamp, secret));
    }
    body
}

#[derive(Deserialize)]
struct Answer {
    code: Option<i64>,
    #[serde(rename = "StatusCode")]
    status_code: Option<i64>,
    msg: Option<String>,
    #[serde(rename = "StatusMessage")]
    status_message: Option<String>,
}

/// Classifies an answer by its HTTP status and body.
pub fn verdict(http_status: u16, body: &[u8]) -> Verdict {
    if http_status == 429 {
        return Verdict::Throttled {
            retry_after: None,
            reason: "HTTP 429".into(),
        };
    }
    if http_status >= 500 {
        return Verdict::Retry(format!("HTTP {http_status}"));
    }
    let Ok(answer) = serde_json::from_slice::<Answer>(body) else {
        let text = String::from_utf8_lossy(&body[..body.len().min(200)]).into_owned();
        return if (200..300).contains(&http_status) {
            Verdict::Retry(format!("unreadable answer: {text}"))
        } else {
            Verdict::Fatal(format!("HTTP {http_status}: {text}"))
        };
    };
    let code = answer.code.or(answer.status_code).unwrap_or(-1);
    let msg = answer.msg.or(answer.status_message).unwrap_or_default();
    match code {
        0 => Verdict::Delivered,
        11232 => Verdict::Throttled {
            retry_after: None,
            reason: format!("frequency limited (11232): {msg}"),
        },
        // 9499 is Feishu's code for any bad request; only its text tells a rate limit apart.
        9499 if msg.to_ascii_lowercase().contains("too many request") => Verdict::Throttled {
            retry_after: None,
            reason: format!("too many requests (9499): {msg}"),
        },
        19021 => Verdict::Fatal(format!(
            "signature mismatch (19021): check the bot's secret and the clock: {msg}"
        )),
        19024 => Verdict::Fatal(format!(
            "keyword not found (19024): the bot's keyword must appear in the card: {msg}"
        )),
        9499 => Verdict::Fatal(format!("bad request (9499): {msg}")),
        _ if (200..300).contains(&http_status) => Verdict::Fatal(format!("code {code}: {msg}")),
        _ => Verdict::Fatal(format!("HTTP {http_status}, code {code}: {msg}")),
    }
}

/// The card for `message`; `mentions` (open_ids) are @-ed on a firing message.
pub fn render(message: &Message, mentions: &[String]) -> Value {
    let mut markdown = message.body.clone();
    if !message.resolved && !mentions.is_empty() {
        let ats: Vec<String> = mentions
            .iter()
            .filter(|id| id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
            .map(|id| format!("<at id={id}></at>"))
            .collect();
        if !ats.is_empty() {
            markdown.push('\n');
            markdown.push_str(&ats.join(" "));
        }
    }
    card(
        &truncate(&message.title, 200),
        template(&message.severity, message.resolved),
        &markdown,
        message
            .links
            .first()
            .map(|l| (l.text.as_str(), l.url.as_str())),
        &if message.id.is_empty() {
            message.footer.clone()
        } else {
            // Delivery is at least once: the id tells a duplicate card from a new event.
            format!(
                "{} · id {}",
                message.footer,
                &message.id[..message.id.len().min(12)]
            )
        },
    )
}

/// Header colour by severity, green when resolved.
pub fn template(severity: &str, resolved: bool) -> &'static str {
    if resolved {
        return "green";
    }
    match severity {
        "critical" | "error" | "page" => "red",
        "warning" | "warn" => "orange",
        _ => "blue",
    }
}

/// A card: coloured header, a lark_md body, an optional link button, a footer note.
fn card(
    title: &str,
    color: &str,
    markdown: &str,
    link: Option<(&str, &str)>,
    footer: &str,
) -> Value {
    let mut elements = vec![json!({"tag": "div", "text": {"tag": "lark_md", "content": markdown}})];
    if let Some((label, url)) = link {
        elements.push(json!({"tag": "action", "actions": [
            {"tag": "button", "text": {"tag": "plain_text", "content": label}, "type": "default", "url": url}
        ]}));
    }
    elements.push(json!({"tag": "note", "elements": [{"tag": "plain_text", "content": footer}]}));
    json!({
        "config": {"wide_screen_mode": true},
        "header": {"template": color, "title": {"tag": "plain_text", "content": title}},
        "elements": elements,
    })
}

/// Cuts `text` to at most `max` bytes on a character boundary, marking the cut.
pub fn truncate(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_owned();
    }
    let mut end = max.saturating_sub(3);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}...", &text[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signs_with_timestamp_and_secret_as_the_key_over_an_empty_message() {
        // Computed independently: python3 -c 'import hmac,hashlib,base64;
        // print(base64.b64encode(hmac.new(b"1599360473\ndemo", b"", hashlib.sha256).digest()))'
        assert_eq!(
            sign(1_599_360_473, "demo"),
            "l1N0gAcBjdwBvGm1xMjOF0XSyaLRpR7tuO5dHfhAYc8="
        );
    }

    #[test]
    fn reads_answers() {
        assert_eq!(
            verdict(200, br#"{"code":0,"msg":"success"}"#),
            Verdict::Delivered
        );
        assert_eq!(
            verdict(200, br#"{"StatusCode":0,"StatusMessage":"success"}"#),
            Verdict::Delivered
        );
        assert!(matches!(
            verdict(200, br#"{"code":11232,"msg":"frequency limited"}"#),
            Verdict::Throttled { .. }
        ));
        assert!(matches!(
            verdict(200, br#"{"code":9499,"msg":"Too Many Request"}"#),
            Verdict::Throttled { .. }
        ));
        assert!(matches!(
            verdict(200, br#"{"code":9499,"msg":"Bad Request"}"#),
            Verdict::Fatal(_)
        ));
        assert!(matches!(
            verdict(200, br#"{"code":19021,"msg":"sign match fail"}"#),
            Verdict::Fatal(_)
        ));
        assert!(matches!(
            verdict(200, br#"{"code":19024,"msg":"Key Words Not Found"}"#),
            Verdict::Fatal(_)
        ));
        assert!(matches!(verdict(502, b"bad gateway"), Verdict::Retry(_)));
    }

    #[test]
    fn truncates_on_char_boundaries() {
        assert_eq!(truncate("héllo wörld", 8), "héll...");
        assert_eq!(truncate("short", 10), "short");
    }
}
