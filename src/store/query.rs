//! Running a prepared query over case ids: collected, or handed over a case at a time.

use super::sql::{Connection, Params, Row};

use super::StoreError;
use super::error::db;
use crate::domain::CaseId;

/// Every row of `sql` with `params`, mapped.
pub(crate) fn query<T>(
    conn: &Connection,
    sql: &str,
    params: impl Params,
    map: impl FnMut(&Row<'_>) -> crate::store::sql::SqlResult<T>,
) -> Result<Vec<T>, StoreError> {
    let mut statement = conn.prepare_cached(sql).map_err(db)?;
    let rows = statement.query_map(params, map).map_err(db)?;
    rows.collect::<Result<Vec<T>, _>>().map_err(db)
}

/// Like [`query`] for rows that come grouped by case (`case_of`): each run of
/// values of one case is handed to `take`, which empties it.
pub(crate) fn each_run<T>(
    conn: &Connection,
    sql: &str,
    params: impl Params,
    mut map: impl FnMut(&Row<'_>) -> crate::store::sql::SqlResult<T>,
    case_of: impl Fn(&T) -> CaseId,
    mut take: impl FnMut(CaseId, &mut Vec<T>),
) -> Result<(), StoreError> {
    let mut statement = conn.prepare_cached(sql).map_err(db)?;
    let mut rows = statement.query(params).map_err(db)?;
    let mut run: Vec<T> = Vec::new();
    while let Some(row) = rows.next().map_err(db)? {
        let value = map(&row).map_err(db)?;
        if let Some(last) = run.last() {
            let case = case_of(last);
            if case != case_of(&value) {
                take(case, &mut run);
                run.clear();
            }
        }
        run.push(value);
    }
    if let Some(last) = run.last() {
        take(case_of(last), &mut run);
    }
    Ok(())
}
