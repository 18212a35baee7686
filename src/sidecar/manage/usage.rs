//! `bizwings usage`: the sidecar's accounting read back per hour or day.

use serde::Serialize;

use crate::output::{Human, Report};
use crate::state::usage::{self as rows, Grouping, UsageRow};
use crate::state::{self, Store};

/// Usage of the last `hours` hours, per hour or per UTC day: upstream attempts per provider
/// and model (`rows`; a request that failed over counts once per attempt), what clients saw
/// (`client_requests`), and the totals of both.
#[derive(Debug, Serialize)]
pub struct UsageReport {
    pub hours: u32,
    pub daily: bool,
    pub rows: Vec<UsageRow>,
    pub client_requests: Vec<PeriodAnswers>,
    pub totals: Totals,
}

/// What clients saw in one period.
#[derive(Debug, Serialize)]
pub struct PeriodAnswers {
    pub period_start_ms: i64,
    #[serde(flatten)]
    pub answers: rows::Answers,
}

/// The whole report's sums.
#[derive(Debug, Default, Serialize)]
pub struct Totals {
    /// Client requests, and those answered with a 4xx or 5xx.
    pub requests: u64,
    pub failed_requests: u64,
    /// Upstream attempts, and those that failed (429s and errors that failed over included).
    pub attempts: u64,
    pub failed_attempts: u64,
    pub prompt_tokens: u64,
    pub completion_tokens: u64,
    /// Of the prompt tokens: read from and written to the providers' caches.
    pub cache_read_tokens: u64,
    pub cache_write_tokens: u64,
    /// Of the completion tokens: reasoning.
    pub reasoning_tokens: u64,
    pub cost_usd: f64,
    /// Attempts whose tokens and cost are estimated (streams that ended without usage).
    pub estimated_attempts: u64,
}

impl Totals {
    fn of(rows: &[UsageRow], answers: &[PeriodAnswers]) -> Self {
        let mut t = Self::default();
        for r in rows {
            t.attempts += r.requests;
            t.failed_attempts += r.errors;
            t.prompt_tokens += r.prompt_tokens;
            t.completion_tokens += r.completion_tokens;
            t.cache_read_tokens += r.cache_read_tokens;
            t.cache_write_tokens += r.cache_write_tokens;
            t.reasoning_tokens += r.reasoning_tokens;
            t.cost_usd += r.cost_usd;
            t.estimated_attempts += r.estimated;
        }
        for a in answers {
            t.requests += a.answers.requests;
            t.failed_requests += a.answers.client_errors + a.answers.server_errors;
        }
        t
    }
}

/// Usage of the last `hours` hours from the state DB, per hour or per UTC day.
pub fn report(
    store: &mut Store,
    hours: u32,
    daily: bool,
    grouping: Grouping,
) -> Result<UsageReport, state::Error> {
    let since = state::now_ms() - i64::from(hours) * 3_600_000;
    // Align to the period start so the oldest hour or day is reported whole.
    let period: i64 = if daily { 86_400_000 } else { 3_600_000 };
    let since = since - since.rem_euclid(period);
    let (rows, answers) = store.read(|tx| {
        Ok::<_, state::Error>((
            rows::report(tx, since, daily, grouping)?,
            rows::answers(tx, since, daily)?,
        ))
    })?;
    let client_requests: Vec<PeriodAnswers> = answers
        .into_iter()
        .map(|(period_start_ms, answers)| PeriodAnswers {
            period_start_ms,
            answers,
        })
        .collect();
    Ok(UsageReport {
        hours,
        daily,
        totals: Totals::of(&rows, &client_requests),
        rows,
        client_requests,
    })
}

impl Report for UsageReport {
    fn human(&self, out: &mut Human) {
        if self.rows.is_empty() && self.client_requests.is_empty() {
            out.line(format!("no usage in the last {} hours", self.hours));
            return;
        }
        // The tables' one time format (`output::utc`), cut to the period.
        let period = |ms: i64| {
            let text = crate::output::utc(ms);
            text[..if self.daily { 10 } else { 16 }].to_owned()
        };
        out.table(
            [
                "PERIOD (UTC)",
                "PROVIDER",
                "MODEL",
                "ATTEMPTS",
                "FAILED",
                "PROMPT TOK",
                "CACHED",
                "COMPL TOK",
                "REASONING",
                "COST USD",
                "AVG MS",
                "TTFT MS",
            ],
            self.rows.iter().map(|r| {
                [
                    period(r.period_start_ms),
                    r.provider.clone(),
                    r.model.clone(),
                    r.requests.to_string(),
                    r.errors.to_string(),
                    r.prompt_tokens.to_string(),
                    cached(r.cache_read_tokens, r.cache_write_tokens),
                    r.completion_tokens.to_string(),
                    r.reasoning_tokens.to_string(),
                    crate::output::usd(r.cost_usd),
                    format!("{:.0}", r.avg_latency_ms),
                    r.avg_ttft_ms
                        .map_or_else(|| "-".into(), |t| format!("{t:.0}")),
                ]
            }),
        );
        out.line("");
        out.table(
            ["PERIOD (UTC)", "REQUESTS", "OK", "4XX", "5XX", "BY SIDECAR"],
            self.client_requests.iter().map(|p| {
                let a = &p.answers;
                [
                    period(p.period_start_ms),
                    a.requests.to_string(),
                    a.ok.to_string(),
                    a.client_errors.to_string(),
                    a.server_errors.to_string(),
                    a.own_answers.to_string(),
                ]
            }),
        );
        let t = &self.totals;
        out.line(format!(
            "total: {} requests from clients ({} failed); {} upstream attempts ({} failed, failovers and 429s included); {} prompt tokens ({} read from cache, {} written to it) + {} completion tokens ({} reasoning); {} USD",
            t.requests,
            t.failed_requests,
            t.attempts,
            t.failed_attempts,
            t.prompt_tokens,
            t.cache_read_tokens,
            t.cache_write_tokens,
            t.completion_tokens,
            t.reasoning_tokens,
            crate::output::usd(t.cost_usd)
        ));
        if t.estimated_attempts > 0 {
            out.line(format!(
                "estimated: the tokens and cost of {} attempts (streams that ended without usage)",
                t.estimated_attempts
            ));
        }
    }
}

/// Cached prompt tokens: `READ` or `READ+WRITTEN` when any were written.
fn cached(read: u64, written: u64) -> String {
    if written == 0 {
        read.to_string()
    } else {
        format!("{read}+{written}w")
    }
}
