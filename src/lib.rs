//! bizwings: one binary for the ops chores of a small team running LLM-backed agents.
//! `main.rs` only parses and exits; everything else starts in [`cli::run`].

pub mod admin;
pub mod alert;
pub mod apply;
pub mod backup;
pub mod body;
pub mod child;
pub mod cli;
pub mod config;
pub mod crypto;
pub mod error;
pub mod exit;
pub mod exporter;
pub mod heartbeat;
pub mod inspect;
pub mod logging;
pub mod notify;
pub mod output;
pub mod provider;
pub mod server;
pub mod sidecar;
pub mod state;
