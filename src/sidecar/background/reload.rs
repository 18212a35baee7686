//! The reloader thread: keeps the snapshot in step with the DB (polling the providers
//! generation, and on SIGHUP), closes expired cooldowns, delivers budget notices and runs the
//! hourly maintenance (the daily roll-up, then the chores).

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::Duration;

use arc_swap::ArcSwap;

use crate::crypto::MasterKey;
use crate::sidecar::request::backend::BackendState;
use crate::sidecar::request::budget::{self, Gate, Meter};
use crate::sidecar::request::events::{Event, EventSender};
use crate::sidecar::request::limiter::{Bucket, Clock};
use crate::sidecar::request::metrics;
use crate::sidecar::request::snapshot::{BuildOptions, Snapshot};
use crate::state::clients::{self as rows, Budget, BudgetUnit, Period};
use crate::state::providers::{self, ProviderId};
use crate::state::{self, Store, keyring};

pub enum Control {
    Reload,
    Stop,
}

/// Work of other subsystems run on the sidecar's maintenance tick (about hourly), composed by
/// the caller: the sidecar itself imports no other subsystem.
pub type Chore = Box<dyn FnMut() + Send>;

/// Keeps the snapshot in step with the DB; owns the runtime state map between snapshots.
pub struct Reloader {
    store: Store,
    /// The master key in use; shared with the admin API, so a rotation reaches it too.
    key: Arc<ArcSwap<MasterKey>>,
    /// Where the master key comes from, so a reload can read it again after a rotation.
    keys: crate::config::Paths,
    runtimes: HashMap<ProviderId, Arc<BackendState>>,
    /// Client rate buckets and budget meters, kept across snapshots like `runtimes`.
    gates: GateRuntimes,
    /// Set by the writer when it queued notifications (budget notices) to deliver.
    notices: Arc<AtomicBool>,
    snapshot: Arc<ArcSwap<Snapshot>>,
    events: EventSender,
    clock: Clock,
    opts: BuildOptions,
    generation: i64,
    /// The DB's key check matches no key we can read: look at the key's source every tick
    /// until one does (a rotation commits before the runbook moves the new key file in).
    key_stale: bool,
    metrics: Arc<metrics::Metrics>,
    chores: Vec<Chore>,
    next_maintenance: std::time::Instant,
    /// When due notices are tried again.
    next_notice_retry: std::time::Instant,
    /// The request log's keeping, and when it is next pruned.
    request_log: Option<(crate::sidecar::config::RequestLog, std::time::Instant)>,
}

/// How often the daily roll-up and backup are looked after.
const MAINTENANCE_EVERY: Duration = Duration::from_secs(3600);
/// How often notices whose delivery failed are tried again.
const NOTICE_RETRY_EVERY: Duration = Duration::from_secs(5);
/// How often the request log is held to its age and size.
const PRUNE_REQUESTS_EVERY: Duration = Duration::from_secs(300);

impl Reloader {
    /// Builds the first snapshot from the DB and the reloader that keeps it current.
    pub fn start(
        store: &Store,
        key: MasterKey,
        keys: crate::config::Paths,
        (clock, opts): (Clock, BuildOptions),
        metrics: Arc<metrics::Metrics>,
        (events, notices): (EventSender, Arc<AtomicBool>),
    ) -> Result<(Self, Arc<Snapshot>), state::Error> {
        let mut reloader = Self {
            store: Store::open(store.path())?,
            key: Arc::new(ArcSwap::from_pointee(key)),
            keys,
            runtimes: HashMap::new(),
            gates: GateRuntimes::default(),
            notices,
            snapshot: Arc::new(ArcSwap::from_pointee(Snapshot::default())),
            events,
            clock,
            opts,
            generation: 0,
            key_stale: false,
            metrics,
            chores: Vec::new(),
            next_maintenance: std::time::Instant::now(),
            next_notice_retry: std::time::Instant::now() + NOTICE_RETRY_EVERY,
            request_log: None,
        };
        let first = Arc::new(reloader.build()?);
        reloader.snapshot.store(first.clone());
        Ok((reloader, first))
    }

    /// The snapshot the request path reads.
    pub fn snapshot(&self) -> Arc<ArcSwap<Snapshot>> {
        self.snapshot.clone()
    }

    /// The master key in use, as it changes after a rotation.
    pub fn master_key(&self) -> Arc<ArcSwap<MasterKey>> {
        self.key.clone()
    }

    /// Keeps the request log to `log`'s age and size (pruned every 5 minutes, and at start).
    pub fn set_request_log(&mut self, log: Option<crate::sidecar::config::RequestLog>) {
        self.request_log = log.map(|l| (l, std::time::Instant::now()));
    }

    /// Drops what the request log keeps beyond its age and size, when due.
    fn prune_requests(&mut self) {
        let Some((log, next)) = &mut self.request_log else {
            return;
        };
        if std::time::Instant::now() < *next {
            return;
        }
        *next = std::time::Instant::now() + PRUNE_REQUESTS_EVERY;
        let before = state::now_ms() - i64::try_from(log.retention.as_millis()).unwrap_or(i64::MAX);
        let max = log.max_bytes;
        match self
            .store
            .write(|tx| state::requests::prune(tx, before, max))
        {
            Ok(0) => {}
            Ok(n) => tracing::info!(dropped = n, "request log pruned to its age and size"),
            Err(err) => tracing::warn!(error = %err, "pruning the request log failed"),
        }
    }

    /// Sets the work run on the maintenance tick.
    pub fn set_chores(&mut self, chores: Vec<Chore>) {
        self.chores = chores;
    }

    pub fn run(&mut self, control: &Receiver<Control>, interval: Duration) {
        loop {
            let forced = match control.recv_timeout(interval) {
                Ok(Control::Reload) => true,
                Ok(Control::Stop) | Err(RecvTimeoutError::Disconnected) => {
                    // Cooldowns that ran out since the last tick are recorded as over at exit.
                    self.close_expired_cooldowns();
                    return;
                }
                Err(RecvTimeoutError::Timeout) => false,
            };
            self.close_expired_cooldowns();
            self.deliver_notices();
            self.prune_requests();
            if let Err(err) = self.reload(forced) {
                tracing::error!(error = %err, "reloading providers failed; keeping the current ones");
            }
            if std::time::Instant::now() >= self.next_maintenance {
                self.next_maintenance = std::time::Instant::now() + MAINTENANCE_EVERY;
                if let Err(err) = self.maintain() {
                    tracing::error!(error = %err, "daily roll-up or backup failed; will retry within the hour");
                }
            }
        }
    }

    /// Rolls finished days up into `daily_stats`, then runs the chores (the daily copy of
    /// the state DB).
    fn maintain(&mut self) -> Result<(), state::Error> {
        const DAY_MS: i64 = 86_400_000;
        let now = state::now_ms();
        let today = now - now.rem_euclid(DAY_MS);
        let days = self.store.write(|tx| {
            // Per-minute client rows serve windows of minutes (the exporter's); a day is plenty.
            state::usage::prune_client_minutes(tx, now - 2 * DAY_MS)?;
            state::clients::prune_holds(tx, now)?;
            state::usage::roll_up_days(tx, today)
        })?;
        tracing::debug!(days, "usage rolled up into daily stats");
        for chore in &mut self.chores {
            chore();
        }
        Ok(())
    }

    /// Sends the notices the sidecar made (budget warnings) on a thread of its own, so a slow
    /// receiver never holds up reloads: when the writer queued one, and every 5 s for those
    /// whose retry is due (the bridge's backoff applies). Other sources' messages are left to
    /// the bridge.
    fn deliver_notices(&mut self) {
        let now = std::time::Instant::now();
        let queued = self.notices.swap(false, Ordering::Relaxed);
        if !queued && now < self.next_notice_retry {
            return;
        }
        self.next_notice_retry = now + NOTICE_RETRY_EVERY;
        let (db, key) = (self.store.path().to_owned(), self.key.load_full());
        let _ = std::thread::Builder::new()
            .name("bizwings-notify".into())
            .spawn(move || {
                if let Err(err) = crate::notify::deliver_pending_from(&db, &key, Some("sidecar")) {
                    tracing::warn!(error = %err, "notices stay in the outbox");
                }
            });
    }

    fn close_expired_cooldowns(&self) {
        let now = self.clock.now_ns();
        for b in &self.snapshot.load().backends {
            if b.rt.take_ended_cooldown(now) {
                tracing::info!(provider = %b.name, "cooldown over");
                let _ = self.events.send(Event::CooldownEnded {
                    provider: b.id,
                    at_ms: state::now_ms(),
                });
            }
        }
    }

    fn reload(&mut self, forced: bool) -> Result<(), state::Error> {
        let generation = self.store.read(providers::generation)?;
        if generation == self.generation && !forced && !self.key_stale {
            return Ok(());
        }
        // A master key rotation changes the key check: read the key again from its source.
        let check = self.store.read(keyring::check)?;
        if check
            .as_deref()
            .is_some_and(|c| !self.key.load().matches(c))
        {
            match crate::config::master_key(self.keys.key_file.as_deref(), &self.keys.db) {
                Ok(Some((key, source))) if check.as_deref().is_some_and(|c| key.matches(c)) => {
                    tracing::info!(%source, "master key changed; using the new one");
                    self.key.store(Arc::new(key));
                }
                _ => {
                    self.generation = generation;
                    // Said once; then looked for quietly on every tick.
                    let first = !std::mem::replace(&mut self.key_stale, true);
                    return if first {
                        Err(state::Error::WrongKey)
                    } else {
                        Ok(())
                    };
                }
            }
        }
        self.key_stale = false;
        let snapshot = self.build()?;
        tracing::info!(
            providers = snapshot.backends.len(),
            models = snapshot.routes.len(),
            generation = snapshot.generation,
            "providers reloaded"
        );
        self.snapshot.store(Arc::new(snapshot));
        Ok(())
    }

    /// A snapshot of the DB's providers and clients now, carrying the live state over.
    fn build(&mut self) -> Result<Snapshot, state::Error> {
        let (rows, generation) = self
            .store
            .read(|tx| Ok::<_, state::Error>((providers::list(tx)?, providers::generation(tx)?)))?;
        let mut snapshot = Snapshot::build(
            rows,
            generation,
            &self.key.load(),
            &mut self.runtimes,
            self.clock,
            self.opts,
            &self.metrics,
        );
        snapshot.clients = table(&mut self.store, &mut self.gates, &self.metrics)?;
        self.generation = generation;
        Ok(snapshot)
    }
}

/// Live state of the clients' limits, kept across snapshots: a reload changes the limits,
/// not what was used.
#[derive(Debug, Default)]
pub struct GateRuntimes {
    buckets: HashMap<String, Arc<Bucket>>,
    meters: HashMap<(String, BudgetUnit, Period), Arc<Meter>>,
}

/// Client token hashes → the client's limits, for the request path. A budget new to this
/// sidecar starts from what the usage tables hold for its current period.
pub fn table(
    store: &mut Store,
    rt: &mut GateRuntimes,
    metrics: &metrics::Metrics,
) -> Result<HashMap<[u8; 32], Arc<Gate>>, state::Error> {
    let now = state::now_ms();
    let (clients, mut paused) =
        store.read(|tx| Ok::<_, state::Error>((rows::list(tx)?, rows::pauses(tx)?)))?;
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
            passthrough: c.passthrough,
            bucket,
            meters,
            paused: paused.remove(&c.name).map(Arc::from),
            metrics: metrics.client_handles(&c.name),
            log_bodies: c.log_bodies,
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
    let (used, held) = store.read(|tx| {
        Ok::<_, state::Error>((
            rows::used_since(tx, client, start)?,
            rows::held(tx, client, b.unit, start, now_ms)?,
        ))
    })?;
    // Reservations a killed sidecar left unsettled count as spent until they lapse.
    Ok(b.unit.of(used).saturating_add(held))
}
