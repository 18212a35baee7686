//! The notification and heartbeat half of `apply`: receivers (secrets by reference), routes
//! (the whole ordered list), and heartbeat agents.

use std::time::Duration;

use super::spec::{AgentSpec, ReceiverSpec, RouteSpec};
use super::{Change, change, read_ref, reference};
use crate::crypto::{MasterKey, Secret};
use crate::error::{Error, invalid};
use crate::heartbeat::{self, AgentSettings, Toggle};
use crate::notify::{self, Target, routes::Matcher};
use crate::state::heartbeat::{self as agent_rows, AgentRow, Source, Trigger};
use crate::state::notify::{self as rows, NewReceiver, ReceiverRow, RouteRow};
use crate::state::{self, Tx};

/// A receiver of the file with its secrets read and checked.
pub(super) struct ReadyReceiver {
    spec: ReceiverSpec,
    target: Target,
}

pub(super) fn prepare_receiver(
    spec: ReceiverSpec,
    key: &MasterKey,
) -> Result<ReadyReceiver, Error> {
    crate::config::validate_name("receiver", &spec.name).map_err(Error::Invalid)?;
    let what = |field: &str| format!("receiver {}: {field}", spec.name);
    let url = read_ref(
        &what("url"),
        spec.url_env.as_ref(),
        spec.url_file.as_ref(),
        key,
    )?;
    let secret = read_ref(
        &what("secret"),
        spec.secret_env.as_ref(),
        spec.secret_file.as_ref(),
        key,
    )?;
    let target = match (spec.kind.as_str(), url, &spec.command) {
        ("command", None, Some(command)) if !command.trim().is_empty() => {
            Target::Command(command.clone())
        }
        ("feishu" | "webhook", Some(url), None) => {
            notify::validate_webhook(url.expose())?;
            if spec.kind == "feishu" {
                Target::Feishu { url, secret }
            } else {
                Target::Webhook { url, secret }
            }
        }
        _ => {
            return Err(invalid(format!(
                "receiver {}: kind is feishu or webhook (with url_env or url_file) or command (with command)",
                spec.name
            )));
        }
    };
    Ok(ReadyReceiver { spec, target })
}

fn same_target(a: &Target, b: &Target) -> bool {
    let same = |x: &Secret, y: &Secret| x.expose() == y.expose();
    let same_opt = |x: &Option<Secret>, y: &Option<Secret>| match (x, y) {
        (Some(x), Some(y)) => same(x, y),
        (None, None) => true,
        _ => false,
    };
    match (a, b) {
        (Target::Command(x), Target::Command(y)) => x == y,
        (
            Target::Feishu {
                url: u1,
                secret: s1,
            },
            Target::Feishu {
                url: u2,
                secret: s2,
            },
        )
        | (
            Target::Webhook {
                url: u1,
                secret: s1,
            },
            Target::Webhook {
                url: u2,
                secret: s2,
            },
        ) => same(u1, u2) && same_opt(s1, s2),
        _ => false,
    }
}

pub(super) fn receivers(
    tx: &Tx<'_>,
    key: &MasterKey,
    ready: &[ReadyReceiver],
    write: bool,
    prune: bool,
) -> Result<Vec<Change>, Error> {
    let current = rows::receivers(tx)?;
    let stored = super::index(&current, |c| c.name.as_str());
    let mut changes = Vec::new();
    for r in ready {
        let s = &r.spec;
        let url_ref = reference(s.url_env.as_ref(), s.url_file.as_ref());
        let secret_ref = reference(s.secret_env.as_ref(), s.secret_file.as_ref());
        let existing = stored.get(s.name.as_str()).copied();
        let action = match existing {
            None => "added",
            Some(row) => {
                let stored = notify::open_target(key, row);
                let same = stored.is_ok_and(|t| same_target(&t, &r.target))
                    && row.mentions == s.mentions
                    && row.url_ref == url_ref
                    && row.secret_ref == secret_ref;
                if same {
                    continue;
                }
                "changed"
            }
        };
        if write {
            let (url, secret) = match &r.target {
                Target::Feishu { url, secret } | Target::Webhook { url, secret } => {
                    (Some(url), secret.as_ref())
                }
                Target::Command(_) => (None, None),
            };
            let seal_url = |id: i64| {
                key.seal(
                    &notify::aad(id, "url_sealed"),
                    url.map_or("", |u| u.expose()).as_bytes(),
                )
            };
            let seal_secret = |id: i64| {
                key.seal(
                    &notify::aad(id, "secret_sealed"),
                    secret.map_or("", |x| x.expose()).as_bytes(),
                )
            };
            rows::replace_receiver(
                tx,
                &NewReceiver {
                    name: &s.name,
                    kind: &s.kind,
                    command: s.command.as_deref(),
                    mentions: &s.mentions,
                    url: url
                        .is_some()
                        .then_some(&seal_url as &dyn Fn(i64) -> Vec<u8>),
                    secret: secret
                        .is_some()
                        .then_some(&seal_secret as &dyn Fn(i64) -> Vec<u8>),
                },
                &url_ref,
                &secret_ref,
            )?;
        }
        changes.push(change("receiver", &s.name, action));
    }
    if prune {
        changes.extend(super::removals(
            &current,
            |row| row.name.as_str(),
            ready.iter().map(|r| r.spec.name.as_str()),
            "receiver",
            write,
            |row| rows::remove_receiver(tx, &row.name),
        )?);
    }
    Ok(changes)
}

/// Routes as `(matchers, receiver, continue)`.
type Routes = Vec<(Vec<Matcher>, String, bool)>;

pub(super) fn parse_routes(specs: &[RouteSpec]) -> Result<Routes, Error> {
    specs
        .iter()
        .map(|r| {
            let matchers = r
                .matchers
                .iter()
                .map(|m| Matcher::parse(m).map_err(Error::Invalid))
                .collect::<Result<Vec<_>, _>>()?;
            Ok((matchers, r.receiver.clone(), r.continue_matching))
        })
        .collect()
}

/// The file's routes are the whole ordered list (routes have no names); a file without
/// routes leaves them alone unless `prune`.
pub(super) fn routes(
    tx: &Tx<'_>,
    wanted: &Routes,
    write: bool,
    prune: bool,
) -> Result<Vec<Change>, Error> {
    if wanted.is_empty() && !prune {
        return Ok(Vec::new());
    }
    let current: Routes = rows::routes(tx)?
        .into_iter()
        .map(|r: RouteRow| (r.matchers, r.receiver, r.continue_matching))
        .collect();
    if &current == wanted {
        return Ok(Vec::new());
    }
    for (_, receiver, _) in wanted {
        // Routes only to receivers that exist (in the DB or earlier in this file).
        if write {
            rows::receiver(tx, receiver)?;
        }
    }
    if write {
        rows::replace_routes(tx, wanted)?;
    }
    Ok(vec![Change {
        kind: "routes",
        name: format!("{} route(s)", wanted.len()),
        action: "changed",
        fields: Vec::new(),
    }])
}

fn duration(what: &str, text: &str) -> Result<Duration, Error> {
    humantime::parse_duration(text).map_err(|e| invalid(format!("{what} {text:?}: {e}")))
}

/// A field of the file read as its type; the error names the agent and the field.
fn field<T: std::str::FromStr<Err = String>>(
    agent: &str,
    name: &str,
    text: &str,
) -> Result<T, Error> {
    text.parse()
        .map_err(|e| invalid(format!("agent {agent}: {name}: {e}")))
}

/// An optional field of the file read as its type.
fn optional<T: std::str::FromStr<Err = String>>(
    agent: &str,
    name: &str,
    text: Option<&str>,
) -> Result<Option<T>, Error> {
    text.map(|t| field(agent, name, t)).transpose()
}

pub(super) fn prepare_agent(spec: &AgentSpec) -> Result<AgentRow, Error> {
    let name = spec.name.as_str();
    let settings = AgentSettings {
        label: Some(spec.label.clone()),
        schedule: Some(field(name, "schedule", &spec.schedule)?),
        tz: Some(spec.tz.clone()),
        grace: Some(duration(
            &format!("agent {}: grace", spec.name),
            &spec.grace,
        )?),
        sources: spec
            .sources
            .iter()
            .map(|s| field(name, "sources", s))
            .collect::<Result<_, _>>()?,
        stagnant_after: Some(duration(
            &format!("agent {}: stagnant_after", spec.name),
            &spec.stagnant_after,
        )?),
        max_rounds: Some(spec.max_rounds),
        warn_rounds_pct: Some(spec.warn_rounds_pct),
        owner: spec.owner.clone(),
        escalate: spec.escalate.clone(),
        trigger: optional(name, "trigger", spec.trigger.as_deref())?.map(Toggle::On),
        trigger_message: Some(spec.trigger_message.clone()),
        trigger_token_env: Some(
            optional(name, "trigger_token_env", spec.trigger_token_env.as_deref())?
                .map_or(Toggle::Off, Toggle::On),
        ),
        trigger_always: Some(spec.trigger_always),
        trigger_timeout: Some(duration(
            &format!("agent {}: trigger_timeout", spec.name),
            &spec.trigger_timeout,
        )?),
        offset: optional(name, "offset", spec.offset.as_deref())?,
        fail_after: Some(spec.fail_after),
        on_stuck: optional(name, "on_stuck", spec.on_stuck.as_deref())?.map(Toggle::On),
        client: Some(spec.client.clone().map_or(Toggle::Off, Toggle::On)),
        spin_warn_tokens: Some(spec.spin_warn_tokens),
        spin_critical_tokens: Some(spec.spin_critical_tokens),
        spin_warn_nusd: Some(usd(name, "spin_warn_usd", spec.spin_warn_usd)?),
        spin_critical_nusd: Some(usd(name, "spin_critical_usd", spec.spin_critical_usd)?),
        on_spin: Some(
            optional(name, "on_spin", spec.on_spin.as_deref())?.map_or(Toggle::Off, Toggle::On),
        ),
        turn_window: Some(duration(
            &format!("agent {}: turn_window", spec.name),
            &spec.turn_window,
        )?),
        silent_after: Some(spec.silent_after),
        ack: Some(spec.ack.clone().map_or(Toggle::Off, Toggle::On)),
    };
    heartbeat::agent_row(&spec.name, settings, None)
}

/// Dollars of the file as nano-USD.
fn usd(agent: &str, name: &str, value: f64) -> Result<u64, Error> {
    if value.is_finite() && value >= 0.0 {
        Ok(crate::state::clients::nano_usd(value))
    } else {
        Err(invalid(format!(
            "agent {agent}: {name}: {value} is not an amount of dollars"
        )))
    }
}

/// The settings `apply` manages, to compare a stored agent with the file.
fn settings_of(a: &AgentRow) -> impl PartialEq + '_ {
    (
        (&a.label, &a.schedule, &a.tz, a.grace_ms, &a.sources),
        (
            a.stagnant_after_ms,
            a.max_rounds,
            a.warn_rounds_pct.to_bits(),
        ),
        (&a.owner, &a.escalate, &a.drive, &a.client, &a.watch),
    )
}

pub(super) fn agents(
    tx: &Tx<'_>,
    wanted: &[AgentRow],
    write: bool,
    prune: bool,
) -> Result<Vec<Change>, Error> {
    let current = agent_rows::list(tx)?;
    let stored = super::index(&current, |c| c.name.as_str());
    let mut changes = Vec::new();
    for a in wanted {
        let existing = stored.get(a.name.as_str()).copied();
        let action = match existing {
            None => "added",
            Some(row) if settings_of(row) == settings_of(a) => continue,
            Some(_) => "changed",
        };
        if write {
            for receiver in a.owner.iter().chain(&a.escalate) {
                state::notify::receiver(tx, receiver)?;
            }
            agent_rows::save(tx, a, existing.is_some())?;
        }
        changes.push(change("agent", &a.name, action));
    }
    if prune {
        changes.extend(super::removals(
            &current,
            |row| row.name.as_str(),
            wanted.iter().map(|a| a.name.as_str()),
            "agent",
            write,
            |row| agent_rows::remove(tx, &row.name),
        )?);
    }
    Ok(changes)
}

/// A stored receiver as the file writes it (a secret added by hand gets a placeholder
/// variable name to fill in).
pub(super) fn receiver_spec(r: &ReceiverRow) -> ReceiverSpec {
    let split = |reference: &str, placeholder: Option<String>| match reference.split_once(':') {
        Some(("env", var)) => (Some(var.to_owned()), None),
        Some(("file", path)) => (None, Some(path.to_owned())),
        _ => (placeholder, None),
    };
    let upper = r.name.to_uppercase().replace(['-', '.'], "_");
    let (url_env, url_file) = split(
        &r.url_ref,
        r.url_sealed.is_some().then(|| format!("{upper}_URL")),
    );
    let (secret_env, secret_file) = split(
        &r.secret_ref,
        r.secret_sealed.is_some().then(|| format!("{upper}_SECRET")),
    );
    ReceiverSpec::new(
        r.name.clone(),
        r.kind.clone(),
        (url_env, url_file),
        (secret_env, secret_file),
        r.command.clone(),
        r.mentions.clone(),
    )
}

pub(super) fn route_spec(r: &RouteRow) -> RouteSpec {
    RouteSpec {
        matchers: r
            .matchers
            .iter()
            .map(|m| format!("{}{}{}", m.label, m.op, m.value))
            .collect(),
        receiver: r.receiver.clone(),
        continue_matching: r.continue_matching,
    }
}

pub(super) fn agent_spec(a: &AgentRow) -> AgentSpec {
    let text = |ms: i64| {
        humantime::format_duration(Duration::from_millis(u64::try_from(ms).unwrap_or(0)))
            .to_string()
    };
    AgentSpec {
        name: a.name.clone(),
        schedule: a.schedule.clone(),
        tz: a.tz.clone(),
        grace: text(a.grace_ms),
        sources: a.sources.iter().map(Source::describe).collect(),
        stagnant_after: text(a.stagnant_after_ms),
        max_rounds: a.max_rounds,
        warn_rounds_pct: a.warn_rounds_pct,
        owner: a.owner.clone(),
        escalate: a.escalate.clone(),
        label: a.label.clone(),
        trigger: a.drive.trigger.as_ref().map(|t| match t {
            Trigger::Command(cmd) => format!("command:{cmd}"),
            Trigger::Http(url) => format!("http:{url}"),
        }),
        trigger_message: a.drive.message.clone(),
        trigger_token_env: a.drive.token_env.clone(),
        trigger_always: a.drive.always,
        trigger_timeout: text(a.drive.timeout_ms),
        offset: a.drive.offset_ms.map(text),
        fail_after: a.drive.fail_after,
        on_stuck: a.drive.on_stuck.as_ref().map(|c| format!("command:{c}")),
        client: a.client.clone(),
        spin_warn_tokens: a.watch.spin_warn_tokens,
        spin_critical_tokens: a.watch.spin_critical_tokens,
        spin_warn_usd: dollars(a.watch.spin_warn_nusd),
        spin_critical_usd: dollars(a.watch.spin_critical_nusd),
        on_spin: a.watch.on_spin.clone().map(String::from),
        turn_window: text(a.watch.turn_window_ms),
        silent_after: a.watch.silent_after,
        ack: a.watch.ack.clone(),
    }
}

#[expect(clippy::cast_precision_loss, reason = "dollars for people")]
fn dollars(nusd: u64) -> f64 {
    nusd as f64 / 1e9
}
