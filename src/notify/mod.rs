//! Notifications shared by alert, heartbeat and backup: receivers (Feishu bots, JSON
//! webhooks, commands), label routes, and a durable outbox. A [`Message`] is neutral: it is
//! stored before anything is sent and rendered for each receiver's kind only when sent
//! (`feishu.rs`, `webhook.rs`, `command.rs`), each kind answering with a typed [`Verdict`].
//! The deliverer sends what is due, each receiver on its own (a slow or throttled one never
//! holds up another) and within its limits, retries with backoff and jitter, and gives up
//! after a maximum age with the failure recorded. Delivery is at least once: a crash between
//! sending and recording can send a message twice, and its stable `id` tells the copies apart.

mod command;
pub mod feishu;
mod report;
pub mod routes;
mod webhook;

pub use self::report::{History, Outbox, ReceiverAdded, Receivers, RouteAdded, Routes, Sent};

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde::Serialize;

use self::routes::{Matcher, Route};
use crate::crypto::{self, MasterKey, Secret};
pub use crate::error::Error;
use crate::state::notify::{self as rows, NewReceiver, OutboxRow};
pub use crate::state::notify::{Link, Message};
use crate::state::{self, Store, Tx, now_ms};

/// How many due messages of one receiver a pass looks at: a backlog for one receiver never
/// crowds out the others.
const DUE_PER_RECEIVER: u32 = 50;

/// Associated data of a receiver's sealed column.
pub fn aad(id: i64, column: &str) -> String {
    crypto::aad("notify_receivers", id, column)
}

/// What a receiver kind made of one attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Delivered,
    /// The receiver asked us to slow down: pause it (for `retry_after`, if it said) and retry.
    Throttled {
        retry_after: Option<Duration>,
        reason: String,
    },
    /// Try again later (server trouble, unreachable).
    Retry(String),
    /// Retrying cannot help (bad signature, malformed message, receiver gone).
    Fatal(String),
}

/// Where a receiver sends.
#[derive(Debug, Clone)]
pub enum Target {
    Feishu {
        url: Secret,
        secret: Option<Secret>,
    },
    /// A generic JSON webhook: the message as JSON, signed with HMAC-SHA256 when it has a
    /// secret.
    Webhook {
        url: Secret,
        secret: Option<Secret>,
    },
    Command(String),
}

impl Target {
    fn kind(&self) -> &'static str {
        match self {
            Self::Feishu { .. } => "feishu",
            Self::Webhook { .. } => "webhook",
            Self::Command(_) => "command",
        }
    }
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

/// Adds a receiver. Webhook URLs must be https (or http on loopback, for tests and local
/// relays); both URL and secret are stored sealed.
pub fn add_receiver(
    store: &mut Store,
    key: &MasterKey,
    name: &str,
    target: &Target,
    mentions: &[String],
) -> Result<ReceiverView, Error> {
    crate::config::validate_name("receiver", name).map_err(Error::Invalid)?;
    let (url, secret, command) = match target {
        Target::Feishu { url, secret } | Target::Webhook { url, secret } => {
            validate_webhook(url.expose())?;
            (Some(url), secret.as_ref(), None)
        }
        Target::Command(command) => {
            if command.trim().is_empty() {
                return Err(Error::Invalid("a command receiver needs a command".into()));
            }
            (None, None, Some(command.as_str()))
        }
    };
    let seal_url = |id: i64| {
        key.seal(
            &aad(id, "url_sealed"),
            url.map_or("", |u| u.expose()).as_bytes(),
        )
    };
    let seal_secret = |id: i64| {
        key.seal(
            &aad(id, "secret_sealed"),
            secret.map_or("", |s| s.expose()).as_bytes(),
        )
    };
    store.write(|tx| {
        rows::add_receiver(
            tx,
            &NewReceiver {
                name,
                kind: target.kind(),
                command,
                mentions,
                url: url
                    .is_some()
                    .then_some(&seal_url as &dyn Fn(i64) -> Vec<u8>),
                secret: secret
                    .is_some()
                    .then_some(&seal_secret as &dyn Fn(i64) -> Vec<u8>),
            },
        )
    })?;
    Ok(receivers(store, key)?
        .into_iter()
        .find(|r| r.name == name)
        .ok_or_else(|| state::Error::NotFound(format!("receiver {name:?}")))?)
}

/// A webhook URL must be https (http only on loopback).
pub fn validate_webhook(url: &str) -> Result<(), Error> {
    // The URL is a credential: an error names what is wrong, never the URL.
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
            "invalid webhook URL: expected https://… (e.g. https://open.feishu.cn/open-apis/bot/v2/hook/<token>; http only on loopback)".into(),
        )),
    }
}

/// All receivers, secrets masked.
pub fn receivers(store: &mut Store, key: &MasterKey) -> Result<Vec<ReceiverView>, Error> {
    let rows = store.read(rows::receivers)?;
    rows.iter()
        .map(|r| {
            let (target, signed) = match open_target(key, r)? {
                Target::Feishu { url, secret } | Target::Webhook { url, secret } => {
                    (mask_url(url.expose()), secret.is_some())
                }
                Target::Command(c) => (c, false),
            };
            Ok(ReceiverView {
                name: r.name.clone(),
                kind: r.kind.clone(),
                target,
                signed,
                mentions: r.mentions.clone(),
            })
        })
        .collect()
}

/// The token is the secret part of a hook URL: show the scheme and host, and only the ends
/// of the last path segment.
pub fn mask_url(url: &str) -> String {
    match url.rsplit_once('/') {
        Some((base, token)) => format!("{base}/{}", crypto::mask(token)),
        None => crypto::mask(url),
    }
}

/// A stored receiver with its URL and secret opened.
pub fn open_target(key: &MasterKey, r: &rows::ReceiverRow) -> Result<Target, Error> {
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
    Ok(if r.kind == "webhook" {
        Target::Webhook { url, secret }
    } else {
        Target::Feishu { url, secret }
    })
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
    let id = store.write(|tx| {
        rows::receiver(tx, receiver)?;
        rows::add_route(tx, &parsed, receiver, continue_matching)
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
        .map(|r| Route::new(r.id, r.matchers, r.receiver, r.continue_matching))
        .collect())
}

/// Text from outside (labels, task titles, error messages) made inert for a markdown body:
/// no emphasis, links, mentions or HTML can be smuggled in.
pub fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '*' | '_' | '[' | ']' | '`' | '~' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            // A line break would start a new markdown line (a list item, a heading).
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A stable id for one event: the same source, labels and state give the same id.
pub fn message_id(source: &str, labels: &BTreeMap<String, String>, resolved: bool) -> String {
    use sha2::Digest as _;
    let mut hash = sha2::Sha256::new();
    hash.update(source.as_bytes());
    for (k, v) in labels {
        hash.update([0]);
        hash.update(k.as_bytes());
        hash.update([1]);
        hash.update(v.as_bytes());
    }
    hash.update([u8::from(resolved)]);
    hex::encode(&hash.finalize()[..12])
}

/// Stores `message` for each receiver inside the caller's transaction (a resolved one also for
/// the receivers of the message it resolves; one with none is kept as failed). Returns the
/// receivers it went to.
pub fn enqueue(
    tx: &Tx<'_>,
    message: &Message,
    receivers: &[String],
) -> Result<Vec<String>, state::Error> {
    let mut receivers = receivers.to_vec();
    // A recovery reaches whoever was told of the problem, whatever its own labels route to.
    if message.resolved {
        for r in rows::firing_receivers(tx, message)? {
            if !receivers.contains(&r) {
                receivers.push(r);
            }
        }
    }
    if receivers.is_empty() {
        tracing::warn!(source = %message.source, title = %message.title, "no receiver for this message: kept as failed in `alert outbox`");
        rows::unrouted(tx, message)?;
    }
    for receiver in &receivers {
        rows::enqueue(tx, receiver, message)?;
    }
    Ok(receivers)
}

/// Routes the message by its labels and stores it for every receiver they reach. Returns the
/// receivers.
pub fn route_and_enqueue(
    store: &mut Store,
    message: &Message,
) -> Result<Vec<String>, state::Error> {
    store.write(|tx| route_and_enqueue_tx(tx, message))
}

/// [`route_and_enqueue`] inside the caller's transaction.
pub fn route_and_enqueue_tx(tx: &Tx<'_>, message: &Message) -> Result<Vec<String>, state::Error> {
    let routes: Vec<Route> = rows::routes(tx)?
        .into_iter()
        .map(|r| Route::new(r.id, r.matchers, r.receiver, r.continue_matching))
        .collect();
    enqueue(
        tx,
        message,
        &routes::receivers_for(&routes, &message.labels),
    )
}

/// Counters the deliverer keeps, ready to register with a Prometheus registry.
#[derive(Debug, Default, Clone)]
pub struct DeliveryCounts {
    pub delivered: prometheus_client::metrics::counter::Counter,
    pub retries: prometheus_client::metrics::counter::Counter,
    pub failures: prometheus_client::metrics::counter::Counter,
}

/// Sends due messages. Owns the per-receiver rate windows, so use one per process (clones
/// share them).
#[derive(Clone)]
pub struct Deliverer {
    store: Arc<Mutex<Store>>,
    key: MasterKey,
    http: reqwest::Client,
    max_age: Duration,
    /// Each receiver's rate window, while no lane of it is out.
    windows: Arc<Mutex<HashMap<String, RateWindow>>>,
    /// Receivers whose lane is being served: a new pass leaves them alone.
    busy: Arc<Mutex<std::collections::HashSet<String>>>,
    /// Only messages from this source (a sidecar delivers its own notices, no others).
    source: Option<&'static str>,
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
}

/// One receiver's share of a pass: its due messages and its window, sent in order.
struct Lane {
    name: String,
    target: Result<Target, String>,
    mentions: Vec<String>,
    /// Held to a rate window (Feishu bots are).
    limited: bool,
    window: RateWindow,
    due: Vec<OutboxRow>,
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
            windows: Arc::default(),
            busy: Arc::default(),
            source: None,
            counts: DeliveryCounts::default(),
        })
    }

    /// Delivers what is due now and waits for it: every receiver at once, each its own
    /// messages oldest first and within its limits.
    pub async fn deliver_due(&self) -> Result<Pass, state::Error> {
        let lanes = self.lanes().await?;
        let results =
            futures_util::future::join_all(lanes.into_iter().map(|l| self.serve(l))).await;
        Ok(Pass {
            attempted: results.into_iter().sum(),
        })
    }

    /// Starts serving what is due now without waiting: each receiver on its own task, so a
    /// slow one (a webhook that never answers, a command that hangs to its timeout) delays no
    /// other; a receiver still being served is left to its task.
    pub async fn start_due(&self) -> Result<(), state::Error> {
        for lane in self.lanes().await? {
            let this = self.clone();
            tokio::spawn(async move { this.serve(lane).await });
        }
        Ok(())
    }

    /// The lanes of the receivers with messages due that are not being served, marked busy.
    async fn lanes(&self) -> Result<Vec<Lane>, state::Error> {
        let (store, source) = (self.store.clone(), self.source);
        let (due, receivers) = tokio::task::spawn_blocking(move || {
            let mut store = store.lock().map_err(|_| state::Error::Busy)?;
            store.read(|tx| {
                Ok::<_, state::Error>((
                    rows::due(tx, now_ms(), DUE_PER_RECEIVER, source)?,
                    rows::receivers(tx)?,
                ))
            })
        })
        .await
        .map_err(|_| state::Error::Busy)??;
        let mut busy = self.busy.lock().map_err(|_| state::Error::Busy)?;
        let mut windows = self.windows.lock().map_err(|_| state::Error::Busy)?;
        let mut lanes: Vec<Lane> = Vec::new();
        for row in due {
            if let Some(lane) = lanes.iter_mut().find(|l| l.name == row.receiver) {
                lane.due.push(row);
                continue;
            }
            if !busy.insert(row.receiver.clone()) {
                continue;
            }
            let receiver = receivers.iter().find(|r| r.name == row.receiver);
            lanes.push(Lane {
                name: row.receiver.clone(),
                target: receiver.map_or_else(
                    || Err(format!("receiver {:?} no longer exists", row.receiver)),
                    |r| open_target(&self.key, r).map_err(|e| e.to_string()),
                ),
                mentions: receiver.map(|r| r.mentions.clone()).unwrap_or_default(),
                // Feishu's limits are per bot; other kinds are not held to them.
                limited: receiver.is_some_and(|r| r.kind == "feishu"),
                window: windows.remove(&row.receiver).unwrap_or_default(),
                due: vec![row],
            });
        }
        Ok(lanes)
    }

    /// Serves one lane, then hands its window back and frees the receiver.
    async fn serve(&self, lane: Lane) -> usize {
        let (lane, attempted) = self.drain(lane).await;
        if let Ok(mut windows) = self.windows.lock() {
            windows.insert(lane.name.clone(), lane.window);
        }
        if let Ok(mut busy) = self.busy.lock() {
            busy.remove(&lane.name);
        }
        attempted
    }

    /// Sends one receiver's due messages in order until its window or a throttle stops it.
    async fn drain(&self, mut lane: Lane) -> (Lane, usize) {
        let mut attempted = 0;
        let due = std::mem::take(&mut lane.due);
        for row in &due {
            if lane.limited {
                let now = Instant::now();
                let allowed = lane.window.next_allowed(now);
                if allowed > now {
                    return (lane, attempted);
                }
            }
            attempted += 1;
            let verdict = match &lane.target {
                Err(reason) => Verdict::Fatal(reason.clone()),
                Ok(target) => self.send(target, &lane.mentions, &row.message).await,
            };
            if lane.limited {
                // Counted from when the bot answered, which is after it received the request:
                // the next send can then never land within the bot's window of this one.
                lane.window.sent.push_back(Instant::now());
            }
            if let Verdict::Throttled { retry_after, .. } = &verdict {
                let pause = retry_after.unwrap_or(Duration::from_secs(2));
                lane.window.paused_until = Some(Instant::now() + pause);
            }
            if let Err(err) = self.settle(row, &verdict) {
                tracing::error!(error = %err, receiver = %lane.name, "cannot record a delivery attempt");
            }
            if matches!(verdict, Verdict::Throttled { .. }) {
                return (lane, attempted);
            }
        }
        (lane, attempted)
    }

    async fn send(&self, target: &Target, mentions: &[String], message: &Message) -> Verdict {
        match target {
            Target::Feishu { url, secret } => {
                let body = feishu::body(
                    &feishu::render(message, mentions),
                    secret.as_ref().map(Secret::expose),
                    now_ms() / 1000,
                );
                let sent = self
                    .http
                    .post(url.expose())
                    .header(reqwest::header::CONTENT_TYPE, "application/json")
                    .body(body.to_string())
                    .send()
                    .await;
                match sent {
                    Ok(response) => {
                        let status = response.status().as_u16();
                        let bytes = response.bytes().await.unwrap_or_default();
                        feishu::verdict(status, &bytes)
                    }
                    Err(e) => unreachable_verdict(&e),
                }
            }
            Target::Webhook { url, secret } => {
                webhook::send(&self.http, url, secret.as_ref(), message).await
            }
            Target::Command(command) => {
                let body = feishu::body(&feishu::render(message, mentions), None, now_ms() / 1000)
                    .to_string();
                let command = command.clone();
                tokio::task::spawn_blocking(move || command::run(&command, &body))
                    .await
                    .unwrap_or_else(|_| Verdict::Retry("command runner panicked".into()))
            }
        }
    }

    fn settle(&self, row: &OutboxRow, verdict: &Verdict) -> Result<(), state::Error> {
        let now = now_ms();
        let too_old =
            now - row.created_at_ms > i64::try_from(self.max_age.as_millis()).unwrap_or(i64::MAX);
        let mut store = self.store.lock().map_err(|_| state::Error::Busy)?;
        store.write(|tx| match verdict {
            Verdict::Delivered => {
                self.counts.delivered.inc();
                rows::delivered(tx, row.id)
            }
            Verdict::Retry(reason) | Verdict::Throttled { reason, .. } if !too_old => {
                self.counts.retries.inc();
                tracing::warn!(receiver = %row.receiver, id = row.id, attempt = row.attempts + 1, %reason, "delivery failed; will retry");
                rows::attempt_failed(tx, row.id, reason, Some(now + backoff_ms(row.attempts, row.id)))
            }
            Verdict::Retry(reason) | Verdict::Throttled { reason, .. } | Verdict::Fatal(reason) => {
                self.counts.failures.inc();
                let reason = if too_old { format!("gave up after {:?}: {reason}", self.max_age) } else { reason.clone() };
                tracing::error!(receiver = %row.receiver, id = row.id, %reason, "delivery failed for good");
                rows::attempt_failed(tx, row.id, &reason, None)
            }
        })
    }
}

/// A request that got no answer. reqwest's error names the URL, which is a credential here:
/// it is left out.
pub(crate) fn unreachable_verdict(e: &reqwest::Error) -> Verdict {
    let why = if e.is_timeout() {
        "timed out".to_owned()
    } else if e.is_connect() {
        "cannot connect".to_owned()
    } else {
        let mut text = String::from("request failed");
        let mut source = std::error::Error::source(e);
        while let Some(s) = source {
            text.push_str(": ");
            text.push_str(&s.to_string());
            source = s.source();
        }
        text
    };
    Verdict::Retry(format!("cannot reach the receiver: {why}"))
}

/// One delivery pass from a command-line run (heartbeat, backup): sends what is due now with
/// its own connection to the DB. What cannot be sent stays in the outbox for the next run or
/// a running `alert bridge`.
pub fn deliver_pending(db: &std::path::Path, key: &MasterKey) -> Result<usize, Error> {
    deliver_pending_from(db, key, None)
}

/// [`deliver_pending`] of the messages from `source` only (`None`: all).
pub fn deliver_pending_from(
    db: &std::path::Path,
    key: &MasterKey,
    source: Option<&'static str>,
) -> Result<usize, Error> {
    let mut store = Store::open(db)?;
    // Most passes find nothing due: the HTTP client (its TLS roots) and a runtime only when
    // there is something to send.
    if store
        .read(|tx| rows::due(tx, now_ms(), 1, source))?
        .is_empty()
    {
        return Ok(0);
    }
    let store = Arc::new(Mutex::new(store));
    let mut deliverer = Deliverer::new(store, key.clone(), Duration::from_secs(24 * 3600))
        .map_err(|e| Error::Unavailable(e.to_string()))?;
    deliverer.source = source;
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
    let id = store.write(|tx| rows::enqueue(tx, receiver, message))?;
    let store = Arc::new(Mutex::new(store));
    let deliverer = Deliverer::new(store.clone(), key.clone(), Duration::from_secs(60))
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
