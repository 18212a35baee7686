//! `bizwings provider …`: manage upstream keys from a shell or a scripted runbook.

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Subcommand};

use super::{Context, Failure, Outcome, confirm_removal, usage};
use crate::crypto::MasterKey;
use crate::input::{self, SecretSource};
use crate::provider::{self, DialectChange, NewProviderRequest, report};
use crate::state::providers::{Dialect, ModelMapping, Pool, ProviderPatch};

#[derive(Debug, Subcommand)]
pub enum ProviderCommand {
    /// Add an upstream provider: one API key and base URL
    Add(AddArgs),
    /// List providers (keys masked)
    List,
    /// Show one provider with its model mappings
    Show {
        /// Provider name
        name: String,
    },
    /// Change fields of a provider
    Set(SetArgs),
    /// Map a canonical model name to the provider's native model id (replaces an existing mapping)
    Map(MapArgs),
    /// Remove a model mapping
    Unmap {
        /// Provider name
        name: String,
        /// Canonical model name
        canonical: String,
    },
    /// Let the sidecar route to a provider again (also clears an `error` status)
    Enable {
        /// Provider name
        name: String,
    },
    /// Stop routing to a provider without deleting it
    Disable {
        /// Provider name
        name: String,
    },
    /// Delete providers and their model mappings (usage history is kept)
    Rm {
        /// Provider names
        #[arg(required = true)]
        names: Vec<String>,
        /// Do not ask for confirmation (required when stdin is not a terminal)
        #[arg(long, short)]
        yes: bool,
    },
    /// Replace one provider's upstream key, or re-encrypt every secret under a new master key
    RotateKey(RotateKeyArgs),
    /// A provider's cooldown after rate limits or failures
    #[command(subcommand)]
    Cooldown(CooldownCommand),
    /// Import providers, model mappings and usage from a Sidecar V2 database (idempotent)
    Import {
        /// The Sidecar V2 SQLite file
        #[arg(long, value_name = "PATH")]
        sidecar_v2_db: PathBuf,
        /// File with the old 64-hex SIDECAR_ENCRYPTION_KEY
        #[arg(long, value_name = "FILE")]
        old_key_file: PathBuf,
    },
}

/// Where a secret comes from; never the command line itself.
#[expect(
    clippy::struct_field_names,
    reason = "the flags are --key-stdin, --key-file, --key-env"
)]
#[derive(Debug, Args)]
pub struct KeyInputArgs {
    /// Read the upstream key from stdin
    #[arg(long, conflicts_with_all = ["key_file", "key_env"])]
    pub key_stdin: bool,
    /// Read the upstream key from a file
    #[arg(long, value_name = "FILE", conflicts_with = "key_env")]
    pub key_file: Option<PathBuf>,
    /// Read the upstream key from this environment variable
    #[arg(long, value_name = "VAR")]
    pub key_env: Option<String>,
}

impl KeyInputArgs {
    fn source(&self) -> Result<SecretSource, Failure> {
        match (self.key_stdin, &self.key_file, &self.key_env) {
            (true, _, _) => Ok(SecretSource::Stdin),
            (_, Some(path), _) => Ok(SecretSource::File(path.clone())),
            (_, _, Some(var)) => Ok(SecretSource::Env(var.clone())),
            _ => Err(usage(
                "give the upstream key with --key-stdin, --key-file FILE or --key-env VAR (never as an argument)",
            )),
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum CooldownCommand {
    /// End it now: running sidecars route to the provider again at their next reload (within
    /// a second); with --shared, every sidecar of the fleet at once
    Clear {
        /// Provider name
        name: String,
        #[command(flatten)]
        shared: super::sidecar::SharedArgs,
    },
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// Unique provider name (letters, digits, '.', '_', '-')
    pub name: String,
    /// Base URL of the OpenAI-compatible API, e.g. https://api.openai.com/v1
    #[arg(long, value_name = "URL")]
    pub url: String,
    #[command(flatten)]
    pub key: KeyInputArgs,
    /// Pool: primary is tried first, fallback when primary has no capacity
    #[arg(long, value_enum, default_value = "primary")]
    pub pool: Pool,
    /// Requests per minute allowed on this key [default: 40]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub rpm: Option<u32>,
    /// Requests in flight on this key at most; more wait for a slot or go elsewhere [default: no cap]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub max_concurrency: Option<u32>,
    /// Tokens per minute allowed on this key (each request reserves its estimate, settled with
    /// its real usage) [default: no limit]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub tpm: Option<u32>,
    /// Upstream request timeout, e.g. 90s or 2m [default: 120s]
    #[arg(long, value_name = "DURATION", value_parser = parse_timeout)]
    pub timeout: Option<Duration>,
    /// Display name
    #[arg(long, value_name = "TEXT", default_value = "")]
    pub label: String,
    /// Serve a canonical model, optionally under another native id (repeatable)
    #[arg(long = "model", value_name = "CANONICAL[=NATIVE]")]
    pub models: Vec<String>,
    /// Prices of a model given with --model, USD per 1M input,output tokens, optionally then
    /// cached input read and written [default: the input price] (repeatable)
    #[arg(
        long = "price",
        value_name = "CANONICAL=IN,OUT[,CACHE_READ[,CACHE_WRITE]]"
    )]
    pub prices: Vec<String>,
    #[command(flatten)]
    pub dialects: DialectArgs,
    /// Add the provider disabled
    #[arg(long)]
    pub disabled: bool,
}

#[derive(Debug, Args)]
pub struct SetArgs {
    /// Provider name
    pub name: String,
    /// New name
    #[arg(long, value_name = "NAME")]
    pub rename: Option<String>,
    /// New base URL
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// New pool
    #[arg(long, value_enum)]
    pub pool: Option<Pool>,
    /// New requests-per-minute limit
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub rpm: Option<u32>,
    /// New cap on requests in flight; 0 removes it
    #[arg(long, value_name = "N")]
    pub max_concurrency: Option<u32>,
    /// New tokens-per-minute limit; 0 removes it
    #[arg(long, value_name = "N")]
    pub tpm: Option<u32>,
    /// New upstream timeout, e.g. 90s or 2m
    #[arg(long, value_name = "DURATION", value_parser = parse_timeout)]
    pub timeout: Option<Duration>,
    /// New display name
    #[arg(long, value_name = "TEXT")]
    pub label: Option<String>,
    #[command(flatten)]
    pub dialects: DialectArgs,
}

/// The API dialects a provider serves and where.
#[derive(Debug, Args)]
pub struct DialectArgs {
    /// The API dialects the provider serves: chat (OpenAI chat/completions, completions,
    /// embeddings), responses (OpenAI Responses), messages (Anthropic Messages)
    /// [default: chat, plus each one given a URL below]
    #[arg(long, value_enum, value_delimiter = ',', value_name = "DIALECT,…")]
    pub dialects: Option<Vec<Dialect>>,
    /// Serve OpenAI Responses at this base URL (`/responses` is appended; "" means --url)
    #[arg(long, value_name = "URL")]
    pub responses_url: Option<String>,
    /// Serve Anthropic Messages at this base URL, what ANTHROPIC_BASE_URL would be, e.g.
    /// https://api.deepseek.com/anthropic (`/v1/messages` is appended; "" means --url)
    #[arg(long, value_name = "URL")]
    pub messages_url: Option<String>,
}

impl From<DialectArgs> for DialectChange {
    fn from(a: DialectArgs) -> Self {
        Self {
            dialects: a.dialects,
            responses_url: a.responses_url,
            messages_url: a.messages_url,
        }
    }
}

#[derive(Debug, Args)]
pub struct MapArgs {
    /// Provider name
    pub name: String,
    /// Canonical model name that clients ask for
    pub canonical: String,
    /// The provider's own id for it [default: the canonical name]
    pub native: Option<String>,
    /// USD per 1M input tokens
    #[arg(
        long,
        value_name = "USD",
        default_value_t = 0.0,
        allow_negative_numbers = true
    )]
    pub in_price: f64,
    /// USD per 1M output tokens
    #[arg(
        long,
        value_name = "USD",
        default_value_t = 0.0,
        allow_negative_numbers = true
    )]
    pub out_price: f64,
    /// USD per 1M cached input tokens read [default: the input price]
    #[arg(long, value_name = "USD", allow_negative_numbers = true)]
    pub cache_read_price: Option<f64>,
    /// USD per 1M input tokens written to the cache [default: the input price]
    #[arg(long, value_name = "USD", allow_negative_numbers = true)]
    pub cache_write_price: Option<f64>,
    /// Context window in tokens
    #[arg(long, value_name = "TOKENS")]
    pub context_window: Option<u32>,
    /// Largest completion in tokens
    #[arg(long, value_name = "TOKENS")]
    pub max_tokens: Option<u32>,
}

#[derive(Debug, Args)]
pub struct RotateKeyArgs {
    /// Provider whose upstream key to replace
    #[arg(required_unless_present = "master", conflicts_with = "master")]
    pub name: Option<String>,
    #[command(flatten)]
    pub key: KeyInputArgs,
    /// Re-encrypt every stored secret under a new master key instead
    #[arg(long, requires = "new_key_file", conflicts_with_all = ["key_stdin", "key_file", "key_env"])]
    pub master: bool,
    /// With --master: the new key file (created with a fresh key if missing)
    #[arg(long, value_name = "FILE", requires = "master")]
    pub new_key_file: Option<PathBuf>,
}

/// An upstream timeout: a duration like every other (`90s`, `2m`),
/// more than 0 and at most an hour.
fn parse_timeout(text: &str) -> Result<Duration, String> {
    let timeout = super::parse_duration(text)?;
    if timeout.is_zero() || timeout > Duration::from_secs(3600) {
        return Err(format!(
            "{text} is out of range: expected more than 0 and at most 1h"
        ));
    }
    Ok(timeout)
}

pub(super) fn run(ctx: &Context, cmd: ProviderCommand) -> Outcome {
    let changed = |verb, provider| ctx.emit(&report::Changed { verb, provider });
    match cmd {
        ProviderCommand::Add(args) => add(ctx, args),
        ProviderCommand::List => list(ctx),
        ProviderCommand::Show { name } => {
            let (mut store, key) = ctx.unlock()?;
            ctx.emit(&report::Show {
                provider: provider::show(&mut store, &key, &name)?,
            })
        }
        ProviderCommand::Set(args) => set(ctx, args),
        ProviderCommand::Map(args) => map(ctx, args),
        ProviderCommand::Unmap { name, canonical } => {
            let (mut store, key) = ctx.unlock()?;
            changed(
                "unmapped",
                provider::unmap(&mut store, &key, &name, &canonical)?,
            )
        }
        ProviderCommand::Enable { name } => switch(ctx, &name, true),
        ProviderCommand::Disable { name } => switch(ctx, &name, false),
        ProviderCommand::Rm { names, yes } => rm(ctx, &names, yes),
        ProviderCommand::RotateKey(args) => rotate(ctx, args),
        ProviderCommand::Cooldown(CooldownCommand::Clear { name, shared }) => {
            clear_cooldown(ctx, &name, &shared)
        }
        ProviderCommand::Import {
            sidecar_v2_db,
            old_key_file,
        } => import(ctx, sidecar_v2_db, &old_key_file),
    }
}

fn rm(ctx: &Context, names: &[String], yes: bool) -> Outcome {
    confirm_removal(
        yes,
        &format!("providers {names:?} and their model mappings"),
    )?;
    let (mut store, _key) = ctx.unlock()?;
    let removed = provider::remove(&mut store, names)?;
    ctx.emit(&report::Removed { removed })
}

/// In the DB (the running sidecars follow at their next reload) and, given the fleet's
/// Redis, for every sidecar of the fleet.
fn clear_cooldown(ctx: &Context, name: &str, shared: &super::sidecar::SharedArgs) -> Outcome {
    let (mut store, key) = ctx.unlock()?;
    let provider = provider::clear_cooldown(&mut store, &key, name)?;
    if let Some(url) = shared.url()? {
        crate::sidecar::clear_fleet_cooldown(&url, shared.fleet_name(), name)?;
    }
    ctx.emit(&report::Changed {
        verb: "cleared the cooldown of",
        provider,
    })
}

fn list(ctx: &Context) -> Outcome {
    let (mut store, key) = ctx.unlock()?;
    ctx.emit(&report::List {
        providers: provider::list(&mut store, &key)?,
    })
}

fn map(ctx: &Context, args: MapArgs) -> Outcome {
    let mapping = ModelMapping {
        native_id: args.native.unwrap_or_else(|| args.canonical.clone()),
        canonical: args.canonical,
        input_usd_per_mtok: args.in_price,
        output_usd_per_mtok: args.out_price,
        cache_read_usd_per_mtok: args.cache_read_price,
        cache_write_usd_per_mtok: args.cache_write_price,
        context_window: args.context_window,
        max_tokens: args.max_tokens,
    };
    let (mut store, key) = ctx.unlock()?;
    ctx.emit(&report::Changed {
        verb: "mapped",
        provider: provider::map(&mut store, &key, &args.name, &mapping)?,
    })
}

/// `enable` and `disable`.
fn switch(ctx: &Context, name: &str, on: bool) -> Outcome {
    let (mut store, key) = ctx.unlock()?;
    ctx.emit(&report::Changed {
        verb: if on { "enabled" } else { "disabled" },
        provider: provider::set(&mut store, &key, name, enabled(on))?,
    })
}

fn import(ctx: &Context, sidecar_v2_db: PathBuf, old_key_file: &std::path::Path) -> Outcome {
    if !sidecar_v2_db.is_file() {
        return Err(usage(format!("{} is not a file", sidecar_v2_db.display())));
    }
    let old_key = MasterKey::from_file(old_key_file)?;
    let (mut store, key) = ctx.unlock()?;
    let import = provider::import_sidecar_v2(&mut store, &key, &sidecar_v2_db, &old_key)?;
    ctx.emit(&report::Imported {
        from: sidecar_v2_db,
        import,
    })
}

fn set(ctx: &Context, args: SetArgs) -> Outcome {
    let (mut store, key) = ctx.unlock()?;
    let patch = ProviderPatch {
        name: args.rename,
        label: args.label,
        base_url: args.url,
        pool: args.pool,
        rpm: args.rpm,
        max_concurrency: args.max_concurrency,
        tpm: args.tpm,
        timeout_ms: args
            .timeout
            .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX)),
        enabled: None,
        dialects: None,
    };
    let dialects = args.dialects.into();
    ctx.emit(&report::Changed {
        verb: "updated",
        provider: provider::change(&mut store, &key, &args.name, patch, &dialects)?,
    })
}

fn rotate(ctx: &Context, args: RotateKeyArgs) -> Outcome {
    if args.master {
        let new_key_file = args
            .new_key_file
            .ok_or_else(|| usage("--master needs --new-key-file FILE"))?;
        let (mut store, key) = ctx.unlock()?;
        return ctx.emit(&provider::rotate_master(&mut store, &key, &new_key_file)?);
    }
    let name = args
        .name
        .ok_or_else(|| usage("give a provider NAME or --master"))?;
    let source = args.key.source()?;
    let (mut store, key) = ctx.unlock()?;
    let secret = input::secret(source, &key)?;
    ctx.emit(&report::Changed {
        verb: "rotated key of",
        provider: provider::rotate_key(&mut store, &key, &name, &secret)?,
    })
}

fn add(ctx: &Context, args: AddArgs) -> Outcome {
    let models = provider::parse_models(&args.models, &args.prices)?;
    // Validate what needs no key before reading the key or touching the DB.
    provider::validate_name(&args.name)?;
    provider::validate_url(&args.url)?;
    let dialects = DialectChange::from(args.dialects).over(None)?;
    let source = args.key.source()?;
    let (mut store, key) = ctx.unlock()?;
    let request = NewProviderRequest {
        name: args.name,
        base_url: args.url,
        label: args.label,
        pool: args.pool,
        rpm: args.rpm.unwrap_or(provider::DEFAULT_RPM),
        max_concurrency: args.max_concurrency.unwrap_or(0),
        tpm: args.tpm.unwrap_or(0),
        timeout: args.timeout.unwrap_or(provider::DEFAULT_TIMEOUT),
        enabled: !args.disabled,
        models,
        key: input::secret(source, &key)?,
        dialects,
    };
    ctx.emit(&report::Changed {
        verb: "added",
        provider: provider::add(&mut store, &key, request)?,
    })
}

fn enabled(enabled: bool) -> ProviderPatch {
    ProviderPatch {
        enabled: Some(enabled),
        ..ProviderPatch::default()
    }
}
