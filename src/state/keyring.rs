//! The master key check value: one sealed constant per DB, so a wrong key is refused before
//! anything is read or written with it.

use rusqlite::{OptionalExtension as _, params};

use super::{Error, Tx, now_ms};

/// The stored check value, if the DB has one yet.
pub fn check(tx: &Tx<'_>) -> Result<Option<Vec<u8>>, Error> {
    Ok(tx
        .0
        .query_row("SELECT check_sealed FROM keyring WHERE id = 1", [], |row| {
            row.get(0)
        })
        .optional()?)
}

/// Verifies the key against the stored check value (`matches`), or stores a new check value
/// (`make`) when the DB has none yet. A mismatch is `Error::WrongKey`.
pub fn ensure(
    tx: &Tx<'_>,
    matches: impl FnOnce(&[u8]) -> bool,
    make: impl FnOnce() -> Vec<u8>,
) -> Result<(), Error> {
    match check(tx)? {
        Some(stored) if matches(&stored) => Ok(()),
        Some(_) => Err(Error::WrongKey),
        None => replace(tx, &make()),
    }
}

/// Replaces the check value (master key rotation, inside the same transaction as the secrets).
pub fn replace(tx: &Tx<'_>, check: &[u8]) -> Result<(), Error> {
    tx.0.execute(
        "INSERT INTO keyring (id, check_sealed, created_at_ms) VALUES (1, ?1, ?2)
         ON CONFLICT (id) DO UPDATE SET check_sealed = excluded.check_sealed,
                                        created_at_ms = excluded.created_at_ms",
        params![check, now_ms()],
    )?;
    Ok(())
}
