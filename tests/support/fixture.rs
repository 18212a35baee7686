//! One sidecar test's world in one expression: an initialized state, the upstreams that play
//! its providers, and the sidecar in front of them.
//!
//! ```ignore
//! let Served { env, ups, sc } = Fixture::new()
//!     .provider("a", Mode::Ok, "k-aaaaaaaaaaaaaaaaaaa", &["--model", "m"])
//!     .await
//!     .serve(&["--cooldown-base", "30s"]);
//! ```

use super::Env;
use super::server::Server;
use super::upstream::{Mode, Upstream, provide};

/// A state being set up: clients and settings can be added through `env` before serving.
pub(crate) struct Fixture {
    pub(crate) env: Env,
    /// One per provider, in the order they were added.
    pub(crate) ups: Vec<Upstream>,
}

/// A running sidecar with its state and upstreams.
pub(crate) struct Served {
    pub(crate) env: Env,
    pub(crate) ups: Vec<Upstream>,
    pub(crate) sc: Server,
}

impl Fixture {
    /// `bizwings init` in a fresh directory.
    pub(crate) fn new() -> Self {
        Self {
            env: Env::initialized(),
            ups: Vec::new(),
        }
    }

    /// A provider `name` played by a new upstream answering in `mode`, its key on stdin, with
    /// more `provider add` flags.
    pub(crate) async fn provider(
        mut self,
        name: &str,
        mode: Mode,
        key: &str,
        flags: &[&str],
    ) -> Self {
        self.ups
            .push(provide(&self.env, name, mode, key, flags).await);
        self
    }

    /// `sidecar serve` on a free port with `args`.
    pub(crate) fn serve(self, args: &[&str]) -> Served {
        let sc = Server::sidecar(&self.env, args);
        Served {
            env: self.env,
            ups: self.ups,
            sc,
        }
    }
}
