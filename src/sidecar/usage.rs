//! `bizwings usage`: the sidecar's accounting read back per hour or day.

use std::time::Duration;

use serde::Serialize;

use crate::output::{Human, Report};
use crate::state::usage::{self as rows, Grouping, UsageRow};
use crate::state::{self, Store};

/// Usage of the last `hours` hours, per hour or per UTC day.
#[derive(Debug, Serialize)]
pub struct UsageReport {
    pub hours: u32,
    pub daily: bool,
    pub rows: Vec<UsageRow>,
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
    Ok(UsageReport {
        hours,
        daily,
        rows: store.read(|tx| rows::report(tx, since, daily, grouping))?,
    })
}

impl Report for UsageReport {
    fn human(&self, out: &mut Human) {
        if self.rows.is_empty() {
            out.line(format!("no usage in the last {} hours", self.hours));
            return;
        }
        let period = |ms: i64| {
            let t = std::time::UNIX_EPOCH + Duration::from_millis(u64::try_from(ms).unwrap_or(0));
            let text = humantime::format_rfc3339_seconds(t).to_string();
            if self.daily {
                text[..10].to_owned()
            } else {
                format!("{}:00Z", &text[..13])
            }
        };
        out.table(
            [
                "PERIOD",
                "PROVIDER",
                "MODEL",
                "REQUESTS",
                "ERRORS",
                "PROMPT TOK",
                "COMPL TOK",
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
                    r.completion_tokens.to_string(),
                    crate::output::usd(r.cost_usd),
                    format!("{:.0}", r.avg_latency_ms),
                    r.avg_ttft_ms
                        .map_or_else(|| "-".into(), |t| format!("{t:.0}")),
                ]
            }),
        );
    }
}
