//! The local half of the limits seam: this sidecar's own atomics decide. Used alone without
//! `--shared`, and by the fleet while Redis is away.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use super::backend::Cooldown;
use super::budget::{Estimate, Gate, Hold, Refusal};
use super::events::EventSender;
use super::limiter::Clock;
use super::route::{self, Channel, Pick};
use super::snapshot::{Backend, Route, Snapshot};

/// How backends cool and trickle: the same on every sidecar of a fleet.
#[derive(Debug, Clone, Copy)]
pub struct Policy {
    pub cooldown_base: Duration,
    pub cooldown_max: Duration,
    /// Failures (5xx, timeouts) in a row before a backend cools for `cooldown_base`.
    pub failure_threshold: u32,
    /// The emergency trickle's share of a provider's RPM.
    pub emergency_fraction: f64,
}

/// Limits counted on this sidecar.
#[derive(Debug, Clone)]
pub struct Local {
    pub clock: Clock,
    pub policy: Policy,
    /// Where each stored response lives.
    pub homes: Arc<Homes>,
}

/// Response ids → the provider that created them: bounded (the oldest go first) and expiring.
#[derive(Debug, Default)]
pub struct Homes {
    inner: Mutex<HomesInner>,
}

#[derive(Debug, Default)]
struct HomesInner {
    map: HashMap<String, (Arc<str>, Instant)>,
    /// Insertion order, for evicting the oldest.
    order: VecDeque<String>,
}

/// Ids kept at most, and for how long (providers keep stored responses about 30 days).
const HOMES_MAX: usize = 100_000;
pub const HOME_TTL: Duration = Duration::from_secs(30 * 86_400);

impl Homes {
    fn lock(&self) -> std::sync::MutexGuard<'_, HomesInner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub fn insert(&self, id: &str, provider: Arc<str>) {
        let mut h = self.lock();
        if h.map
            .insert(id.to_owned(), (provider, Instant::now() + HOME_TTL))
            .is_none()
        {
            h.order.push_back(id.to_owned());
        }
        while h.order.len() > HOMES_MAX {
            if let Some(old) = h.order.pop_front() {
                h.map.remove(&old);
            }
        }
    }

    pub fn get(&self, id: &str) -> Option<Arc<str>> {
        let h = self.lock();
        h.map
            .get(id)
            .filter(|(_, until)| *until > Instant::now())
            .map(|(p, _)| p.clone())
    }
}

impl Local {
    pub fn pick<'s>(
        &self,
        snap: &'s Snapshot,
        route: &Route,
        tried: &[usize],
        tokens: u64,
    ) -> Pick<'s> {
        route::pick(snap, route, self.clock.now_ns(), tried, tokens)
    }

    /// A 429: cool for `base * 2^(n-1)` (capped), or longer if the upstream asked. A 429 met
    /// by the emergency trickle is a probe, not traffic: it keeps the cooldown going without
    /// raising its level.
    pub fn cool(
        &self,
        backend: &Backend,
        channel: Channel,
        retry_after: Option<Duration>,
    ) -> Cooldown {
        let (now, p) = (self.clock.now_ns(), &self.policy);
        if channel == Channel::Emergency {
            backend.rt.on_trickle_429(now, p.cooldown_base, retry_after)
        } else {
            backend
                .rt
                .on_429(now, p.cooldown_base, p.cooldown_max, retry_after)
        }
    }

    /// A 5xx, timeout or broken connection: the failure streak, and the cooldown it started.
    pub fn failed(&self, backend: &Backend) -> (u32, Option<Cooldown>) {
        backend.rt.on_failure(
            self.clock.now_ns(),
            self.policy.failure_threshold,
            self.policy.cooldown_base,
        )
    }

    /// A good answer; whether it ended a run of 429s.
    #[expect(clippy::unused_self, reason = "one shape for every part of the seam")]
    pub fn succeeded(&self, backend: &Backend, channel: Channel) -> bool {
        backend.rt.on_success(channel == Channel::Emergency)
    }

    pub fn admit(
        &self,
        gate: &Gate,
        estimate: Estimate,
        events: &EventSender,
    ) -> Result<Option<Arc<Hold>>, Refusal> {
        gate.admit(estimate, self.clock.now_ns(), events)
    }
}
