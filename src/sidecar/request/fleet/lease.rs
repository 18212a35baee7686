//! Leased budget slices. Admitting a budgeted request in Redis and settling it there was most
//! of the Redis work of a budgeted request in a fleet. For a busy client the sidecar instead
//! reserves a slice of each of its budgets for itself (one reservation in Redis, renewed in
//! the background) and admits the client's requests against it here; what they used reaches
//! the fleet's count with each renewal, a few times a second.
//!
//! A slice is at most what is left ÷ (2 × members) and is granted only while that is worth
//! [`MIN_REQUESTS`] of the client's largest requests: close to a limit every request is
//! admitted in Redis one by one as before, so serial requests still stop exactly at it. A
//! slice lapses in Redis when its sidecar dies ([`LAPSES`]), and is given back once its client
//! has been quiet for [`IDLE_MS`] (or the sidecar stops).

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use crate::sidecar::request::budget::{Elsewhere, FleetBudget, Meter};
use crate::sidecar::request::events::EventSender;

/// A slice must hold at least this many of the client's largest requests to be worth leasing.
pub const MIN_REQUESTS: u64 = 16;
/// How long a slice counts in Redis without a renewal (and in ms, for the clock here).
pub const LAPSES: Duration = Duration::from_secs(30);
const LAPSES_MS: i64 = 30_000;
/// How often the keeper looks at the leases (and sooner when one runs low).
pub const TICK: Duration = Duration::from_millis(100);
/// A client quiet for this long gives its slice back.
const IDLE_MS: i64 = 2_000;
/// What the client's requests used goes to Redis at least this often.
const REPORT_MS: i64 = 250;
/// Calls for one lease are at least this far apart (a renewal on its way is not repeated).
const GAP_MS: i64 = 20;
/// After Redis could not be asked, or would not grant a slice, the next try waits this long.
const RETRY_MS: i64 = 1_000;

/// One client's slices of its budgets (of one period each) on this sidecar.
pub struct Lease {
    pub client: Arc<str>,
    /// The budgets and periods it was taken for (`reserved` and `seed`: as first seen).
    pub budgets: Vec<FleetBudget>,
    /// This sidecar's meters of the same budgets, told what the fleet has used.
    pub meters: Vec<Arc<Meter>>,
    /// Where the levels first reached in the fleet are told.
    pub events: EventSender,
    /// Its reservation's id in Redis.
    pub id: String,
    state: Mutex<State>,
}

/// Per budget (in the budget's unit), and when things happened (unix ms).
struct State {
    /// Requests may draw on the slice: one beyond what was in flight was granted.
    open: bool,
    /// What Redis holds reserved for this lease.
    slice: Vec<u64>,
    /// Drawn from the slice: the estimates of the requests in flight, plus what the settled
    /// ones used since the last renewal.
    drawn: Vec<u64>,
    /// What the settled requests used since the last renewal.
    settled: Vec<u64>,
    /// Estimates drawn since the last renewal: how big the next slice should be.
    demand: Vec<u64>,
    /// The largest estimate seen: the smallest slice worth having is a few of these.
    largest: Vec<u64>,
    /// Requests that asked since the last renewal, drawn or not.
    asks: u32,
    last_ask_ms: i64,
    /// No renewal before this.
    next_call_ms: i64,
    last_report_ms: i64,
    renew_at_ms: i64,
    open_until_ms: i64,
    /// A renewal is on its way.
    reporting: bool,
    /// Replaced (a new period, a changed budget): only given back.
    retired: bool,
}

/// What one renewal tells Redis, per budget: what the settled requests used, the slice it
/// replaces, what is still in flight (reserved again whatever happens), how much more is
/// wanted, and the least worth granting.
pub struct Report {
    pub consumed: Vec<u64>,
    pub old: Vec<u64>,
    pub in_flight: Vec<u64>,
    pub want: Vec<u64>,
    pub min: Vec<u64>,
}

impl Lease {
    pub fn new(
        client: Arc<str>,
        budgets: &[FleetBudget],
        meters: Vec<Arc<Meter>>,
        events: EventSender,
        id: String,
    ) -> Self {
        let zero = vec![0; budgets.len()];
        Self {
            client,
            budgets: budgets.to_vec(),
            meters,
            events,
            id,
            state: Mutex::new(State {
                open: false,
                slice: zero.clone(),
                drawn: zero.clone(),
                settled: zero.clone(),
                demand: zero.clone(),
                largest: zero,
                asks: 0,
                last_ask_ms: 0,
                next_call_ms: 0,
                last_report_ms: 0,
                renew_at_ms: 0,
                open_until_ms: 0,
                reporting: false,
                retired: false,
            }),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Whether a request with these budgets (same limits, same periods) may draw on it.
    pub fn fits(&self, budgets: &[FleetBudget]) -> bool {
        self.budgets.len() == budgets.len()
            && self
                .budgets
                .iter()
                .zip(budgets)
                .all(|(a, b)| a.budget == b.budget && a.period_start_ms == b.period_start_ms)
    }

    /// Draws a request's estimates (`reserved`) from the slices: `None` when there is no room
    /// (the request is admitted in Redis instead), else whether the lease runs low.
    pub fn draw(&self, budgets: &[FleetBudget], now_ms: i64) -> Option<bool> {
        let mut s = self.lock();
        let s = &mut *s;
        s.asks = s.asks.saturating_add(1);
        s.last_ask_ms = now_ms;
        for (l, b) in s.largest.iter_mut().zip(budgets) {
            *l = (*l).max(b.reserved);
        }
        let room = |(b, (d, sl)): (&FleetBudget, (&u64, &u64))| d + b.reserved <= *sl;
        if !s.open
            || s.retired
            || now_ms >= s.open_until_ms
            || !budgets.iter().zip(s.drawn.iter().zip(&s.slice)).all(room)
        {
            return None;
        }
        for ((d, w), b) in s.drawn.iter_mut().zip(&mut s.demand).zip(budgets) {
            *d += b.reserved;
            *w += b.reserved;
        }
        Some(s.drawn.iter().zip(&s.slice).any(|(d, sl)| d * 2 > *sl))
    }

    /// A request that drew `reserved` is over and used `used`.
    fn settle(&self, reserved: &[u64], used: &[u64]) {
        let mut s = self.lock();
        let s = &mut *s;
        for (i, (r, u)) in reserved.iter().zip(used).enumerate() {
            s.drawn[i] = s.drawn[i].saturating_sub(*r).saturating_add(*u);
            s.settled[i] = s.settled[i].saturating_add(*u);
        }
    }

    /// What the settled requests used that Redis has not counted yet (or is counting now).
    pub fn unreported(&self) -> Vec<u64> {
        self.lock().settled.clone()
    }

    /// Replaced by a lease for other budgets or periods: it only gives its slice back.
    pub fn retire(&self) {
        self.lock().retired = true;
    }

    /// The renewal due now, if any (then marked as on its way).
    pub fn due(&self, now_ms: i64) -> Option<Report> {
        let mut s = self.lock();
        let s = &mut *s;
        if s.reporting || now_ms < s.next_call_ms {
            return None;
        }
        let quiet = s.retired || now_ms - s.last_ask_ms >= IDLE_MS;
        let holds = s.slice.iter().chain(&s.settled).any(|&x| x > 0);
        let due = if quiet {
            holds
        } else if s.open {
            s.drawn.iter().zip(&s.slice).any(|(d, sl)| d * 2 > *sl)
                || (s.settled.iter().any(|&x| x > 0) && now_ms - s.last_report_ms >= REPORT_MS)
                || now_ms >= s.renew_at_ms
        } else {
            // Not leased yet: worth it once a second request came while the first was known.
            s.asks >= 2 || (holds && now_ms - s.last_report_ms >= REPORT_MS)
        };
        if !due {
            return None;
        }
        s.reporting = true;
        let in_flight = s
            .drawn
            .iter()
            .zip(&s.settled)
            .map(|(d, u)| d.saturating_sub(*u))
            .collect();
        let (want, min) = if quiet {
            (vec![0; s.slice.len()], vec![0; s.slice.len()])
        } else {
            let least = |l: &u64| l.saturating_mul(MIN_REQUESTS).max(1);
            let want = s
                .demand
                .iter()
                .zip(&s.largest)
                .map(|(d, l)| d.saturating_mul(2).max(least(l)))
                .collect();
            (want, s.largest.iter().map(least).collect())
        };
        s.demand.iter_mut().for_each(|d| *d = 0);
        s.asks = 0;
        Some(Report {
            consumed: s.settled.clone(),
            old: s.slice.clone(),
            in_flight,
            want,
            min,
        })
    }

    /// Redis took `report` and now holds `slice` for this lease; `granted`: more than what was
    /// in flight, so requests may draw again.
    pub fn renewed(&self, report: &Report, slice: Vec<u64>, granted: bool, now_ms: i64) {
        let mut s = self.lock();
        let s = &mut *s;
        for (i, c) in report.consumed.iter().enumerate() {
            s.settled[i] = s.settled[i].saturating_sub(*c);
            s.drawn[i] = s.drawn[i].saturating_sub(*c);
        }
        s.slice = slice;
        s.open = granted && report.want.iter().any(|&w| w > 0);
        s.reporting = false;
        s.last_report_ms = now_ms;
        s.next_call_ms = now_ms + if s.open { GAP_MS } else { RETRY_MS };
        s.renew_at_ms = now_ms + LAPSES_MS / 3;
        s.open_until_ms = now_ms + LAPSES_MS * 2 / 3;
    }

    /// Redis could not be asked: tried again later; draws go on until the slice would lapse.
    pub fn failed(&self, now_ms: i64) {
        let mut s = self.lock();
        s.reporting = false;
        s.next_call_ms = now_ms + RETRY_MS;
    }

    /// Nothing held, nothing in flight, nothing to report, and no use for it now: forgotten.
    pub fn finished(&self, now_ms: i64) -> bool {
        let s = self.lock();
        !s.reporting
            && !s.open
            && (s.retired || now_ms - s.last_ask_ms >= IDLE_MS)
            && s.slice
                .iter()
                .chain(&s.drawn)
                .chain(&s.settled)
                .all(|&x| x == 0)
    }
}

/// A request admitted on a lease: its estimates, replaced by what it used when it settles.
pub struct Drawn {
    pub lease: Arc<Lease>,
    pub reserved: Vec<u64>,
}

impl Elsewhere for Drawn {
    fn settle(self: Box<Self>, used: (u64, u64), _events: &EventSender) {
        let used: Vec<u64> = self
            .lease
            .budgets
            .iter()
            .map(|b| b.budget.unit.of(used))
            .collect();
        self.lease.settle(&self.reserved, &used);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::clients::Budget;

    fn budgets(estimate: u64) -> Vec<FleetBudget> {
        let budget: Budget = "10usd/day".parse().expect("budget");
        vec![FleetBudget {
            budget,
            period_start_ms: 0,
            period_end_ms: 86_400_000,
            reserved: estimate,
            seed: 0,
        }]
    }

    fn lease() -> Lease {
        let (events, _) = std::sync::mpsc::channel();
        Lease::new("c".into(), &budgets(0), Vec::new(), events, "id".into())
    }

    #[test]
    fn a_lease_is_asked_for_on_the_second_request_and_drawn_on_once_granted() {
        let l = lease();
        assert_eq!(l.draw(&budgets(10), 1_000), None, "nothing granted yet");
        assert!(l.due(1_000).is_none(), "one request is not worth a lease");
        assert_eq!(l.draw(&budgets(10), 1_010), None);
        let r = l.due(1_010).expect("asked for");
        assert_eq!((r.in_flight[0], r.want[0], r.min[0]), (0, 160, 160));
        l.renewed(&r, vec![160], true, 1_020);
        for _ in 0..8 {
            assert_eq!(l.draw(&budgets(10), 1_030), Some(false));
        }
        assert_eq!(
            l.draw(&budgets(10), 1_030),
            Some(true),
            "past half: renew early"
        );
        // Settling replaces the estimates with what was used, which the next renewal reports.
        l.settle(&[10], &[4]);
        l.settle(&[10], &[4]);
        assert_eq!(l.draw(&budgets(10), 1_040), Some(true), "88 of 160");
        let r = l.due(1_050).expect("running low");
        assert_eq!((r.consumed[0], r.in_flight[0], r.old[0]), (8, 80, 160));
        assert_eq!(r.want[0], 200, "twice the demand since the last renewal");
        // Drawing goes on while the renewal is on its way; its answer keeps those draws.
        assert_eq!(l.draw(&budgets(10), 1_060), Some(true));
        assert!(l.due(1_060).is_none(), "one renewal at a time");
        l.renewed(&r, vec![80 + 200], true, 1_070);
        assert_eq!(l.draw(&budgets(10), 1_080), Some(false), "100 of 280");
    }

    #[test]
    fn a_refused_slice_leaves_only_what_is_in_flight_and_a_quiet_client_gives_it_back() {
        let l = lease();
        l.draw(&budgets(10), 0);
        l.draw(&budgets(10), 0);
        let r = l.due(0).expect("asked for");
        l.renewed(&r, vec![160], true, 0);
        assert_eq!(l.draw(&budgets(10), 10), Some(false));
        assert_eq!(l.draw(&budgets(10), 10), Some(false));
        // The periodic renewal, near the limit: Redis keeps only what is in flight reserved.
        let r = l.due(LAPSES_MS / 3).expect("renewal");
        assert_eq!(r.in_flight[0], 20);
        l.renewed(&r, vec![20], false, LAPSES_MS / 3);
        assert_eq!(l.draw(&budgets(10), LAPSES_MS / 3), None, "no more draws");
        l.settle(&[10], &[3]);
        l.settle(&[10], &[3]);
        let later = LAPSES_MS / 3 + IDLE_MS;
        assert!(!l.finished(later), "something to report");
        // Quiet for IDLE_MS: the settled use is reported and the slice given back.
        let r = l.due(later).expect("give back");
        assert_eq!((r.consumed[0], r.in_flight[0], r.want[0]), (6, 0, 0));
        l.renewed(&r, vec![0], true, later);
        assert!(l.finished(later));
    }
}
