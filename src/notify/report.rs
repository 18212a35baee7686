//! What the receiver, route, history, outbox and test commands report.

use serde::Serialize;

use super::{ReceiverView, RouteView};
use crate::exit::Status;
use crate::output::{Human, Report, utc};
use crate::state::notify::{AlertRecord, OutboxRow};

/// `alert receiver add`.
#[derive(Debug, Serialize)]
pub struct ReceiverAdded {
    pub receiver: ReceiverView,
}

impl Report for ReceiverAdded {
    fn human(&self, out: &mut Human) {
        let r = &self.receiver;
        out.line(format!(
            "added receiver {} ({} {}{})",
            r.name,
            r.kind,
            r.target,
            if r.signed { ", signed" } else { "" }
        ));
    }
}

/// `alert receiver list`.
#[derive(Debug, Serialize)]
pub struct Receivers {
    pub receivers: Vec<ReceiverView>,
}

impl Report for Receivers {
    fn human(&self, out: &mut Human) {
        if self.receivers.is_empty() {
            out.line("no receivers yet: add one with `bizwings alert receiver add`");
            return;
        }
        out.table(
            ["NAME", "KIND", "TARGET", "SIGNED", "MENTIONS"],
            self.receivers.iter().map(|r| {
                [
                    r.name.clone(),
                    r.kind.clone(),
                    r.target.clone(),
                    if r.signed { "yes" } else { "no" }.into(),
                    r.mentions.join(","),
                ]
            }),
        );
    }
}

fn matchers_text(matchers: &[String], none: &str) -> String {
    if matchers.is_empty() {
        none.into()
    } else {
        matchers.join(", ")
    }
}

/// `alert route add`.
#[derive(Debug, Serialize)]
pub struct RouteAdded {
    pub route: RouteView,
}

impl Report for RouteAdded {
    fn human(&self, out: &mut Human) {
        let r = &self.route;
        out.line(format!(
            "added route #{}: {} -> {}",
            r.id,
            matchers_text(&r.matchers, "everything"),
            r.receiver
        ));
    }
}

/// `alert route list`.
#[derive(Debug, Serialize)]
pub struct Routes {
    pub routes: Vec<RouteView>,
}

impl Report for Routes {
    fn human(&self, out: &mut Human) {
        if self.routes.is_empty() {
            out.line("no routes yet: add one with `bizwings alert route add`");
            return;
        }
        out.table(
            ["ID", "MATCH", "RECEIVER", "CONTINUE"],
            self.routes.iter().map(|r| {
                [
                    r.id.to_string(),
                    matchers_text(&r.matchers, "(everything)"),
                    r.receiver.clone(),
                    if r.continue_matching { "yes" } else { "no" }.into(),
                ]
            }),
        );
    }
}

/// `alert history`.
#[derive(Debug, Serialize)]
pub struct History {
    pub alerts: Vec<AlertRecord>,
}

impl Report for History {
    fn human(&self, out: &mut Human) {
        if self.alerts.is_empty() {
            out.line("no alerts received in that time");
            return;
        }
        out.table(
            ["RECEIVED (UTC)", "ALERT", "STATUS", "SEVERITY", "RECEIVERS"],
            self.alerts.iter().map(|a| {
                [
                    utc(a.received_at_ms),
                    a.alertname.clone(),
                    a.status.clone(),
                    a.severity.clone(),
                    if a.receivers.is_empty() {
                        "(no route)".into()
                    } else {
                        a.receivers.join(",")
                    },
                ]
            }),
        );
    }
}

/// `alert outbox`.
#[derive(Debug, Serialize)]
pub struct Outbox {
    pub messages: Vec<OutboxRow>,
}

impl Report for Outbox {
    fn human(&self, out: &mut Human) {
        if self.messages.is_empty() {
            out.line("outbox is empty: everything was delivered");
            return;
        }
        out.table(
            [
                "ID",
                "CREATED (UTC)",
                "RECEIVER",
                "STATE",
                "TRIES",
                "TITLE",
                "LAST ERROR",
            ],
            self.messages.iter().map(|m| {
                [
                    m.id.to_string(),
                    utc(m.created_at_ms),
                    if m.receiver.is_empty() {
                        "(none)".to_owned()
                    } else {
                        m.receiver.clone()
                    },
                    m.state.clone(),
                    m.attempts.to_string(),
                    m.title.clone(),
                    m.last_error.clone(),
                ]
            }),
        );
    }
}

/// `alert test`: whether the sample reached the receiver.
#[derive(Debug, Serialize)]
pub struct Sent {
    pub receiver: String,
    pub detail: String,
    #[serde(skip)]
    pub delivered: bool,
}

impl Report for Sent {
    fn status(&self) -> Status {
        if self.delivered {
            Status::Ok
        } else {
            Status::Critical
        }
    }

    fn human(&self, out: &mut Human) {
        out.line(format!("test card to {}: {}", self.receiver, self.detail));
    }
}
