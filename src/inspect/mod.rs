//! `inspect`: the runbook's server checklist over SSH, many hosts at once. Each host gets one
//! session and one round trip (a batched script); hosts run in parallel on a bounded pool of
//! threads, each bounded by its own timeout, so a dead host never holds up the others.

mod baseline;
pub mod checks;
mod logs;
mod predeploy;
mod report;

pub use self::predeploy::{BackupOutcome, Predeploy, backups_before_deploy};
pub use self::report::{History, Host, Hosts, Inspection, View};

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde::Serialize;

use self::checks::{CheckResult, DEFAULT_SERVICES, Judge, Thresholds};
use crate::crypto::{self, MasterKey, Secret};
use crate::exit::Status;
use crate::ssh;
pub use crate::ssh::{KnownHosts, own_known_hosts};
use crate::state::inspect::{self as rows, HostFields, HostRow, ResultRow};
use crate::state::{self, Store, now_ms, settings};

pub use crate::error::Error;
use crate::error::invalid;

/// Associated data of a host's sealed password.
pub fn password_aad(id: i64) -> String {
    crypto::aad("inspect_hosts", id, "password_sealed")
}

/// A host's settings as given on `host add` or `host set`: `None` (or an empty list) keeps
/// the current value (on `add`, the default).
#[derive(Debug, Clone, Default)]
pub struct HostSettings {
    pub addr: Option<String>,
    pub port: Option<u16>,
    pub user: Option<String>,
    pub identity: Option<PathBuf>,
    pub password: Option<Secret>,
    pub groups: Vec<String>,
    pub services: Option<Vec<String>>,
    pub ports: Option<Vec<u16>>,
    /// Added to (or replacing) the host's own.
    pub thresholds: Vec<Threshold>,
}

/// One threshold setting, `NAME=VALUE` as given; the value is checked against the name where
/// it is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Threshold {
    pub name: String,
    pub value: String,
}

impl std::str::FromStr for Threshold {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        let (name, value) = text
            .split_once('=')
            .ok_or_else(|| format!("threshold {text:?}: expected NAME=VALUE, e.g. disk_warn=75"))?;
        Ok(Self {
            name: name.trim().to_owned(),
            value: value.trim().to_owned(),
        })
    }
}

/// Adds a host (`replace` false) or changes the given settings of one; returns it.
pub fn save_host(
    store: &mut Store,
    key: Option<&MasterKey>,
    name: &str,
    given: HostSettings,
    replace: bool,
) -> Result<HostRow, Error> {
    if given.password.is_some() && key.is_none() {
        return Err(invalid(
            "storing a password needs the master key: run `bizwings init`",
        ));
    }
    let old = if replace {
        Some(host(store, name)?)
    } else {
        None
    };
    let password = given.password.clone();
    let row = host_row(name, given, old.as_ref())?;
    let seal = |id: i64| match (key, &password) {
        (Some(k), Some(pw)) => k.seal(&password_aad(id), pw.expose().as_bytes()),
        _ => Vec::new(),
    };
    let with_password = password.is_some();
    store.write(|tx| {
        rows::save(
            tx,
            &HostFields::of(&row),
            replace,
            with_password.then_some(&seal as &dyn Fn(i64) -> Vec<u8>),
        )
    })?;
    host(store, name)
}

/// The host `given` describes over `old` (its current settings, if any), checked: name,
/// address, services, identity file, thresholds. The password is sealed where it is stored.
pub fn host_row(name: &str, given: HostSettings, old: Option<&HostRow>) -> Result<HostRow, Error> {
    crate::config::validate_name("host", name).map_err(Error::Invalid)?;
    let addr = given
        .addr
        .or_else(|| old.map(|h| h.addr.clone()))
        .ok_or_else(|| invalid("an address is required"))?;
    if addr.trim().is_empty() || addr.contains(char::is_whitespace) {
        return Err(invalid(format!("invalid address {addr:?}")));
    }
    let services = given
        .services
        .or_else(|| old.and_then(|h| h.services.clone()));
    if let Some(bad) = services
        .iter()
        .flatten()
        .find(|s| !checks::valid_service(s))
    {
        return Err(invalid(format!("invalid service name {bad:?}")));
    }
    let identity = given
        .identity
        .or_else(|| old.and_then(|h| h.identity_path.as_ref().map(PathBuf::from)));
    if let Some(identity) = &identity
        && !identity.is_file()
    {
        return Err(invalid(format!(
            "identity file {} does not exist",
            identity.display()
        )));
    }
    let mut thresholds = old.map(|h| h.thresholds.clone()).unwrap_or_default();
    for t in given.thresholds {
        thresholds.insert(t.name, t.value);
    }
    Thresholds::default()
        .with(&thresholds)
        .map_err(Error::Invalid)?;
    let groups = if given.groups.is_empty() {
        old.map(|h| h.groups.clone()).unwrap_or_default()
    } else {
        given.groups
    };
    let ports = given
        .ports
        .or_else(|| old.map(|h| h.ports.clone()))
        .unwrap_or_default();
    Ok(HostRow {
        id: old.map_or(0, |h| h.id),
        name: name.to_owned(),
        addr: addr.trim().to_owned(),
        port: given.port.or(old.map(|h| h.port)).unwrap_or(22),
        user: given
            .user
            .or_else(|| old.map(|h| h.user.clone()))
            .unwrap_or_else(|| "root".into()),
        identity_path: identity.map(|p| p.display().to_string()),
        password_sealed: old.and_then(|h| h.password_sealed.clone()),
        groups,
        services,
        ports,
        thresholds,
        password_ref: old.map(|h| h.password_ref.clone()).unwrap_or_default(),
    })
}

/// `inspect threshold set [--group G] NAME=VALUE`.
pub fn set_threshold(store: &mut Store, group: Option<&str>, t: &Threshold) -> Result<(), Error> {
    set_global_threshold(store, group, &t.name, &t.value)
}

/// The inventory.
pub fn hosts(store: &mut Store) -> Result<Vec<HostRow>, Error> {
    Ok(store.read(rows::list)?)
}

/// One host.
pub fn host(store: &mut Store, name: &str) -> Result<HostRow, Error> {
    Ok(store.read(|tx| rows::get(tx, name))?)
}

/// Removes a host from the inventory.
pub fn remove_host(store: &mut Store, name: &str) -> Result<(), Error> {
    Ok(store.write(|tx| rows::remove(tx, name))?)
}

/// How to run.
#[derive(Debug, Clone)]
pub struct RunOptions {
    pub concurrency: usize,
    pub timeout: Duration,
    pub accept_new: bool,
    /// bizwings' own known_hosts file.
    pub known_hosts: PathBuf,
    /// The deployment pre-checks instead of the checklist.
    pub predeploy: Option<Predeploy>,
}

/// One host's outcome.
#[derive(Debug, Clone, Serialize)]
pub struct HostReport {
    pub host: String,
    pub addr: String,
    pub status: Status,
    pub duration_ms: u64,
    pub checks: Vec<CheckResult>,
    /// Why the host could not be checked, when it could not.
    pub error: Option<String>,
    /// Where this run stopped reading the host's logs and counters.
    #[serde(skip)]
    pub marks: Option<BTreeMap<String, String>>,
}

/// The hosts a run checks: those named, else the group's, else all; none when only this
/// machine is asked for (`local` and nothing else). Nothing to check at all is an error.
pub fn targets(
    store: &mut Store,
    names: &[String],
    group: Option<&str>,
    all: bool,
    local: bool,
) -> Result<Vec<HostRow>, Error> {
    if local && names.is_empty() && group.is_none() && !all {
        return Ok(Vec::new());
    }
    let every = hosts(store)?;
    let chosen: Vec<HostRow> = if names.is_empty() {
        every
            .into_iter()
            .filter(|h| group.is_none_or(|g| h.groups.iter().any(|x| x == g)))
            .collect()
    } else {
        names
            .iter()
            .map(|n| {
                every
                    .iter()
                    .find(|h| &h.name == n)
                    .cloned()
                    .ok_or_else(|| Error::State(state::Error::NotFound(format!("host {n:?}"))))
            })
            .collect::<Result<_, _>>()?
    };
    if chosen.is_empty() && !local {
        return Err(Error::Invalid(
            "no hosts to inspect: add some with `bizwings inspect host add`, or use --local".into(),
        ));
    }
    Ok(chosen)
}

/// The `system_config` prefix of a group's thresholds (`inspect-group.GROUP.NAME`); apart
/// from `inspect.*`, the global ones.
pub const GROUP_PREFIX: &str = "inspect-group.";

/// The stored settings under `prefix`, by name.
fn stored(store: &mut Store, prefix: &str) -> Result<BTreeMap<String, String>, Error> {
    Ok(store
        .read(settings::all)?
        .into_iter()
        .filter_map(|(k, v)| k.strip_prefix(prefix).map(|k| (k.to_owned(), v)))
        .collect())
}

/// Global thresholds: defaults under `inspect.*` keys of `system_config`.
fn global_thresholds(store: &mut Store) -> Result<Thresholds, Error> {
    Thresholds::default()
        .with(&stored(store, "inspect.")?)
        .map_err(|e| invalid(format!("system_config inspect.*: {e}")))
}

/// Each group's own thresholds (over the global ones, under a host's own).
fn group_thresholds(
    store: &mut Store,
) -> Result<BTreeMap<String, BTreeMap<String, String>>, Error> {
    let mut groups: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for (key, value) in stored(store, GROUP_PREFIX)? {
        if let Some((group, name)) = key.rsplit_once('.') {
            groups
                .entry(group.to_owned())
                .or_default()
                .insert(name.to_owned(), value);
        }
    }
    Ok(groups)
}

/// The thresholds in force, globally or for `group`, each with where it comes from.
pub fn threshold_list(store: &mut Store, group: Option<&str>) -> Result<report::Thresholds, Error> {
    let global = stored(store, "inspect.")?;
    let own = match group {
        Some(g) => group_thresholds(store)?.remove(g).unwrap_or_default(),
        None => BTreeMap::new(),
    };
    let in_force = global_thresholds(store)?
        .with(&own)
        .map_err(Error::Invalid)?;
    let values = serde_json::to_value(in_force).map_err(|e| invalid(e.to_string()))?;
    let thresholds = values
        .as_object()
        .into_iter()
        .flatten()
        .map(|(name, value)| report::Threshold {
            value: value.clone(),
            source: if own.contains_key(name) {
                "group"
            } else if global.contains_key(name) {
                "global"
            } else {
                "default"
            },
            name: name.clone(),
        })
        .collect();
    Ok(report::Thresholds { thresholds })
}

/// Sets a threshold for every host (`system_config` key `inspect.NAME`) or for a group's hosts
/// (`inspect-group.GROUP.NAME`), checked together with the others in force (a warning level
/// above its critical level is refused).
pub fn set_global_threshold(
    store: &mut Store,
    group: Option<&str>,
    name: &str,
    value: &str,
) -> Result<(), Error> {
    let mut global = stored(store, "inspect.")?;
    let key = match group {
        None => {
            global.insert(name.to_owned(), value.to_owned());
            format!("inspect.{name}")
        }
        Some(g) => {
            crate::config::validate_name("group", g).map_err(Error::Invalid)?;
            let mut own = group_thresholds(store)?.remove(g).unwrap_or_default();
            own.insert(name.to_owned(), value.to_owned());
            Thresholds::default()
                .with(&global)
                .and_then(|t| t.with(&own))
                .map_err(Error::Invalid)?;
            format!("{GROUP_PREFIX}{g}.{name}")
        }
    };
    Thresholds::default()
        .with(&global)
        .map_err(Error::Invalid)?;
    Ok(store.write(|tx| settings::set(tx, &key, value))?)
}

/// Inspects `hosts` in parallel (and this machine when `local`), records the results, and
/// returns one report per host in the order given.
pub fn run(
    store: &mut Store,
    key: Option<&MasterKey>,
    hosts: &[HostRow],
    local: bool,
    opts: &RunOptions,
    progress: &indicatif::ProgressBar,
) -> Result<Vec<HostReport>, Error> {
    let global = global_thresholds(store)?;
    let groups = group_thresholds(store)?;
    let mut marks = store.read(rows::marks)?;
    let known = KnownHosts {
        user_file: ssh::user_known_hosts(),
        own_file: opts.known_hosts.clone(),
        accept_new: opts.accept_new,
    };
    let mut jobs: Vec<Job> = Vec::new();
    if let Some(p) = &opts.predeploy {
        p.validate().map_err(Error::Invalid)?;
    }
    if local {
        jobs.push(Job::local(global.clone(), marks.remove("localhost")));
    }
    for h in hosts {
        // Global, then each of the host's groups in its order, then its own.
        let mut base = global.clone();
        for g in h.groups.iter().filter_map(|g| groups.get(g)) {
            base = base
                .with(g)
                .map_err(|e| invalid(format!("host {}: group thresholds: {e}", h.name)))?;
        }
        jobs.push(Job::remote(h, key, base, marks.remove(&h.name))?);
    }
    progress.set_length(jobs.len() as u64);
    let results: Vec<Mutex<Option<HostReport>>> = jobs.iter().map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..opts.concurrency.clamp(1, jobs.len().max(1)) {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(job) = jobs.get(i) else { break };
                    let report = job.run(&known, opts.timeout, opts.predeploy.as_ref());
                    progress.inc(1);
                    if let Ok(mut slot) = results[i].lock() {
                        *slot = Some(report);
                    }
                }
            });
        }
    });
    progress.finish_and_clear();
    let reports: Vec<HostReport> = results
        .into_iter()
        .filter_map(|m| m.into_inner().ok().flatten())
        .collect();
    let at = now_ms();
    let rows: Vec<ResultRow> = reports
        .iter()
        .flat_map(|r| {
            let failed = r.error.as_ref().map(|e| ResultRow {
                run_at_ms: at,
                host: r.host.clone(),
                check_name: "ssh".into(),
                item: r.addr.clone(),
                status: r.status.text().into(),
                value: None,
                message: e.clone(),
            });
            r.checks
                .iter()
                .map(|c| ResultRow {
                    run_at_ms: at,
                    host: r.host.clone(),
                    check_name: c.check.into(),
                    item: c.item.clone(),
                    status: c.status.text().into(),
                    value: c.value,
                    message: c.message.clone(),
                })
                .chain(failed)
                .collect::<Vec<_>>()
        })
        .collect();
    store.write(|tx| {
        rows::record(tx, &rows)?;
        for r in &reports {
            if let Some(marks) = &r.marks {
                rows::set_marks(tx, &r.host, marks, at)?;
            }
        }
        Ok::<_, state::Error>(())
    })?;
    Ok(reports)
}

/// One host to inspect, with everything resolved up front (no DB access in the threads).
struct Job {
    name: String,
    addr: String,
    port: u16,
    user: String,
    auth: ssh::Auth,
    thresholds: Thresholds,
    services: Vec<String>,
    explicit_services: bool,
    ports: Vec<u16>,
    local: bool,
    marks: HashMap<String, String>,
}

impl Job {
    fn local(thresholds: Thresholds, marks: Option<HashMap<String, String>>) -> Self {
        Self {
            name: "localhost".into(),
            addr: "local".into(),
            port: 0,
            user: String::new(),
            auth: ssh::Auth::Default,
            thresholds,
            services: DEFAULT_SERVICES.iter().map(|s| (*s).to_owned()).collect(),
            explicit_services: false,
            ports: Vec::new(),
            local: true,
            marks: marks.unwrap_or_default(),
        }
    }

    fn remote(
        h: &HostRow,
        key: Option<&MasterKey>,
        global: Thresholds,
        marks: Option<HashMap<String, String>>,
    ) -> Result<Self, Error> {
        let thresholds = global
            .with(&h.thresholds)
            .map_err(|e| invalid(format!("host {}: {e}", h.name)))?;
        let auth = match (&h.password_sealed, &h.identity_path) {
            (Some(sealed), _) => {
                let key = key.ok_or_else(|| {
                    invalid(format!(
                        "host {} has a stored password: the master key is needed",
                        h.name
                    ))
                })?;
                ssh::Auth::Password(key.open_string(&password_aad(h.id), sealed)?)
            }
            (None, Some(path)) => ssh::Auth::Identity(PathBuf::from(path)),
            (None, None) => ssh::Auth::Default,
        };
        let services: Vec<String> = h
            .services
            .clone()
            .unwrap_or_else(|| DEFAULT_SERVICES.iter().map(|s| (*s).to_owned()).collect());
        Ok(Self {
            name: h.name.clone(),
            addr: h.addr.clone(),
            port: h.port,
            user: h.user.clone(),
            auth,
            thresholds,
            services,
            explicit_services: h.services.is_some(),
            ports: h.ports.clone(),
            local: false,
            marks: marks.unwrap_or_default(),
        })
    }

    fn run(
        &self,
        known: &KnownHosts,
        timeout: Duration,
        predeploy: Option<&Predeploy>,
    ) -> HostReport {
        let started = Instant::now();
        let script = predeploy.map_or_else(
            || checks::script(&self.services, &self.thresholds, &self.marks),
            Predeploy::script,
        );
        let output = if self.local {
            run_local(&script, timeout)
        } else {
            let target = ssh::Target {
                addr: &self.addr,
                port: self.port,
                user: &self.user,
                auth: &self.auth,
            };
            ssh::run(target, known, &script, timeout).map_err(|e| match e {
                ssh::Error::Refused(msg) => (Status::Critical, msg),
                ssh::Error::Unreachable(msg) => (Status::Unknown, msg),
            })
        };
        let judge = Judge {
            thresholds: &self.thresholds,
            required_ports: &self.ports,
            explicit_services: self.explicit_services,
            ssh_port: if self.local { 22 } else { self.port },
            marks: &self.marks,
        };
        let evaluate = |out: String| match predeploy {
            Some(p) => p.evaluate(&out).map(|checks| (checks, None)),
            None => checks::evaluate(&out, &judge).map(|(checks, marks)| (checks, Some(marks))),
        };
        let (status, checks, error, marks) =
            match output.and_then(|out| evaluate(out).map_err(|e| (Status::Unknown, e))) {
                Ok((checks, marks)) => (
                    checks.iter().fold(Status::Ok, |s, c| s.worst(c.status)),
                    checks,
                    None,
                    marks,
                ),
                Err((status, msg)) => (status, Vec::new(), Some(msg), None),
            };
        HostReport {
            host: self.name.clone(),
            addr: if self.local {
                "local".into()
            } else {
                format!("{}:{}", self.addr, self.port)
            },
            status,
            duration_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
            checks,
            error,
            marks,
        }
    }
}

/// The same script on this machine, without SSH.
fn run_local(script: &str, timeout: Duration) -> Result<String, (Status, String)> {
    match crate::child::run(
        "sh",
        &["-s"],
        Some(script.as_bytes().to_vec()),
        timeout,
        16 << 20,
    ) {
        Ok(out) => Ok(String::from_utf8_lossy(&out.stdout).into_owned()),
        Err(crate::child::Error::TimedOut(_)) => Err((
            Status::Unknown,
            format!("local checks did not finish within {timeout:?}"),
        )),
        Err(e) => Err((Status::Unknown, e.to_string())),
    }
}

/// The trend of each check: first and last value and the worst status in the period.
#[derive(Debug, Clone, Serialize)]
pub struct Trend {
    pub host: String,
    pub check: String,
    pub item: String,
    pub runs: usize,
    pub first: Option<f64>,
    pub last: Option<f64>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub last_status: String,
    pub last_at_ms: i64,
}

/// Per-check trends since `since_ms`.
pub fn history(store: &mut Store, host: Option<&str>, since_ms: i64) -> Result<Vec<Trend>, Error> {
    let rows = store.read(|tx| rows::results(tx, host, since_ms))?;
    let mut trends: BTreeMap<(String, String, String), Trend> = BTreeMap::new();
    for r in rows {
        let t = trends
            .entry((r.host.clone(), r.check_name.clone(), r.item.clone()))
            .or_insert_with(|| Trend {
                host: r.host.clone(),
                check: r.check_name.clone(),
                item: r.item.clone(),
                runs: 0,
                first: r.value,
                last: None,
                min: None,
                max: None,
                last_status: String::new(),
                last_at_ms: 0,
            });
        t.runs += 1;
        t.last = r.value;
        t.min = match (t.min, r.value) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        t.max = match (t.max, r.value) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        t.last_status = r.status;
        t.last_at_ms = r.run_at_ms;
    }
    Ok(trends.into_values().collect())
}
