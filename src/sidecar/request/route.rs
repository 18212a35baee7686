//! Choosing a backend for one attempt: pools in order; within a pool, round-robin over the
//! backends that are not cooling and have a token. Atomics only: no lock, no SQLite.

use std::sync::atomic::Ordering;
use std::time::Duration;

use super::backend::Availability;
use super::snapshot::{Backend, Route, Snapshot};

/// Which bucket paid for an attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    Normal,
    /// The emergency trickle, used only when every candidate is cooling.
    Emergency,
}

/// The outcome of one routing decision.
#[derive(Debug)]
pub enum Pick<'s> {
    Backend(usize, &'s Backend, Channel),
    /// Every usable candidate is only out of tokens: the earliest one refills after this.
    Wait(Duration),
    /// Nothing usable: every candidate is cooling (and out of trickle) or was already tried.
    /// `retry_after` is the time until the earliest cooldown ends, if any is running.
    Exhausted {
        retry_after: Option<Duration>,
    },
}

/// Picks a backend from `route`, skipping the indexes in `tried`. A provider at its
/// concurrency cap is skipped like one out of tokens; the place taken here is given back by
/// the attempt's `Slot`.
pub fn pick<'s>(
    snap: &'s Snapshot,
    route: &Route,
    now_ns: u64,
    tried: &[usize],
    tokens: u64,
) -> Pick<'s> {
    let start = route.next.fetch_add(1, Ordering::Relaxed);
    let mut earliest_token: Option<Duration> = None;
    let usable = |idx: &usize| {
        !tried.contains(idx)
            && !matches!(
                snap.backends[*idx].rt.state(now_ns),
                Availability::KeyRejected | Availability::Down
            )
    };
    for pool in &route.pools {
        let n = pool.len();
        for k in 0..n {
            let idx = pool[(start + k) % n];
            if !usable(&idx) {
                continue;
            }
            let b = &snap.backends[idx];
            if b.rt.cooling(now_ns) {
                continue;
            }
            // At its concurrency cap or out of TPM: skipped like out of RPM.
            if let Err(wait) = b.take_limits(tokens, now_ns) {
                earliest_token = Some(earliest_token.map_or(wait, |w| w.min(wait)));
                continue;
            }
            if b.rt.try_acquire(now_ns) {
                return Pick::Backend(idx, b, Channel::Normal);
            }
            b.give_back_limits(tokens, now_ns);
            let wait = b.rt.wait_time(now_ns);
            earliest_token = Some(earliest_token.map_or(wait, |w| w.min(wait)));
        }
    }
    if let Some(wait) = earliest_token {
        return Pick::Wait(wait);
    }
    // Everything left is cooling: trickle through the emergency buckets, in pool order.
    let mut retry_after: Option<Duration> = None;
    for pool in &route.pools {
        for idx in pool.iter().copied().filter(|i| usable(i)) {
            let b = &snap.backends[idx];
            if b.take_limits(tokens, now_ns).is_err() {
                continue;
            }
            if b.rt.try_acquire_emergency(now_ns) {
                return Pick::Backend(idx, b, Channel::Emergency);
            }
            b.give_back_limits(tokens, now_ns);
            let left = b.rt.cooldown_left(now_ns);
            if !left.is_zero() {
                retry_after = Some(retry_after.map_or(left, |r| r.min(left)));
            }
        }
    }
    Pick::Exhausted { retry_after }
}
