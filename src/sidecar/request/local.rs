//! The local half of the limits seam: this sidecar's own atomics decide. Used alone without
//! `--shared`, and by the fleet while Redis is away.

use std::sync::Arc;
use std::time::Duration;

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
#[derive(Debug, Clone, Copy)]
pub struct Local {
    pub clock: Clock,
    pub policy: Policy,
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
