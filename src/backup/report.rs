//! What `backup` commands report, for people and for `--json`.

use serde::Serialize;

use super::{JobView, PruneReport, RestoreReport, RunReport, VerifyReport};
use crate::exit::Status;
use crate::output::{Human, Report, size, utc};
use crate::state::backups::Entry;

/// `backup add`.
#[derive(Debug, Serialize)]
pub struct Added {
    pub job: JobView,
}

impl Report for Added {
    fn human(&self, out: &mut Human) {
        let j = &self.job;
        out.line(format!(
            "added backup job {} ({:?} of {} into {}, kept {:.0} days)",
            j.name, j.kind, j.source, j.dest_dir, j.retention_days
        ));
    }
}

/// `backup list [NAME]`: the jobs, or one job's backups.
#[derive(Debug, Serialize)]
pub struct Catalog {
    pub jobs: Vec<JobView>,
    pub backups: Vec<Entry>,
    /// The job asked for, if one was.
    #[serde(skip)]
    pub job: Option<String>,
}

impl Report for Catalog {
    fn human(&self, out: &mut Human) {
        if self.job.is_none() {
            out.table(
                [
                    "JOB",
                    "KIND",
                    "SOURCE",
                    "DEST",
                    "KEEP DAYS",
                    "LAST GOOD BACKUP (UTC)",
                ],
                self.jobs.iter().map(|j| {
                    [
                        j.name.clone(),
                        format!("{:?}", j.kind).to_lowercase(),
                        j.source.clone(),
                        j.dest_dir.clone(),
                        format!("{:.0}", j.retention_days),
                        j.last_backup.as_ref().map_or_else(
                            || "never".into(),
                            |e| format!("#{} {}", e.id, utc(e.started_at_ms)),
                        ),
                    ]
                }),
            );
            return;
        }
        if self.backups.is_empty() {
            out.line("no backups yet: run `bizwings backup run NAME`");
            return;
        }
        out.table(
            ["ID", "WHEN (UTC)", "STATUS", "SIZE", "SHA256", "FILE"],
            self.backups.iter().map(|e| {
                [
                    e.id.to_string(),
                    utc(e.started_at_ms),
                    e.status.clone(),
                    size(e.size_bytes),
                    e.sha256[..12.min(e.sha256.len())].to_owned(),
                    e.path.clone(),
                ]
            }),
        );
    }
}

/// A job's outcome in a table: a failed backup reads `failed`, not `critical`.
fn outcome(s: Status) -> &'static str {
    if s == Status::Critical {
        "failed"
    } else {
        s.text()
    }
}

/// `backup run`.
#[derive(Debug, Serialize)]
pub struct Ran {
    pub jobs: Vec<RunReport>,
}

impl Report for Ran {
    fn status(&self) -> Status {
        Status::worst_of(self.jobs.iter().map(|r| r.status))
    }

    fn human(&self, out: &mut Human) {
        out.table(
            ["JOB", "STATUS", "SIZE", "SECONDS", "FILE / ERROR"],
            self.jobs.iter().map(|r| {
                [
                    r.job.clone(),
                    outcome(r.status).into(),
                    size(r.size_bytes),
                    format!("{}.{}", r.duration_ms / 1000, r.duration_ms % 1000 / 100),
                    r.error.clone().unwrap_or_else(|| {
                        let files = r.files.join(", ");
                        if r.warnings.is_empty() {
                            files
                        } else {
                            format!("{files} (warning: {})", r.warnings)
                        }
                    }),
                ]
            }),
        );
    }
}

/// `backup verify`.
#[derive(Debug, Serialize)]
pub struct Verified {
    pub backups: Vec<VerifyReport>,
}

impl Report for Verified {
    fn status(&self) -> Status {
        Status::worst_of(self.backups.iter().map(|r| r.status))
    }

    fn human(&self, out: &mut Human) {
        if self.backups.is_empty() {
            out.line("no backups to verify");
            return;
        }
        out.table(
            ["ID", "JOB", "STATUS", "DETAIL"],
            self.backups.iter().map(|r| {
                [
                    r.id.to_string(),
                    r.job.clone(),
                    outcome(r.status).into(),
                    r.detail.clone(),
                ]
            }),
        );
    }
}

/// `backup prune`.
#[derive(Debug, Serialize)]
pub struct Pruned {
    pub dry_run: bool,
    pub pruned: Vec<PruneReport>,
}

impl Report for Pruned {
    fn human(&self, out: &mut Human) {
        if self.pruned.is_empty() {
            out.line("nothing past its retention");
            return;
        }
        out.table(
            [
                "ID",
                "JOB",
                "AGE DAYS",
                if self.dry_run {
                    "WOULD DELETE"
                } else {
                    "DELETED"
                },
            ],
            self.pruned.iter().map(|r| {
                [
                    r.id.to_string(),
                    r.job.clone(),
                    format!("{:.1}", r.age_days),
                    r.path.clone(),
                ]
            }),
        );
    }
}

/// `backup restore`.
#[derive(Debug, Serialize)]
pub struct Restored {
    pub restore: RestoreReport,
}

impl Report for Restored {
    fn human(&self, out: &mut Human) {
        let r = &self.restore;
        match (&r.command, r.applied) {
            (Some(command), false) => {
                out.line("to import this dump, run (or repeat with --apply):");
                out.line(format!("  {command}"));
            }
            _ => out.line(format!(
                "restored backup #{} of {} from {}{}",
                r.id,
                r.job,
                r.from,
                r.to.as_deref()
                    .map(|t| format!(" to {t}"))
                    .unwrap_or_default()
            )),
        }
    }
}
