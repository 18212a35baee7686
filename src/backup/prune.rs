//! `backup prune`: retention per job, never a job's newest good backup.

use std::fs;
use std::io;

use serde::Serialize;

use super::remote::Connections;
use super::{DAY_MS, Error, all_jobs, retention};
use crate::crypto::MasterKey;
use crate::state::Store;
use crate::state::backups::{self as rows, Entry};

/// One backup that retention removes (or would, with `dry_run`).
#[derive(Debug, Clone, Serialize)]
pub struct PruneReport {
    pub id: i64,
    pub job: String,
    pub path: String,
    pub age_days: f64,
    pub deleted: bool,
}

/// Applies retention as of `now_ms`, to remote copies too. Backups of jobs that no longer
/// exist are kept.
pub fn prune(
    store: &mut Store,
    key: Option<&MasterKey>,
    now_ms: i64,
    dry_run: bool,
) -> Result<Vec<PruneReport>, Error> {
    let mut remotes = Connections::default();
    let jobs = all_jobs(store)?;
    let entries = store.read(|tx| rows::entries(tx, None, false))?;
    let mut reports = Vec::new();
    for job in &jobs {
        let good: Vec<&Entry> = entries
            .iter()
            .filter(|e| e.job_name == job.name && e.status == "ok")
            .collect();
        let stamps: Vec<(i64, i64)> = good.iter().map(|e| (e.id, e.started_at_ms)).collect();
        for id in retention::expired(&stamps, job.retention_ms, now_ms) {
            let Some(e) = good.iter().find(|e| e.id == id) else {
                continue;
            };
            if !dry_run {
                // The remote copy first: one that cannot be deleted now keeps its entry (and
                // the local file) for the next prune.
                if let Some(remote_path) = &e.remote_path
                    && let Err(err) = remotes
                        .to(store, key, remote_path)
                        .and_then(|conn| conn.delete(remote_path))
                {
                    tracing::error!(remote = %remote_path, error = %err, "cannot delete an expired remote copy");
                    continue;
                }
                match fs::remove_file(&e.path) {
                    Ok(()) => {}
                    Err(err) if err.kind() == io::ErrorKind::NotFound => {}
                    Err(err) => {
                        tracing::error!(path = %e.path, error = %err, "cannot delete expired backup");
                        continue;
                    }
                }
                store.write(|tx| rows::set_status(tx, e.id, "pruned", false))?;
            }
            #[expect(clippy::cast_precision_loss, reason = "days for display")]
            let age_days = (now_ms - e.started_at_ms) as f64 / DAY_MS as f64;
            reports.push(PruneReport {
                id: e.id,
                job: e.job_name.clone(),
                path: e.path.clone(),
                age_days,
                deleted: !dry_run,
            });
        }
    }
    Ok(reports)
}
