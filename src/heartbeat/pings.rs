//! Pings over HTTP, healthchecks.io's scheme on the heartbeat listener: `GET|POST
//! /ping/NAME` (success), `/ping/NAME/start`, `/ping/NAME/fail`, `/ping/NAME/CODE` (an exit
//! code: 0 success, else failure), `/ping/NAME/log` (kept, state unchanged); `?rid=` tells
//! overlapping runs apart. The ping key goes in `Authorization: Bearer`, or first in the path
//! as healthchecks.io's slug URLs have it (`/ping/KEY/NAME/…`, so its examples work as
//! written; the listener logs no paths). A ping records liveness and nothing else: it never
//! reads task sources, fires a trigger or a recovery, or sends a message — the next
//! `heartbeat run` evaluates it — so pings from anywhere cannot run an agent.

use serde::Serialize;
use sha2::Digest as _;

use super::{AgentSettings, Error, PingKind, PingOf, Schedule, ping};
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
        out.note("^ the new ping key: shown only this once (only its hash is stored)");
    }

    fn once(&self) -> bool {
        true
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
    /// The agent's state as of its last evaluation (the ping counts at the next).
    pub state: String,
    /// How long the run took, when this ping ended one (from its start with the same run id).
    pub duration_ms: Option<i64>,
    /// The agent was created by this ping (`?create=1`).
    pub created: bool,
}

/// Parses the suffix of `/ping/NAME/SUFFIX`: the kind and the exit code.
pub fn kind_of(suffix: Option<&str>) -> Option<(PingKind, Option<i32>)> {
    match suffix {
        None | Some("") => Some((PingKind::Success, None)),
        Some("start") => Some((PingKind::Start, None)),
        Some("fail") => Some((PingKind::Fail, None)),
        Some("log") => Some((PingKind::Log, None)),
        Some(code) => {
            let code = i32::from(code.parse::<u8>().ok()?);
            Some((PingKind::from_flags(false, false, Some(code)), Some(code)))
        }
    }
}

/// A run id as healthchecks.io clients send it (`?rid=`, a UUID): short and plain.
pub fn valid_rid(rid: &str) -> bool {
    !rid.is_empty()
        && rid.len() <= 64
        && rid.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// Agents a ping may create (`?create=1`) at most: a flood of made-up names stops there.
const CREATED_MAX: usize = 1000;

/// Records a ping of `name`; with `create`, an unknown name becomes a job (healthchecks.io's
/// defaults: daily, an hour of grace, UTC).
pub fn ping_now(
    store: &mut Store,
    name: &str,
    kind: PingKind,
    p: &PingOf,
    create: bool,
) -> Result<Pinged, Error> {
    let mut created = false;
    if create && super::get(store, name).is_err() {
        if super::list(store)?.len() >= CREATED_MAX {
            return Err(crate::error::invalid(format!(
                "{CREATED_MAX} agents exist: pings create no more"
            )));
        }
        let settings = AgentSettings {
            schedule: Some(Schedule("@daily".into())),
            tz: Some("UTC".into()),
            grace: Some(std::time::Duration::from_secs(3600)),
            label: Some(String::new()),
            ..AgentSettings::default()
        };
        super::save(store, name, settings, false)?;
        created = true;
    }
    let duration_ms = ping(store, name, kind, p, state::now_ms())?;
    let agent = super::get(store, name)?;
    Ok(Pinged {
        agent: name.to_owned(),
        ping: kind,
        state: agent.state,
        duration_ms,
        created,
    })
}
