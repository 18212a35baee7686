//! `bizwings init`: create the state DB and, when no master key is configured, a key file.

use std::path::PathBuf;

use anyhow::Context as _;
use clap::Args;
use serde::Serialize;

use super::{Context, UsageError, shown};
use crate::config;
use crate::crypto::{self, KeySource, MasterKey};
use crate::output::{self, Mode};
use crate::state::keyring;

pub(super) const LONG_ABOUT: &str = "\
Create the state database and a master key file if missing.

Creates the DB (directory 0700, file 0600) and migrates it. When no master key is configured
(--master-key-file, BIZWINGS_MASTER_KEY_FILE, BIZWINGS_MASTER_KEY), writes a fresh key to
master.key beside the DB (or to --master-key-file when that file does not exist yet), mode 0600.
Safe to run again: an existing DB and key are kept and checked against each other.

Back the key file up apart from the DB: without it the stored provider keys cannot be read.

Example:
  bizwings init && bizwings provider add openai-1 --url https://api.openai.com/v1 --key-stdin

Exit codes: 0 done, 2 the configured key does not match the DB, 3 cannot create the DB.";

#[derive(Debug, Args)]
pub struct InitArgs {}

#[derive(Debug, Serialize)]
struct InitReport {
    status: &'static str,
    db: PathBuf,
    db_created: bool,
    key_source: String,
    key_file_created: bool,
    key_fingerprint: String,
}

pub(super) fn run(ctx: &Context, _args: &InitArgs) -> anyhow::Result<u8> {
    let db_created = !ctx.db.exists();
    let mut store = ctx.open_store()?;
    let has_secrets = store.read(keyring::check)?.is_some();
    let found = match &ctx.master_key_file {
        Some(path) if !path.exists() => None,
        _ => config::master_key(ctx.master_key_file.as_deref(), &ctx.db)?,
    };
    let (key, source, key_file_created) = if let Some((key, source)) = found {
        (key, source, false)
    } else {
        if has_secrets {
            return Err(UsageError(format!(
                "{} already holds secrets under a master key, but none is configured; set BIZWINGS_MASTER_KEY_FILE to that key's file",
                shown(&ctx.db)
            ))
            .into());
        }
        let path = ctx
            .master_key_file
            .clone()
            .unwrap_or_else(|| config::default_key_file(&ctx.db));
        let (key, hex_key) = MasterKey::generate();
        crypto::write_key_file(&path, &hex_key)?;
        (key, KeySource::File(path), true)
    };
    config::unlock(&mut store, &key).with_context(|| format!("master key from {source}"))?;
    let report = InitReport {
        status: "ok",
        db: ctx.db.clone(),
        db_created,
        key_source: source.to_string(),
        key_file_created,
        key_fingerprint: key.fingerprint().to_owned(),
    };
    match ctx.mode {
        Mode::Json => output::json(&report)?,
        Mode::Human => {
            let verb = if db_created { "created" } else { "checked" };
            let mut lines = vec![format!("{verb} state db {}", shown(&report.db))];
            if key_file_created {
                lines.push(format!(
                    "created master key: {} (fingerprint {})",
                    report.key_source, report.key_fingerprint
                ));
                lines.push(
                    "back this file up apart from the DB: without it stored secrets cannot be recovered"
                        .into(),
                );
            } else {
                lines.push(format!(
                    "master key matches: {} (fingerprint {})",
                    report.key_source, report.key_fingerprint
                ));
            }
            output::lines(lines)?;
        }
    }
    Ok(0)
}
