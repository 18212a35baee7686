//! Everything printed on stdout goes through here: data only, never logs. A command returns a
//! [`Report`]; [`emit`] prints it as one JSON document (`--json`, with `schema` and `status`
//! stamped in) or in its human form, and returns the exit code its status stands for.

use std::io::{self, IsTerminal as _, Write as _};

pub mod progress;

use comfy_table::{Table, presets};
use serde::Serialize;

use crate::exit::Status;

/// How a command renders its report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Human,
    Json,
}

/// Schema version stamped into every `--json` document.
pub const JSON_SCHEMA: u32 = 1;

/// What a command found or did: serialized for `--json`, rendered for people.
pub trait Report: Serialize {
    /// Decides the exit code and the `status` of the JSON document.
    fn status(&self) -> Status {
        Status::Ok
    }

    /// The human form.
    fn human(&self, out: &mut Human);

    /// It shows a secret this once: printed even under `-q`, the secret alone on stdout so
    /// `$(…)` captures exactly it (the explanation goes to stderr as a [`Human::note`]).
    fn once(&self) -> bool {
        false
    }

    /// One of a stream (`--follow`): its JSON on one line, so each line is a document.
    fn streamed(&self) -> bool {
        false
    }
}

/// Prints `report` in `mode` and returns its exit code.
pub fn emit<R: Report + ?Sized>(mode: Mode, report: &R) -> io::Result<u8> {
    let status = report.status();
    match mode {
        Mode::Json => json(report, status.text(), report.streamed())?,
        Mode::Human => {
            let mut out = Human::default();
            report.human(&mut out);
            io::stdout().lock().write_all(out.text.as_bytes())?;
            io::stderr().lock().write_all(out.notes.as_bytes())?;
        }
    }
    Ok(status.code())
}

/// Prints `value` as one JSON document (pretty, or on one line when `line`) with `schema` and
/// `status` merged in at the top level (a report's own `status` field, if it has one, is
/// replaced).
pub fn json<T: Serialize + ?Sized>(value: &T, status: &str, line: bool) -> io::Result<()> {
    let mut doc = serde_json::to_value(value).map_err(io::Error::other)?;
    if let serde_json::Value::Object(map) = &mut doc {
        map.insert("schema".into(), JSON_SCHEMA.into());
        map.insert("status".into(), status.into());
    }
    let mut out = io::stdout().lock();
    if line {
        serde_json::to_writer(&mut out, &doc).map_err(io::Error::other)?;
    } else {
        serde_json::to_writer_pretty(&mut out, &doc).map_err(io::Error::other)?;
    }
    writeln!(out)?;
    out.flush()
}

/// Prints `error: MESSAGE` on stderr; under `--json` also a JSON document on stdout, so
/// scripts always get a `status`: `usage` (exit 64), `critical` (2) or `unknown`.
pub fn error(mode: Mode, message: &str, code: u8) {
    let _ = writeln!(io::stderr().lock(), "error: {message}");
    if mode == Mode::Json {
        json_error(message, code);
    }
}

/// The JSON document of an error on stdout (the message itself went to stderr).
pub fn json_error(message: &str, code: u8) {
    #[derive(Serialize)]
    struct ErrorDoc<'a> {
        exit_code: u8,
        error: &'a str,
    }
    let status = match code {
        crate::exit::USAGE => "usage",
        c if c == Status::Critical.code() => "critical",
        _ => "unknown",
    };
    let _ = json(
        &ErrorDoc {
            exit_code: code,
            error: message,
        },
        status,
        false,
    );
}

/// Prints raw bytes (generated completions).
pub fn raw(bytes: &[u8]) -> io::Result<()> {
    io::stdout().lock().write_all(bytes)
}

/// The human form of a report, built up line by line and table by table.
#[derive(Debug, Default)]
pub struct Human {
    text: String,
    notes: String,
}

impl Human {
    /// One line.
    pub fn line(&mut self, line: impl AsRef<str>) {
        self.text.push_str(line.as_ref());
        self.text.push('\n');
    }

    /// One line for the person, on stderr: it stays out of what a script captures.
    pub fn note(&mut self, line: impl AsRef<str>) {
        self.notes.push_str(line.as_ref());
        self.notes.push('\n');
    }

    /// A borderless table, kubectl-style: aligned columns that `grep` and `awk` can use.
    pub fn table<H, R, C>(&mut self, header: H, rows: R)
    where
        H: IntoIterator,
        H::Item: Into<comfy_table::Cell>,
        R: IntoIterator<Item = C>,
        C: IntoIterator,
        C::Item: Into<comfy_table::Cell>,
    {
        let mut table = Table::new();
        table.load_preset(presets::NOTHING);
        table.set_header(header);
        for row in rows {
            table.add_row(row);
        }
        for column in table.column_iter_mut() {
            column.set_padding((0, 2));
        }
        // Keep lines whole when piped; wrap to the terminal only on a TTY.
        if !io::stdout().is_terminal() {
            table.set_content_arrangement(comfy_table::ContentArrangement::Disabled);
        }
        for line in table.to_string().lines() {
            self.line(line.trim_end());
        }
    }
}

/// A report that is one sentence for people and a payload for scripts: what a command
/// changed (`added provider ds-1 …` / `{"provider": {…}}`).
#[derive(Debug, Serialize)]
pub struct Done<T: Serialize> {
    #[serde(skip)]
    message: String,
    #[serde(flatten)]
    payload: T,
}

impl<T: Serialize> Done<T> {
    pub fn new(message: impl Into<String>, payload: T) -> Self {
        Self {
            message: message.into(),
            payload,
        }
    }
}

impl<T: Serialize> Report for Done<T> {
    fn human(&self, out: &mut Human) {
        if !self.message.is_empty() {
            out.line(&self.message);
        }
    }
}

/// The payload of a removal: `{"removed": NAME}`.
#[derive(Debug, Serialize)]
pub struct Removed<T: Serialize> {
    pub removed: T,
}

/// A unix-ms time as `2026-11-26 09:30:00` (UTC), for tables.
pub fn utc(ms: i64) -> String {
    let t =
        std::time::UNIX_EPOCH + std::time::Duration::from_millis(u64::try_from(ms).unwrap_or(0));
    humantime::format_rfc3339_seconds(t)
        .to_string()
        .replace('T', " ")
        .trim_end_matches('Z')
        .to_owned()
}

/// A cost in USD for people: four decimals, or three significant digits below a cent, so a
/// demo's or a cheap model's cost does not print as `0.0000`.
pub fn usd(cost: f64) -> String {
    if cost == 0.0 || cost >= 0.01 || !cost.is_finite() {
        return format!("{cost:.4}");
    }
    // Digits after the point up to the third significant one, at most 12.
    let decimals = (2.0 - cost.abs().log10().floor()).clamp(4.0, 12.0);
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let decimals = decimals as usize;
    format!("{cost:.decimals$}")
}

/// A byte count for people: `1.5 MiB`.
pub fn size(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    #[expect(
        clippy::cast_precision_loss,
        reason = "a size for people, shown with one decimal"
    )]
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn costs_below_a_cent_keep_three_significant_digits() {
        assert_eq!(super::usd(0.0), "0.0000");
        assert_eq!(super::usd(1.5), "1.5000");
        assert_eq!(super::usd(0.005), "0.00500");
        assert_eq!(super::usd(0.000_012_3), "0.0000123");
    }
}
