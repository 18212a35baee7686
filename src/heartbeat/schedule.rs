//! Cron schedules in a time zone: when an agent is due, and how long its period is.

use std::str::FromStr as _;

use chrono::{DateTime, TimeZone as _, Utc};
use chrono_tz::Tz;
use cron::Schedule;

/// A parsed schedule: a 5-field crontab expression in a zone.
#[derive(Debug, Clone)]
pub struct When {
    schedule: Schedule,
    tz: Tz,
}

impl When {
    /// Parses `*/10 * * * *` (5 fields, as in crontab) and an IANA zone.
    pub fn parse(expr: &str, tz: &str) -> Result<Self, String> {
        // crontab's nicknames, as cron users write them.
        let expr = match expr.trim() {
            "@hourly" => "0 * * * *",
            "@daily" | "@midnight" => "0 0 * * *",
            "@weekly" => "0 0 * * 0",
            "@monthly" => "0 0 1 * *",
            "@yearly" | "@annually" => "0 0 1 1 *",
            other => other,
        };
        let fields = expr.split_whitespace().count();
        if fields != 5 {
            return Err(format!(
                "invalid schedule {expr:?}: expected 5 crontab fields (minute hour day month weekday), e.g. \"*/10 * * * *\""
            ));
        }
        let schedule = Schedule::from_str(&format!("0 {expr}"))
            .map_err(|e| format!("invalid schedule {expr:?}: {e}"))?;
        let tz = tz.parse::<Tz>().map_err(|_| {
            format!("unknown time zone {tz:?}: use an IANA name such as Asia/Shanghai or UTC")
        })?;
        Ok(Self { schedule, tz })
    }

    fn at(&self, ms: i64) -> DateTime<Tz> {
        Utc.timestamp_millis_opt(ms)
            .single()
            .unwrap_or_default()
            .with_timezone(&self.tz)
    }

    /// The first slot strictly after `ms`.
    pub fn next_after(&self, ms: i64) -> Option<i64> {
        self.schedule
            .after(&self.at(ms))
            .next()
            .map(|t| t.timestamp_millis())
    }

    /// Whether a slot falls in `(since_ms, now_ms]`: the agent is due. However many slots
    /// were missed, it is due once.
    #[cfg(test)]
    pub fn due(&self, since_ms: i64, now_ms: i64) -> bool {
        self.next_after(since_ms).is_some_and(|slot| slot <= now_ms)
    }

    /// The period around `ms`: the gap between the slot before it and the slot after.
    pub fn period_ms(&self, ms: i64) -> i64 {
        let next = self.next_after(ms).unwrap_or(ms);
        let after = self.next_after(next).unwrap_or(next);
        (after - next).max(60_000)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(rfc3339: &str) -> i64 {
        DateTime::parse_from_rfc3339(rfc3339)
            .expect("time")
            .timestamp_millis()
    }

    #[test]
    fn due_by_schedule_and_zone() {
        // 09:00 Asia/Shanghai is 01:00 UTC.
        let shanghai = When::parse("0 9 * * *", "Asia/Shanghai").expect("valid");
        assert!(!shanghai.due(ms("2026-11-26T00:00:00Z"), ms("2026-11-26T00:59:59Z")));
        assert!(shanghai.due(ms("2026-11-26T00:00:00Z"), ms("2026-11-26T01:00:00Z")));
        let utc = When::parse("0 9 * * *", "UTC").expect("valid");
        assert!(!utc.due(ms("2026-11-26T00:00:00Z"), ms("2026-11-26T01:00:00Z")));
        assert!(utc.due(ms("2026-11-26T00:00:00Z"), ms("2026-11-26T09:00:00Z")));
        let every10 = When::parse("*/10 * * * *", "Asia/Shanghai").expect("valid");
        assert_eq!(every10.period_ms(ms("2026-11-26T00:03:00Z")), 600_000);
        assert_eq!(
            every10.next_after(ms("2026-11-26T00:03:00Z")),
            Some(ms("2026-11-26T00:10:00Z"))
        );
    }

    #[test]
    fn refuses_bad_expressions_and_zones() {
        assert!(When::parse("*/10 * * *", "UTC").is_err());
        assert!(When::parse("61 * * * *", "UTC").is_err());
        assert!(When::parse("* * * * *", "Mars/Olympus").is_err());
    }
}
