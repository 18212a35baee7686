//! Shared mode (`sidecar serve --shared redis://…`): every sidecar of a fleet routes against the
//! same per-provider buckets and cooldowns in Redis, so N sidecars with one key send what one
//! would, and a 429 seen by one keeps all of them off that provider.
//!
//! One routing decision is one server-side script (`PICK`): it walks the candidates in routing
//! order and takes a token from the first that is not cooling, or from the emergency trickle
//! when all are, or says how long to wait. Cooldowns (`COOL`), their end after a trickle
//! success, and a rejected key are written by the sidecar that saw them. Keys are named
//! `{fleet}:p:{provider name}:…` (names, not local ids) and expire by themselves; nothing
//! secret, and no prompt or completion, is ever written.
//!
//! Client budgets are counted fleet-wide: a request reserves its estimate in Redis with its
//! pick (`ADMIT_PICK`) and settles what it used in the background — or, for a busy client, is
//! admitted here on a slice of the budget this sidecar leased (`lease`).
//!
//! Every call is bounded (tens of ms). When Redis is away, requests route on the local buckets
//! at RPM ÷ N (N = sidecars last seen alive) — or, with `--shared-required`, are refused with
//! 503 — and the state change is logged once and exported as `bizwings_sidecar_shared_up`.
//! The connection comes back by itself.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, PoisonError, Weak};
use std::time::Duration;

use std::io::Write as _;

use redis::RedisWrite as _;
use redis::aio::ConnectionManager;
use serde::{Deserialize, Serialize};

use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender};

use super::backend::Cooldown;
use super::budget::{
    BudgetRefusal, Elsewhere, Estimate, FleetBudget, Gate, HOLD_LAPSES, Hold, Meter, Refusal, Why,
};
use super::error::Error as Refused;
use super::events::{Event, EventSender};
use super::local::{HOME_TTL, Local};
use super::route::{Channel, Pick};
use super::snapshot::{Backend, Route, Snapshot};
use crate::sidecar::config::FleetConfig;
use crate::state::clients::{Budget, NoticeLevel};

mod lease;
use lease::{Drawn, Lease, Report};

/// A provider's key in the fleet's Redis.
fn key(fleet: &str, provider: &str, what: &str) -> String {
    format!("{fleet}:p:{provider}:{what}")
}

/// `parts` as the command's next argument, written into its buffer: a script call's keys
/// cost no `String` each, and no formatting machinery.
fn concat_arg(cmd: &mut redis::Cmd, parts: &[&str]) {
    let mut w = cmd.writer_for_next_arg();
    for part in parts {
        // Writing into the command's Vec cannot fail.
        let _ = w.write_all(part.as_bytes());
    }
}

/// A call of `script` with `keys` keys and about `args` arguments, written into one command
/// buffer (`EVALSHA`, its hash, the number of keys; the caller adds the keys, then the
/// arguments): one allocation, where the script invocation type makes one per argument.
fn eval(script: &redis::Script, keys: usize, args: usize) -> redis::Cmd {
    let mut cmd = redis::Cmd::with_capacity(3 + keys + args, 64 + 64 * keys + 12 * args);
    cmd.arg("EVALSHA").arg(script.get_hash()).arg(keys);
    cmd
}

/// What `Fleet::up` holds.
const UNKNOWN: u8 = 0;
const UP: u8 = 1;
const DOWN: u8 = 2;

/// Why a Redis call failed, for the log: what Redis or the connection said (a refused
/// password is `NOAUTH` or `WRONGPASS`). Neither names the URL.
fn cause(e: &redis::RedisError) -> String {
    let text = e.to_string();
    let text: String = text.chars().take(200).collect();
    match e.kind() {
        redis::ErrorKind::AuthenticationFailed => format!("Redis refused the password: {text}"),
        redis::ErrorKind::Io => format!("cannot reach Redis: {text}"),
        _ if text.contains("NOAUTH") || text.contains("WRONGPASS") => {
            format!("Redis wants a password: {text}")
        }
        _ => text,
    }
}

/// After a call ran out of time, Redis is not asked again for this long (it acts as away): a
/// Redis that accepts and never answers costs one timeout a second, not one per request.
const STALL_PAUSE_MS: i64 = 1000;
/// How often a sidecar says it is alive and reads the fleet's key errors.
pub const SYNC_EVERY: Duration = Duration::from_millis(500);
/// A member not seen for this long is gone.
const MEMBER_TTL_MS: i64 = 3000;
/// How long a key error set by one sidecar stays (a change of the provider supersedes it).
const KEY_ERROR_TTL_MS: i64 = 24 * 3600 * 1000;

/// ADMIT's refusal `{refused (from 1), why, left}` as the client is told it.
fn refusal(budgets: &[FleetBudget], refused: usize, why: i64, left: i64) -> Refusal {
    let i = refused.clamp(1, budgets.len().max(1)) - 1;
    let left = u64::try_from(left).unwrap_or(0);
    let why = match why {
        1 => Why::Spent,
        2 => Why::TooLarge {
            asks: budgets[i].reserved,
            left,
        },
        _ => Why::InFlight,
    };
    let to_end = u64::try_from(budgets[i].period_end_ms - crate::state::now_ms()).unwrap_or(0);
    Refusal::Budget(BudgetRefusal::new(
        budgets[i].budget,
        why,
        Duration::from_millis(to_end),
    ))
}

/// PICK's answer `{index (from 1), channel}`, `{0, 1, wait_ms}` or `{0, 2, retry_after_ms}`.
fn fleet_pick(index: usize, kind: i64, ms: i64) -> FleetPick {
    let ms = Duration::from_millis(u64::try_from(ms).unwrap_or(0));
    match (index, kind) {
        (i, channel) if i > 0 => FleetPick::Take(i - 1, channel == 1),
        (_, 1) => FleetPick::Wait(ms),
        _ => FleetPick::Exhausted((!ms.is_zero()).then_some(ms)),
    }
}

/// Why a request got neither a reservation nor a pick.
pub enum Denied {
    /// The client's own limits (pause, rate, budget).
    Refusal(Refusal),
    /// The fleet's (Redis away under `--shared-required`).
    Refused(Refused),
}

impl From<Refusal> for Denied {
    fn from(r: Refusal) -> Self {
        Self::Refusal(r)
    }
}

impl From<Refused> for Denied {
    fn from(r: Refused) -> Self {
        Self::Refused(r)
    }
}

/// Picks a candidate: see the module comment. KEYS: per candidate `tat`, `cool`, `trickle`,
/// `tpm`; ARGV: n, the request's estimated tokens, then per candidate its RPM, its trickle RPM
/// and its TPM (0: none). A token bucket holds a minute's worth (GCRA: `tat` at most a minute
/// ahead); a request takes one request token and, on a TPM-limited candidate, its estimated
/// tokens (at most a minute's worth), both or neither. Returns `{index, channel}` (index from 1;
/// channel 0 normal, 1 emergency), `{0, 1, wait_ms}` or `{0, 2, retry_after_ms}`.
const PICK: &str = concat!(lua_now!(), lua_pick!(), "return pick(0, 0)\n");

/// The server's clock in ms, as `now`: every script starts with it.
macro_rules! lua_now {
    () => {
        "local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
"
    };
}
use lua_now;

/// PICK's body as `pick(ko, ao)`: its KEYS and ARGV start after `ko` keys and `ao` args, so
/// ADMIT_PICK can put a request's budgets first.
macro_rules! lua_pick {
    () => {
        r"local function pick(ko, ao)
local n, tokens = tonumber(ARGV[ao + 1]), tonumber(ARGV[ao + 2])
local function room(key, per_minute, amount)
  if per_minute <= 0 then return nil, 60000 end
  amount = math.min(amount, per_minute)
  local tat = tonumber(redis.call('GET', key) or now)
  if tat < now then tat = now end
  local next_tat = tat + amount * 60000 / per_minute
  if next_tat - now > 60000 then return nil, next_tat - now - 60000 end
  return next_tat, 0
end
local function commit(key, next_tat)
  redis.call('SET', key, tostring(next_tat), 'PX', math.ceil(next_tat - now) + 1000)
end
local wait, cooling, open = nil, nil, false
for i = 1, n do
  local k, a = ko + 4 * i, ao + 3 * i
  local cool = tonumber(redis.call('GET', KEYS[k - 2]) or '0')
  if cool <= now then
    open = true
    local tpm = tonumber(ARGV[a + 2])
    local req, w = room(KEYS[k - 3], tonumber(ARGV[a]), 1)
    local tok, tw = true, 0
    if tpm > 0 then tok, tw = room(KEYS[k], tpm, tokens) end
    if req and tok then
      commit(KEYS[k - 3], req)
      if tpm > 0 then commit(KEYS[k], tok) end
      return {i, 0, 0}
    end
    w = math.max(w, tw)
    if wait == nil or w < wait then wait = w end
  elseif cooling == nil or cool - now < cooling then
    cooling = cool - now
  end
end
if open then return {0, 1, math.ceil(wait)} end
for i = 1, n do
  local k, a = ko + 4 * i, ao + 3 * i
  local req = room(KEYS[k - 1], tonumber(ARGV[a + 1]), 1)
  if req then
    commit(KEYS[k - 1], req)
    -- The trickle is charged its tokens too (past empty if need be), as it will be settled.
    local tpm = tonumber(ARGV[a + 2])
    if tpm > 0 then
      local tat = math.max(tonumber(redis.call('GET', KEYS[k]) or now), now)
      commit(KEYS[k], tat + math.min(tokens, tpm) * 60000 / tpm)
    end
    return {i, 1, 0}
  end
end
return {0, 2, math.ceil(cooling or 0)}
end
"
    };
}
use lua_pick;

/// Corrects a TPM reservation once the real count is known. KEYS `tpm`; ARGV TPM, tokens
/// used minus reserved (a debt past empty delays the next request; a refund brings it closer).
const SETTLE_TOKENS: &str = r"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local tat = tonumber(redis.call('GET', KEYS[1]) or now)
if tat < now then tat = now end
tat = tat + tonumber(ARGV[2]) * 60000 / tonumber(ARGV[1])
if tat > now then
  redis.call('SET', KEYS[1], tostring(tat), 'PX', math.ceil(tat - now) + 1000)
else
  redis.call('DEL', KEYS[1])
end
return 0
";

/// Reserves a request's estimate on each of its client's budgets, or names the first one
/// without room for it (from 1) and why: `{i, 1, 0}` spent, `{i, 2, left}` the estimate alone
/// is more than what is left, `{i, 3, left}` what is left is reserved by requests in flight;
/// `{0, 0, 0}`: reserved. A period's count starts from what each host's own DB says it spent
/// (`seed:HOST`, added once per host), so a period Redis forgot comes back as the sum of every
/// member's spend, not one host's. KEYS: per budget its hash for the current period (`used`,
/// `reserved`, seeds, notices) and the sorted set of its reservations (member `ID:AMOUNT`,
/// scored by when it lapses: one whose sidecar died or lost Redis before settling stops counting
/// then, and leaves `reserved`, the running sum, at the next admission it would refuse). ARGV:
/// n, the request's reservation id, how long a reservation holds (ms), this host's seed name,
/// then per budget its limit, the amount to reserve, what this host's DB says was used in the
/// period, and the keys' time to live.
const ADMIT: &str = concat!(
    lua_now!(),
    lua_seeded!(),
    lua_admit!(),
    "local r = admit()\nif r then return r end\nreturn {0, 0, 0}\n"
);

/// `seeded(h, seed, own, ttl)`: a budget's `used` and `reserved` in its period's hash `h`, in one
/// read (every call costs the one Redis thread about a microsecond); on this host's first call
/// of the period (no mark `seed`), its own spend `own` is added and the hash given its TTL.
macro_rules! lua_seeded {
    () => {
        r"local function seeded(h, seed, own, ttl)
local got = redis.call('HMGET', h, 'used', 'reserved', seed)
local used, reserved = tonumber(got[1] or '0'), tonumber(got[2] or '0')
if not got[3] then
  redis.call('HSET', h, seed, 1)
  used = redis.call('HINCRBY', h, 'used', own)
  redis.call('PEXPIRE', h, ttl)
end
return used, reserved
end
"
    };
}
use lua_seeded;

/// ADMIT's body as `admit()`: `nil` when reserved, else the refusal.
macro_rules! lua_admit {
    () => {
        r"local function admit()
local n, id, hold, seed = tonumber(ARGV[1]), ARGV[2], tonumber(ARGV[3]), 'seed:' .. ARGV[4]
for i = 1, n do
  local h, r, a = KEYS[2 * i - 1], KEYS[2 * i], 4 * i + 1
  local used, reserved = seeded(h, seed, ARGV[a + 2], ARGV[a + 3])
  local left = tonumber(ARGV[a]) - used
  local amount = tonumber(ARGV[a + 1])
  if left <= 0 then return {i, 1, 0} end
  if amount > left then return {i, 2, left} end
  if reserved + amount > left then
    -- Only a refusal depends on lapsed reservations: they leave `reserved` here.
    local lapsed = redis.call('ZRANGEBYSCORE', r, '-inf', now)
    if #lapsed > 0 then
      local gone = 0
      for _, m in ipairs(lapsed) do gone = gone + tonumber(string.match(m, ':(%d+)$')) end
      redis.call('ZREMRANGEBYSCORE', r, '-inf', now)
      reserved = redis.call('HINCRBY', h, 'reserved', -gone)
      if reserved < 0 then
        redis.call('HSET', h, 'reserved', 0)
        reserved = 0
      end
    end
    if reserved + amount > left then return {i, 3, left} end
  end
end
for i = 1, n do
  redis.call('ZADD', KEYS[2 * i], now + hold, id .. ':' .. ARGV[4 * i + 2])
  redis.call('PEXPIRE', KEYS[2 * i], ARGV[4 * i + 4])
  redis.call('HINCRBY', KEYS[2 * i - 1], 'reserved', ARGV[4 * i + 2])
end
return nil
end
"
    };
}
use lua_admit;

/// ADMIT, then (when every budget had room) PICK, in one round trip: a budgeted request in a
/// fleet costs one Redis call, like any other. KEYS and ARGV: ADMIT's, then PICK's. Returns
/// ADMIT's refusal as `{-1, i, why, left}`, else PICK's answer.
const ADMIT_PICK: &str = concat!(
    lua_now!(),
    lua_seeded!(),
    lua_admit!(),
    lua_pick!(),
    "local r = admit()
if r then return {-1, r[1], r[2], r[3]} end
local nb = tonumber(ARGV[1])
return pick(2 * nb, 4 + 4 * nb)
"
);

/// Replaces k requests' reservations on one client's budgets with what they used. KEYS: per
/// budget its hash and its reservations; ARGV: n, k, the k reservation ids, then per budget its
/// limit, the amount the k requests used together and the k amounts reserved. Returns per
/// budget `{used, warn, over}`: warn and over are 1 for the one call that first saw 80 % and
/// 100 % in the period, so each is told once by the whole fleet.
const SETTLE: &str = r"
local n, k = tonumber(ARGV[1]), tonumber(ARGV[2])
local out = {}
for i = 1, n do
  local h, a = KEYS[2 * i - 1], 2 + k + (i - 1) * (2 + k)
  local limit = tonumber(ARGV[a + 1])
  -- What is still reserved is freed (a lapsed reservation left `reserved` already). One ZREM
  -- each: ZMSCORE would do k in one call but needs Redis 6.2, newer than some LTS releases.
  local freed = 0
  for j = 1, k do
    local amount = ARGV[a + 2 + j]
    if redis.call('ZREM', KEYS[2 * i], ARGV[2 + j] .. ':' .. amount) == 1 then
      freed = freed + tonumber(amount)
    end
  end
  if freed > 0 and redis.call('HINCRBY', h, 'reserved', -freed) < 0 then
    redis.call('HSET', h, 'reserved', 0)
  end
  local used = redis.call('HINCRBY', h, 'used', ARGV[a + 2])
  local warn, over = 0, 0
  if used * 5 >= limit * 4 then warn = redis.call('HSETNX', h, 'warned', 1) end
  if used >= limit then over = redis.call('HSETNX', h, 'exceeded', 1) end
  out[i] = {used, warn, over}
end
return out
";

/// Renews a lease of budget slices (see `lease`): adds what its requests used since the last
/// renewal, frees the slice it held, and reserves again what is still in flight plus, when
/// every budget has room for at least its least worth granting, the slice it wants (capped at
/// what is left ÷ (2 × members)). KEYS: per budget its hash and its reservations; ARGV: n, the
/// lease's id, how long a slice holds (ms), this host's seed name, members, then per budget
/// its limit, used, the old slice, in flight, wanted, least, this host's spend (the seed) and
/// the keys' TTL. Returns per budget `{used, warn, over, slice, granted}` (warn and over as
/// SETTLE's).
const LEASE: &str = concat!(
    lua_now!(),
    lua_seeded!(),
    r"local n, id, lapse, seed = tonumber(ARGV[1]), ARGV[2], tonumber(ARGV[3]), 'seed:' .. ARGV[4]
local share = 2 * tonumber(ARGV[5])
local granted, st = 1, {}
for i = 1, n do
  local h, r, a = KEYS[2 * i - 1], KEYS[2 * i], 5 + 8 * (i - 1)
  local used, reserved = seeded(h, seed, ARGV[a + 7], ARGV[a + 8])
  local old = tonumber(ARGV[a + 3])
  -- A slice that lapsed was taken off `reserved` by whoever swept it. (Members are written
  -- with %d: a large number would print as 1e+15, which ADMIT's sweep cannot read.)
  if old > 0 and redis.call('ZREM', r, string.format('%s:%d', id, old)) == 1 then
    reserved = reserved - old
  else
    old = 0
  end
  local consumed = tonumber(ARGV[a + 2])
  if consumed > 0 then used = redis.call('HINCRBY', h, 'used', consumed) end
  local limit, flight = tonumber(ARGV[a + 1]), tonumber(ARGV[a + 4])
  local cap = math.floor((limit - used - reserved - flight) / share)
  if cap < tonumber(ARGV[a + 6]) then granted = 0 end
  st[i] = {used, old, flight, math.max(0, math.min(tonumber(ARGV[a + 5]), cap)), limit, consumed}
end
local out = {}
for i = 1, n do
  local h, r, s = KEYS[2 * i - 1], KEYS[2 * i], st[i]
  local slice = s[3]
  if granted == 1 then slice = slice + s[4] end
  if slice > 0 then
    redis.call('ZADD', r, now + lapse, string.format('%s:%d', id, slice))
    redis.call('PEXPIRE', r, ARGV[5 + 8 * i])
  end
  if slice ~= s[2] and redis.call('HINCRBY', h, 'reserved', slice - s[2]) < 0 then
    redis.call('HSET', h, 'reserved', 0)
  end
  local used, limit, warn, over = s[1], s[5], 0, 0
  if s[6] > 0 and used * 5 >= limit * 4 then warn = redis.call('HSETNX', h, 'warned', 1) end
  if s[6] > 0 and used >= limit then over = redis.call('HSETNX', h, 'exceeded', 1) end
  out[i] = {used, warn, over, slice, granted}
end
return out
"
);

/// A 429: KEYS `cool`, `level`; ARGV base_ms, max_ms, retry_after_ms, trickle (1: a probe's
/// 429 keeps the level). Returns `{level, duration_ms}`.
const COOL: &str = r"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local base, cap, asked = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local level = tonumber(redis.call('GET', KEYS[2]) or '0')
local d = base
if ARGV[4] == '0' then
  level = level + 1
  d = math.min(base * 2 ^ (level - 1), cap)
end
if asked > d then d = asked end
local untilms = now + d
if untilms > tonumber(redis.call('GET', KEYS[1]) or '0') then
  redis.call('SET', KEYS[1], tostring(untilms), 'PX', math.ceil(d))
end
if level > 0 then redis.call('SET', KEYS[2], level, 'PX', math.ceil(cap * 2 + 60000)) end
return {level, math.ceil(d)}
";

/// What the fleet's counts are corrected by once a request is over (and where a new
/// response lives); no answer is awaited.
pub enum Settlement {
    /// A stored response's id → the provider that has it, for every sidecar of the fleet.
    Home { id: String, provider: Arc<str> },
    /// A provider's TPM bucket, by used minus reserved tokens.
    Tokens {
        provider: Arc<str>,
        tpm: u32,
        delta: i64,
    },
    /// What this host's DB says a client spent so far (tokens, nano-USD): the fleet's total is
    /// the sum over hosts, read by `heartbeat` to see an agent spin wherever its calls go.
    /// Absolute, so a lost or repeated write corrects itself.
    Spent {
        client: Arc<str>,
        tokens: u64,
        nusd: u64,
    },
    /// A client's budgets: the reservation `id` replaced by what was used (per budget, in its
    /// unit); a level first reached is told through `events`.
    Budget {
        client: Arc<str>,
        budgets: Vec<FleetBudget>,
        meters: Vec<Arc<Meter>>,
        id: String,
        used: Vec<u64>,
        events: EventSender,
    },
}

/// Most settlements sent in one pipeline.
const SETTLE_BATCH: usize = 256;

/// Sends queued settlements as they come, in batches of what queued up meanwhile; ends with
/// the sidecar.
async fn settle_in_batches(shared: Weak<Fleet>, mut queue: UnboundedReceiver<Settlement>) {
    while let Some(first) = queue.recv().await {
        let mut batch = vec![first];
        while batch.len() < SETTLE_BATCH {
            match queue.try_recv() {
                Ok(s) => batch.push(s),
                Err(_) => break,
            }
        }
        let Some(shared) = shared.upgrade() else {
            return;
        };
        shared.settle_batch(batch).await;
    }
}

/// What the fleet counted for a client's budgets, as Redis answered a settlement or a lease's
/// renewal (per budget: used, and 1 where this call first saw 80 % and 100 %): this sidecar's
/// meters learn it, and the levels first reached are told through `events`.
fn told(
    client: &Arc<str>,
    budgets: &[FleetBudget],
    meters: &[Arc<Meter>],
    events: &EventSender,
    totals: impl IntoIterator<Item = (u64, u8, u8)>,
) {
    let now_ms = crate::state::now_ms();
    for ((b, meter), (total, warn, over)) in budgets.iter().zip(meters).zip(totals) {
        meter.seen_in_fleet(total, now_ms);
        for (first, level) in [(warn, NoticeLevel::Warning), (over, NoticeLevel::Exceeded)] {
            if first == 1 {
                let _ = events.send(Event::Budget {
                    client: client.clone(),
                    budget: b.budget,
                    period_start_ms: b.period_start_ms,
                    level,
                    used: total,
                });
            }
        }
    }
}

/// Renews, reports and gives back budget slices on every tick, and sooner when one runs low;
/// ends with the sidecar.
async fn keep_leases(shared: Weak<Fleet>, due: Arc<tokio::sync::Notify>) {
    loop {
        tokio::select! {
            () = due.notified() => {}
            () = tokio::time::sleep(lease::TICK) => {}
        }
        let Some(shared) = shared.upgrade() else {
            return;
        };
        shared.renew_leases(false).await;
    }
}

/// What the fleet knows of one provider (unix ms; 0: never, not cooling).
#[derive(Debug, Clone, Copy)]
pub struct Seen {
    /// When a member last saw its key rejected.
    pub key_error_ms: i64,
    /// Until when the fleet cools it.
    pub cool_until_ms: i64,
}

/// What one sidecar says about itself in the fleet list.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Member {
    pub id: String,
    pub host: String,
    pub pid: u32,
    pub version: String,
    pub started_at_ms: i64,
    pub last_seen_ms: i64,
    /// Requests this sidecar answered in the last minute (estimated from the last interval).
    pub requests_per_minute: u64,
    /// Whether it reaches Redis now.
    pub shared_up: bool,
}

/// A routing decision made in Redis.
#[derive(Clone, Copy)]
enum FleetPick {
    /// Index into the candidates passed, and whether the trickle paid for it.
    Take(usize, bool),
    Wait(Duration),
    Exhausted(Option<Duration>),
}

/// A request's reservation on its client's budgets in the fleet, replaced by what it used
/// when its hold settles.
struct Reserved {
    fleet: Arc<Fleet>,
    client: Arc<str>,
    budgets: Vec<FleetBudget>,
    /// This sidecar's meters of the same budgets, told what the fleet has used.
    meters: Vec<Arc<Meter>>,
    id: String,
}

impl Elsewhere for Reserved {
    fn settle(self: Box<Self>, used: (u64, u64), events: &EventSender) {
        let Self {
            fleet,
            client,
            budgets,
            meters,
            id,
        } = *self;
        let used = budgets.iter().map(|b| b.budget.unit.of(used)).collect();
        fleet.settle_later(Settlement::Budget {
            client,
            budgets,
            meters,
            id,
            used,
            events: events.clone(),
        });
    }
}

/// This sidecar's leases: by client, and the replaced ones still giving their slices back.
#[derive(Default)]
struct Leases {
    by_client: HashMap<Arc<str>, Arc<Lease>>,
    retired: Vec<Arc<Lease>>,
}

/// The connection to the fleet's Redis and what this sidecar knows of it.
pub struct Fleet {
    conn: ConnectionManager,
    pick: redis::Script,
    cool: redis::Script,
    settle_tokens: redis::Script,
    admit: redis::Script,
    admit_pick: redis::Script,
    settle: redis::Script,
    name: String,
    /// What decides while Redis is away (at RPM ÷ members).
    local: Local,
    /// This host's state DB among the fleet's (hostname and DB path, hashed): its spend seeds
    /// a budget period once.
    seeder: String,
    member: Member,
    /// Fail closed: refuse requests while Redis is away.
    required: bool,
    /// Longest a call may take on the request path before the sidecar falls back.
    timeout: Duration,
    /// Whether the last call reached Redis: `UNKNOWN` until the first one, so the first
    /// failure is told too (a wrong password never lets it up).
    up: std::sync::atomic::AtomicU8,
    /// Unix ms until which Redis is not asked, after a call timed out.
    stalled_until_ms: std::sync::atomic::AtomicI64,
    /// Calls that timed out (a metric).
    stalls: prometheus_client::metrics::counter::Counter,
    /// Live sidecars last seen (at least 1): local limits are RPM ÷ this while Redis is away.
    members: AtomicU32,
    /// Requests answered, for `requests_per_minute`.
    requests: AtomicU64,
    /// Budget reservations made, for their ids.
    reservations: AtomicU64,
    settlements: UnboundedSender<Settlement>,
    /// The background's scripts (settlements, leases) are known to Redis (a pipeline does not
    /// load them itself).
    background_loaded: AtomicBool,
    lease: redis::Script,
    /// Lease budget slices (not `--shared-exact-budgets`).
    leasing: bool,
    /// Busy clients' budget slices (see `lease`).
    leases: std::sync::Mutex<Leases>,
    /// Wakes the lease keeper before its tick (a lease runs low).
    lease_due: Arc<tokio::sync::Notify>,
    /// Clients paused fleet-wide (by `heartbeat`) → why, as of the last sync.
    paused: arc_swap::ArcSwap<HashMap<String, Arc<str>>>,
}

/// Why `--shared` cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("invalid --shared URL: {0}")]
    Url(String),
}

impl Fleet {
    /// Prepares the connection (made lazily, so a sidecar starts even while Redis is away).
    pub fn new(
        cfg: &FleetConfig,
        local: Local,
        db: &std::path::Path,
        stalls: prometheus_client::metrics::counter::Counter,
    ) -> Result<Arc<Self>, Error> {
        // The URL may hold a password: errors name the problem, never the URL.
        let client = redis::Client::open(cfg.url.as_str())
            .map_err(|e| Error::Url(format!("{:?}", e.kind())))?;
        let config = redis::aio::ConnectionManagerConfig::new()
            .set_connection_timeout(Some(Duration::from_millis(500)))
            .set_response_timeout(Some(cfg.timeout))
            .set_number_of_retries(1)
            .set_max_delay(Duration::from_secs(2));
        let conn = ConnectionManager::new_lazy_with_config(client, config)
            .map_err(|e| Error::Url(format!("{:?}", e.kind())))?;
        let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
            .map_or_else(|_| "unknown".into(), |h| h.trim().to_owned());
        let pid = std::process::id();
        let started_at_ms = crate::state::now_ms();
        let (settlements, queue) = tokio::sync::mpsc::unbounded_channel();
        let shared = Arc::new(Self {
            conn,
            pick: redis::Script::new(PICK),
            cool: redis::Script::new(COOL),
            settle_tokens: redis::Script::new(SETTLE_TOKENS),
            admit: redis::Script::new(ADMIT),
            admit_pick: redis::Script::new(ADMIT_PICK),
            settle: redis::Script::new(SETTLE),
            name: cfg.name.clone(),
            local,
            seeder: {
                use sha2::Digest as _;
                let digest = sha2::Sha256::digest(format!("{host}\n{}", db.display()));
                hex::encode(&digest[..8])
            },
            member: Member {
                id: format!("{host}:{pid}:{started_at_ms}"),
                host,
                pid,
                version: env!("CARGO_PKG_VERSION").into(),
                started_at_ms,
                last_seen_ms: started_at_ms,
                requests_per_minute: 0,
                shared_up: false,
            },
            required: cfg.required,
            timeout: cfg.timeout,
            up: std::sync::atomic::AtomicU8::new(UNKNOWN),
            stalled_until_ms: std::sync::atomic::AtomicI64::new(0),
            stalls,
            members: AtomicU32::new(1),
            requests: AtomicU64::new(0),
            reservations: AtomicU64::new(0),
            settlements,
            background_loaded: AtomicBool::new(false),
            lease: redis::Script::new(LEASE),
            leasing: !cfg.exact_budgets,
            leases: std::sync::Mutex::default(),
            lease_due: Arc::default(),
            paused: arc_swap::ArcSwap::default(),
        });
        // Called inside the sidecar's runtime (the connection manager lives there too).
        tokio::spawn(settle_in_batches(Arc::downgrade(&shared), queue));
        tokio::spawn(keep_leases(
            Arc::downgrade(&shared),
            shared.lease_due.clone(),
        ));
        Ok(shared)
    }

    /// What decides while Redis is away.
    pub fn local(&self) -> &Local {
        &self.local
    }

    /// A client request arrived: counted for this member's `requests_per_minute`.
    pub fn arrived(&self) {
        self.requests.fetch_add(1, Ordering::Relaxed);
    }

    /// Requests arrived since the start.
    pub fn arrivals(&self) -> u64 {
        self.requests.load(Ordering::Relaxed)
    }

    /// Whether requests are refused while Redis is away (`--shared-required`).
    pub fn required(&self) -> bool {
        self.required
    }

    /// One routing decision: the fleet's buckets and cooldowns decide (one Redis round trip);
    /// while Redis is away, the local ones at RPM ÷ members — or, with `--shared-required`, the
    /// request is refused.
    pub async fn pick<'s>(
        &self,
        snap: &'s Snapshot,
        route: &Route,
        tried: &[usize],
        tokens: u64,
    ) -> Result<Pick<'s>, Refused> {
        let candidates = candidates(snap, route, tried, self.local.clock.now_ns());
        let picked = self.pick_in_redis(snap, &candidates, tokens).await;
        self.finish(snap, (route, tried, tokens), &candidates, picked)
    }

    /// What the fleet's answer (`None`: Redis could not be asked) means here.
    fn finish<'s>(
        &self,
        snap: &'s Snapshot,
        (route, tried, tokens): (&Route, &[usize], u64),
        candidates: &[usize],
        picked: Option<FleetPick>,
    ) -> Result<Pick<'s>, Refused> {
        match picked {
            Some(FleetPick::Take(i, trickle)) => {
                let idx = candidates[i];
                // Concurrency is counted on this sidecar only; TPM on both (the fleet's is the
                // stricter). A pick this sidecar cannot take gives the fleet its tokens back.
                let b = &snap.backends[idx];
                let now = self.local.clock.now_ns();
                if let Err(wait) = b.take_limits(tokens, now) {
                    if b.tpm > 0 {
                        self.settle_later(Settlement::Tokens {
                            provider: b.name.clone(),
                            tpm: b.tpm,
                            delta: -i64::try_from(tokens).unwrap_or(i64::MAX),
                        });
                    }
                    return Ok(Pick::Wait(wait));
                }
                b.rt.spent_in_fleet(now, trickle);
                let channel = if trickle {
                    Channel::Emergency
                } else {
                    Channel::Normal
                };
                Ok(Pick::Backend(idx, b, channel))
            }
            Some(FleetPick::Wait(wait)) => Ok(Pick::Wait(wait)),
            Some(FleetPick::Exhausted(retry_after)) => Ok(Pick::Exhausted { retry_after }),
            None if self.required => Err(Refused::SharedDown),
            None => Ok(self.local.pick(snap, route, tried, tokens)),
        }
    }

    /// A client's limits and the first routing decision together: the budgets' reservation
    /// and the pick are one script, one round trip (`admit`, then `pick`, would be two).
    /// While Redis cannot be asked, both are decided here, as they would be one by one.
    pub async fn admit_and_pick<'s>(
        self: &Arc<Self>,
        (gate, estimate, events): (&Gate, Estimate, &EventSender),
        snap: &'s Snapshot,
        route: &Route,
        tokens: u64,
    ) -> Result<(Option<Arc<Hold>>, Pick<'s>), Denied> {
        let candidates = candidates(snap, route, &[], self.local.clock.now_ns());
        if gate.meters.is_empty() || candidates.is_empty() || self.paused(gate).is_some() {
            let hold = self.admit(gate, estimate, events).await?;
            return Ok((hold, self.pick(snap, route, &[], tokens).await?));
        }
        gate.check_rate(self.local.clock.now_ns())?;
        let mut budgets = gate.fleet_budgets(estimate);
        if let Some(hold) = self.draw_on_lease(gate, &mut budgets, events) {
            return Ok((Some(hold), self.pick(snap, route, &[], tokens).await?));
        }
        let id = self.reservation_id();
        let mut cmd = eval(
            &self.admit_pick,
            2 * budgets.len() + 4 * candidates.len(),
            6 + 4 * budgets.len() + 3 * candidates.len(),
        );
        self.budget_keys(&mut cmd, &gate.name, &budgets);
        self.pick_keys(&mut cmd, snap, &candidates);
        self.admit_args(&mut cmd, &budgets, &id);
        self.pick_args(&mut cmd, snap, &candidates, tokens);
        let Some(answer) = self.run::<Vec<i64>>(&self.admit_pick, &cmd).await else {
            if self.required {
                return Err(Denied::Refused(Refused::SharedDown));
            }
            let hold = gate.admit_budgets(estimate, events, Some(self.members()))?;
            return Ok((hold, self.local.pick(snap, route, &[], tokens)));
        };
        let number = |i: usize| answer.get(i).copied().unwrap_or(0);
        if number(0) < 0 {
            let refused = usize::try_from(number(1)).unwrap_or(1);
            return Err(Denied::Refusal(refusal(
                &budgets,
                refused,
                number(2),
                number(3),
            )));
        }
        let reserved = Reserved {
            fleet: self.clone(),
            client: gate.name.clone(),
            budgets,
            meters: gate.meters.clone(),
            id,
        };
        let hold = gate.hold_elsewhere(events, Box::new(reserved));
        let picked = fleet_pick(
            usize::try_from(number(0)).unwrap_or(0),
            number(1),
            number(2),
        );
        let pick = self.finish(snap, (route, &[], tokens), &candidates, Some(picked))?;
        Ok((Some(hold), pick))
    }

    /// A 429: the fleet's level and deadline, and the local state follows them; while Redis
    /// is away, the local cooldown alone.
    pub async fn cool(
        &self,
        backend: &Backend,
        channel: Channel,
        retry_after: Option<Duration>,
    ) -> Cooldown {
        let p = self.local.policy;
        let trickle = channel == Channel::Emergency;
        match self
            .cool_in_redis(
                &backend.name,
                p.cooldown_base,
                p.cooldown_max,
                retry_after,
                trickle,
            )
            .await
        {
            Some((level, duration)) => {
                backend.rt.cool_for(self.local.clock.now_ns(), duration);
                Cooldown {
                    consecutive: level,
                    duration,
                }
            }
            None => self.local.cool(backend, channel, retry_after),
        }
    }

    /// A good answer; one through the trickle ends the cooldown for the whole fleet.
    pub async fn succeeded(&self, backend: &Backend, channel: Channel) -> bool {
        if channel == Channel::Emergency {
            self.end_cooldown(&backend.name).await;
        }
        self.local.succeeded(backend, channel)
    }

    /// A client's pause (here or fleet-wide) and rate (on this sidecar), then its budgets
    /// counted by the whole fleet; while Redis cannot be asked, on this sidecar.
    pub async fn admit(
        self: &Arc<Self>,
        gate: &Gate,
        estimate: Estimate,
        events: &EventSender,
    ) -> Result<Option<Arc<Hold>>, Refusal> {
        if let Some(why) = self.paused(gate) {
            return Err(Refusal::Paused(why));
        }
        if gate.meters.is_empty() {
            return self.local.admit(gate, estimate, events);
        }
        // The rate first: a refusal after the fleet reserved would leave its reservation behind.
        gate.check_rate(self.local.clock.now_ns())?;
        let mut budgets = gate.fleet_budgets(estimate);
        if let Some(hold) = self.draw_on_lease(gate, &mut budgets, events) {
            return Ok(Some(hold));
        }
        let id = self.reservation_id();
        let mut cmd = eval(&self.admit, 2 * budgets.len(), 4 + 4 * budgets.len());
        self.budget_keys(&mut cmd, &gate.name, &budgets);
        self.admit_args(&mut cmd, &budgets, &id);
        let answer: Option<(i64, i64, i64)> = self.run(&self.admit, &cmd).await;
        match answer {
            // Redis away: this sidecar's share of what the fleet had left, like RPM.
            None => gate.admit_budgets(estimate, events, Some(self.members())),
            Some((refused, why, left)) if refused > 0 => Err(refusal(
                &budgets,
                usize::try_from(refused).unwrap_or(1),
                why,
                left,
            )),
            Some(_) => {
                let reserved = Reserved {
                    fleet: self.clone(),
                    client: gate.name.clone(),
                    budgets,
                    meters: gate.meters.clone(),
                    id,
                };
                Ok(Some(gate.hold_elsewhere(events, Box::new(reserved))))
            }
        }
    }

    fn key(&self, provider: &str, what: &str) -> String {
        key(&self.name, provider, what)
    }

    /// `key(provider, what)` as the command's next argument, written into its buffer.
    fn push_key(&self, cmd: &mut redis::Cmd, provider: &str, what: &str) {
        concat_arg(cmd, &[&self.name, ":p:", provider, ":", what]);
    }

    /// Whether Redis answered the last call.
    pub fn is_up(&self) -> bool {
        self.up.load(Ordering::Relaxed) == UP
    }

    /// Live sidecars last seen (at least 1).
    pub fn members(&self) -> u32 {
        self.members.load(Ordering::Relaxed).max(1)
    }

    /// Records whether a call reached Redis (`Err` says why not); a change is logged once,
    /// with its cause.
    fn mark(&self, outcome: Result<(), &str>) {
        let now = if outcome.is_ok() { UP } else { DOWN };
        let was = self.up.swap(now, Ordering::Relaxed);
        if was == now {
            return;
        }
        match outcome {
            Ok(()) if was == UNKNOWN => {}
            Ok(()) => {
                tracing::warn!(fleet = %self.name, "shared mode: Redis is back; limits and cooldowns are shared again");
            }
            Err(cause) if self.required => {
                tracing::error!(fleet = %self.name, %cause, "shared mode: Redis is away; refusing requests (--shared-required)");
            }
            Err(cause) => {
                tracing::error!(fleet = %self.name, %cause, members = self.members(), "shared mode: Redis is away; routing on local limits of RPM / members");
            }
        }
    }

    /// A script call (see `eval`), loading the script first if Redis does not have it (a
    /// restart, SCRIPT FLUSH); `None` as with `call`.
    async fn run<T: redis::FromRedisValue>(
        &self,
        script: &redis::Script,
        cmd: &redis::Cmd,
    ) -> Option<T> {
        let mut conn = self.conn.clone();
        self.call(async {
            match cmd.query_async(&mut conn).await {
                Err(e)
                    if e.kind() == redis::ErrorKind::Server(redis::ServerErrorKind::NoScript) =>
                {
                    script.load_async(&mut conn).await?;
                    cmd.query_async(&mut conn).await
                }
                answer => answer,
            }
        })
        .await
    }

    async fn call<T>(&self, f: impl Future<Output = redis::RedisResult<T>>) -> Option<T> {
        if crate::state::now_ms() < self.stalled_until_ms.load(Ordering::Relaxed) {
            return None;
        }
        match tokio::time::timeout(self.timeout, f).await {
            Ok(Ok(v)) => {
                self.mark(Ok(()));
                Some(v)
            }
            Ok(Err(e)) => {
                self.mark(Err(&cause(&e)));
                None
            }
            Err(_) => {
                self.stalls.inc();
                self.stalled_until_ms
                    .store(crate::state::now_ms() + STALL_PAUSE_MS, Ordering::Relaxed);
                self.mark(Err("no answer within --shared-timeout"));
                None
            }
        }
    }

    /// One routing decision over `candidates` (snapshot indexes in routing order): `None` when
    /// Redis could not be asked.
    async fn pick_in_redis(
        &self,
        snap: &Snapshot,
        candidates: &[usize],
        tokens: u64,
    ) -> Option<FleetPick> {
        if candidates.is_empty() {
            return Some(FleetPick::Exhausted(None));
        }
        let mut cmd = eval(&self.pick, 4 * candidates.len(), 2 + 3 * candidates.len());
        self.pick_keys(&mut cmd, snap, candidates);
        self.pick_args(&mut cmd, snap, candidates, tokens);
        let (index, kind, ms): (usize, i64, i64) = self.run(&self.pick, &cmd).await?;
        Some(fleet_pick(index, kind, ms))
    }

    /// PICK's keys for `candidates`: four each.
    fn pick_keys(&self, cmd: &mut redis::Cmd, snap: &Snapshot, candidates: &[usize]) {
        for &i in candidates {
            let name = &*snap.backends[i].name;
            for what in ["tat", "cool", "trickle", "tpm"] {
                self.push_key(cmd, name, what);
            }
        }
    }

    /// PICK's arguments for `candidates`.
    fn pick_args(&self, cmd: &mut redis::Cmd, snap: &Snapshot, candidates: &[usize], tokens: u64) {
        let emergency_fraction = self.local.policy.emergency_fraction;
        cmd.arg(candidates.len()).arg(tokens);
        for &i in candidates {
            let b = &snap.backends[i];
            cmd.arg(b.rpm)
                .arg(f64::from(b.rpm) * emergency_fraction)
                .arg(b.tpm);
        }
    }

    /// A 429 from `provider`: cools it for the whole fleet. Returns the level and duration.
    async fn cool_in_redis(
        &self,
        provider: &str,
        base: Duration,
        cap: Duration,
        retry_after: Option<Duration>,
        trickle: bool,
    ) -> Option<(u32, Duration)> {
        let ms = |d: Duration| u64::try_from(d.as_millis()).unwrap_or(u64::MAX);
        let mut cmd = eval(&self.cool, 2, 4);
        self.push_key(&mut cmd, provider, "cool");
        self.push_key(&mut cmd, provider, "level");
        cmd.arg(ms(base))
            .arg(ms(cap))
            .arg(retry_after.map_or(0, ms))
            .arg(u8::from(trickle));
        let (level, duration_ms): (u32, u64) = self.run(&self.cool, &cmd).await?;
        Some((level, Duration::from_millis(duration_ms)))
    }

    /// The provider where response `id` lives: this sidecar's memory, else the fleet's.
    pub async fn home(&self, id: &str) -> Option<Arc<str>> {
        if let Some(p) = self.local.homes.get(id) {
            return Some(p);
        }
        let mut conn = self.conn.clone();
        let found: Option<String> = self
            .call(
                redis::cmd("GET")
                    .arg(self.home_key(id))
                    .query_async(&mut conn),
            )
            .await
            .flatten();
        let provider: Arc<str> = Arc::from(found?.as_str());
        self.local.homes.insert(id, provider.clone());
        Some(provider)
    }

    fn home_key(&self, id: &str) -> String {
        format!("{}:resp:{id}", self.name)
    }

    /// Queues a settlement; the settler sends what queued up meanwhile in one pipeline, so
    /// under load many requests share a round trip.
    pub fn settle_later(&self, s: Settlement) {
        let _ = self.settlements.send(s);
    }

    /// A reservation id unique in the fleet: this sidecar's and a counter.
    fn reservation_id(&self) -> String {
        let n = self.reservations.fetch_add(1, Ordering::Relaxed);
        format!("{}/{n}", self.member.id)
    }

    /// Per budget of `client`, its hash for the period (`used`, `reserved`, notices) and the
    /// sorted set of its reservations: `{fleet}:c:{client}:{unit}:{period}:{start ms}[:r]`.
    fn budget_keys(&self, cmd: &mut redis::Cmd, client: &str, budgets: &[FleetBudget]) {
        for f in budgets {
            let start = f.period_start_ms.to_string();
            let (unit, period) = (f.budget.unit.as_str(), f.budget.period.as_str());
            for suffix in ["", ":r"] {
                let key = [
                    &self.name, ":c:", client, ":", unit, ":", period, ":", &start, suffix,
                ];
                concat_arg(cmd, &key);
            }
        }
    }

    /// ADMIT's arguments: the budgets, reserved under `id`.
    fn admit_args(&self, cmd: &mut redis::Cmd, budgets: &[FleetBudget], id: &str) {
        cmd.arg(budgets.len())
            .arg(id)
            .arg(u64::try_from(HOLD_LAPSES.as_millis()).unwrap_or(u64::MAX))
            .arg(&self.seeder);
        let now = crate::state::now_ms();
        for f in budgets {
            cmd.arg(f.budget.amount)
                .arg(f.reserved)
                .arg(f.seed)
                // Kept an hour past its period, for settlements still on their way.
                .arg((f.period_end_ms - now).max(0) + 3_600_000);
        }
    }

    /// Why `gate` is paused, here or fleet-wide.
    fn paused(&self, gate: &Gate) -> Option<Arc<str>> {
        gate.paused
            .clone()
            .or_else(|| self.paused.load().get(&*gate.name).cloned())
    }

    /// The batch's settlements as calls: the budget settlements of one client's same budgets
    /// fold into one, and so do one provider's TPM corrections, as under load a batch holds
    /// many of each. Each call lists its settlements (indexes into `batch`), first as found.
    fn calls(batch: &[Settlement]) -> Vec<Vec<usize>> {
        #[derive(PartialEq, Eq, Hash)]
        enum Fold<'a> {
            Budgets(&'a str, Vec<(Budget, i64)>),
            Tokens(&'a str, u32),
        }
        let mut calls: Vec<Vec<usize>> = Vec::new();
        let mut folded: HashMap<Fold<'_>, usize> = HashMap::new();
        for (i, s) in batch.iter().enumerate() {
            let fold = match s {
                Settlement::Budget {
                    client, budgets, ..
                } => Fold::Budgets(
                    client,
                    budgets
                        .iter()
                        .map(|f| (f.budget, f.period_start_ms))
                        .collect(),
                ),
                Settlement::Tokens { provider, tpm, .. } => Fold::Tokens(provider, *tpm),
                Settlement::Home { .. } | Settlement::Spent { .. } => {
                    calls.push(vec![i]);
                    continue;
                }
            };
            if let Some(&at) = folded.get(&fold) {
                calls[at].push(i);
            } else {
                folded.insert(fold, calls.len());
                calls.push(vec![i]);
            }
        }
        calls
    }

    /// The script call of the settlements `call` of `batch` (`None`: a plain command, see
    /// `settle_batch`).
    fn invocation(&self, batch: &[Settlement], call: &[usize]) -> Option<redis::Cmd> {
        Some(match &batch[call[0]] {
            Settlement::Home { .. } | Settlement::Spent { .. } => return None,
            Settlement::Tokens { provider, tpm, .. } => {
                let delta: i64 = call
                    .iter()
                    .map(|&i| match &batch[i] {
                        Settlement::Tokens { delta, .. } => *delta,
                        _ => 0,
                    })
                    .sum();
                let mut cmd = eval(&self.settle_tokens, 1, 2);
                self.push_key(&mut cmd, provider, "tpm");
                cmd.arg(tpm).arg(delta);
                cmd
            }
            Settlement::Budget {
                client, budgets, ..
            } => {
                // Per request folded in: its reservation id, its budgets (what it reserved) and
                // what it used.
                let holds: Vec<(&str, &[FleetBudget], &[u64])> = call
                    .iter()
                    .filter_map(|&i| match &batch[i] {
                        Settlement::Budget {
                            id, budgets, used, ..
                        } => Some((id.as_str(), budgets.as_slice(), used.as_slice())),
                        _ => None,
                    })
                    .collect();
                let k = holds.len();
                let mut cmd = eval(
                    &self.settle,
                    2 * budgets.len(),
                    2 + k + budgets.len() * (2 + k),
                );
                self.budget_keys(&mut cmd, client, budgets);
                cmd.arg(budgets.len()).arg(holds.len());
                for (id, ..) in &holds {
                    cmd.arg(*id);
                }
                for (b, f) in budgets.iter().enumerate() {
                    let used: u64 = holds.iter().map(|(_, _, used)| used[b]).sum();
                    cmd.arg(f.budget.amount).arg(used);
                    for (_, theirs, _) in &holds {
                        cmd.arg(theirs[b].reserved);
                    }
                }
                cmd
            }
        })
    }

    /// A settlement that is a plain command, not a script.
    fn plain(&self, pipe: &mut redis::Pipeline, s: &Settlement) {
        match s {
            Settlement::Spent {
                client,
                tokens,
                nusd,
            } => {
                pipe.cmd("HSET")
                    .arg(format!("{}:spent:{client}", self.name))
                    .arg(format!("{}:t", self.seeder))
                    .arg(tokens)
                    .arg(format!("{}:n", self.seeder))
                    .arg(nusd);
            }
            Settlement::Home { id, provider } => {
                pipe.cmd("SET")
                    .arg(self.home_key(id))
                    .arg(&**provider)
                    .arg("PX")
                    .arg(u64::try_from(HOME_TTL.as_millis()).unwrap_or(u64::MAX));
            }
            Settlement::Tokens { .. } | Settlement::Budget { .. } => {}
        }
    }

    /// Sends a batch of settlements in one pipeline and tells the writer of budget levels
    /// first reached.
    async fn settle_batch(&self, batch: Vec<Settlement>) {
        let calls = Self::calls(&batch);
        let mut pipe = redis::pipe();
        for call in &calls {
            match self.invocation(&batch, call) {
                Some(cmd) => {
                    pipe.add_command(cmd);
                }
                None => self.plain(&mut pipe, &batch[call[0]]),
            }
        }
        // Not sent: the reservations lapse by themselves (HOLD_LAPSES).
        let Some(answers) = self.send_in_background(&pipe).await else {
            return;
        };
        for (call, answer) in calls.iter().zip(answers) {
            let Settlement::Budget {
                client,
                budgets,
                meters,
                events,
                ..
            } = &batch[call[0]]
            else {
                continue;
            };
            let Ok(totals) = redis::from_redis_value::<Vec<(u64, u8, u8)>>(answer) else {
                continue;
            };
            told(client, budgets, meters, events, totals);
        }
    }

    /// Sends a pipeline of the background's calls (its scripts loaded first, as a pipeline
    /// does not load them itself: until Redis has them, and again after it forgot them — a
    /// restart, SCRIPT FLUSH); `None` when Redis could not be asked.
    async fn send_in_background(&self, pipe: &redis::Pipeline) -> Option<Vec<redis::Value>> {
        for _ in 0..2 {
            let mut conn = self.conn.clone();
            let sent = async {
                if !self.background_loaded.load(Ordering::Relaxed) {
                    redis::pipe()
                        .load_script(&self.settle)
                        .ignore()
                        .load_script(&self.settle_tokens)
                        .ignore()
                        .load_script(&self.lease)
                        .ignore()
                        .query_async::<()>(&mut conn)
                        .await?;
                    self.background_loaded.store(true, Ordering::Relaxed);
                }
                pipe.query_async::<Vec<redis::Value>>(&mut conn).await
            };
            match tokio::time::timeout(self.timeout, sent).await {
                Ok(Ok(got)) => {
                    self.mark(Ok(()));
                    return Some(got);
                }
                Ok(Err(e))
                    if e.kind() == redis::ErrorKind::Server(redis::ServerErrorKind::NoScript) =>
                {
                    self.background_loaded.store(false, Ordering::Relaxed);
                }
                Ok(Err(e)) => {
                    self.mark(Err(&cause(&e)));
                    return None;
                }
                Err(_) => {
                    self.mark(Err("no answer within --shared-timeout"));
                    return None;
                }
            }
        }
        None
    }

    /// Draws a request on its client's lease, if that has room (`None`: admit it in Redis,
    /// its seeds less what the lease will still report). The first requests of a client make
    /// its lease, asked for in the background.
    fn draw_on_lease(
        &self,
        gate: &Gate,
        budgets: &mut [FleetBudget],
        events: &EventSender,
    ) -> Option<Arc<Hold>> {
        if !self.leasing {
            return None;
        }
        let now_ms = crate::state::now_ms();
        let lease = {
            let mut leases = self.leases();
            if let Some(lease) = leases
                .by_client
                .get(&*gate.name)
                .filter(|l| l.fits(budgets))
            {
                lease.clone()
            } else {
                let lease = Arc::new(Lease::new(
                    gate.name.clone(),
                    budgets,
                    gate.meters.clone(),
                    events.clone(),
                    format!("{}/lease", self.reservation_id()),
                ));
                if let Some(old) = leases.by_client.insert(gate.name.clone(), lease.clone()) {
                    old.retire();
                    leases.retired.push(old);
                }
                lease
            }
        };
        let Some(low) = lease.draw(budgets, now_ms) else {
            // Should this admission seed a period Redis forgot, the lease adds the rest.
            for (b, unreported) in budgets.iter_mut().zip(lease.unreported()) {
                b.seed = b.seed.saturating_sub(unreported);
            }
            return None;
        };
        if low {
            self.lease_due.notify_one();
        }
        let reserved = budgets.iter().map(|b| b.reserved).collect();
        Some(gate.hold_elsewhere(events, Box::new(Drawn { lease, reserved })))
    }

    /// Sends the leases' renewals that are due in one pipeline (`release`: every slice given
    /// back, as the sidecar stops) and forgets the leases no longer needed.
    async fn renew_leases(&self, release: bool) {
        let now_ms = crate::state::now_ms();
        let all: Vec<Arc<Lease>> = {
            let leases = self.leases();
            leases
                .by_client
                .values()
                .chain(&leases.retired)
                .cloned()
                .collect()
        };
        if release {
            for lease in &all {
                lease.retire();
            }
        }
        let due: Vec<(&Arc<Lease>, Report)> = all
            .iter()
            .filter_map(|l| l.due(now_ms).map(|r| (l, r)))
            .collect();
        if !due.is_empty() {
            let mut pipe = redis::pipe();
            for (lease, report) in &due {
                pipe.add_command(self.lease_call(lease, report));
            }
            let mut answers = self.send_in_background(&pipe).await.map(Vec::into_iter);
            let now_ms = crate::state::now_ms();
            for (lease, report) in &due {
                let answer = answers.as_mut().and_then(Iterator::next);
                let Some(Ok(got)) =
                    answer.map(redis::from_redis_value::<Vec<(u64, u8, u8, u64, u8)>>)
                else {
                    lease.failed(now_ms);
                    continue;
                };
                let granted = got.iter().all(|g| g.4 == 1);
                let slice = got.iter().map(|g| g.3).collect();
                lease.renewed(report, slice, granted, now_ms);
                let totals = got
                    .into_iter()
                    .map(|(used, warn, over, ..)| (used, warn, over));
                told(
                    &lease.client,
                    &lease.budgets,
                    &lease.meters,
                    &lease.events,
                    totals,
                );
            }
        }
        let mut leases = self.leases();
        leases.by_client.retain(|_, l| !l.finished(now_ms));
        leases.retired.retain(|l| !l.finished(now_ms));
    }

    fn leases(&self) -> std::sync::MutexGuard<'_, Leases> {
        self.leases.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Gives back every budget slice this sidecar holds (reporting what was used), as it
    /// stops; what is still in flight then lapses with its slice.
    pub async fn release_leases(&self) {
        // A few rounds: a renewal the keeper has on its way is waited for, then given back.
        for _ in 0..5 {
            self.renew_leases(true).await;
            let left = {
                let leases = self.leases();
                leases.by_client.len() + leases.retired.len()
            };
            if left == 0 {
                break;
            }
            tokio::time::sleep(lease::TICK / 5).await;
        }
        // Whatever could not be given back lapses in Redis; the leases (and the event senders
        // they hold, which the writer waits on) go now.
        *self.leases() = Leases::default();
    }

    /// The LEASE call renewing `lease` as `report` says.
    fn lease_call(&self, lease: &Lease, report: &Report) -> redis::Cmd {
        let n = lease.budgets.len();
        let mut cmd = eval(&self.lease, 2 * n, 5 + 8 * n);
        self.budget_keys(&mut cmd, &lease.client, &lease.budgets);
        cmd.arg(n)
            .arg(&lease.id)
            .arg(u64::try_from(lease::LAPSES.as_millis()).unwrap_or(u64::MAX))
            .arg(&self.seeder)
            .arg(self.members());
        let now = crate::state::now_ms();
        for (i, (f, meter)) in lease.budgets.iter().zip(&lease.meters).enumerate() {
            // A period Redis forgot is seeded with what this host spent before the requests
            // this renewal reports (added next).
            let seed = meter.used(now).saturating_sub(report.consumed[i]);
            cmd.arg(f.budget.amount)
                .arg(report.consumed[i])
                .arg(report.old[i])
                .arg(report.in_flight[i])
                .arg(report.want[i])
                .arg(report.min[i])
                .arg(seed)
                .arg((f.period_end_ms - now).max(0) + 3_600_000);
        }
        cmd
    }

    /// A request through the trickle succeeded: the provider is back for the whole fleet.
    async fn end_cooldown(&self, provider: &str) {
        let mut conn = self.conn.clone();
        let keys = [self.key(provider, "cool"), self.key(provider, "level")];
        let _: Option<()> = self
            .call(redis::cmd("DEL").arg(&keys).query_async(&mut conn))
            .await;
    }

    /// The upstream refused `provider`'s key: every sidecar stops using it until its provider
    /// changes on that host.
    pub(super) async fn key_rejected(&self, provider: &str) {
        let mut conn = self.conn.clone();
        let _: Option<()> = self
            .call(
                redis::cmd("SET")
                    .arg(self.key(provider, "keyerr"))
                    .arg(crate::state::now_ms())
                    .arg("PX")
                    .arg(KEY_ERROR_TTL_MS)
                    .query_async(&mut conn),
            )
            .await;
    }

    /// Says this sidecar is alive, counts the live members, and returns what the fleet knows
    /// of each backend of `snap`.
    pub async fn sync(&self, snap: &Snapshot, requests_per_minute: u64) -> Option<Vec<Seen>> {
        let now = crate::state::now_ms();
        let mut member = self.member.clone();
        member.last_seen_ms = now;
        member.requests_per_minute = requests_per_minute;
        member.shared_up = self.is_up();
        let info = serde_json::to_string(&member).unwrap_or_default();
        let members = format!("{}:members", self.name);
        let mut pipe = redis::pipe();
        pipe.cmd("SET")
            .arg(format!("{}:member:{}", self.name, member.id))
            .arg(info)
            .arg("PX")
            .arg(MEMBER_TTL_MS)
            .ignore()
            .cmd("ZADD")
            .arg(&members)
            .arg(now)
            .arg(&member.id)
            .ignore()
            .cmd("ZREMRANGEBYSCORE")
            .arg(&members)
            .arg("-inf")
            .arg(now - MEMBER_TTL_MS)
            .ignore()
            .cmd("PEXPIRE")
            .arg(&members)
            .arg(MEMBER_TTL_MS * 10)
            .ignore()
            .cmd("ZCARD")
            .arg(&members)
            .cmd("HGETALL")
            .arg(format!("{}:paused", self.name));
        let mut conn = self.conn.clone();
        if snap.backends.is_empty() {
            let (count, paused): (u32, HashMap<String, String>) =
                self.call(pipe.query_async(&mut conn)).await?;
            self.members.store(count.max(1), Ordering::Relaxed);
            self.set_paused(paused);
            return Some(Vec::new());
        }
        let keys = |what: &str| {
            snap.backends
                .iter()
                .map(|b| self.key(&b.name, what))
                .collect::<Vec<_>>()
        };
        pipe.cmd("MGET").arg(keys("keyerr"));
        pipe.cmd("MGET").arg(keys("cool"));
        let (count, paused, errors, cools): Synced = self.call(pipe.query_async(&mut conn)).await?;
        self.members.store(count.max(1), Ordering::Relaxed);
        self.set_paused(paused);
        #[expect(clippy::cast_possible_truncation, reason = "unix ms fit in i64")]
        let cools = cools.into_iter().map(|c| c.map_or(0, |c| c as i64));
        Some(
            errors
                .into_iter()
                .zip(cools)
                .map(|(key_error_ms, cool_until_ms)| Seen {
                    key_error_ms: key_error_ms.unwrap_or_default(),
                    cool_until_ms,
                })
                .collect(),
        )
    }
}

/// What a sync reads: live members, paused clients, key errors and cooldowns per backend.
type Synced = (
    u32,
    HashMap<String, String>,
    Vec<Option<i64>>,
    Vec<Option<f64>>,
);

impl Fleet {
    fn set_paused(&self, paused: HashMap<String, String>) {
        let paused: HashMap<String, Arc<str>> =
            paused.into_iter().map(|(c, w)| (c, Arc::from(w))).collect();
        if **self.paused.load() != paused {
            tracing::info!(clients = paused.len(), "fleet-wide client pauses changed");
            self.paused.store(Arc::new(paused));
        }
    }
}

/// The candidates of `route` in routing order (pools in order, round-robin within each),
/// leaving out those already tried and those this sidecar cannot use.
fn candidates(snap: &Snapshot, route: &Route, tried: &[usize], now_ns: u64) -> Vec<usize> {
    use super::backend::Availability;
    let start = route
        .next
        .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let mut out = Vec::new();
    for pool in &route.pools {
        let n = pool.len();
        for k in 0..n {
            let idx = pool[(start + k) % n];
            // A provider at its concurrency cap (a local count) is left out like a down one.
            let usable = |b: &Backend| {
                !matches!(
                    b.rt.state(now_ns),
                    Availability::KeyRejected | Availability::Down
                ) && !b.rt.full(b.max_in_flight)
            };
            if !tried.contains(&idx) && usable(&snap.backends[idx]) {
                out.push(idx);
            }
        }
    }
    out
}

/// The live members of `fleet` on a connection.
async fn read_members(
    conn: &mut impl redis::aio::ConnectionLike,
    fleet: &str,
) -> redis::RedisResult<Vec<Member>> {
    let now = crate::state::now_ms();
    let ids: Vec<String> = redis::cmd("ZRANGEBYSCORE")
        .arg(format!("{fleet}:members"))
        .arg(now - MEMBER_TTL_MS)
        .arg("+inf")
        .query_async(conn)
        .await?;
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let infos: Vec<Option<String>> = redis::cmd("MGET")
        .arg(
            ids.iter()
                .map(|id| format!("{fleet}:member:{id}"))
                .collect::<Vec<_>>(),
        )
        .query_async(conn)
        .await?;
    let mut members: Vec<Member> = infos
        .into_iter()
        .flatten()
        .filter_map(|i| serde_json::from_str(&i).ok())
        .collect();
    members.sort_by(|a, b| a.host.cmp(&b.host).then(a.pid.cmp(&b.pid)));
    Ok(members)
}

impl Fleet {
    /// The fleet's name.
    pub fn fleet(&self) -> &str {
        &self.name
    }

    /// The fleet's live members, through this sidecar's connection (`None`: Redis is away).
    pub async fn list_members(&self) -> Option<Vec<Member>> {
        let mut conn = self.conn.clone();
        self.call(read_members(&mut conn, &self.name)).await
    }
}

/// `sidecar fleet`: the live members of a fleet, read straight from Redis.
pub async fn members(url: &str, fleet: &str) -> Result<Vec<Member>, String> {
    let mut conn = connect(url).await?;
    read_members(&mut conn, fleet)
        .await
        .map_err(|e| format!("{:?}", e.kind()))
}

/// `provider cooldown clear` in a fleet: ends `provider`'s shared cooldown and its level, so
/// every sidecar routes to it again at once.
pub async fn clear_cooldown(url: &str, fleet: &str, provider: &str) -> Result<(), String> {
    let mut conn = connect(url).await?;
    let keys = [key(fleet, provider, "cool"), key(fleet, provider, "level")];
    redis::cmd("DEL")
        .arg(&keys)
        .query_async::<()>(&mut conn)
        .await
        .map_err(|e| cause(&e))
}

/// Each client's spend so far summed over the fleet's hosts: (tokens, nano-USD).
pub async fn spent(
    url: &str,
    fleet: &str,
    clients: &[String],
) -> Result<HashMap<String, (u64, u64)>, String> {
    let mut conn = connect(url).await?;
    let mut pipe = redis::pipe();
    for c in clients {
        pipe.cmd("HGETALL").arg(format!("{fleet}:spent:{c}"));
    }
    let hosts: Vec<HashMap<String, u64>> =
        pipe.query_async(&mut conn).await.map_err(|e| cause(&e))?;
    Ok(clients
        .iter()
        .zip(hosts)
        .map(|(c, fields)| {
            let sum = |suffix: &str| {
                fields
                    .iter()
                    .filter(|(k, _)| k.ends_with(suffix))
                    .map(|(_, v)| *v)
                    .fold(0u64, u64::saturating_add)
            };
            (c.clone(), (sum(":t"), sum(":n")))
        })
        .collect())
}

/// Pauses `client` on every sidecar of the fleet (`why` is said to it), or with `None` lifts
/// the pause. Sidecars see it at their next sync (within half a second).
pub async fn pause(url: &str, fleet: &str, client: &str, why: Option<&str>) -> Result<(), String> {
    let mut conn = connect(url).await?;
    let key = format!("{fleet}:paused");
    let mut cmd = redis::cmd(if why.is_some() { "HSET" } else { "HDEL" });
    cmd.arg(&key).arg(client);
    if let Some(why) = why {
        cmd.arg(why);
    }
    cmd.query_async::<()>(&mut conn)
        .await
        .map_err(|e| cause(&e))
}

/// A connection for a one-off command from the CLI, bounded to 2 s.
async fn connect(url: &str) -> Result<redis::aio::MultiplexedConnection, String> {
    let client = redis::Client::open(url).map_err(|e| format!("{:?}", e.kind()))?;
    tokio::time::timeout(
        Duration::from_secs(2),
        client.get_multiplexed_async_connection(),
    )
    .await
    .map_err(|_| "Redis did not answer within 2s".to_owned())?
    .map_err(|e| cause(&e))
}
