//! What the screen needs of the list on a large store without reading every case:
//! how many cases there are, the first rows (by reference, the default order) and
//! the cached rule codes of just those rows before the first frame, and one case's
//! row after a write.

use super::sql::{Connection, OptionalExtension};

use super::StoreError;
use super::error::db;
use super::flags::{CachedFlags, cached_row};
use super::reads::query;
use super::rows::summary_from_row;
use crate::domain::{CaseId, CaseSummary};

pub(crate) fn case_count(conn: &Connection) -> Result<usize, StoreError> {
    let count: i64 = conn
        .prepare_cached("SELECT count(*) FROM cases")
        .and_then(|mut s| s.query_row((), |row| row.get(0)))
        .map_err(db)?;
    Ok(usize::try_from(count).unwrap_or(0))
}

/// How many cases there are, counted no further than `limit` (what the first frame
/// needs to know costs only that many index entries).
pub(crate) fn case_count_up_to(conn: &Connection, limit: usize) -> Result<usize, StoreError> {
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let count: i64 = conn
        .prepare_cached("SELECT count(*) FROM (SELECT 1 FROM cases LIMIT ?1) AS first_cases")
        .and_then(|mut s| s.query_row([limit], |row| row.get(0)))
        .map_err(db)?;
    Ok(usize::try_from(count).unwrap_or(0))
}

/// Whether the store holds any case, asset or audit row (a store that holds none
/// is empty: what `generate` and `migrate` fill).
pub(crate) fn holds_rows(conn: &Connection) -> Result<bool, StoreError> {
    let rows: i64 = conn
        .query_row(
            "SELECT (SELECT count(*) FROM cases) + (SELECT count(*) FROM assets)
                  + (SELECT count(*) FROM audit_log)",
            (),
            |row| row.get(0),
        )
        .map_err(db)?;
    Ok(rows != 0)
}

/// The length in bytes of the longest reference (read from the reference index).
pub(crate) fn longest_reference(conn: &Connection) -> Result<usize, StoreError> {
    let longest: i64 = conn
        .prepare_cached("SELECT coalesce(max(octet_length(reference)), 0) FROM cases")
        .and_then(|mut s| s.query_row((), |row| row.get(0)))
        .map_err(db)?;
    Ok(usize::try_from(longest).unwrap_or(0))
}

/// The first `limit` cases by reference, with their last activity.
pub(crate) fn first_summaries(
    conn: &Connection,
    limit: usize,
) -> Result<Vec<CaseSummary>, StoreError> {
    let sql = format!("{SUMMARIES} LIMIT ?1");
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let mut statement = conn.prepare_cached(&sql).map_err(db)?;
    let rows = statement.query_map([limit], summary_from_row).map_err(db)?;
    rows.collect::<Result<_, _>>().map_err(db)
}

/// One case's list row, as the whole list would give it (after a write, the row
/// that changed, without reading the others).
pub(crate) fn case_summary(conn: &Connection, id: CaseId) -> Result<CaseSummary, StoreError> {
    conn.prepare_cached(SUMMARY_OF)
        .and_then(|mut s| s.query_row([id], summary_from_row).optional())
        .map_err(db)?
        .ok_or_else(|| StoreError::NoSuchCase(format!("#{id}")))
}

/// The cached rule codes of the cases in `ids` that have a row.
pub(crate) fn cached_flags_for(
    conn: &Connection,
    ids: &[CaseId],
) -> Result<Vec<CachedFlags>, StoreError> {
    let mut out = Vec::with_capacity(ids.len());
    // SQLite's default limit on bound parameters is far above a screenful; chunk
    // anyway so any number of ids works.
    for chunk in ids.chunks(500) {
        let marks = vec!["?"; chunk.len()].join(",");
        let sql =
            format!("SELECT case_id, codes, recheck_at FROM case_flags WHERE case_id IN ({marks})");
        let mut statement = conn.prepare(&sql).map_err(db)?;
        let rows = statement.query_map(chunk, cached_row).map_err(db)?;
        for row in rows {
            out.push(row.map_err(db)?);
        }
    }
    Ok(out)
}

/// The titles of the cases in `ids` (those the store holds), in no particular order.
pub(crate) fn case_titles(
    conn: &Connection,
    ids: &[CaseId],
) -> Result<Vec<(CaseId, String)>, StoreError> {
    let mut out = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(500) {
        let marks = vec!["?"; chunk.len()].join(",");
        let sql = format!("SELECT id, title FROM cases WHERE id IN ({marks})");
        let mut statement = conn.prepare(&sql).map_err(db)?;
        let rows = statement
            .query_map(chunk, |row| Ok((row.get(0)?, row.get(1)?)))
            .map_err(db)?;
        for row in rows {
            out.push(row.map_err(db)?);
        }
    }
    Ok(out)
}

/// The list row's columns (as `summary_from_row` decodes them) from `cases c`; the
/// queries below add their order or condition. `untitled` reads an empty title in
/// place of each case's own.
macro_rules! summary_select {
    () => {
        summary_select!("c.title")
    };
    (untitled) => {
        summary_select!("''")
    };
    ($title:literal) => {
        concat!(
            "SELECT c.id, c.reference, ",
            $title,
            " AS title, c.category, c.severity, c.status,
                c.owner, c.opened_at, coalesce(c.last_activity, c.opened_at) AS last_activity
         FROM cases c"
        )
    };
}

/// Every case as a list row, in reference order.
pub(crate) const SUMMARIES: &str = concat!(summary_select!(), " ORDER BY c.reference");

/// Every case as a list row, in id order: the table's own order, read as a scan
/// (a million rows in about a quarter of the time the reference index takes, which
/// costs a table lookup per row).
pub(crate) const SUMMARIES_BY_ID: &str = concat!(summary_select!(), " ORDER BY c.id");

/// [`SUMMARIES_BY_ID`] without the titles: a large list keeps none, and shows the
/// titles of the rows on screen from [`case_titles`] or the search corpus.
pub(crate) const UNTITLED_BY_ID: &str = concat!(summary_select!(untitled), " ORDER BY c.id");

/// One case's list row, by id.
pub(crate) const SUMMARY_OF: &str = concat!(summary_select!(), " WHERE c.id = ?1");

pub(crate) fn case_summaries(conn: &Connection) -> Result<Vec<CaseSummary>, StoreError> {
    query(conn, SUMMARIES, (), summary_from_row)
}

/// Every list row in id order (not the list's: see [`SUMMARIES_BY_ID`]), handed
/// over one at a time; with an empty title each when not `titled`.
pub(crate) fn each_case_summary(
    conn: &Connection,
    titled: bool,
    mut take: impl FnMut(CaseSummary),
) -> Result<(), StoreError> {
    let sql = if titled {
        SUMMARIES_BY_ID
    } else {
        UNTITLED_BY_ID
    };
    let mut statement = conn.prepare_cached(sql).map_err(db)?;
    let mut rows = statement.query(()).map_err(db)?;
    while let Some(row) = rows.next().map_err(db)? {
        take(summary_from_row(&row).map_err(db)?);
    }
    Ok(())
}
