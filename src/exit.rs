//! Check outcomes and the exit codes they map to. Exit codes are API (cron, Nagios, runbooks):
//! change them only with a CHANGELOG entry.

use serde::{Deserialize, Serialize};

/// EX_USAGE: the command line or its input was wrong.
pub const USAGE: u8 = 64;

/// Outcome of a check or command, Nagios-style. Its text, Nagios word and exit code live
/// here and nowhere else.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    #[default]
    Ok,
    Warning,
    Critical,
    Unknown,
}

impl Status {
    /// The process exit code: 0 ok, 1 warning, 2 critical, 3 unknown.
    pub fn code(self) -> u8 {
        match self {
            Self::Ok => 0,
            Self::Warning => 1,
            Self::Critical => 2,
            Self::Unknown => 3,
        }
    }

    /// Lower-case word, as in `--json` (`"status": "warning"`) and the state tables.
    pub fn text(self) -> &'static str {
        match self {
            Self::Ok => "ok",
            Self::Warning => "warning",
            Self::Critical => "critical",
            Self::Unknown => "unknown",
        }
    }

    /// The Nagios plugin word.
    pub fn nagios(self) -> &'static str {
        match self {
            Self::Ok => "OK",
            Self::Warning => "WARNING",
            Self::Critical => "CRITICAL",
            Self::Unknown => "UNKNOWN",
        }
    }

    /// Parses [`Status::text`]; anything else is `None`.
    pub fn parse(text: &str) -> Option<Self> {
        [Self::Ok, Self::Warning, Self::Critical, Self::Unknown]
            .into_iter()
            .find(|s| s.text() == text)
    }

    /// The more severe of two: Critical > Unknown > Warning > Ok. Written by hand because the
    /// exit codes rank Unknown (3) above Critical (2).
    #[must_use]
    pub fn worst(self, other: Self) -> Self {
        fn rank(s: Status) -> u8 {
            match s {
                Status::Ok => 0,
                Status::Warning => 1,
                Status::Unknown => 2,
                Status::Critical => 3,
            }
        }
        if rank(other) > rank(self) {
            other
        } else {
            self
        }
    }

    /// The worst of many; `Ok` for none.
    pub fn worst_of(all: impl IntoIterator<Item = Self>) -> Self {
        all.into_iter().fold(Self::Ok, Self::worst)
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.text())
    }
}

/// An error that says which exit code it stands for, next to its definition, so the command
/// line needs no table of error types.
pub trait Coded {
    fn exit_code(&self) -> u8;
}

/// I/O outside the state DB (stdout, stdin, files named on the command line): could not do it.
impl Coded for std::io::Error {
    fn exit_code(&self) -> u8 {
        Status::Unknown.code()
    }
}

#[cfg(test)]
mod tests {
    use super::Status::{self, Critical, Ok, Unknown, Warning};

    #[test]
    fn worst_ranks_critical_above_unknown() {
        assert_eq!(Ok.worst(Warning), Warning);
        assert_eq!(Warning.worst(Unknown), Unknown);
        assert_eq!(Unknown.worst(Critical), Critical);
        assert_eq!(Critical.worst(Unknown), Critical);
        assert_eq!(Status::worst_of([Ok, Unknown, Warning]), Unknown);
        assert_eq!(Critical.code(), 2);
        assert_eq!(Unknown.code(), 3);
    }

    #[test]
    fn words_round_trip() {
        for s in [Ok, Warning, Critical, Unknown] {
            assert_eq!(Status::parse(s.text()), Some(s));
        }
        assert_eq!(Warning.nagios(), "WARNING");
    }
}
