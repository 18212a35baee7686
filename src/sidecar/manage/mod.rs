//! Managing the sidecar from outside the request path: client tokens and their limits, usage
//! reports, the fleet's members, what the dashboard shows live, and the demo upstream.

pub mod clients;
pub mod demo;
pub mod fleet;
pub mod live;
pub mod requests;
pub mod usage;
