//! bizwings: one binary for the ops chores of a small team running LLM-backed agents.
//! `main.rs` only parses and exits; everything else starts in [`cli::run`].

mod admin;
mod alert;
mod apply;
mod backup;
mod body;
mod child;
pub mod cli;
mod config;
mod crypto;
mod error;
pub mod exit;
mod exporter;
mod heartbeat;
mod input;
mod inspect;
mod logging;
mod notify;
pub mod output;
mod provider;
mod server;
mod sidecar;
mod ssh;
mod state;

/// What the benchmarks measure on its own: the sidecar's token bucket and body peek.
pub mod bench {
    pub use crate::sidecar::request::{limiter, peek};
}
