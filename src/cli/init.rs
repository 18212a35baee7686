//! `bizwings init`: create the state DB and, when no master key is configured, a key file.

use clap::Args;

use super::{Context, Outcome};
use crate::config;

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

pub(super) fn run(ctx: &Context, _args: &InitArgs) -> Outcome {
    ctx.emit(&config::init(&ctx.db, ctx.key_file.as_deref())?)
}
