//! Pings over HTTP, healthchecks.io's scheme on the heartbeat listener: `GET|POST
//! /ping/NAME` (success), `/ping/NAME/start`, `/ping/NAME/fail`, `/ping/NAME/CODE` (an exit
//! code: 0 success, else failure). The ping key goes in `Authorization: Bearer` (never the
//! URL: URLs land in access logs); a ping is evaluated at once, so `heartbeat status` shows
//! it without waiting for the next `heartbeat run`.

use serde::Serialize;
use sha2::Digest as _;

use super::{Error, PingKind, ping, run};
use crate::crypto::Secret;
use crate::output::{Human, Report};
use crate::state::{self, Store, settings};

/// The `system_config` key holding the SHA-256 of the ping key (`heartbeat ping-key --rotate`).
const PING_KEY_HASH: &str = "heartbeat.ping_key_sha256";

/// A new ping key, shown this once.
#[derive(Debug, Serialize)]
pub struct NewPingKey {
    pub ping_key: String,
}

impl Report for NewPingKey {
    fn human(&self, out: &mut Human) {
        out.line(&self.ping_key);
        out.line("^ the new ping key: shown only this once (only its hash is stored)");
    }
}

/// Creates a new ping key; the old one stops working at once.
pub fn rotate_ping_key(store: &mut Store) -> Result<NewPingKey, state::Error> {
    let ping_key = crate::crypto::new_token("bwp");
    let hash = hex::encode(sha2::Sha256::digest(ping_key.as_bytes()));
    store.write(|tx| settings::set(tx, PING_KEY_HASH, &hash))?;
    Ok(NewPingKey { ping_key })
}

/// Whether a ping key is configured: `BIZWINGS_PING_KEY`, or one stored by `--rotate`.
pub fn key_configured(store: &mut Store, env_key: Option<&Secret>) -> Result<bool, state::Error> {
    Ok(env_key.is_some() || store.read(settings::all)?.contains_key(PING_KEY_HASH))
}

/// Checks `given` against the key in force (read per ping, so a rotation applies at once).
/// With no key configured every ping is accepted (the listener then serves loopback only).
pub fn authorized(
    store: &mut Store,
    env_key: Option<&Secret>,
    given: Option<&str>,
) -> Result<bool, state::Error> {
    if let Some(key) = env_key {
        return Ok(given.is_some_and(|g| {
            crate::crypto::constant_time_eq(key.expose().as_bytes(), g.as_bytes())
        }));
    }
    let stored = store.read(settings::all)?;
    let Some(hash) = stored.get(PING_KEY_HASH).and_then(|h| hex::decode(h).ok()) else {
        return Ok(true);
    };
    Ok(given.is_some_and(|g| {
        crate::crypto::constant_time_eq(&hash, &sha2::Sha256::digest(g.as_bytes()))
    }))
}

/// The answer to a ping.
#[derive(Debug, Serialize)]
pub struct Pinged {
    pub agent: String,
    pub ping: PingKind,
    /// The agent's state after the ping was evaluated.
    pub state: String,
    /// The ping changed the state and a notification was queued.
    #[serde(skip)]
    pub notified: bool,
}

/// Parses the suffix of `/ping/NAME/SUFFIX`.
pub fn kind_of(suffix: Option<&str>) -> Option<(PingKind, String)> {
    match suffix {
        None | Some("") => Some((PingKind::Success, String::new())),
        Some("start") => Some((PingKind::Start, String::new())),
        Some("fail") => Some((PingKind::Fail, String::new())),
        Some(code) => {
            let code: u8 = code.parse().ok()?;
            Some((
                PingKind::from_flags(false, false, Some(i32::from(code))),
                format!("exit code {code}"),
            ))
        }
    }
}

/// Records a ping of `name` and evaluates the agent at once; the notifications its state
/// change queued wait in the outbox for delivery.
pub fn ping_now(
    store: &mut Store,
    name: &str,
    kind: PingKind,
    message: &str,
) -> Result<Pinged, Error> {
    let now = state::now_ms();
    ping(store, name, kind, message, now)?;
    let reports = run(store, &[name.to_owned()], true, now)?;
    let report = reports.first();
    Ok(Pinged {
        agent: name.to_owned(),
        ping: kind,
        state: report.map_or_else(|| "unknown".into(), |r| r.status.text().to_owned()),
        notified: report.is_some_and(|r| !r.notified.is_empty()),
    })
}
