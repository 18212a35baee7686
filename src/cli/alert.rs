//! `bizwings alert …`: the bridge, receivers, routes, test, history and outbox.

use std::net::SocketAddr;
use std::time::Duration;

use clap::{Args, Subcommand};

use super::{Context, Outcome, parse_duration, remove, usage};
use crate::alert::{self, Auth, BridgeConfig};
use crate::crypto::MasterKey;
use crate::input::{self, SecretSource};
use crate::notify::{self, Target};

#[derive(Debug, Subcommand)]
pub enum AlertCommand {
    /// Receive Alertmanager webhooks and deliver Feishu cards
    Bridge(BridgeArgs),
    /// Manage receivers (Feishu bots, JSON webhooks or commands)
    #[command(subcommand)]
    Receiver(ReceiverCommand),
    /// Manage routes from alert labels to receivers
    #[command(subcommand)]
    Route(RouteCommand),
    /// Send a sample card to a receiver now
    Test {
        /// Receiver name
        receiver: String,
        /// Severity of the sample
        #[arg(long, default_value = "warning")]
        severity: String,
    },
    /// Alerts received by the bridge
    History {
        /// How far back, e.g. 1d, 6h
        #[arg(long, default_value = "1d", value_parser = parse_duration)]
        since: Duration,
        /// At most this many
        #[arg(long, default_value_t = 200)]
        limit: u32,
    },
    /// Messages waiting for delivery or given up on
    Outbox {
        /// Include delivered messages
        #[arg(long)]
        all: bool,
        /// At most this many
        #[arg(long, default_value_t = 200)]
        limit: u32,
    },
}

#[derive(Debug, Args)]
pub struct BridgeArgs {
    /// Address of the webhook listener [default: 127.0.0.1:9094]
    #[arg(
        long,
        env = "BIZWINGS_ALERT_LISTEN",
        hide_env_values = true,
        value_name = "ADDR"
    )]
    pub listen: Option<SocketAddr>,
    /// Time zone of the times on cards (as `heartbeat add --tz`)
    #[arg(
        long = "tz",
        alias = "time-zone",
        value_name = "ZONE",
        env = "BIZWINGS_ALERT_TIME_ZONE",
        hide_env_values = true,
        default_value = "Asia/Shanghai"
    )]
    pub time_zone: String,
    /// Dashboard linked from cards of alerts that carry no generator URL
    #[arg(
        long,
        env = "BIZWINGS_ALERT_DASHBOARD_URL",
        hide_env_values = true,
        value_name = "URL"
    )]
    pub dashboard_url: Option<String>,
    /// Give up on a message this old
    #[arg(long, default_value = "24h", value_parser = parse_duration)]
    pub max_age: Duration,
    /// Name shown in the card footer
    #[arg(long, default_value = "bizwings alert bridge")]
    pub name: String,
    /// Listen beyond loopback even without BIZWINGS_ALERT_TOKEN or BIZWINGS_ALERT_BASIC_AUTH
    #[arg(long)]
    pub allow_unauthenticated: bool,
}

#[derive(Debug, Subcommand)]
pub enum ReceiverCommand {
    /// Add a Feishu bot or JSON webhook (URL and secret from stdin or the environment), or a command
    Add(ReceiverAddArgs),
    /// List receivers (webhook tokens masked)
    List,
    /// Remove a receiver and its routes
    Rm {
        /// Receiver name
        name: String,
        /// Do not ask for confirmation (required when stdin is not a terminal)
        #[arg(long, short)]
        yes: bool,
    },
}

#[derive(Debug, Args)]
pub struct ReceiverAddArgs {
    /// Receiver name
    pub name: String,
    /// Read the bot's webhook URL from the first line of stdin
    #[arg(long, conflicts_with_all = ["feishu_url_env", "webhook_url_stdin", "webhook_url_env", "command"])]
    pub feishu_url_stdin: bool,
    /// Read the bot's webhook URL from this environment variable
    #[arg(long, value_name = "VAR", conflicts_with_all = ["webhook_url_stdin", "webhook_url_env", "command"])]
    pub feishu_url_env: Option<String>,
    /// A generic JSON webhook instead: read its URL from the first line of stdin
    #[arg(long, conflicts_with_all = ["webhook_url_env", "command"])]
    pub webhook_url_stdin: bool,
    /// A generic JSON webhook instead: read its URL from this environment variable
    #[arg(long, value_name = "VAR", conflicts_with = "command")]
    pub webhook_url_env: Option<String>,
    /// Read the signing secret from stdin (the line after the URL, if that is on stdin too)
    #[arg(long, conflicts_with = "secret_env")]
    pub secret_stdin: bool,
    /// Read the signing secret from this environment variable
    #[arg(long, value_name = "VAR")]
    pub secret_env: Option<String>,
    /// Deliver by running this command (sh -c, clean environment) with the card JSON on stdin
    #[arg(long, value_name = "CMD")]
    pub command: Option<String>,
    /// Feishu open_id to @ on firing alerts (repeatable)
    #[arg(long = "mention", value_name = "OPEN_ID")]
    pub mentions: Vec<String>,
}

#[derive(Debug, Subcommand)]
pub enum RouteCommand {
    /// Append a route: alerts whose labels match go to the receiver
    Add {
        /// label=value, label!=value, label=~regex or label!~regex (repeatable; all must hold)
        #[arg(long = "match", value_name = "MATCHER")]
        matchers: Vec<String>,
        /// Receiver name
        #[arg(long)]
        receiver: String,
        /// Keep matching later routes after this one matched
        #[arg(long = "continue")]
        continue_matching: bool,
    },
    /// List routes in order
    List,
    /// Remove a route by id
    Rm {
        /// Route id (see `alert route list`)
        id: i64,
        /// Do not ask for confirmation (required when stdin is not a terminal)
        #[arg(long, short)]
        yes: bool,
    },
}

pub(super) fn run(ctx: &Context, cmd: AlertCommand) -> Outcome {
    match cmd {
        AlertCommand::Bridge(args) => bridge(ctx, args),
        AlertCommand::Receiver(cmd) => receiver(ctx, cmd),
        AlertCommand::Route(cmd) => route(ctx, cmd),
        AlertCommand::Test { receiver, severity } => {
            let message = alert::sample_message(&severity);
            let (store, key) = ctx.unlock()?;
            ctx.emit(&notify::send_now(store, &key, &receiver, &message)?)
        }
        AlertCommand::History { since, limit } => ctx.emit(&notify::History {
            alerts: notify::history(&mut ctx.open_store()?, since, limit)?,
        }),
        AlertCommand::Outbox { all, limit } => ctx.emit(&notify::Outbox {
            messages: notify::outbox(&mut ctx.open_store()?, all, limit)?,
        }),
    }
}

fn bridge(ctx: &Context, args: BridgeArgs) -> Outcome {
    let style = alert::render::Style::new(&args.time_zone, args.dashboard_url, args.name)?;
    let auth = Auth::from_env()?;
    let (store, key) = ctx.unlock()?;
    let cfg = BridgeConfig {
        listen: args
            .listen
            .unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 9094))),
        style,
        max_age: args.max_age,
        auth,
        allow_unauthenticated: args.allow_unauthenticated,
    };
    alert::serve(store, &key, &cfg)?;
    Ok(0)
}

fn receiver(ctx: &Context, cmd: ReceiverCommand) -> Outcome {
    match cmd {
        ReceiverCommand::Add(args) => {
            let (mut store, key) = ctx.unlock()?;
            let target = match &args.command {
                Some(command) => Target::Command(command.clone()),
                None => web_target(&args, &key)?,
            };
            let receiver =
                notify::add_receiver(&mut store, &key, &args.name, &target, &args.mentions)?;
            ctx.emit(&notify::ReceiverAdded { receiver })
        }
        ReceiverCommand::List => {
            let (mut store, key) = ctx.unlock()?;
            ctx.emit(&notify::Receivers {
                receivers: notify::receivers(&mut store, &key)?,
            })
        }
        ReceiverCommand::Rm { name, yes } => {
            let what = format!("receiver {name:?} and its routes");
            let said = format!("removed receiver {name} and its routes");
            remove(ctx, (yes, what, said), &name, |s| {
                notify::remove_receiver(s, &name)
            })
        }
    }
}

/// A bot's or webhook's URL and secret: from stdin (URL first, then the secret) or named
/// variables.
fn web_target(args: &ReceiverAddArgs, key: &MasterKey) -> Result<Target, super::Failure> {
    let from = |env: Option<&String>, stdin: bool| {
        env.map(|v| SecretSource::Env(v.clone()))
            .or(stdin.then_some(SecretSource::Stdin))
    };
    let url_env = args
        .feishu_url_env
        .as_ref()
        .or(args.webhook_url_env.as_ref());
    let [url, secret] = input::secrets(
        [
            (
                from(url_env, args.feishu_url_stdin || args.webhook_url_stdin),
                "webhook URL",
            ),
            (
                from(args.secret_env.as_ref(), args.secret_stdin),
                "signing secret",
            ),
        ],
        key,
    )?;
    let url = url.ok_or_else(|| {
        usage(
            "give the URL with --feishu-url-stdin/--feishu-url-env or --webhook-url-stdin/--webhook-url-env, or a --command",
        )
    })?;
    Ok(
        if args.webhook_url_stdin || args.webhook_url_env.is_some() {
            Target::Webhook { url, secret }
        } else {
            Target::Feishu { url, secret }
        },
    )
}

fn route(ctx: &Context, cmd: RouteCommand) -> Outcome {
    let mut store = ctx.open_store()?;
    match cmd {
        RouteCommand::Add {
            matchers,
            receiver,
            continue_matching,
        } => ctx.emit(&notify::RouteAdded {
            route: notify::add_route(&mut store, &matchers, &receiver, continue_matching)?,
        }),
        RouteCommand::List => ctx.emit(&notify::Routes {
            routes: notify::list_routes(&mut store)?,
        }),
        RouteCommand::Rm { id, yes } => {
            let said = format!("removed route #{id}");
            remove(ctx, (yes, format!("route #{id}"), said), id, |s| {
                notify::remove_route(s, id)
            })
        }
    }
}
