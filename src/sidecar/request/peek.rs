//! Reads `model` and `stream` from a request body without building a JSON tree, and splices
//! the backend's native model id (and `stream_options`) into the original bytes.

use std::borrow::Cow;

use bytes::Bytes;
use serde::Deserialize;
use serde_json::value::RawValue;

/// What routing needs from a request body.
#[derive(Debug)]
pub struct Peeked<'a> {
    /// The canonical model name, unescaped.
    pub model: Cow<'a, str>,
    /// Byte range of the `model` value (with its quotes) in the body.
    model_span: (usize, usize),
    pub stream: bool,
    /// Whether the client already asked for the usage chunk of a stream.
    pub client_wants_usage: bool,
    /// Byte range of an existing `stream_options` value.
    stream_options_span: Option<(usize, usize)>,
    /// The completion's cap the client set: the largest of `max_tokens`,
    /// `max_completion_tokens` and Responses' `max_output_tokens` (an upstream may honour any).
    pub max_tokens: Option<u64>,
    /// Choices asked for (`n`), each up to the cap.
    pub choices: u64,
    /// Responses: the earlier response this one continues.
    pub previous_response_id: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
struct Fields<'a> {
    #[serde(borrow)]
    model: Option<&'a RawValue>,
    stream: Option<bool>,
    #[serde(borrow)]
    stream_options: Option<&'a RawValue>,
    max_tokens: Option<u64>,
    max_completion_tokens: Option<u64>,
    max_output_tokens: Option<u64>,
    n: Option<u64>,
    #[serde(borrow)]
    previous_response_id: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
struct StreamOptions {
    include_usage: Option<bool>,
}

/// Why a body cannot be routed; each becomes a 400.
#[derive(Debug, thiserror::Error)]
pub enum PeekError {
    #[error("request body is not valid JSON: {0}")]
    Json(serde_json::Error),
    #[error("request body must be a JSON object with a \"model\" field")]
    MissingModel,
    #[error("\"model\" must be a non-empty string")]
    BadModel,
}

fn span(body: &[u8], raw: &RawValue) -> (usize, usize) {
    // RawValue borrows from `body`, so its address gives its position.
    let start = raw.get().as_ptr() as usize - body.as_ptr() as usize;
    (start, start + raw.get().len())
}

/// Parses just enough of `body`. The body is validated as JSON on the way (serde skips unknown
/// fields without allocating).
pub fn peek(body: &[u8]) -> Result<Peeked<'_>, PeekError> {
    let fields: Fields<'_> = serde_json::from_slice(body).map_err(PeekError::Json)?;
    let raw = fields.model.ok_or(PeekError::MissingModel)?;
    // Borrowed unless it has escapes (a `Cow` straight from serde would always own).
    let model = match serde_json::from_str::<&str>(raw.get()) {
        Ok(model) => Cow::Borrowed(model),
        Err(_) => {
            Cow::Owned(serde_json::from_str::<String>(raw.get()).map_err(|_| PeekError::BadModel)?)
        }
    };
    if model.is_empty() {
        return Err(PeekError::BadModel);
    }
    let client_wants_usage = fields
        .stream_options
        .and_then(|raw| serde_json::from_str::<StreamOptions>(raw.get()).ok())
        .and_then(|o| o.include_usage)
        .unwrap_or(false);
    Ok(Peeked {
        model_span: span(body, raw),
        model,
        stream: fields.stream.unwrap_or(false),
        client_wants_usage,
        stream_options_span: fields.stream_options.map(|raw| span(body, raw)),
        max_tokens: [
            fields.max_completion_tokens,
            fields.max_tokens,
            fields.max_output_tokens,
        ]
        .into_iter()
        .flatten()
        .max(),
        choices: fields.n.unwrap_or(1).max(1),
        previous_response_id: fields.previous_response_id.filter(|id| !id.is_empty()),
    })
}

impl Peeked<'_> {
    /// The body to send upstream: `model` replaced by `native` (when different), and for a
    /// stream whose client did not ask for usage, `stream_options.include_usage` set so that
    /// tokens can be counted. Other bytes are copied as they are.
    pub fn rewrite(&self, body: &Bytes, native: &str, ask_usage: bool) -> Bytes {
        let new_model = native != self.model;
        let new_options = ask_usage && self.stream && !self.client_wants_usage;
        if !new_model && !new_options {
            return body.clone();
        }
        // The native id as a JSON string: quoted as it is, unless it needs escapes (rare).
        let escaped;
        let model: [&str; 3] = if native.bytes().any(|b| b == b'"' || b == b'\\' || b < 0x20) {
            escaped = serde_json::to_string(native).unwrap_or_default();
            [&escaped, "", ""]
        } else {
            ["\"", native, "\""]
        };
        let options = new_options.then(|| {
            if let Some(span) = self.stream_options_span {
                (span, [r#"{"include_usage":true}"#, "", ""])
            } else {
                // Inserted right after the opening brace of the object.
                let at = body.iter().position(|b| *b == b'{').map_or(0, |p| p + 1);
                (
                    (at, at),
                    [r#""stream_options":{"include_usage":true},"#, "", ""],
                )
            }
        });
        // Edits sorted by position, applied in one pass into a buffer of the exact size (so
        // `Bytes` takes it without another allocation).
        let mut edits = [new_model.then_some((self.model_span, model)), options];
        edits.sort_by_key(|edit| edit.map_or(usize::MAX, |((start, _), _)| start));
        let edits = edits.iter().flatten();
        let added: usize = edits
            .clone()
            .flat_map(|(_, text)| text)
            .map(|t| t.len())
            .sum();
        let removed: usize = edits.clone().map(|((start, end), _)| end - start).sum();
        let mut out = Vec::with_capacity(body.len() + added - removed);
        let mut pos = 0;
        for ((start, end), text) in edits {
            out.extend_from_slice(&body[pos..*start]);
            for piece in text {
                out.extend_from_slice(piece.as_bytes());
            }
            pos = *end;
        }
        out.extend_from_slice(&body[pos..]);
        Bytes::from(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(b: &Bytes) -> serde_json::Value {
        serde_json::from_slice(b).expect("valid JSON")
    }

    #[test]
    fn peeks_and_rewrites_only_the_model() {
        let body = Bytes::from_static(
            br#"{"messages":[{"role":"user","content":"the \"model\": x"}], "model" : "gpt-4o", "temperature":0.2}"#,
        );
        let p = peek(&body).expect("peek");
        assert_eq!(p.model, "gpt-4o");
        assert!(!p.stream);
        let out = p.rewrite(&body, "openai/gpt-4o-2024", true);
        assert_eq!(
            std::str::from_utf8(&out).expect("utf8"),
            r#"{"messages":[{"role":"user","content":"the \"model\": x"}], "model" : "openai/gpt-4o-2024", "temperature":0.2}"#
        );
        assert_eq!(p.rewrite(&body, "gpt-4o", true), body, "same id: untouched");
    }

    #[test]
    fn adds_include_usage_for_streams() {
        let body = Bytes::from_static(br#"{"model":"m","stream":true,"messages":[]}"#);
        let p = peek(&body).expect("peek");
        assert!(p.stream && !p.client_wants_usage);
        let v = json(&p.rewrite(&body, "native", true));
        assert_eq!(v["stream_options"]["include_usage"], true);
        assert_eq!(v["model"], "native");

        let body = Bytes::from_static(
            br#"{"model":"m","stream":true,"stream_options":{"include_usage":false}}"#,
        );
        let p = peek(&body).expect("peek");
        assert_eq!(
            json(&p.rewrite(&body, "m", true))["stream_options"]["include_usage"],
            true
        );

        let body = Bytes::from_static(
            br#"{"model":"m","stream":true,"stream_options":{"include_usage":true}}"#,
        );
        let p = peek(&body).expect("peek");
        assert!(p.client_wants_usage);
        assert_eq!(p.rewrite(&body, "m", true), body);
    }

    #[test]
    fn both_edits_apply_in_body_order_and_odd_ids_are_escaped() {
        let body = Bytes::from_static(
            br#"{"stream_options":{"include_usage":false},"model":"m","stream":true}"#,
        );
        let p = peek(&body).expect("peek");
        let native = "we\"ird\\id\n";
        let v = json(&p.rewrite(&body, native, true));
        assert_eq!(v["model"], native);
        assert_eq!(v["stream_options"]["include_usage"], true);
        assert_eq!(v["stream"], true);
    }

    #[test]
    fn unescapes_model_names() {
        let body = Bytes::from_static(br#"{"model":"a\/b"}"#);
        assert_eq!(peek(&body).expect("peek").model, "a/b");
    }

    #[test]
    fn rejects_bad_bodies() {
        for bad in [
            &b"not json"[..],
            b"[1,2]",
            b"{}",
            br#"{"model":5}"#,
            br#"{"model":""}"#,
            br#"{"model":"m","stream":"yes"}"#,
            b"",
        ] {
            assert!(peek(bad).is_err(), "{}", String::from_utf8_lossy(bad));
        }
    }
}
