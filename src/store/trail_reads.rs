//! The lean read `check` evaluates: each case as a [`TrailRecord`], only the columns
//! the rules read (no free text, bookkeeping, asset details or references), loaded
//! like full records a range of case ids at a time.

use std::collections::HashMap;

use super::sql::{Connection, Param, Params, Row, Value};

use super::StoreError;
use super::codec::RowExt;
use super::reads::{each_run, query};
use crate::domain::{CaseId, TrailEntry, TrailRecord};

/// Which cases a read takes: an id range, or a list of ids (one query per table
/// either way, so a chunk of scattered cases costs about what a range does).
#[derive(Clone, Copy)]
enum Cases<'a> {
    Range(CaseId, CaseId),
    Ids(&'a [CaseId]),
}

impl<'a> Cases<'a> {
    /// `sql` with `{cases}` replaced by the condition on the case id column. On
    /// PostgreSQL a list of ids is one array parameter: the server plans a long
    /// `IN (…)` list as a scan of the whole table, an array as index lookups.
    fn sql(self, sql: &str, pg: bool) -> String {
        let condition = match self {
            Cases::Range(..) => "BETWEEN ?1 AND ?2".to_owned(),
            Cases::Ids(_) if pg => "= ANY(?1)".to_owned(),
            Cases::Ids(ids) => {
                // Anonymous markers, bound in order: a numbered marker per id was a
                // `format!` per id, 2.4% of `check` on a store whose references
                // interleave its ids.
                let mut marks = "?,".repeat(ids.len());
                marks.pop();
                format!("IN ({marks})")
            }
        };
        sql.replace("{cases}", &condition)
    }

    fn params(&self, pg: bool) -> Bound<'a> {
        match *self {
            Cases::Range(first, last) => Bound::List(vec![first, last]),
            Cases::Ids(ids) if pg => Bound::Array(ids),
            Cases::Ids(ids) => Bound::List(ids.to_vec()),
        }
    }
}

/// The parameters of a read: the ids one by one, or (PostgreSQL) as one array.
enum Bound<'a> {
    List(Vec<CaseId>),
    Array(&'a [CaseId]),
}

impl Params for &Bound<'_> {
    fn values(&self) -> Vec<Value<'_>> {
        match self {
            Bound::List(ids) => ids.iter().map(Param::value).collect(),
            Bound::Array(ids) => vec![Value::Ints(ids)],
        }
    }
}

const CASES: &str = "SELECT id, reference, reporter, category, status, root_cause, opened_at
                     FROM cases WHERE id {cases} ORDER BY id";
const LINKS: &str = "SELECT case_id, asset_id, relation FROM case_assets
                     WHERE case_id {cases} ORDER BY rowid";
const ENTRIES: &str = "SELECT case_id, id, occurred_at, kind, actor, summary, asset_id, fields
                       FROM entries WHERE case_id {cases}
                       ORDER BY case_id, occurred_at, id";
const EVIDENCE: &str = "SELECT case_id, id, entry_id FROM evidence
                        WHERE case_id {cases} ORDER BY case_id, id";

/// The trail records of the cases whose ids lie in `first..=last`, in id order.
pub(crate) fn trails_in_range(
    conn: &Connection,
    first: CaseId,
    last: CaseId,
) -> Result<Vec<TrailRecord>, StoreError> {
    trails_of(conn, Cases::Range(first, last))
}

/// The trail records of the cases in `ids` (unknown ids skipped), in id order. At
/// most [`MAX_IDS`] at a time.
pub(crate) fn trails_for(
    conn: &Connection,
    ids: &[CaseId],
) -> Result<Vec<TrailRecord>, StoreError> {
    let mut records = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(MAX_IDS) {
        records.extend(trails_of(conn, Cases::Ids(chunk))?);
    }
    Ok(records)
}

/// Ids bound in one query (SQLite allows 32,766 parameters).
const MAX_IDS: usize = 4_000;

fn trails_of(conn: &Connection, cases: Cases<'_>) -> Result<Vec<TrailRecord>, StoreError> {
    let pg = conn.is_pg();
    let range = cases.params(pg);
    let mut records = query(conn, &cases.sql(CASES, pg), &range, case_from_row)?;
    if let Cases::Ids(_) = cases {
        // The IN list is walked in id order, but say so rather than rely on it.
        records.sort_by_key(|record| record.id);
    }
    let index: HashMap<CaseId, usize> = records
        .iter()
        .enumerate()
        .map(|(position, record)| (record.id, position))
        .collect();
    let record_of = |case: CaseId| index.get(&case).copied();

    for (case, asset, relation) in query(conn, &cases.sql(LINKS, pg), &range, |row| {
        Ok((row.get::<_, CaseId>(0)?, row.get(1)?, row.label(2)?))
    })? {
        if let Some(position) = record_of(case) {
            records[position].links.push((asset, relation));
        }
    }
    each_run(
        conn,
        &cases.sql(ENTRIES, pg),
        &range,
        |row| Ok((row.get::<_, CaseId>(0)?, entry_from_row(row)?)),
        |(case, _)| *case,
        |case, run| match record_of(case) {
            Some(position) => take_run(&mut records[position].entries, run),
            None => run.clear(),
        },
    )?;
    each_run(
        conn,
        &cases.sql(EVIDENCE, pg),
        &range,
        |row| Ok((row.get::<_, CaseId>(0)?, (row.get(1)?, row.get(2)?))),
        |(case, _)| *case,
        |case, run| match record_of(case) {
            Some(position) => take_run(&mut records[position].evidence, run),
            None => run.clear(),
        },
    )?;
    Ok(records)
}

/// Move the values of a run of `(case, value)` rows to the end of `into`, growing it
/// once.
fn take_run<T>(into: &mut Vec<T>, run: &mut Vec<(CaseId, T)>) {
    into.reserve_exact(run.len());
    into.extend(run.drain(..).map(|(_, value)| value));
}

/// The trail record of one case.
pub(crate) fn case_trail(conn: &Connection, id: CaseId) -> Result<TrailRecord, StoreError> {
    trails_in_range(conn, id, id)?
        .pop()
        .ok_or_else(|| StoreError::NoSuchCase(format!("#{id}")))
}

/// `id, reference, reporter, category, status, root_cause, opened_at`.
fn case_from_row(row: &Row<'_>) -> crate::store::sql::SqlResult<TrailRecord> {
    Ok(TrailRecord {
        id: row.get(0)?,
        reference: row.get(1)?,
        reporter: row.get(2)?,
        category: row.label(3)?,
        status: row.label(4)?,
        root_cause: row.opt_label(5)?,
        opened_at: row.time(6)?,
        links: Vec::new(),
        entries: Vec::new(),
        evidence: Vec::new(),
    })
}

/// `id, occurred_at, kind, actor, summary, asset_id, fields` from column 1 on.
fn entry_from_row(row: &Row<'_>) -> crate::store::sql::SqlResult<TrailEntry> {
    Ok(TrailEntry {
        id: row.get(1)?,
        occurred_at: row.time(2)?,
        kind: row.label(3)?,
        actor: row.get(4)?,
        summary: row.get(5)?,
        asset_id: row.get(6)?,
        fields: row.json(7)?,
    })
}
