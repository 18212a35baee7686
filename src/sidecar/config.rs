//! Sidecar settings, resolved flag > env > `system_config` > default. The `system_config` keys
//! are the Sidecar V2 names, so a migrated DB keeps its tuning.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::str::FromStr;
use std::time::Duration;

/// Everything `sidecar serve` can be told; `None` means "not given on the command line or in
/// the environment".
#[derive(Debug, Clone, Default)]
#[expect(clippy::option_option, reason = "not given, turned off, or set")]
pub struct Overrides {
    pub listen: Option<SocketAddr>,
    /// `Some(None)`: metrics off.
    pub metrics_listen: Option<Option<SocketAddr>>,
    pub cooldown_base: Option<Duration>,
    pub cooldown_max: Option<Duration>,
    pub max_retries: Option<u32>,
    pub queue_max_depth: Option<usize>,
    pub queue_timeout: Option<Duration>,
    pub emergency_rpm_fraction: Option<f64>,
    pub max_body_bytes: Option<usize>,
    pub reload_interval: Option<Duration>,
    pub shutdown_grace: Option<Duration>,
    pub allow_unauthenticated: bool,
    /// `Some(None)`: probes off.
    pub health_interval: Option<Option<Duration>>,
    /// `Some(None)`: no daily backup.
    pub backup_dir: Option<Option<std::path::PathBuf>>,
    pub backup_keep_days: Option<u32>,
    pub header_timeout: Option<Duration>,
    pub body_timeout: Option<Duration>,
    pub max_connections: Option<usize>,
    pub max_buffered_bytes: Option<usize>,
    /// Host names (beside loopback and the listen address) browsers may reach `/v1` by.
    pub allowed_hosts: Vec<String>,
    /// Web origins whose pages may call `/v1` (`*`: any).
    pub allowed_origins: Vec<String>,
    /// `/v1` paths besides the routed ones passed to a provider unpriced (`/v1/files`: it and
    /// everything under it).
    pub passthrough_paths: Vec<String>,
    /// Shared mode: the fleet's Redis URL (see [`SharedUrl`]).
    pub shared_url: Option<String>,
    pub fleet: Option<String>,
    pub shared_required: bool,
    pub shared_exact_budgets: bool,
    pub shared_timeout: Option<Duration>,
    /// How long the request log keeps a request; `Some(None)`: no request log.
    pub request_log: Option<Option<Duration>>,
    pub request_log_max_bytes: Option<u64>,
    /// The OpenTelemetry collector's OTLP/HTTP base URL.
    pub otlp_endpoint: Option<String>,
}

/// The request log's keeping.
#[derive(Debug, Clone, Copy)]
pub struct RequestLog {
    pub retention: Duration,
    /// What the log may take in the DB, about.
    pub max_bytes: u64,
}

/// Resolved settings.
#[derive(Debug, Clone)]
pub struct SidecarConfig {
    pub listen: SocketAddr,
    /// Where `/metrics` is served; `None` when turned off.
    pub metrics_listen: Option<SocketAddr>,
    pub cooldown_base: Duration,
    pub cooldown_max: Duration,
    /// Attempts per request, across backends.
    pub max_retries: u32,
    pub queue_max_depth: usize,
    pub queue_timeout: Duration,
    pub emergency_rpm_fraction: f64,
    pub max_body_bytes: usize,
    pub reload_interval: Duration,
    pub shutdown_grace: Duration,
    /// 5xx/timeouts in a row before a backend is cooled for `cooldown_base`.
    pub failure_threshold: u32,
    /// Serve `/v1` on a non-loopback address without client tokens.
    pub allow_unauthenticated: bool,
    /// How often providers are probed; `None` when probes are off.
    pub health_interval: Option<Duration>,
    /// Timeouts and the connection cap of the listener.
    pub limits: crate::server::Limits,
    /// Request bodies buffered at once, across all requests.
    pub max_buffered_bytes: usize,
    pub allowed_hosts: Vec<String>,
    pub allowed_origins: Vec<String>,
    /// `/v1` path prefixes passed through unpriced; none by default.
    pub passthrough_paths: Vec<String>,
    /// Shared mode (`--shared`): the fleet's Redis.
    pub fleet: Option<FleetConfig>,
    /// Path after the base URL that a probe GETs.
    pub health_path: String,
    /// Where the daily online backup of the state DB goes; `None`: no backup (or the
    /// default beside the DB, decided by `serve`, when not configured).
    #[expect(clippy::option_option, reason = "not configured, turned off, or set")]
    pub backup_dir: Option<Option<std::path::PathBuf>>,
    /// Daily backups kept.
    pub backup_keep_days: u32,
    /// `None`: requests are not logged.
    pub request_log: Option<RequestLog>,
    /// Where spans of requests go (OTLP/HTTP); `None`: nowhere.
    pub otlp_endpoint: Option<url::Url>,
}

impl SidecarConfig {
    /// Whether each request's record is kept while it travels: for the log, or for spans.
    pub fn records_requests(&self) -> bool {
        self.request_log.is_some() || self.otlp_endpoint.is_some()
    }
}

/// The fleet's name when none is given.
pub const DEFAULT_FLEET: &str = "bizwings";

/// Where the fleet's Redis URL comes from: `--shared` (or `BIZWINGS_SHARED_URL`) or a file.
#[derive(Debug, Clone, Default)]
pub struct SharedUrl {
    pub given: Option<String>,
    pub file: Option<std::path::PathBuf>,
}

impl SharedUrl {
    /// The URL, if any. One with a password given on the command line (not through the
    /// variable) is refused: it would show in `ps` and shell history.
    pub fn resolve(&self) -> Result<Option<String>, crate::error::Error> {
        if let Some(path) = &self.file {
            let text = crate::input::read_file(path, crate::input::MAX_SECRET_FILE)?;
            return Ok(Some(text.trim().to_owned()));
        }
        let Some(url) = &self.given else {
            return Ok(None);
        };
        let from_env = std::env::var("BIZWINGS_SHARED_URL").is_ok_and(|v| &v == url);
        let has_password = url::Url::parse(url).is_ok_and(|u| u.password().is_some());
        if has_password && !from_env {
            return Err(crate::error::invalid(
                "the --shared URL holds a password: put it in BIZWINGS_SHARED_URL or a file given with --shared-url-file, not on the command line",
            ));
        }
        Ok(Some(url.clone()))
    }
}

/// Shared mode: where the fleet's limits and cooldowns live.
#[derive(Clone)]
pub struct FleetConfig {
    /// The Redis URL (it may hold a password: never shown).
    pub url: String,
    /// The fleet's name, the prefix of its Redis keys.
    pub name: String,
    /// Refuse requests while Redis is away, instead of routing on local limits.
    pub required: bool,
    /// Admit every budgeted request in Redis, leasing no budget slices.
    pub exact_budgets: bool,
    /// Longest a call may take on the request path before the sidecar falls back.
    pub timeout: Duration,
}

impl std::fmt::Debug for FleetConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FleetConfig")
            .field("name", &self.name)
            .field("required", &self.required)
            .finish_non_exhaustive()
    }
}

/// A setting that does not parse; names the key and where it came from.
#[derive(Debug, thiserror::Error)]
#[error("invalid sidecar setting {key} = {value:?} in system_config: {reason}")]
pub struct Invalid {
    key: &'static str,
    value: String,
    reason: String,
}

fn from_db<T: FromStr>(
    db: &HashMap<String, String>,
    key: &'static str,
) -> Result<Option<T>, Invalid>
where
    T::Err: std::fmt::Display,
{
    db.get(key)
        .map(|v| {
            v.trim().parse::<T>().map_err(|e| Invalid {
                key,
                value: v.clone(),
                reason: e.to_string(),
            })
        })
        .transpose()
}

/// Seconds as stored by Sidecar V2 (`cooldown_base_seconds = 30.0`).
fn secs_from_db(
    db: &HashMap<String, String>,
    key: &'static str,
) -> Result<Option<Duration>, Invalid> {
    from_db::<f64>(db, key)?
        .map(|s| {
            Duration::try_from_secs_f64(s).map_err(|e| Invalid {
                key,
                value: s.to_string(),
                reason: e.to_string(),
            })
        })
        .transpose()
}

/// `--listen`, else the seed's `SIDECAR_HOST`/`SIDECAR_PORT`, else `system_config` host/port.
fn listen(flags: &Overrides, db: &HashMap<String, String>) -> Result<SocketAddr, Invalid> {
    if let Some(addr) = flags.listen {
        return Ok(addr);
    }
    let host = std::env::var("SIDECAR_HOST")
        .ok()
        .or_else(|| db.get("host").cloned())
        .unwrap_or_else(|| "127.0.0.1".into());
    let port = std::env::var("SIDECAR_PORT")
        .ok()
        .or_else(|| db.get("port").cloned())
        .unwrap_or_else(|| "9190".into());
    format!("{host}:{port}")
        .parse()
        .map_err(|e: std::net::AddrParseError| Invalid {
            key: "host/port",
            value: format!("{host}:{port}"),
            reason: e.to_string(),
        })
}

/// The listener's timeouts and connection cap.
fn limits(
    flags: &Overrides,
    db: &HashMap<String, String>,
) -> Result<crate::server::Limits, Invalid> {
    let defaults = crate::server::Limits::default();
    Ok(crate::server::Limits {
        header_timeout: flags
            .header_timeout
            .or(secs_from_db(db, "header_timeout_seconds")?)
            .unwrap_or(defaults.header_timeout),
        body_timeout: flags
            .body_timeout
            .or(secs_from_db(db, "body_timeout_seconds")?)
            .unwrap_or(defaults.body_timeout),
        max_connections: flags
            .max_connections
            .or(from_db(db, "max_connections")?)
            .unwrap_or(defaults.max_connections),
    })
}

/// A list given on the command line, else a comma-separated `system_config` value.
/// Each listed path under `/v1/`, without a trailing `/`, free of dot segments and escapes.
fn passthrough_paths(given: &[String]) -> Result<Vec<String>, Invalid> {
    given
        .iter()
        .map(|p| {
            let path = p.trim_end_matches('/');
            let plain = path.len() > 4
                && path.starts_with("/v1/")
                && !path.contains(['%', '\\', '?', '#'])
                && path[4..]
                    .split('/')
                    .all(|s| !s.is_empty() && s != "." && s != "..");
            if plain {
                Ok(path.to_owned())
            } else {
                Err(Invalid {
                    key: "passthrough_paths",
                    value: p.clone(),
                    reason: "expected a path under /v1/, e.g. /v1/files".into(),
                })
            }
        })
        .collect()
}

fn list_setting(flags: &[String], db: Option<&String>) -> Vec<String> {
    if flags.is_empty() {
        db.map(|v| {
            v.split(',')
                .map(|x| x.trim().to_owned())
                .filter(|x| !x.is_empty())
                .collect()
        })
        .unwrap_or_default()
    } else {
        flags.to_vec()
    }
}

impl SidecarConfig {
    /// Resolves `flags` (already merged with env by clap) over `db` over defaults.
    pub fn resolve(flags: &Overrides, db: &HashMap<String, String>) -> Result<Self, Invalid> {
        let listen = listen(flags, db)?;
        let metrics_listen = match flags.metrics_listen {
            Some(choice) => choice,
            None => Some(
                from_db::<SocketAddr>(db, "metrics_listen")?
                    .unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 9191))),
            ),
        };
        let config = Self {
            listen,
            metrics_listen,
            cooldown_base: flags
                .cooldown_base
                .or(secs_from_db(db, "cooldown_base_seconds")?)
                .unwrap_or(Duration::from_secs(30)),
            cooldown_max: flags
                .cooldown_max
                .or(secs_from_db(db, "cooldown_max_seconds")?)
                .unwrap_or(Duration::from_secs(600)),
            max_retries: flags
                .max_retries
                .or(from_db(db, "max_pool_retries")?)
                .unwrap_or(5),
            queue_max_depth: flags
                .queue_max_depth
                .or(from_db(db, "queue_max_depth")?)
                .unwrap_or(500),
            queue_timeout: flags
                .queue_timeout
                .or(secs_from_db(db, "queue_timeout_seconds")?)
                .unwrap_or(Duration::from_secs(30)),
            emergency_rpm_fraction: flags
                .emergency_rpm_fraction
                .or(from_db(db, "emergency_rpm_fraction")?)
                .unwrap_or(0.10),
            max_body_bytes: flags
                .max_body_bytes
                .or(from_db(db, "max_body_bytes")?)
                .unwrap_or(10 * 1024 * 1024),
            reload_interval: flags
                .reload_interval
                .or(secs_from_db(db, "reload_interval_seconds")?)
                .unwrap_or(Duration::from_secs(1)),
            shutdown_grace: flags
                .shutdown_grace
                .or(secs_from_db(db, "shutdown_grace_seconds")?)
                .unwrap_or(Duration::from_secs(30)),
            failure_threshold: 3,
            allow_unauthenticated: flags.allow_unauthenticated,
            health_interval: match flags.health_interval {
                Some(choice) => choice,
                None => Some(
                    secs_from_db(db, "health_check_interval_seconds")?
                        .unwrap_or(Duration::from_secs(60)),
                ),
            },
            backup_dir: flags.backup_dir.clone().or_else(|| {
                db.get("backup_dir")
                    .map(|d| Some(std::path::PathBuf::from(d)))
            }),
            backup_keep_days: flags
                .backup_keep_days
                .or(from_db(db, "backup_keep_days")?)
                .unwrap_or(7),
            limits: limits(flags, db)?,
            max_buffered_bytes: flags
                .max_buffered_bytes
                .or(from_db(db, "max_buffered_bytes")?)
                .unwrap_or(crate::body::DEFAULT_BUDGET),
            allowed_hosts: list_setting(&flags.allowed_hosts, db.get("allowed_hosts")),
            allowed_origins: list_setting(&flags.allowed_origins, db.get("allowed_origins")),
            passthrough_paths: passthrough_paths(&list_setting(
                &flags.passthrough_paths,
                db.get("passthrough_paths"),
            ))?,
            fleet: fleet(flags, db),
            request_log: request_log(flags, db)?,
            otlp_endpoint: otlp_endpoint(flags, db)?,
            health_path: db.get("health_probe_endpoint").map_or_else(
                || "/models".to_owned(),
                |p| p.trim_start_matches("/v1").to_owned(),
            ),
        };
        if !(0.0..=1.0).contains(&config.emergency_rpm_fraction) {
            return Err(Invalid {
                key: "emergency_rpm_fraction",
                value: config.emergency_rpm_fraction.to_string(),
                reason: "expected a fraction between 0 and 1".into(),
            });
        }
        Ok(config)
    }
}

/// `--otlp-endpoint` (else the DB's `otlp_endpoint`): an http(s) URL.
/// Shared mode, when a Redis URL is given.
fn fleet(flags: &Overrides, db: &HashMap<String, String>) -> Option<FleetConfig> {
    let url = flags.shared_url.clone()?;
    Some(FleetConfig {
        url,
        name: flags
            .fleet
            .clone()
            .or_else(|| db.get("fleet").cloned())
            .unwrap_or_else(|| DEFAULT_FLEET.into()),
        required: flags.shared_required,
        exact_budgets: flags.shared_exact_budgets,
        timeout: flags
            .shared_timeout
            .unwrap_or(Duration::from_millis(50))
            .max(Duration::from_millis(1)),
    })
}

fn otlp_endpoint(
    flags: &Overrides,
    db: &HashMap<String, String>,
) -> Result<Option<url::Url>, Invalid> {
    let Some(text) = flags.otlp_endpoint.as_ref().or(db.get("otlp_endpoint")) else {
        return Ok(None);
    };
    match url::Url::parse(text) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() => Ok(Some(u)),
        _ => Err(Invalid {
            key: "otlp_endpoint",
            value: crate::state::heartbeat::masked_url(text),
            reason: "expected the collector's http(s) URL, e.g. http://127.0.0.1:4318".into(),
        }),
    }
}

/// The request log's keeping: `--request-log` (or `off`), else the DB's settings (a retention
/// of 0 turns it off), else 7 days and 1 GiB.
fn request_log(
    flags: &Overrides,
    db: &HashMap<String, String>,
) -> Result<Option<RequestLog>, Invalid> {
    let retention = match flags.request_log {
        Some(choice) => choice,
        None => match secs_from_db(db, "request_log_retention_seconds")? {
            Some(d) if d.is_zero() => None,
            Some(d) => Some(d),
            None => Some(Duration::from_secs(7 * 86_400)),
        },
    };
    let Some(retention) = retention else {
        return Ok(None);
    };
    Ok(Some(RequestLog {
        retention,
        max_bytes: flags
            .request_log_max_bytes
            .or(from_db(db, "request_log_max_bytes")?)
            .unwrap_or(1 << 30),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_beat_db_beats_defaults() {
        let db: HashMap<String, String> = [
            ("cooldown_base_seconds", "5"),
            ("queue_max_depth", "7"),
            ("max_pool_retries", "2"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
        let flags = Overrides {
            max_retries: Some(9),
            ..Overrides::default()
        };
        let c = SidecarConfig::resolve(&flags, &db).expect("valid");
        assert_eq!(c.cooldown_base, Duration::from_secs(5));
        assert_eq!(c.queue_max_depth, 7);
        assert_eq!(c.max_retries, 9);
        assert_eq!(c.cooldown_max, Duration::from_secs(600));
        let bad: HashMap<String, String> =
            [("queue_max_depth".to_owned(), "lots".to_owned())].into();
        let err = SidecarConfig::resolve(&Overrides::default(), &bad).expect_err("invalid");
        assert!(err.to_string().contains("queue_max_depth"));
    }
}
