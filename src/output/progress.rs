//! Progress bars on stderr, only for a person watching: stderr is a terminal, output is for
//! humans, and `-q` was not given. Everywhere else (cron mail, pipes) they are hidden.

use std::io::IsTerminal as _;

use indicatif::{ProgressBar, ProgressStyle};

/// A spinner that counts bytes, or a hidden bar when nobody is watching.
pub fn bytes(enabled: bool, label: &str) -> ProgressBar {
    if !enabled || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new_spinner();
    if let Ok(style) =
        ProgressStyle::with_template("{spinner} {msg}: {bytes} ({bytes_per_sec}, {elapsed})")
    {
        bar.set_style(style);
    }
    bar.set_message(label.to_owned());
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    bar
}
