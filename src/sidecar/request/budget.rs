//! What one client may use: a request rate and budgets in USD or tokens per UTC hour, day or
//! month, enforced before a request is forwarded.
//!
//! A request reserves its estimate on each of its client's budgets and is admitted while the
//! budget's used plus reserved amount is below its limit; when the request ends, what its
//! attempts really cost replaces the reservation. So serial requests stop exactly when the
//! real costs reach the limit, and concurrent ones can overshoot it by no more than what is
//! in flight. At 80 % and at 100 % of a budget, the writer is told once per period (it
//! stores the notice and routes a message).

use std::fmt;
use std::str::FromStr;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use chrono::{Datelike as _, TimeZone as _};

use super::events::{Event, EventSender};
use super::limiter::Bucket;
use crate::state::clients::{Budget, BudgetUnit, NoticeLevel, Period};

const HOUR_MS: i64 = 3_600_000;
const DAY_MS: i64 = 86_400_000;

/// The start and end (unix ms) of the period of `p` that holds `now_ms`.
pub fn period_bounds(p: Period, now_ms: i64) -> (i64, i64) {
    let whole = |len: i64| {
        let start = now_ms - now_ms.rem_euclid(len);
        (start, start + len)
    };
    match p {
        Period::Hour => whole(HOUR_MS),
        Period::Day => whole(DAY_MS),
        Period::Month => {
            let now = chrono::Utc
                .timestamp_millis_opt(now_ms)
                .single()
                .unwrap_or_default();
            let first = |y: i32, m: u32| {
                chrono::Utc
                    .with_ymd_and_hms(y, m, 1, 0, 0, 0)
                    .single()
                    .map_or(now_ms, |t| t.timestamp_millis())
            };
            let (y, m) = (now.year(), now.month());
            let next = if m == 12 {
                first(y + 1, 1)
            } else {
                first(y, m + 1)
            };
            (first(y, m), next)
        }
    }
}

/// `20usd/day`, `$0.50/hour`, `2M-tokens/month`, `500k-tokens/day`.
impl FromStr for Budget {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let syntax = || {
            format!(
                "budget {text:?}: write AMOUNT UNIT/PERIOD, e.g. 20usd/day, $0.50/hour, 2M-tokens/month (units usd or tokens; periods hour, day, month, in UTC)"
            )
        };
        let (amount, period) = text.trim().split_once('/').ok_or_else(syntax)?;
        let period = match period.trim().to_ascii_lowercase().as_str() {
            "hour" | "h" => Period::Hour,
            "day" | "d" => Period::Day,
            "month" | "mo" => Period::Month,
            _ => return Err(syntax()),
        };
        let amount = amount.trim().to_ascii_lowercase();
        let (number, unit) = if let Some(n) = amount.strip_prefix('$') {
            (n, BudgetUnit::Usd)
        } else if let Some(n) = amount.strip_suffix("usd") {
            (n, BudgetUnit::Usd)
        } else if let Some(n) = amount
            .strip_suffix("tokens")
            .or_else(|| amount.strip_suffix("token"))
        {
            (n, BudgetUnit::Tokens)
        } else {
            return Err(syntax());
        };
        let number = number.trim_end_matches(['-', ' ']);
        let (number, scale) = match number.as_bytes().last() {
            Some(b'k') => (&number[..number.len() - 1], 1e3),
            Some(b'm') => (&number[..number.len() - 1], 1e6),
            _ => (number, 1.0),
        };
        let value: f64 = number.parse().map_err(|_| syntax())?;
        let amount = match unit {
            BudgetUnit::Usd => crate::state::clients::nano_usd(value * scale),
            #[expect(
                clippy::cast_possible_truncation,
                clippy::cast_sign_loss,
                reason = "checked finite and positive below"
            )]
            BudgetUnit::Tokens => (value * scale).round() as u64,
        };
        if !value.is_finite() || value <= 0.0 || amount == 0 {
            return Err(format!("budget {text:?}: the amount must be above zero"));
        }
        // Stored as a signed 64-bit integer; a billion USD or 10^15 tokens is plenty.
        if amount > 1_000_000_000_000_000_000 {
            return Err(format!("budget {text:?}: the amount is too large"));
        }
        Ok(Self {
            unit,
            period,
            amount,
        })
    }
}

impl Budget {
    /// An amount in this budget's unit, said for people: `0.015usd`, `1500-tokens`.
    pub fn amount_text(&self, amount: u64) -> String {
        let shown = Self { amount, ..*self }.to_string();
        shown.split('/').next().unwrap_or_default().to_owned()
    }
}

impl fmt::Display for Budget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.amount;
        match self.unit {
            BudgetUnit::Usd => {
                let cents = format!("{}.{:09}", n / 1_000_000_000, n % 1_000_000_000);
                write!(
                    f,
                    "{}usd",
                    cents.trim_end_matches('0').trim_end_matches('.')
                )?;
            }
            BudgetUnit::Tokens if n.is_multiple_of(1_000_000) => {
                write!(f, "{}M-tokens", n / 1_000_000)?;
            }
            BudgetUnit::Tokens if n.is_multiple_of(1_000) => write!(f, "{}k-tokens", n / 1_000)?,
            BudgetUnit::Tokens => write!(f, "{n}-tokens")?,
        }
        write!(f, "/{}", self.period.as_str())
    }
}

/// What a request is estimated to use, reserved before it is sent.
#[derive(Debug, Clone, Copy, Default)]
pub struct Estimate {
    pub tokens: u64,
    pub nano_usd: u64,
}

/// One budget's use in its current period, shared across snapshots.
#[derive(Debug)]
pub struct Meter {
    client: Arc<str>,
    unit: BudgetUnit,
    state: Mutex<MeterState>,
}

#[derive(Debug, Clone, Copy)]
struct MeterState {
    budget: Budget,
    period_start_ms: i64,
    period_end_ms: i64,
    used: u64,
    /// Estimates of the requests in flight.
    reserved: u64,
    /// Warning and exceeded already told in this period.
    told: [bool; 2],
    /// Fleet mode: what the whole fleet had used at the last settlement it answered, and what
    /// this sidecar had used then; while Redis is away this sidecar spends only its share of
    /// what was left.
    fleet_used: Option<u64>,
    used_at_fleet: u64,
}

impl MeterState {
    /// A new period starts from nothing used; reservations in flight carry over.
    fn roll(&mut self, now_ms: i64) {
        if now_ms >= self.period_end_ms {
            (self.period_start_ms, self.period_end_ms) = period_bounds(self.budget.period, now_ms);
            self.used = 0;
            self.told = [false; 2];
            self.fleet_used = None;
            self.used_at_fleet = 0;
        }
    }

    /// What is left to this sidecar: the budget less what was used, or in a fleet that has
    /// lost Redis, its share (÷ `members`) of what the fleet had left less what it spent since.
    fn left(&mut self, members: Option<u32>) -> u64 {
        let Some(members) = members else {
            return self.budget.amount.saturating_sub(self.used);
        };
        let fleet_used = *self.fleet_used.get_or_insert(self.used);
        if self.used_at_fleet > self.used {
            self.used_at_fleet = self.used;
        }
        let share = self.budget.amount.saturating_sub(fleet_used) / u64::from(members.max(1));
        share.saturating_sub(self.used - self.used_at_fleet)
    }
}

/// A budget and what its client used of it in the current period, in USD or tokens.
#[derive(Debug, Clone, serde::Serialize)]
pub struct BudgetUse {
    pub budget: String,
    pub unit: BudgetUnit,
    pub period: Period,
    pub limit: f64,
    pub used: f64,
    /// Estimates of the requests in flight (known to a running sidecar only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reserved: Option<f64>,
    pub used_percent: f64,
    pub resets_at_ms: i64,
}

impl BudgetUse {
    /// From amounts in the budget's unit (nano-USD or tokens).
    #[expect(clippy::cast_precision_loss, reason = "amounts far below 2^52")]
    pub fn new(budget: &Budget, used: u64, reserved: Option<u64>, resets_at_ms: i64) -> Self {
        let scale = match budget.unit {
            BudgetUnit::Usd => 1e-9,
            BudgetUnit::Tokens => 1.0,
        };
        Self {
            budget: budget.to_string(),
            unit: budget.unit,
            period: budget.period,
            limit: budget.amount as f64 * scale,
            used: used as f64 * scale,
            reserved: reserved.map(|r| r as f64 * scale),
            used_percent: (used as f64 * 100.0 / budget.amount as f64 * 10.0).round() / 10.0,
            resets_at_ms,
        }
    }

    /// `0.01usd/day: 40 % used`.
    pub fn summary(&self) -> String {
        format!("{}: {} % used", self.budget, self.used_percent)
    }
}

impl Meter {
    /// A budget's meter for the period holding `now_ms`, starting from `used` (what the usage
    /// tables already hold for this period).
    pub fn new(client: Arc<str>, budget: Budget, used: u64, now_ms: i64) -> Self {
        let (period_start_ms, period_end_ms) = period_bounds(budget.period, now_ms);
        Self {
            client,
            unit: budget.unit,
            state: Mutex::new(MeterState {
                budget,
                period_start_ms,
                period_end_ms,
                used,
                reserved: 0,
                told: [false; 2],
                fleet_used: None,
                used_at_fleet: used,
            }),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, MeterState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// What this sidecar counted as used in the current period.
    pub fn used(&self, now_ms: i64) -> u64 {
        let mut s = self.lock();
        s.roll(now_ms);
        s.used
    }

    /// What the whole fleet has used, as Redis answered a settlement.
    pub fn seen_in_fleet(&self, fleet_used: u64, now_ms: i64) {
        let mut s = self.lock();
        s.roll(now_ms);
        s.fleet_used = Some(fleet_used);
        s.used_at_fleet = s.used;
    }

    /// A changed limit applies at once, keeping what was used.
    pub fn set_amount(&self, amount: u64) {
        self.lock().budget.amount = amount;
    }

    pub fn view(&self, now_ms: i64) -> BudgetUse {
        let mut s = self.lock();
        s.roll(now_ms);
        BudgetUse::new(&s.budget, s.used, Some(s.reserved), s.period_end_ms)
    }

    /// Reserves `amount` if it fits beside what was used and what is reserved (the start of
    /// its period, for the journal); else why not. `fleet_members`: a fleet without Redis,
    /// where this sidecar spends only its share.
    fn reserve(
        &self,
        amount: u64,
        now_ms: i64,
        fleet_members: Option<u32>,
    ) -> Result<i64, BudgetRefusal> {
        let mut s = self.lock();
        s.roll(now_ms);
        let to_period_end =
            Duration::from_millis(u64::try_from(s.period_end_ms - now_ms).unwrap_or(0));
        let left = s.left(fleet_members);
        let why = if left == 0 {
            Why::Spent
        } else if amount > left {
            Why::TooLarge { asks: amount, left }
        } else if s.reserved.saturating_add(amount) > left {
            Why::InFlight
        } else {
            s.reserved = s.reserved.saturating_add(amount);
            return Ok(s.period_start_ms);
        };
        Err(BudgetRefusal::new(s.budget, why, to_period_end))
    }

    /// Replaces a reservation with what was really used, and tells the writer about a level
    /// reached for the first time in this period (`events`; in fleet mode the fleet's count
    /// decides instead).
    fn settle(&self, reserved: u64, used: u64, now_ms: i64, events: Option<&EventSender>) {
        let mut s = self.lock();
        s.roll(now_ms);
        s.reserved = s.reserved.saturating_sub(reserved);
        s.used = s.used.saturating_add(used);
        let Some(events) = events else {
            return;
        };
        let reached = [
            s.used.saturating_mul(5) >= s.budget.amount.saturating_mul(4),
            s.used >= s.budget.amount,
        ];
        for (i, level) in [NoticeLevel::Warning, NoticeLevel::Exceeded]
            .into_iter()
            .enumerate()
        {
            if reached[i] && !s.told[i] {
                s.told[i] = true;
                notice(
                    events,
                    &self.client,
                    s.budget,
                    s.period_start_ms,
                    level,
                    s.used,
                );
            }
        }
    }
}

fn notice(
    events: &EventSender,
    client: &Arc<str>,
    budget: Budget,
    period_start_ms: i64,
    level: NoticeLevel,
    used: u64,
) {
    let _ = events.send(Event::Budget {
        client: client.clone(),
        budget,
        period_start_ms,
        level,
        used,
    });
}

/// Why a client's request was refused before it was sent.
#[derive(Debug)]
pub enum Refusal {
    /// Paused (by `heartbeat`, for spending without progress): why, said to the client.
    Paused(Arc<str>),
    /// Over its request rate: retry after this.
    Rate(Duration),
    /// A budget has no room for it.
    Budget(BudgetRefusal),
}

/// Why a budget has no room for a request, and when to try again.
#[derive(Debug, Clone, Copy)]
pub struct BudgetRefusal {
    pub budget: Budget,
    pub why: Why,
    pub retry_after: Duration,
}

/// How long a request refused for others' reservations waits: they settle within a request's
/// time, usually well below what they reserved.
const IN_FLIGHT_RETRY: Duration = Duration::from_secs(2);

impl BudgetRefusal {
    /// `to_period_end`: when the budget renews.
    pub fn new(budget: Budget, why: Why, to_period_end: Duration) -> Self {
        let retry_after = match why {
            Why::InFlight => IN_FLIGHT_RETRY.min(to_period_end.max(Duration::from_secs(1))),
            Why::Spent | Why::TooLarge { .. } => to_period_end,
        };
        Self {
            budget,
            why,
            retry_after,
        }
    }
}

/// What stands in a request's way, in the budget's unit (nano-USD or tokens).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    /// Used up until the period renews.
    Spent,
    /// The request's own estimate is more than what is left: it could not fit even alone.
    TooLarge { asks: u64, left: u64 },
    /// What is left is reserved by requests in flight; it frees up as they settle.
    InFlight,
}

/// One client's limits as the request path sees them.
#[derive(Debug)]
pub struct Gate {
    pub name: Arc<str>,
    /// Requests per minute; 0: none.
    pub rpm: u32,
    /// Kept across snapshots like the meters.
    pub bucket: Arc<Bucket>,
    pub meters: Vec<Arc<Meter>>,
    /// Let through paths the sidecar does not price, despite its limits.
    pub passthrough: bool,
    /// Paused on this host (by `heartbeat`): why.
    pub paused: Option<Arc<str>>,
    /// Where its attempts are counted.
    pub metrics: Arc<super::metrics::ClientHandles>,
    /// Its requests' bodies go into the request log.
    pub log_bodies: bool,
}

impl Gate {
    /// Whether it has budgets.
    pub fn budgeted(&self) -> bool {
        !self.meters.is_empty()
    }

    /// Admits a request or says why not: its request rate, then its budgets, counted on this
    /// sidecar. A client with budgets gets a [`Hold`] that the request's attempts charge and
    /// that settles when the last of them is done.
    pub fn admit(
        &self,
        estimate: Estimate,
        clock_ns: u64,
        events: &EventSender,
    ) -> Result<Option<Arc<Hold>>, Refusal> {
        if let Some(why) = &self.paused {
            return Err(Refusal::Paused(why.clone()));
        }
        self.check_rate(clock_ns)?;
        self.admit_budgets(estimate, events, None)
    }

    /// Reserves `estimate` on this sidecar's meters, or says which budget has no room.
    /// `fleet_members`: a fleet without Redis, each of whose members spends only its share.
    pub fn admit_budgets(
        &self,
        estimate: Estimate,
        events: &EventSender,
        fleet_members: Option<u32>,
    ) -> Result<Option<Arc<Hold>>, Refusal> {
        if self.meters.is_empty() {
            return Ok(None);
        }
        let now_ms = crate::state::now_ms();
        let mut held: Vec<(Arc<Meter>, u64)> = Vec::with_capacity(self.meters.len());
        let mut journal = Vec::with_capacity(self.meters.len());
        for meter in &self.meters {
            let amount = meter.unit.of((estimate.nano_usd, estimate.tokens));
            match meter.reserve(amount, now_ms, fleet_members) {
                Ok(period_start_ms) if amount > 0 => {
                    journal.push((meter.unit, period_start_ms, amount));
                }
                Ok(_) => {}
                Err(refusal) => {
                    for (m, r) in &held {
                        m.settle(*r, 0, now_ms, None);
                    }
                    return Err(Refusal::Budget(refusal));
                }
            }
            held.push((meter.clone(), amount));
        }
        let reservation = Hold::new(held, events, None);
        reservation.journal(journal);
        Ok(Some(reservation))
    }

    /// Each budget as the fleet counts it for a request of `estimate`.
    pub fn fleet_budgets(&self, estimate: Estimate) -> Vec<FleetBudget> {
        self.meters
            .iter()
            .map(|m| {
                let s = *m.lock();
                FleetBudget {
                    budget: s.budget,
                    period_start_ms: s.period_start_ms,
                    period_end_ms: s.period_end_ms,
                    reserved: m.unit.of((estimate.nano_usd, estimate.tokens)),
                    seed: s.used,
                }
            })
            .collect()
    }

    /// A hold whose reservation was made `elsewhere` (the fleet): this sidecar keeps its own
    /// count too (for when Redis is away), unreserved.
    pub fn hold_elsewhere(&self, events: &EventSender, elsewhere: Box<dyn Elsewhere>) -> Arc<Hold> {
        let held = self.meters.iter().map(|m| (m.clone(), 0)).collect();
        Hold::new(held, events, Some(elsewhere))
    }

    /// The client's request rate: `Err` with the time until its next request may go.
    pub fn check_rate(&self, clock_ns: u64) -> Result<(), Refusal> {
        if self.rpm > 0 && !self.bucket.try_acquire(clock_ns) {
            return Err(Refusal::Rate(self.bucket.wait_time(clock_ns)));
        }
        Ok(())
    }
}

/// One budget as the fleet counts it for one request.
#[derive(Debug, Clone, Copy)]
pub struct FleetBudget {
    pub budget: Budget,
    pub period_start_ms: i64,
    pub period_end_ms: i64,
    /// The request's estimate in the budget's unit.
    pub reserved: u64,
    /// What this sidecar's own count says was used (seeds a period Redis does not know).
    pub seed: u64,
}

/// Where else a hold's reservation was made (the fleet's Redis), told what the request used
/// (nano-USD, tokens) when the hold settles; it also tells the levels first reached there.
pub trait Elsewhere: Send + Sync {
    fn settle(self: Box<Self>, used: (u64, u64), events: &EventSender);
}

/// How long a reservation counts at most: a request still in flight after this (a long stream)
/// no longer holds back others, and one whose sidecar died stops counting.
pub const HOLD_LAPSES: Duration = Duration::from_secs(15 * 60);

/// Journal ids of reservations: unique across restarts (they start from the clock).
static NEXT_HOLD: AtomicI64 = AtomicI64::new(0);

fn next_hold_id() -> i64 {
    let start = crate::state::now_ms().saturating_mul(1_000_000);
    let _ = NEXT_HOLD.compare_exchange(0, start, Ordering::Relaxed, Ordering::Relaxed);
    NEXT_HOLD.fetch_add(1, Ordering::Relaxed)
}

/// A request's reservations on its client's budgets, settled with what its attempts cost when
/// the last holder (the handler, or the stream relay) lets go. Counted here, they are also
/// journaled through the writer, so a sidecar killed mid-request still counts them after a
/// restart (until they lapse).
pub struct Hold {
    held: Vec<(Arc<Meter>, u64)>,
    /// Journal id of the reservations, released when the hold settles.
    journal: std::sync::OnceLock<i64>,
    nano_usd: AtomicU64,
    tokens: AtomicU64,
    events: EventSender,
    elsewhere: Option<Box<dyn Elsewhere>>,
}

impl Hold {
    fn new(
        held: Vec<(Arc<Meter>, u64)>,
        events: &EventSender,
        elsewhere: Option<Box<dyn Elsewhere>>,
    ) -> Arc<Self> {
        Arc::new(Self {
            held,
            journal: std::sync::OnceLock::new(),
            nano_usd: AtomicU64::new(0),
            tokens: AtomicU64::new(0),
            events: events.clone(),
            elsewhere,
        })
    }

    /// Journals the reservations counted here (unit, period start, amount), in one event.
    fn journal(&self, amounts: Vec<(BudgetUnit, i64, u64)>) {
        let Some((meter, _)) = self.held.first().filter(|_| !amounts.is_empty()) else {
            return;
        };
        let id = next_hold_id();
        let _ = self
            .events
            .send(Event::Held(crate::state::clients::BudgetHold {
                id,
                client: meter.client.clone(),
                amounts,
                lapses_at_ms: crate::state::now_ms()
                    + i64::try_from(HOLD_LAPSES.as_millis()).unwrap_or(i64::MAX),
            }));
        let _ = self.journal.set(id);
    }

    /// Adds one attempt's real use.
    pub fn charge(&self, cost_usd: f64, tokens: u64) {
        self.nano_usd
            .fetch_add(crate::state::clients::nano_usd(cost_usd), Ordering::Relaxed);
        self.tokens.fetch_add(tokens, Ordering::Relaxed);
    }
}

impl Drop for Hold {
    fn drop(&mut self) {
        let now_ms = crate::state::now_ms();
        let used = (*self.nano_usd.get_mut(), *self.tokens.get_mut());
        // Where the reservation was made elsewhere, that count decides the notices.
        let local_notices = self.elsewhere.is_none().then_some(&self.events);
        for (meter, reserved) in &self.held {
            meter.settle(*reserved, meter.unit.of(used), now_ms, local_notices);
        }
        if let Some(id) = self.journal.take() {
            let _ = self.events.send(Event::Released { id });
        }
        if let Some(elsewhere) = self.elsewhere.take() {
            elsewhere.settle(used, &self.events);
        }
    }
}

/// The message a budget notice is routed as (`alertname` `BudgetWarning` or `BudgetExceeded`,
/// `source=sidecar`).
pub fn message(
    client: &str,
    budget: &Budget,
    level: NoticeLevel,
    used: u64,
    period_start_ms: i64,
) -> crate::notify::Message {
    use crate::notify;
    let (alertname, severity, what) = match level {
        NoticeLevel::Warning => ("BudgetWarning", "warning", "has used 80 % of"),
        NoticeLevel::Exceeded => ("BudgetExceeded", "critical", "has used up"),
    };
    let used_text = budget.amount_text(used);
    let (_, resets) = period_bounds(budget.period, period_start_ms);
    let labels = std::collections::BTreeMap::from([
        ("alertname".to_owned(), alertname.to_owned()),
        ("source".to_owned(), "sidecar".to_owned()),
        ("client".to_owned(), client.to_owned()),
        ("budget".to_owned(), budget.to_string()),
        ("severity".to_owned(), severity.to_owned()),
        (
            "period_start".to_owned(),
            crate::output::utc(period_start_ms),
        ),
    ]);
    let body = format!(
        "**Client:** {}\n**Budget:** {budget}\n**Used:** {used_text}\n**Renews:** {} UTC\n{}",
        notify::escape_markdown(client),
        crate::output::utc(resets),
        match level {
            NoticeLevel::Warning =>
                "Requests still pass; at 100 % the sidecar refuses them with `budget_exceeded`.",
            NoticeLevel::Exceeded =>
                "The sidecar refuses this client's requests with 429 `budget_exceeded` until the budget renews, or raise it with `bizwings sidecar client set`.",
        }
    );
    notify::Message {
        source: "sidecar".into(),
        title: format!(
            "[{}] client {client} {what} its budget {budget}",
            severity.to_ascii_uppercase()
        ),
        severity: severity.into(),
        body,
        id: notify::message_id("sidecar", &labels, false),
        labels,
        resolved: false,
        links: Vec::new(),
        footer: "bizwings sidecar".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn budgets_read_and_print_back() {
        for (text, shown) in [
            ("20usd/day", "20usd/day"),
            ("$0.50/hour", "0.5usd/hour"),
            ("0.01USD/day", "0.01usd/day"),
            ("2M-tokens/month", "2M-tokens/month"),
            ("500k tokens/day", "500k-tokens/day"),
            ("1234tokens/h", "1234-tokens/hour"),
        ] {
            let b: Budget = text.parse().expect(text);
            assert_eq!(b.to_string(), shown);
            assert_eq!(b.to_string().parse::<Budget>().expect("again"), b);
        }
        assert_eq!(
            "0.01usd/day".parse::<Budget>().expect("usd").amount,
            10_000_000
        );
        for bad in [
            "20/day",
            "20usd",
            "20usd/week",
            "0usd/day",
            "-1usd/day",
            "xusd/day",
        ] {
            assert!(bad.parse::<Budget>().is_err(), "{bad}");
        }
    }

    #[test]
    fn periods_are_utc_hours_days_and_calendar_months() {
        // 2026-12-31T23:30:00Z
        let now = 1_798_759_800_000;
        assert_eq!(
            period_bounds(Period::Hour, now),
            (now - 1_800_000, now + 1_800_000)
        );
        assert_eq!(
            period_bounds(Period::Day, now),
            (now - 84_600_000, now + 1_800_000)
        );
        let (start, end) = period_bounds(Period::Month, now);
        // December: 31 days, ending at the new year.
        assert_eq!(end, now + 1_800_000);
        assert_eq!(end - start, 31 * DAY_MS);
    }

    #[test]
    fn a_budget_admits_until_used_up_and_reservations_count() {
        let (events, rx) = std::sync::mpsc::channel();
        let budget: Budget = "10-tokens/day".parse().expect("budget");
        let gate = Gate {
            name: "c".into(),
            rpm: 0,
            passthrough: false,
            bucket: Arc::new(Bucket::new(1.0)),
            meters: vec![Arc::new(Meter::new(
                "c".into(),
                budget,
                0,
                crate::state::now_ms(),
            ))],
            paused: None,
            metrics: crate::sidecar::request::metrics::Metrics::new().client_handles("c"),
            log_bodies: false,
        };
        let est = |tokens| Estimate {
            tokens,
            nano_usd: 0,
        };
        let why = |r: Result<Option<Arc<Hold>>, Refusal>| match r {
            Err(Refusal::Budget(b)) => Some(b.why),
            _ => None,
        };
        let first = gate.admit(est(4), 0, &events).expect("room").expect("hold");
        let second = gate
            .admit(est(4), 0, &events)
            .expect("4 of 10 reserved")
            .expect("hold");
        assert_eq!(
            why(gate.admit(est(4), 0, &events)),
            Some(Why::InFlight),
            "8 of 10 reserved: no room for 4 more until they settle"
        );
        assert_eq!(
            why(gate.admit(est(11), 0, &events)),
            Some(Why::TooLarge { asks: 11, left: 10 }),
            "more than the whole budget"
        );
        first.charge(0.0, 4);
        drop(first);
        second.charge(0.0, 4);
        drop(second);
        let view = gate.meters[0].view(crate::state::now_ms());
        assert_eq!((view.used, view.reserved), (8.0, Some(0.0)));
        // The notices among the journal's events (each reservation held, then released).
        let notices = || {
            rx.try_iter()
                .filter(|e| matches!(e, Event::Budget { .. }))
                .collect::<Vec<_>>()
        };
        let mut told = notices();
        assert_eq!(told.len(), 1, "{told:?}");
        let warning = told.remove(0);
        assert!(matches!(
            warning,
            Event::Budget {
                level: NoticeLevel::Warning,
                used: 8,
                ..
            }
        ));
        assert_eq!(
            why(gate.admit(est(4), 0, &events)),
            Some(Why::TooLarge { asks: 4, left: 2 }),
            "its own estimate counts"
        );
        let third = gate
            .admit(est(2), 0, &events)
            .expect("2 of 2")
            .expect("hold");
        third.charge(0.0, 3);
        drop(third);
        assert_eq!(why(gate.admit(est(1), 0, &events)), Some(Why::Spent));
        let told = notices();
        assert_eq!(told.len(), 1, "each level once: {told:?}");
        assert!(matches!(
            told[0],
            Event::Budget {
                level: NoticeLevel::Exceeded,
                ..
            }
        ));
    }
}
