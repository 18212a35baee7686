//! What `provider` commands report: tables and lines for people, the same data for `--json`.

use std::path::PathBuf;

use serde::Serialize;

use super::{ImportReport, MasterRotationReport, ProviderView};
use crate::output::{Human, Report};

/// One provider after a change: `added provider ds-1 (id 3, primary, 40 rpm, enabled, key …)`.
#[derive(Debug, Serialize)]
pub struct Changed {
    #[serde(skip)]
    pub verb: &'static str,
    pub provider: ProviderView,
}

impl Report for Changed {
    fn human(&self, out: &mut Human) {
        let p = &self.provider;
        out.line(format!(
            "{} provider {} (id {}, {}, {} rpm, {}, key {})",
            self.verb,
            p.name,
            p.id,
            p.pool,
            p.rpm,
            if p.enabled { "enabled" } else { "disabled" },
            p.key
        ));
        // A new key or a re-enable does not end a cooldown: say so, and how.
        if let Some(until) = p.cooldown_until_ms.filter(|u| *u > crate::state::now_ms()) {
            out.note(format!(
                "it is still cooling down until {} UTC (after rate limits or failures); `bizwings provider cooldown clear {}` ends that now",
                crate::output::utc(until),
                p.name
            ));
        }
    }
}

/// `provider list`.
#[derive(Debug, Serialize)]
pub struct List {
    pub providers: Vec<ProviderView>,
}

impl Report for List {
    fn human(&self, out: &mut Human) {
        if self.providers.is_empty() {
            out.line("no providers yet: add one with `bizwings provider add`");
            return;
        }
        out.table(
            [
                "NAME", "LABEL", "POOL", "STATUS", "HEALTH", "ENABLED", "RPM", "DIALECTS",
                "MODELS", "KEY",
            ],
            self.providers.iter().map(|p| {
                [
                    p.name.clone(),
                    if p.label.is_empty() {
                        "-".into()
                    } else {
                        p.label.clone()
                    },
                    p.pool.to_string(),
                    p.status.clone(),
                    p.health.clone().unwrap_or_else(|| "-".into()),
                    if p.enabled { "yes" } else { "no" }.into(),
                    p.rpm.to_string(),
                    p.dialects.list(),
                    models_cell(p),
                    p.key.clone(),
                ]
            }),
        );
    }
}

/// `chat, messages at https://…/anthropic`.
fn dialects_line(view: &ProviderView) -> String {
    let d = &view.dialects;
    let at = |url: &str| {
        if url.is_empty() {
            String::new()
        } else {
            format!(" at {url}")
        }
    };
    let mut parts = Vec::new();
    if d.chat {
        parts.push("chat".to_owned());
    }
    if let Some(url) = &d.responses {
        parts.push(format!("responses{}", at(url)));
    }
    if let Some(url) = &d.messages {
        parts.push(format!("messages{}", at(url)));
    }
    parts.join(", ")
}

/// A cache price, or what is charged without one.
fn price_or_input(price: Option<f64>) -> String {
    price.map_or_else(|| "= IN".to_owned(), |p| p.to_string())
}

fn models_cell(view: &ProviderView) -> String {
    if view.models.is_empty() {
        return "-".into();
    }
    view.models
        .iter()
        .map(|m| {
            if m.native_id == m.canonical {
                m.canonical.clone()
            } else {
                format!("{}={}", m.canonical, m.native_id)
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// `provider show`.
#[derive(Debug, Serialize)]
pub struct Show {
    pub provider: ProviderView,
}

impl Report for Show {
    fn human(&self, out: &mut Human) {
        let view = &self.provider;
        let status = if view.status_detail.is_empty() {
            view.status.clone()
        } else {
            format!("{} ({})", view.status, view.status_detail)
        };
        for line in [
            format!("name:     {}", view.name),
            format!("id:       {}", view.id),
            format!("label:    {}", view.label),
            format!("url:      {}", view.base_url),
            format!("dialects: {}", dialects_line(view)),
            format!("pool:     {}", view.pool),
            format!("enabled:  {}", if view.enabled { "yes" } else { "no" }),
            format!("status:   {status}"),
            format!("rpm:      {}", view.rpm),
            format!(
                "tpm:      {}",
                if view.tpm == 0 {
                    "no limit".to_owned()
                } else {
                    view.tpm.to_string()
                }
            ),
            format!(
                "in flight: {}",
                if view.max_concurrency == 0 {
                    "no cap".to_owned()
                } else {
                    format!("at most {}", view.max_concurrency)
                }
            ),
            format!("timeout:  {}s", view.timeout_secs),
            format!("key:      {}", view.key),
            format!("source:   {}", view.source),
        ] {
            out.line(line);
        }
        if view.models.is_empty() {
            out.line("models:   none (map one with `bizwings provider map`)");
            return;
        }
        out.line("");
        out.line("models (USD per 1M tokens; a cache price of \"= IN\" is not set: cached tokens are charged the input price):");
        out.table(
            [
                "CANONICAL",
                "NATIVE",
                "IN",
                "OUT",
                "CACHE READ",
                "CACHE WRITE",
                "CONTEXT",
                "MAX TOKENS",
            ],
            view.models.iter().map(|m| {
                let opt = |v: Option<u32>| v.map_or_else(|| "-".to_owned(), |v| v.to_string());
                [
                    m.canonical.clone(),
                    m.native_id.clone(),
                    m.input_usd_per_mtok.to_string(),
                    m.output_usd_per_mtok.to_string(),
                    price_or_input(m.cache_read_usd_per_mtok),
                    price_or_input(m.cache_write_usd_per_mtok),
                    opt(m.context_window),
                    opt(m.max_tokens),
                ]
            }),
        );
    }
}

/// `provider rm`.
#[derive(Debug, Serialize)]
pub struct Removed {
    pub removed: Vec<RemovedProvider>,
}

#[derive(Debug, Serialize)]
pub struct RemovedProvider {
    pub id: i64,
    pub name: String,
}

impl Report for Removed {
    fn human(&self, out: &mut Human) {
        for p in &self.removed {
            out.line(format!("removed provider {} (id {})", p.name, p.id));
        }
    }
}

impl Report for MasterRotationReport {
    fn human(&self, out: &mut Human) {
        out.line(format!(
            "re-encrypted {} secret(s): master key {} -> {}",
            self.secrets_reencrypted, self.old_key_fingerprint, self.new_key_fingerprint
        ));
        out.line(format!(
            "backup of the DB before rotation: {}",
            self.backup_path.display()
        ));
        out.line(format!(
            "new key file: {}{}",
            self.new_key_file.display(),
            if self.new_key_file_created {
                " (created)"
            } else {
                ""
            }
        ));
        out.line(
            "the old key no longer opens this DB: point BIZWINGS_MASTER_KEY_FILE at the new file now",
        );
    }
}

/// `provider import`.
#[derive(Debug, Serialize)]
pub struct Imported {
    #[serde(skip)]
    pub from: PathBuf,
    pub import: ImportReport,
}

impl Report for Imported {
    fn human(&self, out: &mut Human) {
        let report = &self.import;
        out.line(format!(
            "imported {} provider(s) and {} usage row(s) from {}",
            report.imported.len(),
            report.usage_rows,
            self.from.display()
        ));
        for name in &report.imported {
            out.line(format!("  + {name}"));
        }
        for (name, why) in &report.skipped {
            out.line(format!("  - {name}: {why}"));
        }
    }
}
