//! `bizwings sidecar requests` and `sidecar request ID`: the request log.

use std::time::Duration;

use clap::Args;

use super::{Context, Outcome, parse_duration};
use crate::sidecar::requests::{self, Followed};
use crate::state::requests::Filter;

#[derive(Debug, Args)]
pub struct RequestsArgs {
    /// Only this client's requests (repeatable)
    #[arg(long = "client", value_name = "CLIENT")]
    pub clients: Vec<String>,
    /// Only the requests of this heartbeat agent (through its client; repeatable)
    #[arg(long = "agent", value_name = "AGENT")]
    pub agents: Vec<String>,
    /// Only requests for this model (as the client named it)
    #[arg(long, value_name = "MODEL")]
    pub model: Option<String>,
    /// Only requests with an attempt at this provider
    #[arg(long, value_name = "PROVIDER")]
    pub provider: Option<String>,
    /// Only requests answered with this HTTP status
    #[arg(long, value_name = "CODE")]
    pub status: Option<u16>,
    /// Only requests that failed or were refused (status 400 and above)
    #[arg(long)]
    pub failed: bool,
    /// Only requests in this window, ending now
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub since: Option<Duration>,
    /// Only requests slower than this
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub slower_than: Option<Duration>,
    /// At most this many (the newest)
    #[arg(long, default_value = "50", value_name = "N")]
    pub limit: u32,
    /// Keep printing requests as they are logged, until interrupted (JSON: one per line)
    #[arg(long)]
    pub follow: bool,
}

fn millis(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

/// The filter the flags describe; an agent stands for its client.
fn filter(ctx: &Context, args: &RequestsArgs) -> Result<Filter, super::Failure> {
    let mut clients = args.clients.clone();
    if !args.agents.is_empty() {
        let mut store = ctx.open_store()?;
        for agent in &args.agents {
            clients.push(
                crate::heartbeat::get(&mut store, agent)?
                    .client_name()
                    .to_owned(),
            );
        }
    }
    Ok(Filter {
        clients,
        model: args.model.clone(),
        provider: args.provider.clone(),
        status: args.status,
        failed: args.failed,
        since_ms: args.since.map(|d| crate::state::now_ms() - millis(d)),
        slower_than_ms: args
            .slower_than
            .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX)),
        after_id: None,
        limit: args.limit,
    })
}

pub(super) fn list(ctx: &Context, args: &RequestsArgs) -> Outcome {
    let mut f = filter(ctx, args)?;
    let mut store = ctx.open_store()?;
    if !args.follow {
        return ctx.emit(&requests::list(&mut store, &f)?);
    }
    // From now on, oldest first, polled twice a second until SIGINT ends the process.
    f.after_id = Some(requests::last_id(&mut store)?);
    f.limit = 1000;
    loop {
        for r in requests::list(&mut store, &f)?.requests {
            f.after_id = Some(r.id);
            ctx.emit(&Followed { request: r })?;
        }
        std::thread::sleep(Duration::from_millis(500));
    }
}

pub(super) fn show(ctx: &Context, id: &str) -> Outcome {
    ctx.emit(&requests::show(&mut ctx.open_store()?, id)?)
}
