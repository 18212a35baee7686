//! The one integration test target: each module runs the real `bizwings` binary.

mod support;

mod backup;
mod cli;
mod provider;
mod sidecar;
