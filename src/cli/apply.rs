//! `bizwings apply` and `bizwings export`: configuration as a file.

use std::path::PathBuf;

use clap::Args;

use super::{Context, Outcome};
use crate::apply;

pub(super) const APPLY_ABOUT: &str = "\
Converge the state DB to a TOML file: providers (url, pool, rpm, timeout, label, enabled,
models with native ids and prices), client tokens, alert receivers and routes, heartbeat
agents, backup jobs, inspection hosts and global inspection thresholds, by name (routes and
thresholds: the file's set replaces the stored one when the file has any).

Secrets are references only: `key_env`/`key_file` for a provider's key, `url_env`/`url_file`
and `secret_env`/`secret_file` for a receiver, `password_env`/`password_file` for a MySQL job
or a host, `token_sha256` for a client (a client without one gets a new token, printed once).
An inline secret, an unknown key or a malformed file exits 64 naming its line and column, and
changes nothing. Everything is written in one transaction; a running sidecar picks it up within a
second. Applying the same file again changes nothing. Apply the same file on every host of a
fleet (`sidecar serve --shared`).

Example:
  bizwings apply /etc/bizwings/bizwings.toml --dry-run && bizwings apply /etc/bizwings/bizwings.toml

Exit codes: 0 applied (or nothing to change), 1 with --dry-run: changes pending, 2 refused (a
key that does not match the DB), 64 a bad file.";

#[derive(Debug, Args)]
pub struct ApplyArgs {
    /// The TOML file (see `bizwings export` for its shape)
    pub file: PathBuf,
    /// Show what would change, change nothing; exit 1 when something would
    #[arg(long)]
    pub dry_run: bool,
    /// Also remove what the file does not name (of every kind it manages)
    #[arg(long)]
    pub prune: bool,
}

pub(super) fn run(ctx: &Context, args: &ApplyArgs) -> Outcome {
    let text = apply::read_file(&args.file)?;
    let (mut store, key) = ctx.unlock()?;
    ctx.emit(&apply::apply(
        &mut store,
        &key,
        &text,
        args.dry_run,
        args.prune,
    )?)
}

pub(super) fn export(ctx: &Context) -> Outcome {
    ctx.emit(&apply::export(&mut ctx.open_store()?)?)
}
