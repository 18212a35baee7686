//! Write-behind: the request path sends events over a channel (never blocking, never SQLite);
//! this thread folds them into per-(provider, model, hour) counters and writes them in one
//! transaction about once a second, and everything left when the channel closes.
//!
//! Nothing is dropped: the channel is unbounded, so a burst costs memory, not rows; a failed
//! write keeps the batch and tries again on the next tick.

use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError};
use std::sync::{Arc, OnceLock};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::sidecar::request::budget;
use crate::sidecar::request::events::{Event, EventSender, RECORDS};
use crate::state::clients;
use crate::state::providers::ProviderId;
use crate::state::requests::LoggedRequest;
use crate::state::usage::{self, UsageDelta};
use crate::state::{self, Store};

const FLUSH_EVERY: Duration = Duration::from_secs(1);
/// Request records that make a write due before the second is over.
const REQUESTS_PER_WRITE: usize = 512;
const DRAIN_EVERY: Duration = Duration::from_millis(25);
const HOUR_MS: i64 = 3_600_000;

/// Told, after each write, each client's spend so far on this host (tokens, nano-USD): in a
/// fleet it goes to Redis, where the fleet's total per client is the sum over hosts.
pub type PublishSpent = Box<dyn Fn(Arc<str>, u64, u64) + Send + Sync>;

/// What becomes of each request's record: stored in the request log, and offered to the
/// OpenTelemetry exporter.
pub struct Requests {
    pub store: bool,
    pub otel: Option<super::otel::Otel>,
}

/// Starts the writer thread with its own connection to the DB at `db`. It sets `queued` when
/// it put notifications in the outbox, and calls `publish` (once set) after each write.
pub fn spawn(
    db: &Path,
    queued: Arc<AtomicBool>,
    publish: Arc<OnceLock<PublishSpent>>,
    requests: Requests,
) -> Result<(EventSender, JoinHandle<()>), state::Error> {
    let store = Store::open(db)?;
    let (tx, rx) = std::sync::mpsc::channel();
    let handle = std::thread::Builder::new()
        .name("bizwings-writer".into())
        .spawn(move || run(store, &rx, (&queued, &publish), &requests))
        .map_err(|e| state::Error::CreateDir {
            path: "writer thread".into(),
            source: e,
        })?;
    Ok((tx, handle))
}

#[derive(Default)]
struct Batch {
    usage: HashMap<(ProviderId, Arc<str>, i64), UsageDelta>,
    by_client: HashMap<(Arc<str>, i64), UsageDelta>,
    by_client_minute: HashMap<(Arc<str>, i64), usage::ClientMinute>,
    answers: HashMap<i64, usage::Answers>,
    /// Status events keep their order.
    events: Vec<Event>,
    /// The request log's rows.
    #[expect(clippy::vec_box, reason = "the boxes go back to RECORDS for reuse")]
    requests: Vec<Box<LoggedRequest>>,
    /// Budget reservations still open, and releases of ones written before: a reservation
    /// released within the batch is never written at all.
    holds: HashMap<i64, clients::BudgetHold>,
    released: Vec<i64>,
    /// Holds budget reservations or their release: written within a tenth of a second, not a
    /// second, so a sidecar killed at any moment forgets at most that of what it let through.
    urgent: bool,
}

impl Batch {
    /// Folds `event` in; hands back the request record it carries, if any.
    fn add(&mut self, event: Event) -> Option<Box<LoggedRequest>> {
        self.urgent |= matches!(event, Event::Held(_) | Event::Released { .. });
        match event {
            Event::Request(record) => return Some(record),
            Event::Usage {
                provider,
                model,
                client,
                at_ms,
                delta,
                record,
            } => {
                let hour = at_ms - at_ms.rem_euclid(HOUR_MS);
                if let Some(client) = client {
                    merge(
                        self.by_client.entry((client.clone(), hour)).or_default(),
                        &delta,
                    );
                    let minute = at_ms - at_ms.rem_euclid(60_000);
                    self.by_client_minute
                        .entry((client, minute))
                        .or_default()
                        .merge(&client_minute(&delta));
                }
                merge(
                    self.usage.entry((provider, model, hour)).or_default(),
                    &delta,
                );
                return record;
            }
            Event::Answered { at_ms, status, own } => {
                let hour = at_ms - at_ms.rem_euclid(HOUR_MS);
                self.answers.entry(hour).or_default().count(status, own);
            }
            Event::Held(hold) => {
                self.holds.insert(hold.id, hold);
            }
            Event::Released { id } => {
                if self.holds.remove(&id).is_none() {
                    self.released.push(id);
                }
            }
            other => self.events.push(other),
        }
        None
    }

    fn is_empty(&self) -> bool {
        self.usage.is_empty()
            && self.by_client.is_empty()
            && self.by_client_minute.is_empty()
            && self.answers.is_empty()
            && self.events.is_empty()
            && self.requests.is_empty()
            && self.holds.is_empty()
            && self.released.is_empty()
    }

    /// Writes the batch; true when notifications were queued.
    fn write(&self, store: &mut Store) -> Result<bool, state::Error> {
        store.write(|tx| {
            let mut queued = false;
            for ((provider, model, hour), delta) in &self.usage {
                usage::add(tx, *provider, model, *hour, delta)?;
            }
            for ((client, hour), delta) in &self.by_client {
                usage::add_client_usage(tx, client, *hour, delta)?;
            }
            for ((client, minute), m) in &self.by_client_minute {
                usage::add_client_minute(tx, client, *minute, m)?;
            }
            state::requests::insert(tx, self.requests.iter().map(|r| &**r))?;
            for (hour, answers) in &self.answers {
                usage::add_answers(tx, *hour, answers)?;
            }
            for hold in self.holds.values() {
                clients::add_hold(tx, hold)?;
            }
            for id in &self.released {
                clients::release_hold(tx, *id)?;
            }
            for event in &self.events {
                match event {
                    Event::Usage { .. }
                    | Event::Answered { .. }
                    | Event::Held(_)
                    | Event::Request(_)
                    | Event::Released { .. } => {}
                    Event::CooldownStarted {
                        provider,
                        consecutive,
                        cooldown,
                        at_ms,
                        summary,
                    } => usage::cooldown_started(
                        tx,
                        *provider,
                        *consecutive,
                        u64::try_from(cooldown.as_millis()).unwrap_or(u64::MAX),
                        *at_ms,
                        summary,
                    )?,
                    Event::CooldownEnded { provider, at_ms } => {
                        usage::cooldown_ended(tx, *provider, *at_ms)?;
                    }
                    Event::RateLimitCleared { provider } => {
                        usage::rate_limit_cleared(tx, *provider)?;
                    }
                    Event::KeyRejected { provider, detail } => {
                        usage::key_rejected(tx, *provider, detail)?;
                    }
                    Event::Health {
                        provider,
                        state,
                        latency_ms,
                        status_code,
                        failures,
                        successes,
                        at_ms,
                    } => usage::set_health(
                        tx,
                        *provider,
                        state,
                        *latency_ms,
                        *status_code,
                        (*failures, *successes),
                        *at_ms,
                    )?,
                    Event::Budget {
                        client,
                        budget,
                        period_start_ms,
                        level,
                        used,
                    } => {
                        if crate::state::clients::record_notice(
                            tx,
                            client,
                            budget,
                            *period_start_ms,
                            *level,
                        )? {
                            let message =
                                budget::message(client, budget, *level, *used, *period_start_ms);
                            queued |=
                                !crate::notify::route_and_enqueue_tx(tx, &message)?.is_empty();
                        }
                    }
                }
            }
            Ok(queued)
        })
    }
}

/// One attempt as a client's minute counts it: answered ones by latency bucket.
fn client_minute(d: &UsageDelta) -> usage::ClientMinute {
    let mut m = usage::ClientMinute {
        attempts: d.requests,
        rate_limited: d.rate_limited,
        ..Default::default()
    };
    if d.errors == 0 && d.requests > 0 {
        let ms = d.latency_ms_sum / d.requests;
        let bucket = (0..usage::LATENCY_BUCKETS)
            .find(|i| ms <= usage::LATENCY_BUCKET_MS << i)
            .unwrap_or(usage::LATENCY_BUCKETS - 1);
        m.latency[bucket] = d.requests;
    }
    m
}

fn merge(sum: &mut UsageDelta, d: &UsageDelta) {
    sum.requests += d.requests;
    sum.errors += d.errors;
    sum.prompt_tokens += d.prompt_tokens;
    sum.completion_tokens += d.completion_tokens;
    sum.cache_read_tokens += d.cache_read_tokens;
    sum.cache_write_tokens += d.cache_write_tokens;
    sum.reasoning_tokens += d.reasoning_tokens;
    sum.cost_usd += d.cost_usd;
    sum.latency_ms_sum += d.latency_ms_sum;
    sum.ttft_ms_sum += d.ttft_ms_sum;
    sum.ttft_count += d.ttft_count;
    sum.estimated += d.estimated;
    sum.rate_limited += d.rate_limited;
}

/// Tells `publish` the spend so far of each client in the batch just written.
fn publish_spent(store: &mut Store, batch: &Batch, publish: &PublishSpent) {
    let mut clients: Vec<&Arc<str>> = batch.by_client.keys().map(|(c, _)| c).collect();
    clients.sort_unstable();
    clients.dedup();
    for client in clients {
        if let Ok((nusd, tokens)) = store.read(|tx| clients::used_since(tx, client, 0)) {
            publish(client.clone(), tokens, nusd);
        }
    }
}

fn run(
    mut store: Store,
    rx: &Receiver<Event>,
    (queued, publish): (&AtomicBool, &OnceLock<PublishSpent>),
    requests: &Requests,
) {
    let mut batch = Batch::default();
    let mut next_flush = Instant::now() + FLUSH_EVERY;
    loop {
        // Sleep, then drain: a receiver blocked in `recv` would make every send a futex wake
        // and a context switch on the request path. `serve` unparks this thread to finish early.
        // Drain every 25 ms, so the channel holds that much of the events, not a second's
        // worth (at 25k req/s that is megabytes malloc keeps); write once a second, or at once
        // when budget reservations are among them.
        std::thread::park_timeout(DRAIN_EVERY);
        let closed = loop {
            match rx.try_recv() {
                Ok(event) => {
                    if let Some(r) = batch.add(event) {
                        if let Some(otel) = &requests.otel {
                            otel.offer(&r);
                        }
                        if requests.store {
                            batch.requests.push(r);
                        } else {
                            RECORDS.give_back([r]);
                        }
                    }
                }
                Err(TryRecvError::Empty) => break false,
                Err(TryRecvError::Disconnected) => break true,
            }
        };
        // Request records go out by the few hundred, not by the second: at tens of thousands
        // of requests a second a second's worth is megabytes that malloc keeps (512 rather
        // than 2048 a write: ~3 MiB less resident after a load, the writer's CPU unchanged).
        let full = batch.requests.len() >= REQUESTS_PER_WRITE;
        if !closed && Instant::now() < next_flush && !batch.urgent && !full {
            continue;
        }
        next_flush = Instant::now() + FLUSH_EVERY;
        if !batch.is_empty() {
            match batch.write(&mut store) {
                Ok(notices) => {
                    if notices {
                        queued.store(true, Ordering::Relaxed);
                    }
                    if let Some(publish) = publish.get() {
                        publish_spent(&mut store, &batch, publish);
                    }
                    RECORDS.give_back(std::mem::take(&mut batch.requests));
                    batch = Batch::default();
                }
                Err(err) if closed => {
                    tracing::error!(error = %err, "final usage flush failed; retrying once");
                    std::thread::sleep(Duration::from_millis(500));
                    if let Err(err) = batch.write(&mut store).map(|_| ()) {
                        tracing::error!(error = %err, "usage of the last second was not stored");
                    }
                }
                Err(err) => {
                    tracing::warn!(error = %err, "usage flush failed; keeping the batch for the next try");
                }
            }
        }
        if closed {
            return;
        }
    }
}
