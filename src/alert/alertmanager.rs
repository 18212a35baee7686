//! Alertmanager's webhook payload (version 4), validated so that a bad request is refused
//! with a message that names the problem, before anything is stored.

use std::collections::BTreeMap;

use serde::Deserialize;

/// The webhook body.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Payload {
    pub version: String,
    pub alerts: Vec<Alert>,
}

/// One alert of a group.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Alert {
    pub status: String,
    pub labels: BTreeMap<String, String>,
    #[serde(default)]
    pub annotations: BTreeMap<String, String>,
    #[serde(default)]
    pub starts_at: String,
    #[serde(default)]
    pub ends_at: String,
    #[serde(default, rename = "generatorURL")]
    pub generator_url: String,
    #[serde(default)]
    pub fingerprint: String,
}

impl Alert {
    pub fn name(&self) -> &str {
        self.labels.get("alertname").map_or("", String::as_str)
    }

    pub fn severity(&self) -> &str {
        self.labels.get("severity").map_or("info", String::as_str)
    }

    pub fn resolved(&self) -> bool {
        self.status == "resolved"
    }
}

/// Parses and validates a webhook body.
pub fn parse(body: &[u8]) -> Result<Payload, String> {
    let payload: Payload = serde_json::from_slice(body)
        .map_err(|e| format!("body is not an Alertmanager webhook payload: {e}"))?;
    if payload.version != "4" {
        return Err(format!(
            "unsupported webhook payload version {:?}: this bridge speaks version \"4\"",
            payload.version
        ));
    }
    if payload.alerts.is_empty() {
        return Err("the payload has no alerts".into());
    }
    for (i, alert) in payload.alerts.iter().enumerate() {
        if alert.name().is_empty() {
            return Err(format!("alerts[{i}] has no \"alertname\" label"));
        }
        if alert.status != "firing" && alert.status != "resolved" {
            return Err(format!(
                "alerts[{i}].status is {:?}: expected \"firing\" or \"resolved\"",
                alert.status
            ));
        }
    }
    Ok(payload)
}

#[cfg(test)]
mod tests {
    use super::parse;

    const OK: &str = r#"{"version":"4","groupKey":"{}:{alertname=\"X\"}","status":"firing","receiver":"bizwings",
        "groupLabels":{},"commonLabels":{},"commonAnnotations":{},"externalURL":"http://am:9093",
        "alerts":[{"status":"firing","labels":{"alertname":"DiskFull","severity":"critical","instance":"db-1"},
        "annotations":{"summary":"disk 95%"},"startsAt":"2026-11-26T09:00:00Z","endsAt":"0001-01-01T00:00:00Z",
        "generatorURL":"http://prom/graph","fingerprint":"abc"}]}"#;

    #[test]
    fn accepts_version_4() {
        let p = parse(OK.as_bytes()).expect("valid");
        assert_eq!(p.alerts[0].name(), "DiskFull");
        assert_eq!(p.alerts[0].severity(), "critical");
        assert_eq!(p.alerts[0].generator_url, "http://prom/graph");
    }

    #[test]
    fn names_what_is_wrong() {
        assert!(
            parse(b"nope")
                .expect_err("bad")
                .contains("not an Alertmanager")
        );
        assert!(
            parse(OK.replace("\"4\"", "\"3\"").as_bytes())
                .expect_err("bad")
                .contains("version")
        );
        assert!(
            parse(OK.replace("alertname", "name").as_bytes())
                .expect_err("bad")
                .contains("alertname")
        );
        assert!(
            parse(br#"{"version":"4","alerts":[]}"#)
                .expect_err("bad")
                .contains("no alerts")
        );
        assert!(
            parse(OK.replace("\"labels\":{", "\"labelz\":{").as_bytes())
                .expect_err("bad")
                .contains("labels")
        );
    }
}
