//! The live state of one upstream key: token buckets, cooldown, failure streaks, probe health
//! and a rejected key. All atomics, private, changed only through the `on_*` methods, and
//! classified in one place ([`BackendState::state`]) that routing, metrics, the health
//! endpoint and the dashboard share. Kept across snapshots: a reload changes the
//! configuration, not what was used.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU8, AtomicU32, AtomicU64, Ordering};
use std::time::Duration;

use serde::Serialize;

use super::cooldown;
use super::limiter::{Bucket, Clock};

/// Probe failures in a row before a provider counts as degraded, and as down (not routed).
const DEGRADED_AFTER: u32 = 2;
const DOWN_AFTER: u32 = 3;
/// Probe successes in a row before a degraded or down provider is healthy again.
const HEALTHY_AFTER: u32 = 2;

/// What the active probe last concluded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Health {
    Healthy,
    Degraded,
    Down,
}

impl Health {
    pub fn text(self) -> &'static str {
        match self {
            Self::Healthy => "healthy",
            Self::Degraded => "degraded",
            Self::Down => "down",
        }
    }

    fn from_u8(v: u8) -> Self {
        match v {
            1 => Self::Degraded,
            2 => Self::Down,
            _ => Self::Healthy,
        }
    }

    fn to_u8(self) -> u8 {
        match self {
            Self::Healthy => 0,
            Self::Degraded => 1,
            Self::Down => 2,
        }
    }
}

/// Whether a backend can take a request now: the one classification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Availability {
    /// The upstream answered 401/403: skipped until the key changes.
    KeyRejected,
    /// The probe found it down: skipped until it recovers.
    Down,
    /// In a cooldown after 429s or failures: only the emergency trickle.
    Cooling,
    Available,
}

impl Availability {
    pub fn text(self) -> &'static str {
        match self {
            Self::KeyRejected => "key_rejected",
            Self::Down => "down",
            Self::Cooling => "cooling",
            Self::Available => "available",
        }
    }
}

/// A cooldown that just started, for the log and the DB.
#[derive(Debug, Clone, Copy)]
pub struct Cooldown {
    /// 429s in a row (0 for a failure cooldown).
    pub consecutive: u32,
    pub duration: Duration,
}

/// Mutable per-backend state.
#[derive(Debug)]
pub struct BackendState {
    bucket: Bucket,
    /// The emergency trickle: its own bucket, so using it never shrinks the normal one.
    emergency: Bucket,
    /// End of the current cooldown in `Clock` ns; 0 when not cooling.
    cooldown_until_ns: AtomicU64,
    /// A cooldown-started event was written and its end is not yet written.
    cooling_logged: AtomicBool,
    consecutive_429: AtomicU32,
    consecutive_failures: AtomicU32,
    health: AtomicU8,
    probe_failures: AtomicU32,
    probe_successes: AtomicU32,
    key_rejected: AtomicBool,
    /// Requests in flight, counted only for a provider with a concurrency cap.
    in_flight: AtomicU32,
    /// Tokens per minute, for a provider with a TPM limit: each request reserves its
    /// estimate, settled with its real usage.
    tokens: Bucket,
    /// Sidecars its RPM is shared among while routing locally in a fleet (1: alone).
    members: AtomicU32,
    /// The operator's last `provider cooldown clear` (unix ms) this state has applied.
    cleared_at_ms: std::sync::atomic::AtomicI64,
}

/// Tokens reserved on a provider's TPM bucket for one request.
pub struct Reservation {
    rt: Arc<BackendState>,
    reserved: u64,
}

impl Reservation {
    /// Settles with what the request really used.
    pub fn settle(&self, used: u64, now_ns: u64) {
        let delta = i64::try_from(used).unwrap_or(i64::MAX)
            - i64::try_from(self.reserved).unwrap_or(i64::MAX);
        self.rt.tokens.settle(delta, now_ns);
    }
}

/// A request in flight on a capped provider: gives its place back when dropped (the answer
/// is complete, or the client left).
#[derive(Debug)]
pub struct Slot(Arc<BackendState>);

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::AcqRel);
    }
}

impl BackendState {
    /// Takes a place among `max` requests in flight (`max` 0: no cap, nothing counted).
    pub fn try_enter(&self, max: u32) -> bool {
        max == 0
            || self
                .in_flight
                .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
                    (n < max).then_some(n + 1)
                })
                .is_ok()
    }

    /// Gives back a place taken by `try_enter` that no request used.
    pub fn leave(&self, max: u32) {
        if max > 0 {
            self.in_flight.fetch_sub(1, Ordering::AcqRel);
        }
    }

    /// The place `try_enter` took, as a guard that gives it back (`None` without a cap).
    pub fn slot(self: &Arc<Self>, max: u32) -> Option<Slot> {
        (max > 0).then(|| Slot(self.clone()))
    }

    /// Sets the tokens-per-minute limit (0: none), keeping what was already used.
    pub fn set_tpm(&self, tpm: u32) {
        if tpm > 0 {
            self.tokens.set_rate(f64::from(tpm));
        }
    }

    /// Reserves `n` tokens of a TPM limit (`tpm` 0: no limit, nothing reserved).
    pub fn try_reserve(&self, tpm: u32, n: u64, now_ns: u64) -> bool {
        tpm == 0 || self.tokens.try_acquire_n(n, now_ns)
    }

    /// Gives back a reservation no request used.
    pub fn unreserve(&self, tpm: u32, n: u64, now_ns: u64) {
        if tpm > 0 {
            self.tokens
                .settle(-i64::try_from(n).unwrap_or(i64::MAX), now_ns);
        }
    }

    /// How long until `n` tokens are free.
    pub fn token_wait(&self, n: u64, now_ns: u64) -> Duration {
        self.tokens.wait_time_n(n, now_ns)
    }

    /// The reservation `try_reserve` made, to settle once usage is known (`None`: no limit).
    pub fn reservation(self: &Arc<Self>, tpm: u32, n: u64) -> Option<Reservation> {
        (tpm > 0).then(|| Reservation {
            rt: self.clone(),
            reserved: n,
        })
    }

    /// Whether a capped provider is full.
    pub fn full(&self, max: u32) -> bool {
        max > 0 && self.in_flight.load(Ordering::Acquire) >= max
    }

    pub fn new(rpm: u32, emergency_fraction: f64) -> Self {
        Self {
            bucket: Bucket::new(f64::from(rpm)),
            emergency: Bucket::new(f64::from(rpm) * emergency_fraction),
            cooldown_until_ns: AtomicU64::new(0),
            cooling_logged: AtomicBool::new(false),
            consecutive_429: AtomicU32::new(0),
            consecutive_failures: AtomicU32::new(0),
            health: AtomicU8::new(Health::Healthy.to_u8()),
            probe_failures: AtomicU32::new(0),
            probe_successes: AtomicU32::new(0),
            key_rejected: AtomicBool::new(false),
            in_flight: AtomicU32::new(0),
            tokens: Bucket::new(1.0),
            members: AtomicU32::new(1),
            cleared_at_ms: std::sync::atomic::AtomicI64::new(0),
        }
    }

    /// Ends the cooldown and its streaks when the operator cleared it since the last time this
    /// state looked (`cleared_at_ms` from the DB); the end is written like any other.
    pub fn clear_cooldown_since(&self, cleared_at_ms: i64) {
        if self
            .cleared_at_ms
            .fetch_max(cleared_at_ms, Ordering::Relaxed)
            >= cleared_at_ms
        {
            return;
        }
        self.cooldown_until_ns.store(0, Ordering::Relaxed);
        self.consecutive_429.store(0, Ordering::Relaxed);
        self.consecutive_failures.store(0, Ordering::Relaxed);
    }

    /// Carries over a cooldown stored in the DB that is still running: a restart must not
    /// forget it.
    pub fn restore_cooldown(&self, clock: Clock, left: Duration, consecutive_429: u32) {
        let left_ns = u64::try_from(left.as_nanos()).unwrap_or(u64::MAX);
        self.cooldown_until_ns
            .store(clock.now_ns().saturating_add(left_ns), Ordering::Relaxed);
        self.cooling_logged.store(true, Ordering::Relaxed);
        self.consecutive_429
            .store(consecutive_429, Ordering::Relaxed);
    }

    /// A reload: the RPM may have changed (a fleet member keeps to its share of it), and a
    /// rotated key gets a fresh chance.
    pub fn reconfigure(&self, rpm: u32, emergency_fraction: f64) {
        self.set_rate(rpm, emergency_fraction);
        self.key_rejected.store(false, Ordering::Relaxed);
    }

    /// Shared mode: this sidecar's part (÷ `members`) of the provider's RPM, for routing while
    /// Redis is away; kept across reloads.
    pub fn set_share(&self, rpm: u32, members: u32, emergency_fraction: f64) {
        self.members.store(members.max(1), Ordering::Relaxed);
        self.set_rate(rpm, emergency_fraction);
    }

    fn set_rate(&self, rpm: u32, emergency_fraction: f64) {
        let share = (rpm / self.members.load(Ordering::Relaxed).max(1)).max(1);
        self.bucket.set_rate(f64::from(share));
        self.emergency
            .set_rate(f64::from(share) * emergency_fraction);
    }

    /// A cooldown decided elsewhere (the fleet): cool for `left` from `now_ns`.
    pub fn cool_for(&self, now_ns: u64, left: Duration) {
        self.cool(now_ns, left);
    }

    /// The one classification, in order of precedence.
    pub fn state(&self, now_ns: u64) -> Availability {
        if self.key_rejected.load(Ordering::Relaxed) {
            Availability::KeyRejected
        } else if self.health() == Health::Down {
            Availability::Down
        } else if self.cooling(now_ns) {
            Availability::Cooling
        } else {
            Availability::Available
        }
    }

    /// Whether a cooldown is running at `now_ns`.
    pub fn cooling(&self, now_ns: u64) -> bool {
        self.cooldown_until_ns.load(Ordering::Relaxed) > now_ns
    }

    /// Time left in the cooldown.
    pub fn cooldown_left(&self, now_ns: u64) -> Duration {
        Duration::from_nanos(
            self.cooldown_until_ns
                .load(Ordering::Relaxed)
                .saturating_sub(now_ns),
        )
    }

    pub fn health(&self) -> Health {
        Health::from_u8(self.health.load(Ordering::Relaxed))
    }

    /// Takes one token of the RPM bucket.
    pub fn try_acquire(&self, now_ns: u64) -> bool {
        self.bucket.try_acquire(now_ns)
    }

    /// A token the fleet granted: the local buckets (this sidecar's share, used while Redis is
    /// away) count it too, so a Redis hiccup does not open a fresh burst on a busy sidecar.
    pub fn spent_in_fleet(&self, now_ns: u64, emergency: bool) {
        if emergency {
            self.emergency.spend(now_ns);
        } else {
            self.bucket.spend(now_ns);
        }
    }

    /// Time until the RPM bucket has a token.
    pub fn wait_time(&self, now_ns: u64) -> Duration {
        self.bucket.wait_time(now_ns)
    }

    /// Takes one token of the emergency trickle.
    pub fn try_acquire_emergency(&self, now_ns: u64) -> bool {
        self.emergency.try_acquire(now_ns)
    }

    /// Tokens in the RPM bucket now.
    pub fn tokens_available(&self, now_ns: u64) -> u64 {
        self.bucket.available(now_ns)
    }

    /// A 429: cool down for `base * 2^(n-1)` (capped), or longer if the upstream asked.
    pub fn on_429(
        &self,
        now_ns: u64,
        base: Duration,
        cap: Duration,
        retry_after: Option<Duration>,
    ) -> Cooldown {
        let n = self.consecutive_429.fetch_add(1, Ordering::Relaxed) + 1;
        let computed = cooldown::duration(base, cap, n);
        let duration = retry_after.map_or(computed, |r| r.max(computed));
        self.cool(now_ns, duration);
        Cooldown {
            consecutive: n,
            duration,
        }
    }

    /// A 429 met by the emergency trickle while cooling: keep cooling for `base` (or what the
    /// upstream asked), without raising the level, so that a storm the trickle keeps probing
    /// does not push the cooldown to its cap.
    pub fn on_trickle_429(
        &self,
        now_ns: u64,
        base: Duration,
        retry_after: Option<Duration>,
    ) -> Cooldown {
        let duration = retry_after.map_or(base, |r| r.max(base));
        self.cool(now_ns, duration);
        Cooldown {
            consecutive: self.consecutive_429.load(Ordering::Relaxed),
            duration,
        }
    }

    /// A 5xx, timeout or broken connection. After `threshold` in a row the backend cools for
    /// `base` and the streak starts over; returns that cooldown, and the streak length.
    pub fn on_failure(
        &self,
        now_ns: u64,
        threshold: u32,
        base: Duration,
    ) -> (u32, Option<Cooldown>) {
        let n = self.consecutive_failures.fetch_add(1, Ordering::Relaxed) + 1;
        if n < threshold {
            return (n, None);
        }
        self.consecutive_failures.store(0, Ordering::Relaxed);
        self.cool(now_ns, base);
        (
            n,
            Some(Cooldown {
                consecutive: 0,
                duration: base,
            }),
        )
    }

    /// A good answer: streaks end. One that came through the emergency trickle also ends the
    /// cooldown: the provider is back, and full traffic resumes at once instead of after the
    /// (possibly capped) cooldown. Returns whether a run of 429s ended.
    pub fn on_success(&self, via_trickle: bool) -> bool {
        self.consecutive_failures.store(0, Ordering::Relaxed);
        if via_trickle {
            self.cooldown_until_ns.store(0, Ordering::Relaxed);
        }
        self.consecutive_429.swap(0, Ordering::Relaxed) > 0
    }

    /// 401/403: the key is refused; skip the backend until a reload.
    pub fn on_key_rejected(&self) {
        self.key_rejected.store(true, Ordering::Relaxed);
    }

    /// A probe result; returns the health before and after it.
    pub fn on_probe(&self, ok: bool) -> (Health, Health) {
        let before = self.health();
        let after = if ok {
            self.probe_failures.store(0, Ordering::Relaxed);
            let successes = self.probe_successes.fetch_add(1, Ordering::Relaxed) + 1;
            if before == Health::Healthy || successes >= HEALTHY_AFTER {
                Health::Healthy
            } else {
                before
            }
        } else {
            self.probe_successes.store(0, Ordering::Relaxed);
            let failures = self.probe_failures.fetch_add(1, Ordering::Relaxed) + 1;
            if failures >= DOWN_AFTER {
                Health::Down
            } else if failures >= DEGRADED_AFTER {
                Health::Degraded
            } else {
                before
            }
        };
        self.health.store(after.to_u8(), Ordering::Relaxed);
        (before, after)
    }

    /// Probe failures and successes in a row.
    pub fn probe_streaks(&self) -> (u32, u32) {
        (
            self.probe_failures.load(Ordering::Relaxed),
            self.probe_successes.load(Ordering::Relaxed),
        )
    }

    /// True once per cooldown, when it has run out and its start was recorded: time to
    /// record its end.
    pub fn take_ended_cooldown(&self, now_ns: u64) -> bool {
        !self.cooling(now_ns) && self.cooling_logged.swap(false, Ordering::Relaxed)
    }

    fn cool(&self, now_ns: u64, duration: Duration) {
        let until = now_ns.saturating_add(u64::try_from(duration.as_nanos()).unwrap_or(u64::MAX));
        self.cooldown_until_ns.fetch_max(until, Ordering::Relaxed);
        self.cooling_logged.store(true, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classification_precedence() {
        let b = BackendState::new(60, 0.1);
        assert_eq!(b.state(0), Availability::Available);
        let c = b.on_429(0, Duration::from_secs(30), Duration::from_secs(600), None);
        assert_eq!((c.consecutive, c.duration.as_secs()), (1, 30));
        assert_eq!(b.state(1), Availability::Cooling);
        for _ in 0..DOWN_AFTER {
            b.on_probe(false);
        }
        assert_eq!(b.state(1), Availability::Down);
        b.on_key_rejected();
        assert_eq!(b.state(1), Availability::KeyRejected);
        b.reconfigure(60, 0.1);
        assert_eq!(b.state(1), Availability::Down);
    }

    #[test]
    fn cooldowns_escalate_and_reset() {
        let b = BackendState::new(60, 0.1);
        let base = Duration::from_secs(30);
        let cap = Duration::from_secs(600);
        assert_eq!(b.on_429(0, base, cap, None).duration.as_secs(), 30);
        assert_eq!(b.on_429(0, base, cap, None).duration.as_secs(), 60);
        assert!(b.on_success(false), "a 429 streak ended");
        assert!(
            b.cooling(1),
            "a success by normal traffic does not end a cooldown"
        );
        b.on_success(true);
        assert!(!b.cooling(1), "a trickle success does");
        assert_eq!(b.on_429(0, base, cap, None).duration.as_secs(), 30);
        assert_eq!(
            b.on_429(0, base, cap, Some(Duration::from_secs(900)))
                .duration
                .as_secs(),
            900,
            "Retry-After wins when longer"
        );
        assert_eq!(b.on_failure(0, 3, base).1.map(|c| c.duration), None);
        assert_eq!(b.on_failure(0, 3, base).1.map(|c| c.duration), None);
        assert_eq!(b.on_failure(0, 3, base).1.map(|c| c.duration), Some(base));
    }
}
