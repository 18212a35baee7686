//! `bizwings init`: create the state DB and, when no master key is configured, a key file.

use clap::Args;

use super::{Context, Outcome};
use crate::config;

#[derive(Debug, Args)]
pub struct InitArgs {}

pub(super) fn run(ctx: &Context, _args: &InitArgs) -> Outcome {
    ctx.emit(&config::init(&ctx.db, ctx.key_file.as_deref())?)
}
