//! Client tokens for `/v1`: created here (random, shown once), stored as SHA-256 hashes, and
//! looked up by hash on the request path.

use std::collections::HashMap;
use std::sync::Arc;

use serde::Serialize;

use crate::output::{Human, Report};
use crate::state::clients::{self as rows, ClientRow, ClientUsage};
use crate::state::{self, Store};

/// How far back `client list` sums usage.
const LIST_USAGE_DAYS: i64 = 30;

/// A new token, shown this once.
#[derive(Debug, Serialize)]
pub struct Added {
    pub client: String,
    pub token: String,
}

impl Report for Added {
    fn human(&self, out: &mut Human) {
        out.line(&self.token);
        out.line(format!(
            "^ the token of client {}: shown only this once",
            self.client
        ));
    }
}

/// A fresh random client token (`bwc_` and 48 hex characters).
pub fn new_token() -> String {
    crate::crypto::new_token("bwc")
}

/// Creates a client token for `name` (stored as SHA-256; returned once).
pub fn add(store: &mut Store, name: &str) -> Result<Added, crate::error::Error> {
    use sha2::Digest as _;
    crate::config::validate_name("client", name).map_err(crate::error::Error::Invalid)?;
    let token = new_token();
    let hash = sha2::Sha256::digest(token.as_bytes());
    store.write(|tx| rows::add(tx, name, &hash))?;
    Ok(Added {
        client: name.to_owned(),
        token,
    })
}

/// `sidecar client list`: the clients and their usage of the last 30 days.
#[derive(Debug, Serialize)]
pub struct List {
    pub clients: Vec<ClientRow>,
    pub usage_30d: Vec<ClientUsage>,
}

impl Report for List {
    fn human(&self, out: &mut Human) {
        if self.clients.is_empty() {
            out.line("no client tokens: /v1 is open to whoever can reach the listener");
            return;
        }
        out.table(
            ["CLIENT", "REQUESTS (30D)", "TOKENS (30D)", "COST USD (30D)"],
            self.clients.iter().map(|c| {
                let u = self.usage_30d.iter().find(|u| u.client == c.name);
                [
                    c.name.clone(),
                    u.map_or(0, |u| u.requests).to_string(),
                    u.map_or(0, |u| u.prompt_tokens + u.completion_tokens)
                        .to_string(),
                    crate::output::usd(u.map_or(0.0, |u| u.cost_usd)),
                ]
            }),
        );
    }
}

pub fn list(store: &mut Store) -> Result<List, state::Error> {
    let since = state::now_ms() - LIST_USAGE_DAYS * 86_400_000;
    store.read(|tx| {
        Ok(List {
            clients: rows::list(tx)?,
            usage_30d: rows::usage_since(tx, since)?,
        })
    })
}

/// Removes a client: its token stops working at the sidecar's next reload (within a second).
pub fn remove(store: &mut Store, name: &str) -> Result<(), state::Error> {
    store.write(|tx| rows::remove(tx, name))
}

/// Client token hashes → client names, for the request path.
pub(super) fn table(store: &mut Store) -> Result<HashMap<[u8; 32], Arc<str>>, state::Error> {
    Ok(store
        .read(rows::list)?
        .into_iter()
        .filter_map(|c| {
            Some((
                <[u8; 32]>::try_from(c.token_sha256.as_slice()).ok()?,
                Arc::from(c.name.as_str()),
            ))
        })
        .collect())
}
