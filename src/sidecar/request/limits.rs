//! The one seam between the request path and where its counts live. [`Limits`] is chosen once
//! at start: [`Local`] (this sidecar's atomics) or [`Fleet`] (the fleet's Redis, falling back
//! to the local counts while Redis is away). The request path asks it what it needs — pick a
//! backend, cool it, count a failure or a success, mark a key rejected, reserve tokens, admit
//! a client — and never asks which mode it is in.
//!
//! The fleet's calls are boxed: their Redis futures, inline, made every request's future ~1 KiB
//! larger (it is allocated and moved whole per request), in local mode too; a fleet request
//! pays a small allocation beside its round trip.

use std::sync::Arc;
use std::time::Duration;

use super::backend::{Cooldown, Reservation};
use super::budget::{Estimate, Gate, Hold, Refusal};
use super::error::Error;
use super::events::EventSender;
pub use super::fleet::Denied;
use super::fleet::{Fleet, Settlement};
use super::local::Local;
use super::route::{Channel, Pick};
use super::snapshot::{Backend, Route, Snapshot};

/// Where limits and cooldowns are counted.
#[derive(Clone)]
pub enum Limits {
    Local(Local),
    Fleet(Arc<Fleet>),
}

impl Limits {
    fn local(&self) -> &Local {
        match self {
            Self::Local(local) => local,
            Self::Fleet(fleet) => fleet.local(),
        }
    }

    /// A client request arrived (the fleet lists each member's rate).
    pub fn arrived(&self) {
        if let Self::Fleet(fleet) = self {
            fleet.arrived();
        }
    }

    /// One routing decision among the candidates of `route` not yet `tried`.
    pub async fn pick<'s>(
        &self,
        snap: &'s Snapshot,
        route: &Route,
        tried: &[usize],
        tokens: u64,
    ) -> Result<Pick<'s>, Error> {
        match self {
            Self::Local(local) => Ok(local.pick(snap, route, tried, tokens)),
            Self::Fleet(fleet) => Box::pin(fleet.pick(snap, route, tried, tokens)).await,
        }
    }

    /// A client's limits and the first routing decision together: in a fleet one Redis round
    /// trip for both (a budgeted request would take two, `admit` then `pick`).
    pub async fn admit_and_pick<'s>(
        &self,
        admission: (&Gate, Estimate, &EventSender),
        snap: &'s Snapshot,
        route: &Route,
        tokens: u64,
    ) -> Result<(Option<Arc<Hold>>, Pick<'s>), Denied> {
        match self {
            Self::Local(local) => {
                let (gate, estimate, events) = admission;
                let hold = local.admit(gate, estimate, events)?;
                Ok((hold, local.pick(snap, route, &[], tokens)))
            }
            Self::Fleet(fleet) => {
                Box::pin(fleet.admit_and_pick(admission, snap, route, tokens)).await
            }
        }
    }

    /// A 429 from `backend`: how long it now cools, at which level.
    pub async fn cool(
        &self,
        backend: &Backend,
        channel: Channel,
        retry_after: Option<Duration>,
    ) -> Cooldown {
        match self {
            Self::Local(local) => local.cool(backend, channel, retry_after),
            Self::Fleet(fleet) => Box::pin(fleet.cool(backend, channel, retry_after)).await,
        }
    }

    /// A 5xx, timeout or broken connection: counted on this sidecar in both modes.
    pub fn failed(&self, backend: &Backend) -> (u32, Option<Cooldown>) {
        self.local().failed(backend)
    }

    /// A good answer; whether it ended a run of 429s.
    pub async fn succeeded(&self, backend: &Backend, channel: Channel) -> bool {
        match self {
            Self::Local(local) => local.succeeded(backend, channel),
            Self::Fleet(fleet) => Box::pin(fleet.succeeded(backend, channel)).await,
        }
    }

    /// The upstream refused `backend`'s key (401/403).
    pub async fn key_rejected(&self, backend: &Backend) {
        backend.rt.on_key_rejected();
        if let Self::Fleet(fleet) = self {
            Box::pin(fleet.key_rejected(&backend.name)).await;
        }
    }

    /// The tokens routing took for one attempt on a TPM-limited backend (`None`: no limit).
    pub fn tokens(&self, backend: &Backend, tokens: u64) -> Option<Tokens> {
        let here = backend.rt.reservation(backend.tpm, tokens)?;
        let fleet = match self {
            Self::Local(_) => None,
            Self::Fleet(fleet) => Some(FleetTokens {
                fleet: fleet.clone(),
                provider: backend.name.clone(),
                tpm: backend.tpm,
            }),
        };
        Some(Tokens {
            here,
            reserved: tokens,
            fleet,
        })
    }

    /// A client's request rate, then its budgets: admitted with a [`Hold`] on them, or refused.
    pub async fn admit(
        &self,
        gate: &Gate,
        estimate: Estimate,
        events: &EventSender,
    ) -> Result<Option<Arc<Hold>>, Refusal> {
        match self {
            Self::Local(local) => local.admit(gate, estimate, events),
            Self::Fleet(fleet) => Box::pin(fleet.admit(gate, estimate, events)).await,
        }
    }

    /// The provider where response `id` lives: this sidecar's memory, then the fleet's.
    pub async fn home(&self, id: &str) -> Option<Arc<str>> {
        match self {
            Self::Local(local) => local.homes.get(id),
            Self::Fleet(fleet) => Box::pin(fleet.home(id)).await,
        }
    }

    /// Remembers the responses an attempt at `provider` creates.
    pub fn remember_at(&self, provider: &Arc<str>) -> Remember {
        Remember {
            limits: self.clone(),
            provider: provider.clone(),
        }
    }

    /// The fleet, for its background sync and status (`None`: local mode).
    pub fn fleet(&self) -> Option<&Arc<Fleet>> {
        match self {
            Self::Local(_) => None,
            Self::Fleet(fleet) => Some(fleet),
        }
    }
}

/// Remembers where a new response lives, once its id goes by.
pub struct Remember {
    limits: Limits,
    provider: Arc<str>,
}

impl Remember {
    /// Finds the response id in `buf` (a whole answer, or whole stream events: the first
    /// `"id"` is the response's) and remembers it; false when `buf` names none.
    pub fn remember(&self, buf: &[u8]) -> bool {
        let Some(id) = response_id(buf) else {
            return false;
        };
        self.limits.local().homes.insert(id, self.provider.clone());
        if let Limits::Fleet(fleet) = &self.limits {
            fleet.settle_later(Settlement::Home {
                id: id.to_owned(),
                provider: self.provider.clone(),
            });
        }
        true
    }
}

/// The first `"id": "…"` value of `buf`, if it looks like an id.
fn response_id(buf: &[u8]) -> Option<&str> {
    static ID: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"\"id\""));
    let at = ID.find(buf)? + 4;
    let rest = buf[at..].trim_ascii_start().strip_prefix(b":")?;
    let rest = rest.trim_ascii_start().strip_prefix(b"\"")?;
    let end = memchr::memchr(b'"', rest)?;
    let id = std::str::from_utf8(&rest[..end]).ok()?;
    let plain = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    (!id.is_empty() && id.len() <= 256 && id.chars().all(plain)).then_some(id)
}

/// Tokens reserved for one attempt on a TPM-limited backend: settled with the real count
/// on this sidecar's bucket and, in fleet mode, on the fleet's.
pub struct Tokens {
    here: Reservation,
    /// What was reserved: the request's estimate.
    reserved: u64,
    fleet: Option<FleetTokens>,
}

/// The fleet's TPM bucket of one provider.
struct FleetTokens {
    fleet: Arc<Fleet>,
    provider: Arc<str>,
    tpm: u32,
}

impl Tokens {
    /// Settles with what the attempt really used (`None`: unknown, the estimate stands).
    pub fn settle(&self, used: Option<u64>, now_ns: u64) {
        let Some(used) = used else {
            return;
        };
        self.here.settle(used, now_ns);
        if let Some(f) = &self.fleet {
            // The fleet's bucket took at most a minute's worth (PICK caps it): settle against
            // that, or a request larger than the TPM would be refunded more than it took.
            let took = self.reserved.min(u64::from(f.tpm));
            let delta =
                i64::try_from(used).unwrap_or(i64::MAX) - i64::try_from(took).unwrap_or(i64::MAX);
            f.fleet.settle_later(Settlement::Tokens {
                provider: f.provider.clone(),
                tpm: f.tpm,
                delta,
            });
        }
    }
}
