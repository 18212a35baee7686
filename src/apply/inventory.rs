//! The per-host half of `apply`: backup jobs, the inspection inventory and the global
//! inspection thresholds.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use super::spec::{BackupSpec, HostSpec};
use super::{Change, change};
use super::{read_ref, reference};
use crate::backup::{self, Category, Kind, MysqlOptions, NewJobRequest};
use crate::crypto::{MasterKey, Secret};
use crate::error::{Error, invalid};
use crate::inspect::{self, HostSettings};
use crate::state::backups::{self as job_rows, JobRow, NewJob};
use crate::state::inspect::{self as host_rows, HostFields, HostRow};
use crate::state::{Tx, settings};

/// A backup job of the file, checked, with its password read.
pub(super) struct ReadyJob {
    job: NewJob,
    password: Option<Secret>,
    password_ref: String,
}

pub(super) fn prepare_job(spec: &BackupSpec, key: &MasterKey) -> Result<ReadyJob, Error> {
    let what = |field: &str| format!("backup {}: {field}", spec.name);
    let kind = match spec.kind.as_str() {
        "sqlite" => Kind::Sqlite,
        "mysql" => Kind::Mysql,
        "files" => Kind::Files,
        other => {
            return Err(invalid(format!(
                "{}: {other:?}, expected sqlite, mysql or files",
                what("kind")
            )));
        }
    };
    let category = spec
        .category
        .as_deref()
        .map(|c| match c {
            "db" => Ok(Category::Db),
            "config" => Ok(Category::Config),
            "data" => Ok(Category::Data),
            "logs" => Ok(Category::Logs),
            other => Err(invalid(format!(
                "{}: {other:?}, expected db, config, data or logs",
                what("category")
            ))),
        })
        .transpose()?;
    let retention = spec
        .retention
        .as_deref()
        .map(|r| {
            humantime::parse_duration(r)
                .map_err(|e| invalid(format!("{} {r:?}: {e}", what("retention"))))
        })
        .transpose()?;
    let password = read_ref(
        &what("password"),
        spec.password_env.as_ref(),
        spec.password_file.as_ref(),
        key,
    )?;
    let job = backup::new_job(&NewJobRequest {
        name: spec.name.clone(),
        kind,
        source: spec.source.clone(),
        dest_dir: PathBuf::from(&spec.dest),
        retention,
        category,
        mysql: MysqlOptions {
            host: spec.mysql_host.clone(),
            port: spec.mysql_port,
            socket: spec.mysql_socket.clone(),
            user: spec.mysql_user.clone(),
            defaults_file: spec.mysql_defaults_file.clone(),
        },
        mysql_password: None,
        remote: spec.remote.clone(),
    })?;
    Ok(ReadyJob {
        job,
        password,
        password_ref: reference(spec.password_env.as_ref(), spec.password_file.as_ref()),
    })
}

fn same_secret(
    key: &MasterKey,
    aad: &str,
    sealed: Option<&Vec<u8>>,
    wanted: Option<&Secret>,
) -> bool {
    match (sealed, wanted) {
        (None, None) => true,
        (Some(sealed), Some(wanted)) => key
            .open_string(aad, sealed)
            .is_ok_and(|s| s.expose() == wanted.expose()),
        _ => false,
    }
}

pub(super) fn backups(
    tx: &Tx<'_>,
    key: &MasterKey,
    wanted: &[ReadyJob],
    write: bool,
    prune: bool,
) -> Result<Vec<Change>, Error> {
    let current = job_rows::list(tx)?;
    let stored = super::index(&current, |c| c.name.as_str());
    let mut changes = Vec::new();
    for w in wanted {
        let j = &w.job;
        let existing = stored.get(j.name.as_str()).copied();
        let action = match existing {
            None => "added",
            Some(row) => {
                let same = row.kind == j.kind
                    && row.source == j.source
                    && row.dest_dir == j.dest_dir
                    && row.category == j.category
                    && row.retention_ms == j.retention_ms
                    && row.mysql == j.mysql
                    && row.remote == j.remote
                    && row.password_ref == w.password_ref
                    && same_secret(
                        key,
                        &backup::password_aad(row.id),
                        row.mysql_password_sealed.as_ref().filter(|s| !s.is_empty()),
                        w.password.as_ref(),
                    );
                if same {
                    continue;
                }
                "changed"
            }
        };
        if write {
            if existing.is_some() {
                job_rows::delete(tx, &j.name)?;
            }
            let seal = |id: i64| {
                key.seal(
                    &backup::password_aad(id),
                    w.password.as_ref().map_or("", |p| p.expose()).as_bytes(),
                )
            };
            job_rows::insert(
                tx,
                j,
                w.password
                    .is_some()
                    .then_some(&seal as &dyn Fn(i64) -> Vec<u8>),
            )?;
            job_rows::set_password_ref(tx, &j.name, &w.password_ref)?;
        }
        changes.push(change("backup", &j.name, action));
    }
    if prune {
        changes.extend(super::removals(
            &current,
            |row| row.name.as_str(),
            wanted.iter().map(|w| w.job.name.as_str()),
            "backup",
            write,
            |row| job_rows::delete(tx, &row.name),
        )?);
    }
    Ok(changes)
}

/// A host of the file, checked, with its password read.
pub(super) struct ReadyHost {
    row: HostRow,
    password: Option<Secret>,
    password_ref: String,
}

pub(super) fn prepare_host(spec: &HostSpec, key: &MasterKey) -> Result<ReadyHost, Error> {
    let password = read_ref(
        &format!("host {}: password", spec.name),
        spec.password_env.as_ref(),
        spec.password_file.as_ref(),
        key,
    )?;
    let row = inspect::host_row(
        &spec.name,
        HostSettings {
            addr: Some(spec.addr.clone()),
            port: Some(spec.port),
            user: Some(spec.user.clone()),
            identity: spec.identity.as_ref().map(PathBuf::from),
            password: None,
            groups: spec.groups.clone(),
            services: spec.services.clone(),
            ports: Some(spec.ports.clone()),
            thresholds: spec
                .thresholds
                .iter()
                .map(|(name, value)| inspect::Threshold {
                    name: name.clone(),
                    value: value.clone(),
                })
                .collect(),
        },
        None,
    )?;
    Ok(ReadyHost {
        row,
        password,
        password_ref: reference(spec.password_env.as_ref(), spec.password_file.as_ref()),
    })
}

pub(super) fn hosts(
    tx: &Tx<'_>,
    key: &MasterKey,
    wanted: &[ReadyHost],
    write: bool,
    prune: bool,
) -> Result<Vec<Change>, Error> {
    let current = host_rows::list(tx)?;
    let stored = super::index(&current, |c| c.name.as_str());
    let mut changes = Vec::new();
    for w in wanted {
        let h = &w.row;
        let existing = stored.get(h.name.as_str()).copied();
        let action = match existing {
            None => "added",
            Some(row) => {
                let same = (&row.addr, row.port, &row.user, &row.identity_path)
                    == (&h.addr, h.port, &h.user, &h.identity_path)
                    && (&row.groups, &row.services, &row.ports, &row.thresholds)
                        == (&h.groups, &h.services, &h.ports, &h.thresholds)
                    && row.password_ref == w.password_ref
                    && same_secret(
                        key,
                        &inspect::password_aad(row.id),
                        row.password_sealed.as_ref().filter(|s| !s.is_empty()),
                        w.password.as_ref(),
                    );
                if same {
                    continue;
                }
                "changed"
            }
        };
        if write {
            let seal = |id: i64| {
                key.seal(
                    &inspect::password_aad(id),
                    w.password.as_ref().map_or("", |p| p.expose()).as_bytes(),
                )
            };
            host_rows::save(
                tx,
                &HostFields::of(h),
                existing.is_some(),
                w.password
                    .is_some()
                    .then_some(&seal as &dyn Fn(i64) -> Vec<u8>),
            )?;
            host_rows::set_password_ref(tx, &h.name, &w.password_ref)?;
        }
        changes.push(change("host", &h.name, action));
    }
    if prune {
        changes.extend(super::removals(
            &current,
            |row| row.name.as_str(),
            wanted.iter().map(|w| w.row.name.as_str()),
            "host",
            write,
            |row| host_rows::remove(tx, &row.name),
        )?);
    }
    Ok(changes)
}

/// Checks global thresholds the way `inspect threshold set` does.
pub(super) fn check_thresholds(wanted: &BTreeMap<String, String>) -> Result<(), Error> {
    inspect::checks::Thresholds::default()
        .with(wanted)
        .map(|_| ())
        .map_err(|e| invalid(format!("inspect_thresholds: {e}")))
}

/// Where thresholds are kept: the global ones, and each group's (`inspect-group.G.NAME`).
pub(super) const GLOBAL: &str = "inspect.";
pub(super) const GROUPS: &str = inspect::GROUP_PREFIX;

/// The stored thresholds under `prefix` (`NAME`, or `GROUP.NAME` for groups).
pub(super) fn stored_thresholds(
    tx: &Tx<'_>,
    prefix: &str,
) -> Result<BTreeMap<String, String>, crate::state::Error> {
    Ok(settings::all(tx)?
        .into_iter()
        .filter_map(|(k, v)| k.strip_prefix(prefix).map(|k| (k.to_owned(), v)))
        .collect())
}

/// Groups' thresholds, checked over the global ones the file sets (or has).
pub(super) fn check_group_thresholds(
    global: &BTreeMap<String, String>,
    groups: &BTreeMap<String, BTreeMap<String, String>>,
) -> Result<(), Error> {
    let base = inspect::checks::Thresholds::default()
        .with(global)
        .map_err(|e| invalid(format!("inspect_thresholds: {e}")))?;
    for (group, wanted) in groups {
        crate::config::validate_name("group", group).map_err(Error::Invalid)?;
        base.clone()
            .with(wanted)
            .map_err(|e| invalid(format!("inspect_group_thresholds.{group}: {e}")))?;
    }
    Ok(())
}

/// Groups' thresholds as stored: `GROUP.NAME` keys.
pub(super) fn flatten(
    groups: &BTreeMap<String, BTreeMap<String, String>>,
) -> BTreeMap<String, String> {
    groups
        .iter()
        .flat_map(|(g, t)| t.iter().map(move |(n, v)| (format!("{g}.{n}"), v.clone())))
        .collect()
}

/// Stored `GROUP.NAME` keys as the file's tables.
pub(super) fn unflatten(
    flat: &BTreeMap<String, String>,
) -> BTreeMap<String, BTreeMap<String, String>> {
    let mut groups: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for (key, value) in flat {
        if let Some((group, name)) = key.rsplit_once('.') {
            groups
                .entry(group.to_owned())
                .or_default()
                .insert(name.to_owned(), value.clone());
        }
    }
    groups
}

/// The file's thresholds under `prefix` are the whole set; a file without any leaves them
/// alone unless `prune`.
pub(super) fn thresholds(
    tx: &Tx<'_>,
    (prefix, kind): (&str, &'static str),
    wanted: &BTreeMap<String, String>,
    write: bool,
    prune: bool,
) -> Result<Vec<Change>, Error> {
    if wanted.is_empty() && !prune {
        return Ok(Vec::new());
    }
    let current = stored_thresholds(tx, prefix)?;
    if &current == wanted {
        return Ok(Vec::new());
    }
    if write {
        for name in current.keys().filter(|k| !wanted.contains_key(*k)) {
            settings::delete(tx, &format!("{prefix}{name}"))?;
        }
        for (name, value) in wanted {
            settings::set(tx, &format!("{prefix}{name}"), value)?;
        }
    }
    Ok(vec![Change {
        kind,
        name: format!("{} threshold(s)", wanted.len()),
        action: "changed",
        fields: Vec::new(),
    }])
}

/// A stored secret's reference for the file; one stored by hand gets a placeholder variable
/// (`NAME_PASSWORD`) to fill in, so applying the export never drops the secret silently.
fn password_ref(name: &str, stored_ref: &str, sealed: bool) -> (Option<String>, Option<String>) {
    match stored_ref.split_once(':') {
        Some(("env", var)) => (Some(var.to_owned()), None),
        Some(("file", path)) => (None, Some(path.to_owned())),
        _ if sealed => (
            Some(format!(
                "{}_PASSWORD",
                name.to_uppercase().replace(['-', '.'], "_")
            )),
            None,
        ),
        _ => (None, None),
    }
}

pub(super) fn backup_spec(j: &JobRow) -> BackupSpec {
    let sealed = j
        .mysql_password_sealed
        .as_ref()
        .is_some_and(|s| !s.is_empty());
    let (password_env, password_file) = password_ref(&j.name, &j.password_ref, sealed);
    let retention = humantime::format_duration(Duration::from_millis(
        u64::try_from(j.retention_ms).unwrap_or(0),
    ))
    .to_string();
    BackupSpec {
        name: j.name.clone(),
        kind: j.kind.clone(),
        source: j.source.clone(),
        dest: j.dest_dir.clone(),
        retention: Some(retention),
        category: Some(j.category.clone()),
        mysql_host: j.mysql.host.clone(),
        mysql_port: j.mysql.port,
        mysql_socket: j.mysql.socket.clone(),
        mysql_user: j.mysql.user.clone(),
        mysql_defaults_file: j.mysql.defaults_file.clone(),
        password_env,
        password_file,
        remote: j.remote.clone(),
        password: None,
    }
}

pub(super) fn host_spec(h: &HostRow) -> HostSpec {
    let sealed = h.password_sealed.as_ref().is_some_and(|s| !s.is_empty());
    let (password_env, password_file) = password_ref(&h.name, &h.password_ref, sealed);
    HostSpec {
        name: h.name.clone(),
        addr: h.addr.clone(),
        port: h.port,
        user: h.user.clone(),
        identity: h.identity_path.clone(),
        password_env,
        password_file,
        groups: h.groups.clone(),
        services: h.services.clone(),
        ports: h.ports.clone(),
        thresholds: h.thresholds.clone(),
        password: None,
    }
}
