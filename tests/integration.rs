//! The one integration test target: each module runs the real `bizwings` binary.

mod support;

mod agent_spend;
mod alert;
mod apply;
mod backup;
mod backup_remote;
mod budgets;
mod cli;
mod demo;
mod dialects;
mod exporter;
mod hardening;
mod heartbeat;
mod heartbeat_drive;
mod inspect;
mod layout;
mod notify;
mod pings;
mod prometheus;
mod provider;
mod request_log;
mod shared;
mod sidecar;
mod sidecar_ops;
mod state;
mod upstream_tls;
