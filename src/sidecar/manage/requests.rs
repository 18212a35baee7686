//! `sidecar requests` and `sidecar request ID`: the request log in the shell.

use serde::Serialize;

use crate::output::{Human, Report, utc};
use crate::state::requests::{self, Filter, LoggedRequest as Request};
use crate::state::{self, Store};

/// `sidecar requests`: the newest that match, newest first.
#[derive(Debug, Serialize)]
pub struct Requests {
    pub requests: Vec<Request>,
}

fn dollars(nusd: u64) -> String {
    #[expect(clippy::cast_precision_loss, reason = "dollars for people")]
    let d = nusd as f64 / 1e9;
    format!("${d:.4}")
}

/// The columns of one request in a listing.
fn row(r: &Request) -> [String; 10] {
    let chain: Vec<String> = r
        .attempts
        .iter()
        .map(|a| {
            format!(
                "{}:{}",
                a.provider,
                a.status.map_or_else(|| "-".into(), |s| s.to_string())
            )
        })
        .collect();
    [
        utc(r.at_ms),
        r.request_id.clone(),
        r.client.as_deref().unwrap_or("-").to_owned(),
        format!("{} {}", r.api, r.model.as_deref().unwrap_or("")),
        match &r.error {
            Some(e) => format!("{} {e}", r.status),
            None => r.status.to_string(),
        },
        if chain.is_empty() {
            "-".into()
        } else {
            chain.join(" → ")
        },
        format!("{} ms", r.latency_ms),
        r.ttft_ms.map_or_else(|| "-".into(), |t| format!("{t} ms")),
        (r.input_tokens + r.cache_read_tokens + r.cache_write_tokens + r.output_tokens).to_string(),
        dollars(r.cost_nusd),
    ]
}

const HEADER: [&str; 10] = [
    "TIME (UTC)",
    "REQUEST ID",
    "CLIENT",
    "API MODEL",
    "STATUS",
    "ATTEMPTS",
    "LATENCY",
    "TTFT",
    "TOKENS",
    "COST",
];

impl Report for Requests {
    fn human(&self, out: &mut Human) {
        if self.requests.is_empty() {
            out.line("no request matches");
            return;
        }
        out.table(HEADER, self.requests.iter().map(row));
    }
}

/// One request as `--follow` prints it (JSON: `{"request": …}` on one line).
#[derive(Debug, Serialize)]
pub struct Followed {
    pub request: Request,
}

impl Report for Followed {
    fn human(&self, out: &mut Human) {
        out.line(row(&self.request).join("  "));
    }

    fn streamed(&self) -> bool {
        true
    }
}

/// `sidecar request ID`: one request with its attempt chain.
#[derive(Debug, Serialize)]
pub struct Shown {
    pub request: Request,
}

impl Report for Shown {
    fn human(&self, out: &mut Human) {
        let r = &self.request;
        for (name, value) in HEADER.iter().zip(row(r)) {
            if *name != "ATTEMPTS" {
                out.line(format!("{:<12} {value}", name.to_lowercase()));
            }
        }
        if let Some(reason) = &r.reason {
            out.line(format!("{:<12} {reason}", "reason"));
        }
        out.line(format!(
            "{:<12} input {}, cache read {}, cache write {}, output {} (reasoning {})",
            "tokens",
            r.input_tokens,
            r.cache_read_tokens,
            r.cache_write_tokens,
            r.output_tokens,
            r.reasoning_tokens
        ));
        for (name, body) in [
            ("request body", &r.request_body),
            ("answer body", &r.response_body),
        ] {
            if let Some(body) = body {
                out.line(format!("{name}:"));
                out.line(format!("  {}", body.escape_debug()));
            }
        }
        out.line("attempts:");
        for (i, a) in r.attempts.iter().enumerate() {
            out.line(format!(
                "  {}. +{} ms  {}  {}  {} ms  {}",
                i + 1,
                a.at_ms - r.at_ms,
                a.provider,
                a.status.map_or_else(|| "-".into(), |s| s.to_string()),
                a.ms,
                a.outcome
            ));
        }
    }
}

/// The requests that match `filter`.
pub fn list(store: &mut Store, filter: &Filter) -> Result<Requests, state::Error> {
    Ok(Requests {
        requests: store.read(|tx| requests::list(tx, filter))?,
    })
}

/// One request by its request id (or row id).
pub fn show(store: &mut Store, id: &str) -> Result<Shown, state::Error> {
    Ok(Shown {
        request: store.read(|tx| requests::get(tx, id))?,
    })
}

/// The newest row id now: `--follow` prints what comes after it.
pub fn last_id(store: &mut Store) -> Result<i64, state::Error> {
    let newest = store.read(|tx| {
        requests::list(
            tx,
            &Filter {
                limit: 1,
                ..Filter::default()
            },
        )
    })?;
    Ok(newest.first().map_or(0, |r| r.id))
}
