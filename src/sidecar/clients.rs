//! Client tokens for `/v1`: created here (random, shown once), stored as SHA-256 hashes, and
//! looked up by hash on the request path.

use std::collections::HashMap;
use std::sync::Arc;

use serde::Serialize;

use super::budget::{self, BudgetUse, Gate, Meter};
use super::limiter::Bucket;
use crate::output::{Human, Report};
use crate::state::clients::{self as rows, Budget, BudgetUnit, ClientRow, ClientUsage, Period};

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

/// A client's limits as given on the command line or in a file.
#[derive(Debug, Default, Clone)]
pub struct Limits {
    /// Requests per minute (0: none); `None`: unchanged.
    pub rpm: Option<u32>,
    /// Drop every budget before adding `budgets`.
    pub clear_budgets: bool,
    /// Each replaces the client's budget of the same unit and period.
    pub budgets: Vec<Budget>,
}

/// Creates a client token for `name` (stored as SHA-256; returned once), with its limits.
pub fn add(store: &mut Store, name: &str, limits: &Limits) -> Result<Added, crate::error::Error> {
    use sha2::Digest as _;
    crate::config::validate_name("client", name).map_err(crate::error::Error::Invalid)?;
    let token = new_token();
    let hash = sha2::Sha256::digest(token.as_bytes());
    store.write(|tx| {
        rows::add(tx, name, &hash)?;
        rows::set_limits(tx, name, limits.rpm, false, &limits.budgets)
    })?;
    Ok(Added {
        client: name.to_owned(),
        token,
    })
}

/// Changes a client's limits; running sidecars apply them within a second, keeping what the
/// client already used.
pub fn set(store: &mut Store, name: &str, limits: &Limits) -> Result<List, state::Error> {
    store.write(|tx| {
        rows::set_limits(tx, name, limits.rpm, limits.clear_budgets, &limits.budgets)
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

/// A client's limits as a running sidecar holds them: budgets with what is reserved by the
/// requests in flight.
#[derive(Debug, Serialize)]
pub struct LiveClient {
    pub name: String,
    pub rpm: u32,
    pub budgets: Vec<BudgetUse>,
}

impl super::App {
    /// The clients' limits now, by name.
    pub fn clients(&self) -> Vec<LiveClient> {
        let now = state::now_ms();
        let mut clients: Vec<LiveClient> = self
            .snapshot
            .load()
            .clients
            .values()
            .map(|g| LiveClient {
                name: g.name.to_string(),
                rpm: g.rpm,
                budgets: g.meters.iter().map(|m| m.view(now)).collect(),
            })
            .collect();
        clients.sort_by(|a, b| a.name.cmp(&b.name));
        clients
    }
}

/// Live state of the clients' limits, kept across snapshots: a reload changes the limits,
/// not what was used.
#[derive(Debug, Default)]
pub(super) struct GateRuntimes {
    buckets: HashMap<String, Arc<Bucket>>,
    meters: HashMap<(String, BudgetUnit, Period), Arc<Meter>>,
}

/// Client token hashes → the client's limits, for the request path. A budget new to this
/// sidecar starts from what the usage tables hold for its current period.
pub(super) fn table(
    store: &mut Store,
    rt: &mut GateRuntimes,
) -> Result<HashMap<[u8; 32], Arc<Gate>>, state::Error> {
    let now = state::now_ms();
    let clients = store.read(rows::list)?;
    rt.buckets
        .retain(|name, _| clients.iter().any(|c| c.name == *name));
    rt.meters.retain(|(name, unit, period), _| {
        clients.iter().any(|c| {
            c.name == *name
                && c.budgets
                    .iter()
                    .any(|b| b.unit == *unit && b.period == *period)
        })
    });
    let mut table = HashMap::with_capacity(clients.len());
    for c in clients {
        let Ok(hash) = <[u8; 32]>::try_from(c.token_sha256.as_slice()) else {
            continue;
        };
        let name: Arc<str> = Arc::from(c.name.as_str());
        let bucket = rt
            .buckets
            .entry(c.name.clone())
            .or_insert_with(|| Arc::new(Bucket::new(f64::from(c.rpm))))
            .clone();
        bucket.set_rate(f64::from(c.rpm));
        let mut meters = Vec::with_capacity(c.budgets.len());
        for b in &c.budgets {
            let key = (c.name.clone(), b.unit, b.period);
            if let Some(m) = rt.meters.get(&key) {
                m.set_amount(b.amount);
                meters.push(m.clone());
                continue;
            }
            let used = used_in_period(store, &c.name, b, now)?;
            let meter = Arc::new(Meter::new(name.clone(), *b, used, now));
            rt.meters.insert(key, meter.clone());
            meters.push(meter);
        }
        let gate = Gate {
            name,
            rpm: c.rpm,
            bucket,
            meters,
        };
        table.insert(hash, Arc::new(gate));
    }
    Ok(table)
}

/// What the usage tables hold for a budget's current period, in its unit.
fn used_in_period(
    store: &mut Store,
    client: &str,
    b: &Budget,
    now_ms: i64,
) -> Result<u64, state::Error> {
    let (start, _) = budget::period_bounds(b.period, now_ms);
    Ok(b.unit
        .of(store.read(|tx| rows::used_since(tx, client, start))?))
}
