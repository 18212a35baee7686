//! Check outcomes and the exit codes they map to. Exit codes are API (cron, Nagios, runbooks):
//! change them only with a CHANGELOG entry.

use serde::Serialize;

/// EX_USAGE: the command line was wrong.
pub const USAGE: u8 = 64;

/// Outcome of a check or command, Nagios-style.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
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
}

#[cfg(test)]
mod tests {
    use super::Status::{Critical, Ok, Unknown, Warning};

    #[test]
    fn worst_ranks_critical_above_unknown() {
        assert_eq!(Ok.worst(Warning), Warning);
        assert_eq!(Warning.worst(Unknown), Unknown);
        assert_eq!(Unknown.worst(Critical), Critical);
        assert_eq!(Critical.worst(Unknown), Critical);
        assert_eq!(Critical.code(), 2);
        assert_eq!(Unknown.code(), 3);
    }
}
