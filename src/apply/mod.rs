//! Configuration as code: `bizwings apply FILE.toml` converges the state DB to what the file
//! names, in one transaction, and `bizwings export` writes the state back as the same file.
//! The same file applied on every host gives every sidecar of a fleet the same providers and
//! client tokens (the names shared mode keys Redis by).
//!
//! An entry point like `cli` and `admin`: it validates with `provider`'s rules and writes
//! through `state`. Secrets come only by reference (`key_env`, `key_file`); the reference is
//! kept, so `export` can write it back, and the secret itself is sealed as always.

mod alerts;
mod inventory;
mod spec;

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use serde::Serialize;

pub use self::spec::Spec;
use self::spec::{ClientSpec, ProviderSpec};
use crate::crypto::{self, MasterKey, Secret};
use crate::error::{Error, invalid};
use crate::input::{self, SecretSource};
use crate::output::{Human, Report};
use crate::provider;
use crate::state::clients::{self as client_rows};
use crate::state::providers::{self as rows, ModelMapping, NewProvider, ProviderPatch};
use crate::state::{self, Store, Tx};

/// What converging changed (or, with `--dry-run`, would change).
#[derive(Debug, Serialize)]
pub struct Change {
    /// `provider`, `client`, `receiver`, `routes`, `agent`, `backup`, `host`,
    /// `inspect_thresholds` or `inspect_group_thresholds`.
    pub kind: &'static str,
    pub name: String,
    /// `added`, `changed` or `removed`.
    pub action: &'static str,
    /// What differs, for `changed`.
    pub fields: Vec<String>,
}

/// A change without field details.
fn change(kind: &'static str, name: &str, action: &'static str) -> Change {
    Change {
        kind,
        name: name.to_owned(),
        action,
        fields: Vec::new(),
    }
}

/// Stored rows by name: a file of 10⁵ entries is matched in one pass, not a scan per entry.
fn index<R>(rows: &[R], name: impl Fn(&R) -> &str) -> std::collections::HashMap<&str, &R> {
    rows.iter().map(|r| (name(r), r)).collect()
}

/// `env:VAR` or `file:PATH`, as stored beside the sealed value.
pub(super) fn reference(env: Option<&String>, file: Option<&String>) -> String {
    match (env, file) {
        (Some(var), _) => format!("env:{var}"),
        (None, Some(path)) => format!("file:{path}"),
        (None, None) => String::new(),
    }
}

/// Reads a secret by its reference; `what` names it in messages (never the value). A file is
/// read as `input` reads every secret file: private, one line, not the master key.
pub(super) fn read_ref(
    what: &str,
    env: Option<&String>,
    file: Option<&String>,
    key: &MasterKey,
) -> Result<Option<Secret>, Error> {
    let source = match (env, file) {
        (Some(_), Some(_)) => return Err(invalid(format!("{what}: give _env or _file, not both"))),
        (Some(var), None) => SecretSource::Env(var.clone()),
        (None, Some(path)) => SecretSource::File(path.into()),
        (None, None) => return Ok(None),
    };
    let [secret] =
        input::secrets([(Some(source), what)], key).map_err(|e| invalid(format!("{what}: {e}")))?;
    Ok(secret)
}

/// `--prune`: every stored row the file does not list is removed (only when `write`: a dry
/// run just reports) and comes back as a `removed` change of `kind`.
fn removals<'a, R>(
    stored: &[R],
    name: impl Fn(&R) -> &str,
    listed: impl IntoIterator<Item = &'a str>,
    kind: &'static str,
    write: bool,
    mut remove: impl FnMut(&R) -> Result<(), state::Error>,
) -> Result<Vec<Change>, state::Error> {
    let listed: std::collections::HashSet<&str> = listed.into_iter().collect();
    let mut removed = Vec::new();
    for row in stored.iter().filter(|r| !listed.contains(name(r))) {
        if write {
            remove(row)?;
        }
        removed.push(change(kind, name(row), "removed"));
    }
    Ok(removed)
}

/// `apply`'s report.
#[derive(Debug, Serialize)]
pub struct Applied {
    pub dry_run: bool,
    pub changes: Vec<Change>,
    /// Tokens of clients the file added without a hash: shown this once.
    pub new_tokens: BTreeMap<String, String>,
    /// What the operator should know before (or after) this takes effect.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

impl Report for Applied {
    /// A dry run with changes pending is exit 1, so a script can tell "in sync" (0) from
    /// "would change" (1).
    fn status(&self) -> crate::exit::Status {
        if self.dry_run && !self.changes.is_empty() {
            crate::exit::Status::Warning
        } else {
            crate::exit::Status::Ok
        }
    }

    fn human(&self, out: &mut Human) {
        for warning in &self.warnings {
            out.note(format!("warning: {warning}"));
        }
        if self.changes.is_empty() {
            out.line("no changes: the state matches the file");
            return;
        }
        for c in &self.changes {
            let sign = match c.action {
                "added" => "+",
                "removed" => "-",
                _ => "~",
            };
            let fields = if c.fields.is_empty() {
                String::new()
            } else {
                format!(" ({})", c.fields.join(", "))
            };
            out.line(format!("{sign} {} {}{fields}", c.kind, c.name));
        }
        for (name, token) in &self.new_tokens {
            out.line(format!(
                "token of client {name} (shown only this once): {token}"
            ));
        }
        let verb = if self.dry_run {
            "would change"
        } else {
            "changed"
        };
        out.line(format!("{verb} {} item(s)", self.changes.len()));
    }
}

/// A provider of the file with its key read and every field checked.
struct Ready {
    spec: ProviderSpec,
    base_url: String,
    dialects: rows::Dialects,
    timeout_ms: u64,
    key: Secret,
    models: Vec<ModelMapping>,
}

fn prepare(p: ProviderSpec, master: &MasterKey) -> Result<Ready, Error> {
    provider::validate_name(&p.name)?;
    crate::config::validate_text("label", &p.label)
        .map_err(|e| invalid(format!("provider {}: {e}", p.name)))?;
    let base_url = provider::validate_url(&p.url)?;
    provider::validate_rpm(p.rpm)?;
    let timeout_ms =
        provider::validate_timeout(Duration::try_from_secs_f64(p.timeout).map_err(|_| {
            invalid(format!(
                "provider {}: timeout {} is not a duration",
                p.name, p.timeout
            ))
        })?)?;
    let dialects = provider::DialectChange {
        dialects: Some(p.dialects.clone()),
        responses_url: p.responses_url.clone(),
        messages_url: p.messages_url.clone(),
    }
    .over(None)
    .map_err(|e| invalid(format!("provider {}: {e}", p.name)))?;
    let key = read_ref(
        &format!("provider {}: key", p.name),
        p.key_env.as_ref(),
        p.key_file.as_ref(),
        master,
    )?
    .ok_or_else(|| {
        invalid(format!(
            "provider {}: give exactly one of key_env or key_file",
            p.name
        ))
    })?;
    provider::validate_key(&key)?;
    let models = p.mappings();
    for m in &models {
        provider::validate_mapping(m)?;
    }
    Ok(Ready {
        spec: p,
        base_url,
        dialects,
        timeout_ms,
        key,
        models,
    })
}

/// Parses `text` (from `file`, for messages) and converges the store to it; with `dry_run`,
/// only says what would change. With `prune`, what the file no longer names is removed too.
pub fn apply(
    store: &mut Store,
    key: &MasterKey,
    text: &str,
    dry_run: bool,
    prune: bool,
) -> Result<Applied, Error> {
    let spec = Spec::parse(text)?;
    let mut clients = spec.client;
    clients.sort_by(|a, b| a.name.cmp(&b.name));
    for c in &clients {
        crate::config::validate_name("client", &c.name).map_err(Error::Invalid)?;
    }
    let ready = spec
        .provider
        .into_iter()
        .map(|p| prepare(p, key))
        .collect::<Result<Vec<_>, _>>()?;
    let receivers = spec
        .receiver
        .into_iter()
        .map(|r| alerts::prepare_receiver(r, key))
        .collect::<Result<Vec<_>, _>>()?;
    let routes = alerts::parse_routes(&spec.route)?;
    let agents = spec
        .agent
        .iter()
        .map(alerts::prepare_agent)
        .collect::<Result<Vec<_>, _>>()?;
    let jobs = spec
        .backup
        .iter()
        .map(|j| inventory::prepare_job(j, key))
        .collect::<Result<Vec<_>, _>>()?;
    let hosts = spec
        .host
        .iter()
        .map(|h| inventory::prepare_host(h, key))
        .collect::<Result<Vec<_>, _>>()?;
    inventory::check_thresholds(&spec.inspect_thresholds)?;
    inventory::check_group_thresholds(&spec.inspect_thresholds, &spec.inspect_group_thresholds)?;
    let thresholds = spec.inspect_thresholds;
    let group_thresholds = inventory::flatten(&spec.inspect_group_thresholds);
    let mut new_tokens = BTreeMap::new();
    // Receivers before routes and agents, which name them.
    let converge = |tx: &Tx<'_>, write: bool, tokens: &mut BTreeMap<String, String>| {
        let mut changes = providers(tx, key, &ready, write, prune)?;
        changes.extend(client_changes(tx, &clients, write, prune, tokens)?);
        changes.extend(alerts::receivers(tx, key, &receivers, write, prune)?);
        changes.extend(alerts::routes(tx, &routes, write, prune)?);
        changes.extend(alerts::agents(tx, &agents, write, prune)?);
        changes.extend(inventory::backups(tx, key, &jobs, write, prune)?);
        changes.extend(inventory::hosts(tx, key, &hosts, write, prune)?);
        changes.extend(inventory::thresholds(
            tx,
            (inventory::GLOBAL, "inspect_thresholds"),
            &thresholds,
            write,
            prune,
        )?);
        changes.extend(inventory::thresholds(
            tx,
            (inventory::GROUPS, "inspect_group_thresholds"),
            &group_thresholds,
            write,
            prune,
        )?);
        Ok::<_, Error>(changes)
    };
    let lockout = if clients.is_empty() {
        None
    } else {
        store.read(crate::sidecar::clients::lockout)?
    };
    let changes = if dry_run {
        store.read(|tx| converge(tx, false, &mut new_tokens))?
    } else {
        store.write(|tx| converge(tx, true, &mut new_tokens))?
    };
    Ok(Applied {
        dry_run,
        changes,
        new_tokens,
        warnings: lockout.into_iter().collect(),
    })
}

/// Reads a file for `apply`.
pub fn read_file(path: &Path) -> Result<String, Error> {
    std::fs::read_to_string(path).map_err(|e| Error::Io {
        context: format!("reading {}", path.display()),
        source: e,
    })
}

fn providers(
    tx: &Tx<'_>,
    key: &MasterKey,
    ready: &[Ready],
    write: bool,
    prune: bool,
) -> Result<Vec<Change>, Error> {
    let current = rows::list(tx)?;
    let stored = index(&current, |c| c.name.as_str());
    let mut changes = Vec::new();
    for r in ready {
        let p = &r.spec;
        let Some(row) = stored.get(p.name.as_str()).copied() else {
            if write {
                insert_provider(tx, key, r)?;
            }
            changes.push(change("provider", &p.name, "added"));
            continue;
        };
        let diff = Diff::of(key, row, r);
        if diff.fields.is_empty() {
            continue;
        }
        if write {
            diff.write(tx, key, row, r)?;
        }
        let fields = diff.fields;
        changes.push(Change {
            kind: "provider",
            name: p.name.clone(),
            action: "changed",
            fields,
        });
    }
    if prune {
        changes.extend(removals(
            &current,
            |row| row.name.as_str(),
            ready.iter().map(|r| r.spec.name.as_str()),
            "provider",
            write,
            |row| rows::delete(tx, row.id),
        )?);
    }
    Ok(changes)
}

/// How a stored provider differs from the file.
struct Diff {
    fields: Vec<String>,
    patch: ProviderPatch,
    key_changed: bool,
    /// Stored and wanted mappings, by canonical name, when they differ.
    models: Option<(Vec<ModelMapping>, Vec<ModelMapping>)>,
}

impl Diff {
    fn of(key: &MasterKey, row: &rows::ProviderRow, r: &Ready) -> Self {
        let p = &r.spec;
        let mut fields = Vec::new();
        let mut patch = ProviderPatch::default();
        if row.base_url != r.base_url {
            fields.push("url".into());
            patch.base_url = Some(r.base_url.clone());
        }
        if row.label != p.label {
            fields.push("label".into());
            patch.label = Some(p.label.clone());
        }
        if row.pool != p.pool {
            fields.push("pool".into());
            patch.pool = Some(p.pool);
        }
        if row.rpm != p.rpm {
            fields.push("rpm".into());
            patch.rpm = Some(p.rpm);
        }
        if row.max_concurrency != p.max_concurrency {
            fields.push("max_concurrency".into());
            patch.max_concurrency = Some(p.max_concurrency);
        }
        if row.tpm != p.tpm {
            fields.push("tpm".into());
            patch.tpm = Some(p.tpm);
        }
        if row.dialects != r.dialects {
            fields.push("dialects".into());
            patch.dialects = Some(r.dialects.clone());
        }
        if row.timeout_ms != r.timeout_ms {
            fields.push("timeout".into());
            patch.timeout_ms = Some(r.timeout_ms);
        }
        // `enabled` also clears an `error` status, as `provider enable` does.
        if row.enabled != p.enabled {
            fields.push("enabled".into());
            patch.enabled = Some(p.enabled);
        }
        let stored = key.open_string(&crypto::provider_key_aad(row.id.0), &row.api_key_sealed);
        let key_changed = stored.is_err()
            || stored.as_ref().is_ok_and(|k| {
                !crypto::constant_time_eq(k.expose().as_bytes(), r.key.expose().as_bytes())
            });
        if key_changed {
            fields.push("key".into());
        }
        if row.key_ref != p.key_ref() {
            fields.push("key reference".into());
        }
        let mut wanted = r.models.clone();
        wanted.sort_by(|a, b| a.canonical.cmp(&b.canonical));
        let mut have = row.models.clone();
        have.sort_by(|a, b| a.canonical.cmp(&b.canonical));
        let models = (wanted != have).then_some((have, wanted));
        if models.is_some() {
            fields.push("models".into());
        }
        Self {
            fields,
            patch,
            key_changed,
            models,
        }
    }

    fn write(
        &self,
        tx: &Tx<'_>,
        key: &MasterKey,
        row: &rows::ProviderRow,
        r: &Ready,
    ) -> Result<(), Error> {
        if self.patch != ProviderPatch::default() {
            rows::update(tx, row.id, &self.patch)?;
        }
        if self.key_changed {
            rows::set_key(
                tx,
                row.id,
                &key.seal(
                    &crypto::provider_key_aad(row.id.0),
                    r.key.expose().as_bytes(),
                ),
            )?;
        }
        rows::set_key_ref(tx, row.id, &r.spec.key_ref())?;
        if let Some((have, wanted)) = &self.models {
            for m in have {
                if !wanted.iter().any(|w| w.canonical == m.canonical) {
                    rows::remove_model(tx, row.id, &m.canonical)?;
                }
            }
            for m in wanted {
                rows::upsert_model(tx, row.id, m)?;
            }
        }
        Ok(())
    }
}

/// Adds a provider of the file, its key sealed to its new row.
fn insert_provider(tx: &Tx<'_>, key: &MasterKey, r: &Ready) -> Result<(), Error> {
    let p = &r.spec;
    let id = rows::insert(
        tx,
        &NewProvider {
            name: p.name.clone(),
            label: p.label.clone(),
            base_url: r.base_url.clone(),
            pool: p.pool,
            rpm: p.rpm,
            max_concurrency: p.max_concurrency,
            tpm: p.tpm,
            timeout_ms: r.timeout_ms,
            enabled: p.enabled,
            source: "apply",
            dialects: r.dialects.clone(),
        },
        |id| key.seal(&crypto::provider_key_aad(id.0), r.key.expose().as_bytes()),
    )?;
    rows::set_key_ref(tx, id, &p.key_ref())?;
    for m in &r.models {
        rows::upsert_model(tx, id, m)?;
    }
    Ok(())
}

fn client_changes(
    tx: &Tx<'_>,
    clients: &[ClientSpec],
    write: bool,
    prune: bool,
    tokens: &mut BTreeMap<String, String>,
) -> Result<Vec<Change>, Error> {
    use sha2::Digest as _;
    let current = client_rows::list(tx)?;
    let stored = index(&current, |c| c.name.as_str());
    let mut changes = Vec::new();
    for c in clients {
        let wanted_hash = c
            .token_sha256
            .as_deref()
            .map(|h| {
                hex::decode(h)
                    .ok()
                    .filter(|b| b.len() == 32)
                    .ok_or_else(|| {
                        invalid(format!(
                            "client {}: token_sha256 must be 64 hex characters",
                            c.name
                        ))
                    })
            })
            .transpose()?;
        let mut budgets = c
            .budgets
            .iter()
            .map(|b| {
                b.parse::<client_rows::Budget>()
                    .map_err(|e| invalid(format!("client {}: {e}", c.name)))
            })
            .collect::<Result<Vec<_>, _>>()?;
        budgets.sort_by_key(|b| (b.unit.as_str(), b.period.as_str()));
        let rpm = c.rpm.unwrap_or(0);
        let existing = stored.get(c.name.as_str()).copied();
        let mut fields = Vec::new();
        if let Some(row) = existing {
            if wanted_hash.as_ref().is_some_and(|h| &row.token_sha256 != h) {
                fields.push("token".to_owned());
            }
            if row.rpm != rpm {
                fields.push("rpm".to_owned());
            }
            if row.passthrough != c.passthrough {
                fields.push("passthrough".to_owned());
            }
            if row.log_bodies != c.log_bodies {
                fields.push("log_bodies".to_owned());
            }
            let mut had = row.budgets.clone();
            had.sort_by_key(|b| (b.unit.as_str(), b.period.as_str()));
            if had != budgets {
                fields.push("budgets".to_owned());
            }
        }
        let action = match existing {
            None => "added",
            Some(_) if !fields.is_empty() => "changed",
            Some(_) => continue,
        };
        let new_token = existing.is_none() || fields.iter().any(|f| f == "token");
        if write && new_token {
            let hash = if let Some(h) = wanted_hash {
                h
            } else {
                let token = crate::sidecar::clients::new_token();
                let hash = sha2::Sha256::digest(token.as_bytes()).to_vec();
                tokens.insert(c.name.clone(), token);
                hash
            };
            if existing.is_some() {
                client_rows::remove(tx, &c.name)?;
            }
            client_rows::add(tx, &c.name, &hash)?;
        }
        if write {
            client_rows::set_limits(
                tx,
                &c.name,
                (Some(rpm), Some(c.passthrough), Some(c.log_bodies)),
                true,
                &budgets,
            )?;
        }
        changes.push(Change {
            kind: "client",
            name: c.name.clone(),
            action,
            fields,
        });
    }
    if prune {
        changes.extend(removals(
            &current,
            |row| row.name.as_str(),
            clients.iter().map(|c| c.name.as_str()),
            "client",
            write,
            |row| client_rows::remove(tx, &row.name),
        )?);
    }
    Ok(changes)
}

/// `export`: the state as the file `apply` takes, without secrets (keys by their reference).
#[derive(Debug, Serialize)]
pub struct Exported {
    pub toml: String,
}

impl Report for Exported {
    fn human(&self, out: &mut Human) {
        out.line(self.toml.trim_end());
    }
}

/// What `export` reads.
pub struct StateRows {
    providers: Vec<rows::ProviderRow>,
    clients: Vec<client_rows::ClientRow>,
    receivers: Vec<state::notify::ReceiverRow>,
    routes: Vec<state::notify::RouteRow>,
    agents: Vec<state::heartbeat::AgentRow>,
    backups: Vec<state::backups::JobRow>,
    hosts: Vec<state::inspect::HostRow>,
    thresholds: BTreeMap<String, String>,
    group_thresholds: BTreeMap<String, String>,
}

/// The current state as TOML, in a stable order.
pub fn export(store: &mut Store) -> Result<Exported, Error> {
    let rows = store.read(|tx| {
        Ok::<_, state::Error>(StateRows {
            providers: rows::list(tx)?,
            clients: client_rows::list(tx)?,
            receivers: state::notify::receivers(tx)?,
            routes: state::notify::routes(tx)?,
            agents: state::heartbeat::list(tx)?,
            backups: state::backups::list(tx)?,
            hosts: state::inspect::list(tx)?,
            thresholds: inventory::stored_thresholds(tx, inventory::GLOBAL)?,
            group_thresholds: inventory::stored_thresholds(tx, inventory::GROUPS)?,
        })
    })?;
    let spec = Spec::from_state(&rows);
    Ok(Exported {
        toml: spec.to_toml(),
    })
}
