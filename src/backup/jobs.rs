//! Backup jobs: add (checked before stored), list with their last good backup, remove.

use std::path::Path;

use super::{
    Category, DAY_MS, Error, JobView, Kind, NewJobRequest, STATE_JOB, all_jobs, invalid,
    is_file_list, password_aad,
};
use crate::crypto::MasterKey;
use crate::state::backups::{self as rows, Entry, NewJob};
use crate::state::{self, Store};

/// Adds a job after checking that its source exists and its settings make sense.
pub fn add(
    store: &mut Store,
    key: Option<&MasterKey>,
    req: &NewJobRequest,
) -> Result<JobView, Error> {
    if req.mysql_password.is_some() && key.is_none() {
        return Err(invalid(
            "storing a MySQL password needs the master key: run `bizwings init`",
        ));
    }
    let new = new_job(req)?;
    let seal = |id: i64| -> Vec<u8> {
        match (key, &req.mysql_password) {
            (Some(key), Some(pw)) => key.seal(&password_aad(id), pw.expose().as_bytes()),
            _ => Vec::new(),
        }
    };
    let with_password = req.mysql_password.is_some();
    store.write(|tx| {
        rows::insert(
            tx,
            &new,
            with_password.then_some(&seal as &dyn Fn(i64) -> Vec<u8>),
        )?;
        Ok::<_, state::Error>(())
    })?;
    Ok(list(store)?
        .into_iter()
        .find(|j| j.name == req.name)
        .ok_or_else(|| state::Error::NotFound(format!("backup job {:?}", req.name)))?)
}

/// The job `req` asks for, checked: name, destination, that its source exists, retention.
pub fn new_job(req: &NewJobRequest) -> Result<NewJob, Error> {
    crate::config::validate_name("job", &req.name).map_err(Error::Invalid)?;
    if req.name == STATE_JOB {
        return Err(invalid(format!(
            "{STATE_JOB:?} is the built-in job for the state DB; pick another name"
        )));
    }
    if !req.dest_dir.is_absolute() {
        return Err(invalid(format!(
            "dest must be an absolute path, got {}",
            req.dest_dir.display()
        )));
    }
    let category = match req.kind {
        Kind::Sqlite => {
            if !Path::new(&req.source).is_file() {
                return Err(invalid(format!(
                    "SQLite source {} is not a file",
                    req.source
                )));
            }
            req.category.unwrap_or(Category::Db)
        }
        Kind::Mysql => {
            if req.source.trim().is_empty() {
                return Err(invalid(
                    "the source of a mysql job is '*' (all databases) or a comma-separated list of databases",
                ));
            }
            req.category.unwrap_or(Category::Db)
        }
        Kind::Files if is_file_list(&req.source) => {
            for file in req.source.split(',').map(str::trim) {
                if !Path::new(file).is_file() {
                    return Err(invalid(format!("{file} is not a file")));
                }
            }
            req.category.unwrap_or(Category::Config)
        }
        Kind::Files => {
            if !Path::new(&req.source).is_dir() {
                return Err(invalid(format!(
                    "files source {} is neither a directory nor a list of files",
                    req.source
                )));
            }
            req.category.unwrap_or(Category::Data)
        }
    };
    let retention = req
        .retention
        .unwrap_or_else(|| category.default_retention());
    let retention_ms = i64::try_from(retention.as_millis()).unwrap_or(i64::MAX);
    if retention_ms <= 0 {
        return Err(invalid("retention must be longer than zero"));
    }
    Ok(NewJob {
        name: req.name.clone(),
        kind: req.kind.as_str().to_owned(),
        source: req.source.clone(),
        dest_dir: req.dest_dir.display().to_string(),
        category: category.as_str().to_owned(),
        retention_ms,
        mysql: req.mysql.clone(),
        remote: req
            .remote
            .as_deref()
            .map(|r| super::remote::Remote::parse(r).map(|_| r.trim_end_matches('/').to_owned()))
            .transpose()
            .map_err(Error::Invalid)?,
    })
}

/// Jobs with their latest good backup.
pub fn list(store: &mut Store) -> Result<Vec<JobView>, Error> {
    let jobs = all_jobs(store)?;
    let entries = store.read(|tx| rows::entries(tx, None, false))?;
    Ok(jobs
        .into_iter()
        .map(|j| {
            #[expect(clippy::cast_precision_loss, reason = "days for display")]
            let retention_days = j.retention_ms as f64 / DAY_MS as f64;
            JobView {
                last_backup: entries
                    .iter()
                    .find(|e| e.job_name == j.name && e.status == "ok")
                    .cloned(),
                kind: Kind::parse(&j.kind),
                built_in: j.name == STATE_JOB,
                name: j.name,
                source: j.source,
                dest_dir: j.dest_dir,
                category: j.category,
                retention_days,
                remote: j.remote,
            }
        })
        .collect())
}

/// Catalog entries (newest first), of one job or all.
pub fn catalog(store: &mut Store, job: Option<&str>) -> Result<Vec<Entry>, Error> {
    Ok(store.read(|tx| rows::entries(tx, job, false))?)
}

/// Removes a job; its backups and catalog stay.
pub fn remove(store: &mut Store, name: &str) -> Result<(), Error> {
    Ok(store.write(|tx| rows::delete(tx, name))?)
}
