//! The file `apply` takes and `export` writes: TOML, strict (an unknown key is an error that
//! names its line and column), secrets only by reference.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::error::{Error, invalid};
use crate::state::heartbeat::Watch;
use crate::state::providers::{Dialect, ModelMapping, Pool};
use crate::{heartbeat, provider};

/// The whole file.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Spec {
    #[serde(default)]
    pub provider: Vec<ProviderSpec>,
    #[serde(default)]
    pub client: Vec<ClientSpec>,
    #[serde(default)]
    pub receiver: Vec<ReceiverSpec>,
    /// Routes in order; when the file has any, they are the whole list.
    #[serde(default)]
    pub route: Vec<RouteSpec>,
    #[serde(default)]
    pub agent: Vec<AgentSpec>,
    #[serde(default)]
    pub backup: Vec<BackupSpec>,
    #[serde(default)]
    pub host: Vec<HostSpec>,
    /// Global inspection thresholds (`disk_warn = "75"`); when the file has any, they are
    /// the whole set.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub inspect_thresholds: BTreeMap<String, String>,
    /// Thresholds of a group's hosts (`[inspect_group_thresholds.web]`), between the global
    /// ones and a host's own; when the file has any, they are the whole set.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub inspect_group_thresholds: BTreeMap<String, BTreeMap<String, String>>,
}

/// `[[backup]]`: a backup job (durations like `30days`).
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct BackupSpec {
    pub name: String,
    /// `sqlite`, `mysql` or `files`.
    pub kind: String,
    pub source: String,
    pub dest: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retention: Option<String>,
    /// `db`, `config`, `data` or `logs`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mysql_host: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mysql_port: Option<u16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mysql_socket: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mysql_user: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mysql_defaults_file: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_env: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_file: Option<String>,
    /// `HOST:/dir`: an encrypted copy of each backup goes there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remote: Option<String>,
    /// An inline password: refused.
    #[serde(default, skip_serializing)]
    pub(super) password: Option<toml::Spanned<toml::Value>>,
}

/// `[[host]]`: a host of the inspection inventory.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct HostSpec {
    pub name: String,
    pub addr: String,
    #[serde(default = "ssh_port")]
    pub port: u16,
    #[serde(default = "root")]
    pub user: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_env: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_file: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub services: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ports: Vec<u16>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub thresholds: BTreeMap<String, String>,
    /// An inline password: refused.
    #[serde(default, skip_serializing)]
    pub(super) password: Option<toml::Spanned<toml::Value>>,
}

fn ssh_port() -> u16 {
    22
}

fn root() -> String {
    "root".into()
}

/// `[[receiver]]`: a Feishu bot, a JSON webhook or a command; URL and secret by reference.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ReceiverSpec {
    pub name: String,
    /// `feishu`, `webhook` or `command`.
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url_env: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url_file: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_env: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_file: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub command: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mentions: Vec<String>,
    #[serde(default, skip_serializing)]
    url: Option<toml::Spanned<toml::Value>>,
    #[serde(default, skip_serializing)]
    secret: Option<toml::Spanned<toml::Value>>,
}

impl ReceiverSpec {
    /// A receiver for `export` (no inline secret, by construction).
    pub fn new(
        name: String,
        kind: String,
        (url_env, url_file): (Option<String>, Option<String>),
        (secret_env, secret_file): (Option<String>, Option<String>),
        command: Option<String>,
        mentions: Vec<String>,
    ) -> Self {
        Self {
            name,
            kind,
            url_env,
            url_file,
            secret_env,
            secret_file,
            command,
            mentions,
            url: None,
            secret: None,
        }
    }
}

/// `[[route]]`: alerts whose labels match go to the receiver.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RouteSpec {
    #[serde(default, rename = "match")]
    pub matchers: Vec<String>,
    pub receiver: String,
    #[serde(default, rename = "continue")]
    pub continue_matching: bool,
}

/// `[[agent]]`: a heartbeat agent or job (durations like `5m`).
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AgentSpec {
    pub name: String,
    pub schedule: String,
    #[serde(default = "default_tz")]
    pub tz: String,
    #[serde(default = "default_grace")]
    pub grace: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    #[serde(default = "default_stagnant")]
    pub stagnant_after: String,
    #[serde(default = "default_rounds")]
    pub max_rounds: u32,
    #[serde(default = "default_warn_pct")]
    pub warn_rounds_pct: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub escalate: Option<String>,
    #[serde(default)]
    pub label: String,
    /// `command:CMD` or `http:URL`: what starts the agent's turn.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger: Option<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub trigger_message: String,
    /// The environment variable holding an HTTP trigger's bearer token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger_token_env: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub trigger_always: bool,
    #[serde(default = "default_trigger_timeout")]
    pub trigger_timeout: String,
    /// A duration after each slot; absent: spread automatically.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset: Option<String>,
    #[serde(default = "default_fail_after")]
    pub fail_after: u32,
    /// `command:CMD` run once per confirmed stuck task.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_stuck: Option<String>,
    /// The sidecar client token the agent calls LLMs with (absent: the one of its name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client: Option<String>,
    /// Spin thresholds since the last task moved (0: off).
    #[serde(default = "default_spin_warn_tokens")]
    pub spin_warn_tokens: u64,
    #[serde(default = "default_spin_critical_tokens")]
    pub spin_critical_tokens: u64,
    #[serde(default = "default_spin_warn_usd")]
    pub spin_warn_usd: f64,
    #[serde(default = "default_spin_critical_usd")]
    pub spin_critical_usd: f64,
    /// `pause` or `command:CMD`, at critical spinning.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_spin: Option<String>,
    #[serde(default = "default_turn_window")]
    pub turn_window: String,
    #[serde(default = "default_silent_after")]
    pub silent_after: u32,
    /// Text in a trigger's answer that says the turn ran.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ack: Option<String>,
}

fn default_spin_warn_tokens() -> u64 {
    Watch::default().spin_warn_tokens
}

fn default_spin_critical_tokens() -> u64 {
    Watch::default().spin_critical_tokens
}

#[expect(clippy::cast_precision_loss, reason = "dollars for people")]
fn default_spin_warn_usd() -> f64 {
    Watch::default().spin_warn_nusd as f64 / 1e9
}

#[expect(clippy::cast_precision_loss, reason = "dollars for people")]
fn default_spin_critical_usd() -> f64 {
    Watch::default().spin_critical_nusd as f64 / 1e9
}

fn default_turn_window() -> String {
    humantime::format_duration(std::time::Duration::from_millis(
        u64::try_from(Watch::default().turn_window_ms).unwrap_or(0),
    ))
    .to_string()
}

fn default_silent_after() -> u32 {
    Watch::default().silent_after
}

fn default_trigger_timeout() -> String {
    humantime::format_duration(heartbeat::DEFAULT_TRIGGER_TIMEOUT).to_string()
}

fn default_fail_after() -> u32 {
    heartbeat::DEFAULT_FAIL_AFTER
}

fn default_tz() -> String {
    heartbeat::DEFAULT_TZ.into()
}

fn default_grace() -> String {
    humantime::format_duration(heartbeat::DEFAULT_GRACE).to_string()
}

fn default_stagnant() -> String {
    humantime::format_duration(heartbeat::DEFAULT_STAGNANT).to_string()
}

fn default_rounds() -> u32 {
    heartbeat::DEFAULT_MAX_ROUNDS
}

fn default_warn_pct() -> f64 {
    heartbeat::DEFAULT_WARN_ROUNDS_PCT
}

#[expect(
    clippy::trivially_copy_pass_by_ref,
    reason = "serde's skip_serializing_if"
)]
fn is_zero(n: &u32) -> bool {
    *n == 0
}

fn default_rpm() -> u32 {
    provider::DEFAULT_RPM
}

fn default_timeout() -> f64 {
    provider::DEFAULT_TIMEOUT.as_secs_f64()
}

fn yes() -> bool {
    true
}

/// `[[provider]]`.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ProviderSpec {
    pub name: String,
    pub url: String,
    /// The environment variable holding the upstream key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_env: Option<String>,
    /// The file holding the upstream key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_file: Option<String>,
    #[serde(default = "primary", with = "pool_name")]
    pub pool: Pool,
    #[serde(default = "default_rpm")]
    pub rpm: u32,
    /// Requests in flight at most (0 or absent: no cap).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub max_concurrency: u32,
    /// Tokens per minute (0 or absent: no limit).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub tpm: u32,
    /// Upstream timeout in seconds.
    #[serde(default = "default_timeout")]
    pub timeout: f64,
    #[serde(default)]
    pub label: String,
    #[serde(default = "yes")]
    pub enabled: bool,
    /// The API dialects it serves: chat, responses, messages [default: chat].
    #[serde(default = "chat_only")]
    pub dialects: Vec<Dialect>,
    /// The Responses base URL, if not the chat `url`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub responses_url: Option<String>,
    /// The Anthropic Messages base URL (what `ANTHROPIC_BASE_URL` would be), if not `url`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub messages_url: Option<String>,
    #[serde(default, rename = "model")]
    pub models: Vec<ModelSpec>,
    /// An inline key: refused, with its position, so it never lands in a file by accident.
    #[serde(default, skip_serializing)]
    key: Option<toml::Spanned<toml::Value>>,
    #[serde(default, skip_serializing)]
    api_key: Option<toml::Spanned<toml::Value>>,
}

fn chat_only() -> Vec<Dialect> {
    vec![Dialect::Chat]
}

fn primary() -> Pool {
    Pool::Primary
}

mod pool_name {
    use serde::{Deserialize as _, Deserializer, Serializer};

    use crate::state::providers::Pool;

    #[expect(
        clippy::trivially_copy_pass_by_ref,
        reason = "the signature serde's `with` wants"
    )]
    pub fn serialize<S: Serializer>(pool: &Pool, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(pool.as_str())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Pool, D::Error> {
        match String::deserialize(d)?.as_str() {
            "primary" => Ok(Pool::Primary),
            "fallback" => Ok(Pool::Fallback),
            other => Err(serde::de::Error::custom(format!(
                "pool {other:?}: expected \"primary\" or \"fallback\""
            ))),
        }
    }
}

/// `[[provider.model]]`: prices in USD per 1M tokens.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ModelSpec {
    pub canonical: String,
    /// The provider's own id [default: the canonical name].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub native: Option<String>,
    #[serde(default)]
    pub input: f64,
    #[serde(default)]
    pub output: f64,
    /// Cached input read [default: the input price].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cache_read: Option<f64>,
    /// Input written to the cache [default: the input price].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cache_write: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context_window: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_tokens: Option<u32>,
}

/// `[[client]]`: a client token by name; its hash, or none to have one made (shown once).
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ClientSpec {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_sha256: Option<String>,
    /// Requests per minute; none or 0: no limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rpm: Option<u32>,
    /// `20usd/day`, `2M-tokens/month`…: the client's budgets, all of them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub budgets: Vec<String>,
    /// Let through `/v1` paths the sidecar does not price, despite rpm and budgets.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub passthrough: bool,
    /// Keep its requests' bodies in the request log (capped, credentials redacted).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub log_bodies: bool,
    #[serde(default, skip_serializing)]
    token: Option<toml::Spanned<toml::Value>>,
}

/// `line L, column C` of byte `at` in `text`.
/// Just the names of a file's entries, where they stand.
#[derive(Deserialize)]
struct Names {
    #[serde(default)]
    provider: Vec<NamedProvider>,
    #[serde(default)]
    client: Vec<Named>,
    #[serde(default)]
    receiver: Vec<Named>,
    #[serde(default)]
    agent: Vec<Named>,
    #[serde(default)]
    backup: Vec<Named>,
    #[serde(default)]
    host: Vec<Named>,
}

#[derive(Deserialize)]
struct Named {
    name: toml::Spanned<String>,
}

#[derive(Deserialize)]
struct NamedProvider {
    name: toml::Spanned<String>,
    #[serde(default, rename = "model")]
    models: Vec<NamedModel>,
}

#[derive(Deserialize)]
struct NamedModel {
    canonical: toml::Spanned<String>,
}

/// A name given twice in one section (or a model twice in one provider) is an error at the
/// second one: silently keeping the last would hide a copy-paste slip.
fn refuse_duplicates(text: &str) -> Result<(), Error> {
    let names: Names = toml::from_str(text).map_err(|e| invalid(e.message().to_owned()))?;
    let plain = |list: &[Named]| list.iter().map(|n| n.name.clone()).collect::<Vec<_>>();
    let mut lists: Vec<(String, Vec<toml::Spanned<String>>)> = vec![
        (
            "provider".into(),
            names.provider.iter().map(|p| p.name.clone()).collect(),
        ),
        ("client".into(), plain(&names.client)),
        ("receiver".into(), plain(&names.receiver)),
        ("agent".into(), plain(&names.agent)),
        ("backup".into(), plain(&names.backup)),
        ("host".into(), plain(&names.host)),
    ];
    for p in &names.provider {
        let what = format!("model of provider {}", p.name.get_ref());
        lists.push((what, p.models.iter().map(|m| m.canonical.clone()).collect()));
    }
    for (what, list) in lists {
        let mut seen = std::collections::HashSet::new();
        if let Some(twice) = list.iter().find(|n| !seen.insert(n.get_ref().as_str())) {
            return Err(invalid(format!(
                "{}: {what} {:?} is given twice",
                position(text, twice.span().start),
                twice.get_ref()
            )));
        }
    }
    Ok(())
}

fn position(text: &str, at: usize) -> String {
    let before = &text[..at.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
    format!("line {line}, column {column}")
}

impl ProviderSpec {
    /// How the key is referred to, as stored with the provider (`env:VAR` or `file:PATH`).
    pub fn key_ref(&self) -> String {
        match (&self.key_env, &self.key_file) {
            (Some(var), _) => format!("env:{var}"),
            (None, Some(path)) => format!("file:{path}"),
            (None, None) => String::new(),
        }
    }

    pub fn mappings(&self) -> Vec<ModelMapping> {
        self.models
            .iter()
            .map(|m| ModelMapping {
                canonical: m.canonical.clone(),
                native_id: m.native.clone().unwrap_or_else(|| m.canonical.clone()),
                input_usd_per_mtok: m.input,
                output_usd_per_mtok: m.output,
                cache_read_usd_per_mtok: m.cache_read,
                cache_write_usd_per_mtok: m.cache_write,
                context_window: m.context_window,
                max_tokens: m.max_tokens,
            })
            .collect()
    }
}

impl Spec {
    /// Parses the file; a syntax error, an unknown key or an inline secret is bad input
    /// (exit 64) naming its line and column.
    pub fn parse(text: &str) -> Result<Self, Error> {
        let spec: Self = toml::from_str(text).map_err(|e| {
            let at = e
                .span()
                .map(|s| position(text, s.start))
                .unwrap_or_default();
            invalid(format!("{at}: {}", e.message()))
        })?;
        let inline = spec
            .provider
            .iter()
            .flat_map(|p| p.key.iter().chain(&p.api_key))
            .chain(spec.client.iter().flat_map(|c| &c.token))
            .chain(
                spec.receiver
                    .iter()
                    .flat_map(|r| r.url.iter().chain(&r.secret)),
            )
            .chain(spec.backup.iter().flat_map(|b| &b.password))
            .chain(spec.host.iter().flat_map(|h| &h.password))
            .next();
        if let Some(secret) = inline {
            return Err(invalid(format!(
                "{}: an inline secret is refused: refer to it with key_env or key_file (url_env, secret_env… for receivers, token_sha256 for clients)",
                position(text, secret.span().start)
            )));
        }
        refuse_duplicates(text)?;
        Ok(spec)
    }

    /// The state as a file: everything by name (routes in their order), models by canonical
    /// name.
    pub fn from_state(state: &super::StateRows) -> Self {
        let (providers, clients) = (&state.providers, &state.clients);
        let mut provider: Vec<ProviderSpec> = providers
            .iter()
            .map(|p| {
                let (key_env, key_file) = match p.key_ref.split_once(':') {
                    Some(("env", var)) => (Some(var.to_owned()), None),
                    Some(("file", path)) => (None, Some(path.to_owned())),
                    // Added by hand: the file cannot say where its key is; fill it in.
                    _ => (
                        Some(format!(
                            "{}_KEY",
                            p.name.to_uppercase().replace(['-', '.'], "_")
                        )),
                        None,
                    ),
                };
                let mut models: Vec<ModelSpec> = p
                    .models
                    .iter()
                    .map(|m| ModelSpec {
                        canonical: m.canonical.clone(),
                        native: (m.native_id != m.canonical).then(|| m.native_id.clone()),
                        input: m.input_usd_per_mtok,
                        output: m.output_usd_per_mtok,
                        cache_read: m.cache_read_usd_per_mtok,
                        cache_write: m.cache_write_usd_per_mtok,
                        context_window: m.context_window,
                        max_tokens: m.max_tokens,
                    })
                    .collect();
                models.sort_by(|a, b| a.canonical.cmp(&b.canonical));
                #[expect(clippy::cast_precision_loss, reason = "timeouts are far below 2^52 ms")]
                let timeout = p.timeout_ms as f64 / 1000.0;
                ProviderSpec {
                    name: p.name.clone(),
                    url: p.base_url.clone(),
                    key_env,
                    key_file,
                    pool: p.pool,
                    rpm: p.rpm,
                    max_concurrency: p.max_concurrency,
                    tpm: p.tpm,
                    timeout,
                    label: p.label.clone(),
                    enabled: p.enabled,
                    dialects: p.dialects.served(),
                    responses_url: p.dialects.responses.clone().filter(|u| !u.is_empty()),
                    messages_url: p.dialects.messages.clone().filter(|u| !u.is_empty()),
                    models,
                    key: None,
                    api_key: None,
                }
            })
            .collect();
        provider.sort_by(|a, b| a.name.cmp(&b.name));
        let mut client: Vec<ClientSpec> = clients
            .iter()
            .map(|c| ClientSpec {
                name: c.name.clone(),
                token_sha256: Some(hex::encode(&c.token_sha256)),
                rpm: Some(c.rpm).filter(|r| *r > 0),
                budgets: c.budgets.iter().map(ToString::to_string).collect(),
                passthrough: c.passthrough,
                log_bodies: c.log_bodies,
                token: None,
            })
            .collect();
        client.sort_by(|a, b| a.name.cmp(&b.name));
        let mut receiver: Vec<ReceiverSpec> = state
            .receivers
            .iter()
            .map(super::alerts::receiver_spec)
            .collect();
        receiver.sort_by(|a, b| a.name.cmp(&b.name));
        let mut agent: Vec<AgentSpec> =
            state.agents.iter().map(super::alerts::agent_spec).collect();
        agent.sort_by(|a, b| a.name.cmp(&b.name));
        Self {
            provider,
            client,
            receiver,
            route: state.routes.iter().map(super::alerts::route_spec).collect(),
            agent,
            backup: state
                .backups
                .iter()
                .map(super::inventory::backup_spec)
                .collect(),
            host: state
                .hosts
                .iter()
                .map(super::inventory::host_spec)
                .collect(),
            inspect_thresholds: state.thresholds.clone(),
            inspect_group_thresholds: super::inventory::unflatten(&state.group_thresholds),
        }
    }

    pub fn to_toml(&self) -> String {
        format!(
            "# bizwings state, as `bizwings apply` takes it (keys by reference only)\n\n{}",
            toml::to_string(self).unwrap_or_default()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_and_inline_secrets() {
        let err = Spec::parse("[[provider]]\nname = \"a\"\nurl = \"https://x\"\nkey = \"sk-1\"\n")
            .expect_err("inline");
        assert!(err.to_string().starts_with("line 4, column 7"), "{err}");
        let err = Spec::parse("[[provider]]\nname = \"a\"\nurl = 3\n").expect_err("type");
        assert!(err.to_string().starts_with("line 3"), "{err}");
        let err = Spec::parse("[[provder]]\n").expect_err("unknown");
        assert!(err.to_string().contains("line 1"), "{err}");
    }
}
