//! Commands whose subsystems are not built yet. They are declared so that `--help`, the man
//! pages and completions already show the whole tool; running one exits 3 and names its issue.
//! Each issue replaces its block here with a module of its own.

use super::NotImplemented;

pub(super) fn fail(command: &'static str, issue: u32) -> anyhow::Result<u8> {
    Err(NotImplemented { command, issue }.into())
}
