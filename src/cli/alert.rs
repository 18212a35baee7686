//! `bizwings alert …`: the bridge, receivers, routes, test, history and outbox.

use std::io::{self, Read as _};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::Context as _;
use clap::{Args, Subcommand};

use super::sidecar::parse_duration;
use super::{Context, UsageError};
use crate::alert::render::Style;
use crate::alert::{self, Auth, BridgeConfig};
use crate::crypto::Secret;
use crate::notify::{self, Message, Target};
use crate::output::{self, Mode};
use crate::state::notify as rows;

#[derive(Debug, Subcommand)]
pub enum AlertCommand {
    /// Receive Alertmanager webhooks and deliver Feishu cards
    #[command(long_about = BRIDGE_ABOUT)]
    Bridge(BridgeArgs),
    /// Manage receivers (Feishu bots or commands)
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

const BRIDGE_ABOUT: &str = "\
Receive Alertmanager webhooks and deliver Feishu cards.

POST /webhook takes Alertmanager's webhook payload (version 4); every alert is routed by its
labels (see `alert route`) and stored for each receiver before the bridge answers 200, so an
accepted alert survives a crash. POST /webhook/RECEIVER skips the routes. Delivery retries with
backoff, keeps each Feishu bot within 5 requests a second and 100 a minute, marks a message
delivered only on the bot's `code: 0`, and gives up after --max-age. GET /health, GET /metrics.

Callers may be required to authenticate: BIZWINGS_ALERT_TOKEN (Bearer) or
BIZWINGS_ALERT_BASIC_AUTH (user:password), matching Alertmanager's http_config.

Exit codes: 0 stopped cleanly, 2 wrong master key, 3 cannot listen or open the DB.";

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
    /// Time zone of the times on cards
    #[arg(
        long,
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
}

#[derive(Debug, Subcommand)]
pub enum ReceiverCommand {
    /// Add a Feishu bot (URL and secret from stdin or the environment) or a command
    #[command(long_about = RECEIVER_ABOUT)]
    Add(ReceiverAddArgs),
    /// List receivers (webhook tokens masked)
    List,
    /// Remove a receiver and its routes
    Rm {
        /// Receiver name
        name: String,
    },
}

const RECEIVER_ABOUT: &str = "\
Add a receiver: a Feishu custom bot, or a command that gets the card JSON on stdin.

The bot's webhook URL is itself a credential, so it is never an argument: give it on stdin
(--feishu-url-stdin; with --secret-stdin the signing secret follows on the second line) or in
environment variables (--feishu-url-env, --secret-env). Both are stored encrypted.

Examples:
  printf '%s\\n%s\\n' \"$HOOK_URL\" \"$HOOK_SECRET\" | bizwings alert receiver add oncall \\
      --feishu-url-stdin --secret-stdin --mention ou_123
  bizwings alert receiver add log --command 'cat >> /var/log/alerts.jsonl'";

#[derive(Debug, Args)]
pub struct ReceiverAddArgs {
    /// Receiver name
    pub name: String,
    /// Read the bot's webhook URL from the first line of stdin
    #[arg(long, conflicts_with_all = ["feishu_url_env", "command"])]
    pub feishu_url_stdin: bool,
    /// Read the bot's webhook URL from this environment variable
    #[arg(long, value_name = "VAR", conflicts_with = "command")]
    pub feishu_url_env: Option<String>,
    /// Read the signing secret from stdin (the line after the URL, if that is on stdin too)
    #[arg(long, conflicts_with = "secret_env")]
    pub secret_stdin: bool,
    /// Read the signing secret from this environment variable
    #[arg(long, value_name = "VAR")]
    pub secret_env: Option<String>,
    /// Deliver by running this command (sh -c) with the card JSON on stdin
    #[arg(long, value_name = "CMD")]
    pub command: Option<String>,
    /// Feishu open_id to @ on firing alerts (repeatable)
    #[arg(long = "mention", value_name = "OPEN_ID")]
    pub mentions: Vec<String>,
}

#[derive(Debug, Subcommand)]
pub enum RouteCommand {
    /// Append a route: alerts whose labels match go to the receiver
    #[command(long_about = ROUTE_ABOUT)]
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
    },
}

const ROUTE_ABOUT: &str = "\
Append a route: alerts whose labels match go to the receiver.

Routes are tried in order; the first that matches wins, unless it has --continue. A route with
no --match matches everything: add it last as the default.

Example (the runbook's split: critical to one person, warnings to another):
  bizwings alert route add --match severity=critical --receiver vincent
  bizwings alert route add --match severity=warning --receiver coo";

pub(super) fn run(ctx: &Context, cmd: AlertCommand) -> anyhow::Result<u8> {
    match cmd {
        AlertCommand::Bridge(args) => bridge(ctx, args),
        AlertCommand::Receiver(cmd) => receiver(ctx, cmd),
        AlertCommand::Route(cmd) => route(ctx, cmd),
        AlertCommand::Test { receiver, severity } => test(ctx, &receiver, &severity),
        AlertCommand::History { since, limit } => {
            let mut store = ctx.open_store()?;
            let since_ms =
                crate::state::now_ms() - i64::try_from(since.as_millis()).unwrap_or(i64::MAX);
            let alerts = store.read(|tx| rows::alert_history(tx, since_ms, limit))?;
            match ctx.mode {
                Mode::Json => output::json(&serde_json::json!({"status": "ok", "alerts": alerts}))?,
                Mode::Human if alerts.is_empty() => {
                    output::lines(["no alerts received in that time"])?;
                }
                Mode::Human => output::table(
                    ["RECEIVED (UTC)", "ALERT", "STATUS", "SEVERITY", "RECEIVERS"],
                    alerts.iter().map(|a| {
                        [
                            output::utc(a.received_at_ms),
                            a.alertname.clone(),
                            a.status.clone(),
                            a.severity.clone(),
                            if a.receivers.is_empty() {
                                "(no route)".into()
                            } else {
                                a.receivers.clone()
                            },
                        ]
                    }),
                )?,
            }
            Ok(0)
        }
        AlertCommand::Outbox { all, limit } => {
            let mut store = ctx.open_store()?;
            let messages = store.read(|tx| rows::outbox(tx, all, limit))?;
            match ctx.mode {
                Mode::Json => {
                    output::json(&serde_json::json!({"status": "ok", "messages": messages}))?;
                }
                Mode::Human if messages.is_empty() => {
                    output::lines(["outbox is empty: everything was delivered"])?;
                }
                Mode::Human => output::table(
                    [
                        "ID",
                        "CREATED (UTC)",
                        "RECEIVER",
                        "STATE",
                        "TRIES",
                        "TITLE",
                        "LAST ERROR",
                    ],
                    messages.iter().map(|m| {
                        [
                            m.id.to_string(),
                            output::utc(m.created_at_ms),
                            m.receiver.clone(),
                            m.state.clone(),
                            m.attempts.to_string(),
                            m.title.clone(),
                            m.last_error.clone(),
                        ]
                    }),
                )?,
            }
            Ok(0)
        }
    }
}

fn style(time_zone: &str, dashboard_url: Option<String>, footer: String) -> anyhow::Result<Style> {
    let tz = time_zone.parse::<chrono_tz::Tz>().map_err(|_| {
        UsageError(format!(
            "unknown time zone {time_zone:?}: use an IANA name such as Asia/Shanghai or UTC"
        ))
    })?;
    Ok(Style {
        tz,
        dashboard_url,
        footer,
    })
}

fn bridge(ctx: &Context, args: BridgeArgs) -> anyhow::Result<u8> {
    let style = style(&args.time_zone, args.dashboard_url, args.name)?;
    let auth = Auth {
        bearer: std::env::var("BIZWINGS_ALERT_TOKEN")
            .ok()
            .filter(|t| !t.is_empty()),
        basic: std::env::var("BIZWINGS_ALERT_BASIC_AUTH")
            .ok()
            .filter(|t| !t.is_empty()),
    };
    if let Some(basic) = &auth.basic
        && !basic.contains(':')
    {
        return Err(UsageError("BIZWINGS_ALERT_BASIC_AUTH must be user:password".into()).into());
    }
    let (store, key) = ctx.unlock()?;
    let cfg = BridgeConfig {
        listen: args
            .listen
            .unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 9094))),
        style,
        max_age: args.max_age,
        auth,
    };
    alert::serve(store, &key, &cfg)?;
    Ok(0)
}

fn receiver(ctx: &Context, cmd: ReceiverCommand) -> anyhow::Result<u8> {
    match cmd {
        ReceiverCommand::Add(args) => {
            let target = if let Some(command) = args.command {
                Target::Command(command)
            } else {
                let mut stdin_lines = Vec::new();
                if args.feishu_url_stdin || args.secret_stdin {
                    let mut text = String::new();
                    io::stdin()
                        .read_to_string(&mut text)
                        .context("reading stdin")?;
                    stdin_lines = text
                        .lines()
                        .map(|l| l.trim().to_owned())
                        .filter(|l| !l.is_empty())
                        .collect();
                }
                let mut lines = stdin_lines.into_iter();
                let from_env = |var: &str| {
                    std::env::var(var)
                        .map_err(|_| UsageError(format!("environment variable {var} is not set")))
                };
                let url = match (&args.feishu_url_env, args.feishu_url_stdin) {
                    (Some(var), _) => from_env(var)?,
                    (None, true) => lines
                        .next()
                        .ok_or_else(|| UsageError("no webhook URL on stdin".into()))?,
                    (None, false) => {
                        return Err(UsageError(
                            "give the bot's webhook URL with --feishu-url-stdin or --feishu-url-env, or a --command".into(),
                        )
                        .into());
                    }
                };
                let secret = match (&args.secret_env, args.secret_stdin) {
                    (Some(var), _) => Some(from_env(var)?),
                    (None, true) => Some(
                        lines
                            .next()
                            .ok_or_else(|| UsageError("no signing secret on stdin".into()))?,
                    ),
                    (None, false) => None,
                };
                Target::Feishu {
                    url: Secret::new(url.trim().to_owned()),
                    secret: secret.map(|s| Secret::new(s.trim().to_owned())),
                }
            };
            let (mut store, key) = ctx.unlock()?;
            let view = notify::add_receiver(&mut store, &key, &args.name, &target, &args.mentions)?;
            match ctx.mode {
                Mode::Json => output::json(&serde_json::json!({"status": "ok", "receiver": view}))?,
                Mode::Human => output::lines([format!(
                    "added receiver {} ({} {}{})",
                    view.name,
                    view.kind,
                    view.target,
                    if view.signed { ", signed" } else { "" }
                )])?,
            }
        }
        ReceiverCommand::List => {
            let (mut store, key) = ctx.unlock()?;
            let list = notify::receivers(&mut store, &key)?;
            match ctx.mode {
                Mode::Json => {
                    output::json(&serde_json::json!({"status": "ok", "receivers": list}))?;
                }
                Mode::Human if list.is_empty() => {
                    output::lines([
                        "no receivers yet: add one with `bizwings alert receiver add`",
                    ])?;
                }
                Mode::Human => output::table(
                    ["NAME", "KIND", "TARGET", "SIGNED", "MENTIONS"],
                    list.iter().map(|r| {
                        [
                            r.name.clone(),
                            r.kind.clone(),
                            r.target.clone(),
                            if r.signed { "yes" } else { "no" }.into(),
                            r.mentions.join(","),
                        ]
                    }),
                )?,
            }
        }
        ReceiverCommand::Rm { name } => {
            let mut store = ctx.open_store()?;
            notify::remove_receiver(&mut store, &name)?;
            match ctx.mode {
                Mode::Json => output::json(&serde_json::json!({"status": "ok", "removed": name}))?,
                Mode::Human => output::lines([format!("removed receiver {name} and its routes")])?,
            }
        }
    }
    Ok(0)
}

fn route(ctx: &Context, cmd: RouteCommand) -> anyhow::Result<u8> {
    let mut store = ctx.open_store()?;
    match cmd {
        RouteCommand::Add {
            matchers,
            receiver,
            continue_matching,
        } => {
            let view = notify::add_route(&mut store, &matchers, &receiver, continue_matching)?;
            match ctx.mode {
                Mode::Json => output::json(&serde_json::json!({"status": "ok", "route": view}))?,
                Mode::Human => output::lines([format!(
                    "added route #{}: {} -> {}",
                    view.id,
                    if view.matchers.is_empty() {
                        "everything".into()
                    } else {
                        view.matchers.join(", ")
                    },
                    view.receiver
                )])?,
            }
        }
        RouteCommand::List => {
            let list = notify::list_routes(&mut store)?;
            match ctx.mode {
                Mode::Json => output::json(&serde_json::json!({"status": "ok", "routes": list}))?,
                Mode::Human if list.is_empty() => {
                    output::lines(["no routes yet: add one with `bizwings alert route add`"])?;
                }
                Mode::Human => output::table(
                    ["ID", "MATCH", "RECEIVER", "CONTINUE"],
                    list.iter().map(|r| {
                        [
                            r.id.to_string(),
                            if r.matchers.is_empty() {
                                "(everything)".into()
                            } else {
                                r.matchers.join(", ")
                            },
                            r.receiver.clone(),
                            if r.continue_matching { "yes" } else { "no" }.into(),
                        ]
                    }),
                )?,
            }
        }
        RouteCommand::Rm { id } => {
            notify::remove_route(&mut store, id)?;
            match ctx.mode {
                Mode::Json => output::json(&serde_json::json!({"status": "ok", "removed": id}))?,
                Mode::Human => output::lines([format!("removed route #{id}")])?,
            }
        }
    }
    Ok(0)
}

/// Stores a sample card for one receiver and delivers it at once; exit 2 if it fails.
fn test(ctx: &Context, receiver: &str, severity: &str) -> anyhow::Result<u8> {
    let (mut store, key) = ctx.unlock()?;
    store.read(|tx| rows::receiver(tx, receiver))?;
    let (title, card) = alert::sample_card(
        &style("Asia/Shanghai", None, "bizwings alert test".into())?,
        severity,
    );
    let message = Message {
        source: "test",
        title,
        severity: severity.to_owned(),
        resolved: false,
        card,
    };
    store.write(|tx| notify::enqueue(tx, &message, &[receiver.to_owned()]))?;
    let store = Arc::new(Mutex::new(store));
    let mut deliverer = notify::Deliverer::new(store.clone(), key, Duration::from_secs(60))?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(deliverer.deliver_due())?;
    let last = {
        let mut store = store
            .lock()
            .map_err(|_| anyhow::anyhow!("state lock poisoned"))?;
        store.read(|tx| rows::outbox(tx, true, 50))?
    }
    .into_iter()
    .find(|m| m.receiver == receiver && m.source == "test");
    let (ok, detail) = match &last {
        Some(m) if m.state == "delivered" => (true, "delivered".to_owned()),
        Some(m) => {
            // A test is a one-shot: do not leave it for the bridge to retry.
            let mut store = store
                .lock()
                .map_err(|_| anyhow::anyhow!("state lock poisoned"))?;
            store.write(|tx| rows::attempt_failed(tx, m.id, &m.last_error, None))?;
            (false, format!("not delivered: {}", m.last_error))
        }
        None => (
            false,
            "the test message was not found in the outbox".to_owned(),
        ),
    };
    match ctx.mode {
        Mode::Json => output::json(
            &serde_json::json!({"status": if ok { "ok" } else { "critical" }, "receiver": receiver, "detail": detail}),
        )?,
        Mode::Human => output::lines([format!("test card to {receiver}: {detail}")])?,
    }
    Ok(if ok { 0 } else { 2 })
}
