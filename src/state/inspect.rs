//! The inspection inventory and results.

use std::collections::BTreeMap;

use rusqlite::{OptionalExtension as _, Row, params};
use serde::Serialize;

use super::{Error, Tx, conflict, json_column, now_ms, split_list, to_json};

/// A host as stored; the password (if any) still sealed.
#[derive(Debug, Clone, Serialize)]
pub struct HostRow {
    pub id: i64,
    pub name: String,
    pub addr: String,
    pub port: u16,
    pub user: String,
    pub identity_path: Option<String>,
    #[serde(skip)]
    pub password_sealed: Option<Vec<u8>>,
    pub groups: Vec<String>,
    /// `None`: the default list (those installed).
    pub services: Option<Vec<String>>,
    pub ports: Vec<u16>,
    /// Per-host thresholds, `NAME` → value, over the global ones.
    pub thresholds: BTreeMap<String, String>,
    /// Where `apply` read the password from (`env:VAR`, `file:PATH`); empty otherwise.
    #[serde(skip)]
    pub password_ref: String,
}

/// Fields of a host; `password` seals the password for the row id.
pub struct HostFields<'a> {
    pub name: &'a str,
    pub addr: &'a str,
    pub port: u16,
    pub user: &'a str,
    pub identity_path: Option<&'a str>,
    pub groups: &'a [String],
    pub services: Option<&'a [String]>,
    pub ports: &'a [u16],
    pub thresholds: &'a BTreeMap<String, String>,
}

impl<'a> HostFields<'a> {
    /// The fields of a host row, to store it.
    pub fn of(row: &'a HostRow) -> Self {
        Self {
            name: &row.name,
            addr: &row.addr,
            port: row.port,
            user: &row.user,
            identity_path: row.identity_path.as_deref(),
            groups: &row.groups,
            services: row.services.as_deref(),
            ports: &row.ports,
            thresholds: &row.thresholds,
        }
    }

    /// The list columns as stored (comma-separated) and the thresholds as JSON.
    fn columns(&self) -> (String, Option<String>, String, String) {
        (
            self.groups.join(","),
            self.services.map(|s| s.join(",")),
            self.ports
                .iter()
                .map(u16::to_string)
                .collect::<Vec<_>>()
                .join(","),
            to_json(self.thresholds),
        )
    }
}

const COLUMNS: &str =
    "id, name, addr, port, user, identity_path, password_sealed, groups, services,
    ports, thresholds_json, password_ref";

fn from_row(row: &Row<'_>) -> rusqlite::Result<HostRow> {
    Ok(HostRow {
        id: row.get(0)?,
        name: row.get(1)?,
        addr: row.get(2)?,
        port: row.get(3)?,
        user: row.get(4)?,
        identity_path: row.get(5)?,
        password_sealed: row.get(6)?,
        groups: split_list(&row.get::<_, String>(7)?),
        services: row.get::<_, Option<String>>(8)?.map(|s| split_list(&s)),
        ports: split_list(&row.get::<_, String>(9)?)
            .iter()
            .filter_map(|p| p.parse().ok())
            .collect(),
        thresholds: json_column(row, 10)?,
        password_ref: row.get(11)?,
    })
}

/// Inserts a host, or replaces every field of an existing one with the same name
/// (`replace`). Returns the id.
pub fn save(
    tx: &Tx<'_>,
    h: &HostFields<'_>,
    replace: bool,
    password: Option<&dyn Fn(i64) -> Vec<u8>>,
) -> Result<i64, Error> {
    let (groups, services, ports, thresholds) = h.columns();
    let existing: Option<i64> =
        tx.0.query_row(
            "SELECT id FROM inspect_hosts WHERE name = ?1",
            [h.name],
            |r| r.get(0),
        )
        .optional()?;
    let id = match existing {
        Some(_) if !replace => return Err(Error::Conflict(format!("host {:?}", h.name))),
        Some(id) => {
            tx.0.execute(
                "UPDATE inspect_hosts SET addr = ?2, port = ?3, user = ?4, identity_path = ?5,
                        groups = ?6, services = ?7, ports = ?8, thresholds_json = ?9
                 WHERE id = ?1",
                params![
                    id,
                    h.addr,
                    h.port,
                    h.user,
                    h.identity_path,
                    groups,
                    services,
                    ports,
                    thresholds
                ],
            )?;
            id
        }
        None => {
            tx.0.execute(
                "INSERT INTO inspect_hosts (name, addr, port, user, identity_path, groups, services,
                                            ports, thresholds_json, created_at_ms)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                params![h.name, h.addr, h.port, h.user, h.identity_path, groups, services, ports, thresholds, now_ms()],
            )
            .map_err(|e| conflict(e, || format!("host {:?}", h.name)))?;
            tx.0.last_insert_rowid()
        }
    };
    if let Some(seal) = password {
        tx.0.execute(
            "UPDATE inspect_hosts SET password_sealed = ?2 WHERE id = ?1",
            params![id, seal(id)],
        )?;
    }
    Ok(id)
}

/// Records where `apply` read a host's password from.
pub fn set_password_ref(tx: &Tx<'_>, name: &str, password_ref: &str) -> Result<(), Error> {
    tx.0.execute(
        "UPDATE inspect_hosts SET password_ref = ?2 WHERE name = ?1",
        params![name, password_ref],
    )?;
    Ok(())
}

/// All hosts by name.
pub fn list(tx: &Tx<'_>) -> Result<Vec<HostRow>, Error> {
    let mut stmt = tx.0.prepare(&format!(
        "SELECT {COLUMNS} FROM inspect_hosts ORDER BY name"
    ))?;
    Ok(stmt
        .query_map([], from_row)?
        .collect::<rusqlite::Result<_>>()?)
}

/// One host by name.
pub fn get(tx: &Tx<'_>, name: &str) -> Result<HostRow, Error> {
    tx.0.query_row(
        &format!("SELECT {COLUMNS} FROM inspect_hosts WHERE name = ?1"),
        [name],
        from_row,
    )
    .optional()?
    .ok_or_else(|| Error::NotFound(format!("host {name:?}")))
}

/// Removes a host (its history stays).
pub fn remove(tx: &Tx<'_>, name: &str) -> Result<(), Error> {
    if tx
        .0
        .execute("DELETE FROM inspect_hosts WHERE name = ?1", [name])?
        == 0
    {
        return Err(Error::NotFound(format!("host {name:?}")));
    }
    Ok(())
}

/// Where each host's last run stopped reading, by item (`log:PATH`, `net:IFACE`).
pub fn marks(
    tx: &Tx<'_>,
) -> Result<std::collections::HashMap<String, std::collections::HashMap<String, String>>, Error> {
    let mut stmt = tx.0.prepare("SELECT host, item, mark FROM inspect_marks")?;
    let mut out: std::collections::HashMap<_, std::collections::HashMap<_, _>> =
        std::collections::HashMap::new();
    for row in stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })? {
        let (host, item, mark) = row?;
        out.entry(host).or_default().insert(item, mark);
    }
    Ok(out)
}

/// Replaces the marks of `host` with `marks` (items no longer watched are dropped).
pub fn set_marks(
    tx: &Tx<'_>,
    host: &str,
    marks: &std::collections::BTreeMap<String, String>,
    at_ms: i64,
) -> Result<(), Error> {
    tx.0.execute("DELETE FROM inspect_marks WHERE host = ?1", [host])?;
    let mut stmt = tx.0.prepare_cached(
        "INSERT INTO inspect_marks (host, item, mark, at_ms) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (item, mark) in marks {
        stmt.execute(params![host, item, mark, at_ms])?;
    }
    Ok(())
}

/// One check result to record.
#[derive(Debug, Clone, Serialize)]
pub struct ResultRow {
    pub run_at_ms: i64,
    pub host: String,
    pub check_name: String,
    pub item: String,
    pub status: String,
    pub value: Option<f64>,
    pub message: String,
}

/// Records results of a run.
pub fn record(tx: &Tx<'_>, results: &[ResultRow]) -> Result<(), Error> {
    let mut stmt = tx.0.prepare_cached(
        "INSERT INTO inspect_results (run_at_ms, host, check_name, item, status, value, message)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for r in results {
        stmt.execute(params![
            r.run_at_ms,
            r.host,
            r.check_name,
            r.item,
            r.status,
            r.value,
            r.message
        ])?;
    }
    Ok(())
}

fn result_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<ResultRow> {
    Ok(ResultRow {
        run_at_ms: row.get(0)?,
        host: row.get(1)?,
        check_name: row.get(2)?,
        item: row.get(3)?,
        status: row.get(4)?,
        value: row.get(5)?,
        message: row.get(6)?,
    })
}

/// Results since `since_ms`, of one host or all, oldest first.
pub fn results(tx: &Tx<'_>, host: Option<&str>, since_ms: i64) -> Result<Vec<ResultRow>, Error> {
    let mut stmt = tx.0.prepare(
        "SELECT run_at_ms, host, check_name, item, status, value, message FROM inspect_results
         WHERE (?1 IS NULL OR host = ?1) AND run_at_ms >= ?2 ORDER BY run_at_ms, id",
    )?;
    Ok(stmt
        .query_map(params![host, since_ms], result_from_row)?
        .collect::<rusqlite::Result<_>>()?)
}

/// The results of each host's latest run.
pub fn latest_runs(tx: &Tx<'_>) -> Result<Vec<ResultRow>, Error> {
    let mut stmt = tx.0.prepare(
        "SELECT r.run_at_ms, r.host, r.check_name, r.item, r.status, r.value, r.message
         FROM inspect_results r
         JOIN (SELECT host, MAX(run_at_ms) AS at FROM inspect_results GROUP BY host) l
           ON l.host = r.host AND l.at = r.run_at_ms
         ORDER BY r.host, r.check_name, r.id",
    )?;
    Ok(stmt
        .query_map([], result_from_row)?
        .collect::<rusqlite::Result<_>>()?)
}
