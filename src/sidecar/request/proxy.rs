//! The request path: peek, route, forward, fail over, account. It reads one snapshot, touches
//! only atomics and channels, and never reaches SQLite (`App` has no store to reach it with).

use std::borrow::Cow;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant, SystemTime};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, header};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use http_body_util::Full;

use super::App;
use super::backend::{self, Availability, Cooldown};
use super::budget::{Estimate, Gate, Hold, Refusal, Why};
use super::cooldown;
use super::error::Error;
use super::events::Event;
use super::guard::{authenticate, check_browser, confined};
use super::limits::Denied;
use super::peek;
use super::relay::{Accounting, SseRelay, usage_of_body};
use super::route::{Channel, Pick};
use super::snapshot::{Backend, MODEL_PATHS, Route, Snapshot};
use super::trail::{self, Trail};
use super::upstream;
use super::usage::{Prices, Usage};
use crate::body::BodyError;
use crate::state::providers::Dialect;

const X_API_KEY: HeaderName = HeaderName::from_static("x-api-key");
const ANTHROPIC_VERSION: HeaderName = HeaderName::from_static("anthropic-version");

/// Client headers passed upstream: the body's type, content negotiation, API versions and
/// betas, idempotency. The rest stays here: credentials (ours and the client's `x-api-key`),
/// cookies, the client's own `OpenAI-Organization`/`OpenAI-Project` (the provider's key
/// decides the account), hop-by-hop headers and encodings we would have to undo to read usage.
const FORWARDED_HEADERS: [HeaderName; 7] = [
    header::CONTENT_TYPE,
    header::ACCEPT,
    header::USER_AGENT,
    HeaderName::from_static("openai-beta"),
    ANTHROPIC_VERSION,
    HeaderName::from_static("anthropic-beta"),
    HeaderName::from_static("idempotency-key"),
];

/// The sidecars a request has passed, comma-separated: how a loop is seen.
const HOP: HeaderName = HeaderName::from_static("x-bizwings-hop");
/// Sidecars a request may pass in a chain.
const MAX_HOPS: usize = 8;

/// A name for this sidecar in the hop header, random per process.
pub fn hop_name() -> HeaderValue {
    use std::hash::{BuildHasher as _, RandomState};
    let name = format!("{:016x}", RandomState::new().hash_one(std::process::id()));
    HeaderValue::try_from(name).unwrap_or(HeaderValue::from_static("bizwings"))
}

/// The hop header for the upstream request, or why the request is in a loop.
fn hops(app: &App, headers: &HeaderMap) -> Result<HeaderValue, Error> {
    let Some(seen) = headers.get(&HOP) else {
        return Ok(app.hop.clone());
    };
    let seen = seen.to_str().map_err(|_| Error::Loop)?;
    let ours = app.hop.to_str().unwrap_or_default();
    if seen.split(',').any(|s| s.trim() == ours) || seen.split(',').count() >= MAX_HOPS {
        return Err(Error::Loop);
    }
    HeaderValue::try_from(format!("{seen},{ours}")).map_err(|_| Error::Loop)
}

/// What a `/v1` path asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Endpoint {
    /// A body that names a model, in a dialect, at its path after `/v1` as spelled upstream:
    /// routed, limited, priced.
    Model(Dialect, &'static str),
    /// A stored response (`/responses/{id}`, `…/cancel`, `…/input_items`): goes only to the
    /// provider that created it.
    Stored(String),
    /// A path the operator listed (`passthrough_paths`): passed to a chat provider as it is,
    /// unpriced.
    PassThrough,
    /// Any other path: refused.
    Closed,
}

impl Endpoint {
    /// Paths are matched whatever their case (upstreams route `/v1/Chat/completions` as chat:
    /// it must not slip past pricing as something else); empty segments never get here.
    fn of(method: &Method, path: &str, passthrough: &[String]) -> Self {
        let tail = path.strip_prefix("/v1").unwrap_or(path);
        if *method == Method::POST
            && let Some((p, dialect)) = MODEL_PATHS
                .iter()
                .find(|(p, _)| p.eq_ignore_ascii_case(tail))
        {
            return Self::Model(*dialect, p);
        }
        let responses = "/responses/";
        if let Some(rest) = tail
            .get(..responses.len())
            .filter(|head| head.eq_ignore_ascii_case(responses))
            .map(|_| &tail[responses.len()..])
        {
            let (id, after) = rest.split_once('/').unwrap_or((rest, ""));
            let stored = match after {
                "" => *method == Method::GET || *method == Method::DELETE,
                "cancel" => *method == Method::POST,
                "input_items" => *method == Method::GET,
                _ => false,
            };
            if stored && !id.is_empty() {
                return Self::Stored(id.to_owned());
            }
        }
        let listed = |prefix: &String| {
            path.get(..prefix.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
                && matches!(path.as_bytes().get(prefix.len()), None | Some(b'/' | b'?'))
        };
        if passthrough.iter().any(listed) {
            Self::PassThrough
        } else {
            Self::Closed
        }
    }

    /// The dialect whose shape the client reads errors in.
    fn dialect(&self, path: &str) -> Dialect {
        match self {
            Self::Model(d, _) => *d,
            Self::Stored(_) => Dialect::Responses,
            Self::PassThrough | Self::Closed if path.starts_with("/v1/messages") => {
                Dialect::Messages
            }
            Self::PassThrough | Self::Closed => Dialect::Chat,
        }
    }
}

/// `/v1/*`: the proxy.
pub async fn proxy(State(app): State<App>, req: Request) -> Response {
    let started = Instant::now();
    app.limits.arrived();
    let endpoint = Endpoint::of(req.method(), req.uri().path(), &app.cfg.passthrough_paths);
    let dialect = endpoint.dialect(req.uri().path());
    let id = trail::request_id(req.headers());
    let mut trail = app.cfg.records_requests().then(|| {
        let api = match &endpoint {
            Endpoint::Model(_, canonical) => Cow::Borrowed(*canonical),
            _ => Cow::Owned(
                req.uri()
                    .path()
                    .strip_prefix("/v1")
                    .unwrap_or_default()
                    .to_owned(),
            ),
        };
        Trail::new(&id, api, req.headers())
    });
    let (mut response, own) = match handle(&app, req, endpoint, &mut trail).await {
        Ok(response) => (response, false),
        Err(err) => {
            tracing::debug!(error = %err, "request refused");
            if let Some(trail) = trail.take() {
                let status = err.status().as_u16();
                let _ = app
                    .events
                    .send(trail.refused(status, err.code(), err.to_string()));
            }
            (err.in_dialect(dialect), true)
        }
    };
    response.headers_mut().insert(trail::REQUEST_ID, id);
    let _ = app.events.send(Event::Answered {
        at_ms: crate::state::now_ms(),
        status: response.status().as_u16(),
        own,
    });
    app.metrics
        .request_seconds
        .observe(started.elapsed().as_secs_f64());
    response
}

/// `GET /v1/models`: the canonical models of the current snapshot.
pub async fn models(State(app): State<App>, headers: HeaderMap) -> Response {
    let snap = app.snapshot.load();
    if let Err(err) = check_browser(&app, &Method::GET, &headers)
        .and_then(|()| authenticate(&app, &snap, &headers))
    {
        return err.into_response();
    }
    (
        [(header::CONTENT_TYPE, "application/json")],
        snap.models_body.clone(),
    )
        .into_response()
}

/// One client request on its way through.
struct Job {
    /// The API it speaks: where it goes upstream, and how.
    dialect: Dialect,
    method: Method,
    /// Path after `/v1`, with the query string.
    tail: Cow<'static, str>,
    headers: HeaderMap,
    /// The hop header to send on.
    hop: HeaderValue,
    body: Bytes,
    /// Canonical model, when the path names one.
    model: Option<Arc<str>>,
    stream: bool,
    client_wants_usage: bool,
    client: Option<Arc<str>>,
    client_metrics: Option<Arc<super::metrics::ClientHandles>>,
    /// The request's reservations on its client's budgets, charged by each attempt.
    hold: Option<Arc<Hold>>,
    /// A model path: its failures count against the provider. Other paths are the client's
    /// business, so a client cannot cool or disable a provider by calling them.
    routed: bool,
    /// Tokens the request is estimated to use, reserved on TPM-limited providers.
    tokens: u64,
}

/// A completion's length when the client sets no `max_tokens`, for the TPM estimate.
const DEFAULT_COMPLETION_TOKENS: u64 = 256;

/// The estimate reserved before the call: the prompt at ~4 bytes a token (the whole body,
/// so it errs high), plus the largest completion cap the request names (or the default) for
/// each choice it asks for, priced at the route's highest prices.
fn estimate(body: &[u8], peeked: &peek::Peeked<'_>, prices: Prices) -> Estimate {
    let prompt = body.len() as u64 / 4;
    let completion = peeked
        .max_tokens
        .unwrap_or(DEFAULT_COMPLETION_TOKENS)
        .saturating_mul(peeked.choices);
    // The prompt priced as fresh input or as a cache write, whichever costs more (a cache
    // read never does), so the estimate errs high.
    let (fresh, written) = (
        Usage {
            input: prompt,
            output: completion,
            ..Usage::default()
        },
        Usage {
            cache_write: prompt,
            output: completion,
            ..Usage::default()
        },
    );
    let usd = prices.cost(&fresh).max(prices.cost(&written));
    Estimate {
        tokens: prompt.saturating_add(completion),
        nano_usd: crate::state::clients::nano_usd(usd),
    }
}

async fn handle(
    app: &App,
    req: Request,
    endpoint: Endpoint,
    log: &mut Option<Trail>,
) -> Result<Response, Error> {
    let (parts, body) = req.into_parts();
    let path = parts.uri.path();
    let method_ok = match endpoint {
        Endpoint::Stored(_) => true,
        _ => parts.method == Method::GET || parts.method == Method::POST,
    };
    if !method_ok {
        return Err(Error::MethodNotAllowed(parts.method.to_string()));
    }
    if !confined(path) {
        return Err(Error::UnknownPath(path.to_owned()));
    }
    if endpoint == Endpoint::Closed {
        return Err(Error::NotListed(path.to_owned()));
    }
    check_browser(app, &parts.method, &parts.headers)?;
    let hop = hops(app, &parts.headers)?;
    let tail = upstream_tail(&endpoint, &parts.uri);
    let limit = app.cfg.max_body_bytes;
    let body = crate::body::read_limited(body, limit, app.cfg.limits.body_timeout)
        .await
        .map_err(|e| match e {
            BodyError::TooLarge => Error::TooLarge(limit),
            BodyError::Stalled => Error::Stalled,
            BodyError::Busy => Error::Busy,
            BodyError::Broken => Error::BadRequest("the request body broke off".into()),
        })?;
    let snap = app.snapshot.load_full();
    let gate = authenticate(app, &snap, &parts.headers)?;
    let mut job = Job {
        dialect: endpoint.dialect(path),
        method: parts.method.clone(),
        tail,
        headers: parts.headers,
        hop,
        body,
        model: None,
        stream: false,
        client_wants_usage: false,
        client: gate.as_ref().map(|g| g.name.clone()),
        client_metrics: gate.as_ref().map(|g| g.metrics.clone()),
        hold: None,
        routed: !matches!(endpoint, Endpoint::PassThrough),
        tokens: 0,
    };
    if let Some(log) = log.as_mut() {
        log_client(log, gate.as_deref(), &snap, &job.body);
    }
    let dialect = match endpoint {
        Endpoint::PassThrough => {
            // Not priced: a client with budgets goes only where it is allowed to; its request
            // rate counts as for any other request.
            if let Some(gate) = &gate {
                if gate.budgeted() && !gate.passthrough {
                    return Err(Error::PassThroughRefused(
                        gate.name.to_string(),
                        path.to_owned(),
                    ));
                }
                job.hold = admit(app, Some(gate), Estimate::default()).await?;
            }
            return forward_with_failover(app, &snap, &snap.any, job, (None, log), None).await;
        }
        Endpoint::Closed => return Err(Error::NotListed(path.to_owned())),
        Endpoint::Stored(id) => {
            job.hold = admit(app, gate.as_deref(), Estimate::default()).await?;
            let home = home(app, &snap, &id, Prices::default()).await?;
            return forward_with_failover(app, &snap, &home.route, job, (None, log), None)
                .await
                .map_err(|e| home.explain(e));
        }
        Endpoint::Model(dialect, _) => dialect,
    };
    let body = job.body.clone();
    let peeked = peek::peek(&body).map_err(|e| Error::BadRequest(e.to_string()))?;
    let (model, route) = snap.routes[dialect.index()]
        .get_key_value(peeked.model.as_ref())
        .ok_or_else(|| unserved(&snap, &peeked.model, dialect))?;
    job.model = Some(model.clone());
    job.stream = peeked.stream;
    if let Some(log) = log.as_mut() {
        log.model(job.model.as_ref(), peeked.stream);
    }
    job.client_wants_usage = peeked.client_wants_usage;
    let estimate = estimate(&job.body, &peeked, route.max_prices);
    job.tokens = estimate.tokens;
    // A continued response goes where the one it continues lives.
    match &peeked.previous_response_id {
        Some(id) if dialect == Dialect::Responses => {
            job.hold = admit(app, gate.as_deref(), estimate).await?;
            let home = home(app, &snap, id, route.max_prices).await?;
            forward_with_failover(app, &snap, &home.route, job, (Some(&peeked), log), None)
                .await
                .map_err(|e| home.explain(e))
        }
        _ => {
            let admission = gate.as_deref().map(|g| (g, estimate));
            forward_with_failover(app, &snap, route, job, (Some(&peeked), log), admission).await
        }
    }
}

/// Who asks, in the request's record; with the body too for a client that logs bodies (every
/// provider's key redacted from it).
fn log_client(log: &mut Trail, gate: Option<&Gate>, snap: &Snapshot, body: &[u8]) {
    log.client(gate.map(|g| &g.name));
    if gate.is_some_and(|g| g.log_bodies) {
        let keys = snap.backends.iter();
        log.log_bodies(
            body,
            keys.filter_map(|b| b.api_key.to_str().ok().map(str::to_owned))
                .collect(),
        );
    }
}

/// The path after `/v1` to send upstream (a model path in its canonical case), with the query.
fn upstream_tail(endpoint: &Endpoint, uri: &axum::http::Uri) -> Cow<'static, str> {
    let path = uri.path();
    let tail = match endpoint {
        Endpoint::Model(_, canonical) => canonical,
        _ => path.strip_prefix("/v1").unwrap_or(path),
    };
    match (endpoint, uri.query()) {
        (Endpoint::Model(_, canonical), None) => Cow::Borrowed(canonical),
        (_, Some(q)) => Cow::Owned(format!("{tail}?{q}")),
        (_, None) => Cow::Owned(tail.to_owned()),
    }
}

/// Why a model has no route in `dialect`: unknown, or served in other dialects only.
fn unserved(snap: &Snapshot, model: &str, dialect: Dialect) -> Error {
    let served: Vec<&str> = Dialect::ALL
        .iter()
        .filter(|d| snap.routes[d.index()].contains_key(model))
        .map(|d| d.as_str())
        .collect();
    if served.is_empty() {
        return Error::UnknownModel(model.to_owned());
    }
    Error::WrongDialect {
        model: model.to_owned(),
        dialect,
        served: format!("; it is served for {}", served.join(", ")),
    }
}

/// The one provider where a stored response lives, as a route.
struct Home {
    route: Route,
    id: String,
    provider: Arc<str>,
}

impl Home {
    /// Nothing to route to means the home cannot take it now (the fleet may know of a
    /// cooldown before this sidecar does): said as such, never sent elsewhere.
    fn explain(&self, err: Error) -> Error {
        match err {
            Error::Exhausted { retry_after } => Error::HomeUnavailable {
                id: self.id.clone(),
                provider: self.provider.to_string(),
                why: "is cooling down after rate limits or failures".into(),
                retry_after,
            },
            other => other,
        }
    }
}

/// The route to the one provider where response `id` lives, if it can take the request now;
/// never another one.
async fn home(app: &App, snap: &Snapshot, id: &str, prices: Prices) -> Result<Home, Error> {
    let provider = app
        .limits
        .home(id)
        .await
        .ok_or_else(|| Error::UnknownResponse(id.to_owned()))?;
    let unavailable = |why: &str, retry_after: Option<Duration>| Error::HomeUnavailable {
        id: id.to_owned(),
        provider: provider.to_string(),
        why: why.to_owned(),
        retry_after,
    };
    let Some(idx) = snap
        .backends
        .iter()
        .position(|b| *b.name == *provider && b.serves(Dialect::Responses))
    else {
        return Err(unavailable(
            "is disabled, removed or no longer serves responses",
            None,
        ));
    };
    let b = &snap.backends[idx];
    let now = app.clock.now_ns();
    match b.rt.state(now) {
        Availability::Cooling => Err(unavailable(
            "is cooling down after rate limits or failures",
            Some(b.rt.cooldown_left(now)),
        )),
        Availability::KeyRejected => Err(unavailable("had its key rejected", None)),
        Availability::Down => Err(unavailable("is down by its health probes", None)),
        Availability::Available => Ok(Home {
            route: Route::pinned(idx, prices),
            id: id.to_owned(),
            provider,
        }),
    }
}

/// A client's limits before anything is sent: its request rate and budgets (the fleet's, in
/// shared mode).
async fn admit(
    app: &App,
    gate: Option<&Gate>,
    estimate: Estimate,
) -> Result<Option<Arc<Hold>>, Error> {
    let Some(gate) = gate else {
        return Ok(None);
    };
    app.limits
        .admit(gate, estimate, &app.events)
        .await
        .map_err(|refusal| refused(app, gate, refusal))
}

/// What the client is told of a refusal by its own limits (and the metric that counts it).
fn refused(app: &App, gate: &Gate, refusal: Refusal) -> Error {
    let client = gate.name.to_string();
    let reason = match refusal {
        Refusal::Budget(refusal) => {
            let budget = refusal.budget.to_string();
            let (code, detail) = match refusal.why {
                Why::Spent => (
                    "budget_exceeded",
                    format!(
                        "has used up its budget {budget}: the sidecar refuses its requests until the budget renews"
                    ),
                ),
                Why::TooLarge { asks, left } => (
                    "request_exceeds_budget",
                    format!(
                        "asks for up to {} with this request, but only {} of its budget {budget} is left: refused without being sent (ask for fewer output tokens, or raise the budget)",
                        refusal.budget.amount_text(asks),
                        refusal.budget.amount_text(left),
                    ),
                ),
                Why::InFlight => (
                    "budget_reserved_in_flight",
                    format!(
                        "has the rest of its budget {budget} reserved by its requests in flight: retry when they end"
                    ),
                ),
            };
            tracing::info!(%client, %budget, code, "client budget has no room: refused");
            Error::BudgetExceeded {
                client,
                detail,
                code,
                retry_after: refusal.retry_after,
            }
        }
        Refusal::Paused(why) => Error::ClientPaused {
            client,
            why: why.to_string(),
        },
        Refusal::Rate(retry_after) => Error::ClientRateLimited {
            client,
            rpm: gate.rpm,
            retry_after,
        },
    };
    app.metrics.client_refused(&gate.name, &reason);
    reason
}

/// What one attempt led to.
enum Outcome {
    Done(Response),
    /// Try another backend, not this one again; the text says why this one failed (and the
    /// status it answered, if any).
    Retry(String, Option<u16>),
    /// The backend answered 429 and is cooling down.
    RateLimited(String),
}

/// Tries the route's backends until one answers. With `admission`, the client's limits are
/// checked with the first pick (in a fleet, one Redis round trip for both).
async fn forward_with_failover(
    app: &App,
    snap: &Snapshot,
    route: &Route,
    mut job: Job,
    (peeked, trail): (Option<&peek::Peeked<'_>>, &mut Option<Trail>),
    mut admission: Option<(&Gate, Estimate)>,
) -> Result<Response, Error> {
    let mut tried: Vec<usize> = Vec::new();
    let mut last_failure: Option<String> = None;
    let mut last_was_rate_limit = false;
    let mut queued_at: Option<Instant> = None;
    // `Some`: nothing left to pick, with when something frees up if known.
    let mut exhausted: Option<Option<Duration>> = None;
    for _ in 0..app.cfg.max_retries.max(1) {
        let picked = loop {
            let pick = match admission.take() {
                Some((gate, estimate)) => {
                    let admitted = app
                        .limits
                        .admit_and_pick((gate, estimate, &app.events), snap, route, job.tokens)
                        .await;
                    let (hold, pick) = admitted.map_err(|denied| match denied {
                        Denied::Refusal(refusal) => refused(app, gate, refusal),
                        Denied::Refused(error) => error,
                    })?;
                    job.hold = hold;
                    pick
                }
                None => app.limits.pick(snap, route, &tried, job.tokens).await?,
            };
            match pick {
                Pick::Backend(idx, b, channel) => break Some((idx, b, channel)),
                Pick::Wait(wait) => {
                    let since = *queued_at.get_or_insert_with(Instant::now);
                    if let Some(picked) =
                        wait_in_queue(app, snap, route, &tried, job.tokens, (wait, since)).await?
                    {
                        break Some(picked);
                    }
                }
                Pick::Exhausted { retry_after } => {
                    exhausted = Some(retry_after);
                    break None;
                }
            }
        };
        let Some((idx, backend, channel)) = picked else {
            break;
        };
        if !tried.is_empty() || last_failure.is_some() {
            app.metrics.retries.inc();
        }
        if channel == Channel::Emergency {
            app.metrics.emergency.inc();
            tracing::warn!(provider = %backend.name, "all providers cooling: emergency trickle");
        }
        last_was_rate_limit = false;
        match attempt(app, (backend, channel), &job, peeked, trail).await {
            Outcome::Done(response) => return Ok(response),
            Outcome::Retry(reason, _) => last_failure = Some(reason),
            // Cooling now, from this moment: never again in this request (the emergency
            // trickle may try it for a later one).
            Outcome::RateLimited(reason) => {
                last_failure = Some(reason);
                last_was_rate_limit = true;
            }
        }
        tried.push(idx);
    }
    // Rate limits mean "come back later" (503 + Retry-After), not a broken upstream (502).
    if last_was_rate_limit {
        let now = app.clock.now_ns();
        let cooling = route
            .pools
            .iter()
            .flatten()
            .map(|i| snap.backends[*i].rt.cooldown_left(now))
            .filter(|d| !d.is_zero())
            .min();
        let retry_after = exhausted.flatten().or(cooling);
        return Err(Error::Exhausted { retry_after });
    }
    Err(match (exhausted, last_failure) {
        (Some(Some(retry_after)), _) => Error::Exhausted {
            retry_after: Some(retry_after),
        },
        (_, Some(reason)) => Error::Upstream(reason),
        (Some(None), None) => Error::Exhausted { retry_after: None },
        (None, None) => Error::Upstream("no attempt made".into()),
    })
}

/// The FIFO wait for a token when every candidate is only rate-limited. The head of the queue
/// holds the route's single permit and polls for a token; the rest wait their turn behind it.
/// `Ok(None)` means routing changed under us (e.g. now cooling): pick again.
async fn wait_in_queue<'s>(
    app: &App,
    snap: &'s Snapshot,
    route: &Route,
    tried: &[usize],
    tokens: u64,
    (mut wait, since): (Duration, Instant),
) -> Result<Option<(usize, &'s Backend, Channel)>, Error> {
    let deadline = since + app.cfg.queue_timeout;
    let depth = app.queue_depth.fetch_add(1, Ordering::Relaxed) + 1;
    let _leave = QueueSlot(app);
    if depth > app.cfg.queue_max_depth {
        return Err(Error::QueueFull(depth - 1));
    }
    let _observe = QueueTimer(app, Instant::now());
    let _permit = tokio::time::timeout_at(deadline.into(), route.queue_head.acquire())
        .await
        .map_err(|_| Error::QueueTimeout(app.cfg.queue_timeout))?
        .map_err(|_| Error::ShuttingDown)?;
    loop {
        let now = Instant::now();
        if now >= deadline {
            return Err(Error::QueueTimeout(app.cfg.queue_timeout));
        }
        // Wake a little after the token is due; never past the deadline.
        tokio::time::sleep(wait.min(deadline - now) + Duration::from_millis(1)).await;
        match app.limits.pick(snap, route, tried, tokens).await? {
            Pick::Backend(idx, b, channel) => return Ok(Some((idx, b, channel))),
            Pick::Wait(next) => wait = next,
            Pick::Exhausted { .. } => return Ok(None),
        }
    }
}

/// Records how long a waiter waited, however it leaves.
struct QueueTimer<'a>(&'a App, Instant);

impl Drop for QueueTimer<'_> {
    fn drop(&mut self) {
        self.0
            .metrics
            .queue_wait_seconds
            .observe(self.1.elapsed().as_secs_f64());
    }
}

/// Decrements the queue depth when a waiter leaves, however it leaves.
struct QueueSlot<'a>(&'a App);

impl Drop for QueueSlot<'_> {
    fn drop(&mut self) {
        self.0.queue_depth.fetch_sub(1, Ordering::Relaxed);
    }
}

async fn attempt(
    app: &App,
    (backend, channel): (&Backend, Channel),
    job: &Job,
    peeked: Option<&peek::Peeked<'_>>,
    trail: &mut Option<Trail>,
) -> Outcome {
    let started = Instant::now();
    let outcome = try_backend(app, (backend, channel), job, peeked, trail).await;
    if let Some(trail) = trail.as_mut() {
        match &outcome {
            Outcome::Retry(why, status) => {
                trail.attempt(
                    [&backend.name, &backend.host],
                    *status,
                    started,
                    Cow::Owned(why.clone()),
                );
            }
            Outcome::RateLimited(why) => {
                trail.attempt(
                    [&backend.name, &backend.host],
                    Some(429),
                    started,
                    Cow::Owned(why.clone()),
                );
            }
            Outcome::Done(_) => {}
        }
    }
    outcome
}

async fn try_backend(
    app: &App,
    (backend, channel): (&Backend, Channel),
    job: &Job,
    peeked: Option<&peek::Peeked<'_>>,
    trail: &mut Option<Trail>,
) -> Outcome {
    // The place and the tokens routing took on a capped provider: given back or settled
    // however this attempt ends.
    let slot = backend.rt.slot(backend.max_in_flight);
    let reservation = app.limits.tokens(backend, job.tokens);
    let entry = job
        .model
        .as_ref()
        .and_then(|m| backend.models.get(m.as_ref()));
    let body = match (peeked, entry) {
        // Only a chat stream needs asking for its usage; the other dialects always send it.
        (Some(p), Some(e)) => p.rewrite(&job.body, &e.native_id, job.dialect == Dialect::Chat),
        _ => job.body.clone(),
    };
    let target = match backend.url(job.dialect, &job.tail) {
        Ok(target) => target,
        Err(err) => return Outcome::Retry(format!("{}: bad URL: {err}", backend.name), None),
    };
    let mut request = axum::http::Request::new(Full::new(body));
    *request.method_mut() = job.method.clone();
    *request.headers_mut() = upstream_headers(job, backend);
    let acct = accounting(app, backend, job, entry, (slot, reservation));
    // A whole answer is bounded by the request's own timeout, its body included; a stream
    // only until its headers arrive (the relay then bounds each pause).
    let deadline = tokio::time::Instant::now() + backend.timeout;
    let response =
        match tokio::time::timeout_at(deadline, app.upstream.send(&target, request)).await {
            Ok(Ok(response)) => response,
            Ok(Err(err)) => {
                let reason = format!("{}: {err}", backend.name);
                return failed(app, backend, job, (reason, None));
            }
            Err(_) => {
                let reason = format!("{}: no response within {:?}", backend.name, backend.timeout);
                return failed(app, backend, job, (reason, None));
            }
        };
    let status = response.status();
    let mut acct = acct;
    acct.status = Some(status.as_u16());
    match status.as_u16() {
        429 if job.routed => {
            let retry_after = response
                .headers()
                .get(header::RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| cooldown::parse_retry_after(v, SystemTime::now()));
            response.into_body().release();
            let cooldown = app.limits.cool(backend, channel, retry_after).await;
            record_cooldown(
                app,
                backend,
                cooldown,
                format!("429 #{}", cooldown.consecutive),
            );
            Outcome::RateLimited(format!(
                "{}: rate limited (429): cooling {}s (429 #{})",
                backend.name,
                cooldown.duration.as_secs_f64().ceil(),
                cooldown.consecutive
            ))
        }
        401 | 403 if job.routed => {
            response.into_body().release();
            app.limits.key_rejected(backend).await;
            tracing::error!(provider = %backend.name, status = status.as_u16(), "upstream rejected the key; provider set to error");
            let _ = app.events.send(Event::KeyRejected {
                provider: backend.id,
                detail: format!("upstream answered {status} at {}", crate::state::now_ms()),
            });
            Outcome::Retry(
                format!("{}: key rejected ({status})", backend.name),
                Some(status.as_u16()),
            )
        }
        500..=599 if job.routed => {
            response.into_body().release();
            failed(
                app,
                backend,
                job,
                (
                    format!("{}: upstream answered {status}", backend.name),
                    Some(status.as_u16()),
                ),
            )
        }
        // 2xx, or a client error that another backend would repeat: the client gets it.
        _ => {
            respond(
                app,
                (backend, channel),
                job,
                response,
                (acct, trail),
                deadline,
            )
            .await
        }
    }
}

/// What an attempt counts when it ends: usage, cost, metrics, reservations to settle.
fn accounting(
    app: &App,
    backend: &Backend,
    job: &Job,
    entry: Option<&super::snapshot::ModelEntry>,
    (slot, reservation): (Option<backend::Slot>, Option<super::limits::Tokens>),
) -> Accounting {
    Accounting {
        dialect: job.dialect,
        // A new response is remembered where it lives, for its follow-ups.
        home: (job.dialect == Dialect::Responses && job.model.is_some())
            .then(|| app.limits.remember_at(&backend.name)),
        slot,
        reservation,
        prompt_estimate: job.body.len() as u64 / 4,
        estimated: false,
        clock: app.clock,
        sender: app.events.clone(),
        provider: backend.id,
        model: job.model.clone().unwrap_or_else(|| Arc::from("-")),
        prices: entry.map(|e| e.prices),
        started: Instant::now(),
        ttft: None,
        usage: None,
        error: true,
        status: None,
        handles: entry.map_or_else(|| backend.passthrough.clone(), |e| e.handles.clone()),
        client: job.client.clone(),
        client_metrics: job.client_metrics.clone(),
        hold: job.hold.clone(),
        trail: None,
    }
}

/// The client's headers of [`FORWARDED_HEADERS`] and the hop header, with the provider's key
/// in the dialect's header.
fn upstream_headers(job: &Job, backend: &Backend) -> HeaderMap {
    let mut headers = HeaderMap::with_capacity(FORWARDED_HEADERS.len() + 2);
    for name in &FORWARDED_HEADERS {
        for value in job.headers.get_all(name) {
            headers.append(name.clone(), value.clone());
        }
    }
    headers.insert(HOP, job.hop.clone());
    if job.dialect == Dialect::Messages {
        headers.insert(X_API_KEY, backend.api_key.clone());
        if !headers.contains_key(ANTHROPIC_VERSION) {
            headers.insert(ANTHROPIC_VERSION, HeaderValue::from_static("2023-06-01"));
        }
    } else {
        headers.insert(header::AUTHORIZATION, backend.auth.clone());
    }
    headers
}

/// Passes an upstream answer to the client: streamed as it arrives for SSE, else whole
/// (buffered to read its usage).
async fn respond(
    app: &App,
    (backend, channel): (&Backend, Channel),
    job: &Job,
    response: axum::http::Response<upstream::Body>,
    (mut acct, trail): (Accounting, &mut Option<Trail>),
    deadline: tokio::time::Instant,
) -> Outcome {
    let (head, body) = response.into_parts();
    let status = head.status;
    let ok = status.is_success();
    // A path the client chose says nothing about the provider's limits.
    if ok && job.routed {
        succeeded(app, backend, channel).await;
    }
    // Move the headers over rather than copy them one by one.
    let mut headers = head.headers;
    for name in HOP_BY_HOP {
        headers.remove(name);
    }
    let is_sse = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/event-stream"));
    let reply = |body: Body| {
        let mut reply = Response::new(body);
        *reply.status_mut() = status;
        *reply.headers_mut() = headers;
        reply
    };
    if ok && is_sse {
        acct.error = false;
        acct.trail = trail
            .take()
            .map(|t| (t, [backend.name.clone(), backend.host.clone()]));
        let strip = job.model.is_some() && !job.client_wants_usage;
        let relay = SseRelay::new(body, strip, backend.timeout, acct);
        return Outcome::Done(reply(Body::from_stream(relay)));
    }
    match tokio::time::timeout_at(deadline, body.bytes()).await {
        Ok(Ok(bytes)) => {
            acct.error = !ok;
            // A stored response read again was counted when it was made.
            if !matches!(job.dialect, Dialect::Responses) || job.model.is_some() {
                acct.usage = usage_of_body(&bytes, job.dialect);
            }
            // A priced answer that says nothing of its usage still costs: the prompt's
            // estimate and the answer at ~4 bytes a token, marked estimated (token counting
            // itself is free, as the providers bill it).
            if ok
                && acct.usage.is_none()
                && job.model.is_some()
                && job.tail != "/messages/count_tokens"
            {
                acct.usage = Some(Usage {
                    input: acct.prompt_estimate,
                    output: bytes.len() as u64 / 4,
                    ..Usage::default()
                });
                acct.estimated = true;
            }
            if let Some(t) = trail.as_mut() {
                t.answer_body(&bytes);
            }
            if ok && let Some(home) = &acct.home {
                home.remember(&bytes);
            }
            acct.trail = trail
                .take()
                .map(|t| (t, [backend.name.clone(), backend.host.clone()]));
            Outcome::Done(reply(Body::from(bytes)))
        }
        // Nothing reached the client yet, so another backend may still answer.
        Ok(Err(err)) => failed(
            app,
            backend,
            job,
            (format!("{}: {err}", backend.name), None),
        ),
        Err(_) => failed(
            app,
            backend,
            job,
            (
                format!("{}: no answer within {:?}", backend.name, backend.timeout),
                None,
            ),
        ),
    }
}

/// Response headers not passed to the client: those of one connection, and the upstream's
/// `server` (what runs at the provider is none of the client's business).
const HOP_BY_HOP: [&str; 6] = [
    "connection",
    "keep-alive",
    "transfer-encoding",
    "te",
    "upgrade",
    "server",
];

fn record_cooldown(app: &App, backend: &Backend, cooldown: Cooldown, summary: String) {
    tracing::warn!(provider = %backend.name, cooldown = ?cooldown.duration, consecutive = cooldown.consecutive, "provider cooling down");
    let _ = app.events.send(Event::CooldownStarted {
        provider: backend.id,
        consecutive: cooldown.consecutive,
        cooldown: cooldown.duration,
        at_ms: crate::state::now_ms(),
        summary,
    });
}

/// A 5xx, timeout or broken connection: retry elsewhere; after several in a row (of model
/// requests), back off.
fn failed(
    app: &App,
    backend: &Backend,
    job: &Job,
    (reason, status): (String, Option<u16>),
) -> Outcome {
    if !job.routed {
        return Outcome::Retry(reason, status);
    }
    let (n, cooled) = app.limits.failed(backend);
    tracing::warn!(provider = %backend.name, consecutive = n, reason = %reason, "upstream attempt failed");
    if let Some(cooldown) = cooled {
        record_cooldown(
            app,
            backend,
            cooldown,
            format!("{n} failures in a row: {reason}"),
        );
        // Failing real traffic is as telling as a failed probe: `provider list` must not say
        // healthy while the provider is cooled for it. The next good probe clears it.
        let _ = app.events.send(Event::Health {
            provider: backend.id,
            state: backend::Health::Degraded.text(),
            latency_ms: 0,
            status_code: None,
            failures: n,
            successes: 0,
            at_ms: crate::state::now_ms(),
        });
    }
    Outcome::Retry(reason, status)
}

async fn succeeded(app: &App, backend: &Backend, channel: Channel) {
    if app.limits.succeeded(backend, channel).await {
        let _ = app.events.send(Event::RateLimitCleared {
            provider: backend.id,
        });
    }
}
