//! Everything printed on stdout goes through here: data only, never logs. Human mode prints
//! tables and lines; `--json` prints exactly one JSON document per run.

use std::io::{self, IsTerminal as _, Write as _};

pub mod progress;

use comfy_table::{Table, presets};
use serde::Serialize;

/// How a command renders its report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Human,
    Json,
}

/// Schema version stamped into every `--json` document.
pub const JSON_SCHEMA: u32 = 1;

/// Prints `value` as one pretty JSON document with `"schema": 1` merged in at the top.
pub fn json<T: Serialize>(value: &T) -> io::Result<()> {
    let mut doc = serde_json::to_value(value).map_err(io::Error::other)?;
    if let serde_json::Value::Object(map) = &mut doc {
        map.insert("schema".into(), JSON_SCHEMA.into());
    }
    let mut out = io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, &doc).map_err(io::Error::other)?;
    writeln!(out)
}

/// Prints lines of text.
pub fn lines<I: IntoIterator<Item = S>, S: AsRef<str>>(lines: I) -> io::Result<()> {
    let mut out = io::stdout().lock();
    for line in lines {
        writeln!(out, "{}", line.as_ref())?;
    }
    Ok(())
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

/// Prints raw bytes (generated completions).
pub fn raw(bytes: &[u8]) -> io::Result<()> {
    io::stdout().lock().write_all(bytes)
}

/// Prints a borderless table, kubectl-style: aligned columns that `grep` and `awk` can use.
pub fn table<H, R, C>(header: H, rows: R) -> io::Result<()>
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
    let text = table.to_string();
    lines(text.lines().map(str::trim_end))
}
