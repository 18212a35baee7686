//! Commands whose subsystems are not built yet. They are declared so that `--help`, the man
//! pages and completions already show the whole tool; running one exits 3 and names its issue.
//! Each issue replaces its block here with a module of its own.

use clap::Subcommand;

use super::NotImplemented;

pub(super) fn fail(command: &'static str, issue: u32) -> anyhow::Result<u8> {
    Err(NotImplemented { command, issue }.into())
}

#[derive(Debug, Subcommand)]
pub enum HeartbeatCommand {
    /// Register an agent or job with a cron schedule
    Add { name: String },
    /// List agents and jobs
    List,
    /// Remove an agent or job
    Rm { name: String },
    /// Report liveness of a job from the job itself
    Ping { name: String },
    /// Check the agents that are due
    Run,
    /// One row per agent: last beat, state, pending and stagnant tasks
    Status,
}
