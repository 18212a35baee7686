//! A status badge in the flat style READMEs and wikis embed: the name on the left, the worst
//! state of the agents it covers on the right.

/// The word and colour of the worst of `states` (stored state words).
fn verdict(states: &[&str]) -> (&'static str, &'static str) {
    let rank = |s: &str| match s {
        "critical" => 4,
        "unknown" => 3,
        "warning" => 2,
        "ok" => 1,
        _ => 0,
    };
    match states.iter().map(|s| rank(s)).max().unwrap_or(0) {
        4 => ("down", "#e05d44"),
        3 => ("unknown", "#9f9f9f"),
        2 => ("warning", "#dfb317"),
        1 => ("up", "#4c1"),
        _ => ("new", "#9f9f9f"),
    }
}

/// Text as XML character data.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

/// The badge of `label` over `states`.
pub fn svg(label: &str, states: &[&str]) -> String {
    let (word, colour) = verdict(states);
    // About 7 px a character in 11 px Verdana, plus padding.
    let width = |t: &str| t.chars().count() * 7 + 10;
    let (left, right) = (width(label), width(word));
    let total = left + right;
    let label = escape(label);
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{total}" height="20" role="img" aria-label="{label}: {word}"><title>{label}: {word}</title><rect width="{left}" height="20" fill="#555"/><rect x="{left}" width="{right}" height="20" fill="{colour}"/><g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11"><text x="{lx}" y="14">{label}</text><text x="{rx}" y="14">{word}</text></g></svg>"##,
        lx = left / 2,
        rx = left + right / 2,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_worst_state_wins_and_names_are_escaped() {
        assert!(svg("a", &["ok", "critical"]).contains(">down<"));
        assert!(svg("a", &["ok"]).contains(">up<"));
        assert!(svg("a", &[]).contains(">new<"));
        let s = svg("<x&y>", &["ok"]);
        assert!(s.contains("&lt;x&amp;y&gt;") && !s.contains("<x&"), "{s}");
    }
}
