//! Notifications shared by alert, heartbeat and backup: receivers (Feishu bots or commands),
//! label routes, and a durable outbox. A message is stored before anything is sent; the
//! deliverer sends what is due, within each bot's rate limits, retries with backoff and
//! jitter, marks a message delivered only on the bot's `code: 0`, and gives up after a
//! maximum age with the failure recorded.

pub mod feishu;
mod report;
pub mod routes;

pub use self::report::{History, Outbox, ReceiverAdded, Receivers, RouteAdded, Routes, Sent};

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::io::Write as _;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde::Serialize;
use serde_json::Value;

use self::feishu::Verdict;
use self::routes::{Matcher, Route};
use crate::crypto::{self, MasterKey, Secret};
use crate::state::notify::{self as rows, NewMessage, NewReceiver, OutboxRow};
use crate::state::{self, Store, Tx, now_ms};

pub use crate::error::Error;

fn aad(id: i64, column: &str) -> String {
    crypto::aad("notify_receivers", id, column)
}

/// Where a receiver sends.
#[derive(Debug, Clone)]
pub enum Target {
    Feishu { url: Secret, secret: Option<Secret> },
    Command(String),
}

/// A receiver as shown (no secrets).
#[derive(Debug, Clone, Serialize)]
pub struct ReceiverView {
    pub name: String,
    pub kind: String,
    /// Masked webhook URL, or the command.
    pub target: String,
    pub signed: bool,
    pub mentions: Vec<String>,
}

/// Adds a receiver. Feishu URLs must be https bot webhooks (or http on loopback, for tests
/// and local relays).
pub fn add_receiver(
    store: &mut Store,
    key: &MasterKey,
    name: &str,
    target: &Target,
    mentions: &[String],
) -> Result<ReceiverView, Error> {
    crate::config::validate_name("receiver", name).map_err(Error::Invalid)?;
    let mentions = mentions.join(",");
    match target {
        Target::Feishu { url, secret } => {
            validate_webhook(url.expose())?;
            let seal_url = |id: i64| key.seal(&aad(id, "url_sealed"), url.expose().as_bytes());
            let seal_secret = |id: i64| {
                key.seal(
                    &aad(id, "secret_sealed"),
                    secret.as_ref().map_or("", |s| s.expose()).as_bytes(),
                )
            };
            store.write(|tx| {
                rows::add_receiver(
                    tx,
                    &NewReceiver {
                        name,
                        kind: "feishu",
                        command: None,
                        mentions: &mentions,
                        url: Some(&seal_url),
                        secret: secret
                            .is_some()
                            .then_some(&seal_secret as &dyn Fn(i64) -> Vec<u8>),
                    },
                )
            })?;
        }
        Target::Command(command) => {
            if command.trim().is_empty() {
                return Err(Error::Invalid("--command must not be empty".into()));
            }
            store.write(|tx| {
                rows::add_receiver(
                    tx,
                    &NewReceiver {
                        name,
                        kind: "command",
                        command: Some(command),
                        mentions: &mentions,
                        url: None,
                        secret: None,
                    },
                )
            })?;
        }
    }
    Ok(receivers(store, key)?
        .into_iter()
        .find(|r| r.name == name)
        .ok_or_else(|| state::Error::NotFound(format!("receiver {name:?}")))?)
}

fn validate_webhook(url: &str) -> Result<(), Error> {
    let parsed =
        url::Url::parse(url).map_err(|e| Error::Invalid(format!("invalid webhook URL: {e}")))?;
    let loopback = parsed.host_str().is_some_and(|h| {
        h == "localhost"
            || h.parse::<std::net::IpAddr>()
                .is_ok_and(|ip| ip.is_loopback())
    });
    match parsed.scheme() {
        "https" => Ok(()),
        "http" if loopback => Ok(()),
        _ => Err(Error::Invalid(
            "invalid webhook URL: expected https://open.feishu.cn/open-apis/bot/v2/hook/<token> (http only on loopback)".into(),
        )),
    }
}

/// All receivers, secrets masked.
pub fn receivers(store: &mut Store, key: &MasterKey) -> Result<Vec<ReceiverView>, Error> {
    let rows = store.read(rows::receivers)?;
    rows.iter()
        .map(|r| {
            let (target, signed) = match open_target(key, r)? {
                Target::Feishu { url, secret } => (mask_url(url.expose()), secret.is_some()),
                Target::Command(c) => (c, false),
            };
            Ok(ReceiverView {
                name: r.name.clone(),
                kind: r.kind.clone(),
                target,
                signed,
                mentions: r
                    .mentions
                    .split(',')
                    .filter(|m| !m.is_empty())
                    .map(str::to_owned)
                    .collect(),
            })
        })
        .collect()
}

/// The hook token is the secret part of a bot URL: show only its ends.
fn mask_url(url: &str) -> String {
    match url.rsplit_once('/') {
        Some((base, token)) => format!("{base}/{}", crypto::mask(token)),
        None => crypto::mask(url),
    }
}

fn open_target(key: &MasterKey, r: &rows::ReceiverRow) -> Result<Target, Error> {
    if r.kind == "command" {
        return Ok(Target::Command(r.command.clone().unwrap_or_default()));
    }
    let url = key.open_string(
        &aad(r.id, "url_sealed"),
        r.url_sealed.as_deref().unwrap_or_default(),
    )?;
    let secret = match &r.secret_sealed {
        Some(sealed) => Some(key.open_string(&aad(r.id, "secret_sealed"), sealed)?),
        None => None,
    };
    Ok(Target::Feishu { url, secret })
}

/// Removes a receiver and its routes.
pub fn remove_receiver(store: &mut Store, name: &str) -> Result<(), Error> {
    Ok(store.write(|tx| rows::remove_receiver(tx, name))?)
}

/// A route as shown.
#[derive(Debug, Clone, Serialize)]
pub struct RouteView {
    pub id: i64,
    pub matchers: Vec<String>,
    pub receiver: String,
    #[serde(rename = "continue")]
    pub continue_matching: bool,
}

/// Appends a route; its receiver must exist.
pub fn add_route(
    store: &mut Store,
    matchers: &[String],
    receiver: &str,
    continue_matching: bool,
) -> Result<RouteView, Error> {
    let parsed = matchers
        .iter()
        .map(|m| Matcher::parse(m).map_err(Error::Invalid))
        .collect::<Result<Vec<_>, _>>()?;
    let json = serde_json::to_string(&parsed).unwrap_or_else(|_| "[]".into());
    let id = store.write(|tx| {
        rows::receiver(tx, receiver)?;
        rows::add_route(tx, &json, receiver, continue_matching)
    })?;
    Ok(RouteView {
        id,
        matchers: matchers.to_vec(),
        receiver: receiver.to_owned(),
        continue_matching,
    })
}

/// Routes in order.
pub fn list_routes(store: &mut Store) -> Result<Vec<RouteView>, Error> {
    Ok(load_routes(store)?
        .into_iter()
        .map(|r| RouteView {
            id: r.id,
            matchers: r
                .matchers
                .iter()
                .map(|(m, _)| format!("{}{}{}", m.label, m.op, m.value))
                .collect(),
            receiver: r.receiver,
            continue_matching: r.continue_matching,
        })
        .collect())
}

/// Removes a route.
pub fn remove_route(store: &mut Store, id: i64) -> Result<(), Error> {
    Ok(store.write(|tx| rows::remove_route(tx, id))?)
}

/// Compiled routes, in order.
pub fn load_routes(store: &mut Store) -> Result<Vec<Route>, state::Error> {
    Ok(store
        .read(rows::routes)?
        .into_iter()
        .map(|r| {
            let matchers: Vec<Matcher> = serde_json::from_str(&r.matchers_json).unwrap_or_default();
            Route::new(r.id, matchers, r.receiver, r.continue_matching)
        })
        .collect())
}

/// A message ready to store: what every receiver of it gets.
#[derive(Debug, Clone)]
pub struct Message {
    pub source: &'static str,
    pub title: String,
    pub severity: String,
    pub resolved: bool,
    /// The Feishu card (command receivers get the same body on stdin).
    pub card: Value,
}

/// Stores `message` for each receiver inside the caller's transaction.
pub fn enqueue(
    tx: &Tx<'_>,
    message: &Message,
    receivers: &[String],
) -> Result<Vec<i64>, state::Error> {
    let card = message.card.to_string();
    let mut ids = Vec::with_capacity(receivers.len());
    for receiver in receivers {
        ids.push(rows::enqueue(
            tx,
            &NewMessage {
                receiver,
                source: message.source,
                title: &message.title,
                severity: &message.severity,
                status: if message.resolved {
                    "resolved"
                } else {
                    "firing"
                },
                card_json: &card,
            },
        )?);
    }
    Ok(ids)
}

/// Routes `labels` and stores `message` for every receiver they reach. Returns the receivers.
pub fn route_and_enqueue(
    store: &mut Store,
    labels: &BTreeMap<String, String>,
    message: &Message,
) -> Result<Vec<String>, state::Error> {
    let routes = load_routes(store)?;
    let receivers = routes::receivers_for(&routes, labels);
    store.write(|tx| enqueue(tx, message, &receivers))?;
    Ok(receivers)
}

/// Counters the deliverer keeps, ready to register with a Prometheus registry.
#[derive(Debug, Default, Clone)]
pub struct DeliveryCounts {
    pub delivered: prometheus_client::metrics::counter::Counter,
    pub retries: prometheus_client::metrics::counter::Counter,
    pub failures: prometheus_client::metrics::counter::Counter,
}

/// Sends due messages. Owns the per-bot rate windows, so use one per process.
pub struct Deliverer {
    store: Arc<Mutex<Store>>,
    key: MasterKey,
    http: reqwest::Client,
    max_age: Duration,
    windows: HashMap<String, RateWindow>,
    pub counts: DeliveryCounts,
}

/// At most 5 sends in any second and 100 in any minute, per bot (Feishu's limits).
#[derive(Debug, Default)]
struct RateWindow {
    sent: VecDeque<Instant>,
    /// A "frequency limited" answer pauses the bot until then.
    paused_until: Option<Instant>,
}

impl RateWindow {
    const LIMITS: [(Duration, usize); 2] =
        [(Duration::from_secs(1), 5), (Duration::from_secs(60), 100)];

    /// When the next send is allowed (`now` if allowed now).
    fn next_allowed(&mut self, now: Instant) -> Instant {
        while self
            .sent
            .front()
            .is_some_and(|t| now.duration_since(*t) >= Duration::from_secs(60))
        {
            self.sent.pop_front();
        }
        let mut at = self.paused_until.filter(|p| *p > now).unwrap_or(now);
        for (window, max) in Self::LIMITS {
            let recent: Vec<&Instant> = self
                .sent
                .iter()
                .filter(|t| now.duration_since(**t) < window)
                .collect();
            if recent.len() >= max {
                // Free again when the oldest send in the window leaves it.
                at = at.max(*recent[recent.len() - max] + window);
            }
        }
        at
    }
}

/// What one pass of the deliverer did.
#[derive(Debug, Default, Clone, Copy)]
pub struct Pass {
    pub attempted: usize,
    /// When to look again: the earliest a rate-limited bot frees up, if any is waiting.
    pub wake_at: Option<Instant>,
}

impl Deliverer {
    pub fn new(
        store: Arc<Mutex<Store>>,
        key: MasterKey,
        max_age: Duration,
    ) -> Result<Self, reqwest::Error> {
        Ok(Self {
            store,
            key,
            http: reqwest::Client::builder()
                .timeout(Duration::from_secs(10))
                .redirect(reqwest::redirect::Policy::none())
                .build()?,
            max_age,
            windows: HashMap::new(),
            counts: DeliveryCounts::default(),
        })
    }

    fn with_store<T>(
        &self,
        f: impl FnOnce(&mut Store) -> Result<T, state::Error>,
    ) -> Result<T, state::Error> {
        let mut store = self.store.lock().map_err(|_| state::Error::Busy)?;
        f(&mut store)
    }

    /// Delivers what is due now, oldest first, as far as the bots' limits allow.
    pub async fn deliver_due(&mut self) -> Result<Pass, state::Error> {
        let store = self.store.clone();
        let due = tokio::task::spawn_blocking(move || {
            let mut store = store.lock().map_err(|_| state::Error::Busy)?;
            store.read(|tx| rows::due(tx, now_ms(), 200))
        })
        .await
        .map_err(|_| state::Error::Busy)??;
        let receivers = self.with_store(|s| s.read(rows::receivers))?;
        let mut pass = Pass::default();
        for row in due {
            let receiver = receivers.iter().find(|r| r.name == row.receiver);
            // Feishu's limits are per bot; a command receiver is not held to them.
            let limited = receiver.is_some_and(|r| r.kind == "feishu");
            if limited {
                let now = Instant::now();
                let window = self.windows.entry(row.receiver.clone()).or_default();
                let allowed = window.next_allowed(now);
                if allowed > now {
                    pass.wake_at = Some(pass.wake_at.map_or(allowed, |w| w.min(allowed)));
                    continue;
                }
            }
            pass.attempted += 1;
            let verdict = match receiver {
                None => Verdict::Permanent(format!("receiver {:?} no longer exists", row.receiver)),
                Some(r) => match open_target(&self.key, r) {
                    Err(e) => Verdict::Permanent(e.to_string()),
                    Ok(target) => self.send(&target, &row).await,
                },
            };
            if limited {
                // Counted from when the bot answered, which is after it received the request:
                // the next send can then never land within the bot's window of this one.
                self.windows
                    .entry(row.receiver.clone())
                    .or_default()
                    .sent
                    .push_back(Instant::now());
            }
            self.settle(&row, &verdict)?;
        }
        Ok(pass)
    }

    async fn send(&mut self, target: &Target, row: &OutboxRow) -> Verdict {
        let card: Value = serde_json::from_str(&row.card_json).unwrap_or(Value::Null);
        match target {
            Target::Feishu { url, secret } => {
                let body =
                    feishu::body(&card, secret.as_ref().map(Secret::expose), now_ms() / 1000);
                let result = self
                    .http
                    .post(url.expose())
                    .header(reqwest::header::CONTENT_TYPE, "application/json")
                    .body(body.to_string())
                    .send()
                    .await;
                match result {
                    Ok(response) => {
                        let status = response.status().as_u16();
                        let bytes = response.bytes().await.unwrap_or_default();
                        let verdict = feishu::verdict(status, &bytes);
                        if let Verdict::Retry(reason) = &verdict
                            && (reason.contains("11232")
                                || reason.contains("9499")
                                || status == 429)
                        {
                            // The bot said slow down: pause it before the next try.
                            let window = self.windows.entry(row.receiver.clone()).or_default();
                            window.paused_until = Some(Instant::now() + Duration::from_secs(2));
                        }
                        verdict
                    }
                    Err(e) => Verdict::Retry(format!(
                        "cannot reach the bot: {}",
                        if e.is_timeout() {
                            "timed out".to_owned()
                        } else {
                            e.to_string()
                        }
                    )),
                }
            }
            Target::Command(command) => {
                let body = feishu::body(&card, None, now_ms() / 1000).to_string();
                let command = command.clone();
                tokio::task::spawn_blocking(move || run_command(&command, &body))
                    .await
                    .unwrap_or_else(|_| Verdict::Retry("command runner panicked".into()))
            }
        }
    }

    fn settle(&self, row: &OutboxRow, verdict: &Verdict) -> Result<(), state::Error> {
        let now = now_ms();
        let too_old =
            now - row.created_at_ms > i64::try_from(self.max_age.as_millis()).unwrap_or(i64::MAX);
        self.with_store(|s| {
            s.write(|tx| match verdict {
                Verdict::Delivered => {
                    self.counts.delivered.inc();
                    rows::delivered(tx, row.id)
                }
                Verdict::Retry(reason) if !too_old => {
                    self.counts.retries.inc();
                    tracing::warn!(receiver = %row.receiver, id = row.id, attempt = row.attempts + 1, %reason, "delivery failed; will retry");
                    rows::attempt_failed(tx, row.id, reason, Some(now + backoff_ms(row.attempts, row.id)))
                }
                Verdict::Retry(reason) | Verdict::Permanent(reason) => {
                    self.counts.failures.inc();
                    let reason = if too_old { format!("gave up after {:?}: {reason}", self.max_age) } else { reason.clone() };
                    tracing::error!(receiver = %row.receiver, id = row.id, %reason, "delivery failed for good");
                    rows::attempt_failed(tx, row.id, &reason, None)
                }
            })
        })
    }
}

/// One delivery pass from a command-line run (heartbeat, backup): sends what is due now with
/// its own connection to the DB. What cannot be sent stays in the outbox for the next run or
/// a running `alert bridge`.
pub fn deliver_pending(db: &std::path::Path, key: &MasterKey) -> Result<usize, Error> {
    let store = Arc::new(Mutex::new(Store::open(db)?));
    let mut deliverer = Deliverer::new(store, key.clone(), Duration::from_secs(24 * 3600))
        .map_err(|e| Error::Unavailable(e.to_string()))?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Unavailable(e.to_string()))?;
    Ok(runtime.block_on(deliverer.deliver_due())?.attempted)
}

/// Alerts the bridge received in the last `since`, newest first.
pub fn history(
    store: &mut Store,
    since: Duration,
    limit: u32,
) -> Result<Vec<rows::AlertRecord>, Error> {
    let since_ms = now_ms() - i64::try_from(since.as_millis()).unwrap_or(i64::MAX);
    Ok(store.read(|tx| rows::alert_history(tx, since_ms, limit))?)
}

/// Messages waiting or given up on (and delivered ones with `all`), newest first.
pub fn outbox(store: &mut Store, all: bool, limit: u32) -> Result<Vec<OutboxRow>, Error> {
    Ok(store.read(|tx| rows::outbox(tx, all, limit))?)
}

/// Sends `message` to one receiver now (`alert test`): queued like any message, delivered in
/// one pass, and, if that failed, marked failed at once rather than left for the bridge to
/// retry.
pub fn send_now(
    store: Store,
    key: &MasterKey,
    receiver: &str,
    message: &Message,
) -> Result<Sent, Error> {
    let mut store = store;
    store.read(|tx| rows::receiver(tx, receiver))?;
    let ids = store.write(|tx| enqueue(tx, message, &[receiver.to_owned()]))?;
    let id = ids.first().copied().unwrap_or_default();
    let store = Arc::new(Mutex::new(store));
    let mut deliverer = Deliverer::new(store.clone(), key.clone(), Duration::from_secs(60))
        .map_err(|e| Error::Unavailable(e.to_string()))?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Unavailable(e.to_string()))?;
    runtime.block_on(deliverer.deliver_due())?;
    let mut store = store.lock().map_err(|_| state::Error::Busy)?;
    let row = store.read(|tx| rows::outbox_entry(tx, id))?;
    let ok = row.state == "delivered";
    if !ok {
        store.write(|tx| rows::attempt_failed(tx, id, &row.last_error, None))?;
    }
    Ok(Sent {
        receiver: receiver.to_owned(),
        detail: if ok {
            "delivered".into()
        } else {
            format!("not delivered: {}", row.last_error)
        },
        delivered: ok,
    })
}

/// After a command-line run queued notifications: delivers them now when the master key is
/// at hand; otherwise, or when that fails, says so and leaves them in the outbox.
pub fn deliver_now(db: &std::path::Path, key: Option<&MasterKey>) {
    let Some(key) = key else {
        tracing::warn!("no master key: notifications wait in the outbox for `alert bridge`");
        return;
    };
    if let Err(err) = deliver_pending(db, key) {
        tracing::warn!(error = %err, "notifications stay in the outbox");
    }
}

/// `2 s · 2^attempts`, capped at 5 min, ±20 % jitter so retries of a burst spread out.
fn backoff_ms(attempts: u32, salt: i64) -> i64 {
    let base = 2_000_i64.saturating_mul(1 << attempts.min(20)).min(300_000);
    // Cheap deterministic jitter from the row id and the clock; no RNG dependency needed.
    let mut x = u64::try_from(salt).unwrap_or(0) ^ u64::try_from(now_ms()).unwrap_or(0);
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    let jitter = i64::try_from(x % 41).unwrap_or(20) - 20; // -20..=20 percent
    base + base * jitter / 100
}

/// Runs `sh -c command` with the body on stdin; exit 0 is delivered.
fn run_command(command: &str, body: &str) -> Verdict {
    let child = Command::new("sh")
        .args(["-c", command])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) => return Verdict::Retry(format!("cannot run {command:?}: {e}")),
    };
    if let Some(mut stdin) = child.stdin.take() {
        let _ = stdin.write_all(body.as_bytes());
    }
    match child.wait_with_output() {
        Ok(out) if out.status.success() => Verdict::Delivered,
        Ok(out) => Verdict::Retry(format!(
            "command exited with {}: {}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        )),
        Err(e) => Verdict::Retry(format!("command failed: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rate_window_allows_five_a_second() {
        let mut w = RateWindow::default();
        let t0 = Instant::now();
        for _ in 0..5 {
            assert_eq!(w.next_allowed(t0), t0);
            w.sent.push_back(t0);
        }
        assert_eq!(w.next_allowed(t0), t0 + Duration::from_secs(1));
    }

    #[test]
    fn backoff_grows_and_caps() {
        let b0 = backoff_ms(0, 1);
        assert!((1_600..=2_400).contains(&b0), "{b0}");
        assert!(backoff_ms(20, 1) <= 360_000);
        assert!(backoff_ms(3, 1) > backoff_ms(1, 1) / 2);
    }
}
