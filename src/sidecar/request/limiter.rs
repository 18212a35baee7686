//! A lock-free token bucket (GCRA): capacity = RPM, refilled at RPM/60 per second, held in one
//! `AtomicU64` so concurrent requests never take a lock. Times are nanoseconds since the
//! sidecar's start (`Clock`).

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Monotonic nanoseconds since a fixed start; cheap to read, shared by every bucket.
#[derive(Debug, Clone, Copy)]
pub struct Clock {
    start: Instant,
}

impl Clock {
    pub fn new() -> Self {
        Self {
            start: Instant::now(),
        }
    }

    pub fn now_ns(self) -> u64 {
        u64::try_from(self.start.elapsed().as_nanos()).unwrap_or(u64::MAX)
    }
}

impl Default for Clock {
    fn default() -> Self {
        Self::new()
    }
}

/// GCRA state: the theoretical arrival time of the next request. A request is allowed when
/// `tat - now <= burst`, after which `tat = max(tat, now) + interval`. Equivalent to a bucket
/// of `capacity` tokens refilled one per `interval`.
#[derive(Debug)]
pub struct Bucket {
    /// Theoretical arrival time, ns.
    tat: AtomicU64,
    /// Time one token is worth, ns.
    interval: AtomicU64,
    /// How far ahead of now `tat` may run: `interval * (capacity - 1)`, ns.
    burst: AtomicU64,
}

impl Bucket {
    /// A full bucket for `per_minute` requests per minute (at least one per minute).
    pub fn new(per_minute: f64) -> Self {
        let bucket = Self {
            tat: AtomicU64::new(0),
            interval: AtomicU64::new(0),
            burst: AtomicU64::new(0),
        };
        bucket.set_rate(per_minute);
        bucket
    }

    /// Changes the rate, keeping what was already used (a reload must not refill buckets).
    pub fn set_rate(&self, per_minute: f64) {
        let per_minute = per_minute.max(1.0);
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "positive and far below u64::MAX"
        )]
        let interval = (60e9 / per_minute) as u64;
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "capacity is a small positive count"
        )]
        let capacity = per_minute.floor().max(1.0) as u64;
        self.interval.store(interval.max(1), Ordering::Relaxed);
        self.burst
            .store(interval.saturating_mul(capacity - 1), Ordering::Relaxed);
    }

    /// Takes one token if available.
    pub fn try_acquire(&self, now_ns: u64) -> bool {
        self.try_acquire_n(1, now_ns)
    }

    /// Takes `n` tokens at once if available (more than the capacity: when the bucket is full).
    pub fn try_acquire_n(&self, n: u64, now_ns: u64) -> bool {
        let interval = self.interval.load(Ordering::Relaxed);
        let burst = self.burst.load(Ordering::Relaxed);
        let cost = interval.saturating_mul(n.max(1));
        // Beyond `burst` once the first token is taken; a request larger than the bucket needs
        // it full.
        let room = burst.saturating_sub(cost.saturating_sub(interval).min(burst));
        let mut tat = self.tat.load(Ordering::Relaxed);
        loop {
            let base = tat.max(now_ns);
            if base - now_ns > room {
                return false;
            }
            match self.tat.compare_exchange_weak(
                tat,
                base.saturating_add(cost),
                Ordering::AcqRel,
                Ordering::Relaxed,
            ) {
                Ok(_) => return true,
                Err(actual) => tat = actual,
            }
        }
    }

    /// Corrects an earlier `try_acquire_n` by `delta` tokens once the real count is known:
    /// more is taken even past empty (a debt that delays the next), less is given back.
    pub fn settle(&self, delta: i64, now_ns: u64) {
        let interval = self.interval.load(Ordering::Relaxed);
        let shift = interval.saturating_mul(delta.unsigned_abs());
        let _ = self
            .tat
            .fetch_update(Ordering::AcqRel, Ordering::Relaxed, |tat| {
                Some(if delta >= 0 {
                    tat.max(now_ns).saturating_add(shift)
                } else {
                    tat.saturating_sub(shift)
                })
            });
    }

    /// Takes one token spent elsewhere (the fleet's bucket granted it): like `try_acquire`, but
    /// an empty bucket stays empty rather than refusing, and never runs into debt.
    pub fn spend(&self, now_ns: u64) {
        let interval = self.interval.load(Ordering::Relaxed);
        let empty = now_ns.saturating_add(self.burst.load(Ordering::Relaxed) + interval);
        let _ = self
            .tat
            .fetch_update(Ordering::AcqRel, Ordering::Relaxed, |tat| {
                Some(tat.max(tat.max(now_ns).saturating_add(interval).min(empty)))
            });
    }

    /// How long until `n` tokens are available.
    pub fn wait_time_n(&self, n: u64, now_ns: u64) -> Duration {
        let interval = self.interval.load(Ordering::Relaxed);
        let burst = self.burst.load(Ordering::Relaxed);
        let room = burst.saturating_sub(interval.saturating_mul(n.max(1) - 1).min(burst));
        let tat = self.tat.load(Ordering::Relaxed);
        Duration::from_nanos(tat.saturating_sub(now_ns).saturating_sub(room))
    }

    /// How long until a token is available (zero when one is).
    pub fn wait_time(&self, now_ns: u64) -> Duration {
        let burst = self.burst.load(Ordering::Relaxed);
        let tat = self.tat.load(Ordering::Relaxed);
        Duration::from_nanos(tat.saturating_sub(now_ns).saturating_sub(burst))
    }

    /// Tokens available now (for dashboards), between 0 and capacity.
    pub fn available(&self, now_ns: u64) -> u64 {
        let interval = self.interval.load(Ordering::Relaxed).max(1);
        let burst = self.burst.load(Ordering::Relaxed);
        let used = self.tat.load(Ordering::Relaxed).saturating_sub(now_ns);
        (burst + interval).saturating_sub(used) / interval
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEC: u64 = 1_000_000_000;

    #[test]
    fn capacity_is_rpm_and_refills_rpm_per_minute() {
        let b = Bucket::new(60.0);
        let t0 = 100 * SEC;
        assert_eq!(b.available(t0), 60);
        for _ in 0..60 {
            assert!(b.try_acquire(t0));
        }
        assert!(
            !b.try_acquire(t0),
            "61st request in the same instant is refused"
        );
        assert_eq!(b.wait_time(t0), Duration::from_secs(1));
        assert!(!b.try_acquire(t0 + SEC / 2));
        assert!(b.try_acquire(t0 + SEC), "one token per second comes back");
        assert!(!b.try_acquire(t0 + SEC));
        assert_eq!(b.available(t0 + 61 * SEC), 60, "never more than capacity");
    }

    #[test]
    fn weighted_acquires_and_settling() {
        let b = Bucket::new(1000.0);
        let t0 = 100 * SEC;
        for _ in 0..10 {
            assert!(b.try_acquire_n(100, t0));
        }
        assert!(
            !b.try_acquire_n(100, t0),
            "1000 tokens a minute: ten of 100"
        );
        assert_eq!(b.wait_time_n(100, t0), Duration::from_secs(6));
        // Each used only 40: 600 come back.
        for _ in 0..10 {
            b.settle(-60, t0);
        }
        assert!(b.try_acquire_n(600, t0));
        assert!(!b.try_acquire_n(1, t0));
        // A request larger than the bucket passes only when it is full, and leaves a debt.
        let big = Bucket::new(100.0);
        assert!(big.try_acquire_n(500, t0));
        assert!(!big.try_acquire_n(1, t0 + 60 * SEC));
        assert!(big.try_acquire_n(1, t0 + 5 * 60 * SEC));
    }

    #[test]
    fn spending_elsewhere_empties_the_bucket_without_a_debt() {
        let b = Bucket::new(60.0);
        let t0 = 100 * SEC;
        for _ in 0..59 {
            b.spend(t0);
        }
        assert!(b.try_acquire(t0), "59 spent elsewhere leave one");
        for _ in 0..1000 {
            b.spend(t0);
        }
        assert!(!b.try_acquire(t0));
        assert!(
            b.try_acquire(t0 + SEC),
            "however much was spent, one second refills one token"
        );
    }

    #[test]
    fn rate_change_keeps_usage() {
        let b = Bucket::new(10.0);
        for _ in 0..10 {
            assert!(b.try_acquire(0));
        }
        b.set_rate(20.0);
        assert!(!b.try_acquire(0), "a reload does not refill the bucket");
    }

    #[test]
    fn fractional_rates_allow_one_request() {
        let b = Bucket::new(0.5);
        assert!(b.try_acquire(SEC));
        assert!(!b.try_acquire(SEC));
    }

    #[test]
    fn concurrent_acquires_never_exceed_capacity() {
        let b = std::sync::Arc::new(Bucket::new(1000.0));
        let granted = std::sync::atomic::AtomicU64::new(0);
        std::thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| {
                    for _ in 0..1000 {
                        if b.try_acquire(5 * SEC) {
                            granted.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                });
            }
        });
        assert_eq!(granted.load(Ordering::Relaxed), 1000);
    }
}
