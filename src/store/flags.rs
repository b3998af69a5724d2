//! The cache of each case's rule codes. It is derived data: the rules can always
//! recompute it from the records, so it is not audited and `verify` ignores it.
//! Triggers (migration 3) delete a case's row in the same transaction as any change
//! to its records, so a row that exists was computed from the records as they are.
//! `recheck_at` says when the clock alone could change the codes (an exemption
//! expiring, a case going stale); `meta` records the rule settings the rows were
//! computed with.

use super::sql::{Connection, OptionalExtension, params};
use chrono::{DateTime, Utc};

use super::StoreError;
use super::codec::{RowExt, opt_time};
use super::error::db;
use crate::domain::CaseId;

/// The cached rule codes of one case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CachedFlags {
    pub case_id: CaseId,
    /// Space-separated rule codes, e.g. `NT001 NT015`; empty for a complete trail.
    pub codes: String,
    /// When the clock alone could change `codes`; `None` when only the records can.
    pub recheck_at: Option<DateTime<Utc>>,
}

/// One cached row as read: its codes are borrowed from the row, for the call only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CachedCodes<'a> {
    pub case_id: CaseId,
    pub codes: &'a str,
    pub recheck_at: Option<DateTime<Utc>>,
}

impl CachedFlags {
    /// This row as [`each_cached`] hands rows over.
    pub fn as_codes(&self) -> CachedCodes<'_> {
        CachedCodes {
            case_id: self.case_id,
            codes: &self.codes,
            recheck_at: self.recheck_at,
        }
    }
}

impl From<CachedCodes<'_>> for CachedFlags {
    fn from(row: CachedCodes<'_>) -> CachedFlags {
        CachedFlags {
            case_id: row.case_id,
            codes: row.codes.to_owned(),
            recheck_at: row.recheck_at,
        }
    }
}

pub(crate) fn cached(conn: &Connection) -> Result<Vec<CachedFlags>, StoreError> {
    let mut rows = Vec::new();
    each_cached(conn, |row| rows.push(row.into()))?;
    Ok(rows)
}

/// Every cached row, in case-id order, handed to `take` one at a time without
/// copying its codes (a million rows: no million strings).
pub(crate) fn each_cached(
    conn: &Connection,
    mut take: impl FnMut(CachedCodes<'_>),
) -> Result<(), StoreError> {
    let mut statement = conn
        .prepare_cached("SELECT case_id, codes, recheck_at FROM case_flags ORDER BY case_id")
        .map_err(db)?;
    let mut rows = statement.query(()).map_err(db)?;
    while let Some(row) = rows.next().map_err(db)? {
        take(CachedCodes {
            case_id: row.get(0).map_err(db)?,
            codes: row.str(1).map_err(db)?,
            recheck_at: row.opt_time(2).map_err(db)?,
        });
    }
    Ok(())
}

/// `case_id, codes, recheck_at` of `case_flags` as a [`CachedFlags`].
pub(crate) fn cached_row(
    row: &crate::store::sql::Row<'_>,
) -> crate::store::sql::SqlResult<CachedFlags> {
    Ok(CachedFlags {
        case_id: row.get(0)?,
        codes: row.get(1)?,
        recheck_at: row.opt_time(2)?,
    })
}

pub(crate) fn put(conn: &Connection, flags: &[CachedFlags]) -> Result<(), StoreError> {
    let mut statement = conn
        .prepare_cached(
            "INSERT INTO case_flags (case_id, codes, recheck_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (case_id) DO UPDATE SET codes = excluded.codes,
                                                 recheck_at = excluded.recheck_at",
        )
        .map_err(db)?;
    for row in flags {
        statement
            .execute(params![row.case_id, row.codes, opt_time(row.recheck_at)])
            .map_err(db)?;
    }
    Ok(())
}

pub(crate) fn clear(conn: &Connection) -> Result<(), StoreError> {
    conn.execute("DELETE FROM case_flags", ()).map_err(db)?;
    Ok(())
}

pub(crate) fn meta(conn: &Connection, key: &str) -> Result<Option<String>, StoreError> {
    conn.query_row("SELECT value FROM meta WHERE key = ?1", [key], |row| {
        row.get(0)
    })
    .optional()
    .map_err(db)
}

pub(crate) fn set_meta(conn: &Connection, key: &str, value: &str) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )
    .map_err(db)?;
    Ok(())
}
