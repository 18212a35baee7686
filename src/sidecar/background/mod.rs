//! Background work of a running sidecar, off the request path: the writer thread (events into
//! SQLite in batches), the reloader thread (snapshots, cooldown ends, notices, maintenance),
//! the health probes and the fleet sync (tasks on the runtime), and the `/metrics` scrape.

pub mod otel;
pub mod probe;
pub mod reload;
pub mod scrape;
pub mod sync;
pub mod writer;
