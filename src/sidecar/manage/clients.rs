//! Client tokens for `/v1`: created here (random, shown once), stored as SHA-256 hashes, and
//! looked up by hash on the request path.

use serde::Serialize;

use crate::output::{Human, Report};
use crate::sidecar::request::budget::{self, BudgetUse};
use crate::state::clients::{self as rows, Budget, ClientRow, ClientUsage};
use crate::state::{self, Store};

/// How far back `client list` sums usage.
const LIST_USAGE_DAYS: i64 = 30;

/// A new token, shown this once.
#[derive(Debug, Serialize)]
pub struct Added {
    pub client: String,
    pub token: String,
    /// Said when this first token closes `/v1` to callers without one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub warning: Option<String>,
}

impl Report for Added {
    fn human(&self, out: &mut Human) {
        out.line(&self.token);
        out.note(format!(
            "^ the token of client {}: shown only this once",
            self.client
        ));
        if let Some(warning) = &self.warning {
            out.note(format!("warning: {warning}"));
        }
    }

    fn once(&self) -> bool {
        true
    }
}

/// A fresh random client token (`bwc_` and 48 hex characters).
pub fn new_token() -> String {
    crate::crypto::new_token("bwc")
}

/// A client's limits as given on the command line or in a file.
#[derive(Debug, Default, Clone)]
pub struct Limits {
    /// Requests per minute (0: none); `None`: unchanged.
    pub rpm: Option<u32>,
    /// Drop every budget before adding `budgets`.
    pub clear_budgets: bool,
    /// Each replaces the client's budget of the same unit and period.
    pub budgets: Vec<Budget>,
    /// Let through paths the sidecar does not price despite the limits; `None`: unchanged.
    pub passthrough: Option<bool>,
    /// Keep request and answer bodies in the request log; `None`: unchanged.
    pub log_bodies: Option<bool>,
}

/// Creates a client token for `name` (stored as SHA-256; returned once), with its limits.
pub fn add(store: &mut Store, name: &str, limits: &Limits) -> Result<Added, crate::error::Error> {
    use sha2::Digest as _;
    crate::config::validate_name("client", name).map_err(crate::error::Error::Invalid)?;
    let token = new_token();
    let hash = sha2::Sha256::digest(token.as_bytes());
    let warning = store.write(|tx| {
        let warning = lockout(tx)?;
        rows::add(tx, name, &hash)?;
        rows::set_limits(
            tx,
            name,
            (limits.rpm, limits.passthrough, limits.log_bodies),
            false,
            &limits.budgets,
        )?;
        Ok::<_, state::Error>(warning)
    })?;
    Ok(Added {
        client: name.to_owned(),
        token,
        warning,
    })
}

/// What adding the first client token does to callers without one, if any came lately: from
/// then on `/v1` answers them 401. `None` when clients exist or nobody called.
pub fn lockout(tx: &state::Tx<'_>) -> Result<Option<String>, state::Error> {
    if !rows::list(tx)?.is_empty() {
        return Ok(None);
    }
    let since = state::now_ms() - 24 * 3_600_000;
    let requests = state::usage::requests_since(tx, since)?;
    Ok((requests > 0).then(|| {
        format!(
            "this is the first client token: from now on /v1 answers 401 to requests without one, and {requests} came without a token in the last 24 h; give each agent its own token (`bizwings sidecar client add NAME`)"
        )
    }))
}

/// Changes a client's limits; running sidecars apply them within a second, keeping what the
/// client already used.
pub fn set(store: &mut Store, name: &str, limits: &Limits) -> Result<List, state::Error> {
    store.write(|tx| {
        rows::set_limits(
            tx,
            name,
            (limits.rpm, limits.passthrough, limits.log_bodies),
            limits.clear_budgets,
            &limits.budgets,
        )
    })?;
    let mut shown = list(store)?;
    shown.clients.retain(|c| c.row.name == name);
    shown.usage_30d.retain(|u| u.client == name);
    Ok(shown)
}

/// A client, its limits and what it used of its budgets in their current periods.
#[derive(Debug, Serialize)]
pub struct ClientView {
    #[serde(flatten)]
    pub row: ClientRow,
    pub budgets: Vec<BudgetUse>,
}

/// `sidecar client list`: the clients, their budgets and their usage of the last 30 days.
#[derive(Debug, Serialize)]
pub struct List {
    pub clients: Vec<ClientView>,
    pub usage_30d: Vec<ClientUsage>,
}

impl Report for List {
    fn human(&self, out: &mut Human) {
        if self.clients.is_empty() {
            out.line("no client tokens: /v1 is open to whoever can reach the listener");
            return;
        }
        out.table(
            [
                "CLIENT",
                "RPM",
                "BUDGETS (THIS PERIOD)",
                "REQUESTS (30D)",
                "TOKENS (30D)",
                "COST USD (30D)",
            ],
            self.clients.iter().map(|c| {
                let u = self.usage_30d.iter().find(|u| u.client == c.row.name);
                let budgets: Vec<String> = c.budgets.iter().map(BudgetUse::summary).collect();
                [
                    c.row.name.clone(),
                    if c.row.rpm == 0 {
                        "-".into()
                    } else {
                        c.row.rpm.to_string()
                    },
                    if budgets.is_empty() {
                        "-".into()
                    } else {
                        budgets.join(", ")
                    },
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
    let now = state::now_ms();
    let since = now - LIST_USAGE_DAYS * 86_400_000;
    store.read(|tx| {
        let mut clients = Vec::new();
        for row in rows::list(tx)? {
            let budgets = row
                .budgets
                .iter()
                .map(|b| {
                    let (start, end) = budget::period_bounds(b.period, now);
                    let used = b.unit.of(rows::used_since(tx, &row.name, start)?);
                    Ok(BudgetUse::new(b, used, None, end))
                })
                .collect::<Result<_, state::Error>>()?;
            clients.push(ClientView { row, budgets });
        }
        Ok(List {
            clients,
            usage_30d: rows::usage_since(tx, since)?,
        })
    })
}

/// Removes a client: its token stops working at the sidecar's next reload (within a second).
pub fn remove(store: &mut Store, name: &str) -> Result<(), state::Error> {
    store.write(|tx| rows::remove(tx, name))
}
