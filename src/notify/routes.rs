//! Label matchers and ordered routes, as in Alertmanager: `name=value`, `name!=value`,
//! `name=~regex`, `name!~regex` (regexes match the whole value). A route without matchers
//! matches everything, so it serves as the default at the end of the list.

use std::collections::BTreeMap;

use regex::Regex;

/// One label condition, as stored (the regex is compiled on load).
pub use crate::state::notify::Matcher;

impl Matcher {
    /// Parses `name=value`, `name!=value`, `name=~regex` or `name!~regex`.
    pub fn parse(text: &str) -> Result<Self, String> {
        let ops = ["!~", "=~", "!=", "="];
        let (pos, op) = ops
            .iter()
            .filter_map(|op| text.find(op).map(|p| (p, *op)))
            .min_by_key(|(p, op)| (*p, std::cmp::Reverse(op.len())))
            .ok_or_else(|| format!("invalid matcher {text:?}: expected label=value, label!=value, label=~regex or label!~regex"))?;
        let label = text[..pos].trim();
        let value = text[pos + op.len()..].trim().trim_matches('"');
        if label.is_empty() || !label.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(format!(
                "invalid matcher {text:?}: the label name must be letters, digits or '_'"
            ));
        }
        let matcher = Self {
            label: label.to_owned(),
            op: op.to_owned(),
            value: value.to_owned(),
        };
        matcher.compile()?;
        Ok(matcher)
    }

    fn compile(&self) -> Result<Option<Regex>, String> {
        if self.op.contains('~') {
            Regex::new(&format!("^(?:{})$", self.value))
                .map(Some)
                .map_err(|e| {
                    format!(
                        "invalid regex in {}{}{}: {e}",
                        self.label, self.op, self.value
                    )
                })
        } else {
            Ok(None)
        }
    }
}

/// A compiled route.
#[derive(Debug, Clone)]
pub struct Route {
    pub id: i64,
    pub matchers: Vec<(Matcher, Option<Regex>)>,
    pub receiver: String,
    pub continue_matching: bool,
}

impl Route {
    /// Compiles a stored route; a route that no longer compiles never matches.
    pub fn new(id: i64, matchers: Vec<Matcher>, receiver: String, continue_matching: bool) -> Self {
        let matchers = matchers
            .into_iter()
            .map(|m| {
                let re = m.compile().unwrap_or_else(|_| Regex::new("$^").ok());
                (m, re)
            })
            .collect();
        Self {
            id,
            matchers,
            receiver,
            continue_matching,
        }
    }

    fn matches(&self, labels: &BTreeMap<String, String>) -> bool {
        self.matchers.iter().all(|(m, re)| {
            let value = labels.get(&m.label).map_or("", String::as_str);
            match (m.op.as_str(), re) {
                ("=", _) => value == m.value,
                ("!=", _) => value != m.value,
                ("=~", Some(re)) => re.is_match(value),
                ("!~", Some(re)) => !re.is_match(value),
                _ => false,
            }
        })
    }
}

/// The receivers for `labels`: routes in order, stopping at the first match unless that route
/// says continue. Each receiver appears once.
pub fn receivers_for(routes: &[Route], labels: &BTreeMap<String, String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for route in routes {
        if route.matches(labels) {
            if !out.contains(&route.receiver) {
                out.push(route.receiver.clone());
            }
            if !route.continue_matching {
                break;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    fn route(id: i64, matchers: &[&str], receiver: &str, cont: bool) -> Route {
        Route::new(
            id,
            matchers
                .iter()
                .map(|m| Matcher::parse(m).expect("valid"))
                .collect(),
            receiver.into(),
            cont,
        )
    }

    #[test]
    fn parses_matchers() {
        assert_eq!(Matcher::parse("severity=critical").expect("ok").op, "=");
        assert_eq!(Matcher::parse("alertname=~Disk.*").expect("ok").op, "=~");
        assert_eq!(Matcher::parse("env!=dev").expect("ok").op, "!=");
        assert_eq!(Matcher::parse("job!~node|db").expect("ok").value, "node|db");
        assert!(Matcher::parse("nothing").is_err());
        assert!(Matcher::parse("a=~(").is_err());
        assert!(Matcher::parse("=x").is_err());
    }

    #[test]
    fn first_match_wins_unless_continue() {
        let routes = vec![
            route(1, &["severity=critical"], "oncall", true),
            route(2, &["alertname=~Disk.*"], "ops", false),
            route(3, &["severity=warning"], "coo", false),
            route(4, &[], "default", false),
        ];
        assert_eq!(
            receivers_for(
                &routes,
                &labels(&[("severity", "critical"), ("alertname", "DiskFull")])
            ),
            ["oncall", "ops"]
        );
        assert_eq!(
            receivers_for(
                &routes,
                &labels(&[("severity", "critical"), ("alertname", "CPU")])
            ),
            ["oncall", "default"]
        );
        assert_eq!(
            receivers_for(&routes, &labels(&[("severity", "warning")])),
            ["coo"]
        );
        assert_eq!(
            receivers_for(&routes, &labels(&[("severity", "info")])),
            ["default"]
        );
        assert!(receivers_for(&routes[..3], &labels(&[("severity", "info")])).is_empty());
    }
}
