//! Every sealed column of every table, seen generically, for master key rotation. A table that
//! stores a secret registers its column in `SEALED_COLUMNS`, or rotation would strand it.

use rusqlite::params;

use super::{Error, Tx};

/// `(table, id column, sealed column)` of every secret stored in the DB.
const SEALED_COLUMNS: &[(&str, &str, &str)] = &[
    ("providers", "id", "api_key_sealed"),
    ("backup_jobs", "id", "mysql_password_sealed"),
    ("notify_receivers", "id", "url_sealed"),
    ("notify_receivers", "id", "secret_sealed"),
    ("inspect_hosts", "id", "password_sealed"),
];

/// One stored secret: where it lives and its ciphertext.
#[derive(Debug)]
pub struct SealedCell {
    pub table: &'static str,
    pub column: &'static str,
    pub id: i64,
    pub sealed: Vec<u8>,
}

/// All sealed values in the DB.
pub fn all(tx: &Tx<'_>) -> Result<Vec<SealedCell>, Error> {
    let mut cells = Vec::new();
    for &(table, id_column, column) in SEALED_COLUMNS {
        let mut stmt = tx.0.prepare(&format!(
            "SELECT {id_column}, {column} FROM {table} WHERE {column} IS NOT NULL ORDER BY {id_column}"
        ))?;
        let rows = stmt.query_map([], |row| {
            Ok(SealedCell {
                table,
                column,
                id: row.get(0)?,
                sealed: row.get(1)?,
            })
        })?;
        for row in rows {
            cells.push(row?);
        }
    }
    Ok(cells)
}

/// Overwrites one sealed value.
pub fn replace(tx: &Tx<'_>, cell: &SealedCell, sealed: &[u8]) -> Result<(), Error> {
    let id_column = SEALED_COLUMNS
        .iter()
        .find(|(t, _, c)| *t == cell.table && *c == cell.column)
        .map_or("id", |(_, id, _)| *id);
    tx.0.execute(
        &format!(
            "UPDATE {} SET {} = ?1 WHERE {id_column} = ?2",
            cell.table, cell.column
        ),
        params![sealed, cell.id],
    )?;
    Ok(())
}
