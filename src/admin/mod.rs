//! The sidecar's admin door: the API under `/api/admin/`, compatible in paths and shapes with
//! Sidecar V2, and the dashboard. An entry point like the CLI: it composes `provider` (writes)
//! and the live state of a running `sidecar`, which never import each other or this.
//! Every
//! call needs the admin bearer token (compared in constant time); without a configured token
//! the API answers 503. Writes go through the same `provider` functions as the CLI, so they are
//! validated the same way, and a running sidecar picks them up on its next reload.
//!
//! Not the request path: this state holds a `Store` (behind a mutex, used from blocking
//! tasks), which the proxy's `App` deliberately does not.

#![allow(
    clippy::result_large_err,
    reason = "handlers return a ready Response as the error of their helpers"
)]

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::{Path, Query, Request, State};
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;
use serde_json::{Value, json};
use sha2::{Digest as _, Sha256};

mod dashboard;

use crate::crypto::{MasterKey, Secret};
use crate::provider::{self, NewProviderRequest, ProviderView};
use crate::state::providers::{Pool, ProviderPatch};
use crate::state::usage::{self, Grouping};
use crate::state::{self, Store, settings};

/// The `system_config` key holding the SHA-256 of the admin token set by
/// `sidecar admin-token --rotate`.
pub const TOKEN_HASH_KEY: &str = "admin_token_sha256";

/// How the admin token is checked.
#[derive(Clone)]
pub enum AdminAuth {
    /// No token configured: the admin API is off.
    Disabled,
    /// A token from the environment.
    Plain(Secret),
    /// The SHA-256 of a token stored in the DB.
    Hash(Vec<u8>),
}

/// Shared by the admin handlers.
#[derive(Clone)]
pub struct Admin {
    store: Arc<Mutex<Store>>,
    /// The sidecar's master key as it is now (a rotation replaces it).
    key: Arc<arc_swap::ArcSwap<MasterKey>>,
    auth: AdminAuth,
}

fn sha256(text: &str) -> Vec<u8> {
    Sha256::digest(text.as_bytes()).to_vec()
}

fn error(status: StatusCode, message: impl Into<String>) -> Response {
    (
        status,
        axum::Json(json!({"error": {"message": message.into(), "type": "admin_error"}})),
    )
        .into_response()
}

impl Admin {
    pub fn new(
        store: Arc<Mutex<Store>>,
        key: Arc<arc_swap::ArcSwap<MasterKey>>,
        auth: AdminAuth,
    ) -> Self {
        Self { store, key, auth }
    }

    /// `Ok` when `given` is the admin token; otherwise the answer to send. A token from the
    /// environment is fixed for the process; one stored by `sidecar admin-token --rotate` is
    /// read again on every call, so a rotation takes effect at once and the old token stops
    /// working (admin calls are rare: one small read is cheap).
    pub(crate) async fn check(&self, given: Option<&str>) -> Result<(), Response> {
        let current = match &self.auth {
            AdminAuth::Plain(_) => self.auth.clone(),
            _ => with_store(self, |s, _| Ok(auth_from(s)?)).await?,
        };
        let ok = match (&current, given) {
            (AdminAuth::Disabled, _) => {
                return Err(error(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "admin API disabled: set BIZWINGS_ADMIN_TOKEN or run `bizwings sidecar admin-token`",
                ));
            }
            (_, None) => false,
            (AdminAuth::Plain(token), Some(given)) => {
                crate::crypto::constant_time_eq(token.expose().as_bytes(), given.as_bytes())
            }
            (AdminAuth::Hash(hash), Some(given)) => {
                crate::crypto::constant_time_eq(hash, &sha256(given))
            }
        };
        if ok {
            Ok(())
        } else {
            Err(error(
                StatusCode::UNAUTHORIZED,
                "missing or wrong admin token",
            ))
        }
    }

    /// Totals for the dashboard.
    /// Usage of the last 24 hours (whole hours), for the dashboard's cards.
    pub(crate) async fn totals(&self) -> Option<usage::Totals> {
        let since = state::now_ms() - 24 * 3_600_000;
        with_store(self, move |s, _| {
            Ok(s.read(|tx| usage::totals_since(tx, since))?)
        })
        .await
        .ok()
    }
}

async fn require_token(State(admin): State<Admin>, req: Request, next: Next) -> Response {
    match admin.check(crate::server::bearer(req.headers())).await {
        Ok(()) => next.run(req).await,
        Err(response) => response,
    }
}

/// The admin API (every route behind the token check) and the dashboard, for the sidecar's
/// listener.
pub fn router(admin: Admin, app: crate::sidecar::App) -> Router {
    let dashboard = dashboard::router(app.clone(), admin.clone());
    let fleet = Router::new()
        .route(
            "/api/admin/fleet",
            get(|State(app): State<crate::sidecar::App>| async move {
                match app.fleet().await {
                    Some(fleet) => ok(fleet),
                    None => error(
                        StatusCode::NOT_FOUND,
                        "not in shared mode (sidecar serve --shared)",
                    ),
                }
            }),
        )
        .route(
            "/api/admin/clients",
            get(|State(app): State<crate::sidecar::App>| async move { ok(app.clients()) }),
        )
        .with_state(app)
        .route_layer(middleware::from_fn_with_state(admin.clone(), require_token));
    api(admin).merge(dashboard).merge(fleet)
}

fn api(admin: Admin) -> Router {
    Router::new()
        .route(
            "/api/admin/backends",
            get(list_backends).post(create_backend),
        )
        .route(
            "/api/admin/backends/{id}",
            get(get_backend).put(update_backend).delete(delete_backend),
        )
        .route("/api/admin/pools", get(pools))
        .route("/api/admin/stats/total", get(stats_total))
        .route("/api/admin/stats/hourly", get(stats_hourly))
        .route("/api/admin/stats/daily", get(stats_daily))
        .route("/api/admin/stats/cooldown", get(stats_cooldown))
        .route("/api/admin/stats/usage", get(stats_usage))
        .route("/api/admin/requests", get(requests))
        .route("/api/admin/requests/{id}", get(request_one))
        .route("/api/admin/config", get(config_all))
        .route(
            "/api/admin/config/{key}",
            get(config_get).put(config_put).delete(config_delete),
        )
        .route_layer(middleware::from_fn_with_state(admin.clone(), require_token))
        .with_state(admin)
}

/// Runs `f` with the store on a blocking thread; errors become JSON answers.
async fn with_store<T: Send + 'static>(
    admin: &Admin,
    f: impl FnOnce(&mut Store, &MasterKey) -> Result<T, provider::Error> + Send + 'static,
) -> Result<T, Response> {
    let (store, key) = (admin.store.clone(), admin.key.load_full());
    tokio::task::spawn_blocking(move || {
        let mut store = store
            .lock()
            .map_err(|_| provider::Error::State(state::Error::Busy))?;
        f(&mut store, &key)
    })
    .await
    .map_err(|_| error(StatusCode::INTERNAL_SERVER_ERROR, "internal error"))?
    .map_err(|e| {
        let status = match &e {
            provider::Error::Invalid(_) => StatusCode::BAD_REQUEST,
            provider::Error::State(state::Error::NotFound(_)) => StatusCode::NOT_FOUND,
            provider::Error::State(state::Error::Conflict(_)) => StatusCode::CONFLICT,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        };
        error(status, e.to_string())
    })
}

fn ok(value: impl serde::Serialize) -> Response {
    axum::Json(value).into_response()
}

/// Finds a provider by numeric id or name.
fn resolve(store: &mut Store, key: &MasterKey, id: &str) -> Result<ProviderView, provider::Error> {
    provider::list(store, key)?
        .into_iter()
        .find(|p| p.name == id || p.id.to_string() == id)
        .ok_or_else(|| provider::Error::State(state::Error::NotFound(format!("backend {id:?}"))))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct BackendBody {
    name: Option<String>,
    label: Option<String>,
    api_base_url: Option<String>,
    api_key: Option<String>,
    pool: Option<String>,
    rpm_limit: Option<u32>,
    timeout_seconds: Option<f64>,
    enabled: Option<bool>,
    model_mappings: Option<BTreeMap<String, provider::V2Mapping>>,
    /// Accepted for V2 compatibility and ignored.
    api: Option<String>,
    /// The API dialects served: chat, responses, messages.
    dialects: Option<Vec<crate::state::providers::Dialect>>,
    responses_url: Option<String>,
    messages_url: Option<String>,
}

impl BackendBody {
    fn dialect_change(&self) -> provider::DialectChange {
        provider::DialectChange {
            dialects: self.dialects.clone(),
            responses_url: self.responses_url.clone(),
            messages_url: self.messages_url.clone(),
        }
    }
}

fn pool(text: Option<&str>) -> Result<Option<Pool>, provider::Error> {
    text.map(|p| p.parse().map_err(provider::Error::Invalid))
        .transpose()
}

fn timeout(secs: Option<f64>) -> Result<Option<Duration>, provider::Error> {
    secs.map(|s| {
        Duration::try_from_secs_f64(s)
            .map_err(|e| provider::Error::Invalid(format!("timeout_seconds: {e}")))
    })
    .transpose()
}

fn parse_body<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, Response> {
    serde_json::from_slice(body)
        .map_err(|e| error(StatusCode::BAD_REQUEST, format!("invalid JSON body: {e}")))
}

async fn list_backends(State(admin): State<Admin>) -> Response {
    with_store(&admin, provider::list)
        .await
        .map_or_else(|e| e, ok)
}

async fn get_backend(State(admin): State<Admin>, Path(id): Path<String>) -> Response {
    with_store(&admin, move |s, k| resolve(s, k, &id))
        .await
        .map_or_else(|e| e, ok)
}

async fn create_backend(State(admin): State<Admin>, body: axum::body::Bytes) -> Response {
    let body: BackendBody = match parse_body(&body) {
        Ok(b) => b,
        Err(e) => return e,
    };
    let _ = body.api;
    with_store(&admin, move |s, k| {
        let dialects = body.dialect_change().over(None)?;
        let req = NewProviderRequest {
            name: body
                .name
                .ok_or_else(|| provider::Error::Invalid("name is required".into()))?,
            base_url: body
                .api_base_url
                .ok_or_else(|| provider::Error::Invalid("api_base_url is required".into()))?,
            label: body.label.unwrap_or_default(),
            pool: pool(body.pool.as_deref())?.unwrap_or(Pool::Primary),
            rpm: body.rpm_limit.unwrap_or(provider::DEFAULT_RPM),
            max_concurrency: 0,
            tpm: 0,
            timeout: timeout(body.timeout_seconds)?.unwrap_or(provider::DEFAULT_TIMEOUT),
            enabled: body.enabled.unwrap_or(true),
            models: provider::mappings_from_v2(body.model_mappings.unwrap_or_default()),
            key: Secret::new(
                body.api_key
                    .ok_or_else(|| provider::Error::Invalid("api_key is required".into()))?,
            ),
            dialects,
        };
        provider::add(s, k, req)
    })
    .await
    .map_or_else(
        |e| e,
        |v| (StatusCode::CREATED, axum::Json(v)).into_response(),
    )
}

async fn update_backend(
    State(admin): State<Admin>,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> Response {
    let body: BackendBody = match parse_body(&body) {
        Ok(b) => b,
        Err(e) => return e,
    };
    with_store(&admin, move |s, k| {
        let current = resolve(s, k, &id)?;
        let dialects = body.dialect_change();
        let patch = ProviderPatch {
            name: body.name.filter(|n| *n != current.name),
            label: body.label,
            base_url: body.api_base_url,
            pool: pool(body.pool.as_deref())?,
            rpm: body.rpm_limit,
            max_concurrency: None,
            tpm: None,
            timeout_ms: timeout(body.timeout_seconds)?
                .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX)),
            enabled: body.enabled,
            dialects: None,
        };
        let mut view = provider::change(s, k, &current.name, patch, &dialects)?;
        if let Some(api_key) = body.api_key.filter(|k| !k.is_empty()) {
            view = provider::rotate_key(s, k, &view.name, &Secret::new(api_key))?;
        }
        if body.model_mappings.is_some() {
            let wanted = provider::mappings_from_v2(body.model_mappings.unwrap_or_default());
            for m in &wanted {
                view = provider::map(s, k, &view.name, m)?;
            }
            for old in view
                .models
                .clone()
                .iter()
                .filter(|o| !wanted.iter().any(|w| w.canonical == o.canonical))
            {
                view = provider::unmap(s, k, &view.name, &old.canonical)?;
            }
        }
        Ok(view)
    })
    .await
    .map_or_else(|e| e, ok)
}

async fn delete_backend(State(admin): State<Admin>, Path(id): Path<String>) -> Response {
    with_store(&admin, move |s, k| {
        let current = resolve(s, k, &id)?;
        provider::remove(s, std::slice::from_ref(&current.name))?;
        Ok(json!({"deleted": current.name, "id": current.id}))
    })
    .await
    .map_or_else(|e| e, ok)
}

async fn pools(State(admin): State<Admin>) -> Response {
    with_store(&admin, |s, k| {
        let list = provider::list(s, k)?;
        let mut out = serde_json::Map::new();
        for pool in [Pool::Primary, Pool::Fallback] {
            let members: Vec<&ProviderView> = list.iter().filter(|p| p.pool == pool).collect();
            let count = |f: &dyn Fn(&ProviderView) -> bool| members.iter().filter(|p| f(p)).count();
            out.insert(
                pool.to_string(),
                json!({
                    "total": members.len(),
                    "enabled": count(&|p| p.enabled),
                    "healthy": count(&|p| p.enabled && p.status == "healthy"),
                    "cooling": count(&|p| p.status == "cooling"),
                    "error": count(&|p| p.status == "error"),
                    "disabled": count(&|p| !p.enabled),
                    "backends": members.iter().map(|p| json!({"id": p.id, "name": p.name, "status": p.status, "enabled": p.enabled, "rpm": p.rpm})).collect::<Vec<_>>(),
                }),
            );
        }
        Ok(Value::Object(out))
    })
    .await
    .map_or_else(|e| e, ok)
}

async fn stats_total(State(admin): State<Admin>) -> Response {
    with_store(&admin, |s, _| Ok(s.read(usage::totals)?))
        .await
        .map_or_else(|e| e, ok)
}

#[derive(Debug, Deserialize)]
struct HourlyQuery {
    backend_id: Option<String>,
    hours: Option<u32>,
}

async fn stats_hourly(State(admin): State<Admin>, Query(q): Query<HourlyQuery>) -> Response {
    with_store(&admin, move |s, k| {
        let name = q
            .backend_id
            .as_deref()
            .map(|id| resolve(s, k, id))
            .transpose()?
            .map(|p| p.name);
        let rows = crate::sidecar::usage::report(
            s,
            q.hours.unwrap_or(24).min(24 * 90),
            false,
            Grouping::ProviderAndModel,
        )?
        .rows;
        Ok(rows
            .into_iter()
            .filter(|r| name.as_ref().is_none_or(|n| &r.provider == n))
            .collect::<Vec<_>>())
    })
    .await
    .map_or_else(|e| e, ok)
}

#[derive(Debug, Deserialize)]
struct DailyQuery {
    days: Option<u32>,
}

async fn stats_daily(State(admin): State<Admin>, Query(q): Query<DailyQuery>) -> Response {
    with_store(&admin, move |s, _| {
        Ok(crate::sidecar::usage::report(
            s,
            q.days.unwrap_or(30).min(3650) * 24,
            true,
            Grouping::Provider,
        )?
        .rows)
    })
    .await
    .map_or_else(|e| e, ok)
}

#[derive(Debug, Deserialize)]
struct UsageQuery {
    hours: Option<u32>,
    #[serde(default)]
    daily: bool,
}

/// The dashboard's charts and client table: usage per period by provider and model, and by
/// client, over the last `hours` (default 24), per hour or UTC day; each client's totals over
/// the window and when it was last seen.
async fn stats_usage(State(admin): State<Admin>, Query(q): Query<UsageQuery>) -> Response {
    with_store(&admin, move |s, _| {
        let hours = q.hours.unwrap_or(24).clamp(1, 24 * 90);
        let report = crate::sidecar::usage::report(s, hours, q.daily, Grouping::ProviderAndModel)?;
        let since = state::now_ms() - i64::from(hours) * 3_600_000;
        let since = since - since.rem_euclid(if q.daily { 86_400_000 } else { 3_600_000 });
        let (clients, totals, seen) = s.read(|tx| {
            Ok::<_, state::Error>((
                state::clients::usage_by_period(tx, since, q.daily)?,
                state::clients::usage_since(tx, since)?,
                state::clients::last_seen(tx)?,
            ))
        })?;
        let client_totals: Vec<Value> = totals
            .into_iter()
            .map(|t| {
                let last = seen.iter().find(|(c, _)| *c == t.client).map(|(_, at)| at);
                json!({"client": t.client, "requests": t.requests, "errors": t.errors,
                       "tokens": t.prompt_tokens + t.completion_tokens, "cost_usd": t.cost_usd,
                       "last_seen_ms": last})
            })
            .collect();
        Ok(json!({
            "hours": hours,
            "daily": q.daily,
            "since_ms": since,
            "rows": report.rows,
            "clients": clients,
            "client_totals": client_totals,
        }))
    })
    .await
    .map_or_else(|e| e, ok)
}

#[derive(Debug, Deserialize)]
struct CooldownQuery {
    backend_id: Option<String>,
    limit: Option<u32>,
}

async fn stats_cooldown(State(admin): State<Admin>, Query(q): Query<CooldownQuery>) -> Response {
    with_store(&admin, move |s, k| {
        let id = q
            .backend_id
            .as_deref()
            .map(|id| resolve(s, k, id))
            .transpose()?
            .map(|p| crate::state::providers::ProviderId(p.id));
        Ok(s.read(|tx| usage::cooldown_events(tx, id, q.limit.unwrap_or(50).min(1000)))?)
    })
    .await
    .map_or_else(|e| e, ok)
}

#[derive(Debug, Deserialize)]
struct RequestsQuery {
    client: Option<String>,
    model: Option<String>,
    provider: Option<String>,
    status: Option<u16>,
    #[serde(default)]
    failed: bool,
    /// The window, ending now, in seconds.
    since_s: Option<i64>,
    slower_ms: Option<u64>,
    /// Only those logged after this row id (the live view's next poll).
    after_id: Option<i64>,
    limit: Option<u32>,
}

/// The dashboard's Requests tab: the request log, filtered, newest first (oldest first after
/// `after_id`).
async fn requests(State(admin): State<Admin>, Query(q): Query<RequestsQuery>) -> Response {
    with_store(&admin, move |s, _| {
        let filter = state::requests::Filter {
            clients: q.client.filter(|c| !c.is_empty()).into_iter().collect(),
            model: q.model.filter(|m| !m.is_empty()),
            provider: q.provider.filter(|p| !p.is_empty()),
            status: q.status,
            failed: q.failed,
            since_ms: q
                .since_s
                .map(|secs| state::now_ms() - secs.saturating_mul(1000)),
            slower_than_ms: q.slower_ms,
            after_id: q.after_id,
            limit: q.limit.unwrap_or(100).clamp(1, 1000),
        };
        Ok(crate::sidecar::requests::list(s, &filter)?)
    })
    .await
    .map_or_else(|e| e, ok)
}

/// One logged request with its attempt chain, by request id or row id.
async fn request_one(State(admin): State<Admin>, Path(id): Path<String>) -> Response {
    with_store(&admin, move |s, _| {
        Ok(crate::sidecar::requests::show(s, &id)?)
    })
    .await
    .map_or_else(|e| e, ok)
}

/// Settings as shown: secrets and hashes are never listed.
fn visible(key: &str) -> bool {
    !key.ends_with("_sha256") && !key.contains("token") && !key.contains("secret")
}

async fn config_all(State(admin): State<Admin>) -> Response {
    with_store(&admin, |s, _| {
        let all = s.read(settings::all)?;
        Ok(all
            .into_iter()
            .filter(|(k, _)| visible(k))
            .map(|(key, value)| json!({"key": key, "value": value}))
            .collect::<Vec<_>>())
    })
    .await
    .map_or_else(|e| e, ok)
}

async fn config_get(State(admin): State<Admin>, Path(key): Path<String>) -> Response {
    with_store(&admin, move |s, _| {
        let all = s.read(settings::all)?;
        let value = all.get(&key).filter(|_| visible(&key)).ok_or_else(|| {
            provider::Error::State(state::Error::NotFound(format!("setting {key:?}")))
        })?;
        Ok(json!({"key": key, "value": value}))
    })
    .await
    .map_or_else(|e| e, ok)
}

#[derive(Debug, Deserialize)]
struct ConfigBody {
    value: Value,
}

async fn config_put(
    State(admin): State<Admin>,
    Path(key): Path<String>,
    body: axum::body::Bytes,
) -> Response {
    let body: ConfigBody = match parse_body(&body) {
        Ok(b) => b,
        Err(e) => return e,
    };
    if !visible(&key) {
        return error(
            StatusCode::BAD_REQUEST,
            "secrets are not set through the config API",
        );
    }
    let value = match body.value {
        Value::String(s) => s,
        other => other.to_string(),
    };
    // Validate sidecar settings the way the sidecar will read them.
    let mut probe = std::collections::HashMap::new();
    probe.insert(key.clone(), value.clone());
    if let Err(e) = crate::sidecar::config::SidecarConfig::resolve(
        &crate::sidecar::config::Overrides::default(),
        &probe,
    ) {
        return error(StatusCode::BAD_REQUEST, e.to_string());
    }
    with_store(&admin, move |s, _| {
        s.write(|tx| settings::set(tx, &key, &value))?;
        Ok(json!({"key": key, "value": value}))
    })
    .await
    .map_or_else(|e| e, ok)
}

async fn config_delete(State(admin): State<Admin>, Path(key): Path<String>) -> Response {
    with_store(&admin, move |s, _| {
        s.write(|tx| settings::delete(tx, &key))?;
        Ok(json!({"deleted": key}))
    })
    .await
    .map_or_else(|e| e, ok)
}

/// A new admin token, shown this once.
#[derive(Debug, serde::Serialize)]
pub struct NewToken {
    pub admin_token: String,
}

impl crate::output::Report for NewToken {
    fn human(&self, out: &mut crate::output::Human) {
        out.line(&self.admin_token);
        out.note("^ the new admin token: it is shown only this once (only its hash is stored)");
    }

    fn once(&self) -> bool {
        true
    }
}

/// Creates a new admin token, stores its hash, returns the token (shown once). Replacing one
/// that exists takes `replace` (the old one then stops working).
pub fn create_token(store: &mut Store, replace: bool) -> Result<NewToken, state::Error> {
    if !replace && store.read(settings::all)?.contains_key(TOKEN_HASH_KEY) {
        return Err(state::Error::Conflict(
            "an admin token (pass --rotate to replace it; the current one then stops working)"
                .into(),
        ));
    }
    let admin_token = crate::crypto::new_token("bwa");
    let hash = hex::encode(sha256(&admin_token));
    store.write(|tx| settings::set(tx, TOKEN_HASH_KEY, &hash))?;
    Ok(NewToken { admin_token })
}

/// Opens the admin door on the state DB at `db`: its own connection, and the token in force.
pub fn open(
    db: &std::path::Path,
    key: Arc<arc_swap::ArcSwap<MasterKey>>,
) -> Result<Admin, state::Error> {
    let mut store = Store::open(db)?;
    let auth = auth_from(&mut store)?;
    Ok(Admin::new(Arc::new(Mutex::new(store)), key, auth))
}

/// The admin auth in force: env token first (BIZWINGS_ADMIN_TOKEN, or the seed's
/// SIDECAR_ADMIN_TOKEN), then the stored hash, else disabled.
pub fn auth_from(store: &mut Store) -> Result<AdminAuth, state::Error> {
    for name in ["BIZWINGS_ADMIN_TOKEN", "SIDECAR_ADMIN_TOKEN"] {
        if let Some(token) = std::env::var(name).ok().filter(|t| !t.trim().is_empty()) {
            return Ok(AdminAuth::Plain(Secret::new(token.trim().to_owned())));
        }
    }
    let stored = store.read(settings::all)?;
    Ok(stored
        .get(TOKEN_HASH_KEY)
        .and_then(|h| hex::decode(h).ok())
        .map_or(AdminAuth::Disabled, AdminAuth::Hash))
}
