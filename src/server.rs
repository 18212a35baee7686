//! One lifecycle for every HTTP listener (sidecar, its metrics, the alert bridge, the
//! heartbeat exporter, and any added later): bind and log the address, one shutdown signal
//! (SIGTERM/SIGINT), SIGHUP as a stream of reloads, named background tasks, and a graceful
//! drain bounded by a grace period.

use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;

use axum::Router;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::exit::{Coded, Status};

/// The OpenMetrics text format, as every bizwings `/metrics` serves it (prometheus-client).
pub const METRICS_CONTENT_TYPE: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

/// Errors that stop a server from starting or running.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("cannot start: {0}")]
    Runtime(std::io::Error),
}

impl Coded for Error {
    fn exit_code(&self) -> u8 {
        Status::Unknown.code()
    }
}

/// A multi-threaded tokio runtime whose threads are named after the server.
pub fn runtime(name: &str, workers: Option<usize>) -> Result<tokio::runtime::Runtime, Error> {
    let mut builder = tokio::runtime::Builder::new_multi_thread();
    if let Some(n) = workers {
        builder.worker_threads(n);
    }
    builder
        .enable_all()
        .thread_name(name)
        .build()
        .map_err(Error::Runtime)
}

/// The life of one server process. Create it inside the runtime.
pub struct Lifecycle {
    stopping: watch::Receiver<bool>,
    reloads: watch::Receiver<u64>,
    tasks: Vec<(&'static str, JoinHandle<()>)>,
}

impl Lifecycle {
    /// Starts listening for signals: SIGTERM and SIGINT stop, SIGHUP reloads.
    pub fn start() -> Self {
        let (stop_tx, stopping) = watch::channel(false);
        let (reload_tx, reloads) = watch::channel(0u64);
        tokio::spawn(async move {
            use tokio::signal::unix::{SignalKind, signal};
            let (Ok(mut hup), Ok(mut term), Ok(mut int)) = (
                signal(SignalKind::hangup()),
                signal(SignalKind::terminate()),
                signal(SignalKind::interrupt()),
            ) else {
                tracing::error!(
                    "cannot install signal handlers: only SIGKILL will stop this process"
                );
                return;
            };
            loop {
                tokio::select! {
                    _ = hup.recv() => {
                        tracing::info!("SIGHUP: reloading");
                        reload_tx.send_modify(|n| *n += 1);
                    }
                    _ = term.recv() => break,
                    _ = int.recv() => break,
                }
            }
            let _ = stop_tx.send(true);
        });
        Self {
            stopping,
            reloads,
            tasks: Vec::new(),
        }
    }

    /// Binds `addr` and logs `{role}listening on` with the bound address (tests and operators
    /// read it; port 0 picks a free port). `role` is "" for the main listener, else e.g.
    /// "metrics ".
    pub async fn bind(&self, role: &str, addr: SocketAddr) -> Result<TcpListener, Error> {
        let listener = TcpListener::bind(addr)
            .await
            .map_err(|source| Error::Listen { addr, source })?;
        let bound = listener.local_addr().map_err(Error::Runtime)?;
        tracing::info!(addr = %bound, "{role}listening on");
        Ok(listener)
    }

    /// Resolves once a stop was asked for.
    pub fn stopped(&self) -> impl Future<Output = ()> + Send + 'static {
        let mut stopping = self.stopping.clone();
        async move {
            let _ = stopping.wait_for(|s| *s).await;
        }
    }

    /// Changes on every SIGHUP.
    pub fn reloads(&self) -> watch::Receiver<u64> {
        self.reloads.clone()
    }

    /// Runs a background task until it ends or the server stops; it is waited for in
    /// [`Lifecycle::finish`]. A task that ends early is logged by name.
    pub fn spawn(&mut self, name: &'static str, task: impl Future<Output = ()> + Send + 'static) {
        let stopped = self.stopped();
        let handle = tokio::spawn(async move {
            tokio::select! {
                () = task => tracing::debug!(task = name, "background task ended"),
                () = stopped => {}
            }
        });
        self.tasks.push((name, handle));
    }

    /// Serves `router` on `listener` until the stop signal, then lets in-flight requests finish
    /// for at most `grace` (none: as long as they take).
    pub async fn serve(
        &self,
        listener: TcpListener,
        router: Router,
        grace: Option<Duration>,
    ) -> Result<(), Error> {
        use axum::serve::ListenerExt as _;
        let listener = listener.tap_io(|tcp| {
            let _ = tcp.set_nodelay(true);
        });
        let server = axum::serve(listener, router).with_graceful_shutdown(self.stopped());
        let stopped = self.stopped();
        let deadline = async move {
            stopped.await;
            tracing::info!("shutting down: no new connections, finishing in-flight requests");
            match grace {
                Some(grace) => tokio::time::sleep(grace).await,
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            result = server => result.map_err(Error::Runtime),
            () = deadline => {
                tracing::warn!(?grace, "grace period over: dropping the requests still in flight");
                Ok(())
            }
        }
    }

    /// Waits for the background tasks (they stop with the server).
    pub async fn finish(self) {
        for (name, handle) in self.tasks {
            if let Err(err) = handle.await {
                tracing::error!(task = name, error = %err, "background task failed");
            }
        }
    }
}
