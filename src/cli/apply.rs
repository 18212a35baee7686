//! `bizwings apply` and `bizwings export`: configuration as a file.

use std::path::PathBuf;

use clap::Args;

use super::{Context, Outcome};
use crate::apply;

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
