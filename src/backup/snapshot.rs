//! `backup snapshot` and `backup diff`: the runbook's "copy the original before every change"
//! (`cp CONFIG CONFIG.$(date +%Y%m%d-%H%M%S).bak`) as one command with a catalog, retention
//! (config: 90 days), verify and restore. Each path gets its own job (`snap-…`, kind files,
//! category config), created on its first snapshot and run at once; `diff` compares a
//! single-file backup with the file as it is now.

use std::path::Path;
use std::time::Duration;

use serde::Serialize;

use super::{Category, Error, Kind, MysqlOptions, NewJobRequest, RunReport, invalid};
use crate::output::{Human, Report};
use crate::state::Store;
use crate::state::backups as rows;

/// The job of `path`: `snap-` and the path's words, or its hash when they would not make a
/// valid name.
fn job_name(path: &Path) -> String {
    use sha2::Digest as _;
    let words: String = path
        .to_string_lossy()
        .trim_matches('/')
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '-'
            }
        })
        .collect();
    let name = format!("snap-{words}");
    if crate::config::validate_name("backup job", &name).is_ok() {
        name
    } else {
        let digest = sha2::Sha256::digest(path.to_string_lossy().as_bytes());
        format!("snap-{}", &hex::encode(digest)[..16])
    }
}

/// Copies each of `paths` into the catalog now (creating its job in `dest` the first time).
pub fn snapshot(
    store: &mut Store,
    paths: &[std::path::PathBuf],
    dest: &Path,
) -> Result<Vec<RunReport>, Error> {
    let mut names = Vec::new();
    for path in paths {
        let path = std::fs::canonicalize(path)
            .map_err(|e| invalid(format!("cannot snapshot {}: {e}", path.display())))?;
        let source = path.to_string_lossy().into_owned();
        if source.contains(',') {
            return Err(invalid(format!(
                "cannot snapshot {source}: a comma in a path is not supported"
            )));
        }
        let name = job_name(&path);
        match store.read(|tx| rows::find(tx, &name))? {
            Some(job) if job.source == source => {}
            Some(job) => {
                return Err(invalid(format!(
                    "job {name:?} exists for {}: remove it or snapshot by another path",
                    job.source
                )));
            }
            None => {
                super::add(
                    store,
                    None,
                    &NewJobRequest {
                        name: name.clone(),
                        kind: Kind::Files,
                        source,
                        dest_dir: dest.to_owned(),
                        retention: None,
                        category: Some(Category::Config),
                        mysql: MysqlOptions::default(),
                        mysql_password: None,
                        remote: None,
                    },
                )?;
            }
        }
        names.push(name);
    }
    let hidden = |_: &str| indicatif::ProgressBar::hidden();
    super::run(store, None, &names, false, &hidden)
}

/// A backup against the file it came from, as `diff -u` prints it.
#[derive(Debug, Serialize)]
pub struct Changes {
    pub id: i64,
    pub backup: String,
    pub current: String,
    pub changed: bool,
    pub diff: String,
}

impl Report for Changes {
    fn human(&self, out: &mut Human) {
        if self.changed {
            for line in self.diff.lines() {
                out.line(line);
            }
        } else {
            out.line(format!(
                "{} is as in backup #{} (no change)",
                self.current, self.id
            ));
        }
    }
}

/// The most of a diff shown.
const MAX_DIFF: usize = 1 << 20;

/// `diff -u` of backup `id` (a single file) against its source as it is now.
pub fn diff(store: &mut Store, id: i64) -> Result<Changes, Error> {
    let e = store.read(|tx| rows::entry(tx, id))?;
    if e.path.ends_with(".tar.gz") || !matches!(Kind::parse(&e.kind), Kind::Files | Kind::Sqlite) {
        return Err(invalid(format!(
            "backup #{id} is not a single file: restore it with --to and compare there"
        )));
    }
    let job = store
        .read(|tx| rows::find(tx, &e.job_name))?
        .ok_or_else(|| {
            invalid(format!(
                "job {:?} no longer exists: its source is unknown",
                e.job_name
            ))
        })?;
    let current = job.source;
    if current.contains(',') {
        return Err(invalid(format!(
            "job {:?} copies several files: diff the one you mean by hand",
            e.job_name
        )));
    }
    let label = format!("backup #{id} ({})", crate::output::utc(e.started_at_ms));
    let out = crate::child::run(
        "diff",
        &[
            "-u", "--label", &label, "--label", &current, &e.path, &current,
        ],
        None,
        Duration::from_secs(30),
        MAX_DIFF,
    )
    .map_err(|err| Error::Unavailable(err.to_string()))?;
    match out.status.code() {
        Some(0 | 1) => Ok(Changes {
            id,
            backup: e.path,
            current,
            changed: out.status.code() == Some(1),
            diff: String::from_utf8_lossy(&out.stdout).into_owned(),
        }),
        _ => Err(invalid(format!("diff failed: {}", out.stderr.trim()))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_names_its_job() {
        assert_eq!(
            job_name(Path::new("/etc/nginx/nginx.conf")),
            "snap-etc-nginx-nginx.conf"
        );
        let odd = job_name(Path::new("/etc/ünïcode/a b"));
        assert!(odd.starts_with("snap-") && crate::config::validate_name("job", &odd).is_ok());
    }
}
