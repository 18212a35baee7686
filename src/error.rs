//! The one error of the commands that manage stored things (providers, hosts, agents, backup
//! jobs, receivers): bad input, the state DB, the master key, or the outside world. Servers
//! have their own in `server`.

use crate::exit::{Coded, Status, USAGE};
use crate::{crypto, state};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad input: exit code 64.
    #[error("{0}")]
    Invalid(String),
    #[error(transparent)]
    State(#[from] state::Error),
    #[error(transparent)]
    Crypto(#[from] crypto::Error),
    /// A file or stream outside the state DB could not be used.
    #[error("{context}: {source}")]
    Io {
        context: String,
        source: std::io::Error,
    },
    /// A safe default said no (a removal without confirmation, a listener beyond loopback
    /// without credentials): exit code 2, as the README's "refused".
    #[error("{0}")]
    Refused(String),
    /// Something outside could not be reached (a bot, a command): could not find out.
    #[error("{0}")]
    Unavailable(String),
    #[error(
        "no master key configured: run `bizwings init` to create {}, or set BIZWINGS_MASTER_KEY_FILE / BIZWINGS_MASTER_KEY",
        default_file.display()
    )]
    NoMasterKey { default_file: std::path::PathBuf },
}

/// Shorthand for [`Error::Invalid`].
pub fn invalid(message: impl Into<String>) -> Error {
    Error::Invalid(message.into())
}

impl Coded for Error {
    fn exit_code(&self) -> u8 {
        match self {
            Self::Invalid(_) => USAGE,
            Self::State(e) => e.exit_code(),
            Self::Crypto(e) => e.exit_code(),
            Self::NoMasterKey { .. } | Self::Refused(_) => Status::Critical.code(),
            Self::Io { .. } | Self::Unavailable(_) => Status::Unknown.code(),
        }
    }
}
