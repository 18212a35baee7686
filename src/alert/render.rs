//! An alert as a notification message: the facts an on-call person needs (in markdown, every
//! label and annotation escaped), times in the configured zone, a link to the source. How it
//! looks in a Feishu card or a webhook is decided when it is sent (`notify`).

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::alertmanager::Alert;
use crate::notify::{self, Link, Message, escape_markdown as plain};

/// Longest description kept, so a card stays well under Feishu's 20 KB.
const MAX_DESCRIPTION: usize = 4000;

/// Rendering settings of the bridge.
#[derive(Debug, Clone)]
pub struct Style {
    pub tz: Tz,
    /// A dashboard to link when the alert has no generator URL.
    pub dashboard_url: Option<String>,
    pub footer: String,
}

impl Style {
    /// Checks the zone name (an IANA name such as Asia/Shanghai or UTC).
    pub fn new(
        time_zone: &str,
        dashboard_url: Option<String>,
        footer: String,
    ) -> Result<Self, crate::error::Error> {
        let tz = time_zone.parse::<Tz>().map_err(|_| {
            crate::error::invalid(format!(
                "unknown time zone {time_zone:?}: use an IANA name such as Asia/Shanghai or UTC"
            ))
        })?;
        Ok(Self {
            tz,
            dashboard_url,
            footer,
        })
    }
}

/// `2026-11-26 17:00:00 CST` in the style's zone; the raw text when it is not RFC 3339.
fn local_time(text: &str, tz: Tz) -> String {
    DateTime::parse_from_rfc3339(text).map_or_else(
        |_| text.to_owned(),
        |t| {
            t.with_timezone(&tz)
                .format("%Y-%m-%d %H:%M:%S %Z")
                .to_string()
        },
    )
}

/// The message for `alert`.
pub fn message(alert: &Alert, style: &Style) -> Message {
    let resolved = alert.resolved();
    let severity = alert.severity();
    let summary = alert
        .annotations
        .get("summary")
        .cloned()
        .unwrap_or_else(|| alert.name().to_owned());
    let tag = if resolved {
        "RESOLVED".to_owned()
    } else {
        severity.to_uppercase()
    };
    let mut md = vec![
        format!("**Alert:** {}", plain(alert.name())),
        format!(
            "**Status:** {}",
            if resolved { "resolved" } else { "firing" }
        ),
        format!("**Severity:** {}", plain(severity)),
    ];
    if let Some(instance) = alert.labels.get("instance") {
        md.push(format!("**Instance:** {}", plain(instance)));
    }
    let description = alert
        .annotations
        .get("description")
        .or_else(|| alert.annotations.get("message"))
        .map_or("", String::as_str);
    if !description.is_empty() {
        md.push(format!(
            "**Description:** {}",
            plain(&notify::feishu::truncate(description, MAX_DESCRIPTION))
        ));
    }
    if !alert.starts_at.is_empty() {
        md.push(format!(
            "**Started:** {}",
            local_time(&alert.starts_at, style.tz)
        ));
    }
    if resolved && !alert.ends_at.is_empty() && !alert.ends_at.starts_with("0001") {
        md.push(format!(
            "**Ended:** {}",
            local_time(&alert.ends_at, style.tz)
        ));
    }
    let link = if alert.generator_url.is_empty() {
        style
            .dashboard_url
            .as_deref()
            .map(|u| ("Open dashboard", u))
    } else {
        Some(("Open in Prometheus", alert.generator_url.as_str()))
    };
    Message {
        source: "alert".into(),
        title: format!("[{tag}] {summary}"),
        severity: severity.to_owned(),
        body: md.join("\n"),
        labels: alert.labels.clone(),
        resolved,
        links: link
            .map(|(text, url)| Link {
                text: text.into(),
                url: url.into(),
            })
            .into_iter()
            .collect(),
        footer: format!(
            "{} · {}",
            style.footer,
            Utc::now()
                .with_timezone(&style.tz)
                .format("%Y-%m-%d %H:%M:%S %Z")
        ),
        id: notify::message_id("alert", &alert.labels, resolved),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alert(status: &str, severity: &str) -> Alert {
        serde_json::from_value(serde_json::json!({
            "status": status,
            "labels": {"alertname": "DiskFull", "severity": severity, "instance": "db_1"},
            "annotations": {"summary": "disk 95% on db-1", "description": "free space below 5%"},
            "startsAt": "2026-11-26T09:00:00Z", "endsAt": "2026-11-26T09:30:00Z",
            "generatorURL": "http://prom:9090/graph"
        }))
        .expect("alert")
    }

    fn style() -> Style {
        Style {
            tz: chrono_tz::Asia::Shanghai,
            dashboard_url: None,
            footer: "bizwings".into(),
        }
    }

    fn card(alert: &Alert, style: &Style, mentions: &[String]) -> (String, serde_json::Value) {
        let m = message(alert, style);
        (m.title.clone(), notify::feishu::render(&m, mentions))
    }

    #[test]
    fn firing_critical_is_red_with_local_time() {
        let (title, card) = card(&alert("firing", "critical"), &style(), &["ou_1".into()]);
        assert_eq!(title, "[CRITICAL] disk 95% on db-1");
        assert_eq!(card["header"]["template"], "red");
        let md = card["elements"][0]["text"]["content"].as_str().expect("md");
        assert!(md.contains("**Started:** 2026-11-26 17:00:00 CST"), "{md}");
        assert!(md.contains("**Instance:** db\\_1"));
        assert!(md.contains("<at id=ou_1></at>"));
        assert_eq!(
            card["elements"][1]["actions"][0]["url"],
            "http://prom:9090/graph"
        );
    }

    #[test]
    fn warning_is_orange_and_resolved_is_green() {
        assert_eq!(
            card(&alert("firing", "warning"), &style(), &[]).1["header"]["template"],
            "orange"
        );
        let (title, resolved) = card(&alert("resolved", "critical"), &style(), &["ou_1".into()]);
        assert_eq!(title, "[RESOLVED] disk 95% on db-1");
        assert_eq!(resolved["header"]["template"], "green");
        let md = resolved["elements"][0]["text"]["content"]
            .as_str()
            .expect("md");
        assert!(md.contains("**Ended:** 2026-11-26 17:30:00 CST") && !md.contains("<at"));
    }

    #[test]
    fn long_descriptions_keep_the_card_under_the_limit() {
        let mut a = alert("firing", "critical");
        a.annotations
            .insert("description".into(), "x".repeat(100_000));
        let body =
            crate::notify::feishu::body(&card(&a, &style(), &[]).1, Some("s"), 1).to_string();
        assert!(
            body.len() < crate::notify::feishu::MAX_BODY_BYTES,
            "{}",
            body.len()
        );
    }
}
