//! `sidecar fleet`: the live members of a fleet, read straight from its Redis.

use crate::sidecar::request::fleet;

/// `sidecar fleet`: the live members of a fleet.
#[derive(Debug, serde::Serialize)]
pub struct FleetReport {
    pub fleet: String,
    pub members: Vec<fleet::Member>,
}

impl crate::output::Report for FleetReport {
    /// No live sidecar is critical: whatever uses the fleet is down or cannot reach Redis.
    fn status(&self) -> crate::exit::Status {
        if self.members.is_empty() {
            crate::exit::Status::Critical
        } else {
            crate::exit::Status::Ok
        }
    }

    fn human(&self, out: &mut crate::output::Human) {
        if self.members.is_empty() {
            out.line(format!("no live sidecar in fleet {}", self.fleet));
            return;
        }
        out.table(
            [
                "HOST",
                "PID",
                "VERSION",
                "STARTED (UTC)",
                "LAST SEEN (UTC)",
                "REQ/MIN",
                "SHARED",
            ],
            self.members.iter().map(|m| {
                [
                    m.host.clone(),
                    m.pid.to_string(),
                    m.version.clone(),
                    crate::output::utc(m.started_at_ms),
                    crate::output::utc(m.last_seen_ms),
                    m.requests_per_minute.to_string(),
                    if m.shared_up { "up" } else { "down" }.into(),
                ]
            }),
        );
    }
}

/// Reads a fleet's live members from its Redis.
pub fn fleet(url: &str, fleet: &str) -> Result<FleetReport, crate::error::Error> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| crate::error::Error::Unavailable(e.to_string()))?;
    let members = runtime
        .block_on(fleet::members(url, fleet))
        .map_err(crate::error::Error::Unavailable)?;
    Ok(FleetReport {
        fleet: fleet.to_owned(),
        members,
    })
}

/// Ends a provider's cooldown in the fleet's Redis (`provider cooldown clear` in shared mode).
pub fn clear_cooldown(url: &str, fleet: &str, provider: &str) -> Result<(), crate::error::Error> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| crate::error::Error::Unavailable(e.to_string()))?;
    runtime
        .block_on(fleet::clear_cooldown(url, fleet, provider))
        .map_err(crate::error::Error::Unavailable)
}

/// A fleet's clients as `heartbeat` sees them: spend summed over every host, and pauses
/// every sidecar applies. Each call opens its own connection on a thread of its own (the
/// caller may be inside a runtime already), bounded to 2 s.
pub struct FleetClients {
    url: String,
    fleet: String,
}

impl FleetClients {
    pub fn new(url: String, fleet: &str) -> Self {
        Self {
            url,
            fleet: fleet.to_owned(),
        }
    }

    fn block<T: Send>(call: impl Future<Output = Result<T, String>> + Send) -> Result<T, String> {
        std::thread::scope(|s| {
            s.spawn(|| {
                tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .map_err(|e| e.to_string())?
                    .block_on(call)
            })
            .join()
            .unwrap_or_else(|_| Err("the Redis call panicked".into()))
        })
    }

    /// Each client's spend so far across the fleet: (tokens, nano-USD).
    pub fn spent(
        &self,
        clients: &[String],
    ) -> Result<std::collections::HashMap<String, (u64, u64)>, String> {
        Self::block(fleet::spent(&self.url, &self.fleet, clients))
    }

    /// Pauses `client` on every sidecar (`why` is said to it); `None` lifts the pause.
    pub fn pause(&self, client: &str, why: Option<&str>) -> Result<(), String> {
        Self::block(fleet::pause(&self.url, &self.fleet, client, why))
    }
}
